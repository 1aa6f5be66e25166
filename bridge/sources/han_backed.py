"""What every Zigbee source shares: meters read by `HanClient` on a zigpy application.

The simulator, a stick as coordinator and a stick joined to the meter's network differ
only in how the application starts; the commands and the shutdown are the same.
"""

from __future__ import annotations

import contextlib
from datetime import datetime

import zigpy.application

from bridge.han.client import HanClient
from bridge.model import MeterIdentity, MeterReading, TopUpCode, TopUpResult
from bridge.sources.base import Source, SourceError


class HanBackedSource(Source):
    not_running = "The Zigbee radio is not running."

    def __init__(self) -> None:
        super().__init__()
        self._app: zigpy.application.ControllerApplication | None = None
        self._han: HanClient | None = None

    @property
    def meters(self) -> tuple[MeterIdentity, ...]:
        return self._han.meters if self._han else ()

    @property
    def han(self) -> HanClient:
        if self._han is None:
            raise SourceError(self.not_running)
        return self._han

    async def _stop_han(self) -> None:
        """Stop the HAN client, then the application (which may already be gone)."""
        if self._han is not None:
            await self._han.stop()
            self._han = None
        if self._app is not None:
            with contextlib.suppress(Exception):  # a stick pulled out cannot shut down
                await self._app.shutdown()
            self._app = None

    async def stop(self) -> None:
        await self._stop_han()
        self._close_streams()

    async def top_up(self, meter: MeterIdentity, code: TopUpCode) -> TopUpResult:
        return await self.han.top_up(meter, code)

    async def confirm_message(self, meter: MeterIdentity, message_id: int) -> None:
        await self.han.confirm_message(meter, message_id)

    async def backfill(self, meter: MeterIdentity, since: datetime) -> list[MeterReading]:
        """Half-hourly intervals from the meter's own profile log (GetProfile)."""
        return await self.han.backfill(meter, since)

