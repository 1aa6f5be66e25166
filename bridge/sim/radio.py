"""A zigpy radio made of software: the virtual HAN's air.

`VirtualRadioApplication` is a real zigpy `ControllerApplication`: zigpy's own device
discovery, ZCL request/response matching, reporting and cluster parsing all run unchanged.
Only the radio is replaced: `send_packet` hands the APS payload bytes to a `VirtualAir`,
which delivers them to emulated nodes (`bridge.sim.node`), and bytes the nodes send come
back through `packet_received`. Every frame that crosses is a real ZDO/ZCL byte string and
can be captured to a pcap file.

Roles: on a real GB HAN the comms hub is the coordinator and trust centre and the display
joins it. zigpy always plays the coordinator, so here the emulated hub is a router on the
display's network. Nothing above the APS layer depends on that inversion.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Protocol

import zigpy.application
import zigpy.config as zconf
import zigpy.device
import zigpy.endpoint
import zigpy.exceptions
import zigpy.state
import zigpy.types as t
import zigpy.zdo.types as zdo_t

from bridge.se.vocabulary import (
    SE_PROFILE_ID,
    Basic,
    Messaging,
    Metering,
    Prepayment,
    Price,
    Time,
)

log = logging.getLogger(__name__)

COORDINATOR_IEEE = t.EUI64.convert("00:1e:5e:09:02:00:ff:01")
IHD_DEVICE_TYPE = 0x0502
VIRTUAL_PAN_ID = 0x1A62
VIRTUAL_EXT_PAN_ID = t.ExtendedPanId.convert("00:1e:5e:09:02:00:00:01")
VIRTUAL_REQUESTS_IN_FLIGHT = 64


class FrameTap(Protocol):
    """Sees every frame that crosses the air (for pcap capture and benchmarks)."""

    def __call__(self, *, timestamp: datetime, src_nwk: int, dst_nwk: int, src_ep: int,
                 dst_ep: int, cluster_id: int, profile_id: int, payload: bytes) -> None: ...


class AirNode(Protocol):
    """An emulated node on the air."""

    ieee: t.EUI64
    nwk: int

    def receive(self, *, src_nwk: int, src_ep: int, dst_ep: int, cluster_id: int,
                profile_id: int, payload: bytes) -> None: ...


class VirtualAir:
    """Connects one zigpy application to any number of emulated nodes."""

    def __init__(self) -> None:
        self.nodes: dict[int, AirNode] = {}
        self.app: VirtualRadioApplication | None = None
        self.taps: list[FrameTap] = []
        self.frames_to_nodes = 0
        self.frames_to_app = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        # A "dropped stick": the radio answers nothing and send_packet fails.
        self.unplugged = False
        # Frame times for taps (pcap): a simulated home sets its own clock here, so the
        # capture's times match the times inside the payloads.
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)

    def add_node(self, node: AirNode) -> None:
        self.nodes[node.nwk] = node

    def pull_stick(self) -> None:
        """The stick is pulled out: nothing gets through, and the application hears that
        its radio link is gone, as every zigpy radio library reports it."""
        self.unplugged = True
        if self.app is not None:
            self.app.connection_lost(ConnectionError("virtual radio unplugged"))

    def plug_back(self) -> None:
        self.unplugged = False

    def _tap(self, **frame: Any) -> None:
        for tap in self.taps:
            try:
                tap(timestamp=self.clock(), **frame)
            except Exception:  # a broken capture must never break the HAN
                log.exception("frame tap failed")

    # -- app -> node -----------------------------------------------------------------

    def to_node(self, dst_nwk: int, *, src_ep: int, dst_ep: int, cluster_id: int,
                profile_id: int, payload: bytes) -> None:
        if self.unplugged:
            raise ConnectionError("virtual radio unplugged")
        node = self.nodes.get(dst_nwk)
        if node is None:
            raise zigpy.exceptions.DeliveryError(f"no route to 0x{dst_nwk:04X}")
        self.frames_to_nodes += 1
        self._tap(src_nwk=0x0000, dst_nwk=dst_nwk, src_ep=src_ep, dst_ep=dst_ep,
                  cluster_id=cluster_id, profile_id=profile_id, payload=payload)
        # Deliver on the next loop turn: a radio never answers inside send_packet.
        asyncio.get_running_loop().call_soon(
            lambda: node.receive(src_nwk=0x0000, src_ep=src_ep, dst_ep=dst_ep,
                                 cluster_id=cluster_id, profile_id=profile_id,
                                 payload=payload))

    # -- node -> app -----------------------------------------------------------------

    def to_app(self, src_nwk: int, *, src_ep: int, dst_ep: int, cluster_id: int,
               profile_id: int, payload: bytes) -> None:
        app = self.app
        if app is None or self.unplugged:
            return  # nobody listening: the frame is lost, as on a real radio
        self.frames_to_app += 1
        self._tap(src_nwk=src_nwk, dst_nwk=0x0000, src_ep=src_ep, dst_ep=dst_ep,
                  cluster_id=cluster_id, profile_id=profile_id, payload=payload)
        packet = t.ZigbeePacket(
            src=t.AddrModeAddress(addr_mode=t.AddrMode.NWK, address=t.NWK(src_nwk)),
            src_ep=t.uint8_t(src_ep),
            dst=t.AddrModeAddress(addr_mode=t.AddrMode.NWK, address=t.NWK(0x0000)),
            dst_ep=t.uint8_t(dst_ep),
            tsn=t.uint8_t(payload[1] if profile_id == 0 and payload else 0),
            profile_id=t.uint16_t(profile_id),
            cluster_id=t.uint16_t(cluster_id),
            data=t.SerializableBytes(payload),
            lqi=t.uint8_t(255),
            rssi=t.int8s(-40),
        )
        app.packet_received(packet)

    def announce_all(self) -> None:
        """Every node announces itself, as devices do after the network starts."""
        assert self.app is not None
        for node in self.nodes.values():
            self.app.handle_join(t.NWK(node.nwk), node.ieee, t.NWK(0x0000))


_AIRS: dict[str, VirtualAir] = {}


def register_air(name: str, air: VirtualAir) -> str:
    """Make an air reachable by zigpy config path `virtual://<name>`."""
    _AIRS[name] = air
    return f"virtual://{name}"


def unregister_air(name: str) -> None:
    _AIRS.pop(name, None)


def virtual_config(path: str) -> dict[str, Any]:
    """A zigpy config for the virtual radio: no database, no background scans."""
    return {
        zconf.CONF_DEVICE: {zconf.CONF_DEVICE_PATH: path},
        zconf.CONF_DATABASE: None,
        zconf.CONF_TOPO_SCAN_ENABLED: False,
        zconf.CONF_OTA: {zconf.CONF_OTA_ENABLED: False},
        zconf.CONF_WATCHDOG_ENABLED: False,
        zconf.CONF_STARTUP_ENERGY_SCAN: False,
        zconf.CONF_NWK_BACKUP_ENABLED: False,
        # zigpy keeps 8 requests in flight by default, for a stick's few NCP buffers.
        # The virtual air has none; an estate of homes behind it (each a HAN of its own
        # in life) was set up 8 requests at a time and its set-up time was all waiting.
        zconf.CONF_MAX_CONCURRENT_REQUESTS: VIRTUAL_REQUESTS_IN_FLIGHT,
    }


class VirtualRadioApplication(zigpy.application.ControllerApplication):
    """A zigpy ControllerApplication whose radio is a `VirtualAir`."""

    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__(config)
        self._air: VirtualAir | None = None
        self.packet_hook: Callable[[t.ZigbeePacket], None] | None = None

    @property
    def air(self) -> VirtualAir:
        if self._air is None:
            raise ConnectionError("virtual radio not connected")
        return self._air

    async def connect(self) -> None:
        path: str = self.config[zconf.CONF_DEVICE][zconf.CONF_DEVICE_PATH]
        name = path.removeprefix("virtual://")
        air = _AIRS.get(name)
        if not path.startswith("virtual://") or air is None:
            raise ConnectionError(f"no virtual radio at {path!r}")
        if air.unplugged:
            raise ConnectionError(f"the virtual radio at {path!r} is unplugged")
        self._air = air
        air.app = self

    async def disconnect(self) -> None:
        if self._air is not None and self._air.app is self:
            self._air.app = None
        self._air = None

    async def start_network(self) -> None:
        await self.load_network_info()
        coordinator = zigpy.device.Device(self, self.state.node_info.ieee,
                                          self.state.node_info.nwk)
        self.devices[self.state.node_info.ieee] = coordinator
        # The display's own endpoint: an SE In-Home Display, client of the SE clusters.
        ep = coordinator.add_endpoint(1)
        ep.status = zigpy.endpoint.Status.ZDO_INIT
        ep.profile_id = SE_PROFILE_ID
        ep.device_type = IHD_DEVICE_TYPE
        ep.add_input_cluster(Basic.cluster_id)
        for cluster in (Time, Price, Metering, Messaging, Prepayment):
            ep.add_output_cluster(cluster.cluster_id)
        self.air.announce_all()

    async def load_network_info(self, *, load_devices: bool = False) -> None:
        self.state.node_info = zigpy.state.NodeInfo(
            nwk=t.NWK(0x0000), ieee=COORDINATOR_IEEE,
            logical_type=zdo_t.LogicalType.Coordinator,
            model="OpenIHD virtual radio", manufacturer="OpenIHD", version="1")
        self.state.network_info = zigpy.state.NetworkInfo(
            extended_pan_id=VIRTUAL_EXT_PAN_ID, pan_id=t.PanId(VIRTUAL_PAN_ID),
            channel=t.uint8_t(15), channel_mask=t.Channels.from_channel_list([15]),
            security_level=t.uint8_t(5), nwk_manager_id=t.NWK(0x0000))

    async def write_network_info(self, *, network_info: zigpy.state.NetworkInfo,
                                 node_info: zigpy.state.NodeInfo) -> None:
        # The virtual network's settings are fixed; forming is a no-op.
        return None

    async def reset_network_info(self) -> None:
        return None

    async def force_remove(self, dev: zigpy.device.Device) -> None:
        return None

    async def add_endpoint(self, descriptor: zdo_t.SimpleDescriptor) -> None:
        return None

    async def permit_ncp(self, time_s: int = 60) -> None:
        return None

    async def permit_with_link_key(self, node: t.EUI64, link_key: t.KeyData,
                                   time_s: int = 60) -> None:
        return None

    async def send_packet(self, packet: t.ZigbeePacket) -> None:
        if packet.dst is None:
            raise zigpy.exceptions.DeliveryError("packet has no destination")
        if packet.dst.addr_mode == t.AddrMode.IEEE:
            targets = [int(self.get_device(ieee=packet.dst.address).nwk)]
        elif packet.dst.addr_mode == t.AddrMode.NWK:
            targets = [int(packet.dst.address)]
        else:
            # Broadcast or group (e.g. permit-join at start-up): every node hears it.
            targets = list(self.air.nodes)
        try:
            for dst_nwk in targets:
                self.air.to_node(dst_nwk, src_ep=int(packet.src_ep or 0),
                                 dst_ep=int(packet.dst_ep or 0),
                                 cluster_id=int(packet.cluster_id),
                                 profile_id=int(packet.profile_id),
                                 payload=packet.data.serialize())
        except ConnectionError as exc:
            raise zigpy.exceptions.DeliveryError(str(exc)) from exc



# The name zigpy radio libraries give their application class, so the virtual radio can
# be chosen like any stick (`ihd-bridge --source stick --radio virtual`).
ControllerApplication = VirtualRadioApplication
