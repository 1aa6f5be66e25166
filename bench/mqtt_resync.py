"""How long a bridge takes to put its whole state back on a broker after a reconnection,
over a link with a round-trip time (a building's bridge to an estate broker across a
WAN), with several publishes in flight against one at a time.

    .venv/bin/python bench/mqtt_resync.py [--topics 2300] [--rtt-ms 30]

A real mosquitto on loopback, reached through a delaying TCP proxy (half the RTT each
way). 2,300 topics is a 50-flat bridge sharing everything: ~16 state topics and ~30
discovery configs per flat. The floor is the same flush with one publish in flight (what
a QoS 1 publisher waiting for each PUBACK does); the ratio is the speed-up.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent.resolve()]

import argparse
import asyncio
import shutil
import socket
import subprocess
import tempfile
import time

import bridge.mqtt.link as link_module
from bridge.mqtt.link import MqttLink
from bridge.mqtt.settings import parse_url

MOSQUITTO = shutil.which("mosquitto") or "/usr/sbin/mosquitto"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                delay: float) -> None:
    """Forward bytes, each chunk `delay` seconds later, in order."""
    queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

    async def deliver() -> None:
        while True:
            due, data = await queue.get()
            if not data:
                writer.close()
                return
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            writer.write(data)
            await writer.drain()

    task = asyncio.create_task(deliver())
    try:
        while True:
            data = await reader.read(65536)
            queue.put_nowait((time.monotonic() + delay, data))
            if not data:
                break
        await task
    finally:
        task.cancel()


async def _proxy(target: int, delay: float) -> tuple[asyncio.Server, int]:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", target)
        await asyncio.gather(_pipe(reader, up_writer, delay), _pipe(up_reader, writer, delay),
                             return_exceptions=True)

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


async def _flush_time(port: int, topics: int, batch: int) -> float:
    link_module.BATCH = batch
    link = MqttLink(parse_url(f"mqtt://127.0.0.1:{port}"), status_topic="bench/status",
                    client_id=f"bench-{batch}")
    payload = b'{"timestamp":"2026-01-14T18:00:00+00:00","power_kw":0.5,"import_kwh":1234.5}'
    for i in range(topics):
        link.set(f"openihd/bench/home-{i // 46}/m/kind-{i % 46}", payload)
    start = time.perf_counter()
    link.start()
    ok = await link.flushed(timeout=600)
    elapsed = time.perf_counter() - start
    await link.stop()
    if not ok:
        raise SystemExit("the flush did not finish")
    return elapsed


async def bench(topics: int, rtt_ms: float) -> None:
    with tempfile.TemporaryDirectory() as folder:
        port = _free_port()
        conf = Path(folder) / "mosquitto.conf"
        conf.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\n"
                        "persistence false\n")
        broker = await asyncio.create_subprocess_exec(
            MOSQUITTO, "-c", str(conf), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            await asyncio.sleep(0.3)
            server, proxy_port = await _proxy(port, rtt_ms / 2000)
            one = await _flush_time(proxy_port, topics, 1)
            many = await _flush_time(proxy_port, topics, 64)
            server.close()
            print(f"{topics} retained topics over a {rtt_ms:.0f} ms RTT link")
            print(f"floor: one publish in flight:   {one:7.2f} s "
                  f"({topics / one:7.0f} topics/s)")
            print(f"bridge: 64 publishes in flight: {many:7.2f} s "
                  f"({topics / many:7.0f} topics/s)")
            print(f"ratio floor/bridge: {one / many:.1f}x faster")
        finally:
            broker.terminate()
            await broker.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 2)[2])
    parser.add_argument("--topics", type=int, default=2300)
    parser.add_argument("--rtt-ms", type=float, default=30.0)
    args = parser.parse_args()
    asyncio.run(bench(args.topics, args.rtt_ms))


if __name__ == "__main__":
    main()
