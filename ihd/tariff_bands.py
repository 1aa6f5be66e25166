"""The tariff's bands as the meter states them: its time-of-use calendar (which tier when)
with the tariff's tier names and prices. Pure: no Qt, no I/O.

Used for the Tariff page (today's and tomorrow's bands, the next change) and to price
every half hour in the history, also those from before the first PublishPrice a display
saw (the meter's own log after a first start or a time switched off).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import Decimal

from bridge.model import BlockTariff, Money, Price, Tariff, TariffCalendar, UnitOfMeasure

# A price the calendar implies ranks below any price the meter published (the store
# takes the most recently received price for a half hour): it is stamped at the SE epoch.
IMPLIED_AT = datetime(2000, 1, 1, tzinfo=UTC)
IMPLIED_ORIGIN = "calendar"
BLOCKS_ORIGIN = "blocks"
HALF_HOUR = timedelta(minutes=30)


@dataclass(frozen=True)
class Band:
    start: datetime
    end: datetime
    tier: int
    label: str
    unit_price: Money | None  # None: the tariff has no price for this tier


def bands(calendar: TariffCalendar, tariff: Tariff | None, start: datetime, end: datetime,
          zone: tzinfo) -> list[Band]:
    """Every band overlapping [start, end), named and priced from the tariff's tiers."""
    tiers = {t.tier: t for t in tariff.tier_prices} if tariff is not None else {}
    out = []
    for band_start, band_end, tier in calendar.windows(start, end, zone):
        known = tiers.get(tier)
        out.append(Band(start=band_start, end=band_end, tier=tier,
                        label=known.label if known and known.label else f"Tier {tier}",
                        unit_price=known.unit_price if known else None))
    return out


def day_bands(calendar: TariffCalendar, tariff: Tariff | None, day: date,
              zone: tzinfo) -> list[Band]:
    """The bands of the local `day`, cut to that day."""
    after = day + timedelta(days=1)
    day_start = datetime(day.year, day.month, day.day, tzinfo=zone)
    day_end = datetime(after.year, after.month, after.day, tzinfo=zone)
    return [Band(max(b.start, day_start), min(b.end, day_end), b.tier, b.label, b.unit_price)
            for b in bands(calendar, tariff, day_start, day_end, zone)]


def implied_prices(calendar: TariffCalendar, tariff: Tariff, start: datetime, end: datetime,
                   zone: tzinfo) -> list[Price]:
    """The price in force in every band of [start, end), as Price updates the history
    costs its half hours with (ranked below any price the meter published)."""
    return [Price(meter=calendar.meter, timestamp=IMPLIED_AT, origin=IMPLIED_ORIGIN,
                  unit_price=b.unit_price, unit=tariff.unit, tier=b.tier, rate_label=b.label,
                  start=b.start, duration=b.end - b.start,
                  provider_id=calendar.provider_id,
                  issuer_event_id=calendar.issuer_event_id)
            for b in bands(calendar, tariff, start, end, zone) if b.unit_price is not None]


def block_prices(blocks: BlockTariff, half_hours: list[tuple[datetime, Decimal]],
                 tier_at: Callable[[datetime], int], label_of: Callable[[int], str],
                 now: datetime) -> list[Price]:
    """The price each half hour of one block period really cost, energy counted from the
    period's start and split at each threshold it crossed, as Price updates the history
    costs its half hours with. `half_hours`: (start, kWh) of the period, in order. They are
    stamped at the period's end, so they outrank any price published during the period
    (a published price is the next kWh's, not a whole half hour's)."""
    out: list[Price] = []
    used = Decimal(0)
    for start, kwh in half_hours:
        tier = tier_at(start)
        block = blocks.block_at(used)
        cost = blocks.cost(kwh, used, tier)
        if cost is None:
            return out  # a block without a price: leave the rest to other prices
        unit = (Money(cost.amount / kwh, cost.currency) if kwh > 0
                else blocks.price(tier, block))
        used += kwh
        if unit is None:
            continue
        _, period_end = blocks.period_containing(start)
        out.append(Price(meter=blocks.meter, timestamp=period_end, origin=BLOCKS_ORIGIN,
                         unit_price=unit, unit=UnitOfMeasure.KWH, tier=tier,
                         rate_label=f"{label_of(tier)} · block {blocks.block_at(used)}",
                         start=start, duration=HALF_HOUR))
    return out


def is_block_price(price: Price, blocks: BlockTariff | None) -> bool:
    """A half hour's block cost (block_prices), not a price of the tariff."""
    return (blocks is not None and price.duration == HALF_HOUR
            and price.timestamp == blocks.period_containing(price.start)[1])
