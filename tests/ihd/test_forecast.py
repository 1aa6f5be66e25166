"""Days of credit left, from a known week of the home's own use."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bridge.model import DebtRecovery, DebtRecoveryFrequency, Money
from ihd.forecast import DayUse, credit_forecast, debt_per_day, usual_use

LONDON = ZoneInfo("Europe/London")
MONDAY = date(2026, 1, 12)


def known_week(weekday_kwh: str = "8", weekend_kwh: str = "14",
               price: str = "0.25") -> list[DayUse]:
    days = []
    for n in range(7):
        day = MONDAY - timedelta(days=7) + timedelta(days=n)
        kwh = Decimal(weekend_kwh if day.weekday() >= 5 else weekday_kwh)
        days.append(DayUse(day, kwh, Money.of(kwh * Decimal(price)), 48))
    return days


def test_credit_lasts_as_long_as_the_homes_use_day_by_day_of_the_week():
    usual = usual_use(known_week(), None)
    assert usual is not None and usual.per_weekday and usual.days == 7
    assert usual.unit_price == Money.of("0.25")
    debt = (DebtRecovery("Arrears", Money.of("200"), Money.of("7.00"),
                         DebtRecoveryFrequency.PER_WEEK),)
    # Monday midnight: weekdays cost 8 × 25p + 60p standing + £1 debt = £3.60, weekend
    # days 14 × 25p + £1.60 = £5.10. £18.35 is five weekdays (£18.00) and 35p of Saturday.
    forecast = credit_forecast(Money.of("18.35"), usual,
                               now=datetime(2026, 1, 12, tzinfo=LONDON),
                               standing_per_day=Money.of("0.60"), debts=debt)
    assert forecast is not None
    assert forecast.days == pytest.approx(5 + 0.35 / 5.10)
    # The standing charge alone (the old figure) would have said 30 days.
    assert forecast.days < 6


def test_from_friday_evening_the_light_weekend_days_count_as_light():
    usual = usual_use(known_week("8", "2"), None)
    # Friday 18:00: a quarter of Friday left (8 kWh × 25p = £2 × 0.25 = 50p), then light
    # weekend days at 50p (£2.00 left by Monday), then a £2 Monday.
    forecast = credit_forecast(Money.of("3.50"), usual,
                               now=datetime(2026, 1, 16, 18, tzinfo=LONDON),
                               standing_per_day=None)
    assert forecast is not None
    assert forecast.days == pytest.approx(0.25 + 2 + 1)


def test_a_weekday_never_seen_uses_the_average_day():
    days = known_week()[:3]  # Monday to Wednesday only
    usual = usual_use(days, None)
    assert usual is not None and not usual.per_weekday
    forecast = credit_forecast(Money.of("4.00"), usual,
                               now=datetime(2026, 1, 15, tzinfo=LONDON),  # a Thursday
                               standing_per_day=None)
    assert forecast is not None and forecast.days == pytest.approx(2.0)


def test_partial_days_do_not_count_and_no_use_means_no_estimate():
    partial = [DayUse(MONDAY, Decimal("1"), Money.of("0.25"), 10)]
    assert usual_use(partial, None) is None
    assert credit_forecast(Money.of("10"), None, now=datetime.now(UTC),
                           standing_per_day=Money.of("0.5")) is None


def test_uncosted_days_fall_back_to_the_price_now():
    days = [DayUse(MONDAY, Decimal("10"), None, 48)]
    usual = usual_use(days, Money.of("0.30"))
    assert usual is not None and usual.unit_price == Money.of("0.30")
    assert usual_use(days, None).unit_price is None  # type: ignore[union-attr]


def test_no_credit_is_no_days_and_plenty_says_more_than():
    usual = usual_use(known_week("0.1", "0.1"), None)
    now = datetime(2026, 1, 12, tzinfo=LONDON)
    assert credit_forecast(Money.of("-0.10"), usual, now=now,
                           standing_per_day=None).days == 0.0  # type: ignore[union-attr]
    far = credit_forecast(Money.of("500"), usual, now=now, standing_per_day=None)
    assert far is not None and far.beyond_horizon


def test_debt_recovery_per_day_from_each_frequency():
    per = [DebtRecovery("a", Money.of("5"), Money.of("0.10"), DebtRecoveryFrequency.PER_HOUR),
           DebtRecovery("b", Money.of("5"), Money.of("3.65"), DebtRecoveryFrequency.PER_QUARTER),
           DebtRecovery("paid", Money.of("0"), Money.of("9"), DebtRecoveryFrequency.PER_DAY)]
    assert debt_per_day(tuple(per)) == Decimal("2.4") + Decimal("3.65") * 4 / 365
