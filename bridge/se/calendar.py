"""Calendar cluster (0x0707): the calendars a meter publishes, defined for zigpy
(registered on import, as `bridge.se.clusters` does) and decoded into
`bridge.model.TariffCalendar` (the time-of-use calendar, Calendar Type 0x00/0x02) or
`bridge.model.FriendlyCreditCalendar` (Calendar Type 0x03).

Ids, argument order and types follow Silicon Labs' ami.xml (SE 1.4): PublishCalendar,
PublishDayProfile (schedule entries {uint16 start minute, uint8 tier} to the end of the
frame), PublishWeekProfile (day id per weekday, Monday first), PublishSeasons ({ZCL Date,
week id} entries), PublishSpecialDays ({ZCL Date, day id} entries), CancelCalendar, and
the client's GetCalendar, GetDayProfiles, GetWeekProfiles, GetSeasons, GetSpecialDays,
GetCalendarCancellation. A schedule entry's value is a price tier for delivered/received
calendars (the ones an IHD prices with), a friendly-credit switch (ami.xml
ScheduleEntryFriendlyCreditSwitchTimes: uint16 start minute, BOOLEAN friendlyCreditEnable,
the same three bytes) or an auxiliary-switch state for the others.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, Final

import zigpy.types as t
from zigpy.zcl.clusters import smartenergy as zse
from zigpy.zcl.foundation import BaseAttributeDefs, BaseCommandDefs, ZCLAttributeDef, ZCLCommandDef

from bridge.model import (
    CalendarDay,
    CalendarSeason,
    CalendarSpecialDay,
    CalendarTimeReference,
    CalendarWeek,
    FriendlyCreditCalendar,
    MeterIdentity,
    TariffCalendar,
)
from bridge.se.clusters import _TailList
from bridge.se.decode import SEDecodeError, from_utc_time

ANY = 0xFFFFFFFF  # Provider ID / Issuer Calendar ID / Min Issuer Event ID: any


class CalendarType(t.enum8):
    DeliveredCalendar = 0x00
    ReceivedCalendar = 0x01
    DeliveredAndReceivedCalendar = 0x02
    FriendlyCreditCalendar = 0x03
    AuxilliaryLoadSwitchCalendar = 0x04


class CalendarTimeReferenceType(t.enum8):
    UtcTime = 0x00
    StandardTime = 0x01
    LocalTime = 0x02


class ScheduleEntry(t.Struct):
    start_time: t.uint16_t  # minutes after midnight
    active_price_tier_or_friendly_credit_enable: t.uint8_t


class ScheduleEntries(_TailList):
    _item_type = ScheduleEntry


class SeasonEntry(t.Struct):
    season_start_date: t.Date
    week_id_ref: t.uint8_t


class SeasonEntries(_TailList):
    _item_type = SeasonEntry


class SpecialDay(t.Struct):
    special_day_date: t.Date
    day_id_ref: t.uint8_t


class SpecialDayEntries(_TailList):
    _item_type = SpecialDay


def zcl_date(day: date) -> t.Date:
    """A ZCL Date: years since 1900, month, day, day of week (1 = Monday)."""
    return t.Date(years_since_1900=day.year - 1900, month=day.month, day=day.day,
                  day_of_week=day.isoweekday())


def _date(raw: Any) -> date:
    try:
        return date(1900 + int(raw.years_since_1900), int(raw.month), int(raw.day))
    except (TypeError, ValueError) as exc:
        raise SEDecodeError(f"not a date: {raw!r}") from exc


class Calendar(zse.Calendar):
    """Calendar cluster (0x0707): attributes and commands per ami.xml."""

    class AttributeDefs(BaseAttributeDefs):
        auxiliary_switch_1_label: Final = ZCLAttributeDef(id=0x0000, type=t.LVBytes, access="rw")
        auxiliary_switch_2_label: Final = ZCLAttributeDef(id=0x0001, type=t.LVBytes, access="rw")
        auxiliary_switch_3_label: Final = ZCLAttributeDef(id=0x0002, type=t.LVBytes, access="rw")
        auxiliary_switch_4_label: Final = ZCLAttributeDef(id=0x0003, type=t.LVBytes, access="rw")
        auxiliary_switch_5_label: Final = ZCLAttributeDef(id=0x0004, type=t.LVBytes, access="rw")
        auxiliary_switch_6_label: Final = ZCLAttributeDef(id=0x0005, type=t.LVBytes, access="rw")
        auxiliary_switch_7_label: Final = ZCLAttributeDef(id=0x0006, type=t.LVBytes, access="rw")
        auxiliary_switch_8_label: Final = ZCLAttributeDef(id=0x0007, type=t.LVBytes, access="rw")
        cluster_revision: Final = ZCLAttributeDef(id=0xFFFD, type=t.uint16_t, access="r")

    class ServerCommandDefs(BaseCommandDefs):
        get_calendar: Final = ZCLCommandDef(id=0x00, schema={
            "earliest_start_time": t.UTCTime, "min_issuer_event_id": t.uint32_t,
            "number_of_calendars": t.uint8_t, "calendar_type": CalendarType,
            "provider_id": t.uint32_t})
        get_day_profiles: Final = ZCLCommandDef(id=0x01, schema={
            "provider_id": t.uint32_t, "issuer_calendar_id": t.uint32_t,
            "start_day_id": t.uint8_t, "number_of_days": t.uint8_t})
        get_week_profiles: Final = ZCLCommandDef(id=0x02, schema={
            "provider_id": t.uint32_t, "issuer_calendar_id": t.uint32_t,
            "start_week_id": t.uint8_t, "number_of_weeks": t.uint8_t})
        get_seasons: Final = ZCLCommandDef(id=0x03, schema={
            "provider_id": t.uint32_t, "issuer_calendar_id": t.uint32_t})
        get_special_days: Final = ZCLCommandDef(id=0x04, schema={
            "start_time": t.UTCTime, "number_of_events": t.uint8_t,
            "calendar_type": CalendarType, "provider_id": t.uint32_t,
            "issuer_calendar_id": t.uint32_t})
        get_calendar_cancellation: Final = ZCLCommandDef(id=0x05, schema={})

    class ClientCommandDefs(BaseCommandDefs):
        publish_calendar: Final = ZCLCommandDef(id=0x00, schema={
            "provider_id": t.uint32_t, "issuer_event_id": t.uint32_t,
            "issuer_calendar_id": t.uint32_t, "start_time": t.UTCTime,
            "calendar_type": CalendarType,
            "calendar_time_reference": CalendarTimeReferenceType,
            "calendar_name": t.LVBytes, "number_of_seasons": t.uint8_t,
            "number_of_week_profiles": t.uint8_t, "number_of_day_profiles": t.uint8_t})
        publish_day_profile: Final = ZCLCommandDef(id=0x01, schema={
            "provider_id": t.uint32_t, "issuer_event_id": t.uint32_t,
            "issuer_calendar_id": t.uint32_t, "day_id": t.uint8_t,
            "total_number_of_schedule_entries": t.uint8_t, "command_index": t.uint8_t,
            "total_number_of_commands": t.uint8_t, "calendar_type": CalendarType,
            "day_schedule_entries": ScheduleEntries})
        publish_week_profile: Final = ZCLCommandDef(id=0x02, schema={
            "provider_id": t.uint32_t, "issuer_event_id": t.uint32_t,
            "issuer_calendar_id": t.uint32_t, "week_id": t.uint8_t,
            "day_id_ref_monday": t.uint8_t, "day_id_ref_tuesday": t.uint8_t,
            "day_id_ref_wednesday": t.uint8_t, "day_id_ref_thursday": t.uint8_t,
            "day_id_ref_friday": t.uint8_t, "day_id_ref_saturday": t.uint8_t,
            "day_id_ref_sunday": t.uint8_t})
        publish_seasons: Final = ZCLCommandDef(id=0x03, schema={
            "provider_id": t.uint32_t, "issuer_event_id": t.uint32_t,
            "issuer_calendar_id": t.uint32_t, "command_index": t.uint8_t,
            "total_number_of_commands": t.uint8_t, "season_entries": SeasonEntries})
        publish_special_days: Final = ZCLCommandDef(id=0x04, schema={
            "provider_id": t.uint32_t, "issuer_event_id": t.uint32_t,
            "issuer_calendar_id": t.uint32_t, "start_time": t.UTCTime,
            "calendar_type": CalendarType, "total_number_of_special_days": t.uint8_t,
            "command_index": t.uint8_t, "total_number_of_commands": t.uint8_t,
            "special_day_entries": SpecialDayEntries})
        cancel_calendar: Final = ZCLCommandDef(id=0x05, schema={
            "provider_id": t.uint32_t, "issuer_calendar_id": t.uint32_t,
            "calendar_type": CalendarType})


C = Calendar.ClientCommandDefs


TARIFF_TYPES: Final = frozenset({CalendarType.DeliveredCalendar,
                                  CalendarType.DeliveredAndReceivedCalendar})
FRIENDLY_TYPES: Final = frozenset({CalendarType.FriendlyCreditCalendar})


class CalendarAssembler:
    """Gathers one calendar's Publish* commands (they arrive one by one, days and special
    days possibly split over several commands) until it is complete. `types`: the
    Calendar Types it gathers (the time-of-use calendar's by default); a calendar of
    another type, and every command for another calendar id, is left alone."""

    def __init__(self, types: frozenset[int] = TARIFF_TYPES) -> None:
        self.types = types
        self._reset()

    def _reset(self) -> None:
        self.header: Any = None
        self.days: dict[int, list[tuple[int, int]]] = {}
        self.day_totals: dict[int, int] = {}
        self.weeks: dict[int, tuple[int, ...]] = {}
        self.seasons: dict[date, int] = {}
        self.special: dict[date, int] = {}
        self.special_total: int | None = None
        self.seasons_done = False

    def add(self, command_id: int, cmd: Any) -> None:
        """Take one Publish* command (anything for another calendar is ignored)."""
        if command_id == C.publish_calendar.id:
            if int(cmd.calendar_type) not in self.types:
                return  # another kind of calendar (prices, friendly credit, switches)
            if self.header is None or int(cmd.issuer_calendar_id) != int(
                    self.header.issuer_calendar_id):
                self._reset()  # a new calendar: start again
                self.header = cmd
            return
        if self.header is None or int(getattr(cmd, "issuer_calendar_id", -1)) != int(
                self.header.issuer_calendar_id):
            return
        if command_id in (C.publish_day_profile.id, C.publish_special_days.id) and int(
                cmd.calendar_type) not in self.types:
            return  # the same id for another type of calendar: not this one's
        if command_id == C.publish_day_profile.id:
            day = self.days.setdefault(int(cmd.day_id), [])
            day.extend((int(e.start_time), int(e.active_price_tier_or_friendly_credit_enable))
                       for e in cmd.day_schedule_entries)
            self.day_totals[int(cmd.day_id)] = int(cmd.total_number_of_schedule_entries)
        elif command_id == C.publish_week_profile.id:
            self.weeks[int(cmd.week_id)] = tuple(int(getattr(cmd, f"day_id_ref_{d}")) for d in (
                "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
        elif command_id == C.publish_seasons.id:
            for entry in cmd.season_entries:
                self.seasons[_date(entry.season_start_date)] = int(entry.week_id_ref)
            self.seasons_done = int(cmd.command_index) + 1 >= int(cmd.total_number_of_commands)
        elif command_id == C.publish_special_days.id:
            for entry in cmd.special_day_entries:
                self.special[_date(entry.special_day_date)] = int(entry.day_id_ref)
            self.special_total = int(cmd.total_number_of_special_days)

    @property
    def complete(self) -> bool:
        h = self.header
        if h is None:
            return False
        days_done = (len(self.days) >= int(h.number_of_day_profiles)
                     and all(len(self.days[d]) >= n for d, n in self.day_totals.items()))
        return (days_done and len(self.weeks) >= int(h.number_of_week_profiles)
                and (self.seasons_done or int(h.number_of_seasons) == 0)
                and self.special_total is not None and len(self.special) >= self.special_total)

    def calendar(self, *, meter: MeterIdentity, origin: str,
                 received_at: datetime) -> TariffCalendar | FriendlyCreditCalendar:
        """The calendar: a FriendlyCreditCalendar for Calendar Type 0x03, whose values
        are friendlyCreditEnable (any non-zero byte is true, as a ZCL BOOLEAN), else a
        TariffCalendar."""
        h = self.header
        if h is None:
            raise SEDecodeError("no PublishCalendar yet")
        friendly = int(h.calendar_type) == CalendarType.FriendlyCreditCalendar
        kind = FriendlyCreditCalendar if friendly else TariffCalendar
        try:
            name = bytes(h.calendar_name).decode("utf-8", errors="replace")
            start = (received_at if int(h.start_time) in (0, ANY)
                     else from_utc_time(int(h.start_time)))
            return kind(
                meter=meter, timestamp=received_at, origin=origin,
                provider_id=int(h.provider_id), issuer_calendar_id=int(h.issuer_calendar_id),
                issuer_event_id=int(h.issuer_event_id), name=name, start=start,
                time_reference=CalendarTimeReference(int(h.calendar_time_reference)),
                days=tuple(CalendarDay(day_id=d, changes=tuple(sorted(
                    (minute, int(value != 0)) if friendly else (minute, value)
                    for minute, value in entries)))
                           for d, entries in sorted(self.days.items())),
                weeks=tuple(CalendarWeek(week_id=w, day_ids=ids)
                            for w, ids in sorted(self.weeks.items())),
                seasons=tuple(CalendarSeason(start=s, week_id=w)
                              for s, w in sorted(self.seasons.items())),
                special_days=tuple(CalendarSpecialDay(day=d, day_id=i)
                                   for d, i in sorted(self.special.items())))
        except ValueError as exc:  # a tier or reference outside the model's range
            raise SEDecodeError(f"bad calendar: {exc}") from exc


def calendar_from_commands(commands: Iterable[tuple[int, Any]], *, meter: MeterIdentity,
                           origin: str, received_at: datetime,
                           types: frozenset[int] = TARIFF_TYPES,
                           ) -> TariffCalendar | FriendlyCreditCalendar:
    """A whole calendar of `types` from its Publish* commands (for captures and tests)."""
    assembler = CalendarAssembler(types)
    for command_id, cmd in commands:
        assembler.add(command_id, cmd)
    if not assembler.complete:
        raise SEDecodeError("the calendar's commands are incomplete")
    return assembler.calendar(meter=meter, origin=origin, received_at=received_at)
