"""The pcap capture: exact frame layout, a valid file after every frame (even if the
process is killed), and Wireshark reading it as Zigbee SE."""

from __future__ import annotations

import struct
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bridge.pcap import LINKTYPE_IEEE802_15_4_NOFCS, PcapWriter, wrap_zcl
from tests.bridge.se import frames as fx
from tests.tshark_util import dissect_file, needs_tshark

ROOT = Path(__file__).resolve().parents[3]


def read_pcap(path: Path) -> tuple[int, list[tuple[int, int, bytes]]]:
    """(link type, [(seconds, microseconds, frame)]); fails on a torn record."""
    data = path.read_bytes()
    magic, major, minor, _zone, _sigfigs, _snaplen, linktype = struct.unpack_from("<IHHiIII",
                                                                                 data)
    assert (magic, major, minor) == (0xA1B2C3D4, 2, 4)
    records, offset = [], 24
    while offset < len(data):
        sec, usec, incl, orig = struct.unpack_from("<IIII", data, offset)
        assert incl == orig
        frame = data[offset + 16:offset + 16 + incl]
        assert len(frame) == incl, "torn record"
        records.append((sec, usec, frame))
        offset += 16 + incl
    return linktype, records


def test_wrap_zcl_layout():
    frame = wrap_zcl(src_nwk=0x3A71, dst_nwk=0x0000, src_ep=1, dst_ep=0x7B, cluster_id=0x0700,
                     zcl=b"\x09\x01\x00", mac_seq=5, nwk_seq=6, aps_counter=7)
    assert frame == fx.h(
        "41 98 05 62 1a 00 00 71 3a"  # MAC: data, PAN ID compression, short addresses
        " 08 00 00 00 71 3a 1e 06"  # NWK: data, protocol version 2, no security
        " 00 7b 00 07 09 01 01 07"  # APS: data, unicast, dst ep, cluster, profile, src ep
        " 09 01 00")
    with pytest.raises(ValueError):
        wrap_zcl(src_nwk=0x10000, dst_nwk=0, src_ep=1, dst_ep=1, cluster_id=0x0700, zcl=b"")


def test_writer_header_records_and_counters(tmp_path):
    path = tmp_path / "c.pcap"
    stamp = datetime(2026, 1, 14, 18, 0, 1, 250_001, tzinfo=UTC)
    with PcapWriter(path) as writer:
        for n in range(3):
            writer.write_zcl(timestamp=stamp, src_nwk=1, dst_nwk=0, src_ep=1, dst_ep=1,
                             cluster_id=0x0702, zcl=bytes([0x18, n, 0x0A]))
    assert writer.frames == 3
    linktype, records = read_pcap(path)
    assert linktype == LINKTYPE_IEEE802_15_4_NOFCS == 230
    assert [(s, u) for s, u, _ in records] == [(int(stamp.timestamp()), 250_001)] * 3
    assert [f[2] for _, _, f in records] == [0, 1, 2]  # MAC sequence numbers
    assert [f[-3:] for _, _, f in records] == [bytes([0x18, n, 0x0A]) for n in range(3)]
    with pytest.raises(ValueError):
        writer.write_zcl(timestamp=stamp, src_nwk=1, dst_nwk=0, src_ep=1, dst_ep=1,
                         cluster_id=0x0702, zcl=b"")


KILLED_WRITER = """
import os, signal, sys
from datetime import UTC, datetime
from bridge.pcap import PcapWriter
writer = PcapWriter(sys.argv[1])
for n in range(3):
    writer.write_zcl(timestamp=datetime.now(UTC), src_nwk=1, dst_nwk=0, src_ep=1, dst_ep=1,
                     cluster_id=0x0700, zcl=bytes.fromhex(sys.argv[2]))
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_killed_writer_leaves_every_frame_readable(tmp_path):
    path = tmp_path / "killed.pcap"
    proc = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(path),
                           fx.GOLDEN_PUBLISH_PRICE.hex()], cwd=ROOT, timeout=60)
    assert proc.returncode == -9
    _, records = read_pcap(path)
    assert len(records) == 3
    assert all(f.endswith(fx.GOLDEN_PUBLISH_PRICE) for _, _, f in records)


@pytest.mark.tshark
@needs_tshark
def test_wireshark_reads_our_layers(tmp_path):
    path = tmp_path / "layers.pcap"
    with PcapWriter(path) as writer:
        writer.write_zcl(timestamp=datetime(2026, 1, 14, tzinfo=UTC), src_nwk=0x3A71,
                         dst_nwk=0x5E10, src_ep=1, dst_ep=0x7B, cluster_id=0x0700,
                         zcl=fx.GOLDEN_PUBLISH_PRICE)
    (packet,) = dissect_file(path)
    assert packet["frame.protocols"] == ["wpan:zbee_nwk:zbee_aps:zbee_zcl:zbee_zcl_se.price"]
    assert packet["wpan.src16"] == ["0x3a71"] and packet["wpan.dst16"] == ["0x5e10"]
    assert packet["zbee_nwk.proto_version"] == ["2"]
    assert packet["zbee_nwk.security"] == ["0"]
    assert packet["zbee_aps.profile"] == ["0x0109"] and packet["zbee_aps.cluster"] == ["0x0700"]
    assert packet["zbee_aps.dst"] == ["123"] and packet["zbee_aps.src"] == ["1"]
