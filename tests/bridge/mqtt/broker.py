"""A real mosquitto on loopback for MQTT tests: start, stop, restart (with or without
persistence), and as a building broker bridged to a central one."""

from __future__ import annotations

import asyncio
import getpass
import subprocess
from pathlib import Path

import aiomqtt

from tests.bridge.sources.brokers import MOSQUITTO, free_port, needs_mosquitto, wait_for_port

__all__ = ["Broker", "free_port", "needs_mosquitto", "retained"]


class Broker:
    def __init__(self, folder: Path, *, persistence: bool = False, extra: str = "") -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.conf = folder / "mosquitto.conf"
        # `user`: mosquitto started as root would switch to user mosquitto, which
        # cannot write its persistence file into the test's folder.
        lines = [f"listener {self.port} 127.0.0.1", "allow_anonymous true",
                 f"user {getpass.getuser()}"]
        if persistence:
            lines += ["persistence true", f"persistence_location {folder}/",
                      "autosave_interval 1"]
        else:
            lines.append("persistence false")
        self.conf.write_text("\n".join(lines) + "\n" + extra)
        self.log = folder / "mosquitto.log"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"mqtt://127.0.0.1:{self.port}"

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen([MOSQUITTO, "-c", str(self.conf), "-v"],
                                         stdout=log, stderr=subprocess.STDOUT)
        if wait_for_port(self.port):
            return
        raise RuntimeError(f"mosquitto did not start: {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()  # SIGTERM: mosquitto saves its persistence file
            self.proc.wait(timeout=10)
            self.proc = None


async def retained(port: int, topic_filter: str = "#", quiet_s: float = 0.5,
                   limit_s: float = 10.0) -> dict[str, list[bytes]]:
    """Every retained message a new subscriber gets, by topic (a list, to see repeats).
    The broker sends them all first, so the first live message or a pause ends it."""
    found: dict[str, list[bytes]] = {}
    async with aiomqtt.Client("127.0.0.1", port) as client:
        await client.subscribe(topic_filter, qos=1)
        messages = client.messages.__aiter__()
        async with asyncio.timeout(limit_s):
            while True:
                try:
                    async with asyncio.timeout(quiet_s):
                        message = await messages.__anext__()
                except TimeoutError:
                    return found
                if not message.retain:
                    return found  # live traffic: the retained burst is over
                if message.retain:
                    payload = message.payload if isinstance(message.payload, bytes) \
                        else str(message.payload).encode()
                    found.setdefault(str(message.topic), []).append(payload)
    return found
