"""Find the SE meters on a zigpy network by what the devices say about themselves.

Nothing here assumes endpoint numbers: a meter is any endpoint on the Smart Energy
profile with a Metering server; its fuel comes from the Metering Device Type attribute;
its Price, Prepayment and Messaging servers are looked for on the same endpoint first,
then elsewhere on the same node (a GB comms hub serves gas prices from its ESI endpoint
and gas readings from a mirror endpoint).
"""

from __future__ import annotations

from dataclasses import dataclass

import zigpy.device
import zigpy.endpoint
import zigpy.zcl

from bridge.model import Fuel
from bridge.se.vocabulary import (
    SE_PROFILE_ID,
    Calendar,
    DeviceManagement,
    Messaging,
    Metering,
    Prepayment,
    Price,
    Time,
)

ESI_DEVICE_TYPE = 0x0500  # Energy Service Interface: the comms hub's SE endpoint


@dataclass
class MeterEndpoint:
    device: zigpy.device.Device
    endpoint: zigpy.endpoint.Endpoint
    metering: zigpy.zcl.Cluster
    price: zigpy.zcl.Cluster | None = None
    prepayment: zigpy.zcl.Cluster | None = None
    messaging: zigpy.zcl.Cluster | None = None
    device_management: zigpy.zcl.Cluster | None = None  # change of tenancy
    calendar: zigpy.zcl.Cluster | None = None  # the time-of-use calendar
    fuel: Fuel | None = None  # known once Metering Device Type is read


def _se_endpoints(device: zigpy.device.Device) -> list[zigpy.endpoint.Endpoint]:
    return [ep for ep_id, ep in sorted(device.endpoints.items())
            if ep_id != 0 and getattr(ep, "profile_id", None) == SE_PROFILE_ID]


def _find_server(endpoints: list[zigpy.endpoint.Endpoint], preferred: zigpy.endpoint.Endpoint,
                 cluster_id: int) -> zigpy.zcl.Cluster | None:
    if cluster_id in preferred.in_clusters:
        return preferred.in_clusters[cluster_id]
    for ep in endpoints:
        if cluster_id in ep.in_clusters:
            return ep.in_clusters[cluster_id]
    return None


def find_time_server(devices: list[zigpy.device.Device]) -> zigpy.zcl.Cluster | None:
    """The HAN's Time server: on an ESI endpoint (a GB comms hub) first, else any SE
    endpoint serving Time."""
    candidates = [ep for device in devices for ep in _se_endpoints(device)
                  if Time.cluster_id in ep.in_clusters]
    candidates.sort(key=lambda ep: getattr(ep, "device_type", None) != ESI_DEVICE_TYPE)
    return candidates[0].in_clusters[Time.cluster_id] if candidates else None


def find_meters(devices: list[zigpy.device.Device]) -> list[MeterEndpoint]:
    meters: list[MeterEndpoint] = []
    for device in devices:
        endpoints = _se_endpoints(device)
        for ep in endpoints:
            if Metering.cluster_id not in ep.in_clusters:
                continue
            meters.append(MeterEndpoint(
                device=device, endpoint=ep, metering=ep.in_clusters[Metering.cluster_id],
                price=_find_server(endpoints, ep, Price.cluster_id),
                prepayment=(ep.in_clusters.get(Prepayment.cluster_id)),
                messaging=_find_server(endpoints, ep, Messaging.cluster_id),
                device_management=_find_server(endpoints, ep, DeviceManagement.cluster_id),
                calendar=_find_server(endpoints, ep, Calendar.cluster_id)))
    return meters
