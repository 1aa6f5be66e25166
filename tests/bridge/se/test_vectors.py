"""Byte-level vectors for the SE commands an IHD sends and receives.

Golden frames are the hand-built examples of shared/reference/se-clusters.md §8. Each is
parsed with our cluster definitions, re-serialised to the same bytes, decoded into the
model, and given to Wireshark's Zigbee SE dissector to check the fields independently.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
import zigpy.zcl.foundation as foundation

import bridge.se  # noqa: F401  (registers the clusters)
from bridge.model import (
    GBP,
    Fuel,
    MessageImportance,
    MeterIdentity,
    TopUpCode,
    TopUpResultCode,
    UnitOfMeasure,
)
from bridge.se import decode
from bridge.se.clusters import Messaging, Prepayment, Price
from bridge.sim.home import utc_seconds
from tests.tshark_util import dissect, needs_tshark

METER = MeterIdentity("00:0d:6f:00:0b:00:00:01", 1, Fuel.ELECTRICITY)
NOW = datetime(2026, 1, 14, 18, tzinfo=UTC)
SE_METERING = 0x0702


def h(text: str) -> bytes:
    return bytes.fromhex(text.replace(" ", ""))


# (name, cluster class, direction, command id, ZCL frame)
GOLDEN = {
    "publish_price": (Price, "client", 0x00, h(
        "09 01 00 44 33 22 11 08 53 74 61 6e 64 61 72 64 0d 0c 0b 0a 00 00 00 2b 00 3a 03"
        " 51 11 00 00 00 00 ff ff 92 09 00 00 ff ff ff ff ff ff ff ff ff ff ff ff ff"
        " 00 00 00 00 00 00")),
    "publish_tariff_information": (Price, "client", 0x04, h(
        "09 01 04 44 33 22 11 0f 0c 0b 0a 07 00 00 00 00 00 00 00 00 06 54 61 72 69 66 66"
        " 02 00 00 3a 03 50 72 14 00 00 ff 01 00 00 01 00 00")),
    "publish_price_matrix": (Price, "client", 0x05, h(
        "09 01 05 44 33 22 11 11 0c 0b 0a 00 00 00 00 07 00 00 00 00 01 01 01 92 09 00 00"
        " 02 b0 04 00 00")),
    "publish_block_thresholds": (Price, "client", 0x06, h(
        "09 01 06 44 33 22 11 10 0c 0b 0a 00 00 00 00 07 00 00 00 00 01 00 12 e8 03 00 00"
        " 00 00 d0 07 00 00 00 00 21 b8 0b 00 00 00 00")),
    "consumer_top_up": (Prepayment, "server", 0x04, h(
        "01 01 04 02 14 37 33 31 32 33 34 35 36 37 38 39 30 31 32 33 34 35 36 37 38")),
    "consumer_top_up_response": (Prepayment, "client", 0x03, h(
        "09 01 03 00 e8 03 00 00 02 c4 09 00 00")),
    "display_message": (Messaging, "client", 0x00, h(
        "09 01 00 42 00 00 00 88 00 00 00 00 ff ff 05 48 65 6c 6c 6f 00")),
}


def parse(cluster, direction, command_id, frame):
    hdr, rest = foundation.ZCLHeader.deserialize(frame)
    assert hdr.command_id == command_id
    assert bool(hdr.frame_control.direction) == (direction == "client")
    defs = cluster.client_commands if direction == "client" else cluster.server_commands
    args, leftover = defs[command_id].schema.deserialize(rest)
    assert leftover == b""
    return hdr, args, rest


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden_frames_parse_and_reserialise_to_the_same_bytes(name):
    cluster, direction, command_id, frame = GOLDEN[name]
    hdr, args, rest = parse(cluster, direction, command_id, frame)
    assert args.serialize() == rest
    assert hdr.serialize() + args.serialize() == frame


def test_publish_price_decodes_to_what_a_user_sees():
    _, args, _ = parse(*GOLDEN["publish_price"][:3], GOLDEN["publish_price"][3])
    price = decode.price_from_publish_price(args, meter=METER, origin="t", received_at=NOW)
    assert price.unit_price.amount == Decimal("0.02450")  # 2450 with 5 trailing digits
    assert price.unit_price.currency == GBP
    assert price.tier == 1 and price.rate_label == "Standard"
    assert price.start == NOW and price.duration is None  # start 0 = now, 0xFFFF = until changed
    assert price.generation_price is None  # 0xFFFFFFFF = not used
    assert price.unit == UnitOfMeasure.KWH
    assert price.provider_id == 0x11223344 and price.issuer_event_id == 0x0A0B0C0D


def test_publish_price_without_the_optional_tail_still_decodes():
    frame = GOLDEN["publish_price"][3]
    short = frame[:3 + 4 + 9 + 4 + 4 + 1 + 2 + 1 + 1 + 4 + 2 + 4]  # stops after Price
    _, args, _ = parse(Price, "client", 0x00, short)
    assert args.price == 2450 and args.generation_price is None
    price = decode.price_from_publish_price(args, meter=METER, origin="t", received_at=NOW)
    assert price.unit_price.amount == Decimal("0.02450")


def test_block_thresholds_and_price_matrix_sub_payloads():
    _, args, _ = parse(Price, "client", 0x06, GOLDEN["publish_block_thresholds"][3])
    assert list(args.thresholds) == [(1, [1000, 2000]), (2, [3000])]
    _, args, _ = parse(Price, "client", 0x05, GOLDEN["publish_price_matrix"][3])
    assert [(e.tier_block_id, e.price) for e in args.entries] == [(1, 2450), (2, 1200)]


def test_top_up_response_and_message_decode():
    _, rsp, _ = parse(Prepayment, "client", 0x03, GOLDEN["consumer_top_up_response"][3])
    code = TopUpCode("73123456789012345678")
    result = decode.top_up_result_from_response(rsp, meter=METER, origin="t", received_at=NOW,
                                                currency=GBP, code=code)
    assert result.result == TopUpResultCode.ACCEPTED
    assert result.value is not None and result.value.amount == Decimal("10.00")
    assert result.credit_remaining is not None
    assert result.credit_remaining.amount == Decimal("25.00")
    assert result.code_masked == "••••••••••••••••5678"
    _, msg, _ = parse(Messaging, "client", 0x00, GOLDEN["display_message"][3])
    message = decode.message_from_display_message(msg, meter=METER, origin="t",
                                                  received_at=NOW)
    assert message.text == "Hello" and message.message_id == 0x42
    assert message.importance == MessageImportance.HIGH and message.confirmation_required


def test_our_consumer_top_up_is_the_golden_frame():
    code = TopUpCode("73123456789012345678")
    schema = Prepayment.server_commands[0x04].schema
    body = schema(originating_device=2, top_up_code=decode.encode_top_up_code(code)).serialize()
    assert body == GOLDEN["consumer_top_up"][3][3:]


# ----------------------------------------------------------------------------------------
# Independent check: Wireshark's dissector reads the same fields out of the same bytes.


def _frame(cluster_id, frame, direction):
    from_meter = direction == "client"
    return {"src_nwk": 0x3A71 if from_meter else 0, "dst_nwk": 0 if from_meter else 0x3A71,
            "src_ep": 1, "dst_ep": 1, "cluster_id": cluster_id, "zcl": frame}


def _sim_publish_price_frame():
    fields = {"provider_id": 6699, "rate_label": b"Peak", "issuer_event_id": 1001,
              "current_time": utc_seconds(NOW), "unit_of_measure": 0, "currency": 826,
              "price_trailing_digit_and_price_tier": 0x53,
              "number_of_price_tiers_and_register_tier": 0x33,
              "start_time": utc_seconds(NOW.replace(hour=16)), "duration_in_minutes": 180,
              "price": 38200, "price_ratio": 0xFF, "generation_price": 15000,
              "generation_price_ratio": 0xFF, "alternate_cost_delivered": 0xFFFFFFFF,
              "alternate_cost_unit": 0xFF, "alternate_cost_trailing_digit": 0xFF,
              "number_of_block_thresholds": 0, "price_control": 0}
    hdr = foundation.ZCLHeader.cluster(tsn=9, command_id=0,
                                       direction=foundation.Direction.Server_to_Client)
    return hdr.serialize() + Price.client_commands[0].schema(**fields).serialize()


@needs_tshark
def test_wireshark_agrees_with_our_reading_of_every_vector(tmp_path):
    cluster_ids = {Price: 0x0700, Prepayment: 0x0705, Messaging: 0x0703}
    names = sorted(GOLDEN)
    frames = [_frame(cluster_ids[GOLDEN[n][0]], GOLDEN[n][3], GOLDEN[n][1]) for n in names]
    frames.append(_frame(0x0700, _sim_publish_price_frame(), "client"))
    frames.append(_frame(SE_METERING, h("09 01 00 00 00 00 2b 00 02 03 64 00 00 c8 00 00 2c 01 00"),
                         "client"))
    packets = dissect(frames, tmp_path)
    by_name = dict(zip([*names, "sim_publish_price", "get_profile_response"], packets,
                       strict=True))

    p = by_name["publish_price"]
    assert p["zbee_zcl_se.price.provider_id"] == [str(0x11223344)]
    assert p["zbee_zcl_se.price.rate_label"] == ["Standard"]
    assert p["zbee_zcl_se.price.price"] == ["2450"]
    assert p["zbee_zcl_se.price.trailing_digit"] == ["0x05"]
    assert p["zbee_zcl_se.price.tier"] == ["0x01"]
    assert int(p["zbee_zcl_se.price.currency"][0], 16) == 826

    sim = by_name["sim_publish_price"]
    _, ours, _ = parse(Price, "client", 0, _sim_publish_price_frame())
    decoded = decode.price_from_publish_price(ours, meter=METER, origin="t", received_at=NOW)
    assert sim["zbee_zcl_se.price.price"] == [str(ours.price)]
    digits = int(sim["zbee_zcl_se.price.trailing_digit"][0], 16)
    assert Decimal(int(sim["zbee_zcl_se.price.price"][0])).scaleb(-digits) == \
        decoded.unit_price.amount
    assert sim["zbee_zcl_se.price.rate_label"] == ["Peak"]
    assert sim["zbee_zcl_se.price.duration_in_minutes"] == ["180"]
    assert sim["zbee_zcl_se.price.generation_price"] == ["15000"]
    assert "16:00:00" in sim["zbee_zcl_se.price.start_time"][0]

    t = by_name["publish_tariff_information"]
    assert t["zbee_zcl_se.price.tariff_information.tariff_label"] == ["Tariff"]
    assert t["zbee_zcl_se.price.tariff_information.standing_charge"] == ["5234"]
    _, info, _ = parse(*GOLDEN["publish_tariff_information"][:3],
                       GOLDEN["publish_tariff_information"][3])
    assert info.standing_charge == 5234 and bytes(info.tariff_label) == b"Tariff"

    top = by_name["consumer_top_up"]
    assert top["zbee_zcl_se.pp.consumer_top_up.originating_device"] == ["2"]
    code_hex = top["zbee_zcl_se.pp.consumer_top_up.top_up_code"][0].replace(":", "")
    assert bytes.fromhex(code_hex) == b"73123456789012345678"

    msg = by_name["display_message"]
    assert msg["zbee_zcl_se.msg.message"] == ["Hello"]
    assert msg["zbee_zcl_se.msg.message.id"] == ["0x00000042"]
    assert msg["zbee_zcl_se.msg.message.ctrl.importance"] == ["0x02"]  # high, as we decode
    assert msg["zbee_zcl_se.msg.message.ctrl.confirm"] == ["1"]

    prof = by_name["get_profile_response"]
    assert prof["zbee_zcl_se.met.get_profile_response.number_of_periods_delivered"] == ["3"]
    intervals = prof["zbee_zcl_se.met.get_profile_response.intervals"]
    assert [int(v) for v in intervals] == [100, 200, 300]
