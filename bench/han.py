"""Figures for the HAN path: frames per second through the virtual radio and the latency
from a meter's report leaving the emulated node to the decoded update being published.

    .venv/bin/python bench/han.py [--reads N] [--reports N]

Baseline in the same run: the same number of Read Attributes round trips on zigpy's own
Basic cluster (no SE decoding), so the cost of our decoding shows as a ratio.

zigpy drops a frame identical to one seen in the last 10 s (its duplicate filter), and
the ZCL sequence number is 8 bits: more than ~250 identical reads in 10 s would wrap it
and be filtered. The read loops therefore stay at 120 each, as a real display would.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, bench/ is first on sys.path and bench/bridge.py, bench/ihd.py would
# shadow the packages of the same names: take the folder off.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent.resolve()]

import argparse
import asyncio
import statistics
import time
from datetime import UTC, datetime

from bridge.model import MeterReading
from bridge.sources.sim import SimSource


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def bench(reads: int, reports: int) -> None:
    source = SimSource(seed=1, speed=1.0, start=datetime(2026, 1, 14, 18, tzinfo=UTC))
    stream = source.subscribe(maxsize=100_000)
    t0 = time.perf_counter()
    await source.start()
    print(f"start-up (zigpy app + discovery + set-up of {len(source.meters)} meters): "
          f"{(time.perf_counter() - t0) * 1000:.0f} ms")
    home = source.homes[0]
    for home_ in source.homes:
        await home_.stop()  # drive reports by hand, not by the clock
    han = source.han
    meter = next(m for m in han.meters if m.fuel.value == "electricity")
    state = han._meters[meter]
    metering = state.endpoint.metering
    basic = state.endpoint.device.endpoints[state.endpoint.endpoint.endpoint_id].in_clusters[0]

    # 1. Round trips: Read Attributes on Basic (baseline) and on Metering (SE decode path).
    frames_before = source.air.frames_to_app + source.air.frames_to_nodes
    t0 = time.perf_counter()
    for _ in range(reads):
        await basic.read_attributes([0x0004, 0x0005], allow_cache=False)
    basic_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in range(reads):
        await metering.read_attributes([0x0000, 0x0400], allow_cache=False)
    meter_s = time.perf_counter() - t0
    frames = source.air.frames_to_app + source.air.frames_to_nodes - frames_before
    print(f"read round trips: Basic {reads / basic_s:.0f}/s (baseline), "
          f"Metering {reads / meter_s:.0f}/s (ratio {basic_s / meter_s:.2f}); "
          f"{frames / (basic_s + meter_s):.0f} frames/s through the virtual radio")

    # 2. Report -> decoded MeterReading latency.
    while True:
        try:
            stream.get_nowait()
        except asyncio.QueueEmpty:
            break
    latencies: list[float] = []
    frames_before = source.air.frames_to_app + source.air.frames_to_nodes
    t_reports = time.perf_counter()
    for i in range(reports):
        home.esme.server(1, 0x0702).attributes[0x0400] = 1000 + i
        sent = time.perf_counter()
        home.esme.report_attributes(1, 0x0702, [0x0000, 0x0400])
        while True:
            update = await stream.get()
            if isinstance(update, MeterReading) and update.demand_kw is not None:
                latencies.append((time.perf_counter() - sent) * 1e6)
                break
    elapsed = time.perf_counter() - t_reports
    frames = source.air.frames_to_app + source.air.frames_to_nodes - frames_before
    print(f"reports: {frames / elapsed:.0f} frames/s through the virtual radio, each "
          f"decoded to a MeterReading")
    print(f"report -> decoded reading: median {statistics.median(latencies):.0f} µs, "
          f"p99 {_pct(latencies, 0.99):.0f} µs over {reports} reports")
    print(f"decode errors: {han.decode_errors}")
    await source.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reads", type=int, default=120)
    parser.add_argument("--reports", type=int, default=2000)
    args = parser.parse_args()
    asyncio.run(bench(args.reads, args.reports))


if __name__ == "__main__":
    main()
