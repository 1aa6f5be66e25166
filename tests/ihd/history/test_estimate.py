"""Pricing a half hour whose own price never arrived: the tariff in force, same time of
day where the prices vary through the day."""

from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from ihd.history.estimate import KnownPrice, tariff_in_force

LONDON = ZoneInfo("Europe/London")
estimate = tariff_in_force(LONDON)


def ts(day: int, hour: int, minute: int = 0) -> int:
    return int(datetime(2026, 7, day, hour, minute, tzinfo=LONDON).timestamp())


# Published on the 14th: off-peak 00:00-07:00 at 8p, peak 16:00-19:00 at 38p, and day.
TIME_OF_USE = [
    KnownPrice(ts(14, 0), ts(14, 7), Decimal("0.08"), "GBP", ts(14, 0)),
    KnownPrice(ts(14, 7), ts(14, 16), Decimal("0.24"), "GBP", ts(14, 7)),
    KnownPrice(ts(14, 16), ts(14, 19), Decimal("0.38"), "GBP", ts(14, 16)),
]


def test_a_half_hour_days_earlier_gets_the_rate_for_its_time_of_day():
    # The 10th, before any price was heard: an evening is peak, a night off-peak, in
    # local time (BST in July, so 17:30 local is 16:30 UTC).
    assert estimate(ts(10, 17, 30), TIME_OF_USE) == (Decimal("0.38"), "GBP")
    assert estimate(ts(10, 3), TIME_OF_USE) == (Decimal("0.08"), "GBP")
    assert estimate(ts(10, 9), TIME_OF_USE) == (Decimal("0.24"), "GBP")


def test_a_time_no_window_has_held_gets_the_latest_price():
    assert estimate(ts(10, 21), TIME_OF_USE) == (Decimal("0.38"), "GBP")


def test_a_price_until_changed_is_the_tariff_in_force_and_newest_wins():
    prices = [*TIME_OF_USE, KnownPrice(ts(15, 0), None, Decimal("0.27"), "GBP", ts(15, 0))]
    assert estimate(ts(10, 3), prices) == (Decimal("0.27"), "GBP")
    assert estimate(ts(10, 3), []) is None


def test_utc_half_hours_are_matched_in_local_time():
    at = int(datetime(2026, 7, 10, 16, 30, tzinfo=UTC).timestamp())  # 17:30 BST
    assert estimate(at, TIME_OF_USE) == (Decimal("0.38"), "GBP")
