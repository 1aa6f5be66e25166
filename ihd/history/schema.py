"""The history file's schema and its migrations.

Each migration takes a file from version N-1 to N inside one transaction; `user_version`
records where a file is. A file from a newer OpenIHD is refused rather than damaged.

Storage choices: energy as integer watt-hours, money as integer micro-units of the
currency (exact for any price with up to six decimals), times as unix seconds (UTC).
Tables keyed by (meter, time) are WITHOUT ROWID so a time-range read is one B-tree scan.
Words repeated on every row are small integers (SQLite stores 0 and 1 in no bytes at
all): where a half hour's figure came from (SOURCES) and which program sent a reading
(the `origins` table).

Schema and migrations are plain SQL (DDL here, run statement by statement in one
transaction per version): sqlite-utils, which the project once opened the file with,
cannot make or transform WITHOUT ROWID tables (its create() makes rowid tables and its
transform() copies the rowid), and the store does not import it, so a display starts
without it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

V1 = """
CREATE TABLE meters (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    eui64 TEXT NOT NULL,
    endpoint INTEGER NOT NULL,
    fuel TEXT NOT NULL
);
CREATE TABLE readings (
    meter_id INTEGER NOT NULL REFERENCES meters(id),
    ts INTEGER NOT NULL,
    delivered_wh INTEGER,
    received_wh INTEGER,
    demand_w INTEGER,
    volume_l INTEGER,
    origin TEXT NOT NULL,
    PRIMARY KEY (meter_id, ts)
) WITHOUT ROWID;
CREATE TABLE intervals (
    meter_id INTEGER NOT NULL REFERENCES meters(id),
    start INTEGER NOT NULL,
    delivered_wh INTEGER,
    received_wh INTEGER,
    covered_s INTEGER NOT NULL,
    cost_micro INTEGER,
    currency TEXT,
    source TEXT NOT NULL,
    PRIMARY KEY (meter_id, start)
) WITHOUT ROWID;
CREATE TABLE prices (
    meter_id INTEGER NOT NULL REFERENCES meters(id),
    start INTEGER NOT NULL,
    end INTEGER,
    received_at INTEGER NOT NULL,
    tier INTEGER NOT NULL,
    label TEXT NOT NULL,
    unit_price TEXT NOT NULL,
    currency TEXT NOT NULL,
    generation_price TEXT,
    unit INTEGER NOT NULL,
    PRIMARY KEY (meter_id, start, received_at)
) WITHOUT ROWID;
CREATE TABLE tariffs (
    meter_id INTEGER NOT NULL REFERENCES meters(id),
    received_at INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (meter_id, received_at)
) WITHOUT ROWID;
CREATE TABLE prepayment (
    meter_id INTEGER NOT NULL REFERENCES meters(id),
    ts INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (meter_id, ts)
) WITHOUT ROWID;
CREATE TABLE top_ups (
    id INTEGER PRIMARY KEY,
    meter_id INTEGER NOT NULL REFERENCES meters(id),
    ts INTEGER NOT NULL,
    result INTEGER NOT NULL,
    code_masked TEXT NOT NULL,
    value TEXT,
    currency TEXT
);
CREATE TABLE messages (
    meter_id INTEGER NOT NULL REFERENCES meters(id),
    message_id INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    body TEXT NOT NULL,
    confirmed_at INTEGER,
    cancelled_at INTEGER,
    PRIMARY KEY (meter_id, message_id)
) WITHOUT ROWID;
"""

# v2: a per-local-day rollup so that week, month and year totals read at most 366 rows,
# and an index for the top-up log.
V2 = """
CREATE TABLE days (
    meter_id INTEGER NOT NULL REFERENCES meters(id),
    day TEXT NOT NULL,
    delivered_wh INTEGER NOT NULL,
    received_wh INTEGER NOT NULL,
    cost_micro INTEGER,
    uncosted_wh INTEGER NOT NULL,
    covered_half_hours INTEGER NOT NULL,
    currency TEXT,
    PRIMARY KEY (meter_id, day)
) WITHOUT ROWID;
CREATE INDEX top_ups_by_meter ON top_ups (meter_id, ts);
"""


def _run(conn: sqlite3.Connection, script: str) -> None:
    # Statement by statement: executescript() would commit mid-migration.
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _v1(conn: sqlite3.Connection) -> None:
    _run(conn, V1)


def _v2(conn: sqlite3.Connection) -> None:
    _run(conn, V2)
    # Days are rebuilt from the intervals by the store after migrating (it knows the
    # household's time zone); mark that they need it.
    conn.execute("CREATE TABLE IF NOT EXISTS pending (what TEXT PRIMARY KEY)")
    conn.execute("INSERT OR IGNORE INTO pending VALUES ('rebuild_days')")


# intervals.source: where the half hour's figure came from.
REGISTER, PROFILE = 0, 1  # derived from register readings; the meter's own interval log
SOURCES = {REGISTER: "register", PROFILE: "profile"}

# v3: a smaller file (10 years of half hours and 90 days of 10 s readings: 35.5 MB ->
# 28.3 MB written afresh, 24.9 MB for an upgraded file, compacted after upgrading).
# readings.origin (the sending program's name, on every 10 s row) becomes an id in
# `origins`; intervals.source 'register'/'profile' becomes 0/1. Both tables are rebuilt
# (SQLite cannot change a column's type in place), keeping every row and value: a
# source other than the two known is kept as its text.
V3 = f"""
CREATE TABLE origins (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
INSERT INTO origins (name) SELECT DISTINCT origin FROM readings ORDER BY origin;
CREATE TABLE readings_v3 (
    meter_id INTEGER NOT NULL REFERENCES meters(id),
    ts INTEGER NOT NULL,
    delivered_wh INTEGER,
    received_wh INTEGER,
    demand_w INTEGER,
    volume_l INTEGER,
    origin_id INTEGER NOT NULL REFERENCES origins(id),
    PRIMARY KEY (meter_id, ts)
) WITHOUT ROWID;
INSERT INTO readings_v3 SELECT r.meter_id, r.ts, r.delivered_wh, r.received_wh, r.demand_w,
    r.volume_l, o.id FROM readings r JOIN origins o ON o.name = r.origin;
DROP TABLE readings;
ALTER TABLE readings_v3 RENAME TO readings;
CREATE TABLE intervals_v3 (
    meter_id INTEGER NOT NULL,
    start INTEGER NOT NULL,
    delivered_wh INTEGER,
    received_wh INTEGER,
    covered_s INTEGER NOT NULL,
    cost_micro INTEGER,
    currency TEXT,
    source INTEGER NOT NULL,
    PRIMARY KEY (meter_id, start)
) WITHOUT ROWID;
INSERT INTO intervals_v3 SELECT meter_id, start, delivered_wh, received_wh, covered_s,
    cost_micro, currency, CASE source WHEN 'register' THEN {REGISTER}
    WHEN 'profile' THEN {PROFILE} ELSE source END FROM intervals;
DROP TABLE intervals;
ALTER TABLE intervals_v3 RENAME TO intervals
"""


def _v3(conn: sqlite3.Connection) -> None:
    before = [conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
              for t in ("readings", "intervals")]
    _run(conn, V3)
    after = [conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
             for t in ("readings", "intervals")]
    if before != after:  # never expected: refuse rather than lose a row
        raise sqlite3.IntegrityError(f"migration to v3 kept {after} of {before} rows")


# v4: intervals.meter_id no longer declared a foreign key. SQLite checked it on every
# half hour written (a tenth of a ten-year backfill's time); the store makes a meter's
# row in the same transaction as its half hours, reloads its ids after a rollback, and
# a change of tenancy clears intervals with the meters. v3 now makes the table that
# way; a file made by v3 as it first was (with the key) is rebuilt, every row kept.
V4 = """
CREATE TABLE intervals_v4 (
    meter_id INTEGER NOT NULL,
    start INTEGER NOT NULL,
    delivered_wh INTEGER,
    received_wh INTEGER,
    covered_s INTEGER NOT NULL,
    cost_micro INTEGER,
    currency TEXT,
    source INTEGER NOT NULL,
    PRIMARY KEY (meter_id, start)
) WITHOUT ROWID;
INSERT INTO intervals_v4 SELECT meter_id, start, delivered_wh, received_wh, covered_s,
    cost_micro, currency, source FROM intervals;
DROP TABLE intervals;
ALTER TABLE intervals_v4 RENAME TO intervals
"""


def _v4(conn: sqlite3.Connection) -> None:
    if not conn.execute("SELECT 1 FROM pragma_foreign_key_list('intervals')").fetchone():
        return  # made by v3 without the key: nothing to rebuild
    before = conn.execute("SELECT COUNT(*) FROM intervals").fetchone()[0]
    _run(conn, V4)
    after = conn.execute("SELECT COUNT(*) FROM intervals").fetchone()[0]
    if before != after:  # never expected: refuse rather than lose a row
        raise sqlite3.IntegrityError(f"migration to v4 kept {after} of {before} rows")


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1, _v2, _v3, _v4]
LATEST = len(MIGRATIONS)


class NewerSchemaError(Exception):
    pass


def version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, *, upto: int = LATEST) -> int:
    """Bring the file to `upto`; returns the version it was at. `conn` must be in
    autocommit mode (isolation_level=None): each step is its own transaction."""
    start = version(conn)
    if start > LATEST:
        raise NewerSchemaError(
            f"This history file was written by a newer OpenIHD (schema {start}).")
    for number in range(start + 1, upto + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[number - 1](conn)
            conn.execute(f"PRAGMA user_version = {number}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return start
