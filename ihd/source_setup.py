"""Choosing where readings come from: the demo, or a paired bridge; remembered in the
settings so the display opens with the last source."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from bridge.lan.discovery import FoundBridge, browse
from bridge.sources.base import Source, SourceError
from bridge.sources.bridge_client import (
    BridgeClientSource,
    Pairing,
    bridge_fingerprint,
    pair_with_bridge,
)
from ihd.config import Settings
from ihd.controller import Controller

log = logging.getLogger(__name__)


class SourceSetup:
    def __init__(self, controller: Controller, settings: Settings,
                 save: Callable[[Settings], None], *, speed: float = 1.0, seed: int = 1,
                 demo_start: datetime | None = None,
                 discovery_interfaces: list[str] | None = None) -> None:
        self.controller = controller
        self.settings = settings
        self.save = save
        self.speed = speed
        self.seed = seed
        self.demo_start = demo_start  # the simulated clock's start (None: now)
        self.discovery_interfaces = discovery_interfaces

    async def start_demo(self, *, remember: bool = True) -> None:
        """The demo; `remember` makes it the source the display opens with next time
        (chosen in Settings), not so for a one-off `ihd --demo`."""
        from bridge.sources.sim import SimSource

        if remember:
            self.settings.source = "demo"
            self.save(self.settings)
        try:
            await self.controller.attach(SimSource(seed=self.seed, speed=self.speed,
                                                     start=self.demo_start))
        except Exception as exc:  # said on screen; the display stays up
            log.exception("demo failed to start")
            self.controller.state.set_history_error(f"The demo could not start: {exc}")

    async def start_device(self, kind: str, where: str) -> None:
        """A Glow device ('glow', host[:port]), a RAVEn stick ('raven', serial port) or an
        EAGLE ('eagle', cloudid:installcode[@host]);
        remembered for next time. Raises SourceError in words when it does not answer."""
        if kind == "glow":
            from bridge.sources.glow import GlowMqttSource

            source: Source = GlowMqttSource.from_spec(where)
            self.settings.glow_mqtt = where
        elif kind == "eagle":
            from bridge.sources.eagle import EagleSource

            source = EagleSource.from_spec(where)
            self.settings.eagle = where
        elif kind == "stick":  # "radio:port": a stick as a trial site's coordinator
            from bridge.sources.zigbee_stick import ZigbeeStickSource, radio_by_type
            from ihd.config import config_dir

            radio, _, port = where.partition(":")
            source = ZigbeeStickSource(radio_by_type(radio), port, permit_join_s=120,
                                       database=config_dir() / "zigbee.sqlite3")
            self.settings.stick = where
        elif kind == "joined":  # "port@baud": an EZSP stick joined to the meter's HAN
            from bridge.sources.joined_stick import JoinedStickSource

            port, _, baud = where.partition("@")
            source = JoinedStickSource({"path": port, "baudrate": int(baud or 115200)})
            self.settings.joined_stick = where
        elif kind == "raven":
            from bridge.sources.raven import RavenSource

            source = RavenSource(where)
            self.settings.raven_port = where
        else:
            raise SourceError(f"Unknown kind of device: {kind}")
        await self.controller.attach(source)
        self.settings.source = kind
        self.save(self.settings)

    async def follow_joined_stick(self, source: Source, where: str) -> None:
        """A stick that has just joined the meter's network: follow it from now on."""
        await self.controller.attach(source)
        self.settings.source, self.settings.joined_stick = "joined", where
        self.save(self.settings)

    async def resume(self) -> None:
        """Open with the last source (not the demo, which the caller handles)."""
        s = self.settings
        if s.source == "bridge" and s.bridge_token:
            await self.attach_bridge()
        elif s.source == "glow" and s.glow_mqtt:
            await self.retrying(lambda: self.start_device("glow", s.glow_mqtt or ""))
        elif s.source == "eagle" and s.eagle:
            await self.retrying(lambda: self.start_device("eagle", s.eagle or ""))
        elif s.source == "joined" and s.joined_stick:
            await self.retrying(lambda: self.start_device("joined", s.joined_stick or ""))
        elif s.source == "stick" and s.stick:
            await self.retrying(lambda: self.start_device("stick", s.stick or ""))
        elif s.source == "raven" and s.raven_port:
            await self.retrying(lambda: self.start_device("raven", s.raven_port or ""))

    async def retrying(self, attempt: Callable[[], Awaitable[None]],
                       max_delay_s: float = 60.0) -> None:
        delay = 2.0
        while True:
            try:
                await attempt()
            except SourceError as exc:
                self.controller.state.set_history_error(f"{exc} Trying again in "
                                                        f"{delay:.0f} s.")
                await asyncio.sleep(delay)
                delay = min(delay * 2, max_delay_s)
                continue
            self.controller.state.set_history_error(None)
            return

    async def find_bridges(self) -> list[FoundBridge]:
        return await browse(seconds=2.0, interfaces=self.discovery_interfaces)

    async def pair_bridge(self, url: str, fingerprint: str, pin: str) -> None:
        if not fingerprint:  # a typed address: learn it now, pin it from here on
            fingerprint = await bridge_fingerprint(url)
        pairing = await pair_with_bridge(url, pin, "OpenIHD display", fingerprint)
        s = self.settings
        s.source = "bridge"
        s.bridge_url, s.bridge_fingerprint = pairing.base_url, fingerprint
        s.bridge_token, s.bridge_premises = pairing.token, pairing.premises
        s.bridge_last_seq, s.bridge_epoch = 0, None
        self.save(s)
        await self.attach_bridge()

    async def attach_bridge(self, max_delay_s: float = 60.0) -> None:
        """Follow the paired bridge; if it is away, say so and keep trying."""
        s = self.settings
        assert s.bridge_url and s.bridge_fingerprint and s.bridge_token
        pairing = Pairing(s.bridge_url, s.bridge_fingerprint, s.bridge_token,
                          s.bridge_premises or "")
        delay = 2.0
        while True:
            source = BridgeClientSource(pairing, name=f"Bridge {s.bridge_url}")
            source.last_seq = s.bridge_last_seq  # what this display already has
            source.epoch = s.bridge_epoch
            try:
                await self.controller.attach(source)
            except SourceError as exc:
                self.controller.state.set_history_error(f"{exc} Trying again in "
                                                        f"{delay:.0f} s.")
                await asyncio.sleep(delay)
                delay = min(delay * 2, max_delay_s)
                continue
            self.controller.after_flush[:] = [functools.partial(self._remember, source)]
            self.controller.state.set_history_error(None)
            return

    def _remember(self, source: BridgeClientSource) -> None:
        if (source.last_seq, source.epoch) != (self.settings.bridge_last_seq,
                                               self.settings.bridge_epoch):
            self.settings.bridge_last_seq = source.last_seq
            self.settings.bridge_epoch = source.epoch
            self.save(self.settings)
