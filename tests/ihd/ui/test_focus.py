"""A focus ring shows where the keyboard is, and only then: the display opens with none
(Qt gave the Now button a dashed ring, two page buttons looking chosen, in every
screenshot), a tap leaves none, and Tab still shows the way round."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from bridge.model import GBP, Money
from ihd.ui.main_window import MainWindow
from ihd.ui.state import DisplayState
from tests.ihd.ui.conftest import settle


def _focused_control() -> QPushButton | None:
    widget = QApplication.focusWidget()
    return widget if isinstance(widget, QPushButton) else None


async def test_no_focus_ring_until_the_keyboard_is_used(qtbot) -> None:
    window = MainWindow(DisplayState(daily_budget=Money.of("3.00", GBP)), send_top_up=None,
                        confirm=None, load_series=None,  # type: ignore[arg-type]
                        choose_demo=lambda: None, set_budget=lambda m: None)
    qtbot.addWidget(window)
    window.resize(1024, 600)
    window.show()
    qtbot.waitExposed(window)
    await settle(0.1)
    assert _focused_control() is None  # opened: only the chosen page's button stands out
    qtbot.mouseClick(window.nav_buttons["history"], Qt.MouseButton.LeftButton)
    await settle(0.1)
    assert window.current_page() == "history" and window.nav_buttons["history"].isChecked()
    assert _focused_control() is None  # a tap chooses; it leaves no ring behind
    qtbot.keyClick(window, Qt.Key.Key_Tab)
    await settle(0.1)
    assert _focused_control() is window.nav_buttons["now"]  # the keyboard's way round
    qtbot.keyClick(_focused_control(), Qt.Key.Key_Tab)
    assert _focused_control() is window.nav_buttons["history"]
