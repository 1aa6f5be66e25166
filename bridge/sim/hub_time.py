"""The comms hub's Time cluster (0x000A): UTC plus the home's zone rules, as a GB hub
serves them (its time and local offset are managed from the WAN).

The values follow the simulated clock, so a demo or test started with `--start` just
before a clock change sees the hub's LocalTime jump at the change.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from functools import lru_cache

from zigpy.zcl.clusters.general import TimeStatus

from bridge.se.vocabulary import Time, attributes

# Master clock, master for zone and DST, superseding (a GB hub's time comes from the WAN).
HUB_TIME_STATUS = TimeStatus.Master | TimeStatus.Master_for_Zone_and_DST | TimeStatus.Superseding
UTC_EPOCH_2000 = datetime(2000, 1, 1, tzinfo=UTC)


def _seconds(at: datetime) -> int:
    return int((at - UTC_EPOCH_2000).total_seconds())


@lru_cache(maxsize=8)
def dst_window(zone: tzinfo, year: int) -> tuple[datetime, datetime, timedelta] | None:
    """The UTC instants daylight saving starts and ends in `year`, and its shift."""
    changes: list[tuple[datetime, timedelta]] = []
    at = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    offset = at.astimezone(zone).utcoffset()
    while at < end:  # day by day, then the hour within the day
        nxt = at + timedelta(days=1)
        if nxt.astimezone(zone).utcoffset() != offset:
            hour = at
            while hour.astimezone(zone).utcoffset() == offset:
                hour += timedelta(minutes=15)
            offset = hour.astimezone(zone).utcoffset()
            changes.append((hour, offset or timedelta(0)))
        at = nxt
    if len(changes) != 2:
        return None
    (first, first_offset), (second, _) = changes
    base = datetime(year, 1, 1, tzinfo=UTC).astimezone(zone).utcoffset() or timedelta(0)
    if first_offset > base:  # northern: the first change starts daylight saving
        return first, second, first_offset - base
    return second, first, base - first_offset


def time_attributes(now: datetime, zone: tzinfo) -> dict[int, int]:
    """The hub's Time attributes at `now` (UTC) for a home in `zone`."""
    window = dst_window(zone, now.year)
    jan = datetime(now.year, 1, 1, tzinfo=UTC).astimezone(zone).utcoffset() or timedelta(0)
    standard = jan
    if window is not None and window[0] > window[1]:  # southern: January is summer
        standard = jan - window[2]
    local_offset = now.astimezone(zone).utcoffset() or timedelta(0)
    utc = _seconds(now)
    attrs = attributes(
        Time, time=utc, time_status=int(HUB_TIME_STATUS),
        time_zone=int(standard.total_seconds()),
        standard_time=utc + int(standard.total_seconds()),
        local_time=utc + int(local_offset.total_seconds()))
    if window is not None:
        start, end, shift = window
        attrs.update(attributes(Time, dst_start=_seconds(start), dst_end=_seconds(end),
                                dst_shift=int(shift.total_seconds())))
    else:  # no daylight saving: the window is "not used"
        attrs.update(attributes(Time, dst_start=0xFFFFFFFF, dst_end=0xFFFFFFFF, dst_shift=0))
    return attrs
