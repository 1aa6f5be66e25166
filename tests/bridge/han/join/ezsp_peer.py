"""A scripted EZSP NCP on a pseudo-terminal, speaking ASH as a Silicon Labs stick does.

The host side under test is bellows' real stack: serial port (serialx on the pty's slave
end), ASH framing, EZSP version negotiation, command/response sequencing and callbacks.
This peer reuses bellows' own ASH implementation (`bellows.ash.AshProtocol`: byte
stuffing, CRC, data randomisation, ACK numbering) from the NCP's side of the line, and
bellows' own per-version command tables to decode what the host asks and to encode what
it answers, so the bytes on the pty are the ones a stick of that EZSP version would send.

Behind the NCP sits a scripted trust centre / meter (`MeterScript`): it lists networks
in scans, lets the stick join only with the right install-code link key, answers a ZDO
Match Descriptor for the Key Establishment cluster and plays the CBKE responder. The NCP's
"ECMQV" is a stand-in: both sides derive the MACs as SHA-256 over both certificates and
both ephemeral keys (`fake_mac`), so the MACs match only if the host relayed every
certificate and key to the right place — but no elliptic-curve maths is exercised.

Commands the script does not care about (bellows' start-up configuration and the like) are
answered with a success status and zero-filled fields, built from the version's schema.

Once joined, the rest of the meter's network can sit behind the peer too: `attach_air(air)`
makes the peer the "app" of a `bridge.sim.radio.VirtualAir` (e.g. holding a `SimHome`).
Unicasts and broadcasts the host sends go to the air's nodes — except what the scripted
trust centre plays (ZDO Match Descriptor for Key Establishment, the KE frames) — with a
messageSentHandler each (DELIVERY_FAILED when the air has no such node or is unplugged),
and frames the nodes send come back as incomingMessageHandler callbacks. Nothing is
encrypted: APS options are recorded (`received`), not applied.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import hashlib
import os
import tty
from collections.abc import Callable
from typing import Any

import bellows.types as t
import zigpy.exceptions
import zigpy.types as zigpy_t
from bellows.ash import AshProtocol, RStackFrame, RstFrame
from bellows.ezsp import EZSP

from bridge.han.join import ke_frames as ke
from bridge.han.join.certificates import Suite
from bridge.sim.radio import VirtualAir

ZDO_MATCH_DESC_REQ = 0x0006
ZDO_MATCH_DESC_RSP = 0x8006
TC_EUI64 = t.EUI64.convert("00:0d:6f:00:00:00:00:01")
STICK_EUI64 = t.EUI64.convert("00:0d:6f:00:0a:bc:de:f0")
STICK_NWK = 0x5A3C  # the address the trust centre gives the stick
ISSUER = bytes.fromhex("5445535453454341")  # "TESTSECA"


def cert_283k1(subject_be: bytes, issuer: bytes = ISSUER) -> bytes:
    """A 74-byte sect283k1 certificate with the given subject and issuer (key bytes are
    filler: nothing here checks a signature)."""
    return (b"\x00" + bytes(range(1, 9)) + b"\x0d\x08" + issuer + b"\x00" * 5 +
            b"\xff" * 4 + subject_be + b"\x88" + bytes(range(0x30, 0x30 + 37)))


def cert_163k1(subject_be: bytes, issuer: bytes = ISSUER) -> bytes:
    return bytes(range(0x40, 0x40 + 22)) + subject_be + issuer + bytes(10)


def fake_mac(role: bytes, init_cert: bytes, resp_cert: bytes, init_eph: bytes,
             resp_eph: bytes) -> bytes:
    return hashlib.sha256(role + init_cert + resp_cert + init_eph + resp_eph).digest()[:16]


def _be(eui: t.EUI64) -> bytes:
    return bytes(eui)[::-1]


@dataclasses.dataclass
class MeterScript:
    """What the NCP and the meter behind it do; each test changes what it needs."""

    link_key: bytes  # the one the trust centre has for this stick
    suite_certs: dict[Suite, bytes | None] = dataclasses.field(default_factory=lambda: {
        Suite.CBKE_283K1: cert_283k1(_be(STICK_EUI64)), Suite.CBKE_163K1: None})
    meter_certs: dict[Suite, bytes] = dataclasses.field(default_factory=lambda: {
        Suite.CBKE_283K1: cert_283k1(_be(TC_EUI64)),
        Suite.CBKE_163K1: cert_163k1(_be(TC_EUI64))})
    networks: list[dict[str, Any]] = dataclasses.field(default_factory=lambda: [
        {"channel": 11, "panId": 0x1A62, "extendedPanId": t.ExtendedPanId.convert(
            "00:0d:6f:00:00:00:00:01"), "allowingJoin": True, "stackProfile": 2,
         "nwkUpdateId": 0}])
    ke_endpoint: int = 9
    # what the meter does at each step: "answer", "silent", or ("terminate", status)
    on_initiate: Any = "answer"
    on_ephemeral: Any = "answer"
    on_confirm: Any = "answer"
    corrupt_macv: bool = False
    # False: joinNetwork / networkInit accepted, no stack status ever comes
    join_answers: bool = True
    cbke_library: bool = True  # False: firmware without the CBKE commands
    ephemeral_time: int = 2
    confirm_time: int = 2
    tc_eui64: t.EUI64 = TC_EUI64  # what the NCP's tables know of the trust centre
    ncp_knows_tc: bool = True  # False: lookupEui64ByNodeId(0x0000) fails (ERR_FATAL)


class _PtyTransport(asyncio.Transport):
    """The NCP's end of the pty (the master fd) as an asyncio transport."""

    def __init__(self, fd: int, protocol: asyncio.Protocol) -> None:
        super().__init__()
        self._fd, self._protocol, self._closing = fd, protocol, False
        asyncio.get_running_loop().add_reader(fd, self._readable)

    def _readable(self) -> None:
        try:
            data = os.read(self._fd, 4096)
        except OSError:  # EIO while the host has the slave closed
            return
        if data:
            self._protocol.data_received(data)

    def write(self, data: bytes | bytearray | memoryview) -> None:
        view = memoryview(bytes(data))
        while view:
            n = os.write(self._fd, view)
            view = view[n:]

    def is_closing(self) -> bool:
        return self._closing

    def close(self) -> None:
        if not self._closing:
            self._closing = True
            asyncio.get_running_loop().remove_reader(self._fd)


class _NcpAsh(AshProtocol):
    """bellows' ASH from the other end of the line: a RST is answered with RSTACK."""

    def rst_frame_received(self, frame: RstFrame) -> None:
        super().rst_frame_received(frame)
        self._tx_seq = self._rx_seq = 0
        self._cancel_pending_data_frames()
        self._ezsp_protocol.reset()
        self._write_frame(RStackFrame(version=2, reset_code=t.NcpResetCode.RESET_SOFTWARE))


class ScriptedNcp:
    """The EZSP layer of the peer: decodes commands with bellows' tables for `version`."""

    def __init__(self, script: MeterScript | None, version: int = 13) -> None:
        self.script = script
        self.version = version
        self.commands = EZSP._BY_VERSION[version].COMMANDS
        self.by_id = {cmd_id: name for name, (cmd_id, _tx, _rx) in self.commands.items()}
        self.received: list[tuple[str, dict[str, Any]]] = []
        self.ke_frames: list[ke.KeFrame] = []
        self.ke_wire: list[bytes] = []  # Key Establishment frames as the stick sent them
        self._ash: _NcpAsh | None = None
        self._queue: asyncio.Queue[bytes] = asyncio.Queue()
        self._sender: asyncio.Task[None] | None = None
        self._pending_callbacks: list[tuple[str, dict[str, Any]]] = []
        self._extended = False
        self.joined = False  # kept in the NCP's NVM: survives a reset
        self.air: VirtualAir | None = None
        self._last_seq = 0
        self.reset()

    def reset(self) -> None:
        self._extended = False
        self.up = False  # on the air: after joinNetwork, or networkInit after a reset
        self.security: dict[str, Any] | None = None
        self.own_ephemeral: bytes | None = None
        self.meter_rx: dict[str, bytes] = {}
        self.link_key_stored: bool | None = None

    # -- asyncio.Protocol-ish hooks used by AshProtocol -----------------------------------

    def connection_made(self, ash: _NcpAsh) -> None:
        self._ash = ash
        self._sender = asyncio.get_running_loop().create_task(self._send_loop())

    def connection_lost(self, exc: Exception | None) -> None:
        pass

    def eof_received(self) -> None:
        pass

    def reset_received(self, code: Any) -> None:
        pass

    def error_received(self, code: Any) -> None:
        pass

    async def stop(self) -> None:
        if self._sender is not None:
            self._sender.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sender

    async def _send_loop(self) -> None:
        assert self._ash is not None
        while True:
            frame = await self._queue.get()
            with contextlib.suppress(Exception):  # a host that went away mid-frame
                await self._ash.send_data(frame)

    # -- EZSP --------------------------------------------------------------------------

    def data_received(self, data: bytes) -> None:
        seq = self._last_seq = data[0]
        if len(data) >= 5 and data[2] == 0x01:
            self._extended = True
            frame_id, payload = int.from_bytes(data[3:5], "little"), data[5:]
        else:
            frame_id, payload = data[2], data[3:]
        name = self.by_id.get(frame_id)
        if name is None:
            self._invalid(seq)
            return
        args = self._decode_args(name, payload)
        self.received.append((name, args))
        handler: Callable[[dict[str, Any]], dict[str, Any] | None] = getattr(
            self, f"cmd_{name}", lambda _args: {})
        response = handler(args)
        if response is None:  # not supported by this firmware
            self._invalid(seq)
            return
        self._send(seq, name, response)
        # Callbacks carry the sequence number of the command just answered, as an NCP's do:
        # bellows no longer awaits it, so they are taken as callbacks, not responses.
        callbacks, self._pending_callbacks = self._pending_callbacks, []
        for cb_name, cb_fields in callbacks:
            self._send(seq, cb_name, cb_fields, callback=True)

    def _decode_args(self, name: str, payload: bytes) -> dict[str, Any]:
        _cmd_id, tx_schema, _rx = self.commands[name]
        if name != "addEndpoint":
            return t.deserialize_dict(payload, tx_schema)[0]
        # Its two cluster lists have no length of their own: the counts come first.
        head = {k: v for k, v in tx_schema.items() if not k.endswith("List")}
        args, rest = t.deserialize_dict(payload, head)
        n_in, n_out = args["inputClusterCount"], args["outputClusterCount"]
        clusters = [int.from_bytes(rest[i:i + 2], "little") for i in range(0, len(rest), 2)]
        args["inputClusterList"] = clusters[:n_in]
        args["outputClusterList"] = clusters[n_in:n_in + n_out]
        return args

    def _invalid(self, seq: int) -> None:
        typ = self.commands["invalidCommand"][2]["status"]
        reason = (t.sl_Status.INVALID_PARAMETER if typ is t.sl_Status
                  else t.EzspStatus.ERROR_INVALID_FRAME_ID)
        self._send(seq, "invalidCommand", {"status": reason})

    def _status(self, name: str, field_type: Any) -> Any:
        ember = t.EmberStatus[name]
        if field_type is t.sl_Status:
            return t.sl_Status.from_ember_status(ember)
        return ember

    def _fill(self, name: str, fields: dict[str, Any]) -> bytes:
        """The response frame's parameters: defaults from zeroes, status as success,
        then the given fields (a status given by EmberStatus name is converted)."""
        _cmd_id, _tx, rx_schema = self.commands[name]
        values, _ = t.deserialize_dict(bytes(512), rx_schema)
        for key, value in values.items():
            if isinstance(value, list) and len(value) > 128:
                values[key] = type(value)()  # a list to the end of the frame: empty
        for key, typ in rx_schema.items():
            if key == "status" and typ in (t.EmberStatus, t.sl_Status):
                values[key] = self._status("SUCCESS", typ)
        for key, value in fields.items():
            if key not in rx_schema:
                continue  # a field of another EZSP version's layout
            typ = rx_schema[key]
            if typ in (t.EmberStatus, t.sl_Status) and isinstance(value, str):
                value = self._status(value, typ)
            values[key] = value
        return t.serialize_dict([], values, rx_schema)

    def _send(self, seq: int, name: str, fields: dict[str, Any], *,
              callback: bool = False) -> None:
        cmd_id = self.commands[name][0]
        control = 0x90 if callback else 0x80
        if self._extended:
            header = bytes([seq, control, 0x01]) + cmd_id.to_bytes(2, "little")
        else:
            header = bytes([seq, control, cmd_id])
        body = self._fill(name, fields)
        self._queue.put_nowait(header + body)

    def callback(self, name: str, **fields: Any) -> None:
        """Queue a callback to go out after the current command's response."""
        self._pending_callbacks.append((name, fields))

    def callback_now(self, name: str, **fields: Any) -> None:
        """A callback of the NCP's own accord (a frame off the air). It carries the last
        answered sequence number, which bellows no longer awaits."""
        self._send(self._last_seq, name, fields, callback=True)

    # -- commands (only those the script shapes; the rest get zero-filled success) -------

    def cmd_version(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"protocolVersion": self.version, "stackType": 2, "stackVersion": 0x7400}

    def cmd_getEui64(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"eui64": STICK_EUI64}

    def cmd_getMfgToken(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"tokenData": b""}

    def cmd_getValue(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"value": bytes(8)}  # every value reads as zero (bellows reads the head)

    def cmd_customFrame(self, args: dict[str, Any]) -> None:
        return None  # no XNCP extensions: answered as an unknown command

    def cmd_setInitialSecurityState(self, args: dict[str, Any]) -> dict[str, Any]:
        state = args["state"]
        self.security = {"bitmask": state.bitmask, "key": bytes(state.preconfiguredKey)}
        return {}

    def _cert_command(self, suite: Suite) -> dict[str, Any] | None:
        assert self.script is not None
        if not self.script.cbke_library:
            return None
        cert = self.script.suite_certs.get(suite)
        if cert is None:
            return {"status": "ERR_FATAL"}
        return {"localCert": cert}

    def cmd_getCertificate(self, args: dict[str, Any]) -> dict[str, Any] | None:
        return self._cert_command(Suite.CBKE_163K1)

    def cmd_getCertificate283k1(self, args: dict[str, Any]) -> dict[str, Any] | None:
        return self._cert_command(Suite.CBKE_283K1)

    def cmd_startScan(self, args: dict[str, Any]) -> dict[str, Any]:
        assert self.script is not None
        for network in self.script.networks:
            self.callback("networkFoundHandler", networkFound=t.EmberZigbeeNetwork(**network),
                          lastHopLqi=200, lastHopRssi=-50)
        self.callback("scanCompleteHandler", channel=0, status="SUCCESS")
        return {}

    def cmd_joinNetwork(self, args: dict[str, Any]) -> dict[str, Any]:
        assert self.script is not None
        if not self.script.join_answers:
            return {}
        if self.security is not None and self.security["key"] == self.script.link_key:
            self.joined = self.up = True
            self.callback("stackStatusHandler", status="NETWORK_UP")
        else:  # the network key arrives encrypted with a key we do not have
            self.callback("stackStatusHandler", status="NO_NETWORK_KEY_RECEIVED")
        return {}

    def cmd_networkInit(self, args: dict[str, Any]) -> dict[str, Any]:
        assert self.script is not None
        if not self.joined:
            return {"status": "NOT_JOINED"}
        if not self.script.join_answers:
            return {}  # the parent is out of reach: the stack keeps trying
        self.up = True
        self.callback("stackStatusHandler", status="NETWORK_UP")
        return {}

    def cmd_getNodeId(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"nodeId": STICK_NWK if self.up else 0xFFFE}

    def cmd_lookupEui64ByNodeId(self, args: dict[str, Any]) -> dict[str, Any]:
        assert self.script is not None
        if args["nodeId"] == 0x0000 and self.up and self.script.ncp_knows_tc:
            return {"eui64": self.script.tc_eui64}
        return {"status": "ERR_FATAL"}  # EmberZNet: "the EUI64 is not known"

    def cmd_getNetworkParameters(self, args: dict[str, Any]) -> dict[str, Any]:
        assert self.script is not None
        if not self.joined or not self.script.networks:
            return {"status": "NOT_JOINED"}
        net = self.script.networks[0]
        return {"nodeType": t.EmberNodeType.END_DEVICE,  # joined as a device, not a coordinator
                "parameters": t.EmberNetworkParameters(
                    extendedPanId=net["extendedPanId"], panId=net["panId"], radioTxPower=8,
                    radioChannel=net["channel"],
                    joinMethod=t.EmberJoinMethod.USE_MAC_ASSOCIATION, nwkManagerId=0,
                    nwkUpdateId=0, channels=t.Channels.from_channel_list([net["channel"]]))}

    def cmd_networkState(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"status": t.EmberNetworkStatus.JOINED_NETWORK if self.up
                else t.EmberNetworkStatus.NO_NETWORK}

    def cmd_generateCbkeKeys(self, args: dict[str, Any]) -> dict[str, Any]:
        return self._generate(Suite.CBKE_163K1, "generateCbkeKeysHandler")

    def cmd_generateCbkeKeys283k1(self, args: dict[str, Any]) -> dict[str, Any]:
        return self._generate(Suite.CBKE_283K1, "generateCbkeKeysHandler283k1")

    def _generate(self, suite: Suite, handler: str) -> dict[str, Any]:
        self.own_ephemeral = bytes([0xE0 | suite]) * suite.ephemeral_key_length
        self.callback(handler, status="SUCCESS", ephemeralPublicKey=self.own_ephemeral)
        return {}

    def cmd_calculateSmacs(self, args: dict[str, Any]) -> dict[str, Any]:
        return self._smacs(Suite.CBKE_163K1, "calculateSmacsHandler", args)

    def cmd_calculateSmacs283k1(self, args: dict[str, Any]) -> dict[str, Any]:
        return self._smacs(Suite.CBKE_283K1, "calculateSmacsHandler283k1", args)

    def _smacs(self, suite: Suite, handler: str, args: dict[str, Any]) -> dict[str, Any]:
        assert self.script is not None and self.own_ephemeral is not None
        own_cert = self.script.suite_certs[suite]
        assert own_cert is not None and args["amInitiator"]
        partner_cert = bytes(args["partnerCertificate"])
        partner_eph = bytes(args["partnerEphemeralPublicKey"])
        mac_u = fake_mac(b"U", own_cert, partner_cert, self.own_ephemeral, partner_eph)
        mac_v = fake_mac(b"V", own_cert, partner_cert, self.own_ephemeral, partner_eph)
        self.callback(handler, status="SUCCESS", initiatorSmac=mac_u, responderSmac=mac_v)
        return {}

    def cmd_clearTemporaryDataMaybeStoreLinkKey(self, args: dict[str, Any]) -> dict[str, Any]:
        self.link_key_stored = bool(args["storeLinkKey"])
        return {}

    def cmd_clearTemporaryDataMaybeStoreLinkKey283k1(
            self, args: dict[str, Any]) -> dict[str, Any]:
        self.link_key_stored = bool(args["storeLinkKey"])
        return {}

    def _sent(self, kind: Any, nwk: int, aps: Any, tag: int, status: str) -> None:
        self.callback("messageSentHandler", type=kind, message_type=kind,
                      indexOrDestination=nwk, nwk=nwk, apsFrame=aps, aps_frame=aps,
                      messageTag=tag, message_tag=tag, status=status,
                      messageContents=b"", message=b"")

    def cmd_sendUnicast(self, args: dict[str, Any]) -> dict[str, Any]:
        aps = args.get("apsFrame", args.get("aps_frame"))
        data = bytes(args.get("messageContents", args.get("message", b"")))
        nwk = args.get("indexOrDestination", args.get("nwk"))
        tag = args.get("messageTag", args.get("message_tag"))
        status = "SUCCESS"
        if nwk == 0x0000 and self.joined and (self.air is None or self._for_script(aps, data)):
            self._meter(aps, data)
        elif self.air is not None and self.up:
            try:
                self.air.to_node(nwk, src_ep=aps.sourceEndpoint, dst_ep=aps.destinationEndpoint,
                                 cluster_id=aps.clusterId, profile_id=aps.profileId,
                                 payload=data)
            except (ConnectionError, zigpy.exceptions.DeliveryError):
                status = "DELIVERY_FAILED"  # no APS ACK came back
        self._sent(t.EmberOutgoingMessageType.OUTGOING_DIRECT, nwk, aps, tag, status)
        return {"sequence": aps.sequence}

    def cmd_sendBroadcast(self, args: dict[str, Any]) -> dict[str, Any]:
        aps = args.get("apsFrame", args.get("aps_frame"))
        data = bytes(args.get("messageContents", args.get("message", b"")))
        tag = args.get("messageTag", args.get("message_tag"))
        if self.air is not None and self.up:
            for nwk in list(self.air.nodes):
                with contextlib.suppress(ConnectionError):
                    self.air.to_node(nwk, src_ep=aps.sourceEndpoint,
                                     dst_ep=aps.destinationEndpoint, cluster_id=aps.clusterId,
                                     profile_id=aps.profileId, payload=data)
        self._sent(t.EmberOutgoingMessageType.OUTGOING_BROADCAST, args["destination"], aps,
                   tag, "SUCCESS")
        return {"sequence": aps.sequence}

    # -- the rest of the network: a VirtualAir's nodes ----------------------------------

    def attach_air(self, air: VirtualAir) -> None:
        self.air = air
        air.app = _AirPort(self)  # duck-typed: the air calls only packet_received

    @staticmethod
    def _for_script(aps: Any, data: bytes) -> bool:
        """What the scripted trust centre plays rather than the air's node 0x0000."""
        if aps.profileId == 0 and aps.clusterId == ZDO_MATCH_DESC_REQ:
            clusters = [int.from_bytes(data[6 + 2 * i:8 + 2 * i], "little")
                        for i in range(data[5])]
            return ke.CLUSTER_ID in clusters
        return bool(aps.clusterId == ke.CLUSTER_ID)

    def from_air(self, packet: zigpy_t.ZigbeePacket) -> None:
        assert self.air is not None
        if not self.up:
            return  # off the air: nothing heard
        sender = int(packet.src.address)
        node = self.air.nodes.get(sender)
        aps = t.EmberApsFrame(profileId=int(packet.profile_id),
                              clusterId=int(packet.cluster_id),
                              sourceEndpoint=int(packet.src_ep),
                              destinationEndpoint=int(packet.dst_ep),
                              options=t.EmberApsOption.APS_OPTION_NONE, groupId=0, sequence=0)
        self._incoming(aps, sender, node.ieee if node is not None else t.EUI64(bytes(8)),
                       packet.data.serialize(), now=True)

    # -- the meter / trust centre behind the radio --------------------------------------

    def _deliver(self, aps_in: Any, cluster: int, src_ep: int, dst_ep: int,
                 profile: int, data: bytes) -> None:
        assert self.script is not None
        aps = t.EmberApsFrame(profileId=profile, clusterId=cluster, sourceEndpoint=src_ep,
                              destinationEndpoint=dst_ep,
                              options=t.EmberApsOption.APS_OPTION_NONE, groupId=0,
                              sequence=(aps_in.sequence + 0x40) & 0xFF)
        self._incoming(aps, 0x0000, self.script.tc_eui64, data, now=False)

    def _incoming(self, aps: Any, sender: int, eui64: t.EUI64, data: bytes, *,
                  now: bool) -> None:
        send = self.callback_now if now else self.callback
        send("incomingMessageHandler",
             type=t.EmberIncomingMessageType.INCOMING_UNICAST,
             message_type=t.EmberIncomingMessageType.INCOMING_UNICAST,
             apsFrame=aps, aps_frame=aps, lastHopLqi=255, lqi=255,
             lastHopRssi=-40, rssi=-40, sender=sender, nwk=sender,
             eui64=eui64, bindingIndex=0xFF, binding_index=0xFF,
             addressIndex=0xFF, address_index=0xFF, timestamp=0,
             messageContents=data, message=data)

    def _meter(self, aps: Any, data: bytes) -> None:
        assert self.script is not None
        if aps.profileId == 0 and aps.clusterId == ZDO_MATCH_DESC_REQ:
            tsn = data[0]
            clusters = [int.from_bytes(data[6 + 2 * i:8 + 2 * i], "little")
                        for i in range(data[5])]
            profile = int.from_bytes(data[3:5], "little")
            match = ([self.script.ke_endpoint]
                     if ke.CLUSTER_ID in clusters and profile in (0x0109, 0xFFFF) else [])
            rsp = bytes([tsn, 0x00, 0x00, 0x00, len(match), *match])
            self._deliver(aps, ZDO_MATCH_DESC_RSP, 0, 0, 0, rsp)
            return
        if (aps.clusterId != ke.CLUSTER_ID or aps.profileId != 0x0109
                or aps.destinationEndpoint != self.script.ke_endpoint):
            return  # nobody home on that endpoint
        self.ke_wire.append(data)
        frame = ke.decode(data)
        self.ke_frames.append(frame)
        msg = frame.message

        def reply(message: ke.Message) -> None:
            out = ke.encode(ke.KeFrame(ke.Direction.RESPONSE, frame.tsn, message))
            self._deliver(aps, ke.CLUSTER_ID, aps.destinationEndpoint, aps.sourceEndpoint,
                          0x0109, out)

        def act(rule: Any, suite: int, answer: Callable[[], ke.Message]) -> None:
            if rule == "silent":
                return
            if isinstance(rule, tuple) and rule[0] == "terminate":
                reply(ke.Terminate(status=rule[1], wait_time=rule[2] if len(rule) > 2 else 0,
                                   suite=suite))
                return
            reply(answer())

        if isinstance(msg, ke.Initiate):
            self.meter_rx = {"suite": bytes([msg.suite]), "init_cert": msg.identity}
            cert = self.script.meter_certs[msg.suite]
            act(self.script.on_initiate, msg.suite, lambda: ke.Initiate(
                msg.suite, self.script.ephemeral_time, self.script.confirm_time, cert))
        elif isinstance(msg, ke.EphemeralData):
            self.meter_rx["init_eph"] = msg.public_key
            suite = Suite(self.meter_rx["suite"][0])
            meter_eph = bytes([0xA0 | suite]) * suite.ephemeral_key_length
            self.meter_rx["resp_eph"] = meter_eph
            act(self.script.on_ephemeral, suite, lambda: ke.EphemeralData(meter_eph))
        elif isinstance(msg, ke.ConfirmKeyData):
            suite = Suite(self.meter_rx["suite"][0])
            parts = (self.meter_rx["init_cert"], self.script.meter_certs[suite],
                     self.meter_rx["init_eph"], self.meter_rx["resp_eph"])
            if msg.mac != fake_mac(b"U", *parts):
                reply(ke.Terminate(status=2, wait_time=0, suite=suite))
                return
            mac_v = fake_mac(b"V", *parts)
            if self.script.corrupt_macv:
                mac_v = bytes([mac_v[0] ^ 0xFF]) + mac_v[1:]
            act(self.script.on_confirm, suite, lambda: ke.ConfirmKeyData(mac_v))


class _AirPort:
    """What a VirtualAir takes for its app: frames from the nodes go to the NCP's host."""

    def __init__(self, ncp: ScriptedNcp) -> None:
        self.ncp = ncp

    def packet_received(self, packet: zigpy_t.ZigbeePacket) -> None:
        self.ncp.from_air(packet)


class EzspPeer:
    """A pty whose far end is a `ScriptedNcp` (or silence, with `script=None` and
    `answer=False`). `path` is what the host opens."""

    def __init__(self, script: MeterScript | None, *, version: int = 13,
                 answer: bool = True) -> None:
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        self.path = os.ttyname(self.slave)
        self.ncp = ScriptedNcp(script, version)
        self._answer = answer
        self._transport: _PtyTransport | None = None
        self._silent_reader = False

    async def __aenter__(self) -> EzspPeer:
        if self._answer:
            ash = _NcpAsh(self.ncp)
            self._transport = _PtyTransport(self.master, ash)
            ash.connection_made(self._transport)
        else:  # drain whatever the host writes so its writes never block
            asyncio.get_running_loop().add_reader(self.master, self._drain)
            self._silent_reader = True
        return self

    def _drain(self) -> None:
        with contextlib.suppress(OSError):
            os.read(self.master, 4096)

    async def __aexit__(self, *exc: object) -> None:
        await self.ncp.stop()
        if self._transport is not None:
            self._transport.close()
        if self._silent_reader:
            asyncio.get_running_loop().remove_reader(self.master)
        os.close(self.master)
        os.close(self.slave)

    def names(self) -> list[str]:
        return [name for name, _ in self.ncp.received]
