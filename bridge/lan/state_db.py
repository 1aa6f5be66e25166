"""Opening the bridge's state databases: owner-only, checked, and never a crash loop.

A damaged file (a worn SD card, a cut power line) is moved aside with a message that
names it and says what was lost, and a fresh one takes its place: under systemd a bridge
that exits on a bad file restarts into the same bad file, and every home is down.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)


class StateError(Exception):
    """The state folder cannot be used; the words say what to do."""


def check_writable(state_dir: Path) -> None:
    """A plain message for a read-only or foreign state folder, before anything starts."""
    try:
        state_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        probe = state_dir / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise StateError(f"The bridge cannot write to its state folder {state_dir} "
                         f"({exc.strerror or exc}). Give the bridge's user write access "
                         f"to it, or choose another with --state-dir.") from None


def _owner_only(path: Path) -> None:
    # Created 0600 before SQLite opens it (its -wal/-shm files copy these permissions);
    # a file made earlier under a looser umask is tightened.
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def move_aside(path: Path) -> Path:
    """Rename a damaged file (and its -wal/-shm) to NAME.damaged-TIME, kept for a look."""
    aside = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%dT%H%M%S')}")
    n = 1
    while aside.exists():
        aside, n = aside.with_name(f"{aside.name}.{n}"), n + 1
    path.replace(aside)
    for suffix in ("-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            extra.replace(aside.with_name(aside.name + suffix))
    return aside


def _connect(path: Path, schema: Callable[[sqlite3.Connection], None],
             pragmas: tuple[str, ...]) -> sqlite3.Connection:
    _owner_only(path)
    conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        for pragma in pragmas:
            conn.execute(pragma)
        result = conn.execute("PRAGMA quick_check").fetchone()
        if result is None or result[0] != "ok":
            raise sqlite3.DatabaseError(f"integrity check: {result[0] if result else '?'}")
        schema(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def open_state_db(path: Path, *, what: str, lost: str,
                  schema: Callable[[sqlite3.Connection], None],
                  pragmas: tuple[str, ...] = ()) -> sqlite3.Connection:
    """`what` names the file for a person ("the journal"); `lost` says what a fresh one
    does not have."""
    try:
        return _connect(path, schema, pragmas)
    except PermissionError as exc:
        raise StateError(f"The bridge cannot open {what} ({path}): {exc.strerror}. Give "
                         f"the bridge's user write access to it.") from None
    except sqlite3.DatabaseError as exc:
        if not os.access(path.parent, os.W_OK) or (path.exists()
                                                   and not os.access(path, os.W_OK)):
            raise StateError(f"The bridge cannot write {what} ({path}): the file or its "
                             f"folder is read-only.") from None
        damage = str(exc)
    aside = move_aside(path)
    message = (f"{what.capitalize()} ({path}) was damaged ({damage}); it was moved to "
               f"{aside.name} and a fresh one started. Lost: {lost}.")
    log.error("%s", message)  # logging's last resort writes it to stderr if nothing else
    return _connect(path, schema, pragmas)
