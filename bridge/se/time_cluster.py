"""Time cluster (0x000A) attributes -> `bridge.model.MeterClock`. Pure: no I/O.

zigpy's own `general.Time` definition is used on the wire: its attribute ids and types
agree with Silicon Labs' general.xml (Time UTC_TIME, TimeStatus BITMAP8, TimeZone INT32S,
DstStart/DstEnd INT32U, DstShift INT32S, StandardTime/LocalTime INT32U).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from zigpy.zcl.clusters.general import TimeStatus

from bridge.model import MeterClock
from bridge.se.decode import SEDecodeError
from bridge.se.vocabulary import Time

A = Time.AttributeDefs
READ_ATTRIBUTES = [A.time.id, A.time_status.id, A.time_zone.id, A.dst_start.id,
                   A.dst_end.id, A.dst_shift.id, A.local_time.id]
UTC_EPOCH_2000 = datetime(2000, 1, 1, tzinfo=UTC)
INVALID = 0xFFFFFFFF
# TimeZone and DstShift are limited to ±86400 s (general.xml min/max).
MAX_OFFSET_S = 86_400


def _utc(raw: Any) -> datetime | None:
    value = int(raw)
    if value in (0, INVALID):
        return None
    return UTC_EPOCH_2000 + timedelta(seconds=value)


def _offset(raw: Any, what: str) -> timedelta:
    value = int(raw)
    if not -MAX_OFFSET_S <= value <= MAX_OFFSET_S:
        raise SEDecodeError(f"{what} {value} s is outside ±1 day")
    return timedelta(seconds=value)


def meter_clock_from_time_attributes(attrs: Mapping[int, Any], *, origin: str,
                                     received_at: datetime) -> MeterClock | None:
    """The hub's clock and zone rules; None when it has no valid time (Time unset)."""
    if A.time.id not in attrs:
        return None
    try:
        now = _utc(attrs[A.time.id])
        if now is None:
            return None
        status = TimeStatus(int(attrs.get(A.time_status.id, 0)))
        standard = _offset(attrs.get(A.time_zone.id, 0), "TimeZone")
        shift = _offset(attrs.get(A.dst_shift.id, 0), "DstShift")
        start = _utc(attrs[A.dst_start.id]) if A.dst_start.id in attrs else None
        end = _utc(attrs[A.dst_end.id]) if A.dst_end.id in attrs else None
        stated = None
        if A.local_time.id in attrs and int(attrs[A.local_time.id]) != INVALID:
            # To the minute: a reader may get Time and LocalTime a second apart, and no
            # zone's offset has seconds.
            seconds = int(attrs[A.local_time.id]) - int(attrs[A.time.id])
            stated = _offset(60 * round(seconds / 60), "LocalTime")
    except (TypeError, ValueError) as exc:
        raise SEDecodeError(f"bad Time attribute: {exc}") from exc
    if start is None or end is None or not shift:
        start = end = None
        shift = timedelta(0)
    return MeterClock(
        timestamp=now, origin=origin, received_at=received_at, standard_offset=standard,
        dst_shift=shift, dst_start=start, dst_end=end, stated_local_offset=stated,
        synchronised=bool(status & (TimeStatus.Master | TimeStatus.Synchronized)))
