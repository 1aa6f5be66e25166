"""Decoding into what a user sees: scaling and formatting rules (the most common complaint
about existing integrations), prices, tariffs, credit, top-ups and messages."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
import zigpy.zcl.foundation as foundation

from bridge.model import (
    GBP,
    USD,
    CreditStatus,
    EmergencyCreditState,
    Fuel,
    GasConversion,
    MessageCancelled,
    MessageImportance,
    MeterIdentity,
    Money,
    TopUpCode,
    TopUpResultCode,
    UnitOfMeasure,
)
from bridge.se import decode
from bridge.se.clusters import Prepayment, Price
from tests.bridge.se import frames as fx

METER = MeterIdentity("00:0d:6f:00:0b:00:00:01", 1, Fuel.ELECTRICITY)
GAS = MeterIdentity("00:0d:6f:00:0c:00:00:02", 0x7B, Fuel.GAS)
NOW = datetime(2026, 1, 14, 18, tzinfo=UTC)


def reading(attrs, fmt_attrs, meter=METER, gas=None):
    fmt = decode.MeteringFormat.from_attributes(fmt_attrs)
    return decode.reading_from_metering_attributes(attrs, fmt, meter=meter, origin="t",
                                                   timestamp=NOW, gas=gas)


def test_multiplier_and_divisor_apply_to_summation_and_demand():
    r = reading({0x0000: 12_345_678, 0x0400: 1500}, {0x0301: 1, 0x0302: 1000})
    assert r.energy_delivered_kwh == Decimal("12345.678")
    assert r.demand_kw == Decimal("1.5")


@pytest.mark.parametrize("fmt", [{}, {0x0301: 0, 0x0302: 0}])
def test_zero_or_missing_multiplier_and_divisor_count_as_one(fmt):
    assert reading({0x0000: 42}, fmt).energy_delivered_kwh == Decimal(42)


def test_negative_demand_is_export():
    r = reading({0x0400: -2345}, {0x0302: 1000})
    assert r.demand_kw == Decimal("-2.345")


def test_formatting_bits_do_not_scale_values():
    r = reading({0x0000: 123456}, {0x0302: 1000, 0x0303: 0x2B})
    assert r.energy_delivered_kwh == Decimal("123.456")


def test_bcd_unit_decodes_each_nibble_as_a_digit():
    r = reading({0x0000: 0x1234}, {0x0300: 0x80})  # kWh, BCD
    assert r.energy_delivered_kwh == Decimal(1234)
    with pytest.raises(decode.SEDecodeError):
        reading({0x0000: 0x12A4}, {0x0300: 0x80})


def test_gas_in_cubic_feet_becomes_cubic_metres_and_kwh():
    gas = GasConversion(Decimal("39.5"))
    r = reading({0x0000: 1000}, {0x0300: 0x02, 0x0306: 0x80}, meter=GAS, gas=gas)
    assert r.volume_delivered_m3 == Decimal("28.316846592000")
    assert r.energy_delivered_kwh == (Decimal("28.316846592") * Decimal("1.02264")
                                      * Decimal("39.5") / Decimal("3.6")).quantize(
        Decimal("0.001"))


def test_unknown_unit_is_a_clear_error():
    with pytest.raises(decode.SEDecodeError, match="unit of measure"):
        decode.MeteringFormat.from_attributes({0x0300: 0x7E})


def test_gas_conversion_from_price_attributes():
    conv = decode.gas_conversion_from_price_attributes(
        {0x0302: 102264, 0x0303: 0x50, 0x0304: 395, 0x0305: 1, 0x0306: 0x10})
    assert conv == GasConversion(Decimal("39.5"), Decimal("1.02264"))
    assert decode.gas_conversion_from_price_attributes({0x0304: 50, 0x0305: 2}) is None


def test_prepayment_money_uses_the_currency_scaling_factor():
    attrs = {0x0001: 1840, 0x0002: 1000, 0x0003: 0x0D, 0x0005: 12000, 0x0503: 840}
    state = decode.prepayment_from_attributes(attrs, meter=METER, origin="t", timestamp=NOW,
                                              currency=GBP)
    assert state.credit_remaining.amount == Decimal("18.40")  # no factor: minor units
    assert state.credit_remaining.currency == USD
    assert state.emergency_credit_state == EmergencyCreditState.AVAILABLE
    scaled = decode.prepayment_from_attributes({**attrs, 0x0502: 0x06}, meter=METER,
                                               origin="t", timestamp=NOW, currency=GBP)
    assert scaled.credit_remaining.amount == Decimal(1840)  # ×1
    with pytest.raises(decode.SEDecodeError):
        decode.prepayment_from_attributes({**attrs, 0x0502: 0x20}, meter=METER, origin="t",
                                          timestamp=NOW, currency=GBP)


def test_negative_credit_is_kept_negative():
    state = decode.prepayment_from_attributes(
        {0x0001: -250, 0x0003: int(CreditStatus.EMERGENCY_CREDIT_IN_USE), 0x0002: 750},
        meter=METER, origin="t", timestamp=NOW, currency=GBP)
    assert state.credit_remaining.amount == Decimal("-2.50")
    assert state.emergency_credit_state == EmergencyCreditState.IN_USE


def test_utc_time_epoch_is_2000():
    assert decode.from_utc_time(0) == datetime(2000, 1, 1, tzinfo=UTC)
    assert decode.utc_time(datetime(2000, 1, 2, tzinfo=UTC)) == 86400
    with pytest.raises(decode.SEDecodeError):
        decode.utc_time(datetime(1999, 12, 31, tzinfo=UTC))


def test_prepay_snapshot_debt_credit_status_payload():
    import struct
    from types import SimpleNamespace

    payload = struct.pack("<iIIIii", 12000, 12000, 0, 0, 750, -250)
    cmd = SimpleNamespace(snapshot_payload_type=0, snapshot_payload=payload,
                          snapshot_time=86400)
    assert decode.prepayment_snapshot_attributes(cmd) == {
        0x0005: 12000, 0x0002: 750, 0x0001: -250, 0x0004: 86400}
    assert decode.prepayment_snapshot_attributes(
        SimpleNamespace(snapshot_payload_type=0xFF, snapshot_payload=b"")) == {}
    with pytest.raises(decode.SEDecodeError, match="24"):
        decode.prepayment_snapshot_attributes(
            SimpleNamespace(snapshot_payload_type=0, snapshot_payload=payload[:10],
                            snapshot_time=0))


# ----------------------------------------------------------------------------------------
# Commands to what a user sees (frames from tests/bridge/se/frames.py)



def test_publish_price_decodes_to_what_a_user_sees():
    _, args = decode.decode_zcl_frame(0x0700, fx.GOLDEN_PUBLISH_PRICE)
    price = decode.price_from_publish_price(args, meter=METER, origin="t", received_at=NOW)
    assert price.unit_price.amount == Decimal("0.02450")  # 2450, 5 trailing digits
    assert str(price.unit_price) == "£0.02" and price.unit_price.currency == GBP
    assert price.tier == 1 and price.rate_label == "Standard"
    assert price.start == NOW and price.duration is None  # 0 = now, 0xFFFF = until changed
    assert price.generation_price is None  # 0xFFFFFFFF = not used
    assert price.unit == UnitOfMeasure.KWH
    assert price.provider_id == 0x11223344 and price.issuer_event_id == 0x0A0B0C0D


def test_publish_price_without_the_optional_tail_and_with_a_window():
    short = bytearray(fx.GOLDEN_PUBLISH_PRICE[:3 + 36])
    short[3 + 26:3 + 30] = decode.utc_time(NOW).to_bytes(4, "little")  # start time
    short[3 + 30:3 + 32] = (90).to_bytes(2, "little")  # 90 minutes
    _, args = decode.decode_zcl_frame(0x0700, bytes(short))
    assert args.generation_price is None
    price = decode.price_from_publish_price(args, meter=METER, origin="t", received_at=NOW)
    assert price.start == NOW and price.end == NOW + timedelta(minutes=90)
    assert price.unit_price.amount == Decimal("0.02450")


def test_extended_price_tier_means_tier_15_plus_n():
    # A North American (USD) meter: GB meters' trailing octets mean nothing
    # (test_gb_publish_price.py).
    fields = dict(fx.PUBLISH_PRICE_FIELDS, extended_price_tier=5, currency=840)
    body = Price.ClientCommandDefs.publish_price.schema(**fields).serialize()
    _, args = decode.decode_zcl_frame(0x0700, fx.GOLDEN_PUBLISH_PRICE[:3] + body)
    price = decode.price_from_publish_price(args, meter=METER, origin="t", received_at=NOW)
    assert price.tier == 20


def test_tariff_from_tariff_information_matrix_thresholds_and_labels():
    _, info = decode.decode_zcl_frame(0x0700, fx.GOLDEN_TARIFF_INFORMATION)
    _, matrix = decode.decode_zcl_frame(0x0700, fx.GOLDEN_PRICE_MATRIX)
    _, thresholds = decode.decode_zcl_frame(0x0700, fx.GOLDEN_BLOCK_THRESHOLDS)
    cluster, side, name, _, payload = next(v for v in fx.VECTORS
                                           if v[2] == "publish_tier_labels")
    labels = fx.zcl_frame(cluster, side, name, payload)
    _, tier_labels = decode.decode_zcl_frame(0x0700, labels)
    other_tariff = SimpleNamespace(issuer_tariff_id=8, sub_payload_control=1,
                                   entries=[SimpleNamespace(tier_block_id=1, price=1)])
    tariff = decode.tariff_from_tariff_information(
        info, meter=METER, origin="t", received_at=NOW, matrix=[matrix, other_tariff],
        thresholds=[thresholds], labels=[tier_labels], fmt=decode.MeteringFormat(divisor=1000))
    assert tariff.label == "Tariff" and tariff.issuer_tariff_id == 7
    assert tariff.start == NOW  # start 0 = now
    assert tariff.standing_charge_per_day == Money(Decimal("0.05234"), GBP)
    assert [(tp.tier, tp.label, tp.unit_price.amount) for tp in tariff.tier_prices] == [
        (1, "Peak", Decimal("0.02450")), (2, "Off", Decimal("0.01200"))]
    # Tier 1's thresholds (no all-tier set), scaled by the meter's divisor: kWh.
    assert tariff.block_thresholds_kwh == (Decimal(1), Decimal(2))


def test_standing_charge_not_used_and_block_price_matrix():
    _, info = decode.decode_zcl_frame(0x0700, fx.GOLDEN_TARIFF_INFORMATION)
    info.standing_charge = 0xFFFFFFFF
    tariff = decode.tariff_from_tariff_information(info, meter=METER, origin="t",
                                                   received_at=NOW)
    assert tariff.standing_charge_per_day is None and tariff.tier_prices == ()
    block = SimpleNamespace(sub_payload_control=0, entries=[
        SimpleNamespace(tier_block_id=0x00, price=100), SimpleNamespace(tier_block_id=0x21,
                                                                       price=250)])
    assert decode.price_matrix([block], digits=2, currency=GBP) == {
        (0, 1): Money(Decimal("1.00"), GBP), (2, 2): Money(Decimal("2.50"), GBP)}


def test_block_thresholds_for_all_tiers_and_with_multiplier():
    cmd = SimpleNamespace(sub_payload_control=1, thresholds=[(0, [1500, 3000])])
    assert decode.block_thresholds([cmd], multiplier=2, divisor=1000) == {
        0: (Decimal(3), Decimal(6))}


def test_top_up_response_and_our_top_up_frame():
    _, rsp = decode.decode_zcl_frame(0x0705, fx.GOLDEN_TOP_UP_RESPONSE)
    code = TopUpCode("73123456789012345678")
    result = decode.top_up_result_from_response(rsp, meter=METER, origin="t", received_at=NOW,
                                                currency=GBP, code=code)
    assert result.result == TopUpResultCode.ACCEPTED and result.accepted
    assert result.value == Money(Decimal("10.00"), GBP)
    assert result.credit_remaining == Money(Decimal("25.00"), GBP)
    assert result.code_masked == "••••••••••••••••5678"
    body = Prepayment.ServerCommandDefs.consumer_top_up.schema(
        originating_device=2, top_up_code=decode.encode_top_up_code(code)).serialize()
    assert body == fx.GOLDEN_CONSUMER_TOP_UP[3:]
    with pytest.raises(decode.SEDecodeError, match="result"):
        decode.top_up_result_from_response(SimpleNamespace(result_type=0x07), meter=METER,
                                           origin="t", received_at=NOW, currency=GBP, code=code)


def test_display_message_importance_and_confirmation_bits():
    _, msg = decode.decode_zcl_frame(0x0703, fx.GOLDEN_DISPLAY_MESSAGE)
    message = decode.message_from_display_message(msg, meter=METER, origin="t",
                                                  received_at=NOW)
    assert message.text == "Hello" and message.message_id == 0x42
    assert message.importance == MessageImportance.HIGH and message.confirmation_required
    for control, importance, confirm in ((0x00, MessageImportance.LOW, False),
                                         (0x04, MessageImportance.MEDIUM, False),
                                         (0x0C, MessageImportance.CRITICAL, False),
                                         (0x20, MessageImportance.LOW, True)):
        msg.message_control = control
        m = decode.message_from_display_message(msg, meter=METER, origin="t", received_at=NOW)
        assert (m.importance, m.confirmation_required) == (importance, confirm)


def test_cancel_message_and_cancel_all():
    cmd = SimpleNamespace(message_id=0x42, message_control=0)
    assert decode.message_cancelled_from_cancel_message(
        cmd, meter=METER, origin="t", received_at=NOW) == MessageCancelled(METER, NOW, "t", 0x42)
    cancel_all = decode.message_cancelled_from_cancel_all(
        SimpleNamespace(implementation_time=0), meter=METER, origin="t", received_at=NOW)
    assert cancel_all.message_id is None and cancel_all.timestamp == NOW


def test_attribute_report_and_read_response_become_attribute_dicts():
    report = fx.attribute_report(5, [(0x0000, 0x25, (1234).to_bytes(6, "little")),
                                     (0x0400, 0x2A, (-5).to_bytes(3, "little", signed=True))])
    hdr, attrs = decode.decode_zcl_frame(0x0702, report,
                                         direction=foundation.Direction.Server_to_Client)
    assert hdr.command_id == foundation.GeneralCommand.Report_Attributes
    assert attrs == {0x0000: 1234, 0x0400: -5}
    # Read Attributes Response: 0x0300 success (enum8 0), 0x0301 unsupported (0x86).
    read_rsp = bytes([0x18, 6, 0x01, 0x00, 0x03, 0x00, 0x30, 0x00, 0x01, 0x03, 0x86])
    assert decode.decode_zcl_frame(0x0702, read_rsp)[1] == {0x0300: 0}
    with pytest.raises(decode.SEDecodeError, match="expected"):
        decode.decode_zcl_frame(0x0702, report, direction=foundation.Direction.Client_to_Server)


def test_decode_zcl_frame_errors():
    with pytest.raises(decode.SEDecodeError):
        decode.decode_zcl_frame(0x0700, b"\x09\x01")  # no command id
    with pytest.raises(decode.SEDecodeError):
        decode.decode_zcl_frame(0x0700, bytes([0x09, 1, 0x7F]))  # unknown command
    with pytest.raises(decode.SEDecodeError, match="manufacturer"):
        decode.decode_zcl_frame(0x0700, bytes([0x0D, 0x34, 0x12, 1, 0x00]))
    with pytest.raises(decode.SEDecodeError):
        decode.decode_zcl_frame(0x0700, fx.GOLDEN_PUBLISH_PRICE[:20])  # truncated
    # Fields beyond the last one we know are ignored (newer spec revisions add some).
    _, args = decode.decode_zcl_frame(0x0705, fx.GOLDEN_TOP_UP_RESPONSE + b"\x01\x02")
    assert args.credit_remaining == 2500
    with pytest.raises(decode.SEDecodeError, match="unexpected"):
        decode.parse_frame(0x0705, fx.GOLDEN_TOP_UP_RESPONSE + b"\x01\x02")


def test_metering_format_fuel_and_mirrors():
    gas_mirror = decode.MeteringFormat.from_attributes({0x0300: 0x01, 0x0306: 0x80})
    assert gas_mirror.fuel == Fuel.GAS and gas_mirror.mirrored
    assert gas_mirror.unit == decode.UnitOfMeasure.M3 and not gas_mirror.bcd
    assert decode.MeteringFormat(device_type=0).fuel == Fuel.ELECTRICITY
    assert decode.fuel_from_device_type(0x7F) == Fuel.ELECTRICITY
    assert decode.fuel_from_device_type(2) == Fuel.WATER
    assert decode.fuel_from_device_type(0x42) == Fuel.OTHER
    assert decode.MeteringFormat(multiplier=0, divisor=0).divisor == 1
    with pytest.raises(decode.SEDecodeError):
        decode.MeteringFormat().demand(2**23)  # does not fit int24


def test_gas_conversion_from_publish_commands():
    cv = SimpleNamespace(calorific_value=395, calorific_value_unit=1,
                         calorific_value_trailing_digit=0x10)
    factor = SimpleNamespace(conversion_factor=102264, conversion_factor_trailing_digit=0x50)
    assert decode.gas_conversion_from_commands(cv, factor) == GasConversion(
        Decimal("39.5"), Decimal("1.02264"))
    assert decode.gas_conversion_from_commands(cv) == GasConversion(Decimal("39.5"))


def test_decode_errors_say_what_is_unknown_not_keyerror():
    rsp = SimpleNamespace(status=0, profile_interval_period=9, end_time=0, intervals=[1])
    with pytest.raises(decode.SEDecodeError, match="unknown profile interval period 9"):
        decode.profile_intervals(rsp, decode.MeteringFormat())
    with pytest.raises(decode.SEDecodeError, match=r"Price \(0x0700\) has no server→client "
                                                   r"command 0x3F"):
        decode.decode_zcl_frame(0x0700, bytes([0x09, 0x01, 0x3F]))
    with pytest.raises(decode.SEDecodeError, match="unknown cluster 0x7FFF"):
        decode.parse_frame(0x7FFF, bytes([0x09, 0x01, 0x00]))
    with pytest.raises(decode.SEDecodeError) as caught:
        decode.top_up_result_from_response(
            SimpleNamespace(result_type=0x42, top_up_value=0, source_of_top_up=2,
                            credit_remaining=0), meter=METER, origin="t", received_at=NOW,
            currency=GBP, code=TopUpCode("1" * 20))
    assert "KeyError" not in str(caught.value) and "0x42" in str(caught.value)
