"""An idle display sleeps: with live data on the Now page nothing wakes it between the
meter's own reports, except for something that changes on screen (the clock's minute,
data turning stale, the data's age reaching its next minute)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from PySide6.QtCore import QTimer

from bridge.model import GBP, Fuel, MeterIdentity, MeterReading, Money
from ihd.ui.main_window import MainWindow
from ihd.ui.state import DisplayState
from tests.ihd.ui.conftest import settle, wait_until

ELEC = MeterIdentity("00:11:22:33:44:55:66:77", 1, Fuel.ELECTRICITY)
GAS = MeterIdentity("00:11:22:33:44:55:66:78", 0x7B, Fuel.GAS)
# Half a second past a minute on the computer's clock: the next minute is 59.5 s away.
WALL = datetime(2026, 1, 14, 18, 5, 0, 500_000, tzinfo=UTC)


def _window(qtbot, state: DisplayState) -> MainWindow:
    async def nothing(*_args: object) -> None:
        return None

    window = MainWindow(state, send_top_up=nothing, confirm=nothing,  # type: ignore[arg-type]
                        load_series=nothing, choose_demo=lambda: None,  # type: ignore[arg-type]
                        set_budget=lambda m: None)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    return window


def _armed(*owners: object) -> list[QTimer]:
    return [timer for owner in owners for timer in owner.findChildren(QTimer)  # type: ignore[attr-defined]
            if timer.isActive()]


async def test_an_idle_now_page_with_live_data_arms_no_timer_before_the_next_minute(qtbot):
    state = DisplayState(daily_budget=Money.of("3.00", GBP), wall_clock=lambda: WALL)
    window = _window(qtbot, state)
    state.apply(MeterReading(ELEC, WALL, "test", demand_kw=Decimal("0.42")))
    state.apply(MeterReading(GAS, WALL, "test", volume_delivered_m3=Decimal("1.000")))
    await wait_until(lambda: window.pages["now"].power.text() == "0.42 kW", 2)
    await settle(0.2)
    armed = _armed(window, state)
    # One single-shot timer: at the clock's next minute (59.5 s), before the electricity
    # data's 60 s to stale. Nothing repeats; nothing polls.
    assert [t.isSingleShot() for t in armed] == [True], [(t.interval(), t.parent()) for t in armed]
    assert 58_000 < armed[0].remainingTime() <= 59_600
    assert "updated just now" in window.status.text()


async def test_the_timer_is_armed_for_data_going_stale_at_the_demo_speed(qtbot):
    """At 60 simulated seconds a real second the minute of the clock is still the
    computer's, but the data is stale one real second after its last report."""
    state = DisplayState(speed=60, daily_budget=Money.of("3.00", GBP),
                         wall_clock=lambda: WALL)
    window = _window(qtbot, state)
    state.apply(MeterReading(ELEC, WALL, "test", demand_kw=Decimal("0.42")))
    await settle(0.1)
    (timer,) = _armed(window, state)
    assert timer.remainingTime() <= 1_050
    await wait_until(lambda: "Not live" in window.status.text(), 3)
    assert "updated 1 min ago" in window.status.text()
    await settle(0.1)  # the redraw it asked for
    # Stale: next is the age's next minute (one real second at this speed), not a tick.
    (timer,) = _armed(window, state)
    assert 500 < timer.remainingTime() <= 1_100


async def test_no_data_arms_only_the_clock_minute(qtbot):
    state = DisplayState(daily_budget=Money.of("3.00", GBP), wall_clock=lambda: WALL)
    window = _window(qtbot, state)
    await settle(0.1)
    (timer,) = _armed(window, state)
    assert 58_000 < timer.remainingTime() <= 59_600


async def test_a_report_after_a_quiet_spell_is_drawn_on_the_next_turn_of_the_loop(qtbot):
    """Redraws are throttled (a burst is drawn together), not delayed: a meter reporting
    every 10 s is on screen at once, and so is the first reading at start."""
    from PySide6.QtWidgets import QApplication

    state = DisplayState(daily_budget=Money.of("3.00", GBP), wall_clock=lambda: WALL)
    window = _window(qtbot, state)
    await settle(0.2)
    state.apply(MeterReading(ELEC, WALL, "test", demand_kw=Decimal("0.42")))
    QApplication.processEvents()  # one turn, no waiting
    assert window.pages["now"].power.text() == "0.42 kW"
    state.apply(MeterReading(ELEC, WALL, "test", demand_kw=Decimal("0.50")))
    await wait_until(lambda: window.pages["now"].power.text() == "0.50 kW", 1)
