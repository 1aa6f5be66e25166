"""The bridge's state files against damage, restores and careless folders: a journal
restored from an old copy makes displays resync instead of starving; a damaged journal or
device table is moved aside with words naming it; files are owner-only; a read-only
folder is said in words."""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import stat
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bridge.lan.devices import DeviceRegistry
from bridge.lan.journal import Journal
from bridge.lan.service import open_pairing, serve
from bridge.model import MeterReading, SourceStatus
from bridge.sources.bridge_client import BridgeClientSource, pair_with_bridge
from bridge.sources.sim import SimSource
from tests.bridge.lan.pairing_util import pair_locally

EVENING = datetime(2026, 1, 14, 18, tzinfo=UTC)


def _backup(path: Path, to: Path) -> None:
    src, dst = sqlite3.connect(path), sqlite3.connect(to)
    src.backup(dst)
    src.close()
    dst.close()


def _restore(copy: Path, path: Path) -> None:
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    copy.replace(path)


async def _reading(stream, seconds: float) -> MeterReading:
    async with asyncio.timeout(seconds):
        while True:
            update = await stream.get()
            if isinstance(update, MeterReading):
                return update


async def test_a_journal_restored_from_an_old_copy_makes_the_display_resync(tmp_path: Path):
    state = tmp_path / "state"
    source = SimSource(seed=5, speed=60, homes=1, start=EVENING, solar=False)
    await source.start()
    running = await serve(source, state_dir=state, host="127.0.0.1", port=0,
                          advertise=False)
    open_pairing(running, source)
    url, port = f"https://127.0.0.1:{running.port}", running.port
    journal_path = state / "journal.sqlite3"
    _backup(journal_path, tmp_path / "old-copy.sqlite3")  # "last month's" copy
    # A month goes by: a million updates later (numbers only; the rows would be pruned).
    running.journal._conn.execute("INSERT INTO journal VALUES (1000000, 'x', 0, '{}')")
    running.journal._conn.execute("DELETE FROM journal WHERE seq = 1000000")
    pairing = await pair_with_bridge(url, running.pins["home-1"], "d",
                                     running.identity.fingerprint)
    display = BridgeClientSource(pairing, backoff_s=(0.2, 0.5))
    stream = display.subscribe()
    await display.start()
    try:
        await _reading(stream, 10)
        assert display.last_seq > 1_000_000 and display.epoch == running.journal.epoch
        await running.stop()
        _restore(tmp_path / "old-copy.sqlite3", journal_path)  # the SD card restored
        running = await serve(source, state_dir=state, host="127.0.0.1", port=port,
                              advertise=False)
        assert running.journal.last_seq() < 1_000_000
        said = []
        async with asyncio.timeout(10):  # never "Connected" while receiving nothing
            while True:
                update = await stream.get()
                if isinstance(update, SourceStatus):
                    said.append(update.detail)
                if isinstance(update, MeterReading) and any("restored" in s for s in said):
                    break
        reading = await _reading(stream, 10)  # and live readings flow again
        assert reading is not None and display.last_seq <= running.journal.last_seq()
        assert display.epoch == running.journal.epoch
    finally:
        await display.stop()
        await running.stop()
        await source.stop()


def test_journal_epochs_tell_a_continuing_history_from_a_restored_one(tmp_path: Path):
    path = tmp_path / "journal.sqlite3"
    first = Journal(path)
    from bridge.model import ConnectionState

    status = SourceStatus(EVENING, "t", ConnectionState.CONNECTED)
    for _ in range(3):
        first.append("home-1", [status])
    epoch_a = first.epoch
    first.close()
    _backup(path, tmp_path / "copy.sqlite3")
    second = Journal(path)  # a restart: same history, a new epoch
    for _ in range(3):
        second.append("home-1", [status])
    assert second.continues(epoch_a, 3) and second.continues(second.epoch, 6)
    assert not second.continues(second.epoch, 7) and not second.continues("nope", 1)
    epoch_b = second.epoch
    second.close()
    _restore(tmp_path / "copy.sqlite3", path)
    restored = Journal(path)
    assert restored.continues(epoch_a, 3)  # a display that had only 1-3 misses nothing
    assert not restored.continues(epoch_b, 6)  # one that had 4-6 would starve: resync
    restored.close()


@pytest.mark.parametrize("damage", [b"garbage" * 1000, b"SQLite format 3\x00" + b"\xff" * 5000])
def test_a_damaged_journal_is_moved_aside_and_the_bridge_carries_on(tmp_path: Path, damage,
                                                                   caplog):
    path = tmp_path / "journal.sqlite3"
    path.write_bytes(damage)
    with caplog.at_level(logging.ERROR):
        journal = Journal(path)
    assert journal.last_seq() == 0
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("journal.sqlite3.damaged-")]
    assert len(aside) == 1 and aside[0].read_bytes() == damage  # kept for a look
    message = caplog.text
    assert "The journal" in message and str(path) in message and aside[0].name in message
    assert "Lost:" in message and "Traceback" not in message
    journal.close()


def test_a_damaged_device_table_is_moved_aside_saying_displays_must_pair_again(
        tmp_path: Path, caplog):
    path = tmp_path / "devices.sqlite3"
    registry = DeviceRegistry(path)
    pair_locally(registry, "home-1", "Hall")
    registry.close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\x00" * (4096 - 100)  # the first page's b-tree wiped
    path.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    with caplog.at_level(logging.ERROR):
        registry = DeviceRegistry(path)
    assert registry.list() == []
    assert "paired displays" in caplog.text and "pair them again" in caplog.text
    registry.close()


def test_the_bridge_cli_with_a_damaged_journal_starts_and_says_which_file(tmp_path: Path):
    state = tmp_path / "state"
    state.mkdir()
    (state / "journal.sqlite3").write_bytes(b"not a database at all" * 100)
    result = subprocess.run(
        [sys.executable, "-m", "bridge.cli", "--sim", "--listen", "127.0.0.1:0",
         "--state-dir", str(state), "--no-advertise", "--duration", "3"],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "journal" in result.stderr and "damaged" in result.stderr
    assert "serving https://" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) < 20


def test_state_databases_are_owner_only_even_in_a_loose_folder(tmp_path: Path):
    state = tmp_path / "state"
    state.mkdir(mode=0o755)
    os.chmod(state, 0o755)
    (state / "devices.sqlite3").touch(mode=0o644)  # made earlier under a loose umask
    os.chmod(state / "devices.sqlite3", 0o644)
    old = os.umask(0o022)
    try:
        registry = DeviceRegistry(state / "devices.sqlite3")
        pair_locally(registry, "home-1", "Hall")
        journal = Journal(state / "journal.sqlite3")
    finally:
        os.umask(old)
    files = [p for p in state.iterdir() if ".sqlite3" in p.name]
    assert {p.name for p in files} >= {"devices.sqlite3", "journal.sqlite3"}
    for p in files:
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p.name
    registry.close()
    journal.close()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_read_only_state_folder_is_said_in_words(tmp_path: Path):
    state = tmp_path / "state"
    state.mkdir()
    os.chmod(state, 0o500)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "bridge.cli", "--sim", "--listen", "127.0.0.1:0",
             "--state-dir", str(state), "--no-advertise", "--duration", "2"],
            capture_output=True, text=True, timeout=120)
    finally:
        os.chmod(state, 0o700)
    assert result.returncode == 1
    assert "cannot write to its state folder" in result.stderr and "Traceback" not in \
        result.stderr


def test_a_read_only_state_folder_as_root_is_still_said_in_words(tmp_path: Path,
                                                                  monkeypatch):
    """Root ignores folder permissions, so the refusal is made as the OS would."""
    from bridge.lan import state_db

    def refuse(self: Path, data: bytes) -> int:
        raise PermissionError(13, "Read-only file system")

    monkeypatch.setattr(Path, "write_bytes", refuse)
    with pytest.raises(state_db.StateError, match="cannot write to its state folder"):
        state_db.check_writable(tmp_path)


def test_devices_list_escapes_what_a_display_called_itself(tmp_path: Path):
    state = tmp_path / "state"
    state.mkdir()
    registry = DeviceRegistry(state / "devices.sqlite3")
    pair_locally(registry, "home-1", "Hall\n2\tEvil\thome-1\trevoked\x1b[2J")
    registry.close()
    listed = subprocess.run([sys.executable, "-m", "bridge.cli", "devices", "list",
                             "--state-dir", str(state)], capture_output=True, text=True,
                            timeout=60, check=True)
    lines = listed.stdout.splitlines()
    assert len(lines) == 1 and lines[0].split("\t")[3] == "active"
    assert "\\n2\\tEvil" in lines[0] and "\x1b" not in listed.stdout
