"""The bridge's event loop never waits on SQLite: while another process holds the devices
file's write lock, pairing waits (off the loop) and every other display is still served,
and routing an update costs a dictionary look-up however many homes there are."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

import aiohttp

from bridge.lan.service import open_pairing, serve
from bridge.sources.bridge_client import pair_with_bridge
from bridge.sources.sim import SimSource

EVENING = datetime(2026, 1, 14, 18, tzinfo=UTC)
MAX_BLOCK_S = 0.020


class LoopWatch:
    """The longest the loop was late to wake a task that asked to sleep 2 ms."""

    def __init__(self) -> None:
        self.worst = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        while True:
            asked = time.perf_counter()
            await asyncio.sleep(0.002)
            self.worst = max(self.worst, time.perf_counter() - asked - 0.002)

    def __enter__(self) -> LoopWatch:
        self._task = asyncio.get_running_loop().create_task(self._run())
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()


async def test_a_locked_devices_file_does_not_block_the_bridge(tmp_path: Path) -> None:
    source = SimSource(seed=1, speed=60, homes=2, start=EVENING, solar=False)
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
        other = sqlite3.connect(tmp_path / "state" / "devices.sqlite3", isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE devices SET name = name")
        with LoopWatch() as watch:
            pairing = asyncio.create_task(
                pair_with_bridge(url, running.pins["home-2"], "Flat 2", fp))
            served = 0
            headers = {"Authorization": f"Bearer {flat1.token}"}
            async with aiohttp.ClientSession() as session:
                deadline = time.monotonic() + 1.0
                while time.monotonic() < deadline:  # flat 1 keeps asking for its data
                    async with session.get(f"{url}/api/v1/snapshot", headers=headers,
                                           ssl=False) as rsp:
                        assert rsp.status == 200
                        served += 1
            other.execute("COMMIT")
            flat2 = await asyncio.wait_for(pairing, 10)
        other.close()
        assert flat2.premises == "home-2"
        assert served > 10
        assert watch.worst < MAX_BLOCK_S, f"the loop was blocked {watch.worst * 1000:.0f} ms"
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
