"""The bridge's LAN API (v1): HTTPS + a WebSocket stream, for paired displays only.

    GET  /api/v1/info                      who this bridge is (no meter data; no auth)
    POST /api/v1/pair/start  {home, name, message} -> {attempt, message, confirm}
    POST /api/v1/pair/finish {attempt, confirm}     -> {token, premises, meters}
                                           (SPAKE2 over the pairing code: pairing.py)
    GET  /api/v1/snapshot                  latest update of each kind for the premises
    GET  /api/v1/updates?since=SEQ         journal entries after SEQ (backfill)
    GET  /api/v1/stream?since=SEQ          WebSocket: backlog after SEQ, then live
    GET  /api/v1/profile?meter=KEY&since=T the meter's own half-hour log from T (backfill
                                           of time before this bridge, or while away)
    POST /api/v1/top-up    {code}          -> the meter's answer
    POST /api/v1/messages/{id}/confirm

Every answer is JSON; errors are {"error": words} with a 4xx status and never a stack
trace. A display sees and acts on its own premises only. A display that cannot keep up
is sent {"type": "resync"} and disconnected; it reconnects and backfills by sequence.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import sqlite3
import ssl
from collections.abc import Awaitable, Callable, Coroutine
from datetime import datetime
from typing import Any

from aiohttp import WSMsgType, web

from bridge import heap
from bridge.codec import from_json, to_json
from bridge.lan.devices import Device, DeviceRegistry, PairingError
from bridge.lan.journal import Journal
from bridge.lan.limits import (
    HANDLER_ARGS,
    Capacity,
    ConnectionLimits,
    FloodLog,
    GatedSite,
    give_memory_back,
    raise_descriptor_limit,
)
from bridge.lan.pairing import b64, unb64
from bridge.model import (
    MeterIdentity,
    SourceStatus,
    SupplierMessage,
    TenancyChange,
    TopUpCode,
    TopUpCodeError,
    Update,
)
from bridge.sources.base import CommandRefused, Source, SourceError
from bridge.status_text import say

log = logging.getLogger(__name__)

API_VERSION = "1"
MAX_BODY = 16 * 1024
QUEUE_PER_DISPLAY = 2000
FREEZE_AFTER_STREAMS = 32  # and a quarter more than last time (bridge/heap.py)
# Said to a display whose home's meters are still being set up (a status frame).
METERS_JOINING = say("lan.meters-joining")
JOURNAL_BATCH = 256  # updates per journal transaction, at most
REVOCATION_CHECK_S = 0.5
STREAMS_PER_DISPLAY = 4  # a display needs one; a few for restarts overlapping
STREAMS_TOTAL = Capacity().streams  # 256, for a home; BridgeServer(capacity=) for more
BACKLOG_PAGE = 200
WS_CLOSE_REVOKED = 4401  # private-use close code: this display's pairing was revoked

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _error(status: int, words: str) -> web.Response:
    return web.json_response({"error": words}, status=status)


MAX_SEQ = 2**63 - 1  # SQLite's INTEGER
MAX_MESSAGE_ID = 2**32 - 1  # SE Messaging's message id is 32 bits


def _meter_key(body: dict[str, Any]) -> str | None:
    if "meter" in body and not isinstance(body["meter"], str):
        raise web.HTTPBadRequest(reason="meter must be a meter key (text), or left out.")
    return body.get("meter")


def _whole_number(text: str, name: str, maximum: int) -> int:
    """ASCII digits only (int() takes any script's digits), and within range."""
    if not re.fullmatch(r"[0-9]{1,20}", text) or int(text) > maximum:
        raise web.HTTPBadRequest(reason=f"{name} must be a whole number from 0 to "
                                        f"{maximum}.")
    return int(text)


_failures = FloodLog(log)  # a request that fails every time must not fill the disk


# Query parameters each path takes; any other is refused (a typo must not pass silently).
QUERY_PARAMETERS = {"/api/v1/updates": {"since", "epoch"}, "/api/v1/stream": {"since", "epoch"},
                    "/api/v1/profile": {"meter", "since"}}


@web.middleware
async def _errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        unknown = set(request.query) - QUERY_PARAMETERS.get(request.path, set())
        if unknown:
            raise web.HTTPBadRequest(reason=f"Unknown parameter: {sorted(unknown)[0]!r}.")
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status >= 400:
            response = _error(exc.status, exc.reason or "error")
            if "Allow" in exc.headers:  # 405 says which methods there are
                response.headers["Allow"] = exc.headers["Allow"]
            return response
        raise
    except Exception:  # logged here, never sent: a stack trace on the wire helps no one
        _failures.note("request %s %s failed", request.method, request.path, exc_info=True)
        return _error(500, "The bridge could not do that.")


class BridgeServer:
    def __init__(self, source: Source, devices: DeviceRegistry, journal: Journal, *,
                 bridge_id: str, fingerprint: str, capacity: Capacity | None = None) -> None:
        self.source = source
        self.capacity = capacity or Capacity()
        self.devices = devices
        self.journal = journal
        self.bridge_id = bridge_id
        self.fingerprint = fingerprint
        self._latest: dict[str, dict[tuple[str, str], tuple[int, dict[str, Any]]]] = {}
        # Each streaming display's queue of (seq, frame): a frame is encoded once per
        # update, when journalled, and the same text goes to every display of the home.
        self._displays: dict[str, set[asyncio.Queue[tuple[int, str] | None]]] = {}
        self._pump_task: asyncio.Task[None] | None = None
        self._revocation_task: asyncio.Task[None] | None = None
        self._stream: Any = None
        # Open WebSockets by paired display, so a revoked display is cut off at once.
        self._sockets: dict[int, set[web.WebSocketResponse]] = {}
        # One meter-log read at a time: a block of displays starting together shares one
        # slow HAN, and a meter answers one GetProfile at a time anyway.
        self._profile_lock = asyncio.Lock()
        self.app = web.Application(middlewares=[_errors], client_max_size=MAX_BODY)
        self.app.add_routes([
            web.get("/api/v1/info", self.info),
            web.post("/api/v1/pair/start", self.pair_start),
            web.post("/api/v1/pair/finish", self.pair_finish),
            web.get("/api/v1/snapshot", self.snapshot),
            web.get("/api/v1/updates", self.updates),
            web.get("/api/v1/stream", self.stream),
            web.get("/api/v1/profile", self.profile),
            web.post("/api/v1/top-up", self.top_up),
            web.post(r"/api/v1/messages/{message_id:[0-9]+}/confirm", self.confirm),
        ])
        self._runner: web.AppRunner | None = None
        self.limits = ConnectionLimits(total=self.capacity.connections)
        # Changes of tenancy: announced (premises -> effective), and when each premises'
        # current household began (kept in the journal across restarts).
        self._tenancy_due: dict[str, datetime] = journal.tenancies_due()
        self.household_since: dict[str, datetime] = journal.households()
        self._background: set[asyncio.Task[Any]] = set()
        self.flood = FloodLog(log)

    # -- lifecycle -------------------------------------------------------------------

    async def start(self, host: str, port: int, ssl_context: ssl.SSLContext | None) -> int:
        stream = self.source.subscribe(maxsize=100_000)
        self._stream = stream
        self._pump_task = asyncio.create_task(self._pump(stream), name="bridge-pump")
        self._revocation_task = asyncio.create_task(self._tend_streams(),
                                                    name="bridge-revocations")
        raise_descriptor_limit(self.capacity.descriptors)
        # Streams stuck on clients that never read must not hold up a stop for a minute.
        self._runner = web.AppRunner(self.app, shutdown_timeout=5.0, **HANDLER_ARGS)
        await self._runner.setup()
        site: web.BaseSite = (
            GatedSite(self._runner, host, port, ssl_context, self.limits, self.flood)
            if ssl_context is not None else web.TCPSite(self._runner, host, port))
        await site.start()
        addresses = self._runner.addresses
        return int(addresses[0][1]) if addresses else port

    async def stop(self) -> None:
        if self._revocation_task is not None:
            self._revocation_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._revocation_task
        for queues in self._displays.values():
            for queue in queues:
                with contextlib.suppress(asyncio.QueueFull):
                    queue.put_nowait(None)
        if self._runner is not None:
            await self._runner.cleanup()
        if self._pump_task is not None:
            self._pump_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._pump_task
            self._stream.close()  # the source keeps running; stop queueing for us

    async def _tend_streams(self) -> None:
        """Twice a second: close a revoked display's streams (`ihd-bridge devices revoke`
        writes from another process), and after many streams ended, give their memory
        back to the system."""
        streams_before = 0
        streams_frozen = 0
        while True:
            await asyncio.sleep(REVOCATION_CHECK_S)
            streams = sum(len(s) for s in self._sockets.values())
            if streams < streams_before // 2:  # many streams ended: give their memory back
                heap.resettle()
                give_memory_back()
                streams_frozen = streams
            elif streams >= max(streams_frozen + FREEZE_AFTER_STREAMS,
                                streams_frozen * 5 // 4):
                heap.freeze_new()  # a wave of displays connected: out of full GC passes
                streams_frozen = streams
            streams_before = streams if streams < streams_before // 2 else max(
                streams_before, streams)
            if not self._sockets:
                continue
            try:
                revoked = await asyncio.to_thread(self.devices.revoked_ids)
            except sqlite3.Error as exc:
                log.warning("could not read the paired displays: %s", exc)
                continue
            for device_id in revoked & self._sockets.keys():
                for ws in list(self._sockets.pop(device_id, ())):
                    log.info("display %d revoked: closing its stream", device_id)
                    with contextlib.suppress(Exception):
                        await ws.send_json({"type": "revoked"})
                    with contextlib.suppress(Exception):
                        await ws.close(code=WS_CLOSE_REVOKED, message=b"revoked")

    def _in_background(self, work: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.create_task(work)
        self._background.add(task)  # held until done (the loop keeps weak references)
        task.add_done_callback(self._background.discard)

    def _start_household(self, premises: str, first_seq: int) -> None:
        """The meter's time reached an announced change of tenancy: from `first_seq` on,
        the premises' journal, snapshot and meter log are the new household's only."""
        since = self._tenancy_due.pop(premises)
        self.household_since[premises] = since
        latest = self._latest.get(premises, {})
        for kind in [k for k, (seq, _) in latest.items() if seq < first_seq]:
            del latest[kind]
        self._in_background(asyncio.to_thread(
            self.journal.start_household, premises, first_seq, since))
        log.info("change of tenancy for %s took effect at %s", premises, since)

    async def _pump(self, stream: Any) -> None:
        """Route, journal and fan out updates. Whatever arrived while the previous batch
        was being committed is journalled together (group commit): one transaction per
        batch instead of one per update, and no extra wait when updates are few."""
        while True:
            update = await stream.get()
            if update is None:
                return
            batch = [update]
            ended = False
            while len(batch) < JOURNAL_BATCH:
                try:
                    more = stream.get_nowait()
                except asyncio.QueueEmpty:
                    break
                if more is None:
                    ended = True
                    break
                batch.append(more)
            routed: list[tuple[str, Update]] = []
            meters: list[MeterIdentity] = []
            for item in batch:
                meter: MeterIdentity | None = getattr(item, "meter", None)
                if meter is None:
                    continue  # the bridge's own status is not any display's data
                premises = self.source.premises_of(meter)  # O(1): an index look-up
                if premises is not None:
                    routed.append((premises, item))
                    meters.append(meter)
            if routed:
                entries = await asyncio.to_thread(self.journal.append_frames, routed)
                for (premises, item), meter, (seq, body, frame) in zip(routed, meters, entries,
                                                                       strict=True):
                    self._deliver(premises, meter, item, seq, body, frame)
            if ended:
                return

    def _deliver(self, premises: str, meter: MeterIdentity, update: Update, seq: int,
                 body: dict[str, Any], frame: str) -> None:
        if isinstance(update, TenancyChange):
            if update.clears_display:
                self._tenancy_due[premises] = update.effective
                self._in_background(asyncio.to_thread(
                    self.journal.tenancy_announced, premises, update.effective))
        elif premises in self._tenancy_due and getattr(
                update, "timestamp", self._tenancy_due[premises]) >= self._tenancy_due[premises]:
            self._start_household(premises, seq)
        kind = (str(body["type"]), meter.key)
        if not isinstance(update, SupplierMessage | SourceStatus):
            self._latest.setdefault(premises, {})[kind] = (seq, body)
        for queue in list(self._displays.get(premises, ())):
            try:
                queue.put_nowait((seq, frame))
            except asyncio.QueueFull:
                # A slow display never holds up the others: it is told to
                # resync and backfills from the journal.
                self._displays[premises].discard(queue)
                with contextlib.suppress(asyncio.QueueEmpty):
                    queue.get_nowait()
                queue.put_nowait(None)

    def displays_online(self) -> dict[str, int]:
        """Displays streaming right now, per premises (for the bridge's health)."""
        return {premises: len(queues) for premises, queues in self._displays.items()}

    # -- authentication ----------------------------------------------------------------

    async def _device(self, request: web.Request) -> Device:
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            raise web.HTTPUnauthorized(reason="Pair this display with the bridge first.")
        # SQLite off the event loop: a busy devices file must not stall every display.
        device = await asyncio.to_thread(self.devices.verify,
                                         header.removeprefix("Bearer ").strip())
        if device is None:
            raise web.HTTPUnauthorized(reason="This display is not paired (or was revoked).")
        return device

    async def _json_body(self, request: web.Request) -> dict[str, Any]:
        try:
            body = await request.json()
        except (json.JSONDecodeError, UnicodeDecodeError, RecursionError, ValueError):
            # RecursionError: nesting deeper than any request of this API
            raise web.HTTPBadRequest(reason="The request body is not JSON.") from None
        if not isinstance(body, dict):
            raise web.HTTPBadRequest(reason="The request body must be a JSON object.")
        return body

    def _meters(self, device: Device) -> tuple[MeterIdentity, ...]:
        return self.source.premises.get(device.premises, ())

    # -- handlers ----------------------------------------------------------------------

    async def info(self, request: web.Request) -> web.Response:
        return web.json_response({"bridge": self.bridge_id, "api": API_VERSION,
                                  "fingerprint": self.fingerprint})

    async def pair_start(self, request: web.Request) -> web.Response:
        body = await self._json_body(request)
        home, name = body.get("home"), body.get("name", "display")
        if (not isinstance(home, int) or isinstance(home, bool) or not 1 <= home <= 9999
                or not isinstance(name, str)):
            raise web.HTTPBadRequest(reason="Send {\"home\": <the number before the first "
                                            "dash of the code>, \"name\": \"…\", "
                                            "\"message\": \"<base64>\"}.")
        try:
            message = unb64(body.get("message"), "message")
            attempt, side = await asyncio.to_thread(self.devices.begin, home, message, name,
                                                    self.fingerprint)
        except PairingError as exc:
            return _error(exc.status, str(exc))
        except ValueError as exc:
            return _error(400, str(exc))
        return web.json_response({"attempt": attempt, "message": b64(side.message),
                                  "confirm": b64(side.confirm)})

    async def pair_finish(self, request: web.Request) -> web.Response:
        body = await self._json_body(request)
        attempt = body.get("attempt")
        if not isinstance(attempt, str) or len(attempt) > 64:
            raise web.HTTPBadRequest(reason="Send {\"attempt\": \"…\", \"confirm\": "
                                            "\"<base64>\"}.")
        try:
            confirm = unb64(body.get("confirm"), "confirm")
            # The new display's row is written off the loop (SQLite may wait on a lock).
            token, device = await asyncio.to_thread(self.devices.finish, attempt, confirm)
        except PairingError as exc:
            return _error(exc.status, str(exc))
        except ValueError as exc:
            return _error(400, str(exc))
        return web.json_response({"token": token, "device": device.device_id,
                                  "premises": device.premises,
                                  "meters": [m.key for m in self._meters(device)]})

    async def snapshot(self, request: web.Request) -> web.Response:
        device = await self._device(request)
        latest = self._latest.get(device.premises, {})
        items = sorted(latest.values(), key=lambda item: item[0])
        return web.json_response({"meters": [m.key for m in self._meters(device)],
                                  "epoch": self.journal.epoch,
                                  "last": await asyncio.to_thread(self.journal.last_seq),
                                  "updates": [{"seq": s, "update": b} for s, b in items]})

    async def _continues(self, request: web.Request, since: int) -> bool:
        """Whether the display's (epoch, since) is a point in this journal's history: a
        journal reset or restored from an older copy gives numbers it has had before."""
        epoch = request.query.get("epoch")
        if epoch is not None and len(epoch) > 64:
            raise web.HTTPBadRequest(reason="epoch is at most 64 characters.")
        if since == 0:
            return True
        if epoch is None:  # a display from before epochs: numbers must not be ahead
            return since <= await asyncio.to_thread(self.journal.last_seq)
        return await asyncio.to_thread(self.journal.continues, epoch, since)

    async def _reset(self) -> dict[str, Any]:
        return {"type": "reset", "epoch": self.journal.epoch,
                "last": await asyncio.to_thread(self.journal.last_seq)}

    def _since(self, request: web.Request) -> int:
        return _whole_number(request.query.get("since", "0"), "since", MAX_SEQ)

    async def updates(self, request: web.Request) -> web.Response:
        device = await self._device(request)
        since = self._since(request)
        if not await self._continues(request, since):
            reset = await self._reset()
            return web.json_response({"error": "This bridge's journal was reset or restored: "
                                      "start again from the snapshot.", **reset}, status=409)
        rows = await asyncio.to_thread(self.journal.since, device.premises, since)
        return web.json_response({"epoch": self.journal.epoch,
                                  "updates": [{"seq": s, "update": b} for s, b in rows]})

    async def stream(self, request: web.Request) -> web.StreamResponse:
        device = await self._device(request)
        since = self._since(request)
        if len(self._sockets.get(device.device_id, ())) >= STREAMS_PER_DISPLAY:
            return _error(429, f"This display has {STREAMS_PER_DISPLAY} streams open "
                               f"already; close one first.")
        if sum(len(s) for s in self._sockets.values()) >= self.capacity.streams:
            return _error(503, "The bridge is serving as many streams as it can; try "
                               "again in a minute.")
        ws = web.WebSocketResponse(heartbeat=30, max_msg_size=MAX_BODY)
        await ws.prepare(request)
        if not await self._continues(request, since):
            await ws.send_json(await self._reset())
            await ws.close()
            return ws
        await ws.send_json({"type": "epoch", "epoch": self.journal.epoch})
        queue: asyncio.Queue[tuple[int, str] | None] = asyncio.Queue(QUEUE_PER_DISPLAY)
        self._displays.setdefault(device.premises, set()).add(queue)
        self._sockets.setdefault(device.device_id, set()).add(ws)
        try:
            last = since
            while True:  # backlog first, in pages, then live
                # Small pages: a display that does not read holds one page, not 5,000.
                rows = await asyncio.to_thread(self.journal.since_frames, device.premises,
                                               last, BACKLOG_PAGE)
                for seq, frame in rows:
                    await ws.send_str(frame)
                    last = seq
                if len(rows) < BACKLOG_PAGE:
                    break
            if not self._meters(device):
                # Paired, but this home's meters are still being set up (an estate
                # bridge serves before every home has joined): say so; its data follows.
                await ws.send_json({"type": "status", "state": "searching",
                                    "code": METERS_JOINING.code,
                                    "detail": METERS_JOINING.english()})
            # The display's own frames are read (and the close noticed) by a second
            # task, which wakes this loop through the queue: one wait per update, not a
            # task and a wait-set each.
            reader = asyncio.create_task(self._drain_incoming(ws))
            reader.add_done_callback(lambda _: _wake(queue))
            while not ws.closed and not reader.done():
                item = await queue.get()
                if item is None:
                    if not reader.done():  # told to resync (it fell behind, or a stop)
                        await ws.send_json({"type": "resync", "after": last})
                    break
                seq, frame = item
                if seq > last:  # the backlog may already have carried it
                    await ws.send_str(frame)
                    last = seq
            reader.cancel()
        finally:
            self._displays.get(device.premises, set()).discard(queue)
            sockets = self._sockets.get(device.device_id, set())
            sockets.discard(ws)
            if not sockets:
                self._sockets.pop(device.device_id, None)
            await ws.close()
        return ws

    @staticmethod
    async def _drain_incoming(ws: web.WebSocketResponse) -> None:
        async for message in ws:
            if message.type in (WSMsgType.CLOSE, WSMsgType.ERROR):
                return

    def _meter(self, device: Device, key: str | None) -> MeterIdentity:
        meters = self._meters(device)
        if key is None:
            for meter in meters:
                if meter.fuel.value == "electricity":
                    return meter
        for meter in meters:
            if meter.key == key:
                return meter
        raise web.HTTPForbidden(reason="That meter is not this display's.")

    async def profile(self, request: web.Request) -> web.Response:
        device = await self._device(request)
        meter = self._meter(device, request.query.get("meter"))
        try:
            since = datetime.fromisoformat(request.query.get("since", ""))
        except ValueError:
            raise web.HTTPBadRequest(reason="since must be a date and time like "
                                            "2026-01-14T18:00:00+00:00.") from None
        if since.tzinfo is None:
            raise web.HTTPBadRequest(reason="since must say its time zone (e.g. +00:00).")
        household = self.household_since.get(device.premises)
        if household is not None and since < household:
            since = household  # the meter's log before it is the previous occupier's
        async with self._profile_lock:
            try:  # bounded by the source (the HAN client reads at most 31 days)
                readings = await self.source.backfill(meter, since)
            except SourceError as exc:
                return _error(503, str(exc))
        return web.json_response({"intervals": [to_json(r) for r in readings]})

    async def top_up(self, request: web.Request) -> web.Response:
        device = await self._device(request)
        body = await self._json_body(request)
        meter = self._meter(device, _meter_key(body))
        try:
            code = TopUpCode.parse(str(body.get("code", "")))
        except TopUpCodeError as exc:
            return _error(400, str(exc))
        try:
            result = await self.source.top_up(meter, code)
        except SourceError as exc:
            return _error(503, str(exc))
        return web.json_response(to_json(result))

    async def confirm(self, request: web.Request) -> web.Response:
        device = await self._device(request)
        body = await self._json_body(request) if request.can_read_body else {}
        meter = self._meter(device, _meter_key(body))
        try:
            await self.source.confirm_message(meter, _whole_number(
                request.match_info["message_id"], "The message id", MAX_MESSAGE_ID))
        except CommandRefused as exc:  # the meter said no: not the bridge's trouble
            return _error(409, str(exc))
        except SourceError as exc:
            return _error(503, str(exc))
        return web.json_response({"confirmed": True})


def _wake(queue: asyncio.Queue[tuple[int, str] | None]) -> None:
    """End a display's live loop: its connection closed."""
    with contextlib.suppress(asyncio.QueueEmpty):
        if queue.full():
            queue.get_nowait()
    queue.put_nowait(None)


def decode_stream_item(item: dict[str, Any]) -> tuple[int, Any]:
    """(seq, Update) from one stream or backfill entry."""
    return int(item["seq"]), from_json(item["update"])


def server_ssl_context(cert_path: str, key_path: str) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(cert_path, key_path)
    return context
