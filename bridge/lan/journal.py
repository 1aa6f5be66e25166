"""A bounded journal of updates per premises, so a display that was off gets exactly
what it missed: every update has a sequence number that only grows, also across bridge
restarts (SQLite), and a display asks for what came after the last one it saw."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path

from bridge.codec import to_json
from bridge.model import Update


class Journal:
    def __init__(self, path: Path, retention_days: float = 30) -> None:
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS journal (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
            "premises TEXT NOT NULL, at INTEGER NOT NULL, body TEXT NOT NULL)")
        self._conn.execute("CREATE INDEX IF NOT EXISTS by_premises ON journal (premises, seq)")
        self.retention_s = retention_days * 86400
        self._lock = threading.Lock()

    def append(self, premises: str, updates: list[Update]) -> list[tuple[int, dict[str, object]]]:
        return self.append_batch([(premises, update) for update in updates])

    def append_batch(self, entries: list[tuple[str, Update]],
                     ) -> list[tuple[int, dict[str, object]]]:
        """Journal updates of any premises in ONE transaction (one commit, one fsync of
        the WAL at most); returns (seq, body) per entry, in order. The server sends an
        entry to displays only after this returns, so a seq a display has seen is on disk
        and a bridge killed mid-batch never hands the same seq to another update."""
        now = int(time.time())
        out = []
        with self._lock:
            self._conn.execute("BEGIN")
            try:
                for premises, update in entries:
                    body = to_json(update)
                    cur = self._conn.execute("INSERT INTO journal (premises, at, body) "
                                             "VALUES (?,?,?)",
                                             (premises, now, json.dumps(body)))
                    out.append((int(cur.lastrowid or 0), body))
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

    def last_seq(self) -> int:
        with self._lock:
            row = self._conn.execute("SELECT MAX(seq) FROM journal").fetchone()
        return int(row[0] or 0)

    def prune(self, now: float | None = None) -> int:
        cutoff = int((now or time.time()) - self.retention_s)
        with self._lock:
            return self._conn.execute("DELETE FROM journal WHERE at < ?", (cutoff,)).rowcount

    def close(self) -> None:
        self._conn.close()
