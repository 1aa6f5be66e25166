"""Key Establishment cluster (0x0800) frames, byte for byte.

The payload layouts are `bridge.se.clusters.KeyEstablishment`'s (shared with the decoder
and its tests); this module adds the ZCL header, the per-suite lengths (which the cluster
definition leaves open because they depend on the suite) and typed messages.

Requests go client→server (the IHD initiates); responses server→client. Both carry
default response disabled, as Silicon Labs' key establishment plugin sends them: a failed
step is answered by a Terminate, not a Default Response. A Default Response can still
arrive (a server that does not support the cluster) and is decoded as such.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from bridge.han.join.certificates import MAC_LENGTH, Suite
from bridge.se.clusters import KeyEstablishment, TerminateStatus

CLUSTER_ID = KeyEstablishment.cluster_id

# ZCL frame control: cluster-specific command, disable default response; 0x08 = to client.
_FC_REQUEST = 0x11
_FC_RESPONSE = 0x19
_FC_DIRECTION = 0x08
_FC_TYPE_MASK = 0x03
_FC_MANUFACTURER = 0x04
_DEFAULT_RESPONSE = 0x0B


class Direction(enum.Enum):
    REQUEST = "client→server"
    RESPONSE = "server→client"


class CommandId(enum.IntEnum):
    INITIATE = 0x00
    EPHEMERAL_DATA = 0x01
    CONFIRM_KEY_DATA = 0x02
    TERMINATE = 0x03


TERMINATE_REASONS: dict[int, str] = {
    TerminateStatus.UnknownIssuer: "unknown certificate issuer",
    TerminateStatus.BadKeyConfirm: "the keys did not match (bad key confirmation)",
    TerminateStatus.BadMessage: "a malformed key establishment message",
    TerminateStatus.NoResources: "no resources free (busy with another device)",
    TerminateStatus.UnsupportedSuite: "unsupported certificate type (crypto suite)",
    TerminateStatus.InvalidCertificate: "invalid certificate",
}


class KeFrameError(ValueError):
    """A frame that is not a well-formed Key Establishment frame."""


@dataclass(frozen=True)
class Initiate:
    suite: Suite
    ephemeral_data_generate_time: int
    confirm_key_generate_time: int
    identity: bytes  # the sender's certificate


@dataclass(frozen=True)
class EphemeralData:
    public_key: bytes


@dataclass(frozen=True)
class ConfirmKeyData:
    mac: bytes


@dataclass(frozen=True)
class Terminate:
    status: int  # TerminateStatus, kept as int so unknown codes survive
    wait_time: int
    suite: int

    @property
    def reason(self) -> str:
        return TERMINATE_REASONS.get(self.status, f"status code {self.status}")


@dataclass(frozen=True)
class DefaultResponse:
    command_id: int
    status: int


Message = Initiate | EphemeralData | ConfirmKeyData | Terminate
_IDS: dict[type, CommandId] = {Initiate: CommandId.INITIATE,
                               EphemeralData: CommandId.EPHEMERAL_DATA,
                               ConfirmKeyData: CommandId.CONFIRM_KEY_DATA,
                               Terminate: CommandId.TERMINATE}


@dataclass(frozen=True)
class KeFrame:
    direction: Direction
    tsn: int
    message: Message | DefaultResponse


def _schema(direction: Direction, command_id: int) -> Any:
    defs = (KeyEstablishment.ServerCommandDefs if direction is Direction.REQUEST
            else KeyEstablishment.ClientCommandDefs)
    for cmd in defs.__dict__.values():
        if getattr(cmd, "id", None) == command_id:
            return cmd.schema
    raise KeFrameError(f"unknown Key Establishment command 0x{command_id:02X}")


def _check_length(what: str, data: bytes, length: int) -> None:
    if len(data) != length:
        raise KeFrameError(f"{what} is {len(data)} bytes, expected {length}")


def encode(frame: KeFrame) -> bytes:
    """The ZCL frame (header and payload) for one Key Establishment message."""
    msg = frame.message
    if isinstance(msg, DefaultResponse):
        raise KeFrameError("the initiator never sends a Default Response")
    command_id = _IDS[type(msg)]
    schema = _schema(frame.direction, command_id)
    if isinstance(msg, Initiate):
        _check_length("the certificate", msg.identity, msg.suite.certificate_length)
        suite_field = ("key_establishment_suite" if frame.direction is Direction.REQUEST
                       else "requested_key_establishment_suite")
        payload = schema(**{suite_field: int(msg.suite),
                            "ephemeral_data_generate_time": msg.ephemeral_data_generate_time,
                            "confirm_key_generate_time": msg.confirm_key_generate_time,
                            "identity": msg.identity}).serialize()
    elif isinstance(msg, EphemeralData):
        if len(msg.public_key) not in (s.ephemeral_key_length for s in Suite):
            raise KeFrameError(f"an ephemeral key is 22 or 37 bytes, not {len(msg.public_key)}")
        payload = schema(ephemeral_data=msg.public_key).serialize()
    elif isinstance(msg, ConfirmKeyData):
        _check_length("the MAC", msg.mac, MAC_LENGTH)
        payload = schema(secure_message_authentication_code=msg.mac).serialize()
    else:
        payload = schema(status_code=msg.status, wait_time=msg.wait_time,
                         key_establishment_suite=msg.suite).serialize()
    fc = _FC_REQUEST if frame.direction is Direction.REQUEST else _FC_RESPONSE
    return bytes([fc, frame.tsn & 0xFF, command_id]) + payload


def decode(data: bytes, suite: Suite | None = None) -> KeFrame:
    """A Key Establishment ZCL frame. `suite`, once agreed, fixes the ephemeral key length;
    without it the length must be one of the two suites'."""
    if len(data) < 3:
        raise KeFrameError(f"a ZCL frame is at least 3 bytes, got {len(data)}")
    fc = data[0]
    if fc & _FC_MANUFACTURER:
        raise KeFrameError("manufacturer-specific frame")
    direction = Direction.RESPONSE if fc & _FC_DIRECTION else Direction.REQUEST
    tsn, command_id, body = data[1], data[2], bytes(data[3:])
    if fc & _FC_TYPE_MASK == 0x00:
        if command_id != _DEFAULT_RESPONSE or len(body) != 2:
            raise KeFrameError(f"unexpected general command 0x{command_id:02X}")
        return KeFrame(direction, tsn, DefaultResponse(command_id=body[0], status=body[1]))
    if fc & _FC_TYPE_MASK != 0x01:
        raise KeFrameError(f"reserved frame type in frame control 0x{fc:02X}")
    schema = _schema(direction, command_id)
    try:
        fields, rest = schema.deserialize(body)
    except (ValueError, KeyError) as exc:
        raise KeFrameError(f"command 0x{command_id:02X} is too short: {exc}") from exc
    if rest:
        raise KeFrameError(f"{len(rest)} bytes after command 0x{command_id:02X}")
    message: Message
    if command_id == CommandId.INITIATE:
        suite_value = int(fields.key_establishment_suite if direction is Direction.REQUEST
                          else fields.requested_key_establishment_suite)
        try:
            agreed = Suite(suite_value)
        except ValueError as exc:
            raise KeFrameError(f"unknown key establishment suite 0x{suite_value:04X}") from exc
        _check_length("the certificate", fields.identity, agreed.certificate_length)
        message = Initiate(agreed, int(fields.ephemeral_data_generate_time),
                           int(fields.confirm_key_generate_time), bytes(fields.identity))
    elif command_id == CommandId.EPHEMERAL_DATA:
        key = bytes(fields.ephemeral_data)
        lengths = ([suite.ephemeral_key_length] if suite is not None
                   else [s.ephemeral_key_length for s in Suite])
        if len(key) not in lengths:
            raise KeFrameError(f"the ephemeral key is {len(key)} bytes, expected "
                               f"{' or '.join(map(str, lengths))}")
        message = EphemeralData(key)
    elif command_id == CommandId.CONFIRM_KEY_DATA:
        mac = bytes(fields.secure_message_authentication_code)
        _check_length("the MAC", mac, MAC_LENGTH)
        message = ConfirmKeyData(mac)
    else:
        message = Terminate(status=int(fields.status_code), wait_time=int(fields.wait_time),
                            suite=int(fields.key_establishment_suite))
    return KeFrame(direction, tsn, message)
