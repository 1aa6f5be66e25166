"""The bridge's memory while paired displays open streams and never read them.

    .venv/bin/python bench/hostile_streams.py [--displays 25] [--streams 4]
                                              [--journal 20000] [--seconds 10]

A real `ihd-bridge --sim` process on loopback whose journal already holds --journal
updates for the home (a month of a real meter is ~250,000), with --displays paired
displays. Each display opens --streams WebSockets from `since=0` (the whole backlog)
and never reads a byte. Figures: the bridge's resident memory before, at its peak while
the streams are held, and after they are gone; streams refused (a display may hold only
a few); and, as the floor in the same run, the bridge with no streams at all.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent.resolve()]

import argparse
import asyncio
import socket
import ssl
import subprocess
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from bridge.lan.certs import ensure_identity
from bridge.lan.devices import DeviceRegistry
from bridge.lan.journal import Journal
from bridge.lan.pairing import DisplaySide, PairingCode
from bridge.model import Fuel, MeterIdentity, MeterReading

START = datetime(2026, 1, 14, 18, tzinfo=UTC)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _prepare(state: Path, displays: int, journal_entries: int) -> list[str]:
    identity = ensure_identity(state)
    journal = Journal(state / "journal.sqlite3")
    meter = MeterIdentity("00:0d:6f:00:0b:c0:ff:ee", 1, Fuel.ELECTRICITY)
    batch = []
    for n in range(journal_entries):
        batch.append(("home-1", MeterReading(meter, START + timedelta(seconds=10 * n), "sim",
                                             energy_delivered_kwh=Decimal(n) / 1000,
                                             demand_kw=Decimal("0.412"))))
        if len(batch) == 1000:
            journal.append_batch(batch)
            batch.clear()
    if batch:
        journal.append_batch(batch)
    journal.close()
    registry = DeviceRegistry(state / "devices.sqlite3")
    tokens = []
    for n in range(displays):
        code = PairingCode.parse(registry.open_pairing("home-1"))
        display = DisplaySide(code, identity.fingerprint)
        attempt, side = registry.begin(code.slot, display.message, f"hostile {n}",
                                       identity.fingerprint)
        proof = display.finish(side.message, side.confirm)
        assert proof is not None
        tokens.append(registry.finish(attempt, proof)[0])
    registry.close()
    return tokens


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_bridge(state: Path, port: int) -> subprocess.Popen[str]:
    log = (state / "bridge.log").open("w")  # a file: a full pipe would stall the bridge
    proc = subprocess.Popen(
        [sys.executable, "-m", "bridge.cli", "--sim", "--meters", "1", "--listen",
         f"127.0.0.1:{port}", "--state-dir", str(state), "--no-advertise"],
        stdout=subprocess.DEVNULL, stderr=log, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("the bridge exited: " + (state / "bridge.log").read_text())
        if "serving https://" in (state / "bridge.log").read_text():
            return proc
        time.sleep(0.2)
    raise RuntimeError("the bridge did not start")


def _insecure() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


async def _hostile_stream(port: int, token: str, address: str,
                          ) -> tuple[asyncio.StreamWriter | None, int]:
    """A WebSocket upgrade, then nothing read: (the connection, the status answered;
    0 if the bridge closed the connection at once)."""
    try:
        reader, writer = await asyncio.open_connection(
            "127.0.0.1", port, ssl=_insecure(), limit=1024, local_addr=(address, 0))
    except (ConnectionError, ssl.SSLError):
        return None, 0
    writer.write((f"GET /api/v1/stream?since=0 HTTP/1.1\r\nHost: bridge\r\n"
                  f"Authorization: Bearer {token}\r\nUpgrade: websocket\r\n"
                  f"Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                  f"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").encode())
    await writer.drain()
    status_line = await reader.readline()  # one line; after that the reader stalls
    return writer, int(status_line.split()[1]) if status_line else 0


@dataclass
class Figures:
    before_mb: float
    peak_mb: float
    after_mb: float
    admitted: int
    refused: int


async def hostile_run(state: Path, tokens: list[str], streams: int, seconds: float,
                      ) -> Figures:
    port = _free_port()
    proc = start_bridge(state, port)
    try:
        await asyncio.sleep(2)
        before = rss_mb(proc.pid)
        held: list[asyncio.StreamWriter] = []
        statuses: list[int] = []
        for n, token in enumerate(tokens):
            for _ in range(streams):  # each display from its own address
                writer, status = await _hostile_stream(port, token, f"127.0.8.{n + 1}")
                statuses.append(status)
                if writer is not None:
                    held.append(writer)
        peak = before
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            peak = max(peak, rss_mb(proc.pid))
            await asyncio.sleep(0.2)
        for writer in held:
            writer.close()
        await asyncio.sleep(3)
        after = rss_mb(proc.pid)
        return Figures(before, peak, after, statuses.count(101),
                       len(statuses) - statuses.count(101))
    finally:
        proc.terminate()
        proc.wait(timeout=30)


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--displays", type=int, default=25)
    parser.add_argument("--streams", type=int, default=4, help="streams per display")
    parser.add_argument("--journal", type=int, default=20_000, help="updates in the backlog")
    parser.add_argument("--seconds", type=float, default=10.0, help="how long they are held")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        state = Path(tmp) / "state"
        tokens = _prepare(state, args.displays, args.journal)
        floor = await hostile_run(state, tokens, 0, args.seconds)
        run = await hostile_run(state, tokens, args.streams, args.seconds)
    growth = run.peak_mb - run.before_mb
    floor_growth = floor.peak_mb - floor.before_mb
    print(f"journal backlog: {args.journal} updates; {args.displays} displays x "
          f"{args.streams} streams that never read")
    print(f"floor (no streams): RSS {floor.before_mb:.0f} MB -> peak {floor.peak_mb:.0f} MB "
          f"(+{floor_growth:.0f} MB)")
    print(f"hostile streams: {run.admitted} admitted, {run.refused} refused; RSS "
          f"{run.before_mb:.0f} MB -> peak {run.peak_mb:.0f} MB (+{growth:.0f} MB, "
          f"{growth / max(run.admitted, 1) * 1024:.0f} KB per stream) -> after "
          f"{run.after_mb:.0f} MB")
    print(f"peak over the floor's peak: {run.peak_mb / floor.peak_mb:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
