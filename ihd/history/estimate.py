"""A price for a half hour whose own price never arrived. Pure, no I/O.

Energy read from the meter's log (after a first start, a stick that was out, a display
switched off) often covers half hours before the display heard any price. Leaving them
out made today's cost and the budget look smaller than they were. Until the meter's
calendar says which rate applied when (the Calendar cluster, which gives exact prices),
such a half hour is priced with the tariff in force: the latest price known for the same
time of day (so a peak evening stays peak), else the latest price known at all. Figures
that include such a price say "estimated".

The seam: `HistoryStore.estimate_price` is any `PriceEstimate`; exact prices, once known,
are stored as ordinary prices and then no half hour needs an estimate.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class KnownPrice:
    start: int  # unix seconds
    end: int | None  # None: until changed
    unit_price: Decimal
    currency: str
    received_at: int


# (half hour's start in unix seconds, every price the meter has published) -> price, currency
PriceEstimate = Callable[[int, Sequence[KnownPrice]], tuple[Decimal, str] | None]


def _covers(price: KnownPrice, ts: float) -> bool:
    return price.start <= ts and (price.end is None or ts < price.end)


def tariff_in_force(tz: ZoneInfo) -> PriceEstimate:
    """The latest published price whose window held the same local time of day, else the
    latest published price."""

    def estimate(start: int, prices: Sequence[KnownPrice]) -> tuple[Decimal, str] | None:
        if not prices:
            return None
        wanted = datetime.fromtimestamp(start, UTC).astimezone(tz).time()
        newest_first = sorted(prices, key=lambda p: p.received_at, reverse=True)
        for price in newest_first:
            if price.end is None or price.end - price.start >= 86400:
                return price.unit_price, price.currency
            if _holds_time_of_day(price, wanted, tz):
                return price.unit_price, price.currency
        latest = newest_first[0]
        return latest.unit_price, latest.currency

    return estimate


def _holds_time_of_day(price: KnownPrice, wanted: time, tz: ZoneInfo) -> bool:
    """Whether a window shorter than a day holds `wanted` local time on some day."""
    first = datetime.fromtimestamp(price.start, UTC).astimezone(tz).date()
    for day in (first, first + timedelta(days=1)):
        instant = datetime.combine(day, wanted, tzinfo=tz).timestamp()
        if _covers(price, instant):
            return True
    return False
