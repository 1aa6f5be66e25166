"""A display whose computer clock is wrong still draws the meter's day and tariff band:
the comms hub's Time cluster (UTC and the home's zone) is the clock that counts (in GB
the hub's time is managed from the WAN). The real window, the simulated home through
zigpy and a real SQLite file, as in test_display."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bridge.model import GBP, Money
from bridge.sources.sim import SimSource
from ihd.controller import Controller
from ihd.history.store import HistoryStore
from ihd.ui.main_window import MainWindow
from ihd.ui.state import DisplayState
from tests.ihd.ui.conftest import wait_until

# 23:40 in London on 15 January: the Standard band (19:00-24:00, 24.50p). An hour later
# it is the 16th and Off-peak (13.50p): what a display on the computer's clock would show.
METER_TIME = datetime(2026, 1, 15, 23, 40, tzinfo=UTC)
COMPUTER_AHEAD = timedelta(hours=1)


@pytest.fixture
async def wrong_clock_display(qtbot, tmp_path: Path):
    source = SimSource(seed=1, speed=60, start=METER_TIME, solar=False,
                       computer_clock_error=COMPUTER_AHEAD)
    computer_clock = lambda: source.clock.now() + COMPUTER_AHEAD  # noqa: E731
    state = DisplayState(speed=60, daily_budget=Money.of("3.00", GBP),
                         wall_clock=computer_clock)
    store = HistoryStore(tmp_path / "history.sqlite3")
    controller = Controller(state, store, flush_s=0.2)
    window = MainWindow(state, send_top_up=controller.top_up,
                        confirm=controller.confirm_message, load_series=controller.load_series,
                        choose_demo=lambda: None, set_budget=lambda m: None,
                        now=controller.now)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    await controller.attach(source)
    elec = lambda: state.electricity  # noqa: E731
    await wait_until(lambda: elec() is not None and elec().today is not None
                     and elec().price is not None)
    yield window, state, controller, store, computer_clock
    await controller.stop()
    store.close()


async def test_the_day_and_the_tariff_band_follow_the_meter_not_the_computer(
        wrong_clock_display):
    window, state, controller, store, computer_clock = wrong_clock_display
    assert computer_clock().date() == date(2026, 1, 16)  # the computer thinks it is the 16th
    now = controller.now()
    assert abs(now - (computer_clock() - COMPUTER_AHEAD)) < timedelta(minutes=1)
    elec = state.electricity
    assert elec is not None and elec.reading is not None and elec.today is not None
    # Readings are stamped on the meter's clock, and "today" is the meter's local day.
    assert elec.reading.timestamp.date() == date(2026, 1, 15)
    assert elec.today.start == datetime(2026, 1, 15, tzinfo=state.zone)
    assert store.period_total(elec.meter, "day", at=now).start.date() == date(2026, 1, 15)
    history = window.pages["history"]
    assert history.period_window()[0].date() == date(2026, 1, 15)  # type: ignore[attr-defined]
    # The band in force is the meter's evening Standard, not the computer's night Off-peak.
    window.show_page("tariff")
    tariff = window.pages["tariff"]
    assert tariff.now_band.text() == "Standard"  # type: ignore[attr-defined]
    assert tariff.now_price.text() == "24.50p per kWh"  # type: ignore[attr-defined]
    # The person is told, in words, that the computer's clock is off and which one counts.
    window.refresh_status()
    status = window.status.text()
    assert "This computer's clock is 1 h 0 min ahead of the meter's" in status
    assert f"Meter time {now.astimezone(state.zone):%H:}" in status
    assert "Meter time 00:" not in status


async def test_a_right_clock_is_not_reported_as_wrong(qtbot, tmp_path: Path):
    source = SimSource(seed=1, speed=60, start=METER_TIME, solar=False)
    state = DisplayState(speed=60, wall_clock=source.clock.now)
    controller = Controller(state, None, flush_s=0.2)
    await controller.attach(source)
    try:
        await wait_until(lambda: state.meter_clock is not None)
        assert state.clock_disagreement() is None
        assert str(state.zone) == "Europe/London"
    finally:
        await controller.stop()
