"""A change of tenancy on a disk that cannot take another byte: clearing the history in
place needs space (SQLite writes every changed page to its log first), so the file is
removed instead, which needs none, and the next household starts on an empty one.

The limit is real: the wipe runs in a child process whose file-size limit
(RLIMIT_FSIZE) makes the kernel refuse any write past it, as a full disk refuses."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ihd.history.store import HistoryStore
from tests.ihd.history.test_store import DAY, ELEC, readings

WIPE_UNDER_A_LIMIT = """
import resource, signal, sys
from datetime import UTC, datetime
from decimal import Decimal
from bridge.model import Fuel, MeterIdentity, MeterReading
from ihd.history.store import HistoryStore

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a refused write is an error, not a kill
store = HistoryStore(sys.argv[1])
limit = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))
store.wipe_household()
newcomer = MeterIdentity("00:0d:6f:00:0b:00:00:99", 1, Fuel.ELECTRICITY)
store.ingest([MeterReading(newcomer, datetime(2026, 2, 1, tzinfo=UTC), "test",
                           energy_delivered_kwh=Decimal("5.000"))])
print(len(store.meters()), store.meters()[0].eui64)
"""


def _file_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.glob("history.sqlite3*")))


def test_a_wipe_that_cannot_write_removes_the_file_and_leaves_no_trace(
        tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    store = HistoryStore(db)
    for day in range(6):  # the previous household: six days of 10 s readings
        store.ingest(readings(DAY.replace(day=14 + day), 24, 0.4,
                              register_wh=1_000_000 + day * 10_000))
    store.close()
    size = db.stat().st_size
    assert size > 1_000_000 and ELEC.eui64.encode() in _file_bytes(tmp_path)
    limit = 256 * 1024  # room for a new, empty history; not for rewriting the old one

    done = subprocess.run([sys.executable, "-c", WIPE_UNDER_A_LIMIT, str(db), str(limit)],
                          capture_output=True, text=True, timeout=120)

    assert done.returncode == 0, done.stderr
    assert "clearing the history in place failed" in done.stderr  # the limit was hit
    assert done.stdout.split() == ["1", "00:0d:6f:00:0b:00:00:99"]  # the newcomer's only
    assert ELEC.eui64.encode() not in _file_bytes(tmp_path)
    assert (db.stat().st_mode & 0o777) == 0o600  # still private
    reopened = HistoryStore(db)
    assert [m.eui64 for m in reopened.meters()] == ["00:0d:6f:00:0b:00:00:99"]
    reopened.close()


def test_a_wipe_with_room_keeps_the_file_and_leaves_no_trace(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    store = HistoryStore(db)
    store.ingest(readings(DAY, 24, 0.4))
    inode = db.stat().st_ino
    store.wipe_household()
    assert store.meters() == []
    store.close()
    assert db.stat().st_ino == inode  # cleared in place: nothing needed removing
    assert ELEC.eui64.encode() not in _file_bytes(tmp_path)
