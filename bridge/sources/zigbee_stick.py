"""A Zigbee stick driven by its zigpy radio library, with the HAN client on top.

The stick is the coordinator of its own network: the set-up of a trial site, where a
demo meter joins the stick (any zigpy radio can do that). Joining a *real* meter's
network as a device, with an install code and CBKE, is `bridge.han.join` (EZSP only).
The radio library is chosen by type (`ezsp`, `znp`, `deconz`, …, or `virtual`, the
software radio the tests and the demo use), so the same code serves every stick.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import zigpy.config as zconf

from bridge.errors import error_words
from bridge.han.client import HanClient
from bridge.han.radio.libraries import RADIO_LIBRARIES, RadioLibrary
from bridge.han.se_profile import with_smart_energy
from bridge.model import utc_now
from bridge.sources.base import SourceError
from bridge.sources.han_backed import HanBackedSource
from bridge.status_text import say

log = logging.getLogger(__name__)

# The software radio, as a "library" like the others: tests and demos use it.
VIRTUAL = RadioLibrary("virtual", "virtual radio (software)", "openihd", "bridge.sim.radio",
                       False, "the simulator's radio; path virtual://NAME")
RADIOS: dict[str, RadioLibrary] = {r.radio_type: r for r in (*RADIO_LIBRARIES, VIRTUAL)}


def radio_by_type(radio_type: str) -> RadioLibrary:
    try:
        return RADIOS[radio_type]
    except KeyError:
        raise SourceError(say("setup.unknown-radio", radio=repr(radio_type),
                              known=", ".join(sorted(RADIOS)))) from None


def stick_config(port: str, database: Path | None) -> dict[str, Any]:
    return {
        zconf.CONF_DEVICE: {zconf.CONF_DEVICE_PATH: port},
        # Devices that joined are remembered across restarts (no re-pairing the meter).
        zconf.CONF_DATABASE: str(database) if database is not None else None,
        zconf.CONF_OTA: {zconf.CONF_OTA_ENABLED: False},
        zconf.CONF_TOPO_SCAN_ENABLED: False,
    }


class ZigbeeStickSource(HanBackedSource):
    not_running = say("stick.not-running-stick")

    def __init__(self, radio: RadioLibrary, port: str, *, database: Path | None = None,
                 permit_join_s: int = 0, discovery_timeout_s: float = 30.0,
                 clock: Callable[[], datetime] = utc_now, time_scale: float = 1.0) -> None:
        """`clock`/`time_scale`: the meter network's time, when it is not the wall clock
        (a simulated demo meter running fast on the virtual radio)."""
        super().__init__()
        self.radio, self.port = radio, port
        self.said_name = say("name.stick", radio=radio.name, port=port)
        self.name = self.said_name.english()
        self.database = database
        self.permit_join_s = permit_join_s
        self.discovery_timeout_s = max(discovery_timeout_s, float(permit_join_s))
        self.clock, self.time_scale = clock, time_scale

    async def start(self) -> None:
        if not self.radio.installed:
            raise SourceError(say("stick.needs-package", radio=self.radio.name,
                                  package=self.radio.package))
        if self.port.startswith("/dev/") and not os.path.exists(self.port):  # noqa: ASYNC240 (a stat of /dev)
            raise SourceError(say("stick.missing", port=self.port))
        app_class = with_smart_energy(self.radio.application_class())
        try:
            self._app = await app_class.new(stick_config(self.port, self.database),
                                            auto_form=True, start_radio=True)
        except Exception as exc:  # each library raises its own; the words are what matter
            log.info("radio start failed", exc_info=True)
            raise SourceError(say("stick.radio-did-not-start", radio=self.radio.name,
                                  port=self.port, reason=error_words(exc))) from exc
        try:
            if self.permit_join_s:
                await self._app.permit(self.permit_join_s)
            self._han = HanClient(self._app, origin=f"{self.radio.radio_type}:{self.port}",
                                  publish=self._publish, clock=self.clock,
                                  time_scale=self.time_scale,
                                  discovery_timeout_s=self.discovery_timeout_s)
            await self._han.start()
        except BaseException:
            await self._stop_han()  # not stop(): a reopen after a lost stick runs this too
            raise
        self._watch_radio()
