"""Device Management 0x0708 PublishChangeOfTenancy: the bytes a comms hub sends, our
decoding of them into a TenancyChange, and Wireshark reading the same frame."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bridge.model import Fuel, MeterIdentity, TenancyChangeControl
from bridge.se import decode
from bridge.se.clusters import DeviceManagement
from tests.tshark_util import dissect, needs_tshark

METER = MeterIdentity("00:0d:6f:00:0c:00:00:02", 0x7B, Fuel.GAS)
NOW = datetime(2026, 1, 14, 18, tzinfo=UTC)
# Frame control 0x19: cluster-specific, server to client, no default response; TSN 0x2A;
# command 0x00; provider 0x0000ABCD; issuer event 77; tariff type 0; implementation
# 2026-01-06 16:36:16 UTC (0x30EFF680 s after 2000); control 0x00000602 = post-snapshots,
# clear IHD data (consumer) and (supplier). All little-endian, as ZCL is.
FRAME = bytes.fromhex("19 2a 00 cdab0000 4d000000 00 80f6ef30 02060000")
EFFECTIVE = datetime(2026, 1, 6, 16, 36, 16, tzinfo=UTC)


def test_publish_change_of_tenancy_decodes_field_by_field() -> None:
    hdr, args = decode.decode_zcl_frame(0x0708, FRAME)
    assert (hdr.tsn, hdr.command_id) == (0x2A, 0x00)
    change = decode.tenancy_change_from_publish(args, meter=METER, origin="t",
                                                received_at=NOW)
    assert change.provider_id == 0xABCD and change.issuer_event_id == 77
    assert change.effective == EFFECTIVE
    assert change.control == (TenancyChangeControl.POST_SNAPSHOTS
                              | TenancyChangeControl.CLEAR_IHD_DATA_CONSUMER
                              | TenancyChangeControl.CLEAR_IHD_DATA_SUPPLIER)
    assert change.clears_display


def test_our_encoding_is_the_same_bytes() -> None:
    command = DeviceManagement.ClientCommandDefs.publish_change_of_tenancy
    payload = command.schema(provider_id=0xABCD, issuer_event_id=77, tariff_type=0,
                             implementation_date_time=0x30EFF680,
                             proposed_tenancy_change_control=0x602).serialize()
    assert payload == FRAME[3:]


def test_now_and_a_control_that_keeps_the_display() -> None:
    frame = bytes.fromhex("19 01 00 01000000 02000000 00 00000000 01000000")
    _, args = decode.decode_zcl_frame(0x0708, frame)
    change = decode.tenancy_change_from_publish(args, meter=METER, origin="t",
                                                received_at=NOW)
    assert change.effective == NOW  # implementation time 0 means now
    assert not change.clears_display  # only pre-snapshots: nothing for the IHD to clear


@pytest.mark.parametrize("cut", [4, 12, 17])
def test_a_truncated_frame_is_a_clear_error(cut: int) -> None:
    with pytest.raises(decode.SEDecodeError):
        _, args = decode.decode_zcl_frame(0x0708, FRAME[:cut])
        decode.tenancy_change_from_publish(args, meter=METER, origin="t", received_at=NOW)


@pytest.mark.tshark
@needs_tshark
def test_wireshark_reads_the_same_frame(tmp_path: Path) -> None:
    fields = dissect([{"src_nwk": 0x796F, "dst_nwk": 0x5E10, "src_ep": 1, "dst_ep": 1,
                       "cluster_id": 0x0708, "zcl": FRAME}], tmp_path)[0]
    prefix = "zbee_zcl_se.device_management.publish_change_of_tenancy."
    assert fields[prefix + "provider_id"] == ["0x0000abcd"]
    assert fields[prefix + "issuer_event_id"] == ["0x0000004d"]
    assert fields[prefix + "implementation_date"][0].startswith("Jan  6, 2026 16:36:16")
    control = int(fields[prefix + "proposed_tenancy_change_control"][0], 16)
    # Wireshark 4.0 shows this map32 byte-swapped (0x02060000 for 0x00000602): its
    # dissector reads the field big-endian, unlike every other ZCL integer. Accept its
    # reading only as exactly our value or exactly that swap.
    assert control in (0x602, int.from_bytes((0x602).to_bytes(4, "little"), "big"))
