"""What one LAN client, or all of them, can make the bridge hold: connections per address
and in total, a deadline for the TLS handshake, an idle timeout, and logs that count a
flood instead of writing it out.

The gate checks the caps on the plain TCP connection, before any TLS work, so a client
that opens connections and never finishes a handshake (or never sends a request) holds
at most PER_ADDRESS of them for at most HANDSHAKE_TIMEOUT_S (IDLE_TIMEOUT_S), and all
clients together at most TOTAL: the descriptors a bridge has never run out.

The totals suit a home (DISPLAYS); an estate bridge serving a block of flats is started
with more (`ihd-bridge --max-displays N`), which scales the stream and connection totals
and nothing per client: per address and per display stay as they are.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import logging
import resource
import ssl
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from aiohttp.web_protocol import RequestHandler

log = logging.getLogger(__name__)

PER_ADDRESS = 32
DISPLAYS = 128  # what a home's bridge is sized for: TOTAL and the server's STREAMS_TOTAL
STREAMS_PER_DISPLAY_IN_TOTAL = 2  # one each, and room for restarts overlapping
CONNECTIONS_PER_DISPLAY_IN_TOTAL = 4  # its stream, a request or two, a reconnect
TOTAL = DISPLAYS * CONNECTIONS_PER_DISPLAY_IN_TOTAL  # 512
DESCRIPTOR_MARGIN = 512  # files, state databases, the radio, a pcap
HANDSHAKE_TIMEOUT_S = 10.0
IDLE_TIMEOUT_S = 30.0  # no request on a connection for this long: closed
# Handed to aiohttp's request handler, here and by the AppRunner alike.
HANDLER_ARGS: dict[str, Any] = {"access_log": None, "keepalive_timeout": IDLE_TIMEOUT_S,
                                "max_line_size": 8190, "max_field_size": 8190,
                                "max_headers": 64}


@dataclass(frozen=True)
class Capacity:
    """How many displays the bridge is sized for, and the totals that follow."""

    displays: int = DISPLAYS

    def __post_init__(self) -> None:
        if self.displays < 1:
            raise ValueError(f"a bridge serves at least one display, not {self.displays}")

    @property
    def streams(self) -> int:
        return self.displays * STREAMS_PER_DISPLAY_IN_TOTAL

    @property
    def connections(self) -> int:
        return self.displays * CONNECTIONS_PER_DISPLAY_IN_TOTAL

    @property
    def descriptors(self) -> int:
        return max(8192, self.connections + DESCRIPTOR_MARGIN)


def raise_descriptor_limit(wanted: int = 8192) -> int:
    """The soft limit on open files up to the hard one (a 1,024 default is what a
    connection flood exhausts first); returns the limit now in force."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    return int(soft)


def _libc_trim() -> Any:
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc: nothing to give back this way
        return None


_malloc_trim = _libc_trim()


def give_memory_back() -> None:
    """Return freed heap to the system (glibc keeps it otherwise): after many streams
    closed, the bridge shrinks back instead of keeping its peak for ever."""
    if _malloc_trim is not None:
        _malloc_trim(0)


class ConnectionLimits:
    def __init__(self, per_address: int = PER_ADDRESS, total: int = TOTAL) -> None:
        self.per_address, self.total = per_address, total
        self.open: Counter[str] = Counter()
        self.held = 0  # sum of open, kept: an estate bridge admits thousands
        self.refused = 0
        self.peak = 0  # most connections held at once

    def admit(self, address: str) -> bool:
        if self.open[address] >= self.per_address or self.held >= self.total:
            self.refused += 1
            return False
        self.open[address] += 1
        self.held += 1
        self.peak = max(self.peak, self.held)
        return True

    def release(self, address: str) -> None:
        self.open[address] -= 1
        self.held -= 1
        if self.open[address] <= 0:
            del self.open[address]


_BAD_REQUEST_WORDS = {
    400: "That is not a request the bridge understands (bad HTTP, or headers too long).",
    413: "The request is too large.",
    431: "The request's headers are too long.",
}


class _Handler(RequestHandler):
    """aiohttp's request handler that gives its place back when the connection ends and
    answers requests it cannot parse in JSON, logged as a count (its own way writes a
    traceback per bad request, in plain text)."""

    def __init__(self, release: Any, flood: FloodLog, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._release_place = release
        self._flood = flood

    def handle_error(self, request: Any, status: int = 500, exc: BaseException | None = None,
                     message: str | None = None) -> web.StreamResponse:
        self._flood.note("request from %s not handled: %s", request.remote,
                         type(exc).__name__ if exc is not None else status)
        if request.writer.output_size > 0:
            raise ConnectionError("the answer had begun; the connection is closed instead")
        words = _BAD_REQUEST_WORDS.get(status, "The bridge could not do that.")
        response = web.json_response({"error": words}, status=status)
        response.force_close()
        return response

    def connection_lost(self, exc: BaseException | None) -> None:
        try:
            super().connection_lost(exc)
        finally:
            release, self._release_place = self._release_place, None
            if release is not None:
                release()


class _Gate(asyncio.Protocol):
    """One accepted TCP connection: counted, then upgraded to TLS within a deadline,
    then handed to aiohttp."""

    def __init__(self, site: GatedSite) -> None:
        self.site = site
        self.address = ""
        self.transport: asyncio.Transport | None = None
        self.released = False
        # A client sends its request as soon as the handshake is done, which can be
        # before the handover below: kept here and replayed to the handler.
        self.early: list[bytes] = []
        self.early_eof = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        peer = transport.get_extra_info("peername")
        self.address = str(peer[0]) if peer else "?"
        if not self.site.limits.admit(self.address):
            self.site.flood.note("connection refused: over the limit for %s or in total",
                                 self.address)
            transport.abort()
            self.released = True
            return
        self.transport = transport
        transport.pause_reading()  # the TLS layer reads the ClientHello, not us
        self.site.tasks.add(asyncio.ensure_future(self._upgrade(transport)))

    async def _upgrade(self, transport: asyncio.Transport) -> None:
        loop = asyncio.get_running_loop()
        try:
            tls = await loop.start_tls(transport, self, self.site.ssl_context,
                                       server_side=True,
                                       ssl_handshake_timeout=HANDSHAKE_TIMEOUT_S)
        except (OSError, ssl.SSLError, TimeoutError, ConnectionError, RuntimeError) as exc:
            self.site.flood.note("TLS handshake with %s failed: %s", self.address,
                                 type(exc).__name__)
            transport.abort()
            self.release()
            return
        finally:
            self.site.tasks.discard(asyncio.current_task())  # type: ignore[arg-type,unused-ignore]
        if tls is None:
            self.release()
            return
        handler = _Handler(self.release, self.site.flood, self.site.server, loop=loop,
                           **HANDLER_ARGS)
        tls.set_protocol(handler)
        handler.connection_made(tls)
        for chunk in self.early:
            handler.data_received(chunk)
        self.early.clear()
        if self.early_eof:
            handler.eof_received()

    def data_received(self, data: bytes) -> None:
        self.early.append(data)

    def eof_received(self) -> bool | None:
        self.early_eof = True
        return True  # keep the transport open for the handler's answer

    def connection_lost(self, exc: BaseException | None) -> None:
        self.release()  # before the handover only; the handler releases after it

    def release(self) -> None:
        if not self.released:
            self.released = True
            self.site.limits.release(self.address)


class GatedSite(web.BaseSite):
    """A TCP site whose connections pass the gate (aiohttp's TCPSite does TLS itself,
    with asyncio's 60 s handshake deadline and no caps)."""

    def __init__(self, runner: web.BaseRunner, host: str, port: int,
                 ssl_context: ssl.SSLContext, limits: ConnectionLimits,
                 flood: FloodLog) -> None:
        super().__init__(runner)
        self._host, self._port = host, port
        self.ssl_context = ssl_context
        self.limits, self.flood = limits, flood
        self.tasks: set[asyncio.Future[None]] = set()

    @property
    def name(self) -> str:
        return f"https://{self._host}:{self._port}"

    @property
    def server(self) -> web.Server:
        server = self._runner.server
        assert server is not None
        return server

    async def start(self) -> None:
        await super().start()
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(lambda: _Gate(self), self._host, self._port,
                                                backlog=128, reuse_address=True)

    async def stop(self) -> None:
        for task in list(self.tasks):
            task.cancel()
        await super().stop()


class FloodLog:
    """Log a kind of event in full a few times a minute, then only how many more there
    were: a million failed handshakes write a count, not a million lines."""

    def __init__(self, logger: logging.Logger, per_minute: int = 5) -> None:
        self.logger, self.per_minute = logger, per_minute
        self._window = time.monotonic()
        self._seen: Counter[str] = Counter()

    def note(self, template: str, *args: object, exc_info: bool = False) -> None:
        now = time.monotonic()
        if now - self._window >= 60:
            self._summarise()
            self._window = now
        self._seen[template] += 1
        if self._seen[template] <= self.per_minute:
            self.logger.warning(template, *args, exc_info=exc_info)

    def _summarise(self) -> None:
        for template, count in self._seen.items():
            if count > self.per_minute:
                self.logger.warning("%d more in the last minute like: %s",
                                    count - self.per_minute, template % (("…",) * template
                                                                         .count("%")))
        self._seen.clear()
