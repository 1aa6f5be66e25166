"""Capture of ZCL (and ZDO) frames as a classic pcap file that Wireshark decodes.

Each APS payload is wrapped in an IEEE 802.15.4 MAC data frame (PAN ID compression, 16-bit
short addresses), a Zigbee NWK data frame without security (protocol version 2) and an
APS data frame (unicast to an endpoint, cluster, profile, APS counter), so Wireshark's
Zigbee dissectors, Smart Energy included, decode it with no keys. Link type 230
(LINKTYPE_IEEE802_15_4_NOFCS): the frames carry no FCS.

Public names: `PcapWriter` (`write_zcl`, `close`, context manager), `wrap_zcl`,
`LINKTYPE_IEEE802_15_4_NOFCS`, `DEFAULT_PAN_ID`.

Every frame is flushed as it is written: a killed process leaves a valid file up to the
last whole frame.
"""

from __future__ import annotations

import struct
import threading
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

LINKTYPE_IEEE802_15_4_NOFCS = 230
DEFAULT_PAN_ID = 0x1A62
PCAP_MAGIC = 0xA1B2C3D4
SNAPLEN = 65535
_NWK_RADIUS = 30

# MAC frame control: data frame (1), PAN ID compression (bit 6), 16-bit destination
# (bits 10-11 = 2), frame version 2006 (bits 12-13 = 1), 16-bit source (bits 14-15 = 2).
_MAC_FC = 0x0001 | 0x0040 | (0x2 << 10) | (0x1 << 12) | (0x2 << 14)
# NWK frame control: data frame (0), protocol version 2 (bits 2-5), discover route
# suppressed, no security, no source route, no IEEE addresses.
_NWK_FC = 0x0000 | (2 << 2)
# APS frame control: data frame (0), unicast delivery (0), no security, no ack request.
_APS_FC = 0x00


def wrap_zcl(*, src_nwk: int, dst_nwk: int, src_ep: int, dst_ep: int, cluster_id: int,
             zcl: bytes, profile_id: int = 0x0109, mac_seq: int = 0, nwk_seq: int = 0,
             aps_counter: int = 0, pan_id: int = DEFAULT_PAN_ID) -> bytes:
    """One 802.15.4 frame (no FCS) carrying `zcl` (or a ZDO payload with profile 0) from
    src_nwk/src_ep to dst_nwk/dst_ep in one hop."""
    for name, value, top in (("src_nwk", src_nwk, 0xFFFF), ("dst_nwk", dst_nwk, 0xFFFF),
                             ("src_ep", src_ep, 0xFF), ("dst_ep", dst_ep, 0xFF),
                             ("cluster_id", cluster_id, 0xFFFF),
                             ("profile_id", profile_id, 0xFFFF), ("pan_id", pan_id, 0xFFFF)):
        if not 0 <= value <= top:
            raise ValueError(f"{name} out of range: {value}")
    mac = struct.pack("<HBHHH", _MAC_FC, mac_seq & 0xFF, pan_id, dst_nwk, src_nwk)
    nwk = struct.pack("<HHHBB", _NWK_FC, dst_nwk, src_nwk, _NWK_RADIUS, nwk_seq & 0xFF)
    aps = struct.pack("<BBHHBB", _APS_FC, dst_ep, cluster_id, profile_id, src_ep,
                      aps_counter & 0xFF)
    return mac + nwk + aps + bytes(zcl)


class PcapWriter:
    """Writes frames crossing a (virtual) radio to a classic pcap file."""

    def __init__(self, path: str | Path, *, pan_id: int = DEFAULT_PAN_ID) -> None:
        self.path = Path(path)
        self.pan_id = pan_id
        self._lock = threading.Lock()
        self._seq = 0
        self.frames = 0
        self._file: BinaryIO | None = self.path.open("wb")
        self._file.write(struct.pack("<IHHiIII", PCAP_MAGIC, 2, 4, 0, 0, SNAPLEN,
                                     LINKTYPE_IEEE802_15_4_NOFCS))
        self._file.flush()

    def write_zcl(self, *, timestamp: datetime, src_nwk: int, dst_nwk: int, src_ep: int,
                  dst_ep: int, cluster_id: int, zcl: bytes, profile_id: int = 0x0109) -> None:
        """Append one frame; MAC/NWK sequence numbers and the APS counter count up."""
        with self._lock:
            if self._file is None:
                raise ValueError("capture is closed")
            seq = self._seq
            frame = wrap_zcl(src_nwk=src_nwk, dst_nwk=dst_nwk, src_ep=src_ep, dst_ep=dst_ep,
                             cluster_id=cluster_id, zcl=zcl, profile_id=profile_id,
                             mac_seq=seq, nwk_seq=seq, aps_counter=seq, pan_id=self.pan_id)
            # Whole microseconds from the datetime itself: float seconds would round.
            sec = int(timestamp.timestamp())
            usec = timestamp.microsecond
            self._file.write(struct.pack("<IIII", sec, usec, len(frame), len(frame)) + frame)
            self._file.flush()
            self._seq = (seq + 1) & 0xFF
            self.frames += 1

    def close(self) -> None:
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None

    def __enter__(self) -> PcapWriter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
