"""Whatever arrives off the air, decoding raises SEDecodeError or succeeds: never a crash."""

from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bridge.se  # noqa: F401
from bridge.model import GBP, Fuel, MeterIdentity, TopUpCode
from bridge.se import decode
from bridge.se.clusters import Price

METER = MeterIdentity("00:0d:6f:00:0b:00:00:01", 1, Fuel.ELECTRICITY)
NOW = datetime(2026, 1, 14, 18, tzinfo=UTC)
CLUSTERS = st.sampled_from([0x0700, 0x0702, 0x0703, 0x0705])
FUZZ = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


def _decode_everything(cluster_id, hdr, args):
    if cluster_id == 0x0700 and hdr.command_id == 0 and hasattr(args, "rate_label"):
        decode.price_from_publish_price(args, meter=METER, origin="f", received_at=NOW)
    if cluster_id == 0x0703 and hasattr(args, "message_control") and hasattr(args, "message"):
        decode.message_from_display_message(args, meter=METER, origin="f", received_at=NOW)
    if cluster_id == 0x0705 and hasattr(args, "result_type"):
        decode.top_up_result_from_response(args, meter=METER, origin="f", received_at=NOW,
                                           currency=GBP, code=TopUpCode("1" * 20))
    if cluster_id == 0x0702 and hasattr(args, "intervals"):
        decode.profile_intervals(args, decode.MeteringFormat())


@FUZZ
@given(CLUSTERS, st.binary(max_size=80))
def test_arbitrary_frames_raise_only_se_decode_error(cluster_id, frame):
    try:
        hdr, args = decode.parse_frame(cluster_id, frame)
        _decode_everything(cluster_id, hdr, args)
    except decode.SEDecodeError:
        pass


@FUZZ
@given(st.sampled_from([0x00, 0x03, 0x01]), st.binary(min_size=1, max_size=70))
def test_server_to_client_cluster_commands_with_random_payloads(command_id, payload):
    cluster_id = {0x00: 0x0700, 0x03: 0x0705, 0x01: 0x0703}[command_id]
    frame = bytes([0x09, 0x01, command_id]) + payload
    try:
        hdr, args = decode.parse_frame(cluster_id, frame)
        _decode_everything(cluster_id, hdr, args)
    except decode.SEDecodeError:
        pass


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
    frame = bytes([0x09, 0x01, 0x00]) + Price.client_commands[0].schema(**fields).serialize()
    try:
        _hdr, args = decode.parse_frame(0x0700, frame)
        price = decode.price_from_publish_price(args, meter=METER, origin="f", received_at=NOW)
    except decode.SEDecodeError:
        return
    assert price.unit_price.amount >= 0


@FUZZ
@given(st.dictionaries(st.sampled_from([0x0300, 0x0301, 0x0302, 0x0303, 0x0304, 0x0306]),
                       st.integers(-(2**31), 2**48), max_size=6),
       st.dictionaries(st.sampled_from([0x0000, 0x0001, 0x0400]),
                       st.integers(-(2**31), 2**48), min_size=1, max_size=3))
def test_metering_attributes_with_any_values(fmt_attrs, values):
    try:
        fmt = decode.MeteringFormat.from_attributes(fmt_attrs)
        decode.reading_from_metering_attributes(values, fmt, meter=METER, origin="f",
                                                timestamp=NOW)
    except decode.SEDecodeError:
        pass
