"""Paired displays and pairing codes, kept in the bridge's state (SQLite).

A code opens pairing for one premises (a home: its electricity and gas meters) for a few
minutes; the display that proves it (SPAKE2, bridge/lan/pairing.py) receives a token
bound to that premises only. Only a hash of each token is stored.

Guessing is bounded per home and per bridge, never per client address (a LAN attacker has
as many addresses as it likes): every try names the home it is for, so it tests one
code; a code is withdrawn after MAX_TRIES_PER_CODE tries that did not pair; and the
whole bridge takes at most MAX_TRIES_PER_WINDOW such tries in any PIN_TTL_S. So in any
pairing window an attacker's chance of pairing to any home is at most
MAX_TRIES_PER_WINDOW / (10**SECRET_DIGITS - MAX_TRIES_PER_CODE) = 5.0e-7 (docs/pairing.md).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import secrets
import sqlite3
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from bridge.lan.pairing import SECRET_DIGITS, BridgeSide, PairingCode, bridge_respond
from bridge.lan.state_db import open_state_db

PIN_TTL_S = 300
MAX_TRIES_PER_CODE = 5
MAX_TRIES_PER_WINDOW = 50
ATTEMPT_TTL_S = 60  # between the two halves of one exchange


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


@dataclass
class _OpenCode:
    premises: str
    code: PairingCode
    expires: float
    tries: int = 0


@dataclass(frozen=True)
class _Attempt:
    code: PairingCode
    premises: str
    name: str
    expected: bytes
    started: float


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _schema(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS devices (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
        "premises TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, paired_at INTEGER "
        "NOT NULL, revoked INTEGER NOT NULL DEFAULT 0)")


class DeviceRegistry:
    def __init__(self, path: Path, *, secret_digits: int = SECRET_DIGITS) -> None:
        self._conn = open_state_db(
            path, what="the table of paired displays",
            lost="every display's pairing (pair them again with new codes)", schema=_schema)
        self._lock = threading.Lock()
        # Token checks read through their own connection: in WAL mode a reader never waits
        # for a writer, so a pairing stuck behind another process's lock (it waits off the
        # event loop) does not hold up every display's requests.
        self._reader = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._read_lock = threading.Lock()
        self.secret_digits = secret_digits
        self._codes: dict[int, _OpenCode] = {}  # slot -> open code
        self._slots: dict[str, int] = {}  # premises -> its slot number, stable
        self._tries: deque[float] = deque()  # bridge-wide tries not (yet) paired
        self._attempts: dict[str, _Attempt] = {}

    # -- pairing ---------------------------------------------------------------------

    def open_pairing(self, premises: str, now: float | None = None) -> str:
        """A fresh code for this premises, valid for PIN_TTL_S seconds."""
        now = time.monotonic() if now is None else now
        with self._lock:
            slot = self._slots.setdefault(premises, len(self._slots) + 1)
            secret = f"{secrets.randbelow(10**self.secret_digits):0{self.secret_digits}d}"
            code = PairingCode(slot, secret)
            self._codes[slot] = _OpenCode(premises, code, now + PIN_TTL_S)
            return str(code)

    def _prune(self, now: float) -> None:
        while self._tries and now - self._tries[0] >= PIN_TTL_S:
            self._tries.popleft()
        self._codes = {s: c for s, c in self._codes.items() if c.expires > now}
        self._attempts = {k: a for k, a in self._attempts.items()
                          if now - a.started < ATTEMPT_TTL_S}

    def begin(self, slot: int, display_message: bytes, name: str, fingerprint: str,
              now: float | None = None) -> tuple[str, BridgeSide]:
        """The bridge's half of one exchange for the code numbered `slot`; this counts
        as a try until `finish` proves the display had the code."""
        now = time.monotonic() if now is None else now
        with self._lock:
            self._prune(now)
            if len(self._tries) >= MAX_TRIES_PER_WINDOW:
                raise PairingError("Too many pairing tries on this bridge; wait a few "
                                   "minutes.", 429)
            open_code = self._codes.get(slot)
            if open_code is None:
                raise PairingError("No pairing code with that number is open on the bridge "
                                   "(codes last 5 minutes).", 403)
            if open_code.tries >= MAX_TRIES_PER_CODE:
                raise PairingError("That pairing code was tried too often and is withdrawn; "
                                   "open pairing again on the bridge.", 403)
            side = bridge_respond(open_code.code, fingerprint, display_message)
            open_code.tries += 1
            self._tries.append(now)
            attempt_id = secrets.token_urlsafe(16)
            self._attempts[attempt_id] = _Attempt(open_code.code, open_code.premises,
                                                  name[:64], side.expected, now)
            return attempt_id, side

    def finish(self, attempt_id: str, display_confirm: bytes, now: float | None = None,
               ) -> tuple[str, Device]:
        now = time.monotonic() if now is None else now
        with self._lock:
            self._prune(now)
            attempt = self._attempts.pop(attempt_id, None)
            if attempt is None:
                raise PairingError("That pairing attempt is unknown or too old; start "
                                   "again.", 403)
            if not hmac.compare_digest(display_confirm, attempt.expected):
                raise PairingError("That pairing code is wrong or has expired.", 403)
            open_code = self._codes.get(attempt.code.slot)
            if open_code is None or open_code.code != attempt.code:
                raise PairingError("That pairing code is wrong or has expired.", 403)
            del self._codes[attempt.code.slot]  # one code, one display
            with contextlib.suppress(ValueError):  # unless it aged out of the window
                self._tries.remove(attempt.started)  # a right try is not a guess
            token = secrets.token_urlsafe(32)
            paired_at = int(time.time())
            cur = self._conn.execute(
                "INSERT INTO devices (name, premises, token_hash, paired_at) VALUES (?,?,?,?)",
                (attempt.name, attempt.premises, _hash(token), paired_at))
            return token, Device(int(cur.lastrowid or 0), attempt.name, attempt.premises,
                                 paired_at)

    # -- paired displays -------------------------------------------------------------

    def verify(self, token: str) -> Device | None:
        with self._read_lock:
            row = self._reader.execute(
                "SELECT id, name, premises, paired_at FROM devices WHERE token_hash = ? "
                "AND revoked = 0", (_hash(token),)).fetchone()
        return None if row is None else Device(row[0], row[1], row[2], row[3])

    def revoked_ids(self) -> set[int]:
        with self._lock:
            return {r[0] for r in self._conn.execute("SELECT id FROM devices WHERE revoked")}

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
        self._reader.close()
        self._conn.close()
