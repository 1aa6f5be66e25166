"""The simulated prepayment meter's friendly-credit hours: when it keeps the supply on even
with no credit (and no emergency credit) left. GB SMETS2 calls it the non-disablement
calendar; on the HAN it is the Calendar cluster's FriendlyCreditCalendar.

The hours are those a GB supplier publishes for its smart prepayment customers (Boost,
OVO's prepayment brand, help page "How can I avoid my meter going off supply at the
weekend?"): between 4pm and 9.59am Monday to Friday, from 4pm Friday to 9.59am Monday,
and all day on English bank holidays. As a calendar: weekdays on at 00:00, off at 10:00,
on at 16:00; Saturdays, Sundays and bank holidays on all day (local time).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

WEEKDAY, ALL_DAY = 1, 2  # day profile ids
OFF_AT, ON_AT = 10 * 60, 16 * 60  # minutes after local midnight on a weekday


def _easter(year: int) -> date:
    """Easter Sunday (Gregorian; the anonymous algorithm in Meeus's Astronomical Algorithms)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * l_) // 433
    month = (h + l_ - 7 * m + 90) // 25
    return date(year, month, (h + l_ - 7 * m + 33 * month + 19) % 32)


def _monday_on_or_after(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7)


def _weekday_on_or_after(day: date) -> date:
    return day if day.weekday() < 5 else _monday_on_or_after(day)


def _last_monday(year: int, month: int) -> date:
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=last.weekday())


def england_bank_holidays(year: int) -> list[date]:
    """England and Wales's regular bank holidays (GOV.UK's list: New Year's Day, Good
    Friday, Easter Monday, early May, spring and summer bank holidays, Christmas Day and
    Boxing Day, with a weekday substitute for one that falls at a weekend). One-off
    holidays proclaimed for an occasion are not in it."""
    easter = _easter(year)
    days = [_weekday_on_or_after(date(year, 1, 1)), easter - timedelta(days=2),
            easter + timedelta(days=1), _monday_on_or_after(date(year, 5, 1)),
            _last_monday(year, 5), _last_monday(year, 8)]
    christmas, boxing = date(year, 12, 25), date(year, 12, 26)
    taken: list[date] = []
    for day in (christmas, boxing):
        when = day
        while when.weekday() >= 5 or when in taken:
            when += timedelta(days=1)
        taken.append(when)
    return sorted(days + taken)


@dataclass(frozen=True)
class FriendlyHours:
    """The friendly-credit calendar as day profiles of (minute, on) changes."""

    zone: tzinfo
    days: dict[int, tuple[tuple[int, int], ...]] = field(default_factory=lambda: {
        WEEKDAY: ((0, 1), (OFF_AT, 0), (ON_AT, 1)), ALL_DAY: ((0, 1),)})
    week: tuple[int, ...] = (WEEKDAY,) * 5 + (ALL_DAY,) * 2  # Monday first
    warning_minutes: int = 10  # Friendly Credit Warning: the end warning comes this early

    def holidays(self, since: date, years: int = 2) -> list[date]:
        return [d for y in range(since.year, since.year + years)
                for d in england_bank_holidays(y) if d >= since]

    def profile(self, day: date) -> tuple[tuple[int, int], ...]:
        if day in england_bank_holidays(day.year):
            return self.days[ALL_DAY]
        return self.days[self.week[day.weekday()]]

    def _changes(self, start: datetime, days: int) -> list[tuple[datetime, bool]]:
        """Every (moment, on) change from the local day before `start` for `days` days."""
        first = start.astimezone(self.zone).date() - timedelta(days=1)
        out: list[tuple[datetime, bool]] = []
        for n in range(days + 1):
            day = first + timedelta(days=n)
            for minute, on in self.profile(day):
                wall = datetime(day.year, day.month, day.day) + timedelta(minutes=minute)
                at = wall.replace(tzinfo=self.zone)
                if not out or out[-1][1] != bool(on):
                    out.append((at, bool(on)))
        return out

    def phase(self, at: datetime) -> FriendlyPhase:
        """Friendly or not at `at`, from when until when, and the next period's start."""
        changes = self._changes(at, 10)
        for n, ((since, on), (until, _)) in enumerate(itertools.pairwise(changes)):
            if since <= at < until:
                later = [start for start, is_on in changes[n + 1:] if is_on]
                return FriendlyPhase(on, since, until, later[0] if later else None)
        raise ValueError(f"no friendly-credit change within ten days of {at}")

    def period_at(self, at: datetime) -> tuple[datetime, datetime] | None:
        """The friendly period `at` is in (from, to), or None outside friendly hours."""
        phase = self.phase(at)
        return (phase.since, phase.until) if phase.on else None

    def next_start(self, at: datetime) -> datetime | None:
        """When the next friendly period after `at` begins (within ten days)."""
        return self.phase(at).next_start


@dataclass(frozen=True)
class FriendlyPhase:
    """A stretch of time that is all friendly (`on`) or all not, and what comes next."""

    on: bool
    since: datetime
    until: datetime
    next_start: datetime | None  # the next friendly period's start after this stretch

    def holds_at(self, at: datetime) -> bool:
        return self.since <= at < self.until
