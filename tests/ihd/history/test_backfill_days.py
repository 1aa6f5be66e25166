"""A meter's log imported into an empty stretch has its day totals summed from the rows
being written (not by SQLite day by day): they must be exactly what SQLite's sums of
the stored half hours give, on clock-change days, in a zone whose midnight is off the
half-hour grid, with no price, and for the days the log starts and ends part-way
through."""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from bridge.model import GBP, Fuel, MeterIdentity, Money, Price, UnitOfMeasure
from ihd.history.store import HistoryStore

ELEC = MeterIdentity("00:0d:6f:00:0b:00:00:01", 1, Fuel.ELECTRICITY)


def _days(store: HistoryStore) -> list[tuple[object, ...]]:
    return store._conn.execute("SELECT * FROM days ORDER BY meter_id, day").fetchall()


def _summed_by_sqlite(store: HistoryStore) -> list[tuple[object, ...]]:
    """The day totals as the store's SQL makes them from the stored half hours."""
    with store._write() as conn:
        days = {store._local_day(start) for (start,) in
                conn.execute("SELECT start FROM intervals")}
        conn.execute("DELETE FROM days")
        store._rebuild_days(conn, 1, days)
    return _days(store)


@pytest.mark.parametrize("zone, start", [
    ("Europe/London", datetime(2026, 3, 20, 7, 30, tzinfo=UTC)),  # both clock changes
    ("Asia/Kathmandu", datetime(2026, 1, 3, 18, 0, tzinfo=UTC)),  # midnight at 18:15 UTC
    ("America/St_Johns", datetime(2026, 2, 27, 13, 0, tzinfo=UTC)),  # -03:30 / -02:30
])
@pytest.mark.parametrize("priced", ["no price", "whole rate", "rate with decimals"])
def test_day_totals_of_a_fresh_backfill_equal_sqlites_sums(
        tmp_path: Path, zone: str, start: datetime, priced: str) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3", timezone=zone)
    if priced != "no price":
        amount = "0.25" if priced == "whole rate" else "0.2735"  # 250 or 273.5 µ a Wh
        store.ingest([Price(ELEC, start, "test", Money(Decimal(amount), GBP),
                            UnitOfMeasure.KWH, 1, "Standard", start, None)])
    rng = random.Random(11)
    # 230 days in 30-day batches, as a backfill arrives, starting and ending mid-day.
    log = [(start + timedelta(minutes=30 * i), Decimal(rng.randint(0, 2500)) / 1000)
           for i in range(48 * 230 + 17)]
    for i in range(0, len(log), 48 * 30):
        store.import_profile(ELEC, log[i:i + 48 * 30])
    written = _days(store)
    assert len(written) == len({store._local_day(int(t.timestamp())) for t, _ in log})
    assert written == _summed_by_sqlite(store)
    store.close()


def test_a_backfill_over_half_hours_already_recorded_keeps_their_totals(
        tmp_path: Path) -> None:
    """Half hours already there (from registers, with energy received) are summed by
    SQLite with the new ones: a complete register half hour is kept, not replaced."""
    store = HistoryStore(tmp_path / "h.sqlite3")
    start = datetime(2026, 5, 1, tzinfo=UTC)
    store.import_profile(ELEC, [(start, Decimal("0.5"))])
    with store._write() as conn:  # a complete register-derived half hour with export
        conn.execute("INSERT INTO intervals VALUES (1, ?, 700, 120, 1800, NULL, NULL, 0)",
                     (int((start + timedelta(hours=3)).timestamp()),))
    store.import_profile(ELEC, [(start + timedelta(minutes=30 * i), Decimal("0.1"))
                                for i in range(48 * 3)])
    written = _days(store)
    assert written == _summed_by_sqlite(store)
    # May 1st from 01:00 BST: 46 half hours, the first two complete ones kept (500 Wh
    # from the first log, 700 Wh and 120 Wh received from registers), 44 new at 100 Wh.
    assert written[0][1:4] == ("2026-05-01", 44 * 100 + 500 + 700, 120)
    store.close()


def test_totals_in_the_file_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    store = HistoryStore(path)
    start = datetime(2026, 7, 1, tzinfo=UTC)  # 01:00 BST: 46 half hours that day
    store.import_profile(ELEC, [(start + timedelta(minutes=30 * i), Decimal("0.2"))
                                for i in range(48 * 2)])
    store.close()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT day, delivered_wh, covered_half_hours FROM days "
                        "ORDER BY day").fetchall() == [
        ("2026-07-01", 9200, 46), ("2026-07-02", 9600, 48), ("2026-07-03", 400, 2)]
    conn.close()
