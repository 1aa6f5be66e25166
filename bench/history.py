"""Figures for the history store with ten years of a household's data.

    .venv/bin/python bench/history.py [--raw-days 90] [--years 10] [--rounds 5] [--keep]

Data: electricity and gas half-hourly for `--years` (from the simulated household's load
model, imported as the meter's own interval log, in 30-day batches as a backfill arrives),
plus `--raw-days` of electricity readings every 10 s ingested through the full path (raw
rows, interval derivation, costing, day rollup).

Every figure is printed beside a floor measured in the same run, with the ratio:
- ingest: the same half hours as bare rows (meter, start, Wh, cost in micro-units: what the
  store keeps of each) by `sqlite3.executemany` into a WITHOUT ROWID table of the same key
  (meter, start), in the same 30-day transactions, with the store's durability settings
  (WAL, synchronous=NORMAL); the values are made before the clock starts. The store and
  the floor alternate (which goes first swaps each round), each into a fresh file, for
  `--rounds` rounds; medians are printed.
- a year of half hours: a plain SELECT of the same range's columns (start, Wh, received
  Wh, cost) from the same file on its own connection, calls alternating with the store's.
- file size: a file holding only bare WITHOUT ROWID tables of the same half hours (meter,
  start, Wh, cost) and raw readings (meter, time, register Wh, demand W).
Run with PYTHONPATH pointing at a checkout to measure that checkout's store.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, bench/ is first on sys.path and bench/bridge.py, bench/ihd.py would
# shadow the packages of the same names: take the folder off.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent.resolve()]

import argparse
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal

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
UNIT_PRICE = {ELEC: Decimal("0.245"), GAS: Decimal("0.0624")}

Chunk = tuple[MeterIdentity, list[tuple[datetime, Decimal | None]]]


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


def open_floor(path: Path) -> sqlite3.Connection:
    """A bare file with the store's durability settings."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("CREATE TABLE intervals (meter_id INTEGER, start INTEGER, delivered_wh "
                 "INTEGER, cost_micro INTEGER, PRIMARY KEY (meter_id, start)) WITHOUT ROWID")
    return conn


def bare_rows(chunks: list[Chunk]) -> list[list[tuple[int, int, int, int]]]:
    """The half hours as the floor writes them: (meter, start, Wh, cost in micro-units),
    the cost at the same price and rounding (half-even) as the store's."""
    ids = {ELEC: 1, GAS: 2}
    out = []
    for meter, intervals in chunks:
        rows = []
        for t, kwh in intervals:
            if kwh is None:
                continue
            wh = round(kwh * 1000)
            rows.append((ids[meter], int(t.timestamp()), wh,
                         round(wh * UNIT_PRICE[meter] * 1000)))
        out.append(rows)
    return out


def new_store(path: Path, since: datetime) -> HistoryStore:
    store = HistoryStore(path)
    store.ingest([
        Price(ELEC, since, "bench", Money(UNIT_PRICE[ELEC], GBP), UnitOfMeasure.KWH, 1,
              "Standard", since, None),
        Price(GAS, since, "bench", Money(UNIT_PRICE[GAS], GBP), UnitOfMeasure.KWH, 1,
              "Standard", since, None),
        Tariff(ELEC, since, "bench", "Flex", 1, since, UnitOfMeasure.KWH,
               Money(Decimal("0.5335"), GBP)),
        Tariff(GAS, since, "bench", "Gas", 1, since, UnitOfMeasure.KWH,
               Money(Decimal("0.3143"), GBP))])
    return store


Times = tuple[float, float]  # (wall, this process's CPU) seconds


def ingest_round(folder: Path, chunks: list[Chunk], bare: list[list[tuple[int, int, int, int]]],
                 since: datetime, store_first: bool) -> tuple[Times, Times, HistoryStore,
                                                             sqlite3.Connection]:
    """One round: the store's import and the floor's executemany, each into a fresh file."""
    store = new_store(folder / "history.sqlite3", since)
    floor = open_floor(folder / "floor.sqlite3")

    def run_store() -> Times:
        t0, c0 = time.perf_counter(), time.process_time()
        for meter, intervals in chunks:
            store.import_profile(meter, intervals)
        return time.perf_counter() - t0, time.process_time() - c0

    def run_floor() -> Times:
        t0, c0 = time.perf_counter(), time.process_time()
        for rows in bare:
            floor.execute("BEGIN")
            floor.executemany("INSERT INTO intervals VALUES (?,?,?,?)", rows)
            floor.execute("COMMIT")
        return time.perf_counter() - t0, time.process_time() - c0

    if store_first:
        store_s = run_store()
        floor_s = run_floor()
    else:
        floor_s = run_floor()
        store_s = run_store()
    return store_s, floor_s, store, floor


def alternate(store_fn: Callable[[], object], floor_fn: Callable[[], object],
              repeat: int) -> tuple[float, float, float]:
    """Median ms of each, calls alternating (which goes first swaps each time), and the
    median of the per-pair ratios."""
    mine, floor, ratios = [], [], []
    for i in range(repeat):
        pair = {}
        for name, fn in ((("store", store_fn), ("floor", floor_fn)) if i % 2 == 0 else
                         (("floor", floor_fn), ("store", store_fn))):
            t0 = time.perf_counter()
            fn()
            pair[name] = (time.perf_counter() - t0) * 1000
        mine.append(pair["store"])
        floor.append(pair["floor"])
        ratios.append(pair["store"] / pair["floor"])
    return statistics.median(mine), statistics.median(floor), statistics.median(ratios)


def timed(fn: Callable[[], object], repeat: int = 20) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples), max(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--raw-days", type=int, default=90, help="days of 10 s readings")
    parser.add_argument("--years", type=int, default=10, help="years of half hours")
    parser.add_argument("--rounds", type=int, default=5,
                        help="ingest rounds, store and floor alternating (default 5)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the files (their folder is printed); removed otherwise")
    args = parser.parse_args()
    top = Path(tempfile.mkdtemp(prefix="ihd-bench-"))
    try:
        run(args, top)
    finally:
        if args.keep:
            print(f"files kept in {top}")
        else:
            shutil.rmtree(top, ignore_errors=True)


def run(args: argparse.Namespace, top: Path) -> None:
    import ihd.history.store

    print(f"store: {ihd.history.store.__file__}")
    profile = HouseholdProfile.from_seed(1, solar=False)
    raw_start = NOW - timedelta(days=args.raw_days)
    hist_start = NOW - timedelta(days=365 * args.years)

    # The meter logs are made first: the household model's own cost is not the store's.
    chunks: list[Chunk] = []
    for meter, fn in ((ELEC, electricity_kw), (GAS, gas_kw)):
        year = hist_start
        while year < raw_start:
            chunk_end = min(raw_start, year + timedelta(days=30))
            chunks.append((meter, profile_intervals(fn, profile, year, chunk_end)))
            year = chunk_end
    bare = bare_rows(chunks)
    n_rows = sum(len(rows) for rows in bare)

    mine, floors, ratios, cpu_ratios = [], [], [], []
    store = floor = None
    for r in range(args.rounds):
        if store is not None and floor is not None:
            store.close()
            floor.close()
        folder = top / f"round{r}"
        folder.mkdir()
        store_s, floor_s, store, floor = ingest_round(folder, chunks, bare, hist_start,
                                                      store_first=r % 2 == 0)
        mine.append(store_s[0])
        floors.append(floor_s[0])
        ratios.append(floor_s[0] / store_s[0])
        cpu_ratios.append(floor_s[1] / store_s[1])
    assert store is not None and floor is not None
    print(f"history ingest, {args.years} years x 2 meters ({n_rows:,} half hours, priced, "
          f"day totals), median of {args.rounds} rounds: {statistics.median(mine):.2f} s "
          f"(rounds {', '.join(f'{s:.2f}' for s in mine)}); floor (bare executemany of "
          f"(meter, start, Wh, cost), same key, transactions and durability) "
          f"{statistics.median(floors):.2f} s; speed ratio floor/store "
          f"{statistics.median(ratios):.2f} (rounds {', '.join(f'{r:.2f}' for r in ratios)};"
          f" goal >= 0.5); the same in CPU time of this process (less moved by other "
          f"programs on the machine) {statistics.median(cpu_ratios):.2f}")

    readings = raw_readings(profile, raw_start, args.raw_days)
    t0 = time.perf_counter()
    batch = 360  # an hour of 10 s readings: what the app writes at a time after a gap
    for i in range(0, len(readings), batch):
        store.ingest(readings[i:i + batch])
    ingest_s = time.perf_counter() - t0

    floor.execute("CREATE TABLE readings (meter_id INTEGER, ts INTEGER, delivered_wh INTEGER,"
                  " demand_w INTEGER, PRIMARY KEY (meter_id, ts)) WITHOUT ROWID")
    rows = [(1, int(r.timestamp.timestamp()), int(r.energy_delivered_kwh * 1000),
             int(r.demand_kw * 1000)) for r in readings]  # type: ignore[operator]
    t0 = time.perf_counter()
    for i in range(0, len(rows), batch):
        floor.execute("BEGIN")
        floor.executemany("INSERT OR IGNORE INTO readings VALUES (?,?,?,?)", rows[i:i + batch])
        floor.execute("COMMIT")
    base_s = time.perf_counter() - t0
    print(f"raw ingest (one round): {len(readings):,} readings in {ingest_s:.1f} s = "
          f"{len(readings) / ingest_s:,.0f} readings/s; floor (bare executemany of (meter, "
          f"time, Wh, W), same key and batches) {len(rows) / base_s:,.0f}/s; speed ratio "
          f"{base_s / ingest_s:.2f} (store work: raw row + intervals + cost + day rollup)")

    for period in ("day", "week", "month", "year"):
        med, worst = timed(lambda p=period: store.period_total(ELEC, p, at=NOW))  # type: ignore[misc]
        print(f"period total {period:5s}: median {med:.2f} ms, max {worst:.2f} ms")
    med, worst = timed(lambda: store.period_total(ELEC, "year", offset=-1, at=NOW))
    print(f"period total last year: median {med:.2f} ms, max {worst:.2f} ms")

    year_ago = NOW - timedelta(days=365)
    plain = sqlite3.connect(store.path)
    meter_id = plain.execute("SELECT id FROM meters WHERE key = ?", (ELEC.key,)).fetchone()[0]
    span = (meter_id, int(year_ago.timestamp()), int(NOW.timestamp()))
    points = store.series(ELEC, year_ago, NOW, "half_hour")
    med, floor_med, ratio = alternate(
        lambda: store.series(ELEC, year_ago, NOW, "half_hour"),
        lambda: plain.execute(
            "SELECT start, delivered_wh, received_wh, cost_micro FROM intervals WHERE "
            "meter_id = ? AND start >= ? AND start < ?", span).fetchall(), repeat=21)
    plain.close()
    print(f"chart series, a year of half hours ({len(points):,} points): median {med:.1f} ms;"
          f" floor (plain SELECT of the range's start, Wh, received Wh, cost, same file, "
          f"alternating) {floor_med:.1f} ms; ratio {ratio:.1f} (goal <= 2)")
    med, worst = timed(lambda: store.series(ELEC, NOW - timedelta(days=3650), NOW, "month"),
                       repeat=21)
    print(f"chart series, ten years by month: median {med:.1f} ms, max {worst:.1f} ms "
          f"(goal <= 5 ms)")
    med, worst = timed(lambda: store.typical_demand_kw(ELEC, NOW))
    print(f"typical demand (ambient feedback): median {med:.2f} ms")
    store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    floor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    floor.close()
    size = sum(p.stat().st_size for p in store.path.parent.glob(store.path.name + "*"))
    floor_size = sum(p.stat().st_size for p in store.path.parent.glob("floor.sqlite3*"))
    print(f"file size: {size / 1e6:.1f} MB; floor (bare WITHOUT ROWID tables of the same "
          f"half hours (meter, start, Wh, cost) and raw readings (meter, time, Wh, W)) "
          f"{floor_size / 1e6:.1f} MB; ratio {size / floor_size:.2f} (goal <= 1.5)")
    store.close()


if __name__ == "__main__":
    main()
