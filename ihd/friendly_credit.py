"""Friendly credit as a tenant needs it: when the prepayment meter keeps the supply on even
with no credit left, whether that is now and until when, and when it next is. Pure: no Qt.

From the meter's friendly-credit calendar (Calendar cluster, type 0x03) where it has
published one, else from the Prepayment attributes that state the same (Remaining Friendly
Credit Time, Next Friendly Credit Period); whether the supply is running on friendly credit
now from Prepayment Alarm Status where stated, else from Credit Status (credit exhausted
inside a friendly period).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo

from bridge.model import CalendarDay, CreditStatus, FriendlyCreditCalendar, PrepaymentState

DAY_MINUTES = 24 * 60


@dataclass(frozen=True)
class DayHours:
    """One weekday's friendly stretches in minutes after local midnight, (start, end)."""

    spans: tuple[tuple[int, int], ...]

    @property
    def all_day(self) -> bool:
        return self.spans == ((0, DAY_MINUTES),)

    @property
    def overnight(self) -> tuple[int, int] | None:
        """(evening start, morning end) when the day is friendly to a time in the morning
        and again from a time in the evening: read as one stretch over night."""
        if (len(self.spans) == 2 and self.spans[0][0] == 0
                and self.spans[1][1] == DAY_MINUTES):
            return self.spans[1][0], self.spans[0][1]
        return None


@dataclass(frozen=True)
class FriendlyWeek:
    """The usual week's friendly hours (Monday first) and the calendar's coming holidays
    that are friendly all day."""

    days: tuple[DayHours, ...]
    holidays: tuple[date, ...]


@dataclass(frozen=True)
class FriendlyNow:
    in_period: bool  # inside friendly hours now
    until: datetime | None  # when the current friendly period ends
    next_start: datetime | None  # when the next friendly period begins
    in_use: bool  # no credit left: the supply is on only because of friendly credit
    ending_soon: bool  # the meter's end-of-period warning


def usual_week(calendar: FriendlyCreditCalendar, today: date, zone: tzinfo,
               holidays_ahead: int = 366) -> FriendlyWeek:
    """The friendly hours of the week profile in force `today` (special days aside), and
    the special days from `today` on whose profile is friendly all day."""
    monday = today - timedelta(days=today.weekday())
    days = []
    for n in range(7):
        profile = _week_profile(calendar, monday + timedelta(days=n))
        days.append(DayHours(_spans(profile.changes) if profile is not None else ()))
    profiles = {d.day_id: d for d in calendar.days}
    holidays = tuple(sorted(
        s.day for s in calendar.special_days
        if today <= s.day <= today + timedelta(days=holidays_ahead)
        and s.day_id in profiles and _spans(profiles[s.day_id].changes) == ((0, DAY_MINUTES),)))
    return FriendlyWeek(tuple(days), holidays)


def _week_profile(calendar: FriendlyCreditCalendar, day: date) -> CalendarDay | None:
    """The profile the week (not a special day) gives `day`."""
    return replace(calendar, special_days=()).profile_for(day)


def _spans(changes: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    """A day profile's friendly (start, end) minutes; a day starts off until it says on."""
    spans: list[tuple[int, int]] = []
    on_since: int | None = None
    for minute, on in sorted(changes):
        if on and on_since is None:
            on_since = minute
        elif not on and on_since is not None:
            if minute > on_since:
                spans.append((on_since, minute))
            on_since = None
    if on_since is not None and on_since < DAY_MINUTES:
        spans.append((on_since, DAY_MINUTES))
    return tuple(spans)


def friendly_now(prepay: PrepaymentState | None, calendar: FriendlyCreditCalendar | None,
                 now: datetime, zone: tzinfo) -> FriendlyNow | None:
    """Friendly credit at `now`; None when neither the calendar nor the meter says."""
    until = next_start = None
    in_period: bool | None = None
    if calendar is not None:
        period = calendar.period_at(now, zone)
        in_period = period is not None
        until = period[1] if period is not None else None
        upcoming = calendar.next_period(now, zone)
        next_start = upcoming[0] if upcoming is not None else None
    elif prepay is not None and (prepay.friendly_credit_minutes_left is not None
                                 or prepay.next_friendly_credit is not None):
        left = prepay.friendly_credit_minutes_left or 0
        ends = prepay.timestamp + timedelta(minutes=left)
        in_period = left > 0 and ends > now
        until = ends if in_period else None
        stated = prepay.next_friendly_credit
        next_start = stated if stated is not None and stated > now else None
    if in_period is None:
        return None
    if prepay is not None and prepay.friendly_credit_in_use is not None:
        in_use = prepay.friendly_credit_in_use and in_period
    else:
        in_use = (in_period and prepay is not None
                  and CreditStatus.CREDIT_EXHAUSTED in prepay.credit_status)
    ending = bool(prepay is not None and prepay.friendly_credit_ending and in_period)
    return FriendlyNow(in_period, until, next_start, in_use, ending)
