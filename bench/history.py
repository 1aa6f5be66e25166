"""Figures for the history store with ten years of a household's data.

    .venv/bin/python bench/history.py [--raw-days 90] [--years 10] [--db PATH]

Data: electricity and gas half-hourly for `--years` (from the simulated household's load
model, imported as meter profile data), plus `--raw-days` of electricity readings every
10 s ingested through the full path (raw rows, interval derivation, costing, day rollup).
Floors in the same run, each printed beside its figure with the ratio: the same rows
through a bare `sqlite3.executemany` into tables of the same key (no derivation, no
pricing, no day totals); a plain SELECT of the same range from the same file; the size
of a file holding only those bare tables.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, bench/ is first on sys.path and bench/bridge.py, bench/ihd.py would
# shadow the packages of the same names: take the folder off.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent.resolve()]

import argparse
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from bridge.model import (
    GBP,
    Fuel,
    MeterIdentity,
    MeterReading,
    Money,
    Price,
    Tariff,
    UnitOfMeasure,
)
from bridge.sim.household import HouseholdProfile, electricity_kw, gas_kw
from ihd.history.store import HistoryStore

ELEC = MeterIdentity("00:0d:6f:00:0b:00:00:01", 1, Fuel.ELECTRICITY)
GAS = MeterIdentity("00:0d:6f:00:0c:00:00:02", 0x7B, Fuel.GAS)
NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)


def _timed(fn, repeat: int = 20) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples), max(samples)


def profile_intervals(meter_fn, profile, start: datetime, end: datetime):
    out = []
    t = start
    while t < end:
        # One sample per half hour is enough for bulk history; the sim integrates finer.
        kw = max(0.0, meter_fn(profile, t + timedelta(minutes=15)))
        out.append((t, Decimal(round(kw * 500)) / 1000))
        t += timedelta(minutes=30)
    return out


def raw_readings(profile, start: datetime, days: int) -> list[MeterReading]:
    out = []
    register = 12_000_000.0
    for i in range(days * 8640):
        ts = start + timedelta(seconds=10 * i)
        kw = max(0.0, electricity_kw(profile, ts))
        register += kw * 10 / 3.6
        out.append(MeterReading(ELEC, ts, "bench",
                                energy_delivered_kwh=Decimal(int(register)) / 1000,
                                demand_kw=Decimal(str(kw))))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--raw-days", type=int, default=90)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="ihd-bench-"))
    path = args.db or folder / "history.sqlite3"
    profile = HouseholdProfile.from_seed(1, solar=False)
    raw_start = NOW - timedelta(days=args.raw_days)
    hist_start = NOW - timedelta(days=365 * args.years)

    store = HistoryStore(path)
    prices: list[Price | Tariff] = [
        Price(ELEC, hist_start, "bench", Money(Decimal("0.245"), GBP), UnitOfMeasure.KWH, 1,
              "Standard", hist_start, None),
        Price(GAS, hist_start, "bench", Money(Decimal("0.0624"), GBP), UnitOfMeasure.KWH, 1,
              "Standard", hist_start, None),
        Tariff(ELEC, hist_start, "bench", "Flex", 1, hist_start, UnitOfMeasure.KWH,
               Money(Decimal("0.5335"), GBP)),
        Tariff(GAS, hist_start, "bench", "Gas", 1, hist_start, UnitOfMeasure.KWH,
               Money(Decimal("0.3143"), GBP))]
    store.ingest(prices)

    # The meter logs are made first: the household model's own cost is not the store's.
    chunks = []
    for meter, fn in ((ELEC, electricity_kw), (GAS, gas_kw)):
        year = hist_start
        while year < raw_start:
            chunk_end = min(raw_start, year + timedelta(days=30))
            chunks.append((meter, profile_intervals(fn, profile, year, chunk_end)))
            year = chunk_end
    t0 = time.perf_counter()
    n_profile = 0
    for meter, intervals in chunks:
        n_profile += store.import_profile(meter, intervals)
    profile_s = time.perf_counter() - t0

    # Floor: the same rows, same key, same 30-day transactions, by a bare executemany.
    base = sqlite3.connect(folder / "baseline.sqlite3", isolation_level=None)
    base.execute("PRAGMA journal_mode=WAL")
    base.execute("PRAGMA synchronous=NORMAL")
    base.execute("CREATE TABLE intervals (meter_id INTEGER, start INTEGER, delivered_wh "
                 "INTEGER, PRIMARY KEY (meter_id, start)) WITHOUT ROWID")
    ids = {ELEC: 1, GAS: 2}
    bare_chunks = [[(ids[m], int(t.timestamp()), int(kwh * 1000)) for t, kwh in iv]
                   for m, iv in chunks]
    t0 = time.perf_counter()
    for rows in bare_chunks:
        base.execute("BEGIN")
        base.executemany("INSERT INTO intervals VALUES (?,?,?)", rows)
        base.execute("COMMIT")
    floor_s = time.perf_counter() - t0
    print(f"history ingest, {args.years} years x 2 meters ({n_profile:,} half hours, priced,"
          f" day totals): {profile_s:.2f} s; floor (bare executemany, same rows and key) "
          f"{floor_s:.2f} s; speed ratio {floor_s / profile_s:.2f} (goal >= 0.5)")

    readings = raw_readings(profile, raw_start, args.raw_days)
    t0 = time.perf_counter()
    batch = 360  # an hour of 10 s readings: what the app writes at a time after a gap
    for i in range(0, len(readings), batch):
        store.ingest(readings[i:i + batch])
    ingest_s = time.perf_counter() - t0

    base.execute("CREATE TABLE readings (meter_id INTEGER, ts INTEGER, delivered_wh INTEGER,"
                 " demand_w INTEGER, PRIMARY KEY (meter_id, ts)) WITHOUT ROWID")
    rows = [(1, int(r.timestamp.timestamp()), int(r.energy_delivered_kwh * 1000),
             int(r.demand_kw * 1000)) for r in readings]  # type: ignore[operator]
    t0 = time.perf_counter()
    for i in range(0, len(rows), batch):
        base.execute("BEGIN")
        base.executemany("INSERT OR IGNORE INTO readings VALUES (?,?,?,?)", rows[i:i + batch])
        base.execute("COMMIT")
    base_s = time.perf_counter() - t0
    print(f"raw ingest: {len(readings):,} readings in {ingest_s:.1f} s = "
          f"{len(readings) / ingest_s:,.0f} readings/s; floor (bare executemany) "
          f"{len(rows) / base_s:,.0f}/s; speed ratio {base_s / ingest_s:.2f} "
          f"(store work: raw row + intervals + cost + day rollup)")

    for period in ("day", "week", "month", "year"):
        med, worst = _timed(lambda p=period: store.period_total(ELEC, p, at=NOW))  # type: ignore[misc]
        print(f"period total {period:5s}: median {med:.2f} ms, max {worst:.2f} ms")
    med, worst = _timed(lambda: store.period_total(ELEC, "year", offset=-1, at=NOW))
    print(f"period total last year: median {med:.2f} ms, max {worst:.2f} ms")

    year_ago = NOW - timedelta(days=365)
    med, worst = _timed(lambda: store.series(ELEC, year_ago, NOW, "half_hour"), repeat=10)
    plain = sqlite3.connect(path)
    floor_med, _ = _timed(lambda: plain.execute(
        "SELECT start, delivered_wh, received_wh, cost_micro FROM intervals WHERE "
        "meter_id = (SELECT id FROM meters WHERE key = ?) AND start >= ? AND start < ?",
        (ELEC.key, int(year_ago.timestamp()), int(NOW.timestamp()))).fetchall(), repeat=10)
    plain.close()
    print(f"chart series, a year of half hours (17,520 points): median {med:.1f} ms, "
          f"max {worst:.1f} ms; floor (plain SELECT of the range) {floor_med:.1f} ms; "
          f"ratio {med / floor_med:.1f} (goal <= 2)")
    med, worst = _timed(lambda: store.series(ELEC, NOW - timedelta(days=3650), NOW, "month"),
                        repeat=10)
    print(f"chart series, ten years by month: median {med:.1f} ms, max {worst:.1f} ms "
          f"(goal <= 5 ms)")
    med, worst = _timed(lambda: store.typical_demand_kw(ELEC, NOW))
    print(f"typical demand (ambient feedback): median {med:.2f} ms")
    store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    base.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    base.close()
    size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    floor_size = sum(p.stat().st_size for p in folder.glob("baseline.sqlite3*"))
    print(f"file size: {size / 1e6:.1f} MB; floor (bare WITHOUT ROWID tables of the same "
          f"half hours and raw readings) {floor_size / 1e6:.1f} MB; ratio "
          f"{size / floor_size:.2f} (goal <= 1.5) ({path})")
    store.close()


if __name__ == "__main__":
    main()
