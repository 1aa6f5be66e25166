import contextlib
import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bridge.codec import CodecError, from_json, to_json
from bridge.model import (
    GBP,
    CalendarDay,
    CalendarSeason,
    CalendarSpecialDay,
    CalendarTimeReference,
    CalendarWeek,
    ConnectionState,
    CreditStatus,
    DebtRecovery,
    DebtRecoveryFrequency,
    FriendlyCreditCalendar,
    Fuel,
    MessageImportance,
    MeterIdentity,
    MeterReading,
    Money,
    PrepaymentState,
    Price,
    SourceStatus,
    SupplierMessage,
    TenancyChange,
    TenancyChangeControl,
    TopUpResult,
    TopUpResultCode,
    UnitOfMeasure,
)

METER = MeterIdentity("00:0d:6f:00:0b:00:00:01", 1, Fuel.ELECTRICITY)
T = datetime(2026, 11, 24, 18, 30, tzinfo=UTC)

SAMPLES = [
    MeterReading(METER, T, "sim:1", Decimal("12345.678"), Decimal("0.5"), Decimal("-1.234")),
    Price(METER, T, "sim:1", Money.of("0.24500"), UnitOfMeasure.KWH, 1, "Standard", T,
          timedelta(hours=3), generation_price=Money.of("0.15")),
    Price(METER, T, "sim:1", Money.of("0.1"), UnitOfMeasure.KWH, 2, "Off-peak", T, None),
    PrepaymentState(METER, T, "sim:1", Money.of("18.40"), Money.of("10"), Money.of("120"),
                    CreditStatus.CREDIT_OK | CreditStatus.EMERGENCY_CREDIT_ENABLED,
                    debts=(DebtRecovery("Arrears", Money.of("120"), Money.of("1.50"),
                                        DebtRecoveryFrequency.PER_DAY),)),
    SupplierMessage(METER, T, "sim:1", 0x101, "Hello – £5 off", T, None,
                    MessageImportance.HIGH, True),
    TopUpResult(METER, T, "sim:1", TopUpResultCode.REJECTED_DUPLICATE, "••••1234"),
    SourceStatus(T, "sim:1", ConnectionState.STALE, "quiet", METER),
    TenancyChange(METER, T, "sim:1", 0x1234, 77, T + timedelta(hours=1),
                  TenancyChangeControl.CLEAR_IHD_DATA_CONSUMER
                  | TenancyChangeControl.POST_SNAPSHOTS),
    PrepaymentState(METER, T, "sim:1", Money.of("-1.50"), Money.of("0"), Money.of("120"),
                    CreditStatus.CREDIT_EXHAUSTED, friendly_credit_in_use=True,
                    friendly_credit_ending=False, friendly_credit_minutes_left=25,
                    next_friendly_credit=T + timedelta(hours=22),
                    friendly_credit_warning_minutes=10),
    FriendlyCreditCalendar(METER, T, "sim:1", 0xABCD, 0xC0002, 1001, "Friendly", T,
                           CalendarTimeReference.LOCAL,
                           (CalendarDay(1, ((0, 1), (600, 0), (960, 1))),
                            CalendarDay(2, ((0, 1),))),
                           (CalendarWeek(1, (1, 1, 1, 1, 1, 2, 2)),),
                           (CalendarSeason(T.date(), 1),),
                           (CalendarSpecialDay(T.date() + timedelta(days=30), 2),)),
]


@pytest.mark.parametrize("update", SAMPLES, ids=lambda u: type(u).__name__)
def test_round_trip_is_exact_through_json_text(update):
    text = json.dumps(to_json(update))
    assert from_json(json.loads(text)) == update


def test_money_and_energy_travel_as_strings_not_floats():
    obj = to_json(SAMPLES[0])
    assert obj["energy_delivered_kwh"] == "12345.678"
    assert to_json(SAMPLES[1])["unit_price"] == {"amount": "0.24500", "currency": "GBP",
                                                 "numeric": 826}


@pytest.mark.parametrize("bad", [
    {"type": "Nope"},
    {"type": "MeterReading"},
    {**to_json(SAMPLES[0]), "timestamp": "2026-11-24T18:30:00"},  # no offset
    {**to_json(SAMPLES[0]), "energy_delivered_kwh": "lots"},
])
def test_bad_objects_raise_codec_error(bad):
    with pytest.raises(CodecError):
        from_json(bad)


@given(st.dictionaries(st.text(max_size=20), st.one_of(st.none(), st.integers(),
                                                        st.text(max_size=20)), max_size=8))
def test_arbitrary_objects_never_crash_with_another_error(obj):
    obj.setdefault("type", "MeterReading")
    with contextlib.suppress(CodecError):
        from_json(obj)


def test_gbp_formatting():
    assert str(Money.of("1234.5", GBP)) == "£1,234.50"
    assert str(Money.of("-0.004", GBP)) == "£0.00"
    assert str(Money.of("-2.5", GBP)) == "-£2.50"
