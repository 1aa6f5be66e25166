"""The display's own history: one SQLite file (WAL), plain SQL through the standard
library's sqlite3 (the schema and its migrations: ihd.history.schema).

`HistoryStore.ingest()` takes any batch of `bridge.model` updates in one transaction:
raw readings are kept (for `raw_retention_days`), half-hourly intervals are derived from
the registers (`ihd.history.intervals`), each half hour is costed at the price in force
then, and a per-local-day rollup keeps period totals fast. Ingest is idempotent: the same
reading twice is one row, and a reading that arrives late recomputes what it touches.

Thread use: one thread at a time (an internal lock guards the connection), so the app
may write from a worker thread. Errors a person can act on (disk full, read-only file)
are raised as `HistoryWriteError` with words to show; nothing partial is ever committed.
"""

from __future__ import annotations

import decimal
import gc
import itertools
import json
import logging
import operator
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import Decimal
from pathlib import Path
from typing import Literal, NamedTuple
from zoneinfo import ZoneInfo

from bridge.codec import from_json, to_json
from bridge.lan.state_db import move_aside
from bridge.model import (
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
    Update,
)
from ihd.forecast import DayUse
from ihd.history import schema
from ihd.history.estimate import KnownPrice, PriceEstimate, tariff_in_force
from ihd.history.intervals import HALF_HOUR_S, accumulate, floor_half_hour
from ihd.history.periods import Period, local_midnight, period_containing
from ihd.i18n_mark import N_

log = logging.getLogger(__name__)

MICRO = Decimal(1_000_000)
_THOUSAND = Decimal(1000)
_FIRST, _SECOND, _THIRD, _FOURTH = map(operator.itemgetter, range(4))
# Readings further apart than this leave a gap (gas reports half-hourly, so allow two).
MAX_GAP_S = {Fuel.ELECTRICITY: 3600, Fuel.GAS: 2 * 3600}
# Beyond this average power a register jump is a glitch: a 100 A single-phase supply is
# 23 kW; gas boilers rarely exceed 40 kW. Generous, so real use is never rejected.
MAX_KW = {Fuel.ELECTRICITY: 60.0, Fuel.GAS: 120.0}
DEFAULT_MAX_KW = 200.0


class HistoryError(Exception):
    """Something went wrong with the history file; the message is fit to show. `text` is
    its English, marked N_ for the translators, with {names} filled from `values`: the
    display says it in the reader's language (ihd.ui.status_words.history_words)."""

    def __init__(self, text: str, **values: object) -> None:
        self.text = text
        self.values = {name: str(value) for name, value in values.items()}
        super().__init__(text.format(**self.values) if self.values else text)


class HistoryWriteError(HistoryError):
    """The history could not be written (disk full, read-only). Live data still works."""


@dataclass(frozen=True)
class IngestReport:
    readings_added: int = 0
    duplicates: int = 0
    glitches: int = 0
    other_updates: int = 0


@dataclass(frozen=True)
class PeriodTotal:
    start: datetime
    end: datetime
    energy_kwh: Decimal
    energy_received_kwh: Decimal
    cost: Money | None
    standing_charge: Money | None
    total_cost: Money | None
    missing_half_hours: int
    covered_half_hours: int
    # Energy recorded in half hours for which no price was ever received: its cost is
    # unknown, and `cost` leaves it out.
    uncosted_kwh: Decimal = Decimal(0)
    # Energy from half hours with no price of their own, priced with the tariff in force
    # (ihd.history.estimate) and included in `cost`: the figure is then an estimate.
    estimated_kwh: Decimal = Decimal(0)


class SeriesPoint(NamedTuple):
    """One bar of a chart. A NamedTuple, not a frozen dataclass: a year of half hours is
    17,520 of them, and a tuple is built several times faster."""

    start: datetime
    energy_kwh: float | None  # None: a gap, not zero
    cost: Decimal | None
    energy_received_kwh: float | None
    estimated: bool = False  # the cost includes half hours priced by estimate


@dataclass(frozen=True)
class SoFar:
    """Energy and its cost over a run of half hours (e.g. yesterday up to this time)."""

    energy_kwh: Decimal
    cost: Decimal | None  # energy only, no standing charge; None: no price known
    estimated: bool

    @classmethod
    def of(cls, points: list[SeriesPoint], until: datetime) -> SoFar | None:
        """The half hours up to `until`; one it cuts through counts for the part before
        (use is spread evenly enough over half an hour for a comparison)."""
        energy, cost, estimated, seen = Decimal(0), None, False, False
        for p in points:
            if p.energy_kwh is None or p.start >= until:
                continue
            share = min(Decimal(1), Decimal((until - p.start).total_seconds()) / HALF_HOUR_S)
            seen = True
            energy += Decimal(str(p.energy_kwh)) * share
            if p.cost is not None:
                cost = (cost or Decimal(0)) + p.cost * share
            estimated = estimated or p.estimated
        return cls(energy, cost, estimated) if seen else None


@dataclass(frozen=True)
class TopUpRecord:
    time: datetime
    result: TopUpResultCode
    code_masked: str
    value: Money | None


@dataclass(frozen=True)
class StoredMessage:
    message: SupplierMessage
    confirmed_at: datetime | None
    cancelled_at: datetime | None


def _ts(at: datetime) -> int:
    return int(at.timestamp())


def _dt(ts: int) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


def _wh(kwh: Decimal | None) -> int | None:
    return None if kwh is None else round(kwh * _THOUSAND)  # half to even


# Exact products of any size (a Wh count times a price): Decimal rounds to the context's
# precision, 28 digits by default, and a thread may have set another.
_EXACT = decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)


def _costs_micro(whs: Iterable[int], micro_per_wh: Decimal) -> Iterator[int]:
    """Wh × (money per kWh × 1000) = micro-units of money, each exact and rounded half
    to even (round() of a Decimal), as the costs made with Decimal elsewhere."""
    repeat = itertools.repeat
    numerator, denominator = micro_per_wh.as_integer_ratio()
    if denominator == 1:  # a whole rate: int products
        return map(operator.mul, whs, repeat(numerator))
    if denominator % 2:
        # n/d with d odd is never a half (2n = d(2k+1) would be even = odd), so half to
        # even is half up: floor((2n + d) / 2d), in int (a gas rate of 62.4 = 312/5).
        return map(operator.floordiv, map(operator.add, map(
            operator.mul, whs, repeat(2 * numerator)), repeat(denominator)),
            repeat(2 * denominator))
    return map(round, map(_EXACT.multiply, whs, repeat(micro_per_wh)))


def _give_back_space(conn: sqlite3.Connection) -> None:
    """After a migration rebuilt the big tables, return their old pages to the disk
    (VACUUM; once). On a disk too full to rewrite the file it is skipped: the free pages
    are reused by new rows, nothing is lost."""
    try:
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error as exc:
        log.warning("history: the file was not compacted after upgrading (%s)", exc)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """The cyclic garbage collector held off while a query makes tens of thousands of
    tuples at once (none of them in a cycle): otherwise every 700 allocations it walks
    the young objects, and now and then every object in the process (in the bench, a
    third of the time of a year of half hours). Left as found: if it was off, it stays
    off."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _damage(exc: HistoryError) -> str | None:
    """What is wrong with a damaged file, or None when the file is not the trouble (a
    full disk, a read-only folder, a newer version's file)."""
    cause = exc.__cause__
    if not isinstance(cause, sqlite3.DatabaseError) or _is_write_failure(cause):
        return None
    return str(cause)


def _is_write_failure(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return any(w in text for w in ("full", "readonly", "read-only", "disk i/o", "locked"))


class HistoryStore:
    def __init__(self, path: str | os.PathLike[str], *, timezone: str = "Europe/London",
                 raw_retention_days: int = 90, recover: bool = True) -> None:
        """`recover`: a damaged file is moved aside and a fresh one started (the display
        must never stop over its history); `recovered` then says so in words."""
        self.path = Path(path)
        self.tz: tzinfo = ZoneInfo(timezone)
        self.raw_retention_days = raw_retention_days
        # How a half hour with no price of its own is priced (exact calendars plug in here).
        self.estimate_price: PriceEstimate = tariff_in_force(self.tz)
        self._lock = threading.RLock()
        self.recovered: str | None = None
        self.recovered_error: HistoryError | None = None  # the same, for the display
        try:
            self._open()
        except HistoryError as exc:
            damage = _damage(exc)
            if damage is None or not recover:
                raise
            aside = move_aside(self.path)
            self.recovered_error = HistoryError(
                N_("The history file {path} was damaged ({damage}); it was moved to "
                   "{aside} and a fresh one started. Lost: the saved history (charts and "
                   "totals); the meter's own log fills the last days again where the "
                   "source keeps one."), path=self.path, damage=damage, aside=aside.name)
            self.recovered = str(self.recovered_error)
            log.error("%s", self.recovered)
            self._open()

    def _open(self) -> None:
        """Open (or create) the file and load what the queries cache."""
        # Energy use shows when people are at home: the history is the user's alone.
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        conn: sqlite3.Connection | None = None
        try:
            new_file = not self.path.exists()
            conn = sqlite3.connect(self.path, isolation_level=None,
                                   check_same_thread=False)
            if new_file:
                os.chmod(self.path, 0o600)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            # Deleted data is overwritten, not left in free pages (change of tenancy).
            conn.execute("PRAGMA secure_delete=ON")
            was = schema.migrate(conn)
            if 0 < was < 4:  # v3 and v4 rebuilt the big tables
                _give_back_space(conn)
            self._conn = conn
            self._meter_ids: dict[MeterIdentity, int] = {}
            self._fuels: dict[int, Fuel] = {}
            self._origin_ids: dict[str, int] = {}
            self._standing_cache: dict[int, list[tuple[int, Money | None]]] = {}
            self._load_ids()
            self._finish_pending_work()
        except (sqlite3.DatabaseError, HistoryError, schema.NewerSchemaError) as exc:
            if conn is not None:
                conn.close()
            if isinstance(exc, HistoryError):
                raise
            if isinstance(exc, schema.NewerSchemaError):
                raise HistoryError(str(exc)) from exc
            raise HistoryError(N_("The history file {path} cannot be opened: {reason}"),
                               path=self.path, reason=exc) from exc

    # -- plumbing ------------------------------------------------------------------------

    def _load_ids(self) -> None:
        """The meters' and origins' ids, cached (at open, and after a rollback, which may
        have undone ids made in it)."""
        self._meter_ids.clear()
        self._fuels.clear()
        for row in self._conn.execute("SELECT id, eui64, endpoint, fuel FROM meters"):
            meter = MeterIdentity(row[1], row[2], Fuel(row[3]))
            self._meter_ids[meter] = row[0]
            self._fuels[row[0]] = meter.fuel
        self._origin_ids = dict(self._conn.execute("SELECT name, id FROM origins"))

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction."""
        with self._lock, self._transaction() as conn:
            yield conn

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self._write_error(exc) from exc
        try:
            yield self._conn
        except BaseException as exc:
            # SQLite may already have rolled back (e.g. on SQLITE_FULL).
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            self._reload_ids_after_rollback()
            if isinstance(exc, sqlite3.Error):
                raise self._write_error(exc) from exc
            raise
        try:
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            self._reload_ids_after_rollback()
            raise self._write_error(exc) from exc

    def _reload_ids_after_rollback(self) -> None:
        try:
            self._load_ids()
        except sqlite3.Error as exc:  # the write's own error is the one to report
            log.warning("history: ids not reloaded after a rollback: %s", exc)

    def _write_error(self, exc: sqlite3.Error) -> HistoryError:
        log.error("history write failed: %s", exc)
        if "full" in str(exc).lower():
            return HistoryWriteError(N_("History is not being saved: the disk is full. "
                                        "Live readings still show."))
        if _is_write_failure(exc):
            return HistoryWriteError(N_("History is not being saved: the history file "
                                        "cannot be written. Live readings still show."))
        return HistoryError(N_("History error: {reason}"), reason=exc)

    def _meter_id(self, conn: sqlite3.Connection, meter: MeterIdentity) -> int:
        known = self._meter_ids.get(meter)
        if known is not None:
            return known
        cur = conn.execute("INSERT OR IGNORE INTO meters (key, eui64, endpoint, fuel) "
                           "VALUES (?, ?, ?, ?)",
                           (meter.key, meter.eui64, meter.endpoint, meter.fuel.value))
        row = conn.execute("SELECT id FROM meters WHERE key = ?", (meter.key,)).fetchone()
        del cur
        self._meter_ids[meter] = row[0]
        self._fuels[row[0]] = meter.fuel
        return int(row[0])

    def _origin_id(self, conn: sqlite3.Connection, origin: str) -> int:
        known = self._origin_ids.get(origin)
        if known is not None:
            return known
        conn.execute("INSERT OR IGNORE INTO origins (name) VALUES (?)", (origin,))
        row = conn.execute("SELECT id FROM origins WHERE name = ?", (origin,)).fetchone()
        self._origin_ids[origin] = row[0]
        return int(row[0])

    def _existing_meter_id(self, meter: MeterIdentity) -> int | None:
        return self._meter_ids.get(meter)

    def _finish_pending_work(self) -> None:
        pending = self._conn.execute(
            "SELECT name FROM sqlite_master WHERE name = 'pending'").fetchone()
        if not pending:
            return
        if self._conn.execute("SELECT 1 FROM pending WHERE what = 'rebuild_days'").fetchone():
            with self._write() as conn:
                for meter_id in list(self._fuels):
                    days = {self._local_day(row[0]) for row in conn.execute(
                        "SELECT start FROM intervals WHERE meter_id = ?", (meter_id,))}
                    self._rebuild_days(conn, meter_id, days)
                conn.execute("DELETE FROM pending WHERE what = 'rebuild_days'")

    def set_timezone(self, tz: tzinfo) -> None:
        """Count local days in `tz` (the zone the meter states): day totals are rebuilt."""
        if tz == self.tz or str(tz) == str(self.tz):
            return
        self.tz = tz
        with self._write() as conn:
            for meter_id in list(self._fuels):
                conn.execute("DELETE FROM days WHERE meter_id = ?", (meter_id,))
                days = {self._local_day(row[0]) for row in conn.execute(
                    "SELECT start FROM intervals WHERE meter_id = ?", (meter_id,))}
                self._rebuild_days(conn, meter_id, days)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # -- ingest ----------------------------------------------------------------------------

    def ingest(self, updates: Iterable[Update]) -> IngestReport:
        # Readings (the bulk of a batch) are gathered per meter and written by one
        # executemany each after the loop; nothing else in a batch reads them.
        rows: dict[int, list[tuple[int, int, int | None, int | None, int | None,
                                   int | None, int]]] = {}
        added = duplicates = glitches = others = 0
        last_meter: MeterIdentity | None = None
        last_origin: str | None = None
        meter_id = origin_id = 0
        with self._write() as conn:
            for update in updates:
                if isinstance(update, MeterReading):
                    # A batch is mostly one meter's and one program's: the same objects.
                    if update.meter is not last_meter:
                        last_meter, meter_id = update.meter, self._meter_id(conn, update.meter)
                    if update.origin is not last_origin:
                        last_origin, origin_id = update.origin, self._origin_id(conn,
                                                                                update.origin)
                    rows.setdefault(meter_id, []).append((
                        meter_id, _ts(update.timestamp), _wh(update.energy_delivered_kwh),
                        _wh(update.energy_received_kwh), _wh(update.demand_kw),
                        _wh(update.volume_delivered_m3), origin_id))
                elif isinstance(update, Price):
                    self._ingest_price(conn, update)
                    others += 1
                elif isinstance(update, Tariff):
                    self._standing_cache.clear()
                    conn.execute("INSERT OR REPLACE INTO tariffs VALUES (?,?,?)",
                                 (self._meter_id(conn, update.meter), _ts(update.timestamp),
                                  json.dumps(to_json(update))))
                    others += 1
                elif isinstance(update, PrepaymentState):
                    conn.execute("INSERT OR REPLACE INTO prepayment VALUES (?,?,?)",
                                 (self._meter_id(conn, update.meter), _ts(update.timestamp),
                                  json.dumps(to_json(update))))
                    others += 1
                elif isinstance(update, TopUpResult):
                    conn.execute(
                        "INSERT INTO top_ups (meter_id, ts, result, code_masked, value, "
                        "currency) VALUES (?,?,?,?,?,?)",
                        (self._meter_id(conn, update.meter), _ts(update.timestamp),
                         int(update.result), update.code_masked,
                         str(update.value.amount) if update.value else None,
                         update.value.currency.code if update.value else None))
                    others += 1
                elif isinstance(update, SupplierMessage):
                    conn.execute(
                        "INSERT INTO messages (meter_id, message_id, received_at, body) "
                        "VALUES (?,?,?,?) ON CONFLICT (meter_id, message_id) DO UPDATE "
                        "SET body = excluded.body",
                        (self._meter_id(conn, update.meter), update.message_id,
                         _ts(update.timestamp), json.dumps(to_json(update))))
                    others += 1
                elif isinstance(update, MessageCancelled):
                    meter_id = self._meter_id(conn, update.meter)
                    if update.message_id is None:
                        conn.execute("UPDATE messages SET cancelled_at = ? WHERE meter_id = ? "
                                     "AND cancelled_at IS NULL",
                                     (_ts(update.timestamp), meter_id))
                    else:
                        conn.execute("UPDATE messages SET cancelled_at = ? WHERE meter_id = ? "
                                     "AND message_id = ?",
                                     (_ts(update.timestamp), meter_id, update.message_id))
                    others += 1
            for meter_id, batch in rows.items():
                new = self._new_readings(conn, meter_id, batch)
                added += len(new)
                duplicates += len(batch) - len(new)
                if new:
                    conn.executemany("INSERT INTO readings (meter_id, ts, delivered_wh, "
                                     "received_wh, demand_w, volume_l, origin_id) VALUES "
                                     "(?,?,?,?,?,?,?)", new)
                    # From the earliest reading not seen before: a reading seen before
                    # changes nothing (and may be older than the raw readings kept).
                    glitches += self._recompute_intervals(conn, meter_id,
                                                          min(row[1] for row in new))
        return IngestReport(readings_added=added, duplicates=duplicates, glitches=glitches,
                            other_updates=others)

    @staticmethod
    def _new_readings(conn: sqlite3.Connection, meter_id: int,
                      batch: list[tuple[int, int, int | None, int | None, int | None,
                                        int | None, int]]
                      ) -> list[tuple[int, int, int | None, int | None, int | None,
                                      int | None, int]]:
        """The rows of `batch` whose time the file (or an earlier row of the batch) does
        not already hold: the same reading twice is one row, the first kept."""
        stamps = [row[1] for row in batch]
        seen = {ts for (ts,) in conn.execute(
            "SELECT ts FROM readings WHERE meter_id = ? AND ts >= ? AND ts <= ?",
            (meter_id, min(stamps), max(stamps)))}
        new = []
        for row in batch:
            if row[1] not in seen:
                seen.add(row[1])
                new.append(row)
        return new

    def _ingest_price(self, conn: sqlite3.Connection, price: Price) -> None:
        meter_id = self._meter_id(conn, price.meter)
        end = price.end
        conn.execute(
            "INSERT OR REPLACE INTO prices VALUES (?,?,?,?,?,?,?,?,?,?)",
            (meter_id, _ts(price.start), _ts(end) if end else None, _ts(price.timestamp),
             price.tier, price.rate_label, str(price.unit_price.amount),
             price.unit_price.currency.code,
             str(price.generation_price.amount) if price.generation_price else None,
             int(price.unit)))
        # Half hours already recorded in this price's window had no price or an older
        # one: cost them now (the price in force then, never today's rate for all).
        start = floor_half_hour(_ts(price.start))
        stop = _ts(end) if end else _ts(price.timestamp) + HALF_HOUR_S
        rows = conn.execute("SELECT start FROM intervals WHERE meter_id = ? AND start >= ? "
                            "AND start < ?", (meter_id, start, stop)).fetchall()
        if rows:
            self._cost_intervals(conn, meter_id, [r[0] for r in rows])

    def _recompute_intervals(self, conn: sqlite3.Connection, meter_id: int,
                             since_ts: int) -> int:
        """Rebuild the half hours from the one containing `since_ts` onwards."""
        window_start = floor_half_hour(since_ts)
        before = conn.execute(
            "SELECT ts, delivered_wh, received_wh FROM readings WHERE meter_id = ? AND ts < ? "
            "AND delivered_wh IS NOT NULL ORDER BY ts DESC LIMIT 1",
            (meter_id, window_start)).fetchone()
        first_ts = before[0] if before else window_start
        rows = conn.execute(
            "SELECT ts, delivered_wh, received_wh FROM readings WHERE meter_id = ? AND ts >= ? "
            "AND delivered_wh IS NOT NULL ORDER BY ts", (meter_id, first_ts)).fetchall()
        if not rows:
            return 0
        fuel = self._fuels.get(meter_id, Fuel.OTHER)
        max_gap = MAX_GAP_S.get(fuel, 3600)
        max_kw = MAX_KW.get(fuel, DEFAULT_MAX_KW)
        delivered = accumulate([(r[0], r[1]) for r in rows], not_before=window_start,
                               max_gap_s=max_gap, max_kw=max_kw)
        received = accumulate([(r[0], r[2]) for r in rows if r[2] is not None],
                              not_before=window_start, max_gap_s=max_gap, max_kw=max_kw)
        last_ts = rows[-1][0]
        conn.execute("DELETE FROM intervals WHERE meter_id = ? AND start >= ? AND start <= ? "
                     f"AND source = {schema.REGISTER}", (meter_id, window_start, last_ts))
        starts = sorted(delivered.wh)
        # A meter's own interval log (source PROFILE) covers the whole half hour; keep
        # it over a register-derived half hour that saw only part of it.
        conn.executemany(
            "INSERT INTO intervals (meter_id, start, delivered_wh, received_wh, covered_s, "
            f"source) VALUES (?,?,?,?,?, {schema.REGISTER}) ON CONFLICT (meter_id, start) "
            "DO UPDATE SET delivered_wh = excluded.delivered_wh, received_wh = "
            f"excluded.received_wh, covered_s = excluded.covered_s, source = {schema.REGISTER},"
            f" cost_micro = NULL WHERE intervals.source = {schema.REGISTER} OR "
            "excluded.covered_s >= intervals.covered_s",
            [(meter_id, s, round(delivered.wh[s]),
              round(received.wh[s]) if s in received.wh else None,
              round(delivered.covered_s[s])) for s in starts])
        self._cost_intervals(conn, meter_id, starts)
        if delivered.glitches:
            log.warning("meter %d: %d implausible register jumps ignored", meter_id,
                        len(delivered.glitches))
        return len(delivered.glitches)

    def _prices_for(self, conn: sqlite3.Connection, meter_id: int, start: int,
                    stop: int) -> list[tuple[int, int | None, Decimal, str]]:
        rows = conn.execute(
            "SELECT start, end, unit_price, currency, received_at FROM prices "
            "WHERE meter_id = ? AND start < ? AND (end IS NULL OR end > ?) "
            "ORDER BY received_at", (meter_id, stop, start)).fetchall()
        return [(r[0], r[1], Decimal(r[2]), r[3]) for r in rows]

    def _cost_intervals(self, conn: sqlite3.Connection, meter_id: int,
                        starts: list[int]) -> None:
        if not starts:
            return
        lo, hi = min(starts), max(starts) + HALF_HOUR_S
        prices = self._prices_for(conn, meter_id, lo, hi)
        wanted = set(starts)
        energy = {row[0]: row[1] for row in conn.execute(
            "SELECT start, delivered_wh FROM intervals WHERE meter_id = ? AND start >= ? "
            "AND start < ?", (meter_id, lo, hi)) if row[0] in wanted}
        updates = []
        for start, wh in energy.items():
            price = None
            # The most recently published price whose window holds this half hour.
            for p_start, p_end, unit_price, currency in prices:
                if p_start <= start and (p_end is None or start < p_end):
                    price = (unit_price, currency)
            if price is None or wh is None:
                continue
            # Exact: Wh × (money per kWh) × 1000 = micro-units of money.
            cost_micro = int((Decimal(wh) * price[0] * 1000).to_integral_value())
            updates.append((cost_micro, price[1], meter_id, start))
        conn.executemany("UPDATE intervals SET cost_micro = ?, currency = ? "
                         "WHERE meter_id = ? AND start = ?", updates)
        self._rebuild_days(conn, meter_id, {self._local_day(s) for s in starts})

    def _local_day(self, ts: int) -> date:
        return _dt(ts).astimezone(self.tz).date()

    def _rebuild_days(self, conn: sqlite3.Connection, meter_id: int, days: set[date]) -> None:
        conn.executemany("DELETE FROM days WHERE meter_id = ? AND day = ?",
                         [(meter_id, day.isoformat()) for day in days])
        self._insert_days(conn, meter_id, sorted(days))

    def _rebuild_day_range(self, conn: sqlite3.Connection, meter_id: int, first: date,
                           last: date) -> None:
        """Every day from `first` to `last`: one DELETE of the range, not one a day."""
        conn.execute("DELETE FROM days WHERE meter_id = ? AND day >= ? AND day <= ?",
                     (meter_id, first.isoformat(), last.isoformat()))
        self._insert_days(conn, meter_id, [first + timedelta(days=n)
                                           for n in range((last - first).days + 1)])

    def _insert_days(self, conn: sqlite3.Connection, meter_id: int, days: list[date]) -> None:
        # Years of days at a first backfill: each day's totals by one INSERT ... SELECT,
        # all run by executemany in C, not a SELECT and an INSERT per day from Python.
        tz = self.tz
        conn.executemany(
            "INSERT INTO days (meter_id, day, delivered_wh, received_wh, cost_micro, "
            "uncosted_wh, covered_half_hours, currency) "
            "SELECT ?1, ?2, COALESCE(SUM(delivered_wh),0), COALESCE(SUM(received_wh),0), "
            "SUM(cost_micro), "
            "COALESCE(SUM(CASE WHEN cost_micro IS NULL THEN delivered_wh END), 0), COUNT(*), "
            "MAX(currency) FROM intervals WHERE meter_id = ?1 AND start >= ?3 AND start < ?4 "
            "AND covered_s > 0 HAVING COUNT(*) > 0",
            [(meter_id, day.isoformat(), _ts(local_midnight(day, tz)),
              _ts(local_midnight(day + timedelta(days=1), tz))) for day in days])

    @staticmethod
    def _one_rate(prices: list[tuple[int, int | None, Decimal, str]], lo: int,
                  hi: int) -> tuple[Decimal | None, str | None] | None:
        """(micro-units per Wh, currency) when one price holds every half hour in [lo,
        hi), (None, None) when no price is known; None when prices change in the range.
        Prices come oldest first and the most recently published one whose window holds
        a half hour is its price (as in _cost_intervals): the newest holding the range."""
        if not prices:
            return None, None
        since, until, rate, currency = prices[-1]
        if since <= lo and (until is None or hi <= until):
            return rate, currency
        return None

    @staticmethod
    def _priced_one_by_one(meter_id: int, starts: Sequence[int], whs: list[int],
                           prices: list[tuple[int, int | None, Decimal, str]]
                           ) -> list[tuple[object, ...]]:
        """Rows for a range that prices change in: each half hour at the price in force."""
        rows: list[tuple[object, ...]] = []
        for start, wh in zip(starts, whs, strict=True):
            price: tuple[Decimal, str] | None = None
            for p_start, p_end, p_rate, p_currency in prices:
                if p_start <= start and (p_end is None or start < p_end):
                    price = (p_rate, p_currency)
            if price is None:
                rows.append((meter_id, start, wh, None, None))
            else:
                rows.append((meter_id, start, wh, next(_costs_micro([wh], price[0])),
                             price[1]))
        return rows

    def import_profile(self, meter: MeterIdentity,
                       intervals: list[tuple[datetime, Decimal | None]]) -> int:
        """Backfill half-hour energy from the meter's own interval log (GetProfile).
        Complete half hours already derived from registers are kept; partial ones are
        replaced by the meter's figure; None is a gap."""
        # Hot path (years of half hours at a first backfill): each row is priced here and
        # written once, with plain SQL, and the day totals are rebuilt per day touched.
        # Columns by zip and map, so no Python runs per row: kWh to Wh by round() (the
        # same half-even rounding as _wh), the cost by exact Decimal products rounded
        # half to even (_costs_micro).
        if not intervals:
            return 0
        repeat = itertools.repeat
        # Two columns by itemgetter (zip(*intervals) makes an iterator per row, and
        # those wake the garbage collector every 700).
        times: Sequence[datetime] = list(map(_FIRST, intervals))
        kwhs: Sequence[Decimal | None] = list(map(_SECOND, intervals))
        if any(map(operator.is_, kwhs, repeat(None))):  # gaps: no row (`is`: == on a
            # Decimal asks numbers.Rational's isinstance, slow by the hundred thousand)
            present = list(map(operator.is_not, kwhs, repeat(None)))
            times = tuple(itertools.compress(times, present))
            kwhs = tuple(itertools.compress(kwhs, present))
            if not times:
                return 0
        first = int(times[0].timestamp())
        step = timedelta(seconds=HALF_HOUR_S)
        starts: Sequence[int]
        if first % HALF_HOUR_S == 0 and list(itertools.accumulate(
                repeat(step, len(times) - 1), initial=_dt(first))) == list(times):
            # One half hour after another (a meter's log): the times are a range. (The
            # expected times are UTC: a comparison with another zone's is by instant.)
            starts = range(first, first + len(times) * HALF_HOUR_S, HALF_HOUR_S)
            lo, hi = starts[0], starts[-1] + HALF_HOUR_S
        else:
            stamps = list(map(int, map(datetime.timestamp, times)))
            starts = list(map(operator.sub, stamps, map(operator.mod, stamps,
                                                        repeat(HALF_HOUR_S))))
            lo, hi = min(starts), max(starts) + HALF_HOUR_S
        whs = list(map(round, map(operator.mul, kwhs, repeat(_THOUSAND))))
        # The meter id is made (or found) in the same transaction (intervals.meter_id is
        # not a declared foreign key: SQLite's check of every row cost a tenth of this).
        with self._write() as conn:
            meter_id = self._meter_id(conn, meter)
            prices = [(p_start, p_end, unit_price * 1000, currency)
                      for p_start, p_end, unit_price, currency
                      in self._prices_for(conn, meter_id, lo, hi)]
            one_rate = self._one_rate(prices, lo, hi)
            costs: list[int] | None = None
            currency: str | None = None
            rows: Iterable[tuple[object, ...]]
            if one_rate is None:
                rows = self._priced_one_by_one(meter_id, starts, whs, prices)
            else:
                # No price yet, or one price for the whole range (the usual backfill):
                # every row made by zip in C.
                rate, currency = one_rate
                costs = None if rate is None else list(_costs_micro(whs, rate))
                rows = zip(repeat(meter_id), starts, whs,
                           repeat(None) if costs is None else costs, repeat(currency),
                           strict=False)
            # Nothing recorded in the range before: then its whole days' totals are the
            # sums of these rows (summed in C over slices), and only the days it cuts
            # through are summed by SQLite.
            fresh = (one_rate is not None and isinstance(starts, range)
                     and conn.execute("SELECT 1 FROM intervals WHERE meter_id = ? AND start "
                                      ">= ? AND start < ? LIMIT 1",
                                      (meter_id, lo, hi)).fetchone() is None)
            cur = conn.executemany(
                "INSERT INTO intervals (meter_id, start, delivered_wh, cost_micro, currency, "
                f"covered_s, source) VALUES (?,?,?,?,?, {HALF_HOUR_S}, {schema.PROFILE}) ON "
                "CONFLICT (meter_id, start) DO UPDATE SET delivered_wh = excluded.delivered_wh, "
                f"covered_s = excluded.covered_s, source = {schema.PROFILE}, cost_micro = "
                "excluded.cost_micro, currency = excluded.currency WHERE intervals.covered_s "
                f"< {HALF_HOUR_S}", rows)
            first_day, last_day = self._local_day(lo), self._local_day(hi - 1)
            if not fresh:
                self._rebuild_day_range(conn, meter_id, first_day, last_day)
                return cur.rowcount
            conn.execute("DELETE FROM days WHERE meter_id = ? AND day >= ? AND day <= ?",
                         (meter_id, first_day.isoformat(), last_day.isoformat()))
            whole, cut = self._day_sums(meter_id, lo, hi, first_day, last_day, whs, costs,
                                        currency)
            conn.executemany("INSERT INTO days (meter_id, day, delivered_wh, received_wh, "
                             "cost_micro, uncosted_wh, covered_half_hours, currency) VALUES "
                             "(?,?,?,?,?,?,?,?)", whole)
            self._insert_days(conn, meter_id, cut)
            return cur.rowcount

    def _day_sums(self, meter_id: int, lo: int, hi: int, first_day: date, last_day: date,
                  whs: list[int], costs: list[int] | None, currency: str | None
                  ) -> tuple[list[tuple[object, ...]], list[date]]:
        """Rows for the days table from consecutive half hours [lo, hi) (whs[i] and
        costs[i] the half hour at lo + i half hours) that are all the range holds: each
        day wholly inside it summed from its slice, as _insert_days' SQL would sum it;
        and the days the range cuts through (left to that SQL)."""
        whole: list[tuple[object, ...]] = []
        cut: list[date] = []
        day, bound = first_day, _ts(local_midnight(first_day, self.tz))
        while day <= last_day:
            following = day + timedelta(days=1)
            next_bound = _ts(local_midnight(following, self.tz))
            if bound < lo or next_bound > hi:
                cut.append(day)
            else:
                # The half hours starting in [bound, next_bound): a zone whose midnight
                # is off the half-hour grid (Nepal, +05:45) rounds both ends up.
                a = -((lo - bound) // HALF_HOUR_S)
                b = -((lo - next_bound) // HALF_HOUR_S)
                energy = sum(whs[a:b])
                if costs is None:
                    whole.append((meter_id, day.isoformat(), energy, 0, None, energy, b - a,
                                  None))
                else:
                    whole.append((meter_id, day.isoformat(), energy, 0, sum(costs[a:b]), 0,
                                  b - a, currency))
            day, bound = following, next_bound
        return whole, cut

    def prune_raw(self, now: datetime | None = None) -> int:
        cutoff = _ts((now or datetime.now(UTC)) - timedelta(days=self.raw_retention_days))
        with self._write() as conn:
            return conn.execute("DELETE FROM readings WHERE ts < ?", (cutoff,)).rowcount

    # -- queries ---------------------------------------------------------------------------

    def meters(self) -> list[MeterIdentity]:
        return sorted(self._meter_ids, key=lambda m: m.key)

    def _standing_charges(self, meter_id: int) -> list[tuple[int, Money | None]]:
        """(received_at, standing charge per day) for the meter, oldest first; cached."""
        cached = self._standing_cache.get(meter_id)
        if cached is None:
            cached = []
            for received_at, body in self._conn.execute(
                    "SELECT received_at, body FROM tariffs WHERE meter_id = ? "
                    "ORDER BY received_at", (meter_id,)):
                tariff = from_json(json.loads(body))
                assert isinstance(tariff, Tariff)
                cached.append((received_at, tariff.standing_charge_per_day))
            self._standing_cache[meter_id] = cached
        return cached

    def _standing_charge(self, meter_id: int, day: date) -> Money | None:
        """The daily standing charge known by the end of that day (else the first known:
        a tariff learnt today applied to days recorded before it)."""
        charges = self._standing_charges(meter_id)
        if not charges:
            return None
        end = _ts(local_midnight(day + timedelta(days=1), self.tz))
        in_force = charges[0][1]
        for received_at, charge in charges:
            if received_at < end:
                in_force = charge
        return in_force

    def period_total(self, meter: MeterIdentity, period: Period, *, offset: int = 0,
                     at: datetime | None = None) -> PeriodTotal:
        at = at or datetime.now(UTC)
        bounds = period_containing(at, period, self.tz, offset)
        return self._total(meter, bounds.first_day, bounds.end_day, at)

    def _total(self, meter: MeterIdentity, first: date, end: date, at: datetime) -> PeriodTotal:
        start_dt = local_midnight(first, self.tz)
        end_dt = local_midnight(end, self.tz)
        # In UTC: aware datetimes sharing a tzinfo subtract as wall-clock times.
        start_utc, end_utc = start_dt.astimezone(UTC), end_dt.astimezone(UTC)
        upto = min(end_utc, max(at.astimezone(UTC), start_utc))
        expected = int((upto - start_utc).total_seconds() // 1800)
        meter_id = self._existing_meter_id(meter)
        if meter_id is None:
            return PeriodTotal(start_dt, end_dt, Decimal(0), Decimal(0), None, None, None,
                               expected, 0)
        with self._lock:
            rows = self._conn.execute(
                "SELECT day, delivered_wh, received_wh, cost_micro, covered_half_hours, "
                "currency, uncosted_wh FROM days WHERE meter_id = ? AND day >= ? AND day < ?",
                (meter_id, first.isoformat(), end.isoformat())).fetchall()
            delivered = sum(r[1] for r in rows)
            received = sum(r[2] for r in rows)
            covered = sum(r[4] for r in rows)
            uncosted = sum(r[6] for r in rows)
            currency_code = next((r[5] for r in rows if r[5]), None)
            cost_micro = sum(r[3] for r in rows if r[3] is not None)
            estimated_wh = 0
            if uncosted:
                estimates = self._estimates(meter_id, _ts(start_utc), _ts(end_utc))
                for micro, code, wh in estimates.values():
                    cost_micro += micro
                    estimated_wh += wh
                    currency_code = currency_code or code
            standing: Money | None = None
            for r in rows:
                charge = self._standing_charge(meter_id, date.fromisoformat(r[0]))
                if charge is not None:
                    standing = charge if standing is None else standing + charge
        currency = (Currency.from_code(currency_code) if currency_code
                    else standing.currency if standing else None)
        cost = (Money(Decimal(cost_micro) / MICRO, currency)
                if currency is not None and currency_code else None)
        total = cost
        if standing is not None:
            total = standing if total is None else total + standing
        return PeriodTotal(start=start_dt, end=end_dt,
                           energy_kwh=Decimal(delivered) / 1000,
                           energy_received_kwh=Decimal(received) / 1000,
                           cost=cost, standing_charge=standing, total_cost=total,
                           missing_half_hours=max(0, expected - covered),
                           covered_half_hours=covered,
                           uncosted_kwh=Decimal(uncosted - estimated_wh) / 1000,
                           estimated_kwh=Decimal(estimated_wh) / 1000)

    def _estimates(self, meter_id: int, start: int,
                   end: int) -> dict[int, tuple[int, str, int]]:
        """Half hours in [start, end) recorded with no price of their own -> (estimated
        cost in micro-units, currency, Wh), priced by `estimate_price`."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT start, delivered_wh FROM intervals WHERE meter_id = ? AND start >= ? "
                "AND start < ? AND cost_micro IS NULL AND covered_s > 0 "
                "AND delivered_wh IS NOT NULL", (meter_id, start, end)).fetchall()
            if not rows:
                return {}
            known = [KnownPrice(r[0], r[1], Decimal(r[2]), r[3], r[4]) for r in
                     self._conn.execute("SELECT start, end, unit_price, currency, received_at "
                                        "FROM prices WHERE meter_id = ?", (meter_id,))]
        out = {}
        for s, wh in rows:
            price = self.estimate_price(s, known)
            if price is not None:
                out[s] = (int((Decimal(wh) * price[0] * 1000).to_integral_value()), price[1],
                          wh)
        return out

    def daily_use(self, meter: MeterIdentity, first: date, end: date) -> list[DayUse]:
        """Each recorded local day in [first, end): energy, the cost of its energy where
        every half hour of it was priced (None otherwise), and how much of it is covered."""
        meter_id = self._existing_meter_id(meter)
        if meter_id is None:
            return []
        with self._lock:
            rows = self._conn.execute(
                "SELECT day, delivered_wh, cost_micro, covered_half_hours, currency, "
                "uncosted_wh FROM days WHERE meter_id = ? AND day >= ? AND day < ? "
                "ORDER BY day", (meter_id, first.isoformat(), end.isoformat())).fetchall()
        return [DayUse(date.fromisoformat(r[0]), Decimal(r[1]) / 1000,
                       Money(Decimal(r[2]) / MICRO, Currency.from_code(r[4]))
                       if r[2] is not None and r[4] and not r[5] else None, r[3])
                for r in rows]

    def same_period_last_year(self, meter: MeterIdentity, period: Period, *,
                              at: datetime | None = None) -> PeriodTotal:
        from ihd.history.periods import same_period_last_year

        at = at or datetime.now(UTC)
        bounds = same_period_last_year(at, period, self.tz)
        return self._total(meter, bounds.first_day, bounds.end_day, bounds.end)

    def series(self, meter: MeterIdentity, start: datetime, end: datetime,
               bucket: Literal["half_hour", "day", "week", "month"]) -> list[SeriesPoint]:
        meter_id = self._existing_meter_id(meter)
        if bucket == "half_hour":
            return self._half_hours(meter_id, start, end)
        days: dict[str, tuple[int, int, int | None, bool]] = {}
        first = start.astimezone(self.tz).date()
        last = end.astimezone(self.tz).date()
        if bucket == "month" and meter_id is not None:
            by_month = self._months(meter_id, first, last, end)
            if by_month is not None:
                return by_month
        if meter_id is not None:
            with self._lock:
                rows = self._conn.execute(
                    "SELECT day, delivered_wh, received_wh, cost_micro, uncosted_wh FROM days "
                    "WHERE meter_id = ? AND day >= ? AND day <= ?",
                    (meter_id, first.isoformat(), last.isoformat())).fetchall()
            by_day: dict[str, int] = {}
            if any(r[4] for r in rows):  # half hours with no price: estimate them
                for s, (micro, _, _) in self._estimates(
                        meter_id, _ts(local_midnight(first, self.tz)),
                        _ts(local_midnight(last + timedelta(days=1), self.tz))).items():
                    on = self._local_day(s).isoformat()
                    by_day[on] = by_day.get(on, 0) + micro
            for row in rows:
                cost = row[3]
                if row[0] in by_day:
                    cost = (cost or 0) + by_day[row[0]]
                days[row[0]] = (row[1], row[2], cost, row[0] in by_day)
        # Buckets from the rows (a few hundred at most), not by stepping through every
        # day in Python: ten years by month is 120 keys and 3,650 rows.
        last_day = last if local_midnight(last, self.tz) < end else last - timedelta(days=1)

        def key_of(day: date) -> date:
            if bucket == "day":
                return day
            if bucket == "week":
                return day - timedelta(days=day.weekday())
            return day.replace(day=1)

        order: list[date] = []
        key, final = key_of(first), key_of(last_day) if last_day >= first else None
        while final is not None and key <= final:
            order.append(key)
            if bucket == "day":
                key += timedelta(days=1)
            elif bucket == "week":
                key += timedelta(days=7)
            else:
                key = date(key.year + key.month // 12, key.month % 12 + 1, 1)
        buckets: dict[date, list[tuple[int, int, int | None, bool]]] = {k: [] for k in order}
        for text, day_value in days.items():
            day_of = date.fromisoformat(text)
            if first <= day_of <= last_day:
                buckets[key_of(day_of)].append(day_value)
        out = []
        for key in order:
            values = buckets[key]
            if not values:
                out.append(SeriesPoint(local_midnight(key, self.tz), None, None, None))
                continue
            costs = [v[2] for v in values if v[2] is not None]
            out.append(SeriesPoint(local_midnight(key, self.tz),
                                   sum(v[0] for v in values) / 1000,
                                   Decimal(sum(costs)) / MICRO if costs else None,
                                   sum(v[1] for v in values) / 1000,
                                   any(v[3] for v in values)))
        return out

    def _half_hours(self, meter_id: int | None, start: datetime,
                    end: datetime) -> list[SeriesPoint]:
        # Hot path (a year is 17,520 points). Plain SQL does the kWh division and the
        # order; Python walks the rows once, filling gaps, and makes each point by
        # tuple.__new__ (a NamedTuple's own constructor is a Python function: a third of
        # the time), with the time stepped by a timedelta, not made from each stamp.
        with _gc_paused():
            return self._half_hour_points(meter_id, start, end)

    def _half_hour_points(self, meter_id: int | None, start: datetime,
                          end: datetime) -> list[SeriesPoint]:
        first_s, end_s = floor_half_hour(_ts(start)), _ts(end)
        rows: list[tuple[int, float | None, float | None, int | None]] = []
        estimates: dict[int, tuple[int, str, int]] = {}
        micros: list[int | None] = []
        if meter_id is not None:
            with self._lock:
                rows = self._conn.execute(
                    "SELECT start, delivered_wh / 1000.0, received_wh / 1000.0, cost_micro "
                    "FROM intervals WHERE meter_id = ? AND start >= ? AND start < ? "
                    "AND covered_s > 0 AND start % ? = 0 ORDER BY start",
                    (meter_id, first_s, end_s, HALF_HOUR_S)).fetchall()
            micros = list(map(_FOURTH, rows))
            # A half hour with energy but no price of its own is priced by estimate (the
            # rows are scanned in Python only when some cost is missing at all).
            if None in micros and any(r[3] is None and r[1] is not None for r in rows):
                estimates = self._estimates(meter_id, first_s, end_s)
        new, point, step = tuple.__new__, SeriesPoint, timedelta(seconds=HALF_HOUR_S)
        count = len(range(first_s, end_s, HALF_HOUR_S))
        if count and len(rows) == count and not estimates:
            # Every half hour there (on the grid, one row each): columns by zip, the
            # times stepped in C, the points made by map, and each distinct cost made a
            # Decimal once (a year has a few thousand distinct costs in 17,520 half
            # hours; the same exact value, shared) — no loop in Python per point.
            times = itertools.accumulate(itertools.repeat(step, count - 1),
                                         initial=_dt(first_s))
            as_decimal: dict[int | None, Decimal | None] = {
                micro: Decimal(micro) / MICRO for micro in set(micros) if micro is not None}
            as_decimal[None] = None
            costs = map(as_decimal.__getitem__, micros)
            # Columns by itemgetter: zip(*rows) would make an iterator per row.
            return list(map(new, itertools.repeat(point), zip(
                times, map(_SECOND, rows), costs, map(_THIRD, rows), itertools.repeat(False),
                strict=False)))
        points: list[SeriesPoint] = []
        append = points.append
        when, expected = _dt(first_s), first_s
        for s, kwh, received_kwh, micro in rows:
            if s != expected:
                while expected < s:  # a gap: None, not zero
                    append(new(point, (when, None, None, None, False)))
                    when += step
                    expected += HALF_HOUR_S
            estimated = False
            if micro is None and s in estimates:
                micro, estimated = estimates[s][0], True
            append(new(point, (when, kwh, Decimal(micro) / MICRO if micro is not None
                               else None, received_kwh, estimated)))
            when += step
            expected += HALF_HOUR_S
        while expected < end_s:
            append(new(point, (when, None, None, None, False)))
            when += step
            expected += HALF_HOUR_S
        return points

    def _months(self, meter_id: int, first: date, last: date,
                 end: datetime) -> list[SeriesPoint] | None:
        """Months summed by SQLite (a hundred rows for ten years, not 3,650 days through
        Python); None when some day has half hours to price by estimate (the general
        path does that)."""
        last_day = last if local_midnight(last, self.tz) < end else last - timedelta(days=1)
        if last_day < first:
            return []
        span = (meter_id, first.isoformat(), last_day.isoformat())
        with self._lock:
            if self._conn.execute("SELECT 1 FROM days WHERE meter_id = ? AND day >= ? AND "
                                  "day <= ? AND uncosted_wh > 0 LIMIT 1", span).fetchone():
                return None
            rows = {r[0]: r[1:] for r in self._conn.execute(
                "SELECT substr(day, 1, 7), SUM(delivered_wh), SUM(received_wh), "
                "SUM(cost_micro) FROM days WHERE meter_id = ? AND day >= ? AND day <= ? "
                "GROUP BY substr(day, 1, 7)", span)}
        out = []
        month = first.replace(day=1)
        while month <= last_day:
            at = local_midnight(month, self.tz)
            row = rows.get(month.isoformat()[:7])
            if row is None:
                out.append(SeriesPoint(at, None, None, None))
            else:
                out.append(SeriesPoint(at, row[0] / 1000,
                                       Decimal(row[2]) / MICRO if row[2] is not None else None,
                                       row[1] / 1000))
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        return out

    def typical_demand_kw(self, meter: MeterIdentity, at: datetime, *,
                          weeks: int = 4) -> float | None:
        """Average power in this half hour of the week over the last `weeks` weeks."""
        meter_id = self._existing_meter_id(meter)
        if meter_id is None:
            return None
        slot = floor_half_hour(_ts(at))
        starts = [slot - k * 7 * 86400 for k in range(1, weeks + 1)]
        with self._lock:
            rows = self._conn.execute(
                f"SELECT delivered_wh FROM intervals WHERE meter_id = ? AND start IN "
                f"({','.join('?' * len(starts))}) AND covered_s >= 900",
                (meter_id, *starts)).fetchall()
        if not rows:
            return None
        return sum(r[0] for r in rows) / len(rows) * 2 / 1000

    def price_at(self, meter: MeterIdentity, at: datetime) -> Price | None:
        meter_id = self._existing_meter_id(meter)
        if meter_id is None:
            return None
        ts = _ts(at)
        with self._lock:
            row = self._conn.execute(
                "SELECT start, end, received_at, tier, label, unit_price, currency, "
                "generation_price, unit FROM prices WHERE meter_id = ? AND start <= ? AND "
                "(end IS NULL OR end > ?) ORDER BY received_at DESC LIMIT 1",
                (meter_id, ts, ts)).fetchone()
        if row is None:
            return None
        currency = Currency.from_code(row[6])
        return Price(meter=meter, timestamp=_dt(row[2]), origin="history",
                     unit_price=Money(Decimal(row[5]), currency), unit=row[8], tier=row[3],
                     rate_label=row[4], start=_dt(row[0]),
                     duration=None if row[1] is None else timedelta(seconds=row[1] - row[0]),
                     generation_price=(Money(Decimal(row[7]), currency) if row[7] else None))

    def prices_between(self, meter: MeterIdentity, start: datetime,
                       end: datetime) -> list[Price]:
        """Price windows that start in [start, end), latest publication of each."""
        meter_id = self._existing_meter_id(meter)
        if meter_id is None:
            return []
        with self._lock:
            rows = self._conn.execute(
                "SELECT start, MAX(received_at) FROM prices WHERE meter_id = ? AND start >= ? "
                "AND start < ? GROUP BY start ORDER BY start",
                (meter_id, _ts(start), _ts(end))).fetchall()
        found = [self.price_at(meter, _dt(r[0])) for r in rows]
        return [p for p in found if p is not None]

    def _latest_body(self, table: str, meter: MeterIdentity, time_column: str) -> Update | None:
        meter_id = self._existing_meter_id(meter)
        if meter_id is None:
            return None
        with self._lock:
            row = self._conn.execute(
                f"SELECT body FROM {table} WHERE meter_id = ? ORDER BY {time_column} DESC "
                "LIMIT 1", (meter_id,)).fetchone()
        return None if row is None else from_json(json.loads(row[0]))

    def tariff(self, meter: MeterIdentity) -> Tariff | None:
        found = self._latest_body("tariffs", meter, "received_at")
        return found if isinstance(found, Tariff) else None

    def latest_prepayment(self, meter: MeterIdentity) -> PrepaymentState | None:
        found = self._latest_body("prepayment", meter, "ts")
        return found if isinstance(found, PrepaymentState) else None

    def prepayment_history(self, meter: MeterIdentity, since: datetime) -> list[PrepaymentState]:
        meter_id = self._existing_meter_id(meter)
        if meter_id is None:
            return []
        with self._lock:
            rows = self._conn.execute("SELECT body FROM prepayment WHERE meter_id = ? AND "
                                      "ts >= ? ORDER BY ts", (meter_id, _ts(since))).fetchall()
        states = [from_json(json.loads(r[0])) for r in rows]
        return [s for s in states if isinstance(s, PrepaymentState)]

    def top_ups(self, meter: MeterIdentity, limit: int = 20) -> list[TopUpRecord]:
        meter_id = self._existing_meter_id(meter)
        if meter_id is None:
            return []
        with self._lock:
            rows = self._conn.execute(
                "SELECT ts, result, code_masked, value, currency FROM top_ups WHERE "
                "meter_id = ? ORDER BY ts DESC, id DESC LIMIT ?", (meter_id, limit)).fetchall()
        return [TopUpRecord(_dt(r[0]), TopUpResultCode(r[1]), r[2],
                            Money(Decimal(r[3]), Currency.from_code(r[4])) if r[3] else None)
                for r in rows]

    def messages(self, meter: MeterIdentity, *,
                 include_cancelled: bool = False) -> list[StoredMessage]:
        meter_id = self._existing_meter_id(meter)
        if meter_id is None:
            return []
        query = ("SELECT body, confirmed_at, cancelled_at FROM messages WHERE meter_id = ?"
                 + ("" if include_cancelled else " AND cancelled_at IS NULL")
                 + " ORDER BY received_at DESC")
        with self._lock:
            rows = self._conn.execute(query, (meter_id,)).fetchall()
        out = []
        for body, confirmed, cancelled in rows:
            message = from_json(json.loads(body))
            assert isinstance(message, SupplierMessage)
            out.append(StoredMessage(message, _dt(confirmed) if confirmed else None,
                                     _dt(cancelled) if cancelled else None))
        return out

    def mark_message_confirmed(self, meter: MeterIdentity, message_id: int,
                               at: datetime | None = None) -> None:
        with self._write() as conn:
            conn.execute("UPDATE messages SET confirmed_at = ? WHERE meter_id = ? AND "
                         "message_id = ?", (_ts(at or datetime.now(UTC)),
                                            self._meter_id(conn, meter), message_id))

    def export_intervals(self, start: datetime, end: datetime) -> Iterator[dict[str, object]]:
        """Every meter's half hours in [start, end), for the user's own export."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT m.eui64, m.endpoint, m.fuel, i.start, i.delivered_wh, i.received_wh, "
                "i.cost_micro, i.currency, i.source FROM intervals i JOIN meters m "
                "ON m.id = i.meter_id WHERE i.start >= ? AND i.start < ? "
                "ORDER BY m.key, i.start", (_ts(start), _ts(end))).fetchall()
        for r in rows:
            yield {"meter": r[0], "endpoint": r[1], "fuel": r[2],
                   "start": _dt(r[3]).isoformat(),
                   "energy_kwh": str(Decimal(r[4]) / 1000) if r[4] is not None else "",
                   "energy_received_kwh": str(Decimal(r[5]) / 1000) if r[5] is not None else "",
                   "cost": str(Decimal(r[6]) / MICRO) if r[6] is not None else "",
                   "currency": r[7] or "", "source": schema.SOURCES.get(r[8], str(r[8]))}

    # -- change of tenancy -------------------------------------------------------------------

    def wipe_household(self) -> None:
        """Remove everything about the household, leaving no trace in the file. When the
        file cannot be rewritten (a full disk, an I/O error) it is removed instead, which
        needs no space, and an empty one takes its place."""
        try:
            self._wipe_in_place()
        except HistoryError as exc:
            log.warning("clearing the history in place failed (%s): removing the file", exc)
            self._remove_and_recreate()

    def _wipe_in_place(self) -> None:
        with self._write() as conn:
            for table in ("readings", "intervals", "days", "prices", "tariffs", "prepayment",
                          "top_ups", "messages", "meters", "origins"):
                conn.execute(f"DELETE FROM {table}")
        with self._lock:
            self._meter_ids.clear()
            self._fuels.clear()
            self._origin_ids.clear()
            self._standing_cache.clear()
            try:
                self._conn.execute("VACUUM")
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error as exc:
                raise self._write_error(exc) from exc

    def _remove_and_recreate(self) -> None:
        with self._lock:
            self._conn.close()
            try:
                for suffix in ("-wal", "-shm", "-journal", ""):
                    Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            except OSError as exc:
                raise HistoryWriteError(
                    N_("The history file cannot be removed ({reason}): the previous "
                       "household's data is still on this display. Check the disk, then "
                       "try again."), reason=exc.strerror) from exc
            self._open()
