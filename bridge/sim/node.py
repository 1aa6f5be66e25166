"""An emulated Zigbee node: answers ZDO discovery and serves ZCL clusters from bytes.

A node parses every frame it receives (ZDO or ZCL) with zigpy's wire types and the
cluster definitions registered in zigpy (ours from `bridge.se` included), and answers
with bytes built the same way. Attribute values are encoded with the ZCL type the
cluster definition declares, so a wrong type in a definition shows up on the wire.

Behaviour beyond the generic foundation commands (Read/Write Attributes, Configure
Reporting) is supplied per cluster by a `CommandHandler` callback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import zigpy.types as t
import zigpy.zcl
import zigpy.zcl.foundation as foundation
import zigpy.zdo.types as zdo_t

from bridge.se.vocabulary import SE_PROFILE_ID
from bridge.sim.radio import VirtualAir

log = logging.getLogger(__name__)

ZDO_PROFILE = 0x0000


@dataclass
class Reporting:
    """A reporting configuration a client asked for (Configure Reporting)."""

    min_interval_s: int
    max_interval_s: int
    last_sent_value: Any = None
    last_sent_at: float | None = None  # sim seconds


# (node, endpoint, header, command_id, args) -> None; reply through node.send_command
CommandHandler = Callable[["EmulatedNode", "EmulatedEndpoint", foundation.ZCLHeader, Any], None]


@dataclass
class ServerCluster:
    """Server side of one cluster on an emulated endpoint."""

    cluster_id: int
    attributes: dict[int, Any] = field(default_factory=dict)
    on_command: CommandHandler | None = None
    reporting: dict[int, Reporting] = field(default_factory=dict)
    bound: bool = False
    # Called before a Read Attributes is answered: values that move every instant (a
    # clock) are current when read, not as of the last tick.
    before_read: Callable[[], None] | None = None

    @property
    def definition(self) -> type[zigpy.zcl.Cluster]:
        return zigpy.zcl.Cluster._registry[self.cluster_id]

    def typed_value(self, attr_id: int) -> foundation.TypeValue:
        attr_def = self.definition.attributes[attr_id]
        return foundation.TypeValue(type=attr_def.zcl_type,
                                    value=attr_def.type(self.attributes[attr_id]))


@dataclass
class EmulatedEndpoint:
    endpoint_id: int
    device_type: int
    servers: dict[int, ServerCluster]
    client_clusters: tuple[int, ...] = ()
    profile_id: int = SE_PROFILE_ID

    def simple_descriptor(self) -> zdo_t.SizePrefixedSimpleDescriptor:
        return zdo_t.SizePrefixedSimpleDescriptor(
            endpoint=self.endpoint_id, profile=self.profile_id,
            device_type=self.device_type, device_version=0,
            input_clusters=list(self.servers), output_clusters=list(self.client_clusters))


class EmulatedNode:
    """A router on the virtual HAN with SE endpoints."""

    def __init__(self, air: VirtualAir, *, ieee: str, nwk: int, manufacturer: str,
                 model: str, endpoints: list[EmulatedEndpoint]) -> None:
        self.air = air
        self.ieee = t.EUI64.convert(ieee)
        self.nwk = nwk
        self.manufacturer = manufacturer
        self.model = model
        self.endpoints = {ep.endpoint_id: ep for ep in endpoints}
        self._tsn = 0
        self.malformed_frames = 0
        air.add_node(self)

    def next_tsn(self) -> int:
        self._tsn = (self._tsn + 1) & 0xFF
        return self._tsn

    def server(self, endpoint_id: int, cluster_id: int) -> ServerCluster:
        return self.endpoints[endpoint_id].servers[cluster_id]

    # -- receiving -------------------------------------------------------------------

    def receive(self, *, src_nwk: int, src_ep: int, dst_ep: int, cluster_id: int,
                profile_id: int, payload: bytes) -> None:
        try:
            if dst_ep == 0:
                self._receive_zdo(cluster_id, payload)
            else:
                self._receive_zcl(src_ep, dst_ep, cluster_id, payload)
        except (ValueError, KeyError, IndexError) as exc:
            # A real node refuses what it cannot parse; keep count so tests can see it.
            self.malformed_frames += 1
            log.warning("%s dropped a malformed frame on cluster 0x%04X: %s",
                        self.model, cluster_id, exc)
            if dst_ep != 0:
                self._answer_malformed(src_ep, dst_ep, cluster_id, payload)

    def _answer_malformed(self, src_ep: int, dst_ep: int, cluster_id: int,
                          payload: bytes) -> None:
        """ZCL: an error is answered with a Default Response (even when the sender asked
        for none), never one to a Default Response, and only if the header parses."""
        try:
            hdr, _ = foundation.ZCLHeader.deserialize(payload)
        except (ValueError, KeyError):
            return
        if (hdr.frame_control.frame_type == foundation.FrameType.GLOBAL_COMMAND
                and hdr.command_id == foundation.GeneralCommand.Default_Response):
            return
        if dst_ep in self.endpoints:
            self._send_default_response(dst_ep, src_ep, cluster_id, hdr,
                                        foundation.Status.MALFORMED_COMMAND)

    def _receive_zdo(self, cluster_id: int, payload: bytes) -> None:
        names, types = zdo_t.CLUSTERS[zdo_t.ZDOCmd(cluster_id)]
        tsn = payload[0]
        args, _ = t.deserialize(payload[1:], types)
        request = dict(zip(names, args, strict=True))
        cmd = zdo_t.ZDOCmd(cluster_id)
        ok = zdo_t.Status.SUCCESS
        nwk = t.NWK(self.nwk)
        if cmd == zdo_t.ZDOCmd.Node_Desc_req:
            self._send_zdo(zdo_t.ZDOCmd.Node_Desc_rsp, tsn, ok, nwk, self._node_descriptor())
        elif cmd == zdo_t.ZDOCmd.Active_EP_req:
            self._send_zdo(zdo_t.ZDOCmd.Active_EP_rsp, tsn, ok, nwk,
                           t.LVList[t.uint8_t, t.uint8_t](list(self.endpoints)))
        elif cmd == zdo_t.ZDOCmd.Simple_Desc_req:
            ep = self.endpoints.get(int(request["EndPoint"]))
            if ep is None:
                self._send_zdo(zdo_t.ZDOCmd.Simple_Desc_rsp, tsn,
                               zdo_t.Status.NOT_ACTIVE, nwk, None)
            else:
                self._send_zdo(zdo_t.ZDOCmd.Simple_Desc_rsp, tsn, ok, nwk,
                               ep.simple_descriptor())
        elif cmd == zdo_t.ZDOCmd.Match_Desc_req:
            wanted = set(request["InClusterList"]) | set(request["OutClusterList"])
            matches = [ep.endpoint_id for ep in self.endpoints.values()
                       if ep.profile_id == request["ProfileID"]
                       and wanted & (set(ep.servers) | set(ep.client_clusters))]
            self._send_zdo(zdo_t.ZDOCmd.Match_Desc_rsp, tsn, ok, nwk,
                           t.LVList[t.uint8_t, t.uint8_t](matches))
        elif cmd == zdo_t.ZDOCmd.Bind_req:
            ep = self.endpoints.get(int(request["SrcEndpoint"]))
            server = ep.servers.get(int(request["ClusterID"])) if ep else None
            if server is None:
                self._send_zdo(zdo_t.ZDOCmd.Bind_rsp, tsn, zdo_t.Status.NOT_SUPPORTED)
            else:
                server.bound = True
                self._send_zdo(zdo_t.ZDOCmd.Bind_rsp, tsn, ok)
        elif cmd == zdo_t.ZDOCmd.Unbind_req:
            self._send_zdo(zdo_t.ZDOCmd.Unbind_rsp, tsn, ok)
        elif cmd == zdo_t.ZDOCmd.IEEE_addr_req:
            self._send_zdo(zdo_t.ZDOCmd.IEEE_addr_rsp, tsn, ok, self.ieee, nwk)
        else:
            log.debug("%s ignores ZDO %s", self.model, cmd.name)

    def _node_descriptor(self) -> zdo_t.NodeDescriptor:
        return zdo_t.NodeDescriptor(
            logical_type=zdo_t.LogicalType.Router,
            complex_descriptor_available=0, user_descriptor_available=0, reserved=0,
            aps_flags=0, frequency_band=zdo_t.NodeDescriptor.FrequencyBand.Freq2400MHz,
            mac_capability_flags=(zdo_t.NodeDescriptor.MACCapabilityFlags.FullFunctionDevice
                                  | zdo_t.NodeDescriptor.MACCapabilityFlags.MainsPowered
                                  | zdo_t.NodeDescriptor.MACCapabilityFlags.RxOnWhenIdle
                                  | zdo_t.NodeDescriptor.MACCapabilityFlags.AllocateAddress),
            manufacturer_code=0x1002, maximum_buffer_size=82,
            maximum_incoming_transfer_size=128, server_mask=0,
            maximum_outgoing_transfer_size=128, descriptor_capability_field=0)

    def _send_zdo(self, cmd: zdo_t.ZDOCmd, tsn: int, *args: Any) -> None:
        _, types = zdo_t.CLUSTERS[cmd]
        payload = bytes([tsn]) + t.serialize(args, types)
        self.air.to_app(self.nwk, src_ep=0, dst_ep=0, cluster_id=int(cmd),
                        profile_id=ZDO_PROFILE, payload=payload)

    def _receive_zcl(self, src_ep: int, dst_ep: int, cluster_id: int, payload: bytes) -> None:
        hdr, rest = foundation.ZCLHeader.deserialize(payload)
        endpoint = self.endpoints.get(dst_ep)
        server = endpoint.servers.get(cluster_id) if endpoint else None
        if endpoint is None or server is None:
            if not hdr.frame_control.disable_default_response:
                self._send_default_response(dst_ep, src_ep, cluster_id, hdr,
                                            foundation.Status.UNSUPPORTED_CLUSTER)
            return
        if hdr.frame_control.frame_type == foundation.FrameType.GLOBAL_COMMAND:
            self._receive_general(endpoint, server, src_ep, hdr, rest)
            return
        command_def = server.definition.server_commands.get(hdr.command_id)
        if command_def is None:
            self._send_default_response(dst_ep, src_ep, cluster_id, hdr,
                                        foundation.Status.UNSUP_CLUSTER_COMMAND)
            return
        args, _ = command_def.schema.deserialize(rest)
        if server.on_command is None:
            self._send_default_response(dst_ep, src_ep, cluster_id, hdr,
                                        foundation.Status.UNSUP_CLUSTER_COMMAND)
            return
        server.on_command(self, endpoint, hdr, args)

    def _receive_general(self, endpoint: EmulatedEndpoint, server: ServerCluster, src_ep: int,
                         hdr: foundation.ZCLHeader, rest: bytes) -> None:
        command = foundation.GeneralCommand(hdr.command_id)
        cid = server.cluster_id
        ep_id = endpoint.endpoint_id
        if command == foundation.GeneralCommand.Read_Attributes:
            args, _ = foundation.GENERAL_COMMANDS[command].schema.deserialize(rest)
            if server.before_read is not None:
                server.before_read()
            records = []
            for attr_id in args.attribute_ids:
                if attr_id in server.attributes:
                    records.append(foundation.ReadAttributeRecord(
                        attr_id, foundation.Status.SUCCESS, server.typed_value(attr_id)))
                else:
                    records.append(foundation.ReadAttributeRecord(
                        attr_id, foundation.Status.UNSUPPORTED_ATTRIBUTE))
            self.send_general(ep_id, src_ep, cid, foundation.GeneralCommand.Read_Attributes_rsp,
                              {"status_records": records}, tsn=hdr.tsn)
        elif command == foundation.GeneralCommand.Configure_Reporting:
            args, _ = foundation.GENERAL_COMMANDS[command].schema.deserialize(rest)
            records = []
            for config in args.config_records:
                if config.attrid in server.attributes:
                    server.reporting[config.attrid] = Reporting(
                        min_interval_s=config.min_interval, max_interval_s=config.max_interval)
                    records.append(foundation.ConfigureReportingResponseRecord(
                        status=foundation.Status.SUCCESS))
                else:
                    records.append(foundation.ConfigureReportingResponseRecord(
                        status=foundation.Status.UNSUPPORTED_ATTRIBUTE,
                        direction=foundation.ReportingDirection.SendReports,
                        attrid=config.attrid))
            self.send_general(ep_id, src_ep, cid,
                              foundation.GeneralCommand.Configure_Reporting_rsp,
                              {"status_records": foundation.ConfigureReportingResponse(records)},
                              tsn=hdr.tsn)
        elif command == foundation.GeneralCommand.Write_Attributes:
            args, _ = foundation.GENERAL_COMMANDS[command].schema.deserialize(rest)
            statuses = []
            for attr in args.attributes:
                if attr.attrid in server.attributes:
                    server.attributes[attr.attrid] = attr.value.value
                    statuses.append(foundation.WriteAttributesStatusRecord(
                        status=foundation.Status.SUCCESS))
                else:
                    statuses.append(foundation.WriteAttributesStatusRecord(
                        status=foundation.Status.UNSUPPORTED_ATTRIBUTE, attrid=attr.attrid))
            self.send_general(ep_id, src_ep, cid, foundation.GeneralCommand.Write_Attributes_rsp,
                              {"status_records": foundation.WriteAttributesResponse(statuses)},
                              tsn=hdr.tsn)
        elif command == foundation.GeneralCommand.Default_Response:
            return
        else:
            self._send_default_response(ep_id, src_ep, cid, hdr,
                                        foundation.Status.UNSUP_GENERAL_COMMAND)

    # -- sending ---------------------------------------------------------------------

    def send_general(self, src_ep: int, dst_ep: int, cluster_id: int,
                     command: foundation.GeneralCommand, fields: dict[str, Any], *,
                     tsn: int | None = None) -> None:
        hdr = foundation.ZCLHeader.general(
            tsn=self.next_tsn() if tsn is None else tsn, command_id=command,
            direction=foundation.Direction.Server_to_Client)
        hdr.frame_control = hdr.frame_control.replace(disable_default_response=True)
        body = foundation.GENERAL_COMMANDS[command].schema(**fields).serialize()
        self.air.to_app(self.nwk, src_ep=src_ep, dst_ep=dst_ep, cluster_id=cluster_id,
                        profile_id=self.endpoints[src_ep].profile_id,
                        payload=hdr.serialize() + body)

    def send_command(self, src_ep: int, dst_ep: int, cluster_id: int, command: int | str,
                     fields: dict[str, Any], *, tsn: int | None = None,
                     disable_default_response: bool = False) -> bytes:
        """Send a server->client cluster command, named as the cluster definition names
        it (or by id); returns the ZCL bytes sent."""
        definition = zigpy.zcl.Cluster._registry[cluster_id]
        if isinstance(command, str):
            command_def = getattr(definition.ClientCommandDefs, command)
        else:
            command_def = definition.client_commands[command]
        command_id = command_def.id
        hdr = foundation.ZCLHeader.cluster(
            tsn=self.next_tsn() if tsn is None else tsn, command_id=command_id,
            direction=foundation.Direction.Server_to_Client)
        hdr.frame_control = hdr.frame_control.replace(
            disable_default_response=disable_default_response)
        payload = hdr.serialize() + command_def.schema(**fields).serialize()
        self.air.to_app(self.nwk, src_ep=src_ep, dst_ep=dst_ep, cluster_id=cluster_id,
                        profile_id=self.endpoints[src_ep].profile_id, payload=payload)
        return payload

    def report_attributes(self, endpoint_id: int, cluster_id: int, attr_ids: list[int],
                          *, dst_ep: int = 1) -> None:
        server = self.server(endpoint_id, cluster_id)
        reports = [foundation.Attribute(attrid=a, value=server.typed_value(a)) for a in attr_ids]
        self.send_general(endpoint_id, dst_ep, cluster_id,
                          foundation.GeneralCommand.Report_Attributes,
                          {"attribute_reports": reports})

    def _send_default_response(self, src_ep: int, dst_ep: int, cluster_id: int,
                               hdr: foundation.ZCLHeader, status: foundation.Status) -> None:
        self.send_general(src_ep, dst_ep, cluster_id, foundation.GeneralCommand.Default_Response,
                          {"command_id": hdr.command_id, "status": status}, tsn=hdr.tsn)

    def default_response(self, endpoint: EmulatedEndpoint, dst_ep: int, cluster_id: int,
                         hdr: foundation.ZCLHeader,
                         status: foundation.Status = foundation.Status.SUCCESS) -> None:
        if not hdr.frame_control.disable_default_response:
            self._send_default_response(endpoint.endpoint_id, dst_ep, cluster_id, hdr, status)
