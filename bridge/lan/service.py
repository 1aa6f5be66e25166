"""The bridge as a service: a Source served on the LAN, advertised, with pairing."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bridge.lan.certs import Identity, ensure_identity
from bridge.lan.devices import DeviceRegistry
from bridge.lan.discovery import Advertiser
from bridge.lan.journal import Journal
from bridge.lan.limits import Capacity
from bridge.lan.server import BridgeServer, server_ssl_context
from bridge.lan.state_db import check_writable
from bridge.sources.base import Source

log = logging.getLogger(__name__)


@dataclass
class RunningBridge:
    server: BridgeServer
    identity: Identity
    devices: DeviceRegistry
    journal: Journal
    port: int
    pins: dict[str, str] = field(default_factory=dict)
    advertiser: Advertiser | None = None

    async def stop(self) -> None:
        if self.advertiser is not None:
            await self.advertiser.stop()
        await self.server.stop()
        self.devices.close()
        self.journal.close()


async def serve(source: Source, *, state_dir: Path, host: str, port: int,
                advertise: bool = True, retention_days: float = 30,
                capacity: Capacity | None = None) -> RunningBridge:
    """Start the source (if not started), the HTTPS server and the advertisement."""
    check_writable(state_dir)
    identity = ensure_identity(state_dir)
    devices = DeviceRegistry(state_dir / "devices.sqlite3")
    journal = Journal(state_dir / "journal.sqlite3", retention_days=retention_days)
    journal.prune()
    server = BridgeServer(source, devices, journal, bridge_id=identity.short_id,
                          fingerprint=identity.fingerprint, capacity=capacity)
    bound = await server.start(host, port, server_ssl_context(str(identity.cert_path),
                                                              str(identity.key_path)))
    running = RunningBridge(server, identity, devices, journal, bound)
    if advertise:
        running.advertiser = Advertiser(bridge_id=identity.short_id,
                                        fingerprint=identity.fingerprint, port=bound,
                                        address=host if host not in ("", "0.0.0.0")
                                        else "127.0.0.1")
        await running.advertiser.start()
    return running


def open_pairing(running: RunningBridge, source: Source) -> dict[str, str]:
    """A pairing code per premises, shown on the console (valid 5 minutes); it is never
    written to the log, which may be kept or shipped elsewhere."""
    for premises in source.premises:
        code = running.devices.open_pairing(premises)
        running.pins[premises] = code
        print(f"ihd-bridge: pairing code for {premises}: {code} (valid 5 minutes)",
              file=sys.stderr, flush=True)
        log.info("pairing open for %s", premises)
    return running.pins
