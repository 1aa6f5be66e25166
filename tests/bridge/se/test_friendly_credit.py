"""Friendly credit: the Calendar cluster's FriendlyCreditCalendar (Calendar Type 0x03,
schedule entries {uint16 start minute, BOOLEAN friendlyCreditEnable}) and the Prepayment
attributes that say whether the supply is on friendly credit now (Prepayment Alarm Status
0x0400 bits 0x0010/0x0020, Friendly Credit Warning 0x0030, Remaining Friendly Credit Time
0x0034, Next Friendly Credit Period 0x0035), as ami.xml lays them out, read back by
Wireshark's dissector, and as the simulated GB prepayment meter publishes them."""

from __future__ import annotations

import asyncio
import struct
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import zigpy.zcl.foundation as foundation

from bridge.model import (
    GBP,
    CreditStatus,
    EmergencyCreditState,
    FriendlyCreditCalendar,
    Fuel,
    MeterIdentity,
    PrepaymentState,
    TariffCalendar,
    Update,
)
from bridge.se.calendar import FRIENDLY_TYPES, Calendar, calendar_from_commands
from bridge.se.clusters import Prepayment
from bridge.se.decode import (
    UTC_EPOCH_2000,
    SEDecodeError,
    decode_zcl_frame,
    parse_frame,
    prepayment_from_attributes,
)
from bridge.sim.calendar_server import FRIENDLY_CALENDAR_ID, CalendarServer
from bridge.sim.friendly_credit import FriendlyHours, england_bank_holidays
from bridge.sim.meters import gb_time_of_use_tariff
from bridge.sources.sim import SimSource
from tests.tshark_util import TSHARK, dissect, dissect_file

LONDON = ZoneInfo("Europe/London")
METER = MeterIdentity("00:0d:6f:00:0b:00:00:01", 1, Fuel.ELECTRICITY)
NOW = datetime(2026, 5, 20, 12, tzinfo=UTC)  # a Wednesday, British Summer Time
FRIENDLY = 0x03


def _server_frame(command_id: int, payload: bytes, tsn: int = 9) -> bytes:
    # frame control: cluster specific, server→client, default response disabled
    return bytes([0x19, tsn, command_id]) + payload


# A friendly-credit calendar built by hand in ami.xml's argument order, little-endian:
# weekdays friendly to 10:00 and from 16:00, weekends and one bank holiday all day.
IDS = struct.pack("<III", 0x1A2B, 8, 0xF001)
PUBLISH_CALENDAR = _server_frame(0x00, IDS + struct.pack("<I BB", 0, FRIENDLY, 0x02)
                                 + b"\x08Friendly" + bytes([1, 1, 2]))
WEEKDAY = _server_frame(0x01, IDS + bytes([1, 3, 0, 1, FRIENDLY])
                        + struct.pack("<HB", 0, 1) + struct.pack("<HB", 600, 0)
                        + struct.pack("<HB", 960, 1))
ALL_DAY = _server_frame(0x01, IDS + bytes([2, 1, 0, 1, FRIENDLY]) + struct.pack("<HB", 0, 1))
WEEK = _server_frame(0x02, IDS + bytes([1, 1, 1, 1, 1, 1, 2, 2]))
SEASONS = _server_frame(0x03, IDS + bytes([0, 1]) + bytes([2026 - 1900, 1, 1, 4, 1]))
# The spring bank holiday, Monday 25 May 2026.
SPECIAL_DAYS = _server_frame(0x04, IDS + struct.pack("<I BBBB", 0, FRIENDLY, 1, 0, 1)
                             + bytes([2026 - 1900, 5, 25, 1, 2]))
FRAMES = (PUBLISH_CALENDAR, WEEKDAY, ALL_DAY, WEEK, SEASONS, SPECIAL_DAYS)


def _commands(*frames: bytes) -> list[tuple[int, Any]]:
    parsed = [parse_frame(Calendar.cluster_id, f) for f in frames]
    return [(int(h.command_id), a) for h, a in parsed]


def _friendly(*frames: bytes) -> FriendlyCreditCalendar:
    calendar = calendar_from_commands(_commands(*frames), meter=METER, origin="t",
                                      received_at=NOW, types=FRIENDLY_TYPES)
    assert isinstance(calendar, FriendlyCreditCalendar)
    return calendar


def _local(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON)


def test_a_friendly_credit_calendar_from_its_publish_commands():
    calendar = _friendly(*FRAMES)
    assert calendar.name == "Friendly"
    periods = calendar.periods(NOW, NOW + timedelta(days=7), LONDON)
    # Wednesday 16:00 to Thursday 10:00, and so on; Friday 16:00 runs through the weekend
    # and the bank holiday Monday to Tuesday 10:00.
    assert periods[:4] == [
        (_local(2026, 5, 20, 16), _local(2026, 5, 21, 10)),
        (_local(2026, 5, 21, 16), _local(2026, 5, 22, 10)),
        (_local(2026, 5, 22, 16), _local(2026, 5, 26, 10)),
        (_local(2026, 5, 26, 16), _local(2026, 5, 27, 10)),
    ]
    assert calendar.period_at(NOW, LONDON) is None  # Wednesday noon
    assert calendar.next_period(NOW, LONDON) == periods[0]
    assert calendar.period_at(_local(2026, 5, 24, 3), LONDON) == periods[2]


def test_the_time_of_use_assembler_leaves_a_friendly_calendar_alone_and_back():
    # A meter may answer both kinds on the same cluster: each assembler takes its own.
    tou = _server_frame(0x00, struct.pack("<IIII BB", 0x1A2B, 7, 0xC001, 0, 0x00, 0x02)
                        + b"\x07Economy" + bytes([0, 0, 0]))
    with pytest.raises(SEDecodeError):  # the friendly commands are no time-of-use calendar
        calendar_from_commands(_commands(*FRAMES), meter=METER, origin="t", received_at=NOW)
    mixed = _commands(tou, *FRAMES)
    friendly = calendar_from_commands(mixed, meter=METER, origin="t", received_at=NOW,
                                      types=FRIENDLY_TYPES)
    assert isinstance(friendly, FriendlyCreditCalendar)
    assert not isinstance(friendly, TariffCalendar)
    assert friendly.issuer_calendar_id == 0xF001


def test_friendly_credit_enable_is_a_boolean_on_the_wire():
    # A BOOLEAN is 0x00 false, 0x01 true; any other non-zero byte is read as true, never
    # as a "tier" 255.
    odd = WEEKDAY[:-1] + bytes([0xFF])
    calendar = _friendly(PUBLISH_CALENDAR, odd, ALL_DAY, WEEK, SEASONS, SPECIAL_DAYS)
    weekday = next(d for d in calendar.days if d.day_id == 1)
    assert weekday.changes == ((0, 1), (600, 0), (960, 1))


def test_a_cut_short_friendly_day_profile_is_refused():
    with pytest.raises(SEDecodeError):
        parse_frame(Calendar.cluster_id, WEEKDAY[:-2])


# Report Attributes from the meter's Prepayment server: credit exhausted and the supply
# kept on by friendly credit, 25 minutes before the period ends.
NEXT_PERIOD = datetime(2026, 5, 21, 15, tzinfo=UTC)  # Thursday 16:00 BST
ENDS_IN = 25


def _report(records: list[tuple[int, int, bytes]]) -> bytes:
    body = b"".join(struct.pack("<HB", attr, kind) + value for attr, kind, value in records)
    return bytes([0x18, 0x33, 0x0A]) + body


FRIENDLY_REPORT = _report([
    (0x0001, 0x2B, struct.pack("<i", -150)),  # Credit Remaining: £1.50 below zero
    (0x0003, 0x18, bytes([0x44])),  # Credit Status: EC enabled, credit exhausted
    (0x0030, 0x20, bytes([10])),  # Friendly Credit Warning: 10 minutes
    (0x0034, 0x21, struct.pack("<H", ENDS_IN)),  # Remaining Friendly Credit Time
    (0x0035, 0xE2, struct.pack("<I", int((NEXT_PERIOD - UTC_EPOCH_2000).total_seconds()))),
    (0x0400, 0x19, struct.pack("<H", 0x0010)),  # Alarm Status: FriendlyCreditInUse
    (0x0502, 0x30, bytes([0x04])),  # Currency Scaling Factor: pence
])


def _prepayment(frame: bytes) -> PrepaymentState:
    _hdr, attrs = decode_zcl_frame(Prepayment.cluster_id, frame)
    state = prepayment_from_attributes(attrs, meter=METER, origin="t", timestamp=NOW,
                                       currency=GBP)
    assert state is not None
    return state


def test_friendly_credit_attributes_decode():
    state = _prepayment(FRIENDLY_REPORT)
    assert state.credit_remaining.amount == -1.5
    assert state.friendly_credit_in_use is True
    assert state.friendly_credit_ending is False
    assert state.friendly_credit_minutes_left == ENDS_IN
    assert state.next_friendly_credit == NEXT_PERIOD
    assert state.friendly_credit_warning_minutes == 10
    # Credit Status 0x10/0x20 are emergency credit's bits, not friendly credit's.
    assert state.emergency_credit_state == EmergencyCreditState.EXHAUSTED


def test_credit_status_0x30_is_emergency_credit_not_friendly_credit():
    frame = _report([(0x0001, 0x2B, struct.pack("<i", 0)), (0x0003, 0x18, bytes([0x34])),
                     (0x0002, 0x2B, struct.pack("<i", 400)),
                     (0x0400, 0x19, struct.pack("<H", 0x0020))])
    state = _prepayment(frame)
    assert state.emergency_credit_state == EmergencyCreditState.IN_USE
    assert CreditStatus.EMERGENCY_CREDIT_IN_USE in state.credit_status
    assert state.friendly_credit_in_use is False
    assert state.friendly_credit_ending is True  # alarm bit 0x0020


def test_a_meter_that_states_no_friendly_credit_leaves_it_unknown():
    frame = _report([(0x0001, 0x2B, struct.pack("<i", 1840)), (0x0003, 0x18, bytes([0x05])),
                     (0x0035, 0xE2, struct.pack("<I", 0xFFFFFFFF))])
    state = _prepayment(frame)
    assert (state.friendly_credit_in_use, state.friendly_credit_ending,
            state.friendly_credit_minutes_left, state.next_friendly_credit,
            state.friendly_credit_warning_minutes) == (None, None, None, None, None)


@pytest.mark.skipif(TSHARK is None, reason="tshark is not installed")
def test_wireshark_reads_the_hand_built_frames_as_we_do(tmp_path: Path):
    frames = [{"src_nwk": 0x3A71, "dst_nwk": 0x5E10, "src_ep": 1, "dst_ep": 1,
               "cluster_id": cluster, "zcl": zcl}
              for cluster, zcl in [*((0x0707, f) for f in FRAMES), (0x0705, FRIENDLY_REPORT)]]
    packets = dissect(frames, tmp_path)
    assert not [p for p in packets if "_ws.malformed" in p]
    calendar, weekday, all_day, *_rest, report = packets
    assert calendar["zbee_zcl_se.calendar.type"] == ["0x03"]  # Friendly Credit Calendar
    assert weekday["zbee_zcl_se.calendar.schedule_entry.start_time"] == ["0", "600", "960"]
    assert weekday["zbee_zcl_se.calendar.schedule_entry.friendly_credit_enable"] == [
        "1", "0", "1"]
    assert "zbee_zcl_se.calendar.schedule_entry.price_tier" not in weekday
    assert all_day["zbee_zcl_se.calendar.schedule_entry.friendly_credit_enable"] == ["1"]
    # Wireshark names the Prepayment attributes by the same ids.
    assert [int(a, 16) for a in report["zbee_zcl_se.pp.attr_id"]] == [
        0x0001, 0x0003, 0x0030, 0x0034, 0x0035, 0x0400, 0x0502]
    assert report["zbee_zcl.attr.uint16"] == [str(ENDS_IN)]  # minutes left
    assert report["zbee_zcl.attr.utc"] == [f"{NEXT_PERIOD:%b %d, %Y %H:%M:%S}.000000000 UTC"]
    assert report["zbee_zcl.attr.bitmap16"] == ["0x0010"]  # alarm: friendly credit in use
    assert report["zbee_zcl.attr.int32"] == ["-150"]


# -- the simulated GB prepayment meter ---------------------------------------------------


async def _run_sim(tmp_path: Path | None, *, payment: str, start: datetime,
                   want: type, seconds: float = 20, linger_s: float = 0) -> list[Update]:
    pcap = tmp_path / "han.pcap" if tmp_path is not None else None
    source = SimSource(seed=3, speed=60, start=start, pcap=pcap, payment=payment)
    updates: list[Update] = []
    heard, prepaid = asyncio.Event(), asyncio.Event()
    stream = source.subscribe()

    async def collect() -> None:
        async for update in stream:
            updates.append(update)
            if isinstance(update, want):
                heard.set()
            if isinstance(update, PrepaymentState):
                prepaid.set()

    task = asyncio.create_task(collect())
    await source.start()
    try:
        async with asyncio.timeout(seconds):
            await heard.wait()
            if payment == "prepayment":  # and the state that follows the first full read
                await prepaid.wait()
        await asyncio.sleep(linger_s)
    finally:
        await source.stop()
        task.cancel()
    return updates


async def test_the_sim_meter_publishes_its_friendly_hours_and_keeps_to_them(tmp_path: Path):
    # Thursday 21 May 2026, 18:05 BST: inside Thursday evening's friendly period.
    start = datetime(2026, 5, 21, 17, 5, tzinfo=UTC)
    updates = await _run_sim(tmp_path, payment="prepayment", start=start,
                             want=FriendlyCreditCalendar)
    calendar = next(u for u in updates if isinstance(u, FriendlyCreditCalendar))
    hours = FriendlyHours(LONDON)
    # Every quarter hour of a fortnight spanning the spring bank holiday: the calendar the
    # display decodes says friendly exactly when the simulated meter keeps supply on.
    at = datetime(2026, 5, 18, tzinfo=UTC)
    periods = calendar.periods(at, at + timedelta(days=14), LONDON)
    for n in range(14 * 96):
        quarter = at + timedelta(minutes=15 * n)
        ours = any(a <= quarter < b for a, b in periods)
        assert ours == (hours.period_at(quarter) is not None), quarter
    assert date(2026, 5, 25) in england_bank_holidays(2026)
    assert (_local(2026, 5, 22, 16), _local(2026, 5, 26, 10)) in periods  # long weekend
    # The Prepayment attributes agree with the calendar.
    prepay = next(u for u in reversed(updates) if isinstance(u, PrepaymentState))
    assert prepay.friendly_credit_in_use is False  # credit left: not living on it
    assert prepay.friendly_credit_warning_minutes == 10
    period = calendar.period_at(prepay.timestamp, LONDON)
    assert period is not None and period[1] == _local(2026, 5, 22, 10)
    # Whole minutes, counted down (the timestamp is to the whole second).
    assert prepay.friendly_credit_minutes_left is not None
    assert 0 <= (period[1] - prepay.timestamp).total_seconds() / 60 - (
        prepay.friendly_credit_minutes_left) < 1.02
    assert prepay.next_friendly_credit == _local(2026, 5, 22, 16)
    assert calendar.next_period(prepay.timestamp, LONDON) == (
        _local(2026, 5, 22, 16), _local(2026, 5, 26, 10))
    if TSHARK is None:  # no tshark here: the wire check is skipped, not faked
        return
    packets = dissect_file(tmp_path / "han.pcap")
    assert not [p for p in packets if "_ws.malformed" in p or "_ws.expert" in p]
    enables = [v for p in packets
               for v in p.get("zbee_zcl_se.calendar.schedule_entry.friendly_credit_enable", [])]
    assert enables == ["1", "0", "1", "1"]  # the weekday profile, then the all-day one
    types = {v for p in packets for v in p.get("zbee_zcl_se.calendar.type", [])}
    assert types == {"0x00", "0x03"}  # the time-of-use calendar and the friendly one
    months = [v for p in packets for v in p.get("zbee_zcl_se.calendar.date.month_day", [])]
    assert "25" in months and "31" in months  # 25 May, 31 August: bank holidays


async def test_a_credit_meter_publishes_no_friendly_credit():
    start = datetime(2026, 5, 21, 17, 5, tzinfo=UTC)
    # Past the time-of-use calendar, by as long again as a friendly one would take.
    updates = await _run_sim(None, payment="credit", start=start, want=TariffCalendar,
                             linger_s=2.0)
    assert not [u for u in updates if isinstance(u, FriendlyCreditCalendar)]
    assert not [u for u in updates if isinstance(u, PrepaymentState)]


class _Recorder:
    """Stands in for the emulated node: keeps what the Calendar server sends."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict[str, Any]]] = []
        self.refused: list[int] = []

    def send_command(self, src_ep: int, dst_ep: int, cluster_id: int, command: str,
                     fields: dict[str, Any], *, tsn: int | None = None) -> bytes:
        self.sent.append((command, fields))
        return b""

    def default_response(self, endpoint: Any, dst_ep: int, cluster_id: int, hdr: Any,
                         status: Any = None) -> None:
        self.refused.append(int(status))


def test_the_gbcs_non_disablement_calendar_id_asks_for_the_friendly_calendar():
    def ask(server: CalendarServer, command_id: int, **fields: Any) -> _Recorder:
        node = _Recorder()
        hdr = foundation.ZCLHeader.cluster(tsn=1, command_id=command_id)
        server.on_command(node, SimpleNamespace(endpoint_id=1), hdr,  # type: ignore[arg-type]
                          SimpleNamespace(**fields))
        return node

    with_friendly = CalendarServer(gb_time_of_use_tariff(), provider_id=7, issuer_event_id=1,
                                   now=lambda: NOW, friendly=FriendlyHours(LONDON))
    node = ask(with_friendly, 0x01, provider_id=0xFFFFFFFF, issuer_calendar_id=0xFFFFFFFE,
               start_day_id=1, number_of_days=0)  # GetDayProfiles
    assert [f["issuer_calendar_id"] for _c, f in node.sent] == [FRIENDLY_CALENDAR_ID] * 2
    assert {f["calendar_type"] for _c, f in node.sent} == {FRIENDLY}
    # A meter with no friendly-credit calendar says NOT_FOUND, by id or by type.
    without = CalendarServer(gb_time_of_use_tariff(), provider_id=7, issuer_event_id=1,
                             now=lambda: NOW)
    assert ask(without, 0x01, provider_id=0xFFFFFFFF, issuer_calendar_id=0xFFFFFFFE,
               start_day_id=1, number_of_days=0).refused == [foundation.Status.NOT_FOUND]
    assert ask(without, 0x00, earliest_start_time=0, min_issuer_event_id=0xFFFFFFFF,
               number_of_calendars=1, calendar_type=FRIENDLY,
               provider_id=0xFFFFFFFF).refused == [foundation.Status.NOT_FOUND]


@pytest.mark.parametrize(("year", "days"), [
    # GOV.UK's published bank holidays for England and Wales.
    (2025, ["01-01", "04-18", "04-21", "05-05", "05-26", "08-25", "12-25", "12-26"]),
    (2026, ["01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"]),
    (2027, ["01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28"]),
])
def test_the_simulated_meters_bank_holidays_are_englands(year: int, days: list[str]):
    assert [f"{d:%m-%d}" for d in england_bank_holidays(year)] == days
