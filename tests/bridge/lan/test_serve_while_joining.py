"""An estate bridge serves before every home's meters are set up: `ihd-bridge --sim
--listen` opens pairing for every home at once, a display of a home whose meters are
set up streams its data, and a display of a home still joining pairs, is told so, and
gets its home's data as soon as its meters are set up."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import io
import re
from pathlib import Path
from typing import Any

import pytest

from bridge import cli, heap
from bridge.han.client import HanClient
from bridge.lan.server import METERS_JOINING
from bridge.model import ConnectionState, MeterReading, SourceStatus
from bridge.sources.bridge_client import BridgeClientSource, pair_with_bridge
from bridge.sources.sim import SimSource


class _Lines(io.StringIO):
    """stderr as the test reads it while the bridge is still writing."""

    def __init__(self) -> None:
        super().__init__()
        self.written = asyncio.Event()

    def write(self, text: str) -> int:
        self.written.set()
        return super().write(text)

    async def wait_for(self, pattern: str, timeout: float = 60) -> re.Match[str]:  # noqa: ASYNC109
        async with asyncio.timeout(timeout):
            while (found := re.search(pattern, self.getvalue())) is None:
                self.written.clear()
                await self.written.wait()
        return found


async def _next(stream: Any, kind: type, *, where: Any = lambda u: True,
                timeout: float = 60, seen: list[Any] | None = None) -> Any:  # noqa: ASYNC109
    async with asyncio.timeout(timeout):
        async for update in stream:
            if isinstance(update, kind) and where(update):
                return update
            if seen is not None:
                seen.append(update)
    raise AssertionError("the stream ended")


async def test_a_display_pairs_and_streams_before_every_home_is_set_up(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Home 2's meters are held at the start of their set-up until the test lets them go.
    late_nodes = {SimSource(homes=2).homes[1].esme_eui64, SimSource(homes=2).homes[1].hub_eui64}
    release = asyncio.Event()
    real_setup = HanClient._setup_meter

    async def held(self: HanClient, endpoint: Any) -> None:
        if str(endpoint.device.ieee) in late_nodes:
            await release.wait()
        await real_setup(self, endpoint)

    monkeypatch.setattr(HanClient, "_setup_meter", held)
    args = cli.build_parser().parse_args(
        ["--sim", "--meters", "2", "--listen", "127.0.0.1:0", "--state-dir", str(tmp_path),
         "--no-advertise", "--duration", "300"])
    args.source = "sim"
    err = _Lines()
    with contextlib.redirect_stderr(err):
        bridge = asyncio.create_task(cli.run(args))
        displays: list[BridgeClientSource] = []
        try:
            served = await err.wait_for(r"serving (https://\S+) \(certificate (\w+)\)")
            url, fingerprint = served.group(1), served.group(2)
            codes = {m.group(1): m.group(2) for m in re.finditer(
                r"pairing code for (\S+): ([\d-]+)", (await err.wait_for(
                    r"pairing code for home-2: [\d-]+")).string)}
            assert "meters set up" not in err.getvalue()  # home 2 is still held

            for home in ("home-1", "home-2"):
                pairing = await pair_with_bridge(url, codes[home], f"kitchen {home}",
                                                 fingerprint)
                display = BridgeClientSource(pairing)
                displays.append(display)
            streams = [d.subscribe() for d in displays]
            for display in displays:
                await display.start()

            # Home 1's display gets its meter's readings while home 2 is still joining.
            reading = await _next(streams[0], MeterReading)
            assert reading.meter in displays[0].meters
            # Home 2's display is told why it has nothing yet, in words.
            waiting = await _next(streams[1], SourceStatus,
                                  where=lambda s: s.state == ConnectionState.SEARCHING)
            assert (waiting.code, waiting.detail) == (METERS_JOINING.code,
                                                      METERS_JOINING.english())
            assert displays[1].meters == ()
            assert "meters set up" not in err.getvalue()

            release.set()
            before: list[Any] = []
            late = await _next(streams[1], MeterReading, seen=before)
            assert late.meter.eui64 in late_nodes
            assert late.meter in displays[1].meters  # learnt from the stream
            # With its meters' first data, the display is told it is connected again.
            assert any(isinstance(u, SourceStatus) and u.state == ConnectionState.CONNECTED
                       for u in before)
            await err.wait_for(r"4 meters set up in [\d.]+ s")
            # The homes' settled objects are kept out of the collector's full passes.
            assert heap.frozen() > 0
        finally:
            gc.unfreeze()  # (this test's process goes on to other tests)
            for display in displays:
                await display.stop()
            bridge.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await bridge
