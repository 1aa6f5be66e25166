"""A source whose meter log cannot be read (a fault in the source, a reply that does not
decode): the display keeps its live data and history, and stops cleanly."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bridge.model import Fuel, MeterIdentity, MeterReading, TopUpCode, TopUpResult
from bridge.sources.base import Source
from ihd.controller import Controller
from ihd.history.store import HistoryStore
from ihd.ui.state import DisplayState
from tests.ihd.ui.conftest import wait_until

METER = MeterIdentity("00:0d:6f:00:0b:00:00:01", 1, Fuel.ELECTRICITY)


class BrokenLogSource(Source):
    """Live readings work; reading the meter's log raises what no one expected."""

    name = "broken log"

    def __init__(self) -> None:
        super().__init__()
        self.asked = 0

    @property
    def meters(self) -> tuple[MeterIdentity, ...]:
        return (METER,)

    async def start(self) -> None:
        self._publish(MeterReading(METER, datetime(2026, 1, 14, 18, tzinfo=UTC), "test",
                                   energy_delivered_kwh=Decimal("100.000"),
                                   demand_kw=Decimal("0.5")))

    async def stop(self) -> None:
        self._close_streams()

    async def backfill(self, meter: MeterIdentity, since: datetime) -> list[MeterReading]:
        self.asked += 1
        raise AttributeError("'DefaultResponse' object has no attribute 'status'")

    async def top_up(self, meter: MeterIdentity, code: TopUpCode) -> TopUpResult:
        raise NotImplementedError

    async def confirm_message(self, meter: MeterIdentity, message_id: int) -> None:
        raise NotImplementedError


async def test_a_meter_log_that_cannot_be_read_leaves_the_display_working(
        qapp, tmp_path: Path) -> None:
    state = DisplayState()
    store = HistoryStore(tmp_path / "history.sqlite3")
    controller = Controller(state, store, flush_s=0.1)
    source = BrokenLogSource()
    await controller.attach(source)
    await wait_until(lambda: source.asked == 1, 5)
    await controller.flush()
    assert state.electricity is not None and state.electricity.demand_kw == Decimal("0.5")
    assert store.meters() == [METER]  # the live reading was saved all the same
    await controller.stop()  # the failed backfill does not come back out of stop()
    store.close()
