"""The ESME's Calendar server (0x0707): the simulated tariff's time-of-use calendar and,
for a prepayment meter, its friendly-credit calendar, as the Publish* answers to a
display's Get… requests.

The time-of-use calendar is built from the same `TouTariff` the simulated meter bills
with, so what the display prices from the calendar is what the meter charged: day profile
1 is the ordinary day, day profile 2 the holiday (special days: Christmas and Boxing Day),
one week profile (every day ordinary) and one season. The friendly-credit calendar
(Calendar Type 0x03) is the `FriendlyHours` the simulated meter keeps the supply on by:
a weekday profile, an all-day one for weekends and (as special days) bank holidays.
Minutes count in local time, as GB calendars do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import zigpy.zcl.foundation as foundation

from bridge.se.calendar import ANY, Calendar, CalendarType, zcl_date
from bridge.sim.friendly_credit import ALL_DAY, FriendlyHours
from bridge.sim.meters import Band, TouTariff
from bridge.sim.node import EmulatedEndpoint, EmulatedNode

S = Calendar.ServerCommandDefs
CALENDAR_ID = 0x00C0_0001
FRIENDLY_CALENDAR_ID = 0x00C0_0002
# GBCS 10.4.2.11 (as Silicon Labs' calendar-common plugin quotes it): Issuer Calendar ID
# 0xFFFFFFFE means the non-disablement (friendly-credit) calendar in force.
GBCS_NON_DISABLEMENT = 0xFFFF_FFFE
ORDINARY_DAY, HOLIDAY = 1, 2
SEASON_START = date(2024, 1, 1)
UTC_EPOCH_2000 = datetime(2000, 1, 1, tzinfo=UTC)
LOCAL_TIME_REFERENCE = 0x02


def _entries(bands: tuple[Band, ...]) -> list[dict[str, int]]:
    entries: list[dict[str, int]] = []
    for band in sorted(bands, key=lambda b: b.start_minute):
        if not entries or entries[-1]["active_price_tier_or_friendly_credit_enable"] != band.tier:
            entries.append({"start_time": band.start_minute,
                            "active_price_tier_or_friendly_credit_enable": band.tier})
    return entries


@dataclass(frozen=True)
class _Published:
    """One calendar as the server publishes it."""

    calendar_type: int
    calendar_id: int
    name: bytes
    days: dict[int, list[dict[str, int]]]  # day id -> schedule entries
    week: tuple[int, ...]  # day id per weekday, Monday first
    special: Callable[[date], list[dict[str, Any]]]  # special days from a date on


def _special_sorted(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(found, key=lambda e: (e["special_day_date"].years_since_1900,
                                        e["special_day_date"].month,
                                        e["special_day_date"].day))


class CalendarServer:
    def __init__(self, tariff: TouTariff, *, provider_id: int, issuer_event_id: int,
                 now: Any, friendly: FriendlyHours | None = None) -> None:
        self.tariff = tariff
        self.friendly = friendly
        self.provider_id = provider_id
        self.issuer_event_id = issuer_event_id
        self._now = now
        self.calendars = [self._tariff_calendar()]
        if friendly is not None:
            self.calendars.append(self._friendly_calendar(friendly))

    def _tariff_calendar(self) -> _Published:
        bands = {ORDINARY_DAY: self.tariff.bands}
        if self.tariff.holiday_bands:
            bands[HOLIDAY] = self.tariff.holiday_bands
        return _Published(CalendarType.DeliveredCalendar, CALENDAR_ID,
                          self.tariff.label.encode()[:12],
                          {d: _entries(b) for d, b in bands.items()}, (ORDINARY_DAY,) * 7,
                          self._tariff_special_days)

    def _friendly_calendar(self, hours: FriendlyHours) -> _Published:
        days = {day_id: [{"start_time": minute,
                          "active_price_tier_or_friendly_credit_enable": int(on)}
                         for minute, on in changes] for day_id, changes in hours.days.items()}
        return _Published(
            CalendarType.FriendlyCreditCalendar, FRIENDLY_CALENDAR_ID, b"Friendly",
            days, hours.week,
            lambda since: [{"special_day_date": zcl_date(d), "day_id_ref": ALL_DAY}
                           for d in hours.holidays(since)])

    def _tariff_special_days(self, since: date) -> list[dict[str, Any]]:
        if not self.tariff.holiday_bands:
            return []
        found = []
        for year in (since.year, since.year + 1):
            for month, day in self.tariff.holidays:
                when = date(year, month, day)
                if when >= since:
                    found.append({"special_day_date": zcl_date(when), "day_id_ref": HOLIDAY})
        return _special_sorted(found)

    def _find(self, args: Any) -> _Published | None:
        """The calendar a request names: by its id, else its type, else the time-of-use
        one (a request for ANY calendar)."""
        if int(getattr(args, "provider_id", ANY)) not in (ANY, self.provider_id):
            return None
        wanted_id = int(getattr(args, "issuer_calendar_id", ANY))
        wanted_type = int(getattr(args, "calendar_type", 0xFF))
        if wanted_id == GBCS_NON_DISABLEMENT:  # GBCS: the friendly-credit one in force
            wanted_id, wanted_type = ANY, CalendarType.FriendlyCreditCalendar
        for calendar in self.calendars:
            if wanted_id != ANY and calendar.calendar_id != wanted_id:
                continue
            if wanted_type != 0xFF and calendar.calendar_type != wanted_type:
                continue
            return calendar
        return None

    def on_command(self, node: EmulatedNode, endpoint: EmulatedEndpoint,
                   hdr: foundation.ZCLHeader, args: Any) -> None:
        ep, tsn = endpoint.endpoint_id, hdr.tsn

        def send(name: str, fields: dict[str, Any]) -> None:
            node.send_command(ep, 1, Calendar.cluster_id, name, fields, tsn=tsn)

        cid = hdr.command_id
        calendar = self._find(args)
        if cid == S.get_calendar_cancellation.id or calendar is None:
            node.default_response(endpoint, 1, Calendar.cluster_id, hdr,
                                  foundation.Status.NOT_FOUND)
            return
        ids = {"provider_id": self.provider_id, "issuer_event_id": self.issuer_event_id,
               "issuer_calendar_id": calendar.calendar_id}
        if cid == S.get_calendar.id:
            send("publish_calendar", {
                **ids, "start_time": int((datetime(2024, 1, 1, tzinfo=UTC)
                                          - UTC_EPOCH_2000).total_seconds()),
                "calendar_type": calendar.calendar_type,
                "calendar_time_reference": LOCAL_TIME_REFERENCE,
                "calendar_name": calendar.name,
                "number_of_seasons": 1, "number_of_week_profiles": 1,
                "number_of_day_profiles": len(calendar.days)})
        elif cid == S.get_day_profiles.id:
            first = max(1, int(args.start_day_id))
            count = int(args.number_of_days) or len(calendar.days)
            for day_id in range(first, first + count):
                if day_id not in calendar.days:
                    continue
                entries = calendar.days[day_id]
                send("publish_day_profile", {
                    **ids, "day_id": day_id,
                    "total_number_of_schedule_entries": len(entries), "command_index": 0,
                    "total_number_of_commands": 1,
                    "calendar_type": calendar.calendar_type,
                    "day_schedule_entries": entries})
        elif cid == S.get_week_profiles.id:
            send("publish_week_profile", {
                **ids, "week_id": 1,
                **{f"day_id_ref_{d}": day_id for d, day_id in zip((
                    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                    "sunday"), calendar.week, strict=True)}})
        elif cid == S.get_seasons.id:
            send("publish_seasons", {
                **ids, "command_index": 0, "total_number_of_commands": 1,
                "season_entries": [{"season_start_date": zcl_date(SEASON_START),
                                    "week_id_ref": 1}]})
        elif cid == S.get_special_days.id:
            start = int(args.start_time)
            since = (self._now() if start == 0
                     else UTC_EPOCH_2000 + timedelta(seconds=start)).date()
            special = calendar.special(since)
            limit = int(args.number_of_events)
            if limit:
                special = special[:limit]
            send("publish_special_days", {
                **ids, "start_time": 0,
                "calendar_type": calendar.calendar_type,
                "total_number_of_special_days": len(special), "command_index": 0,
                "total_number_of_commands": 1, "special_day_entries": special})
        else:
            node.default_response(endpoint, 1, Calendar.cluster_id, hdr,
                                  foundation.Status.UNSUP_CLUSTER_COMMAND)
