"""Whatever arrives off the air, decoding raises SEDecodeError or succeeds: never a crash."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bridge.se  # noqa: F401
from bridge.model import GBP, Fuel, MeterIdentity, TopUpCode
from bridge.se import decode
from bridge.se.clusters import Price
from tests.bridge.se import frames as fx

METER = MeterIdentity("00:0d:6f:00:0b:00:00:01", 1, Fuel.ELECTRICITY)
NOW = datetime(2026, 1, 14, 18, tzinfo=UTC)
CLUSTERS = st.sampled_from([0x0700, 0x0702, 0x0703, 0x0705, 0x0800, 0x0000, 0xFC00])
FUZZ = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])
KW: dict[str, Any] = {"meter": METER, "origin": "f", "received_at": NOW}
CODE = TopUpCode("1" * 20)


def _decode_everything(args: Any) -> None:
    """Every command decoder on whatever was parsed (most will reject it)."""
    for call in (
        lambda: decode.price_from_publish_price(args, **KW),
        lambda: decode.tariff_from_tariff_information(args, matrix=[args], thresholds=[args],
                                                      labels=[args], **KW),
        lambda: decode.price_matrix([args], digits=2, currency=GBP),
        lambda: decode.block_thresholds([args]),
        lambda: decode.message_from_display_message(args, **KW),
        lambda: decode.message_cancelled_from_cancel_message(args, **KW),
        lambda: decode.message_cancelled_from_cancel_all(args, **KW),
        lambda: decode.top_up_result_from_response(args, currency=GBP, code=CODE, **KW),
        lambda: decode.prepayment_snapshot_attributes(args),
        lambda: decode.profile_intervals(args, decode.MeteringFormat()),
        lambda: decode.gas_conversion_from_commands(args, args),
    ):
        with contextlib.suppress(decode.SEDecodeError):
            call()


@FUZZ
@given(CLUSTERS, st.binary(max_size=80))
def test_arbitrary_frames_raise_only_se_decode_error(cluster_id, frame):
    try:
        _hdr, args = decode.decode_zcl_frame(cluster_id, frame)
    except decode.SEDecodeError:
        return
    _decode_everything(args)


@FUZZ
@given(st.sampled_from(fx.VECTORS), st.binary(max_size=60), st.integers(0, 80))
def test_mutated_real_frames(vector, junk, cut):
    cluster, side, name, _, payload = vector
    frame = fx.zcl_frame(cluster, side, name, payload)
    mutated = frame[:3 + cut] + junk
    for parse in (decode.decode_zcl_frame, decode.parse_frame):
        try:
            _hdr, args = parse(fx.CLUSTER_IDS[cluster], mutated)
        except decode.SEDecodeError:
            continue
        _decode_everything(args)


@FUZZ
@given(st.fixed_dictionaries({
    "currency": st.integers(0, 0xFFFF), "unit": st.integers(0, 0xFF),
    "digits_tier": st.integers(0, 0xFF), "start": st.integers(0, 0xFFFFFFFF),
    "duration": st.integers(0, 0xFFFF), "price": st.integers(0, 0xFFFFFFFF),
    "label": st.binary(max_size=12)}))
def test_well_formed_publish_price_with_any_values(v):
    fields = {"provider_id": 1, "rate_label": v["label"], "issuer_event_id": 1,
              "current_time": 0, "unit_of_measure": v["unit"], "currency": v["currency"],
              "price_trailing_digit_and_price_tier": v["digits_tier"],
              "number_of_price_tiers_and_register_tier": 0, "start_time": v["start"],
              "duration_in_minutes": v["duration"], "price": v["price"]}
    body = Price.ClientCommandDefs.publish_price.schema(**fields).serialize()
    try:
        _hdr, args = decode.decode_zcl_frame(0x0700, bytes([0x09, 0x01, 0x00]) + body)
        price = decode.price_from_publish_price(args, **KW)
    except decode.SEDecodeError:
        assert v["unit"] & 0x7F > 0x0D  # only an unknown unit is refused
        return
    if v["price"] == 0xFFFFFFFF:  # "no price available": not a number to show
        assert price is None
        return
    assert price is not None
    assert price.unit_price.amount == Decimal(v["price"]).scaleb(-(v["digits_tier"] >> 4))


ANY_VALUE = st.one_of(st.integers(-(2**63), 2**64), st.binary(max_size=8), st.none(),
                      st.text(max_size=4), st.floats(allow_nan=True))


@FUZZ
@given(st.dictionaries(st.integers(0, 0x0FFF), ANY_VALUE, max_size=12),
       st.dictionaries(st.sampled_from([0x0000, 0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0010,
                                        0x0031, 0x0211, 0x0216, 0x0217, 0x0301, 0x0302,
                                        0x0303, 0x0304, 0x0305, 0x0306, 0x0400, 0x0502,
                                        0x0503, 0x0610, 0x0616, 0x0617, 0x0A00, 0x0A04]),
                       ANY_VALUE, max_size=10))
def test_attribute_decoders_with_any_values(random_ids, known_ids):
    attrs = {**random_ids, **known_ids}
    calls = (
        lambda: decode.reading_from_metering_attributes(
            attrs, decode.MeteringFormat.from_attributes(attrs), meter=METER, origin="f",
            timestamp=NOW),
        lambda: decode.prepayment_from_attributes(attrs, meter=METER, origin="f",
                                                  timestamp=NOW, currency=GBP),
        lambda: decode.tariff_from_price_attributes(attrs, **KW),
        lambda: decode.gas_conversion_from_price_attributes(attrs),
    )
    for call in calls:
        with contextlib.suppress(decode.SEDecodeError):
            call()


@FUZZ
@given(st.dictionaries(st.sampled_from(["status", "profile_interval_period", "end_time",
                                        "intervals", "snapshot_payload_type",
                                        "snapshot_payload", "snapshot_time", "result_type",
                                        "top_up_value", "credit_remaining", "source_of_top_up",
                                        "message_control", "message_id", "message",
                                        "start_time", "duration_in_minutes"]),
                       ANY_VALUE, max_size=16))
def test_command_decoders_with_junk_fields(fields):
    _decode_everything(SimpleNamespace(**fields))
