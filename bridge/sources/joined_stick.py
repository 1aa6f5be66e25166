"""An EZSP stick that has joined a meter's network as a device, with the HAN client on top.

`bridge.han.join.JoinSession` joins and runs CBKE; this source then runs the same
`HanClient` every other Zigbee source uses, on `EzspDeviceApplication` (bellows' own
application accepts only a coordinator NCP). Straight after a join, pass the session's
`SeNcp` and the meter certificate's subject so the port is not reopened and the trust
centre's EUI64 is the authenticated one; on later starts the stick is opened afresh and
rejoins from its NVM.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import zigpy.config as zconf
import zigpy.exceptions

from bridge.errors import error_words
from bridge.han.client import HanClient
from bridge.han.join.device_app import EzspDeviceApplication
from bridge.han.join.ncp import SeNcp
from bridge.han.se_profile import with_smart_energy
from bridge.sources.base import SourceError
from bridge.sources.han_backed import HanBackedSource
from bridge.status_text import say

log = logging.getLogger(__name__)


def device_app_config(device: dict[str, Any]) -> dict[str, Any]:
    return {
        zconf.CONF_DEVICE: device,
        # The meter's network is not ours to back up or scan; the NCP keeps what matters.
        zconf.CONF_DATABASE: None,
        zconf.CONF_OTA: {zconf.CONF_OTA_ENABLED: False},
        zconf.CONF_TOPO_SCAN_ENABLED: False,
        zconf.CONF_NWK_BACKUP_ENABLED: False,
        zconf.CONF_WATCHDOG_ENABLED: False,
        zconf.CONF_STARTUP_ENERGY_SCAN: False,
    }


class JoinedStickSource(HanBackedSource):
    not_running = say("stick.not-running-stick")

    def __init__(self, device: dict[str, Any], *, ncp: SeNcp | None = None,
                 trust_centre_ieee: str | None = None, open_timeout_s: float = 15.0,
                 match_window_s: float = 3.0, discovery_timeout_s: float = 30.0,
                 request_timeout_s: float = 5.0) -> None:
        """`device`: zigpy's device config ({"path", "baudrate", "flow_control"})."""
        super().__init__()
        self.device = device
        self.port = str(device.get(zconf.CONF_DEVICE_PATH, "?"))
        self.said_name = say("name.joined-stick", port=self.port)
        self.name = self.said_name.english()
        self._ncp = ncp
        self.trust_centre_ieee = trust_centre_ieee
        self.open_timeout_s = open_timeout_s
        self.match_window_s = match_window_s
        self.discovery_timeout_s = discovery_timeout_s
        self.request_timeout_s = request_timeout_s

    async def start(self) -> None:
        app_class = with_smart_energy(EzspDeviceApplication)
        app = app_class(device_app_config(self.device), ncp=self._ncp,
                        trust_centre_ieee=self.trust_centre_ieee,
                        match_window_s=self.match_window_s,
                        response_timeout_s=self.request_timeout_s)
        self._ncp = None  # the app owns it now (and closes it)
        try:
            async with asyncio.timeout(self.open_timeout_s):
                await app.startup(auto_form=False)
        except zigpy.exceptions.NetworkNotFormed as exc:
            raise SourceError(say("stick.not-joined", port=self.port, reason=exc)) from exc
        except TimeoutError as exc:
            await app.shutdown()
            raise SourceError(say("stick.silent", port=self.port,
                                  seconds=f"{self.open_timeout_s:g}")) from exc
        except Exception as exc:  # the port missing, bellows' own errors …
            log.info("stick start failed", exc_info=True)
            raise SourceError(say("stick.port-did-not-start", port=self.port,
                                  reason=error_words(exc))) from exc
        self._app = app
        try:
            self._han = HanClient(app, origin=f"ezsp-device:{self.port}",
                                  publish=self._publish,
                                  request_timeout_s=self.request_timeout_s,
                                  discovery_timeout_s=self.discovery_timeout_s)
            await self._han.start()
        except BaseException:
            await self._stop_han()  # not stop(): a reopen after a lost stick runs this too
            raise
        self._watch_radio()
