"""A Source that reads a home's meters through an `ihd-bridge` on the LAN.

The bridge's certificate is pinned by its SHA-256 fingerprint (learnt at pairing); the
display's token proves it was paired. Updates come over a WebSocket carrying sequence
numbers: after any drop (bridge restarted, Wi-Fi gone, told to resync) the client
reconnects with backoff and asks for everything after the last number it saw, so each
update arrives exactly once.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiohttp

from bridge.codec import from_json
from bridge.lan.pairing import DisplaySide, PairingCode, PairingCodeError, b64, unb64
from bridge.model import (
    ConnectionState,
    Fuel,
    MeterIdentity,
    MeterReading,
    TopUpCode,
    TopUpResult,
)
from bridge.sources.backoff import Backoff
from bridge.sources.base import Source, SourceError
from bridge.status_text import TEXTS, plain, say

log = logging.getLogger(__name__)

PROFILE_TIMEOUT_S = 300.0


class _Revoked(Exception):
    """The bridge closed the stream because this display was revoked."""


def meter_from_key(key: str) -> MeterIdentity:
    eui64, endpoint, fuel = key.split("/")
    return MeterIdentity(eui64, int(endpoint), Fuel(fuel))


@dataclass(frozen=True)
class Pairing:
    base_url: str
    fingerprint: str
    token: str
    premises: str


async def bridge_fingerprint(base_url: str) -> str:
    """Trust on first use for a typed address: the certificate's fingerprint as the
    bridge reports it over that TLS connection (the bridge shows it on its console too,
    for a person to compare)."""
    try:
        async with aiohttp.ClientSession() as session, session.get(
                f"{base_url}/api/v1/info", ssl=False,
                timeout=aiohttp.ClientTimeout(total=10)) as rsp:
            info = await rsp.json()
            cert = rsp.connection.transport.get_extra_info(  # type: ignore[union-attr]
                "ssl_object").getpeercert(binary_form=True) if rsp.connection else None
    except (aiohttp.ClientError, TimeoutError) as exc:
        raise SourceError(say("lan.no-bridge-at", url=base_url, reason=exc)) from exc
    fingerprint = str(info.get("fingerprint", ""))
    if cert is not None and hashlib.sha256(cert).hexdigest() != fingerprint:
        raise SourceError(say("lan.certificate-mismatch"))
    return fingerprint


async def pair_with_bridge(base_url: str, code: str, name: str, fingerprint: str) -> Pairing:
    """Prove the pairing code the bridge shows (SPAKE2: the code never crosses the
    network, and the bridge proves it too); returns the credentials to keep."""
    try:
        parsed = PairingCode.parse(code)
    except PairingCodeError as exc:
        raise SourceError(str(exc)) from None
    pin_ssl = aiohttp.Fingerprint(bytes.fromhex(fingerprint))
    display = DisplaySide(parsed, fingerprint)
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
            async def post(path: str, body: dict[str, Any]) -> dict[str, Any]:
                async with session.post(f"{base_url}{path}", json=body, ssl=pin_ssl) as rsp:
                    answer = await rsp.json(content_type=None)
                    if rsp.status != 200 or not isinstance(answer, dict):
                        error = answer.get("error") if isinstance(answer, dict) else None
                        raise SourceError(error or say("lan.pairing-failed", status=rsp.status))
                    return answer

            started = await post("/api/v1/pair/start", {
                "home": parsed.slot, "name": name, "message": b64(display.message)})
            try:
                proof = display.finish(unb64(started.get("message"), "message"),
                                       unb64(started.get("confirm"), "confirm"))
            except ValueError:
                proof = None
            if proof is None:
                # Tell the bridge we are done (it counts the try either way), then say why.
                with contextlib.suppress(SourceError):
                    await post("/api/v1/pair/finish", {"attempt": started.get("attempt", ""),
                                                       "confirm": b64(b"")})
                raise SourceError(say("lan.wrong-code"))
            body = await post("/api/v1/pair/finish", {"attempt": started.get("attempt"),
                                                      "confirm": b64(proof)})
    except aiohttp.ServerFingerprintMismatch as exc:
        raise SourceError(say("lan.not-advertised")) from exc
    except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
        raise SourceError(say("lan.unreachable-because", reason=exc)) from exc
    return Pairing(base_url, fingerprint, body["token"], body["premises"])


class BridgeClientSource(Source):
    def __init__(self, pairing: Pairing, *, name: str = "Bridge",
                 backoff_s: tuple[float, float] = (0.5, 15.0)) -> None:
        super().__init__()
        self.pairing = pairing
        self.name = name
        # The display's words for it: "Bridge <address>" in the reader's language.
        self.said_name = say("name.bridge", url=pairing.base_url) \
            if name == f"Bridge {pairing.base_url}" else None
        self.backoff_s = backoff_s
        self.last_seq = 0
        self.epoch: str | None = None  # the bridge journal's identity last_seq belongs to
        self.received = 0
        self._meters: tuple[MeterIdentity, ...] = ()
        self._waiting = False  # the bridge said this home's meters are still joining
        self._session: aiohttp.ClientSession | None = None
        self._task: asyncio.Task[None] | None = None
        self._ssl = aiohttp.Fingerprint(bytes.fromhex(pairing.fingerprint))

    @property
    def meters(self) -> tuple[MeterIdentity, ...]:
        return self._meters

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.pairing.token}"}

    async def _request(self, method: str, path: str, *, timeout_s: float = 30,
                       **kwargs: Any) -> Any:
        if self._session is None or self._session.closed:
            raise SourceError(say("lan.not-following"))
        try:
            async with self._session.request(method, f"{self.pairing.base_url}{path}",
                                             headers=self._headers(), ssl=self._ssl,
                                             timeout=aiohttp.ClientTimeout(total=timeout_s),
                                             **kwargs) as rsp:
                body = await rsp.json()
                if rsp.status >= 400:
                    raise SourceError(body.get("error") or say("lan.said", status=rsp.status))
                return body
        except aiohttp.ServerFingerprintMismatch as exc:
            raise SourceError(say("lan.not-that-bridge")) from exc
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise SourceError(say("lan.unreachable-because", reason=exc)) from exc

    async def start(self) -> None:
        self._session = aiohttp.ClientSession()
        try:
            snapshot = await self._request("GET", "/api/v1/snapshot")
        except SourceError:
            await self._session.close()
            raise
        self._meters = tuple(meter_from_key(k) for k in snapshot["meters"])
        self._task = asyncio.create_task(self._follow(), name="bridge-client")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._session is not None:
            await self._session.close()
        self._close_streams()

    async def _follow(self) -> None:
        backoff = Backoff.of(self.backoff_s)  # the one reconnect policy
        while True:
            try:
                await self._stream_once()
                backoff.succeeded()  # a clean resync: come straight back
            except _Revoked:
                self._status(ConnectionState.DISCONNECTED, say("lan.revoked"))
                return  # retrying cannot help: only pairing again can
            except aiohttp.WSServerHandshakeError as exc:
                if exc.status == 401:
                    self._status(ConnectionState.DISCONNECTED, say("lan.revoked"))
                    return
                self._status(ConnectionState.DISCONNECTED, say("lan.unreachable"),
                             retry_in_s=backoff.delay)
                await backoff.wait()
            except (aiohttp.ClientError, TimeoutError, ConnectionError, SourceError) as exc:
                self._status(ConnectionState.DISCONNECTED, say("lan.unreachable"),
                             retry_in_s=backoff.delay)
                log.info("bridge stream dropped: %r", exc)
                await backoff.wait()

    async def _stream_once(self) -> None:
        assert self._session is not None
        url = f"{self.pairing.base_url}/api/v1/stream?since={self.last_seq}"
        if self.epoch:
            url += f"&epoch={self.epoch}"
        async with self._session.ws_connect(url, headers=self._headers(), ssl=self._ssl,
                                            heartbeat=30) as ws:
            self._status(ConnectionState.CONNECTED, say("lan.connected"))
            async for message in ws:
                if message.type != aiohttp.WSMsgType.TEXT:
                    break
                item = message.json()
                if item.get("type") == "resync":
                    return
                if item.get("type") == "revoked":
                    raise _Revoked
                if item.get("type") == "epoch":
                    self.epoch = str(item["epoch"])
                    continue
                if item.get("type") == "reset":
                    await self._resync(item)
                    return
                if item.get("type") == "status":  # e.g. the home's meters still joining
                    self._bridge_status(item)
                    continue
                seq = int(item["seq"])
                if seq <= self.last_seq:
                    continue  # already delivered before a reconnect
                self.last_seq = seq
                self.received += 1
                update = from_json(item["update"])
                meter = getattr(update, "meter", None)
                if meter is not None and meter not in self._meters:
                    # A meter the bridge set up after this display paired or started.
                    self._meters = (*self._meters, meter)
                    if self._waiting:
                        self._waiting = False
                        self._status(ConnectionState.CONNECTED, say("lan.connected"))
                self._publish(update)
        raise ConnectionError("stream closed")

    def _bridge_status(self, item: dict[str, Any]) -> None:
        """A status the bridge states for this home (its meters are still being set up)."""
        try:
            state = ConnectionState(str(item.get("state")))
        except ValueError:  # a state from a newer bridge: still a reason to wait
            state = ConnectionState.SEARCHING
        self._waiting = state != ConnectionState.CONNECTED
        code = item.get("code")
        # A code this display knows is said in its reader's language; else the English.
        self._status(state, say(code) if isinstance(code, str) and code in TEXTS
                     else plain(str(item.get("detail", ""))[:200]))

    async def _resync(self, reset: dict[str, Any]) -> None:
        """The bridge's journal was reset or restored, so its numbers are not the ones this
        display counted: take its latest values and carry on from its newest number. The
        display fills the gap from the meter's own log when the stream is back."""
        self._status(ConnectionState.DISCONNECTED, say("lan.reset"))
        log.warning("bridge journal reset (epoch %s -> %s): resynchronising", self.epoch,
                    reset.get("epoch"))
        snapshot = await self._request("GET", "/api/v1/snapshot")
        for entry in snapshot.get("updates", []):
            self._publish(from_json(entry["update"]))
        self.last_seq, self.epoch = int(reset["last"]), str(reset["epoch"])

    async def top_up(self, meter: MeterIdentity, code: TopUpCode) -> TopUpResult:
        body = await self._request("POST", "/api/v1/top-up",
                                   json={"meter": meter.key, "code": code.digits})
        result = from_json(body)
        assert isinstance(result, TopUpResult)
        return result

    async def backfill(self, meter: MeterIdentity, since: datetime) -> list[MeterReading]:
        """The meter's half-hour log, read by the bridge on its HAN (a real meter takes
        seconds per day of it, and other displays may be asking first)."""
        body = await self._request("GET", "/api/v1/profile", timeout_s=PROFILE_TIMEOUT_S,
                                   params={"meter": meter.key, "since": since.isoformat()})
        readings = [from_json(item) for item in body.get("intervals", [])]
        return [r for r in readings if isinstance(r, MeterReading) and r.meter == meter]

    async def confirm_message(self, meter: MeterIdentity, message_id: int) -> None:
        await self._request("POST", f"/api/v1/messages/{message_id}/confirm",
                            json={"meter": meter.key})
