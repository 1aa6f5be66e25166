"""A zigpy application for an EZSP stick that has *joined* someone else's network.

bellows' ControllerApplication runs an NCP only as the coordinator of its own network. After
`JoinSession` the stick is an end device (or router) on the meter's network: the meter (in
GB, the comms hub) is coordinator and trust centre at NWK 0x0000, holds the network key and
decides who joins. `EzspDeviceApplication` is zigpy's side of that role, built on `SeNcp`
(which hides the EZSP version differences), so `HanClient` runs on it unchanged:

- `connect`: open the stick, or adopt the `SeNcp` the join used (no second reset, the port
  stays open from "connected" to the first reading);
- `start_network`: the NCP must be on a network (networkState, or networkInit from its NVM
  after a reset); our node and the network come from getNodeId / getEui64 /
  getNetworkParameters; the trust centre and every node with a Metering server (ZDO Match
  Descriptor broadcast) are added as devices, and zigpy interviews them as usual;
- `send_packet`: sendUnicast / sendBroadcast, APS-encrypted on the SE profile except Key
  Establishment; the NCP's messageSentHandler decides success or DeliveryError;
- forming, opening for joins, writing or resetting network settings: refused or no-ops —
  they belong to the trust centre, not to a display.

The trust centre's EUI64, first found wins: the one given (the subject of the meter's CBKE
certificate: CBKE proved the meter holds that certificate's key), the NCP's own tables
(lookupEui64ByNodeId — EmberZNet knows it on some builds, not all), then a ZDO IEEE_addr_req.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import bellows.types as bt
import zigpy.application
import zigpy.config as zconf
import zigpy.device
import zigpy.endpoint
import zigpy.exceptions
import zigpy.state
import zigpy.types as t
import zigpy.zdo
import zigpy.zdo.types as zdo_t
from bellows.ash import AshException

from bridge.errors import error_words
from bridge.han.join.ncp import (
    CLIENT_CLUSTERS,
    IHD_DEVICE_ID,
    SE_PROFILE_ID,
    SERVER_CLUSTERS,
    SeNcp,
)
from bridge.se.vocabulary import KeyEstablishment, Metering

log = logging.getLogger(__name__)

TRUST_CENTRE_NWK = 0x0000
METERING = Metering.cluster_id
KEY_ESTABLISHMENT = KeyEstablishment.cluster_id
# zigpy takes its own endpoint to be 1 (bind destinations, its model strings); so does
# JoinSession by default.
ENDPOINT = 1
NOT_JOINED = "the stick has not joined a meter's network yet"
_LOGICAL_TYPE = {bt.EmberNodeType.ROUTER: zdo_t.LogicalType.Router,
                 bt.EmberNodeType.COORDINATOR: zdo_t.LogicalType.Coordinator}


def _ok(status: Any) -> bool:
    return bool(bt.sl_Status.from_ember_status(status) == bt.sl_Status.OK)


def _name(status: Any) -> str:
    """sl_Status names whatever the EZSP version (v13 and older send EmberStatus)."""
    return str(getattr(bt.sl_Status.from_ember_status(status), "name", status))


class EzspDeviceApplication(zigpy.application.ControllerApplication):
    """zigpy on an EZSP NCP that is a device on a meter's network (wrap it with
    `with_smart_energy` for the HAN client)."""

    def __init__(self, config: dict[str, Any], *, ncp: SeNcp | None = None,
                 trust_centre_ieee: str | None = None,
                 match_window_s: float = 3.0, response_timeout_s: float = 5.0,
                 sent_timeout_s: float = 10.0) -> None:
        super().__init__(config)
        self.ncp = ncp  # an adopted SeNcp becomes ours: shutdown closes it
        self._adopted = ncp is not None
        self.trust_centre_ieee = trust_centre_ieee
        self.match_window_s = match_window_s  # how long broadcast answers are gathered
        self.response_timeout_s = response_timeout_s
        self.sent_timeout_s = sent_timeout_s  # sendUnicast → messageSentHandler
        self._callback_id: int | None = None
        self._reader: asyncio.Task[None] | None = None
        self._sent: dict[int, asyncio.Future[Any]] = {}
        self._tag = 0
        self._zdo_waiters: dict[tuple[int, int], asyncio.Queue[tuple[int, list[Any]]]] = {}

    def _radio(self) -> SeNcp:
        if self.ncp is None:
            raise zigpy.exceptions.ControllerException("the stick is not connected")
        return self.ncp

    # -- connection --------------------------------------------------------------------

    async def connect(self) -> None:
        if self.ncp is None:
            self.ncp = await SeNcp.open(self.config[zconf.CONF_DEVICE])
            # EZSP endpoints do not survive the reset connect() does, and can only be added
            # before the network comes up (networkInit in start_network).
            await self.ncp.configure_device(ENDPOINT)
        else:
            while not self.ncp.incoming.empty():  # left over from the join: not for zigpy
                self.ncp.incoming.get_nowait()
        self._callback_id = self.ncp.ezsp.add_callback(self._on_callback)
        self.ncp.on_connection_lost(self.connection_lost)  # zigpy tells its listeners
        self._reader = asyncio.get_running_loop().create_task(self._read_incoming(),
                                                              name="ezsp-device-rx")

    async def disconnect(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
            self._reader = None
        if self.ncp is not None:
            if self._callback_id is not None:
                with contextlib.suppress(KeyError):
                    self.ncp.ezsp.remove_callback(self._callback_id)
                self._callback_id = None
            await self.ncp.close()
            self.ncp = None

    # -- the network (someone else's) --------------------------------------------------

    async def load_network_info(self, *, load_devices: bool = False) -> None:
        ncp = self._radio()
        (state,) = await ncp.ezsp.networkState()
        if state != bt.EmberNetworkStatus.JOINED_NETWORK:
            # After a reset the NCP is off the air until networkInit restores the network
            # kept in its NVM; NOT_JOINED there means it never joined one.
            ncp.drain_stack_status()
            if not _ok(await ncp.ezsp.initialize_network()):
                raise zigpy.exceptions.NetworkNotFormed(NOT_JOINED)
            try:
                async with asyncio.timeout(self.response_timeout_s):
                    while (status := await ncp.next_stack_status()) != "NETWORK_UP":
                        log.debug("waiting for the network: %s", status)
            except TimeoutError:
                raise zigpy.exceptions.ControllerException(
                    f"the stick could not get back onto the meter's network within "
                    f"{self.response_timeout_s:g} s — is the meter in range?") from None
        status, node_type, params = await ncp.ezsp.getNetworkParameters()
        if not _ok(status):
            raise zigpy.exceptions.NetworkNotFormed(f"{NOT_JOINED} ({_name(status)})")
        self.state.node_info = zigpy.state.NodeInfo(
            nwk=t.NWK(await ncp.node_id()), ieee=t.EUI64.convert(await ncp.eui64()),
            logical_type=_LOGICAL_TYPE.get(node_type, zdo_t.LogicalType.EndDevice),
            model="EZSP NCP (joined as a device)", manufacturer="Silicon Labs",
            version=f"EZSP v{ncp.ezsp_version}")
        self.state.network_info = zigpy.state.NetworkInfo(
            extended_pan_id=t.ExtendedPanId(bytes(params.extendedPanId)),
            pan_id=t.PanId(params.panId), nwk_update_id=int(params.nwkUpdateId),
            nwk_manager_id=t.NWK(params.nwkManagerId), channel=int(params.radioChannel),
            channel_mask=params.channels, security_level=5, source="openihd")

    async def start_network(self) -> None:
        await self.load_network_info()
        me = zigpy.device.Device(self, self.state.node_info.ieee, self.state.node_info.nwk)
        self.devices[me.ieee] = me
        # Our endpoint as registered on the NCP (SeNcp.configure_device), for zigpy's
        # bookkeeping; the NCP's copy is the one that answers on the air.
        ep = me.add_endpoint(ENDPOINT)
        ep.status = zigpy.endpoint.Status.ZDO_INIT
        ep.profile_id, ep.device_type = SE_PROFILE_ID, IHD_DEVICE_ID
        for cluster_id in SERVER_CLUSTERS:
            ep.add_input_cluster(cluster_id)
        for cluster_id in CLIENT_CLUSTERS:
            ep.add_output_cluster(cluster_id)
        await self._add_node(TRUST_CENTRE_NWK, self.trust_centre_ieee)
        await self.find_meters()

    async def find_meters(self) -> list[int]:
        """Ask every node for a Metering server on the SE profile (a GB ESME is its own
        node; the comms hub serves the gas mirror) and add each one that answers."""
        answers = await self._zdo(
            int(t.BroadcastAddress.RX_ON_WHEN_IDLE), zdo_t.ZDOCmd.Match_Desc_req,
            NWKAddrOfInterest=t.NWK(0xFFFD), ProfileID=SE_PROFILE_ID,
            InClusterList=[METERING], OutClusterList=[])
        found = sorted({nwk for nwk, (status, _nwk, matches) in answers
                        if status == zdo_t.Status.SUCCESS and matches})
        for nwk in found:
            await self._add_node(nwk)
        log.info("nodes with a Metering server: %s", [f"0x{n:04X}" for n in found])
        return found

    async def _add_node(self, nwk: int, ieee: str | None = None) -> None:
        if any(device.nwk == nwk for device in self.devices.values()):
            return  # e.g. the trust centre again (a GB hub serves the gas mirror)
        eui64 = t.EUI64.convert(ieee) if ieee else await self._ieee_of(nwk)
        if eui64 is None:
            log.warning("node 0x%04X did not say who it is; left out", nwk)
            return
        self.handle_join(t.NWK(nwk), eui64, t.NWK(TRUST_CENTRE_NWK))

    async def _ieee_of(self, nwk: int) -> t.EUI64 | None:
        status, eui64 = await self._radio().ezsp.lookupEui64ByNodeId(nodeId=nwk)
        if _ok(status):
            return t.EUI64(eui64)
        for _sender, (zdo_status, ieee, *_rest) in await self._zdo(
                nwk, zdo_t.ZDOCmd.IEEE_addr_req, NWKAddrOfInterest=t.NWK(nwk),
                RequestType=zdo_t.AddrRequestType.Single, StartIndex=0):
            if zdo_status == zdo_t.Status.SUCCESS:
                return t.EUI64(ieee)
        return None

    async def _zdo(self, dst: int, command: zdo_t.ZDOCmd,
                   **fields: Any) -> list[tuple[int, list[Any]]]:
        """Send a ZDO request; the answers as (sender, fields): the first for a unicast,
        all within `match_window_s` for a broadcast."""
        broadcast = dst >= 0xFFF8
        names, types = zdo_t.CLUSTERS[command]
        tsn = self.get_sequence()
        key = (int(command) | 0x8000, tsn)
        queue: asyncio.Queue[tuple[int, list[Any]]] = asyncio.Queue()
        self._zdo_waiters[key] = queue
        answers: list[tuple[int, list[Any]]] = []
        try:
            await self.send_packet(t.ZigbeePacket(
                src=t.AddrModeAddress(addr_mode=t.AddrMode.NWK,
                                      address=self.state.node_info.nwk),
                src_ep=0, dst_ep=0, tsn=tsn, profile_id=0, cluster_id=int(command),
                dst=t.AddrModeAddress(
                    addr_mode=t.AddrMode.Broadcast if broadcast else t.AddrMode.NWK,
                    address=t.BroadcastAddress(dst) if broadcast else t.NWK(dst)),
                data=t.SerializableBytes(bytes([tsn]) + t.serialize(
                    [fields[n] for n in names], types))))
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.match_window_s if broadcast
                                           else self.response_timeout_s):
                    while True:
                        answers.append(await queue.get())
                        if not broadcast:
                            break
        finally:
            del self._zdo_waiters[key]
        return answers

    # -- receiving ---------------------------------------------------------------------

    async def _read_incoming(self) -> None:
        ncp = self._radio()
        while True:
            msg = await ncp.incoming.get()
            try:
                self.packet_received(t.ZigbeePacket(
                    src=t.AddrModeAddress(addr_mode=t.AddrMode.NWK, address=t.NWK(msg.sender)),
                    src_ep=msg.src_endpoint,
                    dst=t.AddrModeAddress(addr_mode=t.AddrMode.NWK,
                                          address=self.state.node_info.nwk),
                    dst_ep=msg.dst_endpoint, profile_id=msg.profile_id,
                    cluster_id=msg.cluster_id, data=t.SerializableBytes(msg.data)))
            except Exception:  # one bad frame must not stop the reader
                log.exception("could not handle %r", msg)

    def packet_received(self, packet: t.ZigbeePacket) -> None:
        # Answers to our own discovery requests are taken here: zigpy has no request
        # pending for them and would treat a node it does not know yet as a stranger.
        if packet.profile_id == 0 and packet.src_ep == 0 and self._zdo_waiters:
            with contextlib.suppress(ValueError, KeyError):
                hdr, args = zigpy.zdo.ZDO(None).deserialize(
                    cluster_id=packet.cluster_id, data=packet.data.serialize())
                queue = self._zdo_waiters.get((int(hdr.command_id), int(hdr.tsn)))
                if queue is not None:
                    queue.put_nowait((int(packet.src.address), list(args)))
                    return
        super().packet_received(packet)

    def _on_callback(self, frame_name: str, args: list[Any]) -> None:
        if frame_name != "messageSentHandler" or self.ncp is None:
            return
        fields = dict(zip(self.ncp.ezsp.COMMANDS[frame_name][2], args, strict=False))
        tag = int(fields["messageTag"] if "messageTag" in fields else fields["message_tag"])
        future = self._sent.get(tag)
        if future is not None and not future.done():
            future.set_result(fields["status"])

    # -- sending -----------------------------------------------------------------------

    def _aps_options(self, packet: t.ZigbeePacket) -> Any:
        options = bt.EmberApsOption.APS_OPTION_ENABLE_ROUTE_DISCOVERY
        if packet.dst.addr_mode != t.AddrMode.Broadcast:
            options |= bt.EmberApsOption.APS_OPTION_RETRY
        # SE 1.x: application clusters travel under the CBKE link key; Key Establishment
        # cannot (it makes that key) and ZDO does not.
        if ((packet.profile_id == SE_PROFILE_ID and packet.cluster_id != KEY_ESTABLISHMENT)
                or t.TransmitOptions.APS_Encryption in packet.tx_options):
            options |= bt.EmberApsOption.APS_OPTION_ENCRYPTION
        return options

    async def send_packet(self, packet: t.ZigbeePacket) -> None:
        ezsp = self._radio().ezsp
        dst = packet.dst
        if dst.addr_mode == t.AddrMode.IEEE:
            dst = t.AddrModeAddress(addr_mode=t.AddrMode.NWK,
                                    address=self.get_device(ieee=dst.address).nwk)
        if dst.addr_mode not in (t.AddrMode.NWK, t.AddrMode.Broadcast):
            raise zigpy.exceptions.DeliveryError(f"{dst.addr_mode.name} addressing is not "
                                                 "used on a meter's network")
        aps = bt.EmberApsFrame(
            profileId=packet.profile_id, clusterId=packet.cluster_id,
            sourceEndpoint=packet.src_ep or 0, destinationEndpoint=packet.dst_ep or 0,
            options=self._aps_options(packet), groupId=0, sequence=packet.tsn or 0)
        self._tag = (self._tag + 1) & 0xFF
        tag = self._tag
        sent = self._sent[tag] = asyncio.get_running_loop().create_future()
        data = packet.data.serialize()
        try:
            try:
                if dst.addr_mode == t.AddrMode.Broadcast:
                    status, _seq = await ezsp.send_broadcast(
                        address=dst.address, aps_frame=aps, radius=packet.radius or 0,
                        message_tag=tag, aps_sequence=aps.sequence, data=data)
                else:
                    status, _seq = await ezsp.send_unicast(nwk=dst.address, aps_frame=aps,
                                                           message_tag=tag, data=data)
            except (AshException, RuntimeError, OSError, TimeoutError) as exc:
                # The stick went away or stopped answering: to zigpy, an undelivered frame.
                raise zigpy.exceptions.DeliveryError(
                    f"the stick did not take the frame: {error_words(exc)}"
                ) from exc
            if not _ok(status):
                raise zigpy.exceptions.DeliveryError(
                    f"the stick refused to send to 0x{int(dst.address):04X}: {_name(status)}",
                    status=int(status))
            try:
                async with asyncio.timeout(self.sent_timeout_s):
                    result = await sent
            except TimeoutError:
                raise zigpy.exceptions.DeliveryError(
                    f"no word from the stick on the frame to 0x{int(dst.address):04X}"
                ) from None
            if not _ok(result):
                raise zigpy.exceptions.DeliveryError(
                    f"not delivered to 0x{int(dst.address):04X}: {_name(result)}",
                    status=int(result))
        finally:
            del self._sent[tag]

    # -- what a device does not do -----------------------------------------------------

    async def permit(self, time_s: int = 60, node: t.EUI64 | str | None = None) -> None:
        # zigpy closes joining at every start-up with a network-wide broadcast; who joins
        # the meter's network is the trust centre's business (and the supplier's).
        log.debug("permit(%s) ignored: not our network", time_s)

    async def permit_ncp(self, time_s: int = 60) -> None:
        return None

    async def permit_with_link_key(self, node: t.EUI64, link_key: t.KeyData,
                                   time_s: int = 60) -> None:
        raise zigpy.exceptions.ControllerException(
            "only the meter's trust centre can let devices join its network")

    async def write_network_info(self, *, network_info: zigpy.state.NetworkInfo,
                                 node_info: zigpy.state.NodeInfo) -> None:
        # Forming (or restoring a backup) would make the stick a coordinator of a network
        # of its own: the opposite of joining the meter's.
        raise zigpy.exceptions.FormationFailure(
            "the stick is a device on the meter's network; it cannot form one")

    async def reset_network_info(self) -> None:
        # Leaving would throw away the CBKE link key; re-joining needs the supplier to
        # register the stick again. Not something a zigpy call should do by the way.
        raise zigpy.exceptions.ControllerException(
            "leaving the meter's network is not done through zigpy")

    async def force_remove(self, dev: zigpy.device.Device) -> None:
        return None  # a device cannot remove others from the trust centre's network

    async def add_endpoint(self, descriptor: zdo_t.SimpleDescriptor) -> None:
        # The NCP's only endpoint is the SE In-Home Display one, added before the network
        # comes up; EZSP cannot add endpoints once it is up.
        log.debug("add_endpoint(%s) ignored", descriptor.endpoint)
