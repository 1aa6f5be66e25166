"""Raw readings are kept for the store's retention (90 days) and then removed while the
display runs; the half hours and day totals made from them stay."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime, timedelta
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
NOW = datetime(2026, 1, 14, 18, tzinfo=UTC)


def reading(at: datetime, kwh: str) -> MeterReading:
    return MeterReading(METER, at, "test", energy_delivered_kwh=Decimal(kwh),
                        demand_kw=Decimal("0.5"))


class OneReadingSource(Source):
    name = "one reading"

    @property
    def meters(self) -> tuple[MeterIdentity, ...]:
        return (METER,)

    async def start(self) -> None:
        self._publish(reading(NOW, "5000.000"))

    async def stop(self) -> None:
        self._close_streams()

    async def top_up(self, meter: MeterIdentity, code: TopUpCode) -> TopUpResult:
        raise NotImplementedError

    async def confirm_message(self, meter: MeterIdentity, message_id: int) -> None:
        raise NotImplementedError


def _count(path: Path, sql: str) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute(sql).fetchone()[0])


async def test_raw_readings_past_retention_are_pruned_while_running(qapp, tmp_path: Path):
    path = tmp_path / "history.sqlite3"
    store = HistoryStore(path)
    old = NOW - timedelta(days=120)
    recent = NOW - timedelta(days=10)
    # An hour of 10 s readings 120 days ago and 10 days ago.
    store.ingest([reading(old + timedelta(seconds=10 * i), f"{1000 + i / 1000:.3f}")
                  for i in range(360)])
    store.ingest([reading(recent + timedelta(seconds=10 * i), f"{4000 + i / 1000:.3f}")
                  for i in range(360)])
    old_ts = int(old.timestamp())
    assert _count(path, f"SELECT COUNT(*) FROM readings WHERE ts < {old_ts + 3600}") == 360
    half_hours_before = _count(path, "SELECT COUNT(*) FROM intervals")

    state = DisplayState()
    controller = Controller(state, store, flush_s=0.1)
    await controller.attach(OneReadingSource())
    await wait_until(lambda: state.data_time == NOW, 5)
    await controller.flush()
    await controller.stop()

    assert _count(path, f"SELECT COUNT(*) FROM readings WHERE ts < {old_ts + 3600}") == 0
    assert _count(path, "SELECT COUNT(*) FROM readings") == 361  # 10 days ago + now: kept
    assert _count(path, "SELECT COUNT(*) FROM intervals") >= half_hours_before
    assert _count(path, f"SELECT COUNT(*) FROM intervals WHERE start < {old_ts + 3600}") >= 2
    store.close()
