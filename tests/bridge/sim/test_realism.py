"""The simulated HAN as a real one would be: one Issuer Event ID per price event, and a
capture whose frame times are the simulated clock's (so Wireshark's times match the
times inside the payloads)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bridge.model import Fuel, Price
from bridge.sources.sim import SimSource
from tests.tshark_util import dissect_file, needs_tshark

EVENING = datetime(2026, 1, 14, 18, 0, tzinfo=UTC)


async def _prices(stream, count: int, seconds: float = 10.0) -> list[Price]:
    seen: list[Price] = []
    async with asyncio.timeout(seconds):
        while len(seen) < count:
            update = await stream.get()
            if isinstance(update, Price) and update.meter.fuel == Fuel.ELECTRICITY:
                seen.append(update)
    return seen


async def test_each_price_window_is_its_own_event_and_a_price_change_is_newer():
    source = SimSource(seed=1, speed=60, start=EVENING, solar=False)
    stream = source.subscribe()
    await source.start()
    try:
        # Start-up asks for the current price and the scheduled ones.
        prices = await _prices(stream, 4)
        by_window = {p.start: p.issuer_event_id for p in prices}
        assert len(set(by_window.values())) == len(by_window) >= 3  # one id per window
        for p in prices:  # the same window published twice keeps its id
            assert by_window[p.start] == p.issuer_event_id
        now_price = next(p for p in prices if p.in_force_at(EVENING + timedelta(minutes=1)))
        source.homes[0].change_prices(10)
        async with asyncio.timeout(10):
            while True:
                newer = (await _prices(stream, 1))[0]
                if (newer.start == now_price.start
                        and newer.unit_price.amount > now_price.unit_price.amount):
                    break
        assert newer.issuer_event_id > max(by_window.values())  # newer event, larger id
    finally:
        await source.stop()


@needs_tshark
async def test_capture_times_are_the_simulated_clocks(tmp_path: Path):
    pcap = tmp_path / "han.pcap"
    source = SimSource(seed=1, speed=600, start=EVENING, solar=False, pcap=pcap)
    await source.start()
    await asyncio.sleep(1.0)  # ten simulated minutes
    await source.stop()
    sim_now = source.clock.now()  # after the last frame (stopping sends a few)
    packets = dissect_file(pcap)
    times = [datetime.fromtimestamp(float(p["frame.time_epoch"][0]), UTC) for p in packets]
    assert len(times) > 20
    assert EVENING - timedelta(seconds=1) <= min(times)
    assert max(times) <= sim_now + timedelta(seconds=1)
    assert times == sorted(times)
    # The Time cluster's reading inside a payload and the frame time agree: both are the
    # simulated clock (a wall-clock capture would be months away from 2026-01-14).
    assert all(abs(t - EVENING) < timedelta(hours=1) for t in times)
