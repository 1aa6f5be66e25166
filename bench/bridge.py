"""Figures for the bridge: one `ihd-bridge` process serving N simulated homes, 2N displays.

    .venv/bin/python bench/bridge.py [--homes 1024] [--displays 2048] [--seconds 30]

Each figure is printed beside its floor, measured in the same run: the same bridge
serving ONE home and two displays. So the ratios say what the size of the estate costs
(the goal: latency and start-up independent of the number of homes).

The simulated homes run in a process of their own (`ihd-bridge --sim-process`), as real
meters are other machines: the bridge's CPU and memory below are the bridge process's
alone (its zigpy stack parsing every frame, decoding, journalling, serving); the homes'
process is measured and printed separately. Each home reports on its own phase of the
10 s GB update period, as comms hubs do.

- start-up: from launching the process to serving HTTPS with a pairing code for every
  home (the homes' meters are then set up in the background), and to every meter set up;
- pairing: every home's first display pairing as soon as the codes are out (while the
  homes' meters are still being set up in the background), 16 at a time (the bridge's
  guard against guessing allows a few dozen unfinished tries at once), wall time until
  all have tokens and the time per home;
- report -> display: from the bridge decoding a meter's report (the reading's timestamp;
  the simulation runs at real speed, so the GB reporting rate) to the display having it,
  over loopback TLS WebSockets; live reports only (not the backlog a display first
  gets); p50 and p99;
- bridge CPU (% of one core) and RSS, from /proc for the bridge process alone, with no
  display, with half the displays and with all of them following; RSS per display from
  each step, so that memory linear in displays shows as two equal figures.

The displays are raw WebSocket followers sharing one client process (this one), so the
latency includes this process's own queueing on a shared 2-core machine: an upper bound.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import ssl
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent.resolve()]

import aiohttp

from bridge.lan.limits import DISPLAYS
from bridge.sources.bridge_client import pair_with_bridge

TICKS = os.sysconf("SC_CLK_TCK")
PAIR_AT_ONCE = 16
CONNECT_AT_ONCE = 32
CONNECT_TRIES = 5
CONNECT_LIMIT_S = 600
START_LIMIT_S = 900
MEASURING_SINCE = [datetime.now(UTC)]  # reports decoded from then on are counted


def _cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _insecure() -> ssl.SSLContext:
    # Pairing is what pins the certificate; the bench compares its fingerprint once.
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


INSECURE = _insecure()  # one for every display (each of its own cost 0.5 MB here)


@dataclass
class Run:
    homes: int
    displays: int
    start_s: float = 0.0  # to serving with every home's pairing code
    setup_s: float = 0.0  # to every meter set up
    pair_s: float = 0.0
    idle_cpu: float = 0.0
    idle_rss: float = 0.0
    half_rss: float = 0.0  # with half the displays following
    cpu: float = 0.0
    rss: float = 0.0
    sim_cpu: float = 0.0  # the homes' process, not the bridge
    connected: int = 0  # displays streaming while measured
    latencies: list[float] = field(default_factory=list)

    def pct(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def _start_bridge(homes: int, state: Path, displays: int = DISPLAYS,
                        ) -> tuple[subprocess.Popen[str], str, str, dict[str, str], float,
                                   asyncio.Future[float]]:
    """The bridge, once it serves with a pairing code for every home; and a future of
    when its last meter was set up (in seconds from launch)."""
    t0 = time.monotonic()
    # Sized for the displays asked for, as an estate bridge is started (a home's totals
    # would refuse streams past STREAMS_TOTAL and measure the refusals instead).
    sizing = ["--max-displays", str(displays)] if displays > DISPLAYS else []
    proc = subprocess.Popen(  # noqa: ASYNC220 (returns at once; stderr is read off-loop)
        [sys.executable, "-m", "bridge.cli", "--sim", "--sim-process", "--meters", str(homes),
         "--listen", "127.0.0.1:0", "--state-dir", str(state), "--no-advertise", *sizing],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    stderr = proc.stderr
    url = fingerprint = ""
    pins: dict[str, str] = {}
    deadline = time.monotonic() + START_LIMIT_S
    while len(pins) < homes and time.monotonic() < deadline:
        line = await asyncio.to_thread(stderr.readline)
        if not line:
            raise RuntimeError("the bridge exited during start-up")
        if m := re.search(r"serving (https://\S+) \(certificate (\w+)\)", line):
            url, fingerprint = m.group(1), m.group(2)
        if m := re.search(r"code for (\S+): ([\d-]+)", line):
            pins[m.group(1)] = m.group(2)
    started = time.monotonic() - t0
    if len(pins) < homes:
        proc.kill()
        raise RuntimeError(f"the bridge opened pairing for {len(pins)} of {homes} homes in "
                           f"{started:.0f} s (START_LIMIT_S); nothing more to measure")

    def follow_stderr() -> float:
        """Until the last meter is set up; then on, so the bridge never blocks on a full
        pipe."""
        def settle(outcome: float | None) -> None:
            if done.done():
                return
            if outcome is None:
                done.set_exception(RuntimeError("the bridge exited before its meters were "
                                                "set up"))
            else:
                done.set_result(outcome)

        set_up = float("nan")
        for line in stderr:
            if set_up != set_up and re.search(r"\d+ meters set up in", line):
                set_up = time.monotonic() - t0
                loop.call_soon_threadsafe(settle, set_up)
        loop.call_soon_threadsafe(settle, None)
        return set_up

    loop = asyncio.get_running_loop()
    done: asyncio.Future[float] = loop.create_future()
    loop.run_in_executor(None, follow_stderr)
    return proc, url, fingerprint, pins, started, done


async def _pair_all(url: str, fingerprint: str, codes: dict[str, str]) -> dict[str, str]:
    """Every home's display pairs (SPAKE2, as a real display does), PAIR_AT_ONCE at a
    time: the bridge allows only so many unfinished pairing tries at once (a guard against
    guessing, bridge/lan/devices.py)."""
    limit = asyncio.Semaphore(PAIR_AT_ONCE)

    async def one(premises: str, code: str) -> tuple[str, str]:
        async with limit:
            pairing = await pair_with_bridge(url, code, f"bench {premises}", fingerprint)
        return premises, pairing.token

    return dict(await asyncio.gather(*(one(p, code) for p, code in codes.items())))


async def _follow(index: int, url: str, token: str, latencies: list[float],
                  measuring: asyncio.Event, connecting: asyncio.Semaphore,
                  connected: list[int]) -> None:
    # Each display from its own loopback address (127.0.x.y), as each has its own on a
    # LAN: the bridge limits connections per address (bridge/lan/limits.py).
    local = (f"127.0.{1 + index // 250}.{1 + index % 250}", 0)
    for attempt in range(CONNECT_TRIES):
        async with aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(local_addr=local)) as session:
            try:
                # A few at a time, as displays come on over minutes, not in one instant
                # (2,048 TLS handshakes at once outran the bridge's handshake deadline).
                async with connecting:
                    ws = await session.ws_connect(
                        f"{url}/api/v1/stream?since=0", ssl=INSECURE, max_msg_size=0,
                        headers={"Authorization": f"Bearer {token}"})
            except (aiohttp.ClientError, TimeoutError):
                await asyncio.sleep(1 + attempt)  # as a display backs off and retries
                continue
            connected.append(index)
            async with ws:
                async for message in ws:
                    if not measuring.is_set():
                        continue
                    body = json.loads(message.data).get("update", {})
                    if (body.get("type") == "MeterReading"
                            and body.get("demand_kw") is not None):
                        sent = datetime.fromisoformat(body["timestamp"])
                        if sent >= MEASURING_SINCE[0]:  # live; not a display's backlog
                            latencies.append((datetime.now(UTC) - sent).total_seconds()
                                             * 1000)
            return
    raise RuntimeError(f"display {index} could not connect in {CONNECT_TRIES} tries")


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


async def _measure(pid: int, seconds: float, others: tuple[int, ...] = (),
                   ) -> tuple[float, float, float]:
    """CPU (% of a core) and RSS (MB) of `pid` alone, and the CPU of `others`."""
    cpu0, others0, t0 = _cpu_s(pid), sum(map(_cpu_s, others)), time.monotonic()
    await asyncio.sleep(seconds)
    elapsed = time.monotonic() - t0
    return ((_cpu_s(pid) - cpu0) / elapsed * 100, _rss_mb(pid),
            (sum(map(_cpu_s, others)) - others0) / elapsed * 100)


async def one_run(homes: int, displays: int, seconds: float) -> Run:
    run = Run(homes, displays)
    state = Path(tempfile.mkdtemp(prefix="bridge-bench-"))
    proc, url, fingerprint, pins, run.start_s, set_up = await _start_bridge(
        homes, state, displays)
    sim = _children(proc.pid)  # the homes' process
    try:
        # Displays pair at once, while the homes' meters are still being set up (the
        # codes last 5 minutes), as the households of a new estate would.
        t0 = time.monotonic()
        tokens = await _pair_all(url, fingerprint, pins)
        run.pair_s = time.monotonic() - t0
        run.setup_s = await asyncio.wait_for(set_up, START_LIMIT_S)
        await asyncio.sleep(2)
        run.idle_cpu, run.idle_rss, _ = await _measure(proc.pid, min(seconds, 10))
        ordered = [tokens[p] for p in sorted(tokens)]
        measuring = asyncio.Event()
        half = displays // 2

        connecting = asyncio.Semaphore(CONNECT_AT_ONCE)
        connected: list[int] = []

        async def follow(indexes: range) -> list[asyncio.Task[None]]:
            tasks = [asyncio.create_task(_follow(i, url, ordered[i % len(ordered)],
                                                 run.latencies, measuring, connecting,
                                                 connected))
                     for i in indexes]
            limit = time.monotonic() + CONNECT_LIMIT_S
            while (len(connected) < indexes.stop and time.monotonic() < limit  # noqa: ASYNC110
                   and not all(t.done() for t in tasks)):
                await asyncio.sleep(0.5)  # (a count to watch, not one event)
            await asyncio.sleep(5)  # each display's backlog drained
            return tasks

        tasks = await follow(range(half))
        run.half_rss = _rss_mb(proc.pid)
        tasks += await follow(range(half, displays))
        run.connected = len(connected)
        MEASURING_SINCE[0] = datetime.now(UTC)
        measuring.set()
        run.cpu, run.rss, run.sim_cpu = await _measure(proc.pid, seconds, tuple(sim))
        measuring.clear()
        if proc.poll() is not None:
            raise RuntimeError(f"the bridge exited ({proc.returncode}) while measured")
        failed = [t.exception() for t in tasks if t.done() and not t.cancelled()
                  and t.exception() is not None]
        if failed:
            print(f"{len(failed)} displays failed, e.g. {failed[0]!r}", file=sys.stderr)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    return run


def report(run: Run, floor: Run) -> None:
    def ratio(a: float, b: float) -> str:
        return f"{a / b:.1f}x" if b > 0 else "-"

    n = f"{run.homes} homes / {run.displays} displays"
    f = f"floor: {floor.homes} home / {floor.displays} displays"
    print(f"start-up to serving every home (pairing open): {run.start_s:.2f} s ({f} "
          f"{floor.start_s:.2f} s, ratio {ratio(run.start_s, floor.start_s)})")
    print(f"  every meter set up (in the background): {run.setup_s:.1f} s, "
          f"{run.setup_s / run.homes * 1000:.0f} ms a home ({f} {floor.setup_s:.2f} s)")
    print(f"pairing every home, 16 at a time, during set-up: {run.pair_s:.2f} s for {run.homes} "
          f"({run.pair_s / run.homes * 1000:.1f} ms a home; {f} {floor.pair_s * 1000:.0f} ms, "
          f"ratio a home {ratio(run.pair_s / run.homes, floor.pair_s)})")
    print(f"report -> display, {n} ({run.connected} streaming): p50 {run.pct(0.5):.0f} ms, "
          f"p99 {run.pct(0.99):.0f} ms over {len(run.latencies)} deliveries "
          f"({f} p50 {floor.pct(0.5):.0f} ms, "
          f"p99 {floor.pct(0.99):.0f} ms; ratio p99 {ratio(run.pct(0.99), floor.pct(0.99))})")
    print(f"bridge process CPU, {n}: {run.cpu:.1f}% of a core; no display "
          f"{run.idle_cpu:.1f}% ({f} {floor.cpu:.1f}%); the simulated homes' own process "
          f"{run.sim_cpu:.1f}% (not counted)")
    half = run.displays // 2
    step1 = (run.half_rss - run.idle_rss) / max(half, 1) * 1024
    step2 = (run.rss - run.half_rss) / max(run.displays - half, 1) * 1024
    print(f"bridge RSS, {n}: {run.rss:.0f} MB; no display {run.idle_rss:.0f} MB; "
          f"{half} displays {run.half_rss:.0f} MB; a display: {step1:.0f} KB for the first "
          f"{half}, {step2:.0f} KB for the next {run.displays - half} ({f} {floor.rss:.0f} MB)")


def journal_figures(count: int = 4000) -> None:
    """The journal alone: one transaction per update (what the server did) against the
    group commit it does now (a burst of reports from a block of flats arrives together;
    batches of 64 here)."""
    from decimal import Decimal

    from bridge.lan.journal import Journal
    from bridge.model import Fuel, MeterIdentity, MeterReading

    meters = [MeterIdentity(f"00:0d:6f:00:0b:00:{i >> 8:02x}:{i & 0xFF:02x}", 1,
                            Fuel.ELECTRICITY) for i in range(64)]
    now = datetime.now(UTC)
    updates = [(f"home-{i % 64 + 1}", MeterReading(meters[i % 64], now, "bench",
                                                   demand_kw=Decimal("0.42")))
               for i in range(count)]
    rates = []
    for size in (1, 64):
        journal = Journal(Path(tempfile.mkdtemp(prefix="journal-bench-")) / "j.sqlite3")
        t0 = time.perf_counter()
        for i in range(0, count, size):
            journal.append_batch(updates[i:i + size])
        rates.append(count / (time.perf_counter() - t0))
        journal.close()
    print(f"journal: {rates[1]:,.0f} updates/s in batches of 64 (the server's group commit);"
          f" one commit per update {rates[0]:,.0f}/s; ratio {rates[1] / rates[0]:.1f}")


async def bench(homes: int, displays: int, seconds: float) -> None:
    journal_figures()
    floor = await one_run(1, 2, min(seconds, 15))
    run = await one_run(homes, displays, seconds)
    report(run, floor)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--homes", type=int, default=1024)
    parser.add_argument("--displays", type=int, default=2048)
    parser.add_argument("--seconds", type=float, default=30,
                        help="how long to measure with the displays following")
    args = parser.parse_args()
    asyncio.run(bench(args.homes, args.displays, args.seconds))


if __name__ == "__main__":
    main()
