"""The home's time zone as the meter states it, as a `tzinfo` the display can use.

The Time cluster gives the zone's standard offset, the daylight-saving shift and this
year's window only. A display also draws past days (History) and next year's, so the
meter's rules are matched to the IANA zone that agrees with them (every transition
instant and offset of this year's window): its rules are the same law the hub applies.
Where no zone agrees (a hub with odd settings), `StatedZone` applies the meter's window
to its own year and the standard offset to any other year, which is exactly what the
meter said and nothing more.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bridge.model import MeterClock

# Tried first, so a GB hub's rules come out as Europe/London and not the first of the
# zones sharing them in alphabetical order (Atlantic/Canary, Europe/Dublin…).
PREFERRED_ZONES = ("Europe/London", "America/New_York", "America/Chicago", "America/Denver",
                   "America/Phoenix", "America/Los_Angeles", "America/Anchorage",
                   "Pacific/Honolulu", "America/Toronto", "America/Vancouver",
                   "Europe/Paris", "Australia/Sydney", "Pacific/Auckland")


class StatedZone(tzinfo):
    """Exactly the rules a meter stated: daylight saving only inside its window."""

    def __init__(self, clock: MeterClock) -> None:
        self._clock = clock

    def _window_year(self, utc: datetime) -> bool:
        start = self._clock.dst_start
        return start is not None and utc.year == start.year

    def _offset_utc(self, utc_naive: datetime) -> timedelta:
        utc = utc_naive.replace(tzinfo=UTC)
        if not self._window_year(utc):
            return self._clock.standard_offset
        return self._clock.offset_at(utc)

    def utcoffset(self, dt: datetime | None) -> timedelta:
        if dt is None:
            return self._clock.standard_offset
        local = dt.replace(tzinfo=None)
        # The offset in force at the UTC instant this local time most likely names.
        guess = self._offset_utc(local - self._clock.standard_offset)
        return self._offset_utc(local - guess)

    def dst(self, dt: datetime | None) -> timedelta:
        return self.utcoffset(dt) - self._clock.standard_offset

    def tzname(self, dt: datetime | None) -> str:
        offset = self.utcoffset(dt)
        sign = "-" if offset < timedelta(0) else "+"
        minutes = abs(int(offset.total_seconds())) // 60
        return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"

    def fromutc(self, dt: datetime) -> datetime:
        utc = dt.replace(tzinfo=None)
        return (utc + self._offset_utc(utc)).replace(tzinfo=self)

    def __repr__(self) -> str:
        return f"StatedZone({self.tzname(None)})"


def _agrees(zone: tzinfo, clock: MeterClock) -> bool:
    second = timedelta(seconds=1)
    instants = [clock.timestamp]
    if clock.dst_start is not None and clock.dst_end is not None and clock.dst_shift:
        instants += [clock.dst_start - second, clock.dst_start,
                     clock.dst_end - second, clock.dst_end]
    return all(at.astimezone(zone).utcoffset() == clock.offset_at(at) for at in instants)


@functools.lru_cache(maxsize=16)
def _matching_zone(clock: MeterClock) -> str | None:
    names = [*PREFERRED_ZONES, *sorted(available_timezones() - set(PREFERRED_ZONES))]
    for name in names:
        try:
            zone = ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            continue
        if _agrees(zone, clock):
            return name
    return None


def zone_for(clock: MeterClock) -> tzinfo:
    """The home's zone by the meter's rules (an IANA zone where one agrees with them)."""
    if clock.dst_start is None or clock.dst_end is None or not clock.dst_shift:
        return timezone(clock.standard_offset)  # no daylight saving stated: none applied
    # The rules only, not the moment: one search per set of rules.
    key = MeterClock(timestamp=clock.dst_start, origin="", received_at=clock.dst_start,
                     standard_offset=clock.standard_offset, dst_shift=clock.dst_shift,
                     dst_start=clock.dst_start, dst_end=clock.dst_end)
    name = _matching_zone(key)
    return ZoneInfo(name) if name is not None else StatedZone(clock)
