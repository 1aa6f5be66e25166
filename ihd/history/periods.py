"""Days, weeks, months and years in the household's local time. Pure, no I/O.

Meters count in UTC; people live in local time. A local day is from local midnight to
the next local midnight, so it is 23 or 25 hours long on the days the clocks change.
Weeks start on Monday (as the SE Metering historical attributes do).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Literal

Period = Literal["day", "week", "month", "year"]


@dataclass(frozen=True)
class LocalPeriod:
    first_day: date  # inclusive
    end_day: date  # exclusive
    tz: tzinfo

    @property
    def start(self) -> datetime:
        return local_midnight(self.first_day, self.tz)

    @property
    def end(self) -> datetime:
        return local_midnight(self.end_day, self.tz)

    @property
    def half_hours(self) -> int:
        # Subtract in UTC: aware datetimes sharing a tzinfo subtract as wall-clock times.
        return int((self.end.astimezone(UTC) - self.start.astimezone(UTC)).total_seconds()
                   // 1800)


def local_midnight(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_containing(at: datetime, period: Period, tz: tzinfo, offset: int = 0) -> LocalPeriod:
    """The local period containing `at`, shifted by `offset` whole periods."""
    today = at.astimezone(tz).date()
    if period == "day":
        first = today + timedelta(days=offset)
        return LocalPeriod(first, first + timedelta(days=1), tz)
    if period == "week":
        first = today - timedelta(days=today.weekday()) + timedelta(weeks=offset)
        return LocalPeriod(first, first + timedelta(weeks=1), tz)
    if period == "month":
        first = _add_months(today.replace(day=1), offset)
        return LocalPeriod(first, _add_months(first, 1), tz)
    if period == "year":
        first = date(today.year + offset, 1, 1)
        return LocalPeriod(first, date(first.year + 1, 1, 1), tz)
    raise ValueError(f"unknown period {period!r}")


def same_period_last_year(at: datetime, period: Period, tz: tzinfo) -> LocalPeriod:
    """The comparable period a year earlier (the same ISO week for weeks)."""
    if period == "week":
        return period_containing(at, "week", tz, offset=-52)
    local = at.astimezone(tz)
    try:
        earlier = local.replace(year=local.year - 1)
    except ValueError:  # 29 February
        earlier = local.replace(year=local.year - 1, day=28)
    return period_containing(earlier, period, tz)
