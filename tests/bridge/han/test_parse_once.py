"""Each SE frame from the HAN is parsed once: the frame guard's strict parse is what zigpy
acts on (it used to parse the same bytes twice more), and the readings are the same."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import pytest
import zigpy.zcl
import zigpy.zcl.foundation as foundation

from bridge.model import MeterReading
from bridge.se.vocabulary import SE_PROFILE_ID
from bridge.sources.sim import SimSource

EVENING = datetime(2026, 1, 14, 18, tzinfo=UTC)


async def test_an_se_frame_is_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # The homes in their own process: every parse counted here is the bridge's.
    source = SimSource(seed=2, speed=30, homes=1, start=EVENING, solar=False,
                       separate_process=True)
    stream = source.subscribe()
    await source.start()
    try:
        se_frames = 0

        def tap(**frame: Any) -> None:
            nonlocal se_frames
            if frame["dst_nwk"] == 0 and frame["profile_id"] == SE_PROFILE_ID:
                se_frames += 1

        source.air.taps.append(tap)
        headers = commands = 0
        real_header = foundation.ZCLHeader.deserialize.__func__  # type: ignore[attr-defined]
        real_cluster = zigpy.zcl.Cluster.deserialize

        def header(cls: type, data: bytes) -> Any:
            nonlocal headers
            headers += 1
            return real_header(cls, data)

        def cluster(self: zigpy.zcl.Cluster, data: bytes) -> Any:
            nonlocal commands
            commands += 1
            return real_cluster(self, data)

        monkeypatch.setattr(foundation.ZCLHeader, "deserialize", classmethod(header))
        monkeypatch.setattr(zigpy.zcl.Cluster, "deserialize", cluster)
        readings = []
        async with asyncio.timeout(60):
            async for update in stream:
                if isinstance(update, MeterReading) and update.demand_kw is not None:
                    readings.append(update)
                    if len(readings) == 3:
                        break
        assert se_frames >= 3
        assert headers == se_frames  # the guard's parse, and no other
        assert commands == 0  # zigpy's cluster parse is not run again
        assert all(r.demand_kw >= 0 for r in readings)
    finally:
        await source.stop()
