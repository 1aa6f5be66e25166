"""Scaling and formatting rules: the most common complaint about existing integrations."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from bridge.model import (
    GBP,
    USD,
    CreditStatus,
    EmergencyCreditState,
    Fuel,
    GasConversion,
    MeterIdentity,
)
from bridge.se import decode

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


def test_formatting_bits_do_not_scale_values_but_format_them():
    r = reading({0x0000: 123456}, {0x0302: 1000, 0x0303: 0x2B})
    assert r.energy_delivered_kwh == Decimal("123.456")
    assert decode.format_value(Decimal("123.456"), 0x2B) == "00123.456"
    assert decode.format_value(Decimal("123.456"), 0x2B | 0x80) == "123.456"
    assert decode.format_value(Decimal("1.5"), 0x03) == "1.500"


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
