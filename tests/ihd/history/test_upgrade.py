"""A history file written by an earlier OpenIHD opens in this one with nothing lost, and a
write that fails leaves nothing behind that a later write trips over."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from bridge.model import GBP, Fuel, MeterIdentity, MeterReading, Money
from ihd.history import schema
from ihd.history.store import HistoryStore

ELEC = MeterIdentity("00:0d:6f:00:0b:00:00:01", 1, Fuel.ELECTRICITY)
DAY = datetime(2026, 1, 14, tzinfo=UTC)  # GMT: local midnight is 00:00 UTC
T0 = int(DAY.timestamp())


def _version_2_file(path: Path) -> None:
    """A file as OpenIHD with schema 2 wrote it: origins and sources as words on every
    row (the SQL is what that store ran), then a day's worth deleted and re-added so
    the file has free pages, as a used file does."""
    conn = sqlite3.connect(path, isolation_level=None)
    schema.migrate(conn, upto=2)
    conn.execute("INSERT INTO meters VALUES (1, ?, ?, 1, 'electricity')", (ELEC.key, ELEC.eui64))
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO readings (meter_id, ts, delivered_wh, received_wh, demand_w, volume_l, "
        "origin) VALUES (1, ?, ?, NULL, 800, NULL, ?)",
        [(T0 + 10 * i, 1_000_000 + i, "zigpy" if i % 2 else "bridge") for i in range(2000)])
    # Four half hours from registers, four from the meter's log, one from elsewhere.
    conn.executemany(
        "INSERT INTO intervals VALUES (1, ?, 500, NULL, ?, 122500, 'GBP', ?)",
        [(T0 + 1800 * i, 1800 if i >= 4 else 1200, "register" if i < 4 else "profile")
         for i in range(8)])
    conn.execute("INSERT INTO intervals VALUES (1, ?, 250, 10, 1800, NULL, NULL, 'manual')",
                 (T0 + 1800 * 8,))
    conn.execute("INSERT INTO days VALUES (1, '2026-01-14', 4250, 10, 980000, 250, 9, 'GBP')")
    conn.execute("COMMIT")
    conn.close()


def test_a_version_2_file_is_upgraded_keeping_every_row_and_value(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    _version_2_file(path)
    before = sqlite3.connect(path)
    readings = before.execute("SELECT * FROM readings ORDER BY ts").fetchall()
    intervals = before.execute("SELECT * FROM intervals ORDER BY start").fetchall()
    days = before.execute("SELECT * FROM days").fetchall()
    before.close()

    store = HistoryStore(path)
    assert schema.version(store._conn) == schema.LATEST == 4
    conn = store._conn
    # Every reading, its values and the name of the program that sent it.
    assert conn.execute(
        "SELECT r.meter_id, r.ts, r.delivered_wh, r.received_wh, r.demand_w, r.volume_l, "
        "o.name FROM readings r JOIN origins o ON o.id = r.origin_id ORDER BY ts"
    ).fetchall() == readings
    # Every half hour; where its figure came from is a number now, the unknown word kept.
    assert conn.execute("SELECT * FROM intervals ORDER BY start").fetchall() == [
        (*row[:7], {"register": 0, "profile": 1}.get(row[7], row[7])) for row in intervals]
    assert conn.execute("SELECT * FROM days").fetchall() == days
    assert [row["source"] for row in store.export_intervals(DAY, DAY + timedelta(days=1))] \
        == ["register"] * 4 + ["profile"] * 4 + ["manual"]
    total = store.period_total(ELEC, "day", at=DAY + timedelta(hours=23))
    assert total.energy_kwh == Decimal("4.25")
    assert total.cost == Money(Decimal("0.98"), GBP)
    # The old tables' pages went back to the disk.
    assert conn.execute("PRAGMA freelist_count").fetchone()[0] == 0

    # The upgraded file goes on working: a reading already there is a duplicate (same
    # key), a new one from a new program is kept.
    again = MeterReading(ELEC, DAY, "zigpy", energy_delivered_kwh=Decimal("1000"))
    new = MeterReading(ELEC, DAY + timedelta(hours=6), "mqtt",
                       energy_delivered_kwh=Decimal("1001.5"))
    report = store.ingest([again, new])
    assert (report.readings_added, report.duplicates) == (1, 1)
    assert conn.execute("SELECT o.name FROM readings r JOIN origins o ON o.id = r.origin_id "
                        "WHERE ts = ?", (T0 + 6 * 3600,)).fetchone() == ("mqtt",)
    store.close()


@pytest.mark.parametrize("declared_key", [True, False])
def test_a_version_3_file_keeps_its_half_hours_without_the_declared_foreign_key(
        tmp_path: Path, declared_key: bool) -> None:
    """v3 first declared intervals.meter_id a foreign key (files made on main for an
    hour); v4 rebuilds those, and leaves alone the table v3 makes now."""
    path = tmp_path / "h.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    schema.migrate(conn, upto=3)
    if declared_key:
        conn.execute("DROP TABLE intervals")
        conn.execute("CREATE TABLE intervals (meter_id INTEGER NOT NULL REFERENCES "
                     "meters(id), start INTEGER NOT NULL, delivered_wh INTEGER, received_wh "
                     "INTEGER, covered_s INTEGER NOT NULL, cost_micro INTEGER, currency TEXT, "
                     "source INTEGER NOT NULL, PRIMARY KEY (meter_id, start)) WITHOUT ROWID")
    conn.execute("INSERT INTO meters VALUES (1, ?, ?, 1, 'electricity')", (ELEC.key, ELEC.eui64))
    rows = [(1, T0 + 1800 * i, 100 + i, None, 1800, 24_500 + i, "GBP", i % 2)
            for i in range(100)]
    conn.executemany("INSERT INTO intervals VALUES (?,?,?,?,?,?,?,?)", rows)
    conn.close()
    store = HistoryStore(path)
    assert schema.version(store._conn) == 4
    assert store._conn.execute("SELECT * FROM intervals ORDER BY start").fetchall() == rows
    assert store._conn.execute("PRAGMA foreign_key_list(intervals)").fetchall() == []
    assert store._conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
    store.close()


def test_a_first_write_that_fails_leaves_no_meter_behind_to_trip_over(tmp_path: Path) -> None:
    """The meter's id is made inside the write; when the write is rolled back (a full
    disk) the id goes with it, and the next write makes it again."""
    store = HistoryStore(tmp_path / "h.sqlite3")
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages}")
    first = [MeterReading(ELEC, DAY + timedelta(seconds=10 * i), "test",
                          energy_delivered_kwh=Decimal(1_000_000 + i) / 1000)
             for i in range(2000)]
    try:
        store.ingest(first)
    except Exception as exc:  # the disk-full error the user is shown
        assert "disk is full" in str(exc)
    else:
        raise AssertionError("the write was expected to fail on the full file")
    store._conn.execute("PRAGMA max_page_count = 1073741823")
    assert store.ingest(first).readings_added == 2000
    store.import_profile(ELEC, [(DAY + timedelta(days=1), Decimal("0.5"))])
    store.close()
    reopened = HistoryStore(tmp_path / "h.sqlite3")
    assert reopened.meters() == [ELEC]
    assert reopened._conn.execute("PRAGMA foreign_key_check").fetchall() == []
    # intervals.meter_id is not a declared foreign key: no half hour without its meter.
    assert reopened._conn.execute("SELECT COUNT(*) FROM intervals WHERE meter_id NOT IN "
                                  "(SELECT id FROM meters)").fetchone() == (0,)
    assert reopened.period_total(ELEC, "day", at=DAY + timedelta(days=1, hours=1)) \
        .energy_kwh == Decimal("0.5")
    reopened.close()
