"""Names for SE ids: attributes and commands are named through the cluster definitions.

`bridge/se` is the only place numeric SE ids live (the cluster classes in `clusters.py`,
plus zigpy's own general clusters). Everything else names what it means:
`attribute_ids(Metering, "current_summ_delivered")`, `attributes(Prepayment,
credit_remaining=1840)`, `Price.ClientCommandDefs.publish_price.id`. A misspelt name fails
at once with the cluster named, instead of silently reading the wrong attribute.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import zigpy.zcl
from zigpy.zcl.clusters.general import Basic, Time

from bridge.se.calendar import Calendar
from bridge.se.clusters import (
    DeviceManagement,
    KeyEstablishment,
    Messaging,
    Metering,
    Prepayment,
    Price,
)

SE_PROFILE_ID = 0x0109

__all__ = ["SE_PROFILE_ID", "Basic", "Calendar", "DeviceManagement", "KeyEstablishment",
           "Messaging", "Metering", "Prepayment", "Price", "Time", "attribute_id", "attribute_ids",
           "attribute_names", "attributes"]


def attribute_id(cluster: type[zigpy.zcl.Cluster], name: str) -> int:
    try:
        return int(cluster.attributes_by_name[name].id)
    except KeyError:
        raise KeyError(f"{cluster.__name__} (0x{cluster.cluster_id:04X}) has no "
                       f"attribute {name!r}") from None


def attribute_ids(cluster: type[zigpy.zcl.Cluster], *names: str) -> list[int]:
    return [attribute_id(cluster, name) for name in names]


def attributes(cluster: type[zigpy.zcl.Cluster], values: Mapping[str, Any] | None = None,
               **by_name: Any) -> dict[int, Any]:
    """{attribute id: value} from names, for an emulated server's attribute table."""
    named = {**(values or {}), **by_name}
    return {attribute_id(cluster, name): value for name, value in named.items()}


def attribute_names(cluster: type[zigpy.zcl.Cluster],
                    values: Mapping[int, Any]) -> dict[str, Any]:
    """The inverse of `attributes`, for logs and tests."""
    return {cluster.attributes[attr_id].name if attr_id in cluster.attributes
            else f"0x{attr_id:04X}": value for attr_id, value in values.items()}
