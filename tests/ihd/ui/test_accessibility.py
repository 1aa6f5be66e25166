"""Accessibility a person relies on: names for screen readers, contrast, the keyboard."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QListWidget, QWidget

from bridge.model import GBP, Money
from ihd.ui import theme
from ihd.ui.display_card import DisplayCard
from ihd.ui.main_window import PAGES, MainWindow
from ihd.ui.operator_card import OperatorCard
from ihd.ui.state import DisplayState
from ihd.ui.stick_card import StickCard


async def _nothing(*_args):
    return []


@pytest.fixture
def window(qtbot):
    state = DisplayState(daily_budget=Money.of("5", GBP))
    win = MainWindow(state, send_top_up=_nothing, confirm=_nothing, load_series=_nothing,
                     choose_demo=lambda: None, set_budget=lambda m: None,
                     find_bridges=_nothing, pair_bridge=_nothing, start_device=_nothing)
    # The cards the app adds to Settings (ihd.display_app), as the person sees them.
    settings = win.pages["settings"]
    settings.add_card(StickCard(find=_nothing, join=_nothing, use_coordinator=_nothing))
    win.set_look_card(DisplayCard(theme="standard", language="en",
                                  set_theme=lambda n: None, set_language=lambda c: None))
    settings.add_card(OperatorCard(wipe=_nothing, leave=lambda: None,
                                   config_problems=["kiosk.toml:3: a problem"]))
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    return win


def _interactive(root: QWidget) -> list[QWidget]:
    return [w for w in root.findChildren(QWidget)
            if isinstance(w, QAbstractButton | QLineEdit | QListWidget)]


def test_every_interactive_widget_on_every_page_has_an_accessible_name(window):
    for page in PAGES:
        window.show_page(page)
        unnamed = [w for w in _interactive(window.pages[page])
                   if not w.accessibleName() and not (isinstance(w, QAbstractButton)
                                                     and w.text().strip())]
        assert not unnamed, f"{page}: {[type(w).__name__ for w in unnamed]}"
    assert all(b.accessibleName() for b in window.nav_buttons.values())


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("name", sorted(theme.THEMES))
def test_theme_text_and_background_pairs_meet_wcag_aa(name):
    c, _ = theme.THEMES[name]
    pairs = [(c.text, c.background), (c.text, c.surface), (c.muted, c.background),
             (c.muted, c.surface), (c.warning_text, c.warning_bg), (c.text, c.checked_bg),
             (c.text, c.primary_bg), (c.text, c.bar_chunk), (c.text, c.surface)]
    pairs += [(text, background) for background, _, text in theme.AMBIENT.values()]
    for text, background in pairs:
        assert contrast(text, background) >= 4.5, (name, text, background)
    # Focus rings and selection must stand out from what they sit on (WCAG 1.4.11, 3:1).
    assert contrast(c.accent, c.background) >= 3.0
    assert contrast(c.accent, c.surface) >= 3.0


def test_the_contrast_formula_is_the_wcag_one():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def _stops_without_visible_focus(reached: set[QWidget]) -> list[str]:
    """Tab stops that are not a control with a focus style: e.g. a page's scroll area,
    which would take a Tab press with nothing on screen to say where the focus went."""
    return [type(w).__name__ for w in reached
            if not isinstance(w, QAbstractButton | QLineEdit | QListWidget)]


def test_the_keyboard_reaches_every_control_on_the_page(window, qtbot):
    window.show_page("topup")
    page = window.pages["topup"]
    wanted = {w for w in _interactive(page) if w.isEnabled() and w.isVisible()}
    window.activateWindow()
    window.nav_buttons["topup"].setFocus()
    reached = set()
    for _ in range(120):  # press Tab as a keyboard user would
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.add(QApplication.focusWidget())
    assert wanted <= reached, [w.accessibleName() or w.text() for w in wanted - reached]
    assert not _stops_without_visible_focus(reached)
    css = theme.STYLE
    for kind in ("QPushButton", "QLineEdit", "QListWidget"):
        assert re.search(kind + r":focus \{[^}]*border", css), kind


def test_a_code_can_be_typed_on_a_keyboard_as_well_as_tapped(window, qtbot):
    window.show_page("topup")
    page = window.pages["topup"]
    window.activateWindow()
    page.keys["5"].setFocus()
    qtbot.keyClicks(QApplication.focusWidget(), "1234")
    assert page.digits == "1234"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backspace)
    assert page.digits == "123"


def test_the_keyboard_reaches_every_control_in_settings(window, qtbot):
    window.show_page("settings")
    page = window.pages["settings"]
    wanted = {w for w in _interactive(page) if w.isEnabled() and w.isVisibleTo(page)}
    assert len(wanted) >= 20
    window.activateWindow()
    window.nav_buttons["settings"].setFocus()
    reached = set()
    for _ in range(200):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.add(QApplication.focusWidget())
    missed = wanted - reached
    assert not missed, [w.accessibleName() or w.text() for w in missed]
    assert not _stops_without_visible_focus(reached)


def test_the_keyboard_reaches_every_page_button(window, qtbot):
    window.show_page("now")
    window.activateWindow()
    window.nav_buttons["now"].setFocus()
    reached = set()
    for _ in range(200):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.add(QApplication.focusWidget())
    missed = {*window.nav_buttons.values(), window.look_button} - reached
    assert not missed, [w.text() for w in missed]
    assert not _stops_without_visible_focus(reached)


def test_one_page_button_is_always_shown_selected(window, qtbot):
    for _ in range(2):  # tapping the page you are on keeps it selected
        qtbot.mouseClick(window.nav_buttons["tariff"], Qt.MouseButton.LeftButton)
        assert [n for n, b in window.nav_buttons.items() if b.isChecked()] == ["tariff"]
    qtbot.keyClick(window.nav_buttons["history"], Qt.Key.Key_Space)  # keyboard press
    assert [n for n, b in window.nav_buttons.items() if b.isChecked()] == ["history"]
    assert window.current_page() == "history"


def test_the_keyboard_reaches_every_look_choice(window, qtbot):
    window.show_page("look")
    wanted = {w for w in _interactive(window.look_page) if w.isEnabled()}
    assert len(wanted) == 5  # three themes, two languages
    window.look_button.setFocus()
    reached = set()
    for _ in range(60):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.add(QApplication.focusWidget())
    assert wanted <= reached
