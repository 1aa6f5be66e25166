"""Choosing where readings come from: the demo, a paired bridge or a device of one of
the registry's kinds; remembered in the settings so the display opens with the last."""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING

from bridge.sources.backoff import Backoff
from bridge.sources.base import Source, SourceError
from bridge.status_text import say
from ihd.config import Settings
from ihd.controller import Controller
from ihd.i18n import tr
from ihd.ui.status_words import error_words, retry_words

if TYPE_CHECKING:  # aiohttp and zeroconf load only for a display that uses a bridge
    from bridge.lan.discovery import FoundBridge
    from bridge.sources.bridge_client import BridgeClientSource

log = logging.getLogger(__name__)


class SourceSetup:
    def __init__(self, controller: Controller, settings: Settings,
                 save: Callable[[Settings], None], *, speed: float = 1.0, seed: int = 1,
                 demo_start: datetime | None = None,
                 discovery_interfaces: list[str] | None = None,
                 demo_home: dict[str, str] | None = None) -> None:
        self.controller = controller
        self.settings = settings
        self.save = save
        self.speed = speed
        self.seed = seed
        self.demo_start = demo_start  # the simulated clock's start (None: now)
        self.demo_home = demo_home or {}  # what kind of home (payment, tariff)
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
                                                     start=self.demo_start,
                                                     **self.demo_home))  # type: ignore[arg-type]
        except Exception as exc:  # said on screen; the display stays up
            log.exception("demo failed to start")
            self.controller.state.set_history_error(
                tr("The demo could not start: {reason}").format(reason=error_words(exc)))

    async def start_device(self, kind: str, where: str) -> None:
        """A device of one of the registry's kinds (bridge/sources/kinds.py): `where` is
        its one line of set-up (a broker, a port, the EAGLE's label credentials…),
        remembered for next time. Raises SourceError in words when it does not answer."""
        from bridge.sources.kinds import KINDS, BuildContext
        from ihd.config import config_dir

        device = KINDS.get(kind)
        if device is None:
            raise SourceError(say("setup.unknown-kind", kind=kind))
        # A stick run as a trial site's coordinator lets the demo meter join for 2 min.
        source = device.source(where, BuildContext(config_dir(), permit_join_s=120))
        await self.controller.attach(source)
        setattr(self.settings, device.setting, where)
        self.settings.source = kind
        self.save(self.settings)

    async def follow_joined_stick(self, source: Source, where: str) -> None:
        """A stick that has just joined the meter's network: follow it from now on."""
        await self.controller.attach(source)
        self.settings.source, self.settings.joined_stick = "joined", where
        self.save(self.settings)

    async def resume(self) -> None:
        """Open with the last source (not the demo, which the caller handles)."""
        from bridge.sources.kinds import KINDS

        s = self.settings
        if s.source == "bridge" and s.bridge_token:
            await self.attach_bridge()
            return
        device = KINDS.get(s.source or "")
        where = getattr(s, device.setting, None) if device is not None else None
        if device is not None and where:
            await self.retrying(lambda: self.start_device(device.name, where))

    async def retrying(self, attempt: Callable[[], Awaitable[None]],
                       max_delay_s: float = 60.0) -> None:
        """Until `attempt` succeeds, saying each failure on screen and waiting on the one
        reconnect policy (bridge/sources/backoff.py) between tries."""
        backoff = Backoff(2.0, max_delay_s)
        while True:
            try:
                await attempt()
            except SourceError as exc:
                self.controller.state.set_history_error(
                    f"{error_words(exc)} {retry_words(backoff.delay)}")
                await backoff.wait()
                continue
            self.controller.state.set_history_error(None)
            return

    async def find_bridges(self) -> list[FoundBridge]:
        from bridge.lan.discovery import browse

        return await browse(seconds=2.0, interfaces=self.discovery_interfaces)

    async def pair_bridge(self, url: str, fingerprint: str, pin: str) -> None:
        from bridge.sources.bridge_client import bridge_fingerprint, pair_with_bridge

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
        from bridge.sources.bridge_client import BridgeClientSource, Pairing

        s = self.settings
        assert s.bridge_url and s.bridge_fingerprint and s.bridge_token
        pairing = Pairing(s.bridge_url, s.bridge_fingerprint, s.bridge_token,
                          s.bridge_premises or "")

        async def attach() -> None:
            source = BridgeClientSource(pairing, name=f"Bridge {s.bridge_url}")
            source.last_seq = s.bridge_last_seq  # what this display already has
            source.epoch = s.bridge_epoch
            await self.controller.attach(source)
            self.controller.after_flush[:] = [functools.partial(self._remember, source)]

        await self.retrying(attach, max_delay_s)

    def _remember(self, source: BridgeClientSource) -> None:
        if (source.last_seq, source.epoch) != (self.settings.bridge_last_seq,
                                               self.settings.bridge_epoch):
            self.settings.bridge_last_seq = source.last_seq
            self.settings.bridge_epoch = source.epoch
            self.save(self.settings)
