"""Every SE frame from the HAN is checked before zigpy acts on it, refused when malformed,
and counted.

Refused: a header or field that does not parse, a string whose length byte runs past
the end, bytes left over after the last field, a report or read response with the
client→server direction bit, a command the cluster does not have. Nothing of a refused
frame is used (no half-accepted reading). ZCL manners: the sender gets a Default
Response with the error status (ZCL sends error responses even when the frame asked for
none), except for a Default Response itself. The count is on the application
(`frame_stats(app)`), in the log, and in the HAN client's status.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import zigpy.types as t
import zigpy.zcl
import zigpy.zcl.foundation as foundation

from bridge.se import decode as se_decode

log = logging.getLogger(__name__)


@dataclass
class FrameStats:
    refused: int = 0
    last_reason: str = ""
    by_cluster: dict[int, int] = field(default_factory=dict)
    #: called after each refusal (the HAN client's status then says the new count)
    listeners: list[Callable[[], None]] = field(default_factory=list)


def frame_stats(app: Any) -> FrameStats:
    """The refused-frame count of one zigpy application (made on first use)."""
    stats = getattr(app, "_openihd_frame_stats", None)
    if stats is None:
        stats = FrameStats()
        app._openihd_frame_stats = stats
    return stats


def _status_for(exc: se_decode.SEDecodeError, hdr: foundation.ZCLHeader) -> foundation.Status:
    text = str(exc)
    if "manufacturer-specific" in text:
        return foundation.Status.UNSUP_MANUF_CLUSTER_COMMAND
    if "has no" in text:
        return foundation.Status.UNSUP_CLUSTER_COMMAND
    if "unknown ZCL global command" in text:
        return foundation.Status.UNSUP_GENERAL_COMMAND
    return foundation.Status.MALFORMED_COMMAND


def check(device: Any, packet: t.ZigbeePacket) -> bool:
    """True when the frame may go on to zigpy; False when it was refused (counted,
    logged, answered with a Default Response where ZCL wants one)."""
    return checked(device, packet) is not False


def checked(device: Any, packet: t.ZigbeePacket) -> tuple[Any, Any] | bool:
    """`check`, keeping the work: the frame's (header, fields) as parsed here with the
    cluster definitions zigpy uses, so zigpy need not parse it again; True for a frame
    this guard does not look at, False for one it refused."""
    cluster_id = int(packet.cluster_id)
    if cluster_id not in zigpy.zcl.Cluster._registry:
        return True  # not an SE cluster we define: zigpy's own handling
    data = packet.data.serialize()
    try:
        return se_decode.check_received_frame(cluster_id, data)
    except se_decode.SEDecodeError as exc:
        stats = frame_stats(device.application)
        stats.refused += 1
        stats.last_reason = str(exc)
        stats.by_cluster[cluster_id] = stats.by_cluster.get(cluster_id, 0) + 1
        log.warning("refused a frame from %s (cluster 0x%04X): %s; %d refused so far; "
                    "frame %s", device.ieee, cluster_id, exc, stats.refused, data.hex())
        for listener in list(stats.listeners):
            listener()
        _answer(device, packet, data, exc)
        return False


def _answer(device: Any, packet: t.ZigbeePacket, data: bytes,
            exc: se_decode.SEDecodeError) -> None:
    try:
        hdr, _ = foundation.ZCLHeader.deserialize(data)
    except (ValueError, KeyError):
        return  # no header: nothing to answer to
    if (hdr.frame_control.frame_type == foundation.FrameType.GLOBAL_COMMAND
            and hdr.command_id == foundation.GeneralCommand.Default_Response):
        return  # never answer a Default Response
    endpoint = device.endpoints.get(int(packet.src_ep))
    if endpoint is None:
        return
    cluster_id = int(packet.cluster_id)
    from_server = hdr.frame_control.direction == foundation.Direction.Server_to_Client
    clusters = endpoint.in_clusters if from_server else endpoint.out_clusters
    cluster = clusters.get(cluster_id)
    if cluster is None:
        return
    cluster.send_default_rsp(hdr, _status_for(exc, hdr))
