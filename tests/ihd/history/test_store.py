"""The history store with real SQLite files."""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from bridge.model import (
    GBP,
    CreditStatus,
    Currency,
    Fuel,
    MessageCancelled,
    MeterIdentity,
    MeterReading,
    Money,
    PrepaymentState,
    Price,
    SupplierMessage,
    Tariff,
    TopUpResult,
    TopUpResultCode,
    UnitOfMeasure,
)
from ihd.history import schema
from ihd.history.store import HistoryError, HistoryStore, HistoryWriteError

ELEC = MeterIdentity("00:0d:6f:00:0b:00:00:01", 1, Fuel.ELECTRICITY)
DAY = datetime(2026, 1, 14, tzinfo=UTC)  # GMT: local midnight is 00:00 UTC


def readings(start: datetime, hours: float, kw: float, every_s: int = 10,
             register_wh: int = 1_000_000) -> list[MeterReading]:
    out = []
    for i in range(int(hours * 3600 / every_s) + 1):
        ts = start + timedelta(seconds=i * every_s)
        wh = register_wh + round(kw * 1000 * i * every_s / 3600)
        out.append(MeterReading(ELEC, ts, "test", energy_delivered_kwh=Decimal(wh) / 1000,
                                demand_kw=Decimal(str(kw))))
    return out


def price(start: datetime, hours: float, pence: str, label: str = "Standard") -> Price:
    return Price(ELEC, start, "test", Money(Decimal(pence) / 100, GBP), UnitOfMeasure.KWH, 1,
                 label, start, timedelta(hours=hours))


def tariff(at: datetime, standing_pence: str = "53.35") -> Tariff:
    return Tariff(ELEC, at, "test", "Flex", 1, at, UnitOfMeasure.KWH,
                  Money(Decimal(standing_pence) / 100, GBP))


@pytest.fixture
def store(tmp_path: Path):
    s = HistoryStore(tmp_path / "h.sqlite3")
    yield s
    s.close()


def test_half_hours_from_ten_second_readings(store):
    report = store.ingest(readings(DAY.replace(hour=10), 2, kw=1.2))
    assert report.readings_added == 721
    points = store.series(ELEC, DAY.replace(hour=10), DAY.replace(hour=12), "half_hour")
    assert [p.energy_kwh for p in points] == [0.6, 0.6, 0.6, 0.6]


def test_ingest_is_idempotent_and_order_does_not_matter(tmp_path):
    data = readings(DAY.replace(hour=10), 1, kw=2.0)
    a = HistoryStore(tmp_path / "a.sqlite3")
    a.ingest(data)
    again = a.ingest(data)
    assert again.readings_added == 0 and again.duplicates == len(data)
    b = HistoryStore(tmp_path / "b.sqlite3")
    shuffled = data[:]
    random.Random(4).shuffle(shuffled)
    for i in range(0, len(shuffled), 37):  # late and out-of-order batches
        b.ingest(shuffled[i:i + 37])
    span = (DAY.replace(hour=10), DAY.replace(hour=11))
    assert a.series(ELEC, *span, "half_hour") == b.series(ELEC, *span, "half_hour")
    assert [p.energy_kwh for p in a.series(ELEC, *span, "half_hour")] == [1.0, 1.0]


def test_the_same_reading_twice_in_a_batch_or_across_batches_is_one_row(store):
    """Readings are written per meter in one go: a time already in the file, or earlier
    in the same batch, is a duplicate, and the first figure for it is the one kept."""
    a, b, c = readings(DAY.replace(hour=10), 20 / 3600, kw=1.0)[:3]
    a_again = MeterReading(ELEC, a.timestamp, "other", energy_delivered_kwh=Decimal("7"))
    report = store.ingest([a, b, a_again])
    assert (report.readings_added, report.duplicates) == (2, 1)
    report = store.ingest([a_again, c, c])
    assert (report.readings_added, report.duplicates) == (1, 2)
    kept = store._conn.execute("SELECT ts, delivered_wh FROM readings ORDER BY ts").fetchall()
    assert kept == [(int(r.timestamp.timestamp()), int(r.energy_delivered_kwh * 1000))
                    for r in (a, b, c)]


def test_a_gap_stays_a_gap_not_zero(store):
    store.ingest(readings(DAY.replace(hour=8), 1, kw=1.0))
    store.ingest(readings(DAY.replace(hour=11), 1, kw=1.0, register_wh=1_005_000))
    points = store.series(ELEC, DAY.replace(hour=8), DAY.replace(hour=12), "half_hour")
    assert [p.energy_kwh for p in points] == [0.5, 0.5, None, None, None, None, 0.5, 0.5]
    total = store.period_total(ELEC, "day", at=DAY.replace(hour=12))
    assert total.energy_kwh == Decimal("2")
    assert total.covered_half_hours == 4
    assert total.missing_half_hours == 24 - 4
    assert total.cost is None and total.uncosted_kwh == Decimal("2")  # no price: not guessed


def test_each_half_hour_is_costed_at_the_price_in_force_then(store):
    store.ingest([price(DAY.replace(hour=15), 1, "24.5"),
                  price(DAY.replace(hour=16), 3, "38.2", "Peak")])
    store.ingest(readings(DAY.replace(hour=15), 2, kw=1.0))
    points = store.series(ELEC, DAY.replace(hour=15), DAY.replace(hour=17), "half_hour")
    assert [p.cost for p in points] == [Decimal("0.1225"), Decimal("0.1225"),
                                        Decimal("0.191"), Decimal("0.191")]
    # Today's new rate does not revalue the past.
    store.ingest([price(DAY.replace(hour=17), 3, "99", "Evening")])
    again = store.series(ELEC, DAY.replace(hour=15), DAY.replace(hour=17), "half_hour")
    assert [p.cost for p in again] == [p.cost for p in points]
    total = store.period_total(ELEC, "day", at=DAY.replace(hour=18))
    assert total.cost == Money(Decimal("0.627"), GBP)


def test_price_arriving_after_readings_costs_them(store):
    store.ingest(readings(DAY.replace(hour=9), 1, kw=1.0))
    assert store.series(ELEC, DAY.replace(hour=9), DAY.replace(hour=10), "half_hour")[0].cost \
        is None
    store.ingest([price(DAY.replace(hour=9), 1, "20")])
    points = store.series(ELEC, DAY.replace(hour=9), DAY.replace(hour=10), "half_hour")
    assert [p.cost for p in points] == [Decimal("0.1"), Decimal("0.1")]


def test_standing_charge_is_added_once_per_day(store):
    store.ingest([tariff(DAY), price(DAY, 24 * 3, "20")])
    for day in range(3):
        store.ingest(readings(DAY + timedelta(days=day, hours=9), 1, kw=1.0, every_s=60,
                              register_wh=1_000_000 + day * 10_000))
    week = store.period_total(ELEC, "week", at=DAY + timedelta(days=2, hours=12))
    assert week.energy_kwh == Decimal("3")
    assert week.cost == Money(Decimal("0.6"), GBP)
    assert week.standing_charge == Money(Decimal("1.6005"), GBP)
    assert week.total_cost == Money(Decimal("2.2005"), GBP)


def test_days_follow_local_time_across_the_autumn_clock_change(store):
    sunday = datetime(2026, 10, 25, tzinfo=UTC)  # BST ends at 01:00 UTC
    # Steady 1 kW from Saturday 22:00 UTC to Monday 01:00 UTC.
    store.ingest(readings(sunday - timedelta(hours=2), 27, kw=1.0, every_s=60))
    total = store.period_total(ELEC, "day", at=sunday.replace(hour=12))
    assert total.start.astimezone(UTC) == datetime(2026, 10, 24, 23, tzinfo=UTC)
    assert total.energy_kwh == Decimal("25")  # a 25-hour day
    assert total.covered_half_hours == 50


def test_export_is_kept_beside_import(store):
    data = [MeterReading(ELEC, DAY.replace(hour=12) + timedelta(minutes=m), "t",
                         energy_delivered_kwh=Decimal(100), energy_received_kwh=Decimal(50)
                         + Decimal(m) / 10) for m in range(0, 31)]
    store.ingest(data)
    total = store.period_total(ELEC, "day", at=DAY.replace(hour=13))
    assert total.energy_received_kwh == Decimal("3")
    assert total.energy_kwh == Decimal("0")


def test_typical_demand_uses_the_same_half_hour_of_previous_weeks(store):
    now = DAY + timedelta(weeks=4, hours=18)
    assert store.typical_demand_kw(ELEC, now) is None
    for week, kw in zip(range(1, 5), (1.0, 2.0, 3.0, 2.0), strict=True):
        store.ingest(readings(now - timedelta(weeks=week), 0.5, kw=kw, every_s=60,
                              register_wh=10_000_000 * week))
    assert store.typical_demand_kw(ELEC, now) == pytest.approx(2.0)


def test_prepayment_top_ups_and_messages_are_kept_and_codes_masked(store):
    at = DAY.replace(hour=9)
    state = PrepaymentState(ELEC, at, "t", Money.of("18.40"), Money.of("10"), Money.of("120"),
                            CreditStatus.CREDIT_OK)
    result = TopUpResult(ELEC, at, "t", TopUpResultCode.ACCEPTED, "••••••••••••••••5678",
                         Money.of("10"))
    message = SupplierMessage(ELEC, at, "t", 7, "Hello", at, None, confirmation_required=True)
    store.ingest([state, result, message])
    assert store.latest_prepayment(ELEC) == state
    assert store.top_ups(ELEC)[0].code_masked.endswith("5678")
    assert store.messages(ELEC)[0].message == message
    store.mark_message_confirmed(ELEC, 7, at)
    assert store.messages(ELEC)[0].confirmed_at == at
    store.ingest([MessageCancelled(ELEC, at, "t", 7)])
    assert store.messages(ELEC) == []
    assert len(store.messages(ELEC, include_cancelled=True)) == 1


def test_raw_readings_are_pruned_but_intervals_stay(tmp_path):
    store = HistoryStore(tmp_path / "h.sqlite3", raw_retention_days=1)
    store.ingest(readings(DAY, 1, kw=1.0))
    assert store.prune_raw(now=DAY + timedelta(days=3)) == 361
    assert store.period_total(ELEC, "day", at=DAY).energy_kwh == Decimal("1")


def test_wipe_leaves_nothing_of_the_household_in_the_file(tmp_path):
    path = tmp_path / "h.sqlite3"
    store = HistoryStore(path)
    secret = "Your account 8812-XYZZY is in arrears"
    store.ingest(readings(DAY, 1, kw=1.0))
    store.ingest([SupplierMessage(ELEC, DAY, "t", 1, secret, DAY, None), tariff(DAY)])
    store.wipe_household()
    assert store.meters() == []
    store.close()
    blob = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert secret.encode() not in blob
    assert ELEC.eui64.encode() not in blob
    assert b"XYZZY" not in blob


def test_upgrade_from_a_version_1_file(tmp_path):
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    schema.migrate(conn, upto=1)
    conn.execute("INSERT INTO meters VALUES (1, ?, ?, 1, 'electricity')", (ELEC.key, ELEC.eui64))
    start = int(DAY.timestamp())
    conn.executemany("INSERT INTO intervals VALUES (1, ?, 500, NULL, 1800, 100000, 'GBP', "
                     "'register')", [(start + 1800 * i,) for i in range(4)])
    conn.close()
    store = HistoryStore(path)
    assert schema.version(store._conn) == schema.LATEST
    total = store.period_total(ELEC, "day", at=DAY)
    assert total.energy_kwh == Decimal("2") and total.cost == Money(Decimal("0.4"), GBP)


def test_a_file_from_a_newer_version_is_refused_not_damaged(tmp_path):
    path = tmp_path / "new.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(HistoryError, match="newer OpenIHD"):
        HistoryStore(path)


def test_full_disk_is_a_clear_error_and_loses_nothing_committed(tmp_path):
    store = HistoryStore(tmp_path / "h.sqlite3")
    store.ingest(readings(DAY, 0.5, kw=1.0))
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    # SQLITE_FULL, as a full filesystem gives it: the file may not grow any more.
    store._conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(HistoryWriteError, match="disk is full"):
        store.ingest(readings(DAY + timedelta(days=1), 12, kw=1.0))
    assert store.period_total(ELEC, "day", at=DAY).energy_kwh == Decimal("0.5")
    assert store.period_total(ELEC, "day", at=DAY + timedelta(days=1)).energy_kwh == 0


def test_read_only_file_is_a_clear_write_error(tmp_path):
    path = tmp_path / "h.sqlite3"
    HistoryStore(path).close()
    store = HistoryStore(path)
    store._conn.execute("PRAGMA query_only = ON")  # what a read-only mount looks like
    with pytest.raises(HistoryWriteError, match="cannot be written"):
        store.ingest(readings(DAY, 0.1, kw=1.0))


def test_a_new_history_file_is_private_to_its_owner(tmp_path):
    path = tmp_path / "private" / "h.sqlite3"
    HistoryStore(path).close()
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700


def test_figures_in_a_currency_outside_the_known_table_read_back(store):
    """A meter priced in a currency the display has no name for (ISO 4217 756, Swiss
    francs, carried as its number: "N756") is stored and totalled in that currency."""
    francs = Currency.from_numeric(756)
    store.ingest([Price(ELEC, DAY, "test", Money(Decimal("0.30"), francs), UnitOfMeasure.KWH,
                        1, "Standard", DAY, timedelta(hours=24))])
    store.ingest(readings(DAY.replace(hour=10), 1, kw=1.0))
    total = store.period_total(ELEC, "day", at=DAY.replace(hour=12))
    assert total.cost == Money(Decimal("0.30"), francs)
    assert store.price_at(ELEC, DAY.replace(hour=10)).unit_price.currency == francs
