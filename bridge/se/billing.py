"""A credit customer's account from the meter: Metering's bill attributes (0x0A00-0x0A04)
and the Price cluster's PublishBillingPeriod, PublishCreditPayment and
PublishConsolidatedBill, into the fields of `bridge.model.Account`; and the payment mode
from Prepayment's Payment Control Configuration. Pure: no I/O.

Field orders and types are ami.xml's (bridge.se.clusters). Money: raw × 10^−(trailing
digits, the high nibble of the trailing-digit byte) in the currency's major unit, as for
prices. A Billing Period Duration Type's low nibble is the unit (0 minutes, 1 days,
2 weeks, 3 months).
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Mapping
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from bridge.model import CreditPaymentStatus, Currency, Money, PaymentMode
from bridge.se.decode import SEDecodeError, from_utc_time, trailing_digits
from bridge.se.vocabulary import Metering, Prepayment, attribute_id, attribute_ids

BILL_ATTRIBUTES = attribute_ids(
    Metering, "bill_to_date_delivered", "bill_to_date_time_stamp_delivered",
    "projected_bill_delivered", "projected_bill_time_stamp_delivered",
    "bill_delivered_trailing_digit")
_BILL, _BILL_AT, _PROJECTED, _PROJECTED_AT, _DIGITS = BILL_ATTRIBUTES
_PAYMENT_CONTROL = attribute_id(Prepayment, "payment_control_configuration")
PREPAYMENT_ENABLED = 0x0002  # Payment Control Configuration bit 1
UNUSED = 0xFFFFFFFF


def _money(raw: Any, digits_byte: Any, currency: Currency) -> Money | None:
    value = int(raw)
    if value == UNUSED:
        return None
    return Money(Decimal(value).scaleb(-trailing_digits(int(digits_byte))), currency)


def _time(raw: Any) -> datetime | None:
    value = int(raw)
    return None if value in (0, UNUSED) else from_utc_time(value)


def payment_mode(prepayment_attrs: Mapping[int, Any]) -> PaymentMode | None:
    """Prepayment or credit, from Payment Control Configuration; None when not read."""
    if _PAYMENT_CONTROL not in prepayment_attrs:
        return None
    return (PaymentMode.PREPAYMENT if int(prepayment_attrs[_PAYMENT_CONTROL])
            & PREPAYMENT_ENABLED else PaymentMode.CREDIT)


def bill_fields(attrs: Mapping[int, Any], currency: Currency) -> dict[str, Any]:
    """Bill to date and projected bill with their times, from Metering attributes."""
    try:
        digits = attrs.get(_DIGITS, 0)
        out: dict[str, Any] = {}
        if _BILL in attrs:
            out["bill_to_date"] = _money(attrs[_BILL], digits, currency)
            out["bill_to_date_at"] = _time(attrs.get(_BILL_AT, 0))
        if _PROJECTED in attrs:
            out["projected_bill"] = _money(attrs[_PROJECTED], digits, currency)
            out["projected_bill_at"] = _time(attrs.get(_PROJECTED_AT, 0))
        return out
    except (TypeError, ValueError) as exc:
        raise SEDecodeError(f"bad bill attribute: {exc}") from exc


def _period_end(start: datetime, duration: int, duration_type: int) -> datetime:
    unit = duration_type & 0x0F
    if unit == 0:
        return start + timedelta(minutes=duration)
    if unit == 1:
        return start + timedelta(days=duration)
    if unit == 2:
        return start + timedelta(weeks=duration)
    if unit == 3:
        month = start.month - 1 + duration
        year, month = start.year + month // 12, month % 12 + 1
        day = min(start.day, _calendar.monthrange(year, month)[1])
        return start.replace(year=year, month=month, day=day)
    raise SEDecodeError(f"unknown billing period duration unit {unit}")


def billing_period_fields(cmd: Any, received_at: datetime) -> dict[str, Any]:
    """PublishBillingPeriod (or the period of PublishConsolidatedBill): start and end."""
    try:
        raw = int(cmd.billing_period_start_time)
        start = received_at if raw == 0 else from_utc_time(raw)
        end = _period_end(start, int(cmd.billing_period_duration),
                          int(cmd.billing_period_duration_type))
    except (TypeError, ValueError, OverflowError) as exc:
        raise SEDecodeError(f"bad billing period: {exc}") from exc
    return {"period_start": start, "period_end": end}


def consolidated_bill_fields(cmd: Any, received_at: datetime) -> dict[str, Any]:
    try:
        currency = Currency.from_numeric(int(cmd.currency))
        bill = _money(cmd.consolidated_bill, cmd.bill_trailing_digit, currency)
    except (TypeError, ValueError) as exc:
        raise SEDecodeError(f"bad consolidated bill: {exc}") from exc
    return {**billing_period_fields(cmd, received_at), "consolidated_bill": bill}


def credit_payment_fields(cmd: Any, currency: Currency, digits_byte: int) -> dict[str, Any]:
    """PublishCreditPayment: the last payment, its date and status, what is overdue."""
    try:
        return {
            "payment_due": _time(cmd.credit_payment_due_date),
            "payment_overdue": _money(cmd.credit_payment_overdue_amount, digits_byte,
                                      currency),
            "payment_status": CreditPaymentStatus(int(cmd.credit_payment_status)),
            "last_payment": _money(cmd.credit_payment, digits_byte, currency),
            "last_payment_at": _time(cmd.credit_payment_date),
            "payment_reference": bytes(cmd.credit_payment_ref).decode("utf-8",
                                                                      errors="replace"),
        }
    except (TypeError, ValueError) as exc:
        raise SEDecodeError(f"bad credit payment: {exc}") from exc
