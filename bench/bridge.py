"""Figures for the bridge: one `ihd-bridge` process serving 32 simulated homes, 64 displays.

    .venv/bin/python bench/bridge.py [--homes 32] [--displays 64] [--seconds 40]

Latency is from the moment the bridge decodes a meter's report (the reading's
timestamp; the simulation runs at real speed so that is wall-clock time) to the moment
a display has it, over loopback TLS WebSockets. Each home is paired once and its token
used by two displays (a hall tablet and a kitchen one). Bridge CPU and RSS come from
/proc for the bridge process alone; the baseline is the same bridge with no display.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent.resolve()]

from bridge.model import MeterReading
from bridge.sources.bridge_client import (
    BridgeClientSource,
    Pairing,
    pair_with_bridge,
)

TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def _start_bridge(homes: int, state: Path) -> tuple[subprocess.Popen[str], str, str,
                                                          dict[str, str]]:
    proc = subprocess.Popen(  # noqa: ASYNC220 (returns at once; stderr is read off-loop)
        [sys.executable, "-m", "bridge.cli", "--sim", "--meters", str(homes), "--listen",
         "127.0.0.1:0", "--state-dir", str(state), "--no-advertise"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    url = fingerprint = ""
    pins: dict[str, str] = {}
    deadline = time.monotonic() + 120
    while len(pins) < homes and time.monotonic() < deadline:
        line = await asyncio.to_thread(proc.stderr.readline)
        if m := re.search(r"serving (https://\S+) \(certificate (\w+)\)", line):
            url, fingerprint = m.group(1), m.group(2)
        if m := re.search(r"code for (\S+): ([\d-]+)", line):
            pins[m.group(1)] = m.group(2)
    return proc, url, fingerprint, pins


async def _measure_idle(pid: int, seconds: float) -> tuple[float, float]:
    cpu0, t0 = _cpu_s(pid), time.monotonic()
    await asyncio.sleep(seconds)
    return (_cpu_s(pid) - cpu0) / (time.monotonic() - t0) * 100, _rss_mb(pid)


async def bench(homes: int, displays: int, seconds: float) -> None:
    state = Path(tempfile.mkdtemp(prefix="bridge-bench-"))
    proc, url, fingerprint, pins = await _start_bridge(homes, state)
    try:
        await asyncio.sleep(3)
        base_cpu, base_rss = await _measure_idle(proc.pid, 10)
        print(f"bridge with {homes} homes ({2 * homes} meters), no display: "
              f"CPU {base_cpu:.1f}% of a core, RSS {base_rss:.0f} MB")
        pairings: list[Pairing] = []
        for premises, pin in sorted(pins.items()):
            pairings.append(await pair_with_bridge(url, pin, f"bench {premises}", fingerprint))
        clients = [BridgeClientSource(pairings[i % len(pairings)])
                   for i in range(displays)]
        latencies: list[float] = []

        async def follow(client: BridgeClientSource) -> None:
            stream = client.subscribe(maxsize=100_000)
            await client.start()
            async for update in stream:
                if isinstance(update, MeterReading) and update.demand_kw is not None:
                    lag = (datetime.now(UTC) - update.timestamp).total_seconds() * 1000
                    latencies.append(lag)

        tasks = [asyncio.create_task(follow(c)) for c in clients]
        await asyncio.sleep(5)  # connect, and drain the backlog each display first gets
        latencies.clear()
        cpu, rss = await _measure_idle(proc.pid, seconds)
        for client in clients:
            await client.stop()
        for task in tasks:
            task.cancel()
        latencies.sort()
        print(f"{displays} displays for {seconds:.0f} s: bridge CPU {cpu:.1f}% of a core "
              f"(ratio to no display {cpu / max(base_cpu, 0.01):.1f}), RSS {rss:.0f} MB")
        if latencies:
            print(f"meter report -> display: median {statistics.median(latencies):.1f} ms, "
                  f"p99 {latencies[int(0.99 * len(latencies)) - 1]:.1f} ms over "
                  f"{len(latencies)} deliveries")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--homes", type=int, default=32)
    parser.add_argument("--displays", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=40)
    args = parser.parse_args()
    asyncio.run(bench(args.homes, args.displays, args.seconds))


if __name__ == "__main__":
    main()
