"""What every Zigbee source shares: meters read by `HanClient` on a zigpy application.

The simulator, a stick as coordinator and a stick joined to the meter's network differ
only in how the application starts; the commands, the shutdown and the recovery from a
stick that is pulled out (or whose radio resets) are the same.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime

import zigpy.application

from bridge.errors import error_words
from bridge.han.client import HanClient
from bridge.model import (
    ConnectionState,
    MeterIdentity,
    MeterReading,
    TopUpCode,
    TopUpResult,
)
from bridge.sources.backoff import Backoff
from bridge.sources.base import Source, SourceError
from bridge.status_text import of_error, say
from bridge.tasks import cancel_and_wait

log = logging.getLogger(__name__)

SHUTDOWN_LIMIT_S = 5.0  # a radio that is gone may never finish shutting down


class _RadioLossListener:
    """A zigpy listener that hears only `connection_lost` (zigpy calls any listener
    method named like one of its events, so the source itself is not the listener)."""

    def __init__(self, on_lost: Callable[[Exception | None], None]) -> None:
        self.connection_lost = on_lost


class HanBackedSource(Source):
    not_running = say("stick.not-running")
    #: first and longest wait between attempts to reopen a lost stick
    reopen_backoff_s: tuple[float, float] = (1.0, 30.0)

    def __init__(self) -> None:
        super().__init__()
        self._app: zigpy.application.ControllerApplication | None = None
        self._han: HanClient | None = None
        self._recovery: asyncio.Task[None] | None = None
        self._stopping = False
        self._loss_listener = _RadioLossListener(self._radio_lost)

    @property
    def meters(self) -> tuple[MeterIdentity, ...]:
        return self._han.meters if self._han else ()

    @property
    def han(self) -> HanClient:
        if self._han is None:
            raise SourceError(self.not_running)
        return self._han

    # -- a stick that goes away ---------------------------------------------------------

    def _watch_radio(self) -> None:
        """Hear the radio library's `connection_lost` (a pulled stick, an NCP reset)."""
        assert self._app is not None
        self._app.add_listener(self._loss_listener)

    def _radio_lost(self, exc: Exception | None) -> None:
        if self._stopping or (self._recovery is not None and not self._recovery.done()):
            return
        log.warning("%s: connection to the radio lost: %r", self.name, exc)
        self._recovery = asyncio.get_running_loop().create_task(
            self._recover(exc), name="zigbee-stick-recovery")

    async def _recover(self, exc: Exception | None) -> None:
        """Close what is left, then reopen the stick (rejoining from its own memory)
        until it answers, saying each time why not."""
        self._status(ConnectionState.DISCONNECTED,
                     say("stick.lost", reason=error_words(exc)) if exc is not None
                     else say("stick.lost-port-closed"))
        await self._stop_han()
        backoff = Backoff.of(self.reopen_backoff_s)  # the one reconnect policy
        while not self._stopping:
            await backoff.wait()
            try:
                await self.start()
            except Exception as failure:  # whatever it was, say so and try again
                words = (of_error(failure) if isinstance(failure, SourceError)
                         else say("stick.did-not-start", reason=error_words(failure)))
                log.info("reopening the stick failed", exc_info=True)
                self._status(ConnectionState.DISCONNECTED, words, retry_in_s=backoff.delay)
                continue
            log.info("%s: stick reopened", self.name)
            return

    # -- lifecycle -----------------------------------------------------------------------

    async def _stop_han(self) -> None:
        """Stop the HAN client, then the application (which may already be gone)."""
        if self._han is not None:
            await self._han.stop()
            self._han = None
        if self._app is not None:
            app, self._app = self._app, None
            app.remove_listener(self._loss_listener)
            # A stick pulled out cannot shut down cleanly, and may not answer at all.
            with contextlib.suppress(Exception):
                async with asyncio.timeout(SHUTDOWN_LIMIT_S):
                    await app.shutdown()

    async def stop(self) -> None:
        self._stopping = True
        if self._recovery is not None:
            await cancel_and_wait([self._recovery])
            self._recovery = None
        await self._stop_han()
        self._close_streams()

    # -- commands ------------------------------------------------------------------------

    async def top_up(self, meter: MeterIdentity, code: TopUpCode) -> TopUpResult:
        return await self.han.top_up(meter, code)

    async def confirm_message(self, meter: MeterIdentity, message_id: int) -> None:
        await self.han.confirm_message(meter, message_id)

    async def backfill(self, meter: MeterIdentity, since: datetime) -> list[MeterReading]:
        """Half-hourly intervals from the meter's own profile log (GetProfile)."""
        return await self.han.backfill(meter, since)
