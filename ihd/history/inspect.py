"""What a history file holds, for a person or a support visit: `ihd history inspect`.

Read with sqlite-utils, which is made for this (tables, their columns, counts and
schema), on a read-only connection so that looking never changes the file. The store's
own reads and writes stay plain SQL (see ihd.history.schema for why).
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils


@dataclass(frozen=True)
class TableSummary:
    name: str
    rows: int
    columns: list[str]  # "name TYPE"
    rowid: bool  # False: WITHOUT ROWID, one B-tree keyed by its primary key


@dataclass(frozen=True)
class MeterSummary:
    meter: str  # EUI-64/endpoint
    fuel: str
    half_hours: int
    first_half_hour: str | None  # ISO 8601, UTC
    last_half_hour: str | None
    readings_kept: int  # raw readings: pruned after the retention period
    oldest_reading: str | None


@dataclass(frozen=True)
class Inspection:
    path: str
    size_bytes: int
    schema_version: int
    tables: list[TableSummary] = field(default_factory=list)
    meters: list[MeterSummary] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _iso(ts: int | None) -> str | None:
    return None if ts is None else datetime.fromtimestamp(ts, UTC).isoformat()


def inspect(path: Path) -> Inspection:
    """Raises sqlite3.DatabaseError when the file is not a (readable) SQLite file."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        db = sqlite_utils.Database(conn)
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        tables = [TableSummary(name=t.name, rows=t.count,
                               columns=[f"{c.name} {c.type}".strip() for c in t.columns],
                               rowid="WITHOUT ROWID" not in t.schema.upper())
                  for t in db.tables]
        meters = []
        names = set(db.table_names())
        if {"meters", "intervals", "readings"} <= names:
            for meter in db["meters"].rows_where(order_by="id"):
                first, last, half_hours = db.execute(
                    "SELECT min(start), max(start), count(*) FROM intervals "
                    "WHERE meter_id = ?", [meter["id"]]).fetchone()
                kept, oldest = db.execute(
                    "SELECT count(*), min(ts) FROM readings WHERE meter_id = ?",
                    [meter["id"]]).fetchone()
                meters.append(MeterSummary(
                    meter=f"{meter['eui64']}/{meter['endpoint']}", fuel=meter["fuel"],
                    half_hours=half_hours, first_half_hour=_iso(first),
                    last_half_hour=_iso(last), readings_kept=kept,
                    oldest_reading=_iso(oldest)))
        return Inspection(path=str(path), size_bytes=path.stat().st_size,
                          schema_version=version, tables=tables, meters=meters)
    finally:
        conn.close()


def as_text(found: Inspection) -> str:
    lines = [f"{found.path}: {found.size_bytes / 1e6:.1f} MB, schema version "
             f"{found.schema_version}"]
    for m in found.meters:
        span = (f"{m.first_half_hour} to {m.last_half_hour}" if m.half_hours
                else "no half hours yet")
        lines.append(f"  {m.fuel} meter {m.meter}: {m.half_hours} half hours, {span}; "
                     f"{m.readings_kept} raw readings kept"
                     + (f" since {m.oldest_reading}" if m.oldest_reading else ""))
    lines.append("  tables:")
    width = max((len(t.name) for t in found.tables), default=0)
    for t in found.tables:
        kind = "" if t.rowid else "  (WITHOUT ROWID)"
        lines.append(f"    {t.name:<{width}}  {t.rows:>9} rows  {', '.join(t.columns)}{kind}")
    return "\n".join(lines) + "\n"
