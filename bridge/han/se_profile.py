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
import zigpy.zcl.foundation as foundation
from zigpy.profiles import zha

from bridge.han import frame_guard
from bridge.se.vocabulary import SE_PROFILE_ID


class SmartEnergyDevice(zigpy.device.ZigbeeDevice):
    """A ZigbeeDevice that parses SE-profile frames as ZCL."""

    def _parse_packet_header(self, packet: t.ZigbeePacket) -> Any:
        if packet.profile_id == SE_PROFILE_ID and packet.src_ep != 0:
            # Same ZCL framing as HA: reuse zigpy's own path by presenting it as HA.
            hdr, key = super()._parse_packet_header(
                packet.replace(profile_id=t.uint16_t(zha.PROFILE_ID)))
            assert isinstance(hdr, foundation.ZCLHeader)
            return hdr, key
        return super()._parse_packet_header(packet)

    def packet_received(self, packet: t.ZigbeePacket) -> None:
        # Malformed SE frames are refused and counted before zigpy uses any of them.
        if (packet.profile_id == SE_PROFILE_ID and packet.src_ep != 0
                and not frame_guard.check(self, packet)):
            return
        super().packet_received(packet)


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
