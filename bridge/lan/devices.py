"""Paired displays and pairing PINs, kept in the bridge's state (SQLite).

A PIN opens pairing for one premises (a home: its electricity and gas meters) for a few
minutes; the display that proves it receives a token bound to that premises only. Only
a hash of each token is stored. Wrong PINs are rate-limited per client address.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PIN_TTL_S = 300
MAX_FAILURES = 5
FAILURE_WINDOW_S = 300


class PairingError(Exception):
    """Pairing refused; `status` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Device:
    device_id: int
    name: str
    premises: str
    paired_at: int


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class DeviceRegistry:
    def __init__(self, path: Path) -> None:
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS devices (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
            "premises TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, paired_at INTEGER "
            "NOT NULL, revoked INTEGER NOT NULL DEFAULT 0)")
        self._lock = threading.Lock()
        self._pins: dict[str, tuple[str, float]] = {}  # pin -> (premises, expires)
        self._failures: dict[str, list[float]] = {}

    def open_pairing(self, premises: str, now: float | None = None) -> str:
        """A fresh 6-digit PIN for this premises, valid for PIN_TTL_S seconds."""
        now = time.monotonic() if now is None else now
        with self._lock:
            self._pins = {p: v for p, v in self._pins.items()
                          if v[0] != premises and v[1] > now}
            while True:
                pin = f"{secrets.randbelow(10**6):06d}"
                if pin not in self._pins:
                    break
            self._pins[pin] = (premises, now + PIN_TTL_S)
            return pin

    def pair(self, pin: str, name: str, client: str, now: float | None = None,
             ) -> tuple[str, Device]:
        now = time.monotonic() if now is None else now
        with self._lock:
            recent = [t for t in self._failures.get(client, []) if now - t < FAILURE_WINDOW_S]
            self._failures[client] = recent
            if len(recent) >= MAX_FAILURES:
                raise PairingError("Too many wrong PINs; wait a few minutes.", 429)
            match = None
            for candidate, (premises, expires) in self._pins.items():
                if hmac.compare_digest(candidate, pin) and expires > now:
                    match = (candidate, premises)
            if match is None:
                recent.append(now)
                raise PairingError("That PIN is wrong or has expired.", 403)
            del self._pins[match[0]]  # one PIN, one display
            token = secrets.token_urlsafe(32)
            paired_at = int(time.time())
            cur = self._conn.execute(
                "INSERT INTO devices (name, premises, token_hash, paired_at) VALUES (?,?,?,?)",
                (name[:64], match[1], _hash(token), paired_at))
            return token, Device(int(cur.lastrowid or 0), name[:64], match[1], paired_at)

    def verify(self, token: str) -> Device | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT id, name, premises, paired_at FROM devices WHERE token_hash = ? "
                "AND revoked = 0", (_hash(token),)).fetchone()
        return None if row is None else Device(row[0], row[1], row[2], row[3])

    def list(self) -> list[tuple[Device, bool]]:
        with self._lock:
            rows = self._conn.execute("SELECT id, name, premises, paired_at, revoked FROM "
                                      "devices ORDER BY id").fetchall()
        return [(Device(r[0], r[1], r[2], r[3]), bool(r[4])) for r in rows]

    def revoke(self, device_id: int) -> bool:
        with self._lock:
            return self._conn.execute("UPDATE devices SET revoked = 1 WHERE id = ?",
                                      (device_id,)).rowcount > 0

    def close(self) -> None:
        self._conn.close()
