"""Figures for a stick pulled out and put back: how long until the display hears it went,
and how long after it is back until meter data flows again.

    .venv/bin/python bench/stick_recovery.py [--rounds N]

A coordinator stick on the virtual radio with a simulated home (the same zigpy + HAN
client path as a real stick; no serial line). The retry wait is set to 50 ms, so the
"back" figure is mostly the reopen itself: the radio, the network, finding the meters
again. Baseline in the same run: the source's first start, which does the same work, so
the ratio shows what the recovery adds. A real stick adds its own reset (EZSP: ~1 s) and
the retry wait (1 s, doubling to 30 s while it stays out).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent.resolve()]

import argparse
import asyncio
import statistics
import time
from datetime import UTC, datetime

from bridge.model import ConnectionState, MeterReading, SourceStatus
from bridge.sim.clock import SimClock
from bridge.sim.home import SimHome
from bridge.sim.radio import VirtualAir, register_air, unregister_air
from bridge.sources.base import UpdateStream
from bridge.sources.zigbee_stick import VIRTUAL, ZigbeeStickSource

ROUND_LIMIT_S = 30.0


async def _until(stream: UpdateStream, wanted: type, state: ConnectionState | None = None
                 ) -> float:
    """Seconds until the next update of that kind (and connection state)."""
    start = time.perf_counter()
    async with asyncio.timeout(ROUND_LIMIT_S):
        while True:
            update = await stream.get()
            if update is None:
                raise RuntimeError("the source stopped")
            if isinstance(update, wanted) and (
                    state is None or (isinstance(update, SourceStatus)
                                      and update.meter is None and update.state == state)):
                return time.perf_counter() - start


async def bench(rounds: int) -> None:
    air = VirtualAir()
    home = SimHome(air, SimClock(start=datetime(2026, 1, 14, 18, tzinfo=UTC), speed=60),
                   seed=1, solar=False)
    path = register_air("bench-recovery", air)
    source = ZigbeeStickSource(VIRTUAL, path, discovery_timeout_s=10)
    source.reopen_backoff_s = (0.05, 0.05)
    stream = source.subscribe()
    home.start()
    started = time.perf_counter()
    await source.start()
    cold_start = time.perf_counter() - started
    await _until(stream, MeterReading)
    noticed, back, reading = [], [], []
    try:
        for _ in range(rounds):
            air.pull_stick()
            noticed.append(await _until(stream, SourceStatus, ConnectionState.DISCONNECTED))
            await asyncio.sleep(0.2)  # out for a moment: a few failed reopens
            air.plug_back()
            plugged = time.perf_counter()
            await _until(stream, SourceStatus, ConnectionState.CONNECTED)
            back.append(time.perf_counter() - plugged)
            await _until(stream, MeterReading)
            reading.append(time.perf_counter() - plugged)
    finally:
        await home.stop()
        await source.stop()
        unregister_air("bench-recovery")
    ms = 1000
    print(f"rounds: {rounds}")
    print(f"pulled out -> 'Lost the stick' on the stream: median "
          f"{statistics.median(noticed) * ms:.1f} ms, max {max(noticed) * ms:.1f} ms")
    print(f"put back -> connected again: median {statistics.median(back) * ms:.0f} ms, "
          f"max {max(back) * ms:.0f} ms")
    print(f"put back -> first meter reading: median {statistics.median(reading) * ms:.0f} ms,"
          f" max {max(reading) * ms:.0f} ms")
    print(f"baseline, first start of the same source: {cold_start * ms:.0f} ms "
          f"(recovery/first start: {statistics.median(back) / cold_start:.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    if not 1 <= args.rounds <= 100:
        parser.error("--rounds must be between 1 and 100")
    asyncio.run(bench(args.rounds))


if __name__ == "__main__":
    main()
