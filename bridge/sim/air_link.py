"""The virtual air stretched over a socket: the simulated homes in a process of their own.

An estate of simulated homes costs as much CPU as the bridge that serves it (every tick
builds ZCL reports; every request is parsed and answered). Run in the bridge's process,
that work would be counted as the bridge's and would delay its replies. Over this link
the homes run in `bridge.sim.estate_process`, and the bridge's zigpy application sees the
same ZCL bytes it would from a radio, nothing more.

Messages are length-prefixed: a 4-octet length, a kind, and a body.
- FRAME: src NWK, dst NWK, src endpoint, dst endpoint, cluster, profile, then the APS
  payload (the ZDO/ZCL bytes, unchanged).
- NODE: a node on the air (NWK, IEEE address), sent by the homes' side before READY.
- READY: every node has been sent; the application may start the network.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import struct
from collections.abc import Callable
from typing import Protocol

import zigpy.types as t

log = logging.getLogger(__name__)

_LENGTH = struct.Struct(">I")
_FRAME = struct.Struct(">BHHBBHH")  # kind, src_nwk, dst_nwk, src_ep, dst_ep, cluster, profile
_NODE = struct.Struct(">BH8s")  # kind, nwk, ieee (as zigpy serialises it)
FRAME, NODE, READY = 0, 1, 2
MAX_MESSAGE = 1 << 16  # an APS payload is far smaller; anything larger is a broken peer


class LinkError(ConnectionError):
    """The other side sent something that is not a message of this link."""


class FrameSink(Protocol):
    def __call__(self, src_nwk: int, dst_nwk: int, *, src_ep: int, dst_ep: int,
                 cluster_id: int, profile_id: int, payload: bytes) -> None: ...


class AirLink:
    """One end of the link."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    def _send(self, body: bytes) -> None:
        if not self.writer.is_closing():
            self.writer.write(_LENGTH.pack(len(body)) + body)

    def send_frame(self, src_nwk: int, dst_nwk: int, *, src_ep: int, dst_ep: int,
                   cluster_id: int, profile_id: int, payload: bytes) -> None:
        self._send(_FRAME.pack(FRAME, src_nwk, dst_nwk, src_ep, dst_ep, cluster_id,
                               profile_id) + payload)

    def send_node(self, nwk: int, ieee: t.EUI64) -> None:
        self._send(_NODE.pack(NODE, nwk, ieee.serialize()))

    def send_ready(self) -> None:
        self._send(bytes([READY]))

    async def drain(self) -> None:
        await self.writer.drain()

    async def receive(self, on_frame: FrameSink, *,
                      on_node: Callable[[int, t.EUI64], None] | None = None,
                      on_ready: Callable[[], None] | None = None) -> None:
        """Hand every message to its callback until the other side closes."""
        while True:
            try:
                head = await self.reader.readexactly(_LENGTH.size)
            except (asyncio.IncompleteReadError, ConnectionError):
                return  # the other side is gone
            (length,) = _LENGTH.unpack(head)
            if not 0 < length <= MAX_MESSAGE:
                raise LinkError(f"a message of {length} octets on the air link")
            body = await self.reader.readexactly(length)
            kind = body[0]
            if kind == FRAME and length >= _FRAME.size:
                _, src, dst, src_ep, dst_ep, cluster, profile = _FRAME.unpack_from(body)
                on_frame(src, dst, src_ep=src_ep, dst_ep=dst_ep, cluster_id=cluster,
                         profile_id=profile, payload=body[_FRAME.size:])
            elif kind == NODE and length == _NODE.size and on_node is not None:
                _, nwk, ieee = _NODE.unpack(body)
                on_node(nwk, t.EUI64.deserialize(ieee)[0])
            elif kind == READY and on_ready is not None:
                on_ready()
            else:
                raise LinkError(f"an unexpected message (kind {kind}) on the air link")

    async def close(self) -> None:
        self.writer.close()
        with contextlib.suppress(ConnectionError, OSError):
            await self.writer.wait_closed()


class RemoteNode:
    """A node that lives in the homes' process: what the application sends it crosses
    the link (an `AirNode` of the bridge's `VirtualAir`)."""

    def __init__(self, link: AirLink, nwk: int, ieee: t.EUI64) -> None:
        self.link, self.nwk, self.ieee = link, nwk, ieee

    def receive(self, *, src_nwk: int, src_ep: int, dst_ep: int, cluster_id: int,
                profile_id: int, payload: bytes) -> None:
        self.link.send_frame(src_nwk, self.nwk, src_ep=src_ep, dst_ep=dst_ep,
                             cluster_id=cluster_id, profile_id=profile_id, payload=payload)
