"""The Calendar cluster (0x0707): frames as ami.xml lays them out, the time-of-use
calendar the simulated meter publishes through the virtual HAN (checked by Wireshark's
dissector), and which tier the calendar puts in force when."""

from __future__ import annotations

import asyncio
import struct
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bridge.model import (
    CalendarDay,
    CalendarSeason,
    CalendarSpecialDay,
    CalendarTimeReference,
    CalendarWeek,
    Fuel,
    MeterIdentity,
    TariffCalendar,
)
from bridge.se.calendar import Calendar, calendar_from_commands
from bridge.se.decode import SEDecodeError, parse_frame
from bridge.sim.meters import gb_time_of_use_tariff
from bridge.sources.sim import SimSource
from tests.tshark_util import TSHARK, dissect_file

LONDON = ZoneInfo("Europe/London")
METER = MeterIdentity("00:0d:6f:00:0b:00:00:01", 1, Fuel.ELECTRICITY)
NOW = datetime(2026, 12, 23, 12, tzinfo=UTC)
C = Calendar.ClientCommandDefs


def _server_frame(command_id: int, payload: bytes, tsn: int = 9) -> bytes:
    # frame control: cluster specific, server→client, default response disabled
    return bytes([0x19, tsn, command_id]) + payload


# Built by hand in ami.xml's argument order, little-endian.
PUBLISH_CALENDAR = _server_frame(0x00, struct.pack(
    "<IIII BB", 0x1A2B, 7, 0xC001, 0, 0x00, 0x02) + b"\x07Economy" + bytes([1, 1, 1]))
PUBLISH_DAY_PROFILE = _server_frame(0x01, struct.pack("<III BBBBB", 0x1A2B, 7, 0xC001,
                                                      1, 3, 0, 1, 0x00)
                                    + struct.pack("<HB", 0, 2) + struct.pack("<HB", 7 * 60, 1)
                                    + struct.pack("<HB", 23 * 60, 2))
PUBLISH_WEEK_PROFILE = _server_frame(0x02, struct.pack("<III B", 0x1A2B, 7, 0xC001, 1)
                                     + bytes([1] * 7))
PUBLISH_SEASONS = _server_frame(0x03, struct.pack("<III BB", 0x1A2B, 7, 0xC001, 0, 1)
                                + bytes([2026 - 1900, 1, 1, 4]) + bytes([1]))
PUBLISH_SPECIAL_DAYS = _server_frame(0x04, struct.pack("<IIII BBBB", 0x1A2B, 7, 0xC001, 0,
                                                       0x00, 0, 0, 1))


def _calendar(*frames: bytes) -> TariffCalendar:
    parsed = [parse_frame(Calendar.cluster_id, f) for f in frames]
    return calendar_from_commands([(int(h.command_id), a) for h, a in parsed], meter=METER,
                                  origin="t", received_at=NOW)


def test_hand_built_calendar_frames_parse_in_ami_xml_order():
    hdr, day = parse_frame(Calendar.cluster_id, PUBLISH_DAY_PROFILE)
    assert hdr.command_id == C.publish_day_profile.id
    assert (day.provider_id, day.issuer_event_id, day.issuer_calendar_id) == (0x1A2B, 7, 0xC001)
    assert [(e.start_time, e.active_price_tier_or_friendly_credit_enable)
            for e in day.day_schedule_entries] == [(0, 2), (420, 1), (1380, 2)]
    # Our own encoding gives the same bytes back.
    again = C.publish_day_profile.schema(**{k: getattr(day, k) for k in (
        "provider_id", "issuer_event_id", "issuer_calendar_id", "day_id",
        "total_number_of_schedule_entries", "command_index", "total_number_of_commands",
        "calendar_type", "day_schedule_entries")}).serialize()
    assert again == PUBLISH_DAY_PROFILE[3:]
    _, header = parse_frame(Calendar.cluster_id, PUBLISH_CALENDAR)
    assert bytes(header.calendar_name) == b"Economy"
    assert int(header.calendar_time_reference) == 2  # local time


def test_a_calendar_from_its_five_publish_commands():
    calendar = _calendar(PUBLISH_CALENDAR, PUBLISH_DAY_PROFILE, PUBLISH_WEEK_PROFILE,
                         PUBLISH_SEASONS, PUBLISH_SPECIAL_DAYS)
    assert calendar.name == "Economy"
    assert calendar.time_reference == CalendarTimeReference.LOCAL
    assert calendar.seasons == (CalendarSeason(date(2026, 1, 1), 1),)
    windows = calendar.windows(datetime(2026, 7, 1, tzinfo=UTC), datetime(2026, 7, 2, tzinfo=UTC),
                               LONDON)
    # 07:00 and 23:00 London summer time are 06:00 and 22:00 UTC.
    assert [(a.astimezone(UTC).hour, tier) for a, _, tier in windows] == [(22, 2), (6, 1),
                                                                         (22, 2)]


def test_an_incomplete_or_garbled_calendar_is_refused():
    with pytest.raises(SEDecodeError):
        _calendar(PUBLISH_CALENDAR, PUBLISH_DAY_PROFILE)  # no weeks, seasons, special days
    with pytest.raises(SEDecodeError):
        parse_frame(Calendar.cluster_id, PUBLISH_DAY_PROFILE[:-1])  # an entry cut short


def test_local_minutes_on_the_days_the_clocks_change():
    calendar = _calendar(PUBLISH_CALENDAR, PUBLISH_DAY_PROFILE, PUBLISH_WEEK_PROFILE,
                         PUBLISH_SEASONS, PUBLISH_SPECIAL_DAYS)
    spring = calendar.windows(datetime(2026, 3, 29, tzinfo=UTC),
                              datetime(2026, 3, 29, 23, tzinfo=UTC), LONDON)
    starts = {a.astimezone(UTC): tier for a, _, tier in spring}
    assert starts[datetime(2026, 3, 29, 6, tzinfo=UTC)] == 1  # 07:00 BST
    autumn = calendar.windows(datetime(2026, 10, 25, tzinfo=UTC),
                              datetime(2026, 10, 25, 23, 59, tzinfo=UTC), LONDON)
    starts = {a.astimezone(UTC): tier for a, _, tier in autumn}
    assert starts[datetime(2026, 10, 25, 7, tzinfo=UTC)] == 1  # 07:00 GMT again


def test_special_days_and_seasons_choose_the_day_profile():
    weekday, holiday, weekend = (CalendarDay(1, ((0, 1),)), CalendarDay(2, ((0, 2),)),
                                 CalendarDay(3, ((0, 3),)))
    calendar = TariffCalendar(
        meter=METER, timestamp=NOW, origin="t", provider_id=1, issuer_calendar_id=1,
        issuer_event_id=1, name="x", start=NOW, time_reference=CalendarTimeReference.LOCAL,
        days=(weekday, holiday, weekend),
        weeks=(CalendarWeek(1, (1, 1, 1, 1, 1, 3, 3)), CalendarWeek(2, (1,) * 7)),
        seasons=(CalendarSeason(date(2026, 4, 1), 1), CalendarSeason(date(2026, 10, 1), 2)),
        special_days=(CalendarSpecialDay(date(2026, 12, 25), 2),))
    assert calendar.profile_for(date(2026, 6, 6)) == weekend  # a Saturday in season 1
    assert calendar.profile_for(date(2026, 11, 7)) == weekday  # season 2: no weekend rate
    assert calendar.profile_for(date(2026, 12, 25)) == holiday
    assert calendar.profile_for(date(2026, 2, 7)) == weekday  # before April: last season


async def test_the_sim_meter_publishes_the_calendar_it_bills_by(tmp_path: Path):
    pcap = tmp_path / "han.pcap"
    source = SimSource(seed=2, speed=60, start=NOW, pcap=pcap)
    heard = asyncio.Event()
    calendars: list[TariffCalendar] = []
    stream = source.subscribe()

    async def collect() -> None:
        async for update in stream:
            if isinstance(update, TariffCalendar):
                calendars.append(update)
                heard.set()

    task = asyncio.create_task(collect())
    await source.start()
    try:
        async with asyncio.timeout(20):
            await heard.wait()
    finally:
        await source.stop()
        task.cancel()
    calendar = calendars[0]
    tariff = gb_time_of_use_tariff()
    # Every half hour of a week spanning Christmas: the calendar's tier is the band the
    # simulated meter charges (Christmas and Boxing Day off-peak all day).
    at = datetime(2026, 12, 22, tzinfo=UTC)
    windows = calendar.windows(at, at + timedelta(days=7), LONDON)
    for n in range(7 * 48):
        half_hour = at + timedelta(minutes=30 * n)
        tier = next(t for a, b, t in windows if a <= half_hour < b)
        assert tier == tariff.band_at(half_hour).tier, half_hour
    if TSHARK is None:  # no tshark here: the wire check is skipped, not faked
        return
    packets = dissect_file(pcap)
    assert not [p for p in packets if "_ws.malformed" in p or "_ws.expert" in p]
    fields: dict[str, list[str]] = {}
    for p in packets:
        for name, values in p.items():
            if name.startswith("zbee_zcl_se.calendar."):
                fields.setdefault(name, []).extend(values)
    # Wireshark reads the same calendar: the ordinary day's changes, local time, Christmas.
    assert fields["zbee_zcl_se.calendar.schedule_entry.start_time"][:4] == [
        "0", "420", "960", "1140"]
    assert fields["zbee_zcl_se.calendar.schedule_entry.price_tier"][:4] == ["2", "1", "3", "1"]
    assert "0x02" in fields["zbee_zcl_se.calendar.time_reference"]
    assert "25" in fields["zbee_zcl_se.calendar.date.month_day"]
    assert fields["zbee_zcl_se.calendar.name"] == [calendar.name]
