"""The ESME's Calendar server (0x0707): the simulated tariff's time-of-use calendar, as
the Publish* answers to a display's Get… requests.

The calendar is built from the same `TouTariff` the simulated meter bills with, so what
the display prices from the calendar is what the meter charged: day profile 1 is the
ordinary day, day profile 2 the holiday (special days: Christmas and Boxing Day), one week
profile (every day ordinary) and one season. Minutes count in local time, as GB
calendars do.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import zigpy.zcl.foundation as foundation

from bridge.se.calendar import ANY, Calendar, CalendarType, zcl_date
from bridge.sim.meters import Band, TouTariff
from bridge.sim.node import EmulatedEndpoint, EmulatedNode

S = Calendar.ServerCommandDefs
CALENDAR_ID = 0x00C0_0001
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


class CalendarServer:
    def __init__(self, tariff: TouTariff, *, provider_id: int, issuer_event_id: int,
                 now: Any) -> None:
        self.tariff = tariff
        self.provider_id = provider_id
        self.issuer_event_id = issuer_event_id
        self._now = now

    def _days(self) -> dict[int, tuple[Band, ...]]:
        days = {ORDINARY_DAY: self.tariff.bands}
        if self.tariff.holiday_bands:
            days[HOLIDAY] = self.tariff.holiday_bands
        return days

    def _special_days(self, since: date) -> list[dict[str, Any]]:
        if not self.tariff.holiday_bands:
            return []
        found = []
        for year in (since.year, since.year + 1):
            for month, day in self.tariff.holidays:
                when = date(year, month, day)
                if when >= since:
                    found.append({"special_day_date": zcl_date(when), "day_id_ref": HOLIDAY})
        return sorted(found, key=lambda e: (e["special_day_date"].years_since_1900,
                                            e["special_day_date"].month,
                                            e["special_day_date"].day))

    def _ids(self) -> dict[str, int]:
        return {"provider_id": self.provider_id, "issuer_event_id": self.issuer_event_id,
                "issuer_calendar_id": CALENDAR_ID}

    def _ours(self, args: Any) -> bool:
        return (int(getattr(args, "provider_id", ANY)) in (ANY, self.provider_id)
                and int(getattr(args, "issuer_calendar_id", ANY)) in (ANY, CALENDAR_ID))

    def on_command(self, node: EmulatedNode, endpoint: EmulatedEndpoint,
                   hdr: foundation.ZCLHeader, args: Any) -> None:
        ep, tsn = endpoint.endpoint_id, hdr.tsn

        def send(name: str, fields: dict[str, Any]) -> None:
            node.send_command(ep, 1, Calendar.cluster_id, name, fields, tsn=tsn)

        cid = hdr.command_id
        if cid == S.get_calendar_cancellation.id or not self._ours(args):
            node.default_response(endpoint, 1, Calendar.cluster_id, hdr,
                                  foundation.Status.NOT_FOUND)
        elif cid == S.get_calendar.id:
            if int(args.calendar_type) not in (CalendarType.DeliveredCalendar, 0xFF):
                node.default_response(endpoint, 1, Calendar.cluster_id, hdr,
                                      foundation.Status.NOT_FOUND)
                return
            days = self._days()
            send("publish_calendar", {
                **self._ids(), "start_time": int((datetime(2024, 1, 1, tzinfo=UTC)
                                                  - UTC_EPOCH_2000).total_seconds()),
                "calendar_type": CalendarType.DeliveredCalendar,
                "calendar_time_reference": LOCAL_TIME_REFERENCE,
                "calendar_name": self.tariff.label.encode()[:12],
                "number_of_seasons": 1, "number_of_week_profiles": 1,
                "number_of_day_profiles": len(days)})
        elif cid == S.get_day_profiles.id:
            days = self._days()
            first = max(1, int(args.start_day_id))
            count = int(args.number_of_days) or len(days)
            for day_id in range(first, first + count):
                if day_id not in days:
                    continue
                entries = _entries(days[day_id])
                send("publish_day_profile", {
                    **self._ids(), "day_id": day_id,
                    "total_number_of_schedule_entries": len(entries), "command_index": 0,
                    "total_number_of_commands": 1,
                    "calendar_type": CalendarType.DeliveredCalendar,
                    "day_schedule_entries": entries})
        elif cid == S.get_week_profiles.id:
            send("publish_week_profile", {
                **self._ids(), "week_id": 1,
                **{f"day_id_ref_{d}": ORDINARY_DAY for d in (
                    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                    "sunday")}})
        elif cid == S.get_seasons.id:
            send("publish_seasons", {
                **self._ids(), "command_index": 0, "total_number_of_commands": 1,
                "season_entries": [{"season_start_date": zcl_date(SEASON_START),
                                    "week_id_ref": 1}]})
        elif cid == S.get_special_days.id:
            start = int(args.start_time)
            since = (self._now() if start == 0
                     else UTC_EPOCH_2000 + timedelta(seconds=start)).date()
            special = self._special_days(since)
            limit = int(args.number_of_events)
            if limit:
                special = special[:limit]
            send("publish_special_days", {
                **self._ids(), "start_time": 0,
                "calendar_type": CalendarType.DeliveredCalendar,
                "total_number_of_special_days": len(special), "command_index": 0,
                "total_number_of_commands": 1, "special_day_entries": special})
        else:
            node.default_response(endpoint, 1, Calendar.cluster_id, hdr,
                                  foundation.Status.UNSUP_CLUSTER_COMMAND)
