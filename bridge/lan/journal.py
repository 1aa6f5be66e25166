"""A bounded journal of updates per premises, so a display that was off gets exactly
what it missed: every update has a sequence number that only grows, also across bridge
restarts (SQLite), and a display asks for what came after the last one it saw.

Sequence numbers mean something only within one journal's history. A journal that was
reset (a damaged file moved aside) or restored from an older copy would restart or
repeat them, and a display that skips what it has "already seen" would starve. So every
start of the journal gets a new random epoch, recorded with the first number it will
give; a display resumes with (epoch, last number) and the journal says whether that
point is in its own history (`continues`). If not, the display resynchronises from the
bridge's snapshot and the meter's own log.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
import time
from datetime import datetime
from pathlib import Path

from bridge.codec import to_json
from bridge.lan.state_db import open_state_db
from bridge.model import Update


def _schema(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS journal (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
        "premises TEXT NOT NULL, at INTEGER NOT NULL, body TEXT NOT NULL)")
    conn.execute("CREATE INDEX IF NOT EXISTS by_premises ON journal (premises, seq)")
    conn.execute("CREATE TABLE IF NOT EXISTS epochs (epoch TEXT PRIMARY KEY, "
                 "first_seq INTEGER NOT NULL, started INTEGER NOT NULL)")
    conn.execute("CREATE TABLE IF NOT EXISTS households (premises TEXT PRIMARY KEY, "
                 "since TEXT NOT NULL)")
    conn.execute("CREATE TABLE IF NOT EXISTS tenancy_due (premises TEXT PRIMARY KEY, "
                 "effective TEXT NOT NULL)")


class Journal:
    def __init__(self, path: Path, retention_days: float = 30) -> None:
        self._conn = open_state_db(
            path, what="the journal", schema=_schema, pragmas=("PRAGMA synchronous=NORMAL",),
            lost="the updates kept for displays that were off (they catch up from the "
                 "bridge's latest values and the meter's own log)")
        self.retention_s = retention_days * 86400
        self._lock = threading.Lock()
        self.epoch = secrets.token_hex(8)
        self._conn.execute("INSERT INTO epochs (epoch, first_seq, started) VALUES (?,?,?)",
                           (self.epoch, self._last_issued() + 1, int(time.time())))

    def _last_issued(self) -> int:
        # AUTOINCREMENT keeps the highest number ever given, even after pruning.
        row = self._conn.execute(
            "SELECT seq FROM sqlite_sequence WHERE name = 'journal'").fetchone()
        return int(row[0]) if row else 0

    def append(self, premises: str, updates: list[Update]) -> list[tuple[int, dict[str, object]]]:
        return self.append_batch([(premises, update) for update in updates])

    def append_batch(self, entries: list[tuple[str, Update]],
                     ) -> list[tuple[int, dict[str, object]]]:
        """Journal updates of any premises in ONE transaction (one commit, one fsync of
        the WAL at most); returns (seq, body) per entry, in order. The server sends an
        entry to displays only after this returns, so a seq a display has seen is on disk
        and a bridge killed mid-batch never hands the same seq to another update."""
        return [(seq, body) for seq, body, _ in self.append_frames(entries)]

    def append_frames(self, entries: list[tuple[str, Update]],
                      ) -> list[tuple[int, dict[str, object], str]]:
        """`append_batch`, with each entry's stream frame `{"seq": N, "update": ...}` as
        `since_frames` builds it: encoded once here, sent as is to every display."""
        now = int(time.time())
        out = []
        with self._lock:
            self._conn.execute("BEGIN")
            try:
                for premises, update in entries:
                    body = to_json(update)
                    text = json.dumps(body)
                    cur = self._conn.execute("INSERT INTO journal (premises, at, body) "
                                             "VALUES (?,?,?)", (premises, now, text))
                    seq = int(cur.lastrowid or 0)
                    out.append((seq, body, f'{{"seq": {seq}, "update": {text}}}'))
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
        return out

    def since(self, premises: str, seq: int, limit: int = 5000) -> list[tuple[int, dict]]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT seq, body FROM journal WHERE premises = ? AND seq > ? ORDER BY seq "
                "LIMIT ?", (premises, seq, limit)).fetchall()
        return [(r[0], json.loads(r[1])) for r in rows]

    def since_frames(self, premises: str, seq: int, limit: int) -> list[tuple[int, str]]:
        """The same entries as stream frames, `{"seq": N, "update": ...}`, built from the
        stored text: a page held for a slow display is strings, not parsed objects."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT seq, body FROM journal WHERE premises = ? AND seq > ? ORDER BY seq "
                "LIMIT ?", (premises, seq, limit)).fetchall()
        return [(r[0], f'{{"seq": {r[0]}, "update": {r[1]}}}') for r in rows]

    def start_household(self, premises: str, first_seq: int, since: datetime) -> int:
        """A change of tenancy took effect: the previous occupier's entries (before
        `first_seq`) are deleted, never handed to the new household's displays, and when
        the new household began is kept. Returns how many entries went."""
        with self._lock:
            self._conn.execute("BEGIN")
            gone = self._conn.execute("DELETE FROM journal WHERE premises = ? AND seq < ?",
                                      (premises, first_seq)).rowcount
            self._conn.execute("INSERT OR REPLACE INTO households VALUES (?, ?)",
                               (premises, since.isoformat()))
            self._conn.execute("DELETE FROM tenancy_due WHERE premises = ?", (premises,))
            self._conn.execute("COMMIT")
        return int(gone)

    def tenancy_announced(self, premises: str, effective: datetime) -> None:
        """Kept until it takes effect, so a bridge restarted in between still acts on it."""
        with self._lock:
            self._conn.execute("INSERT OR REPLACE INTO tenancy_due VALUES (?, ?)",
                               (premises, effective.isoformat()))

    def tenancies_due(self) -> dict[str, datetime]:
        with self._lock:
            rows = self._conn.execute("SELECT premises, effective FROM tenancy_due").fetchall()
        return {r[0]: datetime.fromisoformat(r[1]) for r in rows}

    def households(self) -> dict[str, datetime]:
        """When each premises' current household began (if a change of tenancy said)."""
        with self._lock:
            rows = self._conn.execute("SELECT premises, since FROM households").fetchall()
        return {r[0]: datetime.fromisoformat(r[1]) for r in rows}

    def last_seq(self) -> int:
        with self._lock:
            return self._last_issued()

    def continues(self, epoch: str, seq: int) -> bool:
        """Whether `seq`, seen by a display in `epoch`, is a point in this journal's own
        history (so the numbers after it are the ones that display has not had)."""
        with self._lock:
            row = self._conn.execute("SELECT first_seq FROM epochs WHERE epoch = ?",
                                     (epoch,)).fetchone()
            if row is None:
                return False  # an epoch this journal never had: reset or restored
            after = self._conn.execute(
                "SELECT MIN(first_seq) FROM epochs WHERE first_seq > ?", (row[0],)).fetchone()
            limit = (int(after[0]) - 1) if after and after[0] is not None \
                else self._last_issued()
        return seq <= limit

    def prune(self, now: float | None = None) -> int:
        cutoff = int((now or time.time()) - self.retention_s)
        with self._lock:
            return self._conn.execute("DELETE FROM journal WHERE at < ?", (cutoff,)).rowcount

    def close(self) -> None:
        with self._lock:  # an append still running in a worker thread finishes first
            self._conn.close()
