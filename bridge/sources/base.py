"""The one interface every origin of meter data implements.

A Source produces `bridge.model.Update` objects and accepts the few commands a display can
send. The display, the history store and the LAN server never know which Source they have.
"""

from __future__ import annotations

import abc
import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import datetime

from bridge.model import (
    ConnectionState,
    Currency,
    MeterIdentity,
    MeterReading,
    TopUpCode,
    TopUpResult,
    Update,
    utc_now,
)
from bridge.status_text import Said, status

log = logging.getLogger(__name__)


class SourceError(Exception):
    """A Source could not do what was asked; the message is fit to show a person.

    Raised with a `Said` (bridge.status_text), `said` keeps what happened so the display
    can say it in the reader's language; `str()` is the English."""

    def __init__(self, message: str | Said) -> None:
        self.said = message if isinstance(message, Said) else None
        super().__init__(str(message))


class CommandRefused(SourceError):
    """The meter answered and said no (an unknown message id, say): not unreachable."""


class UpdateStream:
    """One subscriber's bounded queue of updates.

    A subscriber that does not keep up loses the oldest updates rather than stalling the
    source or the other subscribers; `dropped` counts them so it can ask for a backfill.
    """

    def __init__(self, hub: UpdateHub, maxsize: int) -> None:
        self._hub = hub
        self._queue: asyncio.Queue[Update | None] = asyncio.Queue(maxsize=maxsize)
        self.dropped = 0

    def put(self, update: Update | None) -> None:
        if self._queue.full():
            try:
                self._queue.get_nowait()
                self.dropped += 1
            except asyncio.QueueEmpty:  # pragma: no cover - raced with a reader
                pass
        self._queue.put_nowait(update)

    async def get(self) -> Update | None:
        """The next update, or None once the source has stopped."""
        return await self._queue.get()

    def get_nowait(self) -> Update | None:
        return self._queue.get_nowait()

    def close(self) -> None:
        self._hub.unsubscribe(self)

    def __aiter__(self) -> AsyncIterator[Update]:
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[Update]:
        while True:
            update = await self.get()
            if update is None:
                return
            yield update


class UpdateHub:
    """Fan-out of updates to any number of subscribers."""

    def __init__(self) -> None:
        self._streams: list[UpdateStream] = []
        self._closed = False

    def subscribe(self, maxsize: int = 10_000) -> UpdateStream:
        stream = UpdateStream(self, maxsize)
        if self._closed:
            stream.put(None)
        else:
            self._streams.append(stream)
        return stream

    def unsubscribe(self, stream: UpdateStream) -> None:
        if stream in self._streams:
            self._streams.remove(stream)

    def publish(self, update: Update) -> None:
        for stream in list(self._streams):
            stream.put(update)

    def close(self) -> None:
        self._closed = True
        for stream in self._streams:
            stream.put(None)
        self._streams.clear()


class Source(abc.ABC):
    """Base class: subclasses call `self._publish(update)` and implement the commands."""

    #: a short human name, e.g. "Demo home (simulated)" or "Bridge kitchen-pi"
    name: str = "source"
    #: the same for the display to say in the reader's language (None: show `name`)
    said_name: Said | None = None
    #: the money this source's meters price in before a price says (None: not known)
    currency: Currency | None = None
    #: whether every premises is known before `start` (a simulated estate): then the
    #: bridge serves and opens pairing at once and each home's meters come as they are set
    #: up. A stick's meter is only known once found, so its bridge starts it first.
    premises_before_start: bool = False

    def __init__(self) -> None:
        self._hub = UpdateHub()
        # meter -> premises, rebuilt only when the set of meters changes: the bridge
        # routes every update through `premises_of`, so it must not scan every home.
        self._premises_index: dict[MeterIdentity, str] = {}
        self._premises_index_size = -1

    # -- lifecycle -------------------------------------------------------------------

    @abc.abstractmethod
    async def start(self) -> None:
        """Connect and begin publishing. Raises SourceError with a plain reason."""

    @abc.abstractmethod
    async def stop(self) -> None:
        """Disconnect; subscribers see the end of their stream."""

    @property
    @abc.abstractmethod
    def meters(self) -> tuple[MeterIdentity, ...]:
        """The meters this source can see (known after `start`)."""

    @property
    def premises(self) -> dict[str, tuple[MeterIdentity, ...]]:
        """Meters grouped by home (a display is paired to one home). By default each
        meter is its own premises; sources that know better group them."""
        return {meter.key: (meter,) for meter in self.meters}

    def premises_of(self, meter: MeterIdentity) -> str | None:
        """The premises a meter belongs to, in O(1): one dictionary look-up, and a rebuild
        of the index only when a meter has appeared since it was built."""
        found = self._premises_index.get(meter)
        if found is None and len(self.meters) != self._premises_index_size:
            self._premises_index = {m: name for name, meters in self.premises.items()
                                    for m in meters}
            self._premises_index_size = len(self.meters)
            found = self._premises_index.get(meter)
        return found

    # -- data ------------------------------------------------------------------------

    def subscribe(self, maxsize: int = 10_000) -> UpdateStream:
        return self._hub.subscribe(maxsize)

    def _publish(self, update: Update) -> None:
        self._hub.publish(update)

    def _close_streams(self) -> None:
        self._hub.close()

    def _status(self, state: ConnectionState, said: Said,
                meter: MeterIdentity | None = None, retry_in_s: float | None = None) -> None:
        """Say how the source is doing (what happened, for the display to put into words),
        and, with `retry_in_s`, when it tries again."""
        self._publish(status(utc_now(), self.name, state, said, meter=meter,
                             retry_in_s=retry_in_s))

    # -- commands --------------------------------------------------------------------

    @abc.abstractmethod
    async def top_up(self, meter: MeterIdentity, code: TopUpCode) -> TopUpResult:
        """Send a consumer top-up code to the meter and return its answer."""

    @abc.abstractmethod
    async def confirm_message(self, meter: MeterIdentity, message_id: int) -> None:
        """Tell the supplier a message was read (MessageConfirmation)."""

    async def backfill(self, meter: MeterIdentity, since: datetime) -> list[MeterReading]:
        """Readings the source can still supply from `since` on (interval data)."""
        return []
