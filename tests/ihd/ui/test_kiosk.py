"""A kiosk as the tenant and the operator meet it: Settings and leaving behind the
operator PIN, the credit alert on every page with a sound that can be silenced, night
dimming that a touch wakes (without pressing what it touched), and the slow drift."""

from __future__ import annotations

from datetime import UTC, datetime
from datetime import time as clock_time

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget

from bridge.model import GBP, CreditStatus, Fuel, MeterIdentity, Money, PrepaymentState
from ihd.kiosk.lock import OperatorLock
from ihd.kiosk.pin import hash_pin
from ihd.ui.main_window import PAGES, MainWindow
from ihd.ui.screen_care import ScreenCare
from ihd.ui.state import DisplayState
from tests.ihd.ui.conftest import settle

PIN = "2468"
HASH = hash_pin(PIN, salt=b"0123456789abcdef")
METER = MeterIdentity("00:0d:6f:00:0b:00:00:01", 1, Fuel.ELECTRICITY)
AT = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)
OK = CreditStatus.CREDIT_OK | CreditStatus.EMERGENCY_CREDIT_ENABLED


async def _no_top_up(code):  # the kiosk tests never send a code
    raise AssertionError("not expected")


async def _no_confirm(meter, message_id):
    raise AssertionError("not expected")


async def _no_series(*args):
    return []


@pytest.fixture
def kiosk(qtbot):
    state = DisplayState(daily_budget=Money.of("3.00", GBP))
    sounds: list[int] = []
    window = MainWindow(state, send_top_up=_no_top_up, confirm=_no_confirm,
                        load_series=_no_series, choose_demo=lambda: None,
                        set_budget=lambda m: None, sound=lambda: sounds.append(1))
    qtbot.addWidget(window)
    window.enable_kiosk(OperatorLock(HASH))
    window.resize(1280, 800)
    window.show()
    return window, state, sounds


def tap(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_pin(qtbot, window, pin):
    for digit in pin:
        tap(qtbot, window.pin_page.keys[digit])
    tap(qtbot, window.pin_page.enter_button)


def prepay(credit: str, status: CreditStatus, emergency: str = "10.00") -> PrepaymentState:
    return PrepaymentState(METER, AT, "t", Money.of(credit), Money.of(emergency),
                           Money.of("0"), status, low_credit_warning=Money.of("5.00"))


def test_settings_need_the_operator_pin_and_lock_again_on_leaving(kiosk, qtbot):
    window, _, _ = kiosk
    tap(qtbot, window.nav_buttons["settings"])
    assert window.current_page() == "operator-pin"
    # No page button looks selected behind the PIN pad.
    assert not any(b.isChecked() for b in window.nav_buttons.values())
    type_pin(qtbot, window, "1111")
    assert window.current_page() == "operator-pin"
    assert window.pin_page.result.text().startswith("Wrong PIN")
    type_pin(qtbot, window, PIN)
    assert window.current_page() == "settings"
    tap(qtbot, window.nav_buttons["now"])
    tap(qtbot, window.nav_buttons["settings"])
    assert window.current_page() == "operator-pin"  # locked again once left
    tap(qtbot, window.pin_page.cancel_button)
    assert window.current_page() == "now"


def test_the_pin_can_be_typed_and_is_never_shown(kiosk, qtbot):
    window, _, _ = kiosk
    window.show_page("settings")
    qtbot.keyClicks(window.pin_page, "24")
    assert window.pin_page.entered.text() == "●●"
    qtbot.keyClicks(window.pin_page, "68")
    qtbot.keyClick(window.pin_page, Qt.Key.Key_Return)
    assert window.current_page() == "settings"


def test_closing_a_kiosk_asks_for_the_pin_and_only_then_closes(kiosk, qtbot):
    window, _, _ = kiosk
    window.close()
    assert window.isVisible()  # a tenant cannot close it
    assert window.current_page() == "operator-pin"
    type_pin(qtbot, window, PIN)
    assert not window.isVisible()


async def test_low_credit_alert_on_every_page_sounds_once_and_can_be_silenced(kiosk, qtbot):
    window, state, sounds = kiosk
    state.apply(prepay("12.00", OK))
    await settle(0.2)
    assert not window.credit_alert.isVisible() and sounds == []
    state.apply(prepay("3.40", OK | CreditStatus.LOW_CREDIT))
    await settle(0.2)
    for page in ("now", "history", "tariff", "balance", "topup", "messages"):
        window.show_page(page)
        assert window.credit_alert.isVisible()
    assert window.credit_alert.text.text() == "⚠ Low credit: £3.40 left. Top up soon."
    assert sounds == [1]
    tap(qtbot, window.credit_alert.silence_button)
    assert not window.credit_alert.silence_button.isVisible()
    state.apply(prepay("3.10", OK | CreditStatus.LOW_CREDIT))
    await settle(0.2)
    assert sounds == [1] and window.credit_alert.isVisible()  # quiet, still shown
    state.apply(prepay("0", OK | CreditStatus.EMERGENCY_CREDIT_SELECTED
                       | CreditStatus.EMERGENCY_CREDIT_IN_USE, emergency="8.20"))
    await settle(0.2)
    assert sounds == [1, 1]  # worse: heard again
    assert "emergency credit: £8.20 left" in window.credit_alert.text.text()
    tap(qtbot, window.credit_alert.top_up_button)
    assert window.current_page() == "topup"
    state.apply(prepay("10.00", OK))
    await settle(0.2)
    assert not window.credit_alert.isVisible()


class Clocks:
    def __init__(self) -> None:
        self.local = datetime(2026, 11, 25, 23, 15)
        self.mono = 5000.0


def test_night_dimming_wakes_on_a_touch_that_presses_nothing(kiosk, qtbot):
    window, _, _ = kiosk
    clocks = Clocks()
    care = ScreenCare(window, dim_from=clock_time(22, 30), dim_until=clock_time(6, 45),
                      dim_level=0.2, wake_s=120, shift_px=6, shift_every_s=180,
                      local_now=lambda: clocks.local, monotonic=lambda: clocks.mono)
    assert care.dimmed and care.overlay.alpha == 204
    assert care.overlay.geometry() == window.rect()
    tap(qtbot, window.nav_buttons["history"])
    assert not care.dimmed
    assert window.current_page() == "now"  # the waking touch pressed nothing
    tap(qtbot, window.nav_buttons["history"])
    assert window.current_page() == "history"  # awake: touches work
    clocks.mono += 121
    care.update()
    assert care.dimmed  # left alone: dims again
    clocks.local = datetime(2026, 11, 26, 7, 0)
    care.update()
    assert not care.dimmed  # morning


def test_the_picture_drifts_slowly(kiosk):
    window, _, _ = kiosk
    clocks = Clocks()
    clocks.local = datetime(2026, 11, 25, 12, 0)
    care = ScreenCare(window, dim_from=None, dim_until=None, shift_px=6, shift_every_s=180,
                      local_now=lambda: clocks.local, monotonic=lambda: clocks.mono)
    layout = window.centralWidget().layout()
    first = layout.contentsMargins()
    margins = [(first.left(), first.top())]
    for _ in range(12):
        clocks.mono += 180
        care.update()
        m = layout.contentsMargins()
        margins.append((m.left(), m.top()))
        assert 0 <= m.left() <= 12 and 0 <= m.top() <= 12
        assert m.left() + m.right() == 12 and m.top() + m.bottom() == 12  # size kept
    assert len(set(margins)) > 6


def test_every_kiosk_control_has_an_accessible_name(kiosk):
    window, _, _ = kiosk
    from PySide6.QtWidgets import QPushButton

    buttons = (window.pin_page.findChildren(QPushButton)
               + window.credit_alert.findChildren(QPushButton))
    assert buttons and all(b.accessibleName() for b in buttons)
    assert set(PAGES) == set(window.nav_buttons)


SCREENS = ((800, 480), (1024, 600), (1280, 800))  # 7-inch Pi, kiosk panel, tablet/PC


def _kiosk_window(qtbot, theme_name, size):
    state = DisplayState(daily_budget=Money.of("3.00", GBP))
    window = MainWindow(state, send_top_up=_no_top_up, confirm=_no_confirm,
                        load_series=_no_series, choose_demo=lambda: None,
                        set_budget=lambda m: None, theme_name=theme_name)
    qtbot.addWidget(window)
    window.enable_kiosk(OperatorLock(HASH))
    window.fit_to(*size, reserve_px=8)
    window.show()
    state.apply(prepay("0", OK | CreditStatus.EMERGENCY_CREDIT_SELECTED
                       | CreditStatus.EMERGENCY_CREDIT_IN_USE, emergency="8.20"))
    state._emit()
    return window


@pytest.mark.parametrize(("theme_name", "size"), [
    ("standard", s) for s in SCREENS] + [("high-contrast", s) for s in SCREENS[1:]]
    + [("large", SCREENS[2])])
def test_every_page_fits_the_screen_with_the_alert_showing(qtbot, theme_name, size):
    window = _kiosk_window(qtbot, theme_name, size)
    assert window.credit_alert.isVisible()
    assert window.needed_height() + 8 <= size[1]
    assert window.size().height() == size[1]


@pytest.mark.parametrize(("theme_name", "size"), [
    ("large", SCREENS[0]), ("large", SCREENS[1]), ("high-contrast", SCREENS[0])])
async def test_where_a_page_cannot_fit_it_scrolls_and_large_text_stays_large(
        qtbot, theme_name, size):
    """Large type with 44 px targets needs more height than small screens have: the page
    scrolls rather than being cut off, and large text is not shrunk to standard size."""
    window = _kiosk_window(qtbot, theme_name, size)
    # Content taller than the screen (every page fits these sizes as it is today, with
    # the alert showing: the Now page's ambient field steps back for it).
    tall = QWidget()
    tall.setMinimumHeight(size[1])
    window.pages["balance"].layout().addWidget(tall)
    assert window.size().height() == size[1]  # never taller than the screen
    if theme_name == "large":
        standard = _kiosk_window(qtbot, "standard", size)
        assert window.font_scale() >= 1.15 * standard.font_scale() - 1e-9
    cut_off = 0
    for name in PAGES:
        window.show_page(name)
        await settle(0.05)
        page, holder = window.pages[name], window.stack.holder(window.pages[name])
        hidden = page.minimumSizeHint().height() - holder.viewport().height()
        if hidden > 0:
            cut_off += 1
            assert holder.verticalScrollBar().maximum() >= hidden, name  # all reachable
            holder.verticalScrollBar().setValue(holder.verticalScrollBar().maximum())
            await settle(0.05)
            bottom = page.mapTo(holder.viewport(), QPoint(0, page.height())).y()
            assert bottom <= holder.viewport().height(), name  # the last line can be seen
    assert cut_off >= 1  # the case this test is about did happen


def test_a_tenant_chooses_large_text_or_high_contrast_without_the_pin(kiosk, qtbot):
    from ihd.ui.display_card import DisplayCard

    window, _, _ = kiosk
    languages: list[str] = []
    card = DisplayCard(theme="standard", language="en", set_theme=window.set_theme,
                       set_language=languages.append)
    window.set_look_card(card)
    window.fit_to(1280, 800)
    tap(qtbot, window.look_button)
    assert window.current_page() == "look"  # no operator PIN for this one
    assert window.look_button.isChecked()
    assert not any(b.isChecked() for b in window.nav_buttons.values())
    assert card.theme_buttons["standard"].isChecked()
    tap(qtbot, card.theme_buttons["high-contrast"])
    assert window.theme_name == "high-contrast"
    assert "background: #000000" in window.styleSheet()
    assert window.needed_height() <= 800  # still fits after the change
    tap(qtbot, card.theme_buttons["large"])
    assert window.theme_name == "large" and "#10161d" in window.styleSheet()
    assert [k for k, b in card.theme_buttons.items() if b.isChecked()] == ["large"]
    tap(qtbot, card.language_buttons["cy"])
    assert languages == ["cy"]
    assert "next starts" in card.note.text()
    assert window.look_button.accessibleName() == "Text size, contrast and language"
    tap(qtbot, window.nav_buttons["settings"])
    assert window.current_page() == "operator-pin"  # Settings still need the PIN
