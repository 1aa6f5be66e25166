"""How long prepayment credit lasts: from the home's own recent use, day of week by day of
week where known, plus the standing charge and debt repayments the meter takes every day.
Pure: no Qt, no I/O.

The standing charge alone (what "days left" once counted) makes £18 look like a month;
with 9 kWh a day at 25p it is four days. A person plans a top-up on the second figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from bridge.model import DebtRecovery, DebtRecoveryFrequency, Money

# Days of recent use looked at, and what "a day of use" needs to count (most of a day).
LOOKBACK_DAYS = 28
MIN_HALF_HOURS = 40
# Beyond this the figure says "more than": nobody plans a top-up a year ahead.
HORIZON_DAYS = 60

_PER_DAY = {
    DebtRecoveryFrequency.PER_HOUR: Decimal(24),
    DebtRecoveryFrequency.PER_DAY: Decimal(1),
    DebtRecoveryFrequency.PER_WEEK: Decimal(1) / 7,
    DebtRecoveryFrequency.PER_MONTH: Decimal(12) / Decimal(365),
    DebtRecoveryFrequency.PER_QUARTER: Decimal(4) / Decimal(365),
}


@dataclass(frozen=True)
class DayUse:
    """One past local day of one meter: energy, its cost (None: unknown) and coverage."""

    day: date
    energy_kwh: Decimal
    energy_cost: Money | None
    covered_half_hours: int


@dataclass(frozen=True)
class UsualUse:
    """What a day usually costs this home, and what that is based on."""

    kwh_by_weekday: dict[int, Decimal]  # Monday 0 .. Sunday 6, for weekdays with data
    average_kwh: Decimal
    days: int  # complete days the figures come from
    per_weekday: bool  # every day of the week seen at least once
    unit_price: Money | None  # the home's average price paid per kWh over those days


def usual_use(days: list[DayUse], fallback_price: Money | None) -> UsualUse | None:
    """The home's usual daily use from complete recent days (None: no complete day yet)."""
    complete = [d for d in days if d.covered_half_hours >= MIN_HALF_HOURS]
    if not complete:
        return None
    by_weekday: dict[int, list[Decimal]] = {}
    for d in complete:
        by_weekday.setdefault(d.day.weekday(), []).append(d.energy_kwh)
    kwh = {wd: sum(v, Decimal(0)) / len(v) for wd, v in by_weekday.items()}
    average = sum((d.energy_kwh for d in complete), Decimal(0)) / len(complete)
    costed = [d for d in complete if d.energy_cost is not None and d.energy_kwh > 0]
    price = fallback_price
    if costed:
        spent = sum((d.energy_cost.amount for d in costed if d.energy_cost), Decimal(0))
        price = Money(spent / sum((d.energy_kwh for d in costed), Decimal(0)),
                      costed[0].energy_cost.currency)  # type: ignore[union-attr]
    return UsualUse(kwh, average, len(complete), len(kwh) == 7, price)


def debt_per_day(debts: tuple[DebtRecovery, ...]) -> Decimal:
    """What debt repayments take from credit in a day (time-based recovery)."""
    return sum((d.recovery_amount.amount * _PER_DAY[d.frequency] for d in debts
                if d.outstanding.amount > 0), Decimal(0))


@dataclass(frozen=True)
class CreditForecast:
    days: float  # how long the money lasts; HORIZON_DAYS means "at least that"
    beyond_horizon: bool
    cost_per_day: Money  # the usual day's cost, all charges included
    usual: UsualUse


def credit_forecast(credit: Money, usual: UsualUse | None, *, now: datetime,
                    standing_per_day: Money | None,
                    debts: tuple[DebtRecovery, ...] = ()) -> CreditForecast | None:
    """Days until `credit` runs out, spending day by day from `now` (local time) what this
    home usually spends on that day of the week, plus standing charge and debt repayment.
    None when the use or its price is not known yet."""
    if usual is None or usual.unit_price is None:
        return None
    price = usual.unit_price.amount
    fixed = debt_per_day(debts) + (standing_per_day.amount if standing_per_day else 0)

    def day_cost(day: date) -> Decimal:
        kwh = usual.kwh_by_weekday.get(day.weekday(), usual.average_kwh)
        return kwh * price + fixed

    typical = usual.average_kwh * price + fixed
    cost_per_day = Money(typical, credit.currency)
    if credit.amount <= 0:
        return CreditForecast(0.0, False, cost_per_day, usual)
    if typical <= 0:
        return CreditForecast(float(HORIZON_DAYS), True, cost_per_day, usual)
    left = credit.amount
    day = now.date()
    midnight = datetime.combine(day + timedelta(days=1), datetime.min.time(), now.tzinfo)
    # What is left of today first: the part of the day still to come.
    share = Decimal((midnight - now).total_seconds()) / Decimal(86400)
    days = Decimal(0)
    while days < HORIZON_DAYS:
        cost = day_cost(day) * share
        if cost >= left:
            return CreditForecast(float(days + (left / cost) * share if cost else days),
                                  False, cost_per_day, usual)
        left -= cost
        days += share
        day += timedelta(days=1)
        share = Decimal(1)
    return CreditForecast(float(HORIZON_DAYS), True, cost_per_day, usual)
