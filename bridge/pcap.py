"""Capture of ZCL/ZDO frames as a pcap file that Wireshark decodes.

Each APS payload is wrapped in an IEEE 802.15.4 MAC data frame (PAN ID compression,
short addresses), a Zigbee NWK data frame without security (protocol version 2) and an
APS data frame with endpoints, cluster and profile, so Wireshark's Zigbee dissectors
(including Smart Energy) decode it with no keys. Link type 195 (802.15.4 with FCS) is
used with a correct CRC-16/KERMIT FCS, which Wireshark checks.

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

LINKTYPE_IEEE802_15_4_WITHFCS = 195
DEFAULT_PAN_ID = 0x1A62


def crc16_kermit(data: bytes) -> int:
    """The 802.15.4 FCS: CRC-16/KERMIT (poly 0x1021 reflected, init 0)."""
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x8408 if crc & 1 else crc >> 1
    return crc


def wrap_aps(*, seq: int, pan_id: int, src_nwk: int, dst_nwk: int, src_ep: int, dst_ep: int,
             cluster_id: int, profile_id: int, payload: bytes, aps_counter: int) -> bytes:
    """802.15.4 + NWK + APS headers around an APS payload (ZCL or ZDO), FCS included."""
    # MAC: data frame, PAN ID compression, dst/src short addressing, 2006 version.
    mac_fc = 0x0001 | 0x0040 | (0x2 << 10) | (0x1 << 12) | (0x2 << 14)
    mac = struct.pack("<HBHHH", mac_fc, seq & 0xFF, pan_id, dst_nwk, src_nwk)
    # NWK: data frame, protocol version 2, discover route suppressed, no security.
    nwk_fc = 0x0000 | (2 << 2)
    nwk = struct.pack("<HHHBB", nwk_fc, dst_nwk, src_nwk, 30, seq & 0xFF)
    # APS: data frame, unicast to an endpoint.
    aps = struct.pack("<BBHHBB", 0x00, dst_ep, cluster_id, profile_id, src_ep,
                      aps_counter & 0xFF)
    frame = mac + nwk + aps + payload
    return frame + struct.pack("<H", crc16_kermit(frame))


class PcapWriter:
    """Writes frames crossing a (virtual) radio to a classic pcap file."""

    def __init__(self, path: str | Path, *, pan_id: int = DEFAULT_PAN_ID) -> None:
        self.path = Path(path)
        self.pan_id = pan_id
        self._file: BinaryIO | None = self.path.open("wb")
        self._lock = threading.Lock()
        self._seq = 0
        self.frames = 0
        self._file.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535,
                                     LINKTYPE_IEEE802_15_4_WITHFCS))
        self._file.flush()

    def write_zcl(self, *, timestamp: datetime, src_nwk: int, dst_nwk: int, src_ep: int,
                  dst_ep: int, cluster_id: int, zcl: bytes, profile_id: int = 0x0109) -> None:
        with self._lock:
            if self._file is None:
                raise ValueError("capture is closed")
            self._seq += 1
            frame = wrap_aps(seq=self._seq, pan_id=self.pan_id, src_nwk=src_nwk,
                             dst_nwk=dst_nwk, src_ep=src_ep, dst_ep=dst_ep,
                             cluster_id=cluster_id, profile_id=profile_id, payload=zcl,
                             aps_counter=self._seq)
            ts = timestamp.timestamp()
            sec = int(ts)
            usec = round((ts - sec) * 1e6) % 1_000_000
            self._file.write(struct.pack("<IIII", sec, usec, len(frame), len(frame)) + frame)
            self._file.flush()
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
