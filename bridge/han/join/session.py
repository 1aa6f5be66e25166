"""Join a meter's Smart Energy network as a device and run CBKE: the state machine.

    searching ──► joining ──► authenticating ──► connected
        │            │              │
        └────────────┴──────────────┴──► failed (reason in plain words)

searching: read the stick's SE certificate (no certificate: stop here, nothing on air
  will change that), preconfigure the install-code link key, active-scan for ZigBee PRO
  networks.
joining: joinNetwork, then wait for the NCP's stack status (NETWORK_UP, or a refusal —
  typically the network key never arriving because the trust centre has another link key
  for this EUI64).
authenticating: find the trust centre's Key Establishment endpoint (ZDO Match Descriptor,
  as SE 1.x asks), then as CBKE initiator: Initiate ⇄, generateCbkeKeys, Ephemeral Data ⇄,
  calculateSmacs, Confirm Key ⇄, compare the meter's MAC with the NCP's; store the derived
  link key only if it matched.

The radio is injected (`SeRadio`; `bridge.han.join.ncp.SeNcp` for EZSP sticks) so the
machine can be driven against a scripted NCP. Statuses are `bridge.model.SourceStatus`
updates, the same the HAN client publishes, so a display shows the whole path.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from bridge.han.join import ke_frames as ke
from bridge.han.join.certificates import Certificate, Suite, parse_certificate
from bridge.han.join.install_code import link_key_from_install_code
from bridge.han.join.ncp import FoundNetwork, IncomingMessage, NcpCommandError
from bridge.model import ConnectionState, SourceStatus
from bridge.se.vocabulary import SE_PROFILE_ID
from bridge.status_text import Said, say
from bridge.status_text import status as make_status

log = logging.getLogger(__name__)

TRUST_CENTRE_NWK = 0x0000
ZDO_PROFILE = 0x0000
ZDO_MATCH_DESC_REQ = 0x0006
ZDO_MATCH_DESC_RSP = 0x8006
STACK_PROFILE_ZIGBEE_PRO = 2


class SeRadio(Protocol):
    """What the session needs from a radio (see `SeNcp` for what each step means)."""

    incoming: asyncio.Queue[IncomingMessage]

    async def eui64(self) -> str: ...
    async def get_certificate(self, suite: Suite) -> bytes | None: ...
    async def configure_device(self, endpoint: int) -> None: ...
    async def set_link_key(self, link_key: bytes) -> None: ...
    async def scan(self, duration_exp: int = 3) -> list[FoundNetwork]: ...
    async def join(self, network: FoundNetwork, *, router: bool = False) -> None: ...
    async def next_stack_status(self) -> str: ...
    async def node_id(self) -> int: ...
    async def send_unicast(self, nwk: int, *, profile_id: int, cluster_id: int,
                           src_endpoint: int, dst_endpoint: int, data: bytes,
                           tag: int = 0) -> None: ...
    async def generate_ephemeral_key(self, suite: Suite, within_s: float) -> bytes: ...
    async def calculate_smacs(self, suite: Suite, partner_certificate: bytes,
                              partner_ephemeral_key: bytes,
                              within_s: float) -> tuple[bytes, bytes]: ...
    async def finish_cbke(self, suite: Suite, *, store_link_key: bool) -> None: ...


@dataclass(frozen=True)
class JoinTimeouts:
    """Seconds (real meters and NCPs need the defaults; tests use small values)."""

    scan_duration_exp: int = 3  # ~0.14 s per channel, ~2.2 s for all 16
    join: float = 30.0  # joinNetwork → NETWORK_UP (the TC may be slow to send the key)
    response: float = 10.0  # a meter's answer, on top of the time it announced
    announced_cap: float = 60.0  # never wait longer than this for announced times
    ncp_crypto: float = 30.0  # ECC on an EM35x takes seconds; EFR32 well under one


class FailureReason:
    """Why a join failed, in the words a person sees (constants; details are appended)."""

    NO_CERTIFICATE = ("this stick has no Smart Energy certificate — it can run a demo "
                      "meter, but cannot join a smart meter's network")
    NO_NETWORK = ("no Smart Energy network found — is the stick registered with your "
                  "supplier?")
    NETWORK_CLOSED = ("a Smart Energy network is in range but is not letting devices "
                      "join — is the stick registered with your supplier?")
    JOIN_REFUSED = ("the meter's network did not let this stick in — check the install "
                    "code is the one registered with your supplier")
    JOIN_TIMEOUT = "timed out waiting for the meter's network to let this stick in"
    METER_TIMEOUT = "timed out waiting for the meter"
    NO_KE_SERVICE = "the meter did not offer key establishment"
    KE_REFUSED = "the meter refused key establishment"
    KE_MISMATCH = ("key confirmation failed: the meter and this stick derived different "
                   "keys")
    KE_UNKNOWN_ISSUER = ("the meter's certificate is from a different authority than "
                         "this stick's (test and production certificates do not mix)")
    KE_BAD_MESSAGE = "the meter sent a key establishment message that makes no sense"
    RADIO = "the stick stopped answering or reported an error"


# Each reason's code in bridge.status_text, so the display says it in the reader's language.
REASON_CODES = {
    FailureReason.NO_CERTIFICATE: "join.no-certificate",
    FailureReason.NO_NETWORK: "join.no-network",
    FailureReason.NETWORK_CLOSED: "join.network-closed",
    FailureReason.JOIN_REFUSED: "join.refused",
    FailureReason.JOIN_TIMEOUT: "join.timeout",
    FailureReason.METER_TIMEOUT: "join.meter-timeout",
    FailureReason.NO_KE_SERVICE: "join.no-ke-service",
    FailureReason.KE_REFUSED: "join.ke-refused",
    FailureReason.KE_MISMATCH: "join.ke-mismatch",
    FailureReason.KE_UNKNOWN_ISSUER: "join.ke-unknown-issuer",
    FailureReason.KE_BAD_MESSAGE: "join.ke-bad-message",
    FailureReason.RADIO: "join.radio",
}


class JoinFailed(Exception):
    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason} ({detail})" if detail else reason)
        self.reason, self.detail = reason, detail


@dataclass
class JoinResult:
    state: ConnectionState
    message: str  # in English; `said` is the same for the display to translate
    reason: str | None = None  # a FailureReason constant when failed
    said: Said | None = None
    suite: Suite | None = None
    network: FoundNetwork | None = None
    node_id: int | None = None
    ke_endpoint: int | None = None
    meter_certificate: Certificate | None = None
    elapsed_s: float = 0.0

    @property
    def connected(self) -> bool:
        return self.state is ConnectionState.CONNECTED


@dataclass
class JoinSession:
    radio: SeRadio
    install_code: str | bytes
    origin: str = "han"
    on_status: Callable[[SourceStatus], None] | None = None
    endpoint: int = 1
    ke_endpoint: int | None = None  # None: ask the trust centre (Match Descriptor)
    extended_pan_id: str | None = None  # only this network, when known
    suites: tuple[Suite, ...] = (Suite.CBKE_283K1, Suite.CBKE_163K1)  # GB's first
    router: bool = False
    timeouts: JoinTimeouts = field(default_factory=JoinTimeouts)
    # Advertised to the meter: how long it should wait for our ephemeral data / MAC.
    ephemeral_data_generate_time: int = 10
    confirm_key_generate_time: int = 10
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    history: list[SourceStatus] = field(default_factory=list, init=False)
    _tsn: int = field(default=0, init=False, repr=False)

    # -- driving -----------------------------------------------------------------------

    async def run(self) -> JoinResult:
        """Join and authenticate; never raises for a refusal — the result says why."""
        started = time.monotonic()
        result = JoinResult(state=ConnectionState.SEARCHING, message="")
        try:
            await self._run(result)
        except JoinFailed as exc:
            result.state, result.reason = ConnectionState.FAILED, exc.reason
            result.message = exc.reason
            result.said = say(REASON_CODES[exc.reason])
            self._status(ConnectionState.FAILED, say(
                "join.failed", reason_said=REASON_CODES[exc.reason], detail=exc.detail)
                if exc.detail else result.said)
        except (NcpCommandError, TimeoutError, OSError) as exc:
            # TimeoutError here is a command the NCP never answered (bellows' own limit).
            result.state, result.reason = ConnectionState.FAILED, FailureReason.RADIO
            result.message = FailureReason.RADIO
            result.said = say("join.radio")
            self._status(ConnectionState.FAILED, say("join.failed", reason_said="join.radio",
                                                     detail=repr(exc)))
        else:
            result.state = ConnectionState.CONNECTED
            result.said = say("join.connected")
            result.message = result.said.english()
            self._status(ConnectionState.CONNECTED, result.said)
        result.elapsed_s = time.monotonic() - started
        return result

    def _status(self, state: ConnectionState, said: Said) -> None:
        status = make_status(self.clock(), self.origin, state, said)
        self.history.append(status)
        log.info("%s: %s", state.value, status.detail)
        if self.on_status is not None:
            self.on_status(status)

    async def _run(self, result: JoinResult) -> None:
        link_key = link_key_from_install_code(self.install_code)
        self._status(ConnectionState.SEARCHING, say("join.checking-certificate"))
        suite, own_cert = await self._certificate()
        result.suite = suite
        await self.radio.configure_device(self.endpoint)
        await self.radio.set_link_key(link_key)

        self._status(ConnectionState.SEARCHING, say("join.looking"))
        networks = await self._networks()
        result.network = await self._join(networks)
        result.node_id = await self.radio.node_id()

        self._status(ConnectionState.AUTHENTICATING, say("join.exchanging-keys"))
        result.ke_endpoint = self.ke_endpoint or await self._find_ke_endpoint()
        result.meter_certificate = await self._key_establishment(
            suite, own_cert, result.ke_endpoint)

    # -- searching ---------------------------------------------------------------------

    async def _certificate(self) -> tuple[Suite, Certificate]:
        for suite in self.suites:
            raw = await self.radio.get_certificate(suite)
            if raw is not None:
                return suite, parse_certificate(raw, suite)
        raise JoinFailed(FailureReason.NO_CERTIFICATE,
                         "no " + " or ".join(s.curve for s in self.suites) + " certificate")

    async def _networks(self) -> list[FoundNetwork]:
        found = await self.radio.scan(self.timeouts.scan_duration_exp)
        pro = [n for n in found if n.stack_profile == STACK_PROFILE_ZIGBEE_PRO]
        if self.extended_pan_id is not None:
            pro = [n for n in pro if n.extended_pan_id.lower() == self.extended_pan_id.lower()]
        if not pro:
            raise JoinFailed(FailureReason.NO_NETWORK,
                             f"{len(found)} network(s) heard, none ZigBee PRO"
                             if found else "nothing heard on any channel")
        open_ = sorted((n for n in pro if n.allowing_join), key=lambda n: -n.lqi)
        if not open_:
            raise JoinFailed(FailureReason.NETWORK_CLOSED,
                             f"{len(pro)} network(s), none permitting joins")
        return open_

    # -- joining -----------------------------------------------------------------------

    async def _join(self, networks: list[FoundNetwork]) -> FoundNetwork:
        last: JoinFailed | None = None
        for network in networks:  # best link first; a refusal may be another home's hub
            self._status(ConnectionState.JOINING,
                         say("join.joining", channel=network.channel,
                             pan=f"{network.pan_id:04X}"))
            try:
                await self.radio.join(network, router=self.router)
                await self._wait_network_up()
                return network
            except JoinFailed as exc:
                last = exc
        assert last is not None
        raise last

    async def _wait_network_up(self) -> None:
        try:
            async with asyncio.timeout(self.timeouts.join):
                while True:
                    status = await self.radio.next_stack_status()
                    if status == "NETWORK_UP":
                        return
                    if status in ("NETWORK_DOWN",):
                        continue  # the stack's own transition before a (re)join
                    raise JoinFailed(FailureReason.JOIN_REFUSED, f"stack status {status}")
        except TimeoutError:
            raise JoinFailed(FailureReason.JOIN_TIMEOUT,
                             f"no answer in {self.timeouts.join:g} s") from None

    # -- authenticating ----------------------------------------------------------------

    def _next_tsn(self) -> int:
        self._tsn = (self._tsn + 1) & 0xFF
        return self._tsn

    async def _find_ke_endpoint(self) -> int:
        tsn = self._next_tsn()
        req = (bytes([tsn]) + TRUST_CENTRE_NWK.to_bytes(2, "little")
               + SE_PROFILE_ID.to_bytes(2, "little") + bytes([1])
               + ke.CLUSTER_ID.to_bytes(2, "little") + bytes([0]))
        await self.radio.send_unicast(TRUST_CENTRE_NWK, profile_id=ZDO_PROFILE,
                                      cluster_id=ZDO_MATCH_DESC_REQ, src_endpoint=0,
                                      dst_endpoint=0, data=req)

        def match(msg: IncomingMessage) -> bool:
            return (msg.profile_id == ZDO_PROFILE and msg.cluster_id == ZDO_MATCH_DESC_RSP
                    and len(msg.data) >= 5 and msg.data[0] == tsn)

        msg = await self._receive(match, self.timeouts.response)
        status, count, endpoints = msg.data[1], msg.data[4], msg.data[5:]
        if status != 0 or count == 0 or len(endpoints) < 1:
            raise JoinFailed(FailureReason.NO_KE_SERVICE,
                             f"Match Descriptor status {status}, {count} endpoint(s)")
        return int(endpoints[0])

    async def _receive(self, match: Callable[[IncomingMessage], bool],
                       within_s: float) -> IncomingMessage:
        try:
            async with asyncio.timeout(within_s):
                while True:
                    msg = await self.radio.incoming.get()
                    if msg.sender == TRUST_CENTRE_NWK and match(msg):
                        return msg
                    log.debug("ignored while joining: %r", msg)
        except TimeoutError:
            raise JoinFailed(FailureReason.METER_TIMEOUT,
                             f"no answer in {within_s:g} s") from None

    async def _send_ke(self, ke_endpoint: int, message: ke.Message) -> int:
        tsn = self._next_tsn()
        data = ke.encode(ke.KeFrame(ke.Direction.REQUEST, tsn, message))
        await self.radio.send_unicast(TRUST_CENTRE_NWK, profile_id=SE_PROFILE_ID,
                                      cluster_id=ke.CLUSTER_ID, src_endpoint=self.endpoint,
                                      dst_endpoint=ke_endpoint, data=data)
        return tsn

    async def _ke_exchange(self, ke_endpoint: int, message: ke.Message, suite: Suite,
                           expect: type, within_s: float) -> ke.Message:
        """Send one request and return the meter's matching response; a Terminate or an
        error Default Response ends the session with the meter's reason."""
        tsn = await self._send_ke(ke_endpoint, message)

        def match(msg: IncomingMessage) -> bool:
            return (msg.cluster_id == ke.CLUSTER_ID and msg.profile_id == SE_PROFILE_ID
                    and msg.dst_endpoint == self.endpoint)

        while True:
            raw = await self._receive(match, within_s)
            try:
                frame = ke.decode(raw.data, suite)
            except ke.KeFrameError as exc:
                await self._terminate(ke_endpoint, 3, suite)  # BAD_MESSAGE
                raise JoinFailed(FailureReason.KE_BAD_MESSAGE, str(exc)) from None
            reply = frame.message
            if frame.direction is not ke.Direction.RESPONSE:
                continue  # the meter initiating towards us: not while we initiate
            if isinstance(reply, ke.Terminate):
                wait = f"; it asks to wait {reply.wait_time} s" if reply.wait_time else ""
                raise JoinFailed(FailureReason.KE_REFUSED, f"{reply.reason}{wait}")
            if frame.tsn != tsn:
                log.debug("stale key establishment response (TSN %d, want %d)", frame.tsn,
                          tsn)
                continue
            if isinstance(reply, ke.DefaultResponse):
                raise JoinFailed(FailureReason.KE_REFUSED,
                                 f"ZCL status 0x{reply.status:02X} to command "
                                 f"0x{reply.command_id:02X}")
            if not isinstance(reply, expect):
                await self._terminate(ke_endpoint, 3, suite)
                raise JoinFailed(FailureReason.KE_BAD_MESSAGE,
                                 f"{type(reply).__name__} where {expect.__name__} was due")
            return reply

    async def _terminate(self, ke_endpoint: int, status: int, suite: Suite) -> None:
        try:
            await self._send_ke(ke_endpoint, ke.Terminate(status=status, wait_time=0,
                                                          suite=int(suite)))
        except NcpCommandError as exc:  # already failing: the reason that matters is ours
            log.info("could not send Terminate: %s", exc)

    def _announced(self, seconds: int) -> float:
        return min(float(seconds), self.timeouts.announced_cap) + self.timeouts.response

    async def _key_establishment(self, suite: Suite, own: Certificate,
                                 ke_endpoint: int) -> Certificate:
        initiate = await self._ke_exchange(
            ke_endpoint, ke.Initiate(suite, self.ephemeral_data_generate_time,
                                     self.confirm_key_generate_time, own.raw),
            suite, ke.Initiate, self.timeouts.response)
        assert isinstance(initiate, ke.Initiate)
        if initiate.suite is not suite:
            await self._terminate(ke_endpoint, 5, suite)  # UNSUPPORTED_SUITE
            raise JoinFailed(FailureReason.KE_REFUSED,
                             f"the meter answered for {initiate.suite.curve}, "
                             f"not {suite.curve}")
        partner = parse_certificate(initiate.identity, suite)
        if partner.issuer != own.issuer:
            await self._terminate(ke_endpoint, 1, suite)  # UNKNOWN_ISSUER
            raise JoinFailed(FailureReason.KE_UNKNOWN_ISSUER,
                             f"meter's issuer {partner.issuer_hex}, this stick's "
                             f"{own.issuer_hex}")
        try:
            own_key = await self.radio.generate_ephemeral_key(suite,
                                                              self.timeouts.ncp_crypto)
            reply = await self._ke_exchange(ke_endpoint, ke.EphemeralData(own_key), suite,
                                            ke.EphemeralData,
                                            self._announced(initiate.ephemeral_data_generate_time))
            assert isinstance(reply, ke.EphemeralData)
            mac_u, mac_v = await self.radio.calculate_smacs(
                suite, partner.raw, reply.public_key, self.timeouts.ncp_crypto)
            confirm = await self._ke_exchange(ke_endpoint, ke.ConfirmKeyData(mac_u), suite,
                                              ke.ConfirmKeyData,
                                              self._announced(initiate.confirm_key_generate_time))
            assert isinstance(confirm, ke.ConfirmKeyData)
            if confirm.mac != mac_v:
                await self._terminate(ke_endpoint, 2, suite)  # BAD_KEY_CONFIRM
                raise JoinFailed(FailureReason.KE_MISMATCH, "the meter's MAC differs")
        except (JoinFailed, NcpCommandError, TimeoutError, OSError):
            # Leave no half-made key behind.
            try:
                await self.radio.finish_cbke(suite, store_link_key=False)
            except (NcpCommandError, TimeoutError, OSError) as exc:
                log.info("could not clear CBKE data: %r", exc)
            raise
        await self.radio.finish_cbke(suite, store_link_key=True)
        return partner
