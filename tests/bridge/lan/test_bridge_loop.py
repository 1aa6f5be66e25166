"""The bridge's event loop never waits on SQLite: while another process holds the devices
file's write lock, pairing waits (off the loop) and every other display is still served,
and routing an update costs a dictionary look-up however many homes there are."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import aiohttp

from bridge.lan.service import open_pairing, serve
from bridge.sources.bridge_client import Pairing, pair_with_bridge
from bridge.sources.sim import SimSource

EVENING = datetime(2026, 1, 14, 18, tzinfo=UTC)
MAX_BLOCK_S = 0.020


def _is_sqlite(func: object) -> bool:
    """A C function of the sqlite3 module: a Connection/Cursor/Blob method, or connect."""
    owner = getattr(func, "__self__", None)
    return (isinstance(owner, (sqlite3.Connection, sqlite3.Cursor, sqlite3.Blob))
            or getattr(func, "__module__", None) in ("sqlite3", "_sqlite3"))


class LoopWatch(logging.Handler):
    """The longest callback that held the event loop WHILE the loop's thread was inside
    SQLite. asyncio's debug mode times each callback; a profiler on the loop's thread
    notes when it enters and leaves a sqlite3 C function. Only a slow callback during
    which the loop was in SQLite counts: a slow aiohttp handler on a busy machine (the
    CPU taken by other processes) is not the loop waiting on a database lock."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.worst = 0.0
        self.what = ""
        self.slowest_other = 0.0  # reported, not judged: a busy machine's noise
        self._entered: float | None = None
        self._sqlite_spans: list[tuple[float, float]] = []

    def _profile(self, frame: object, event: str, arg: object) -> None:
        if event == "c_call" and self._entered is None and _is_sqlite(arg):
            self._entered = time.monotonic()
        elif event in ("c_return", "c_exception") and self._entered is not None \
                and _is_sqlite(arg):
            self._sqlite_spans.append((self._entered, time.monotonic()))
            self._entered = None

    def _in_sqlite(self, start: float, end: float) -> bool:
        return self._entered is not None or any(
            s < end and e > start for s, e in self._sqlite_spans)

    def emit(self, record: logging.LogRecord) -> None:
        # asyncio logs a slow callback on the loop's thread just after it returns.
        if not (record.msg.startswith("Executing") and isinstance(record.args, tuple)):
            return
        took, now = float(record.args[1]), time.monotonic()
        if self._in_sqlite(now - took, now):
            if took > self.worst:
                self.worst, self.what = took, str(record.args[0])
        else:
            self.slowest_other = max(self.slowest_other, took)

    def __enter__(self) -> LoopWatch:
        loop = asyncio.get_running_loop()
        self._was = loop.get_debug(), loop.slow_callback_duration
        loop.set_debug(True)
        loop.slow_callback_duration = MAX_BLOCK_S
        # Worker threads (SPAKE2 is pure Python) hand the GIL back every 5 ms by default;
        # a callback waiting for it several times is not the loop being blocked.
        self._switch = sys.getswitchinterval()
        sys.setswitchinterval(0.0005)
        logging.getLogger("asyncio").addHandler(self)
        sys.setprofile(self._profile)  # this thread only: the loop's
        return self

    def __exit__(self, *exc: object) -> None:
        sys.setprofile(None)
        loop = asyncio.get_running_loop()
        loop.set_debug(self._was[0])
        loop.slow_callback_duration = self._was[1]
        sys.setswitchinterval(self._switch)
        logging.getLogger("asyncio").removeHandler(self)


async def _displays_meanwhile(url: str, fp: str, code: str, token: str,
                              other: sqlite3.Connection) -> tuple[Pairing, int]:
    """Flat 2 pairs (its row waits for the lock) while flat 1 keeps asking for its data;
    the lock is let go after a second."""
    pairing = asyncio.create_task(pair_with_bridge(url, code, "Flat 2", fp))
    served = 0
    headers = {"Authorization": f"Bearer {token}"}
    async with aiohttp.ClientSession() as session:
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline:
            async with session.get(f"{url}/api/v1/snapshot", headers=headers,
                                   ssl=False) as rsp:
                assert rsp.status == 200
                served += 1
    other.execute("COMMIT")
    return await asyncio.wait_for(pairing, 10), served


async def test_a_locked_devices_file_does_not_block_the_bridge(tmp_path: Path) -> None:
    source = SimSource(seed=1, speed=1, homes=2, start=EVENING, solar=False)
    await source.start()
    running = await serve(source, state_dir=tmp_path / "state", host="127.0.0.1", port=0,
                          advertise=False)
    open_pairing(running, source)
    url = f"https://127.0.0.1:{running.port}"
    fp = running.identity.fingerprint
    try:
        flat1 = await pair_with_bridge(url, running.pins["home-1"], "Flat 1", fp)
        # Another process (the `ihd-bridge devices revoke` command, a backup) holds the
        # devices file's write lock for a second.
        other = sqlite3.connect(tmp_path / "state" / "devices.sqlite3", isolation_level=None,
                                check_same_thread=False)
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE devices SET name = name")
        with LoopWatch() as watch:
            # The displays run in another thread (their own loop), so that what is
            # measured is the bridge's loop alone.
            flat2, served = await asyncio.to_thread(asyncio.run, _displays_meanwhile(
                url, fp, running.pins["home-2"], flat1.token, other))
        other.close()
        assert flat2.premises == "home-2"
        assert served > 10
        assert watch.worst < MAX_BLOCK_S, (
            f"the loop was blocked {watch.worst * 1000:.0f} ms in SQLite by {watch.what}")
    finally:
        await running.stop()
        await source.stop()


async def test_routing_an_update_does_not_rebuild_the_premises(monkeypatch) -> None:
    source = SimSource(seed=1, speed=60, homes=3, start=EVENING, solar=False)
    await source.start()
    try:
        meters = source.meters
        expected = {m: name for name, group in source.premises.items() for m in group}
        assert len(expected) == 6
        builds = 0
        real = SimSource.premises.fget  # type: ignore[attr-defined]

        def counted(self: SimSource) -> dict[str, tuple]:
            nonlocal builds
            builds += 1
            return real(self)

        monkeypatch.setattr(SimSource, "premises", property(counted))
        for _ in range(1000):
            for meter in meters:
                assert source.premises_of(meter) == expected[meter]
        assert builds <= 1
    finally:
        await source.stop()
