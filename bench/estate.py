"""Figures for the estate view with 1,000 flats' health on one broker.

    .venv/bin/python bench/estate.py [--flats 1000] [--per-bridge 20] [--updates 300]

A real mosquitto on loopback holds every flat's retained health (payloads made by the
bridge's own HomeHealth code, 20 flats per bridge). The estate view's model (the code
`ihd-bridge estate` runs) then:
  - subscribes and takes in the whole retained estate (cold start);
  - follows live changes: each is published with its send time, and the figure is send ->
    ingested -> rows sorted and the table rendered (what a redraw costs);
  - its memory for the whole estate (tracemalloc) and the process's peak RSS.
Floor in the same run: a bare MQTT round trip (publish -> subscriber) on the same broker,
so the ratio shows what the estate view adds to the broker's own delivery.
Last: a real `ihd-bridge --sim` killed with SIGKILL, and the time until the view shows
its flat offline (its Last Will).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent.resolve()]

import argparse
import asyncio
import json
import os
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta

import aiomqtt

from bridge.model import ConnectionState, Fuel, MeterIdentity, SourceStatus
from bridge.mqtt.estate import Condition, Estate, render
from bridge.mqtt.health import HomeHealth
from bridge.mqtt.topics import estate_filters

MOSQUITTO = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
ROOT = Path(__file__).resolve().parents[1]
LIMIT_S = 120.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_broker(folder: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    conf = folder / "mosquitto.conf"
    conf.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n"
                    "max_queued_messages 100000\n")
    proc = subprocess.Popen([MOSQUITTO, "-c", str(conf)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return proc, port
        time.sleep(0.05)
    raise SystemExit("mosquitto did not start")


def _health(bridge: str, flat: int, now: datetime, *, errors: tuple[str, ...] = ()
            ) -> bytes:
    eui = f"00:0d:6f:00:0b:{flat >> 8:02x}:{flat & 0xFF:02x}:01"
    health = HomeHealth(f"home-{flat}", f"home-{flat}", f"Flat {flat}")
    health.heard(MeterIdentity(eui, 1, Fuel.ELECTRICITY), now - timedelta(seconds=8))
    health.heard(MeterIdentity(eui.replace(":0b:", ":0c:"), 0x7B, Fuel.GAS),
                 now - timedelta(minutes=12))
    for words in errors:
        health.error(words)
    source = SourceStatus(timestamp=now, origin="bench", state=ConnectionState.CONNECTED,
                          detail="Connected to 2 meter(s).")
    payload = health.payload(bridge=bridge, building=f"Block {bridge}", source_state=source,
                             displays=(1, 1), now=now)
    return json.dumps(payload, separators=(",", ":")).encode()


async def _fill(port: int, flats: int, per_bridge: int) -> float:
    now = datetime.now(UTC)
    start = time.perf_counter()
    async with aiomqtt.Client("127.0.0.1", port, max_inflight_messages=200) as client:
        for index in range(flats):
            bridge = f"bridge-{index // per_bridge:03d}"
            if index % per_bridge == 0:
                await client.publish(f"openihd/{bridge}/status", b"online", qos=1,
                                     retain=True)
                homes = [{"home": f"home-{i}", "label": f"Flat {i}"}
                         for i in range(index, min(index + per_bridge, flats))]
                await client.publish(f"openihd/{bridge}/info", json.dumps(
                    {"bridge": bridge, "building": f"Block {bridge}", "homes": homes}),
                    qos=1, retain=True)
            await client.publish(f"openihd/{bridge}/home-{index}/health",
                                 _health(bridge, index, now), qos=1, retain=True)
    return time.perf_counter() - start


class View:
    """The estate view's receiving side, as `ihd-bridge estate` runs it."""

    def __init__(self) -> None:
        self.estate = Estate()
        self.changed = asyncio.Event()
        self.marks: dict[str, float] = {}
        self.latencies: list[float] = []
        self.redraw_s: list[float] = []

    async def run(self, port: int, ready: asyncio.Event, expect: int) -> None:
        async with aiomqtt.Client("127.0.0.1", port) as client:
            for topic_filter in estate_filters("openihd"):
                await client.subscribe(topic_filter, qos=1)
            async for message in client.messages:
                payload = message.payload if isinstance(message.payload, bytes) else b""
                topic = str(message.topic)
                self.estate.ingest(topic, payload, datetime.now(UTC))
                sent = self.marks.pop(topic, None)
                if sent is not None:
                    now = datetime.now(UTC)
                    t0 = time.perf_counter()
                    render(self.estate.rows(now), now)
                    self.redraw_s.append(time.perf_counter() - t0)
                    self.latencies.append(time.perf_counter() - sent)
                    self.changed.set()
                if not ready.is_set() and self.estate.flat_count >= expect:
                    ready.set()


async def _round_trip_floor(port: int, rounds: int) -> list[float]:
    times = []
    async with aiomqtt.Client("127.0.0.1", port) as sub, \
            aiomqtt.Client("127.0.0.1", port) as pub:
        await sub.subscribe("floor/x", qos=1)
        messages = sub.messages.__aiter__()
        for i in range(rounds):
            start = time.perf_counter()
            await pub.publish("floor/x", str(i).encode(), qos=1)
            await messages.__anext__()
            times.append(time.perf_counter() - start)
    return times


async def _kill_round(port: int) -> float | None:
    """A real bridge, SIGKILLed: seconds until the view shows its flat offline."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bridge.cli", "--sim", "--speed", "30",
        "--mqtt-publish", f"mqtt://127.0.0.1:{port}", "--mqtt-bridge-id", "victim",
        "--no-ha-discovery", cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    estate = Estate()
    try:
        async with aiomqtt.Client("127.0.0.1", port) as client:
            await client.subscribe("openihd/victim/#", qos=1)
            killed: float | None = None
            async with asyncio.timeout(LIMIT_S):
                async for message in client.messages:
                    payload = message.payload if isinstance(message.payload, bytes) else b""
                    now = datetime.now(UTC)
                    estate.ingest(str(message.topic), payload, now)
                    rows = [r for r in estate.rows(now) if r.bridge == "victim"]
                    if killed is None and rows and rows[0].condition == Condition.OK:
                        os.kill(proc.pid, signal.SIGKILL)
                        killed = time.perf_counter()
                    elif killed is not None and rows and \
                            rows[0].condition == Condition.BRIDGE_OFFLINE:
                        return time.perf_counter() - killed
    except TimeoutError:
        return None
    finally:
        if proc.returncode is None:
            proc.kill()
        await proc.wait()
    return None


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return (f"median {statistics.median(values) * 1000:7.2f} ms   p95 {p95 * 1000:7.2f} ms"
            f"   max {ordered[-1] * 1000:7.2f} ms")


async def bench(flats: int, per_bridge: int, updates: int, kill: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        broker, port = _start_broker(Path(folder))
        try:
            fill_s = await _fill(port, flats, per_bridge)
            print(f"flats {flats} on {-(-flats // per_bridge)} bridges; retained health "
                  f"published in {fill_s:.2f} s")
            floor = await _round_trip_floor(port, updates)

            tracemalloc.start()
            view = View()
            ready = asyncio.Event()
            cold = time.perf_counter()
            task = asyncio.create_task(view.run(port, ready, flats))
            async with asyncio.timeout(LIMIT_S):
                await ready.wait()
            cold_s = time.perf_counter() - cold
            now = datetime.now(UTC)
            t0 = time.perf_counter()
            rows = view.estate.rows(now)
            text = render(rows, now)
            first_draw = time.perf_counter() - t0
            memory, _ = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(f"cold start: all {len(rows)} flats in the view after {cold_s:.2f} s; "
                  f"first sort + render {first_draw * 1000:.1f} ms ({len(text)} characters)")

            async with aiomqtt.Client("127.0.0.1", port) as client:
                for i in range(updates):
                    flat = (i * 37) % flats
                    bridge = f"bridge-{flat // per_bridge:03d}"
                    topic = f"openihd/{bridge}/home-{flat}/health"
                    view.changed.clear()
                    view.marks[topic] = time.perf_counter()
                    await client.publish(topic, _health(bridge, flat, datetime.now(UTC),
                                                        errors=(f"error {i}",)),
                                         qos=1, retain=True)
                    async with asyncio.timeout(10):
                        await view.changed.wait()
            task.cancel()
            worst = view.estate.rows(datetime.now(UTC))[0]
            assert worst.condition == Condition.ERRORS, worst
            print(f"live update -> view redrawn ({updates}): {_ms(view.latencies)}")
            print(f"  of which sort + render of {flats} rows: {_ms(view.redraw_s)}")
            print(f"floor: bare MQTT round trip ({updates}): {_ms(floor)}")
            print(f"ratio update/floor (median): "
                  f"{statistics.median(view.latencies) / statistics.median(floor):.1f}x")
            print(f"memory: estate model {memory / 1e6:.2f} MB "
                  f"({memory / flats / 1000:.1f} kB per flat); process peak RSS "
                  f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000:.0f} MB")
            if kill:
                offline = await _kill_round(port)
                print("bridge SIGKILLed -> view shows it offline: " +
                      ("did not happen" if offline is None else f"{offline * 1000:.0f} ms"))
        finally:
            broker.terminate()
            broker.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 2)[2])
    parser.add_argument("--flats", type=int, default=1000)
    parser.add_argument("--per-bridge", type=int, default=20)
    parser.add_argument("--updates", type=int, default=300)
    parser.add_argument("--no-kill", action="store_true",
                        help="skip the SIGKILLed real bridge")
    args = parser.parse_args()
    asyncio.run(bench(args.flats, args.per_bridge, args.updates, not args.no_kill))


if __name__ == "__main__":
    main()
