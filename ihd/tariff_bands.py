"""The tariff's bands as the meter states them: its time-of-use calendar (which tier when)
with the tariff's tier names and prices. Pure: no Qt, no I/O.

Used for the Tariff page (today's and tomorrow's bands, the next change) and to price
every half hour in the history, also those from before the first PublishPrice a display
saw (the meter's own log after a first start or a time switched off).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from bridge.model import Money, Price, Tariff, TariffCalendar

# A price the calendar implies ranks below any price the meter published (the store
# takes the most recently received price for a half hour): it is stamped at the SE epoch.
IMPLIED_AT = datetime(2000, 1, 1, tzinfo=UTC)
IMPLIED_ORIGIN = "calendar"


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
