"""A stick pulled out for a while and put back: the display's history has no hole. The
half hours missed while it was out come from the meter's own interval log (GetProfile)
once the stick is back, through the real HAN client on the virtual radio."""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bridge.model import GBP, ConnectionState, Fuel, Money
from bridge.sim.clock import SimClock
from bridge.sim.home import SimHome
from bridge.sim.radio import VirtualAir, register_air, unregister_air
from bridge.sources.zigbee_stick import VIRTUAL, ZigbeeStickSource
from ihd.controller import Controller
from ihd.history.store import HistoryStore
from ihd.ui.state import DisplayState
from tests.ihd.ui.conftest import wait_until

EVENING = datetime(2026, 1, 14, 18, 1, tzinfo=UTC)
SPEED = 1800  # one real second is half an hour on the meter's clock


async def test_half_hours_missed_while_the_stick_was_out_are_filled_from_the_meter(
        qapp, tmp_path: Path) -> None:
    air = VirtualAir()
    clock = SimClock(start=EVENING, speed=SPEED)
    home = SimHome(air, clock, seed=6, solar=False)
    path = register_air("gap-site", air)
    source = ZigbeeStickSource(VIRTUAL, path, discovery_timeout_s=10, clock=clock.now,
                               time_scale=SPEED)
    source.reopen_backoff_s = (0.2, 0.2)
    state = DisplayState(speed=SPEED, daily_budget=Money.of("3.00", GBP))
    store = HistoryStore(tmp_path / "history.sqlite3")
    controller = Controller(state, store, flush_s=0.2)
    try:
        await controller.attach(source)
        home.start()
        await wait_until(lambda: state.electricity is not None
                         and state.electricity.reading is not None)
        elec = state.electricity.meter
        assert elec.fuel == Fuel.ELECTRICITY

        air.pull_stick()
        await wait_until(lambda: state.status is not None
                         and state.status.state == ConnectionState.DISCONNECTED)
        out_from = clock.now()
        await asyncio.sleep(3.5)  # about 105 minutes on the meter's clock
        out_until = clock.now()
        air.plug_back()
        await wait_until(lambda: state.status is not None
                         and state.status.state == ConnectionState.CONNECTED, 10)

        # Whole half hours inside the time the stick was out.
        first = out_from.replace(minute=30 if out_from.minute >= 30 else 0, second=0,
                                 microsecond=0) + timedelta(minutes=30)
        gap = [first + timedelta(minutes=30 * n)
               for n in range(int((out_until - first).total_seconds() // 1800))]
        assert len(gap) >= 2, (out_from, out_until)

        def filled() -> bool:
            points = store.series(elec, gap[0], gap[-1] + timedelta(minutes=30), "half_hour")
            return all(p.energy_kwh is not None for p in points)

        await wait_until(filled, 10)
        points = store.series(elec, gap[0], gap[-1] + timedelta(minutes=30), "half_hour")
        assert [p.start for p in points] == gap
        assert all(0 < (p.energy_kwh or 0) < 10 for p in points)  # a household's half hour
    finally:
        await controller.stop()
        await home.stop()
        store.close()
        unregister_air("gap-site")
