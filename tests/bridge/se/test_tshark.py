"""Wireshark's Zigbee SE dissector as an independent reader of the frames we build and
decode: every frame goes into one pcap (tshark runs once for the module), and the fields
tshark reads must equal the values our definitions and decoders produce.

The frames: the §8 golden vectors, our own encodings with other values, and a seeded batch
of random PublishPrice / ConsumerTopUpResponse / DisplayMessage frames.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from bridge.model import GBP, Fuel, MeterIdentity, TopUpCode
from bridge.se import decode
from bridge.se.clusters import Messaging, Metering, Prepayment, Price
from tests.bridge.se import frames as fx
from tests.tshark_util import dissect, needs_tshark

pytestmark = [pytest.mark.tshark, needs_tshark]

METER = MeterIdentity("00:0d:6f:00:0b:00:00:01", 1, Fuel.ELECTRICITY)
NOW = datetime(2026, 1, 14, 18, tzinfo=UTC)
ESME, IHD = 0x3A71, 0x5E10
RANDOM_FRAMES = 20


def _frame(cluster: type, zcl: bytes, *, from_meter: bool) -> dict[str, Any]:
    return {"src_nwk": ESME if from_meter else IHD, "dst_nwk": IHD if from_meter else ESME,
            "src_ep": 1, "dst_ep": 1, "cluster_id": fx.CLUSTER_IDS[cluster], "zcl": zcl}


def _payload(cluster: type, side: str, name: str, **fields: Any) -> bytes:
    return fx.command_def(cluster, side, name).schema(**fields).serialize()


def _cmd(cluster: type, side: str, name: str, tsn: int = 1, **fields: Any) -> bytes:
    return fx.zcl_frame(cluster, side, name, _payload(cluster, side, name, **fields), tsn)


def _random_publish_price(rng: random.Random) -> bytes:
    return _cmd(Price, "client", "publish_price", tsn=rng.randrange(256),
                provider_id=rng.randrange(2**32),
                rate_label="".join(rng.choice("ABCXYZ ") for _ in range(rng.randrange(1, 13)))
                .strip().encode() or b"R",
                issuer_event_id=rng.randrange(2**32), current_time=rng.randrange(2**31),
                unit_of_measure=0, currency=rng.choice([826, 840, 978]),
                price_trailing_digit_and_price_tier=(rng.randrange(10) << 4) | rng.randrange(1, 8),
                number_of_price_tiers_and_register_tier=0x41,
                start_time=rng.randrange(2**31), duration_in_minutes=rng.randrange(2**16),
                price=rng.randrange(2**32), price_ratio=0xFF,
                generation_price=rng.randrange(2**32 - 1), generation_price_ratio=0xFF)


def _random_top_up_response(rng: random.Random) -> bytes:
    return _cmd(Prepayment, "client", "consumer_top_up_response", tsn=rng.randrange(256),
                result_type=rng.choice([0, 1, 2, 3, 4, 5, 6, 0x10, 0x11, 0x12]),
                top_up_value=rng.randrange(-(2**31), 2**31), source_of_top_up=rng.randrange(3),
                credit_remaining=rng.randrange(-(2**31), 2**31))


def _random_display_message(rng: random.Random) -> bytes:
    # ASCII only: Wireshark 4.0 shows ZCL character strings as ASCII (a UTF-8 "£" becomes
    # two replacement characters there), so non-ASCII text cannot be cross-checked.
    text = "".join(rng.choice("abc XYZ 0123.,!") for _ in range(rng.randrange(1, 40))).strip()
    return _cmd(Messaging, "client", "display_message", tsn=rng.randrange(256),
                message_id=rng.randrange(2**32), message_control=rng.randrange(256) & 0xAF,
                start_time=rng.randrange(2**31), duration_in_minutes=rng.randrange(2**16),
                message=text or "x", extended_message_control=0)


REPORT = fx.attribute_report(5, [(0x0000, 0x25, (12_345_678).to_bytes(6, "little")),
                                 (0x0400, 0x2A, (-1500).to_bytes(3, "little", signed=True))])
CONFIRMATION = _cmd(Messaging, "server", "message_confirmation", message_id=0x42,
                    confirmation_time=0x01020304,
                    message_confirmation_control=0x01, message_response=b"Yes")
SIM_TOP_UP = _cmd(Prepayment, "server", "consumer_top_up", originating_device=2,
                  top_up_code=decode.encode_top_up_code(TopUpCode("12345678901234567890")))
TARIFF_WITH_FIGURES = _cmd(
    Price, "client", "publish_tariff_information", provider_id=6699, issuer_event_id=9,
    issuer_tariff_id=77, start_time=decode.utc_time(NOW), tariff_type_and_charging_scheme=0x10,
    tariff_label=b"Fix 2026", number_of_price_tiers_in_use=0,
    number_of_block_thresholds_in_use=2, unit_of_measure=0, currency=826,
    price_trailing_digit=0x40, standing_charge=6012, tier_block_mode=0,
    block_threshold_multiplier=1, block_threshold_divisor=1000)

FIXED: dict[str, tuple[type, bytes, bool]] = {
    "publish_price": (Price, fx.GOLDEN_PUBLISH_PRICE, True),
    "publish_price_short": (Price, fx.GOLDEN_PUBLISH_PRICE[:3 + 36], True),
    "tariff_information": (Price, fx.GOLDEN_TARIFF_INFORMATION, True),
    "tariff_with_figures": (Price, TARIFF_WITH_FIGURES, True),
    "price_matrix": (Price, fx.GOLDEN_PRICE_MATRIX, True),
    "block_thresholds": (Price, fx.GOLDEN_BLOCK_THRESHOLDS, True),
    "consumer_top_up": (Prepayment, fx.GOLDEN_CONSUMER_TOP_UP, False),
    "sim_top_up": (Prepayment, SIM_TOP_UP, False),
    "top_up_response": (Prepayment, fx.GOLDEN_TOP_UP_RESPONSE, True),
    "display_message": (Messaging, fx.GOLDEN_DISPLAY_MESSAGE, True),
    "message_confirmation": (Messaging, CONFIRMATION, False),
    "get_profile_response": (Metering, fx.GOLDEN_GET_PROFILE_RESPONSE, True),
    "attribute_report": (Metering, REPORT, True),
}


def _random_frames() -> list[tuple[str, type, bytes]]:
    rng = random.Random(20260114)
    out = []
    for n in range(RANDOM_FRAMES):
        out.append((f"price{n}", Price, _random_publish_price(rng)))
        out.append((f"topup{n}", Prepayment, _random_top_up_response(rng)))
        out.append((f"msg{n}", Messaging, _random_display_message(rng)))
    return out


@pytest.fixture(scope="module")
def packets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, list[str]]]:
    names, batch = [], []
    for name, (cluster, zcl, from_meter) in FIXED.items():
        names.append(name)
        batch.append(_frame(cluster, zcl, from_meter=from_meter))
    for name, cluster, zcl in _random_frames():
        names.append(name)
        batch.append(_frame(cluster, zcl, from_meter=True))
    dissected = dissect(batch, tmp_path_factory.mktemp("tshark"))
    assert len(dissected) == len(batch)
    return dict(zip(names, dissected, strict=True))


def _ours(cluster_id: int, zcl: bytes) -> Any:
    return decode.decode_zcl_frame(cluster_id, zcl)[1]


def _one(packet: dict[str, list[str]], field: str) -> str:
    values = packet[field]
    assert len(values) == 1, (field, values)
    return values[0]


def _utc(text: str) -> datetime:
    return datetime.strptime(text.replace("  ", " "), "%b %d, %Y %H:%M:%S.%f000 UTC").replace(
        tzinfo=UTC)


def _assert_publish_price(packet: dict[str, list[str]], zcl: bytes) -> None:
    cmd = _ours(0x0700, zcl)
    price = decode.price_from_publish_price(cmd, meter=METER, origin="t", received_at=NOW)
    assert "zbee_zcl_se.price" in packet["frame.protocols"][0]
    assert int(_one(packet, "zbee_zcl_se.price.provider_id")) == price.provider_id
    assert int(_one(packet, "zbee_zcl_se.price.issuer_event_id")) == price.issuer_event_id
    assert _one(packet, "zbee_zcl_se.price.rate_label") == price.rate_label
    digits = int(_one(packet, "zbee_zcl_se.price.trailing_digit"), 16)
    raw = int(_one(packet, "zbee_zcl_se.price.price"))
    assert Decimal(raw).scaleb(-digits) == price.unit_price.amount
    assert int(_one(packet, "zbee_zcl_se.price.tier"), 16) == price.tier
    assert int(_one(packet, "zbee_zcl_se.price.currency"), 16) == price.unit_price.currency.numeric
    minutes = int(_one(packet, "zbee_zcl_se.price.duration_in_minutes"))
    assert (None if minutes == 0xFFFF else minutes * 60) == (
        None if price.duration is None else price.duration.total_seconds())
    start = _utc(_one(packet, "zbee_zcl_se.price.start_time"))
    assert start == (decode.UTC_EPOCH_2000 if price.start == NOW else price.start)
    if "zbee_zcl_se.price.generation_price" in packet:
        gen = int(_one(packet, "zbee_zcl_se.price.generation_price"))
        if price.unit_price.currency.code == "GBP":
            # GBCS: the octets after Price mean nothing from a GB meter; Wireshark does
            # not know GBCS and shows them as SE 1.2 fields.
            assert price.generation_price is None
        elif gen == 0xFFFFFFFF:  # not used
            assert price.generation_price is None
        else:
            assert price.generation_price is not None
            assert Decimal(gen).scaleb(-digits) == price.generation_price.amount


def test_publish_price(packets):
    _assert_publish_price(packets["publish_price"], fx.GOLDEN_PUBLISH_PRICE)
    p = packets["publish_price"]
    assert _one(p, "zbee_zcl_se.price.rate_label") == "Standard"
    assert _one(p, "zbee_zcl_se.price.price") == "2450"
    assert _one(p, "zbee_zcl_se.price.trailing_digit") == "0x05"  # => £0.02450/kWh


def test_publish_price_without_optional_fields(packets):
    p = packets["publish_price_short"]
    _assert_publish_price(p, fx.GOLDEN_PUBLISH_PRICE[:3 + 36])
    assert "zbee_zcl_se.price.price_ratio" not in p


@pytest.mark.parametrize("n", range(RANDOM_FRAMES))
def test_random_publish_price(packets, n):
    frames = dict((name, zcl) for name, _, zcl in _random_frames())
    _assert_publish_price(packets[f"price{n}"], frames[f"price{n}"])


@pytest.mark.parametrize("name", ["tariff_information", "tariff_with_figures"])
def test_publish_tariff_information(packets, name):
    zcl = FIXED[name][1]
    p = packets[name]
    info = _ours(0x0700, zcl)
    tariff = decode.tariff_from_tariff_information(info, meter=METER, origin="t",
                                                   received_at=NOW)
    prefix = "zbee_zcl_se.price.tariff_information."
    assert _one(p, prefix + "tariff_label") == tariff.label
    assert int(_one(p, "zbee_zcl_se.price.issuer_tariff_id")) == tariff.issuer_tariff_id
    # Wireshark lists the byte (0x50 → "80"), then its bits 7-4 ("5").
    byte, digits = (int(v) for v in p[prefix + "price.trailing_digit"])
    assert digits == byte >> 4 == decode.trailing_digits(int(info.price_trailing_digit))
    standing = int(_one(p, prefix + "standing_charge"))
    assert tariff.standing_charge_per_day is not None
    assert Decimal(standing).scaleb(-digits) == tariff.standing_charge_per_day.amount
    assert int(_one(p, "zbee_zcl_se.price.currency"), 16) == \
        tariff.standing_charge_per_day.currency.numeric
    assert int(_one(p, prefix + "block_threshold_divisor")) == int(info.block_threshold_divisor)


def test_publish_tariff_information_user_values(packets):
    # £0.05234 a day from the golden frame; £0.6012 a day from ours (4 decimals).
    for name, amount in (("tariff_information", "0.05234"), ("tariff_with_figures", "0.6012")):
        tariff = decode.tariff_from_tariff_information(
            _ours(0x0700, FIXED[name][1]), meter=METER, origin="t", received_at=NOW)
        assert tariff.standing_charge_per_day is not None
        assert tariff.standing_charge_per_day.amount == Decimal(amount)


def test_publish_price_matrix(packets):
    p = packets["price_matrix"]
    cmd = _ours(0x0700, fx.GOLDEN_PRICE_MATRIX)
    ours = decode.price_matrix([cmd], digits=5, currency=GBP)
    theirs = dict(zip(p["zbee_zcl_se.price.price_matrix.tier"],
                      p["zbee_zcl_se.price.price_matrix.price"], strict=True))
    assert {(int(k), 1): Decimal(int(v)).scaleb(-5) for k, v in theirs.items()} == {
        k: m.amount for k, m in ours.items()}
    assert _one(p, "zbee_zcl_se.price.price_matrix.sub_payload_control") == "1"


def test_publish_block_thresholds(packets):
    p = packets["block_thresholds"]
    cmd = _ours(0x0700, fx.GOLDEN_BLOCK_THRESHOLDS)
    ours = decode.block_thresholds([cmd])
    tiers = [int(x) for x in p["zbee_zcl_se.price.block_thresholds.tier"]]
    counts = [int(x) for x in p["zbee_zcl_se.price.tariff_information.number_of_block_thresholds"]]
    values = [Decimal(int(x)) for x in p["zbee_zcl_se.price.block_threshold"]]
    theirs: dict[int, tuple[Decimal, ...]] = {}
    for tier, count in zip(tiers, counts, strict=True):
        theirs[tier], values = tuple(values[:count]), values[count:]
    assert theirs == ours == {1: (Decimal(1000), Decimal(2000)), 2: (Decimal(3000),)}


@pytest.mark.parametrize("name", ["consumer_top_up", "sim_top_up"])
def test_consumer_top_up(packets, name):
    p = packets[name]
    cmd = _ours(0x0705, FIXED[name][1])
    prefix = "zbee_zcl_se.pp.consumer_top_up."
    assert int(_one(p, prefix + "originating_device")) == int(cmd.originating_device) == 2
    code = bytes.fromhex(_one(p, prefix + "top_up_code").replace(":", ""))
    assert code == bytes(cmd.top_up_code)
    assert len(code) == 20 and code.isdigit()


def _assert_top_up_response(p: dict[str, list[str]], zcl: bytes) -> None:
    rsp = _ours(0x0705, zcl)
    prefix = "zbee_zcl_se.pp.consumer_top_up_response."
    assert int(_one(p, prefix + "result_type")) == int(rsp.result_type)
    assert int(_one(p, prefix + "top_up_value")) == int(rsp.top_up_value)
    assert int(_one(p, prefix + "source_of_top_up")) == int(rsp.source_of_top_up)
    assert int(_one(p, prefix + "credit_remaining")) == int(rsp.credit_remaining)
    result = decode.top_up_result_from_response(
        rsp, meter=METER, origin="t", received_at=NOW, currency=GBP,
        code=TopUpCode("12345678901234567890"))
    assert result.credit_remaining is not None
    assert result.credit_remaining.amount == Decimal(
        int(_one(p, prefix + "credit_remaining"))).scaleb(-2)


def test_consumer_top_up_response(packets):
    _assert_top_up_response(packets["top_up_response"], fx.GOLDEN_TOP_UP_RESPONSE)


@pytest.mark.parametrize("n", range(RANDOM_FRAMES))
def test_random_top_up_response(packets, n):
    frames = dict((name, zcl) for name, _, zcl in _random_frames())
    _assert_top_up_response(packets[f"topup{n}"], frames[f"topup{n}"])


def _assert_display_message(p: dict[str, list[str]], zcl: bytes) -> None:
    cmd = _ours(0x0703, zcl)
    msg = decode.message_from_display_message(cmd, meter=METER, origin="t", received_at=NOW)
    assert _one(p, "zbee_zcl_se.msg.message") == msg.text
    assert int(_one(p, "zbee_zcl_se.msg.message.id"), 16) == msg.message_id
    assert int(_one(p, "zbee_zcl_se.msg.message.ctrl.importance"), 16) == msg.importance
    confirm = _one(p, "zbee_zcl_se.msg.message.ctrl.confirm") == "1"
    enhanced = _one(p, "zbee_zcl_se.msg.message.ctrl.enhconfirm") == "1"
    assert (confirm or enhanced) == msg.confirmation_required


def test_display_message(packets):
    _assert_display_message(packets["display_message"], fx.GOLDEN_DISPLAY_MESSAGE)


@pytest.mark.parametrize("n", range(RANDOM_FRAMES))
def test_random_display_message(packets, n):
    frames = dict((name, zcl) for name, _, zcl in _random_frames())
    _assert_display_message(packets[f"msg{n}"], frames[f"msg{n}"])


def test_message_confirmation(packets):
    p = packets["message_confirmation"]
    cmd = _ours(0x0703, CONFIRMATION)
    assert _one(p, "zbee_zcl.dir") == "0"  # client → server
    assert int(_one(p, "zbee_zcl_se.msg.message.id"), 16) == int(cmd.message_id)
    assert _utc(_one(p, "zbee_zcl_se.msg.message.confirm_time")) == decode.from_utc_time(
        int(cmd.confirmation_time))
    assert _one(p, "zbee_zcl_se.msg.message.confirm.ctrl") == "1"
    assert _one(p, "zbee_zcl_se.msg.message") == bytes(cmd.message_response).decode()


def test_get_profile_response(packets):
    p = packets["get_profile_response"]
    rsp = _ours(0x0702, fx.GOLDEN_GET_PROFILE_RESPONSE)
    prefix = "zbee_zcl_se.met.get_profile_response."
    assert [int(v) for v in p[prefix + "intervals"]] == [int(v) for v in rsp.intervals]
    assert int(_one(p, prefix + "number_of_periods_delivered")) == len(rsp.intervals)
    fmt = decode.MeteringFormat(divisor=1000)
    intervals = decode.profile_intervals(rsp, fmt)
    # Oldest first in ours, most recent first on the wire.
    assert [v for _, v in intervals] == [Decimal("0.3"), Decimal("0.2"), Decimal("0.1")]


def test_metering_attribute_report(packets):
    p = packets["attribute_report"]
    _hdr, attrs = decode.decode_zcl_frame(0x0702, REPORT)
    assert [int(a, 16) for a in p["zbee_zcl_se.met.attr_id"]] == list(attrs)
    assert int(_one(p, "zbee_zcl.attr.uint48")) == attrs[0x0000]
    assert int(_one(p, "zbee_zcl.attr.int24")) == attrs[0x0400]
    fmt = decode.MeteringFormat(multiplier=1, divisor=1000)
    reading = decode.reading_from_metering_attributes(attrs, fmt, meter=METER, origin="t",
                                                      timestamp=NOW)
    assert reading is not None
    assert reading.energy_delivered_kwh == Decimal("12345.678")
    assert reading.demand_kw == Decimal("-1.5")  # exporting 1.5 kW


def test_wireshark_finds_nothing_malformed(packets):
    bad = {name: p for name, p in packets.items()
           if "_ws.malformed" in p or "_ws.expert" in p}
    assert not bad, {name: p.get("_ws.expert.message") for name, p in bad.items()}
