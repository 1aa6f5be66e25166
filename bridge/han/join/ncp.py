"""The Smart Energy half of an EZSP radio, over bellows' `EZSP` object.

bellows drives a Silicon Labs NCP as a coordinator of its own network; the commands a
*device* joining a meter's network needs are all in the EZSP command set bellows already
carries (setInitialSecurityState, startScan, joinNetwork, the CBKE frames …) but nothing
in bellows strings them together. `SeNcp` wraps a connected `EZSP` with one typed method
per step and hides what changes between EZSP versions: status types (EmberStatus before
v14, sl_Status after), argument names (sendUnicast, incomingMessageHandler) and
callbacks that answer a command later (generateCbkeKeysHandler, calculateSmacsHandler,
stackStatusHandler). It implements `bridge.han.join.session.SeRadio`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import bellows.types as t
import zigpy.config
from bellows.exception import EzspError, InvalidCommandError
from bellows.ezsp import EZSP

from bridge.han.join.certificates import Suite
from bridge.se.vocabulary import (
    SE_PROFILE_ID,
    Basic,
    KeyEstablishment,
    Messaging,
    Metering,
    Prepayment,
    Price,
)

log = logging.getLogger(__name__)

IHD_DEVICE_ID = 0x0502  # SE In-Home Display (0x0507 is "Physical Device": SL, ZS)
# Clusters this device serves (Basic, Key Establishment) and uses as a client
# (Price, Metering, Messaging, Prepayment, Key Establishment).
SERVER_CLUSTERS = (Basic.cluster_id, KeyEstablishment.cluster_id)
CLIENT_CLUSTERS = (Price.cluster_id, Metering.cluster_id, Messaging.cluster_id,
                   Prepayment.cluster_id, KeyEstablishment.cluster_id)
STACK_PROFILE_ZIGBEE_PRO = 2
SECURITY_LEVEL_MIC32 = 5

_CBKE = {
    Suite.CBKE_163K1: ("getCertificate", "generateCbkeKeys", "generateCbkeKeysHandler",
                       "calculateSmacs", "calculateSmacsHandler",
                       "clearTemporaryDataMaybeStoreLinkKey"),
    Suite.CBKE_283K1: ("getCertificate283k1", "generateCbkeKeys283k1",
                       "generateCbkeKeysHandler283k1", "calculateSmacs283k1",
                       "calculateSmacsHandler283k1",
                       "clearTemporaryDataMaybeStoreLinkKey283k1"),
}


class NcpCommandError(Exception):
    """The NCP answered a command with a failure status (`status` is its name)."""

    def __init__(self, command: str, status: str) -> None:
        super().__init__(f"{command}: {status}")
        self.command, self.status = command, status


@dataclass(frozen=True)
class FoundNetwork:
    channel: int
    pan_id: int
    extended_pan_id: str
    allowing_join: bool
    stack_profile: int
    update_id: int
    lqi: int
    rssi: int
    raw: Any  # bellows' EmberZigbeeNetwork, handed back to join()


@dataclass(frozen=True)
class IncomingMessage:
    sender: int
    profile_id: int
    cluster_id: int
    src_endpoint: int
    dst_endpoint: int
    data: bytes


def _ok(status: Any) -> bool:
    return bool(t.sl_Status.from_ember_status(status) == t.sl_Status.OK)


def _name(status: Any) -> str:
    return str(getattr(status, "name", status))


class _LinkWatch:
    """What bellows' `EZSP` calls when the serial link drops or the NCP resets (its
    "application"; `connection_lost` is all it ever calls on it)."""

    def __init__(self) -> None:
        self.on_lost: Callable[[Exception | None], None] | None = None

    def connection_lost(self, exc: Exception | None) -> None:
        log.info("EZSP link lost: %r", exc)
        if self.on_lost is not None:
            self.on_lost(exc)


class SeNcp:
    """A connected EZSP radio, seen as a Smart Energy device."""

    def __init__(self, ezsp: EZSP, link: _LinkWatch | None = None) -> None:
        self.ezsp = ezsp
        self._link = link or _LinkWatch()
        self.incoming: asyncio.Queue[IncomingMessage] = asyncio.Queue()
        self._waiters: dict[str, list[asyncio.Future[dict[str, Any]]]] = {}
        self._stack_status: asyncio.Queue[str] = asyncio.Queue()
        self._callback_id = ezsp.add_callback(self._on_callback)

    @classmethod
    async def open(cls, device_config: dict[str, Any]) -> SeNcp:
        """Connect to the stick at `device_config` (zigpy's {"path", "baudrate",
        "flow_control"}): reset, negotiate the EZSP version."""
        link = _LinkWatch()
        ezsp = EZSP(zigpy.config.SCHEMA_DEVICE(device_config), application=link)
        try:
            # No bellows I/O thread: a joining device exchanges a few dozen frames.
            await ezsp.connect(use_thread=False)
        except BaseException:  # incl. a caller's time-out: never leave the port open
            await ezsp.disconnect()
            raise
        return cls(ezsp, link)

    def on_connection_lost(self, callback: Callable[[Exception | None], None] | None) -> None:
        """Call `callback` when the stick is pulled out or the NCP resets by itself."""
        self._link.on_lost = callback

    async def close(self) -> None:
        self._link.on_lost = None  # a close we asked for is not a lost stick
        with contextlib.suppress(KeyError):
            self.ezsp.remove_callback(self._callback_id)
        await self.ezsp.disconnect()

    @property
    def ezsp_version(self) -> int:
        return int(self.ezsp.ezsp_version)

    # -- callbacks ---------------------------------------------------------------------

    def _named(self, frame_name: str, args: list[Any]) -> dict[str, Any]:
        """Callback arguments by name, whatever this EZSP version calls them."""
        rx_schema = self.ezsp.COMMANDS[frame_name][2]
        return dict(zip(rx_schema, args, strict=False))

    def _on_callback(self, frame_name: str, args: list[Any]) -> None:
        fields = self._named(frame_name, args)
        if frame_name == "incomingMessageHandler":
            aps = fields["apsFrame"] if "apsFrame" in fields else fields["aps_frame"]
            self.incoming.put_nowait(IncomingMessage(
                sender=int(fields.get("sender", fields.get("nwk", 0xFFFF))),
                profile_id=int(aps.profileId), cluster_id=int(aps.clusterId),
                src_endpoint=int(aps.sourceEndpoint),
                dst_endpoint=int(aps.destinationEndpoint),
                data=bytes(fields.get("messageContents", fields.get("message", b"")))))
        elif frame_name == "stackStatusHandler":
            self._stack_status.put_nowait(_name(t.sl_Status.from_ember_status(
                fields["status"])))
        for future in self._waiters.pop(frame_name, []):
            if not future.done():
                future.set_result(fields)

    @contextlib.contextmanager
    def _expect(self, frame_name: str) -> Iterator[asyncio.Future[dict[str, Any]]]:
        """A future for the next `frame_name` callback, registered before the command that
        causes it is sent (the NCP may answer before the command's await returns)."""
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiters.setdefault(frame_name, []).append(future)
        try:
            yield future
        finally:
            with contextlib.suppress(ValueError, KeyError):
                self._waiters[frame_name].remove(future)

    async def _command(self, name: str, **kwargs: Any) -> list[Any]:
        result = await getattr(self.ezsp, name)(**kwargs)
        return list(result)

    async def _checked(self, name: str, **kwargs: Any) -> list[Any]:
        result = await self._command(name, **kwargs)
        if result and not _ok(result[0]):
            raise NcpCommandError(name, _name(result[0]))
        return result

    # -- identity and set-up -----------------------------------------------------------

    async def eui64(self) -> str:
        (eui64,) = await self._command("getEui64")
        return str(eui64)

    async def get_certificate(self, suite: Suite) -> bytes | None:
        """This stick's certificate for `suite`, or None when it has none (no certificate
        installed, or firmware without the CBKE library or the command)."""
        try:
            status, cert = await self._command(_CBKE[suite][0])
        except InvalidCommandError:
            return None
        if not _ok(status):
            log.info("%s: %s", _CBKE[suite][0], _name(status))
            return None
        return bytes(cert)

    async def configure_device(self, endpoint: int) -> None:
        """Stack settings and the SE endpoint; both must precede joining."""
        for config_id, value in ((t.EzspConfigId.CONFIG_STACK_PROFILE,
                                  STACK_PROFILE_ZIGBEE_PRO),
                                 (t.EzspConfigId.CONFIG_SECURITY_LEVEL,
                                  SECURITY_LEVEL_MIC32)):
            (status,) = await self._command("setConfigurationValue", configId=config_id,
                                            value=value)
            if not _ok(status):  # firmware that fixes these is fine
                log.info("setConfigurationValue %s: %s", config_id.name, _name(status))
        await self._checked(
            "addEndpoint", endpoint=endpoint, profileId=SE_PROFILE_ID,
            deviceId=IHD_DEVICE_ID, deviceVersion=0,
            inputClusterCount=len(SERVER_CLUSTERS), outputClusterCount=len(CLIENT_CLUSTERS),
            inputClusterList=list(SERVER_CLUSTERS), outputClusterList=list(CLIENT_CLUSTERS))

    async def set_link_key(self, link_key: bytes) -> None:
        """Preconfigure the install-code link key; the trust centre sends the network key
        encrypted with it."""
        bitmask = (t.EmberInitialSecurityBitmask.STANDARD_SECURITY_MODE
                   | t.EmberInitialSecurityBitmask.HAVE_PRECONFIGURED_KEY
                   | t.EmberInitialSecurityBitmask.REQUIRE_ENCRYPTED_KEY)
        state = t.EmberInitialSecurityState(
            bitmask=bitmask, preconfiguredKey=t.KeyData(link_key),
            networkKey=t.KeyData(bytes(16)), networkKeySequenceNumber=0,
            preconfiguredTrustCenterEui64=t.EUI64(bytes(8)))
        await self._checked("setInitialSecurityState", state=state)

    # -- network -----------------------------------------------------------------------

    async def scan(self, duration_exp: int = 3) -> list[FoundNetwork]:
        """An active scan of all channels; `duration_exp` is 802.15.4's exponent
        ((2^n + 1) × 15.36 ms per channel)."""
        try:
            results = await self.ezsp.startScan(
                scanType=t.EzspNetworkScanType.ACTIVE_SCAN,
                channelMask=t.Channels.ALL_CHANNELS, duration=duration_exp)
        except EzspError:
            raise
        except Exception as exc:  # bellows raises a bare Exception on a failed status
            raise NcpCommandError("startScan", str(exc)) from exc
        found = []
        for network, lqi, rssi in results:
            found.append(FoundNetwork(
                channel=int(network.channel), pan_id=int(network.panId),
                extended_pan_id=str(network.extendedPanId),
                allowing_join=bool(network.allowingJoin),
                stack_profile=int(network.stackProfile), update_id=int(network.nwkUpdateId),
                lqi=int(lqi), rssi=int(rssi), raw=network))
        return found

    def drain_stack_status(self) -> None:
        while not self._stack_status.empty():
            self._stack_status.get_nowait()

    async def join(self, network: FoundNetwork, *, router: bool = False) -> None:
        """Ask the NCP to join; the outcome arrives later as a stack status
        (`next_stack_status`)."""
        params = t.EmberNetworkParameters(
            extendedPanId=network.raw.extendedPanId, panId=network.raw.panId,
            radioTxPower=8, radioChannel=network.channel,
            joinMethod=t.EmberJoinMethod.USE_MAC_ASSOCIATION, nwkManagerId=0x0000,
            nwkUpdateId=network.update_id, channels=t.Channels.from_channel_list(
                [network.channel]))
        node_type = t.EmberNodeType.ROUTER if router else t.EmberNodeType.END_DEVICE
        self.drain_stack_status()
        await self._checked("joinNetwork", nodeType=node_type, parameters=params)

    async def next_stack_status(self) -> str:
        """The name of the next stackStatusHandler status (sl_Status names: NETWORK_UP,
        NOT_JOINED, ZIGBEE_NO_NETWORK_KEY_RECEIVED …)."""
        return await self._stack_status.get()

    async def node_id(self) -> int:
        (nwk,) = await self._command("getNodeId")
        return int(nwk)

    async def send_unicast(self, nwk: int, *, profile_id: int, cluster_id: int,
                           src_endpoint: int, dst_endpoint: int, data: bytes,
                           tag: int = 0) -> None:
        aps = t.EmberApsFrame(
            profileId=profile_id, clusterId=cluster_id, sourceEndpoint=src_endpoint,
            destinationEndpoint=dst_endpoint,
            options=(t.EmberApsOption.APS_OPTION_RETRY
                     | t.EmberApsOption.APS_OPTION_ENABLE_ROUTE_DISCOVERY),
            groupId=0, sequence=0)
        status, _seq = await self.ezsp.send_unicast(nwk=t.NWK(nwk), aps_frame=aps,
                                                    message_tag=tag, data=data)
        if not _ok(status):
            raise NcpCommandError("sendUnicast", _name(status))

    # -- CBKE on the NCP ---------------------------------------------------------------

    async def generate_ephemeral_key(self, suite: Suite, within_s: float) -> bytes:
        _get, generate, handler, *_ = _CBKE[suite]
        with self._expect(handler) as done:
            await self._checked(generate)
            async with asyncio.timeout(within_s):
                fields = await done
        if not _ok(fields["status"]):
            raise NcpCommandError(handler, _name(fields["status"]))
        return bytes(fields["ephemeralPublicKey"])

    async def calculate_smacs(self, suite: Suite, partner_certificate: bytes,
                              partner_ephemeral_key: bytes,
                              within_s: float) -> tuple[bytes, bytes]:
        """(initiator MAC to send, responder MAC to expect), as the initiator."""
        *_, calculate, handler, _clear = _CBKE[suite]
        with self._expect(handler) as done:
            await self._checked(calculate, amInitiator=True,
                                partnerCertificate=partner_certificate,
                                partnerEphemeralPublicKey=partner_ephemeral_key)
            async with asyncio.timeout(within_s):
                fields = await done
        if not _ok(fields["status"]):
            raise NcpCommandError(handler, _name(fields["status"]))
        return bytes(fields["initiatorSmac"]), bytes(fields["responderSmac"])

    async def finish_cbke(self, suite: Suite, *, store_link_key: bool) -> None:
        """Drop the ephemeral data; keep the derived link key only after both MACs
        matched."""
        await self._checked(_CBKE[suite][5], storeLinkKey=store_link_key)
