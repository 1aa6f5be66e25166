"""Teach zigpy to accept ZCL frames on the Smart Energy profile (0x0109).

zigpy 2.4 parses incoming ZCL only for the Home Automation and ZLL profiles
(`ZigbeeDevice._parse_packet_header`); frames from an SE meter or comms hub arrive with
profile 0x0109 and are dropped as "custom profile". SE 1.x uses the same ZCL frame format,
so the fix is to treat 0x0109 like 0x0104. `with_smart_energy(AppClass)` returns a
subclass of any zigpy radio library's ControllerApplication (bellows, zigpy-znp, the
virtual radio …) whose devices do that. Proposed upstream in the note: a profile set on
ZigbeeDevice instead of the hard-coded pair.
"""

from __future__ import annotations

from typing import Any, TypeVar

import zigpy.application
import zigpy.device
import zigpy.types as t
import zigpy.zcl
import zigpy.zcl.foundation as foundation
from zigpy.device import ResponseKey
from zigpy.profiles import zha

from bridge.han import frame_guard
from bridge.se.vocabulary import SE_PROFILE_ID


class SmartEnergyDevice(zigpy.device.ZigbeeDevice):
    """A ZigbeeDevice that parses SE-profile frames as ZCL."""

    # The frame being received and its (header, fields) as the frame guard parsed them:
    # zigpy would parse the same bytes twice more (header, then header and fields).
    _guarded: tuple[t.ZigbeePacket, Any, Any] | None = None

    def _parse_packet_header(self, packet: t.ZigbeePacket) -> Any:
        guarded = self._guarded
        if guarded is not None and guarded[0] is packet:
            hdr = guarded[1]
            return hdr, ResponseKey(endpoint_id=packet.src_ep, cluster_id=packet.cluster_id,
                                    direction=hdr.frame_control.direction, tsn=hdr.tsn)
        if packet.profile_id == SE_PROFILE_ID and packet.src_ep != 0:
            # Same ZCL framing as HA: reuse zigpy's own path by presenting it as HA.
            hdr, key = super()._parse_packet_header(
                packet.replace(profile_id=t.uint16_t(zha.PROFILE_ID)))
            assert isinstance(hdr, foundation.ZCLHeader)
            return hdr, key
        return super()._parse_packet_header(packet)

    def _parse_packet_command(self, packet: t.ZigbeePacket, endpoint: Any,
                              zcl_cluster: Any) -> Any:
        guarded = self._guarded
        # The guard parsed with the registered cluster's definitions: the same ones
        # zigpy's cluster object has, unless a device replaced the cluster class.
        if (guarded is not None and guarded[0] is packet and zcl_cluster is not None
                and type(zcl_cluster) is zigpy.zcl.Cluster._registry.get(
                    int(packet.cluster_id))):
            return guarded[2]
        return super()._parse_packet_command(packet, endpoint, zcl_cluster)

    def packet_received(self, packet: t.ZigbeePacket) -> None:
        if packet.profile_id != SE_PROFILE_ID or packet.src_ep == 0:
            super().packet_received(packet)
            return
        # Malformed SE frames are refused and counted before zigpy uses any of them.
        parsed = frame_guard.checked(self, packet)
        if parsed is False:
            return
        if parsed is True:  # a cluster the guard does not look at
            super().packet_received(packet)
            return
        self._guarded = (packet, *parsed)
        try:
            super().packet_received(packet)
        finally:
            self._guarded = None


AppT = TypeVar("AppT", bound=type[zigpy.application.ControllerApplication])


def with_smart_energy(app_class: AppT) -> AppT:
    """A subclass of `app_class` whose new devices are SmartEnergyDevice."""

    def add_device(self: zigpy.application.ControllerApplication, ieee: t.EUI64,
                   nwk: t.NWK) -> zigpy.device.ZigbeeDevice:
        dev = SmartEnergyDevice(self, ieee, nwk)
        self.devices[ieee] = dev
        return dev

    return type(f"SmartEnergy{app_class.__name__}", (app_class,),  # type: ignore[return-value]
                {"add_device": add_device, "__module__": __name__})
