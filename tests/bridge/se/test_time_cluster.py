"""The comms hub's Time cluster through the virtual HAN: UTC, the zone and this year's
daylight-saving window, read by the HAN client, checked against Wireshark's dissector,
and the home's zone rules recovered from them."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import zigpy.zcl.foundation as foundation
from zigpy.zcl.clusters.general import Time

from bridge.model import MeterClock
from bridge.se.decode import SEDecodeError
from bridge.se.time_cluster import meter_clock_from_time_attributes
from bridge.sources.sim import SimSource
from bridge.timezones import StatedZone, zone_for
from tests.tshark_util import TSHARK, dissect_file

BEFORE_BST = datetime(2026, 3, 29, 0, 59, tzinfo=UTC)  # GB clocks go forward at 01:00 UTC
BST_STARTS = datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
BST_ENDS = datetime(2026, 10, 25, 1, 0, tzinfo=UTC)
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def _utc(at: datetime) -> int:
    return int((at - EPOCH).total_seconds())


# A Read Attributes Response from a GB hub at 2026-03-29 01:00:30 UTC, built by hand from
# the ZCL spec (Time 0x000A, general.xml types): status 0 records, little-endian values.
HUB_READ_RESPONSE = bytes.fromhex(
    "18" "07" "01"  # server→client, no default response; TSN 7; Read Attributes Response
    "0000" "00" "e2" + _utc(BST_STARTS + timedelta(seconds=30)).to_bytes(4, "little").hex()
    + "0100" "00" "18" "0d"  # TimeStatus: master, master for zone/DST, superseding
    + "0200" "00" "2b" + (0).to_bytes(4, "little", signed=True).hex()
    + "0300" "00" "23" + _utc(BST_STARTS).to_bytes(4, "little").hex()
    + "0400" "00" "23" + _utc(BST_ENDS).to_bytes(4, "little").hex()
    + "0500" "00" "2b" + (3600).to_bytes(4, "little", signed=True).hex()
    + "0700" "00" "23" + (_utc(BST_STARTS) + 30 + 3600).to_bytes(4, "little").hex())


def _attributes(frame: bytes) -> dict[int, object]:
    hdr, rest = foundation.ZCLHeader.deserialize(frame)
    assert hdr.command_id == foundation.GeneralCommand.Read_Attributes_rsp
    schema = foundation.GENERAL_COMMANDS[hdr.command_id].schema
    rsp, left = schema.deserialize(rest)
    assert left == b""
    return {int(r.attrid): r.value.value for r in rsp.status_records
            if r.status == foundation.Status.SUCCESS}


def test_a_gb_hubs_time_decodes_to_utc_the_zone_and_its_bst_window():
    attrs = _attributes(HUB_READ_RESPONSE)
    seen_at = BST_STARTS + timedelta(seconds=31)
    clock = meter_clock_from_time_attributes(attrs, origin="t", received_at=seen_at)
    assert clock is not None
    assert clock.timestamp == BST_STARTS + timedelta(seconds=30)
    assert (clock.dst_start, clock.dst_end) == (BST_STARTS, BST_ENDS)
    assert clock.standard_offset == timedelta(0) and clock.dst_shift == timedelta(hours=1)
    assert clock.stated_local_offset == timedelta(hours=1)  # LocalTime agrees with the rules
    assert clock.synchronised
    assert clock.skew == timedelta(seconds=1)
    zone = zone_for(clock)
    assert zone == ZoneInfo("Europe/London")
    # So last year's days are right too, which the hub did not state.
    assert datetime(2025, 7, 1, 12, tzinfo=UTC).astimezone(zone).hour == 13


def test_rules_no_zone_agrees_with_are_applied_exactly_as_stated():
    odd = MeterClock(timestamp=BST_STARTS, origin="t", received_at=BST_STARTS,
                     standard_offset=timedelta(hours=0), dst_shift=timedelta(minutes=30),
                     dst_start=datetime(2026, 5, 1, tzinfo=UTC),
                     dst_end=datetime(2026, 6, 1, tzinfo=UTC))
    zone = zone_for(odd)
    assert isinstance(zone, StatedZone)
    assert datetime(2026, 5, 10, 12, tzinfo=UTC).astimezone(zone).minute == 30
    assert datetime(2026, 6, 10, 12, tzinfo=UTC).astimezone(zone).minute == 0
    local_noon = datetime(2026, 5, 10, 12, tzinfo=zone)
    assert local_noon.astimezone(UTC) == datetime(2026, 5, 10, 11, 30, tzinfo=UTC)


def test_a_hub_without_daylight_saving_gives_a_fixed_offset():
    attrs = {Time.AttributeDefs.time.id: _utc(BST_STARTS),
             Time.AttributeDefs.time_zone.id: 9 * 3600,
             Time.AttributeDefs.dst_start.id: 0xFFFFFFFF, Time.AttributeDefs.dst_end.id: 0xFFFFFFFF,
             Time.AttributeDefs.dst_shift.id: 0}
    clock = meter_clock_from_time_attributes(attrs, origin="t", received_at=BST_STARTS)
    assert clock is not None and clock.dst_start is None
    assert datetime(2026, 7, 1, 0, tzinfo=UTC).astimezone(zone_for(clock)).hour == 9


def test_an_unset_or_impossible_time_is_not_taken():
    assert meter_clock_from_time_attributes({0x0000: 0}, origin="t",
                                            received_at=BST_STARTS) is None
    assert meter_clock_from_time_attributes({0x0000: 0xFFFFFFFF}, origin="t",
                                            received_at=BST_STARTS) is None
    with pytest.raises(SEDecodeError):
        meter_clock_from_time_attributes({0x0000: 1000, 0x0002: 200_000}, origin="t",
                                         received_at=BST_STARTS)


async def test_the_sim_hub_serves_the_bst_change_and_the_client_follows_it(tmp_path: Path):
    pcap = tmp_path / "han.pcap"
    source = SimSource(seed=3, speed=120, start=BEFORE_BST, pcap=pcap)
    clocks: list[MeterClock] = []
    past_the_change = asyncio.Event()
    stream = source.subscribe()

    async def collect() -> None:
        async for update in stream:
            if isinstance(update, MeterClock):
                clocks.append(update)
                if update.timestamp > BST_STARTS + timedelta(seconds=30):
                    past_the_change.set()

    task = asyncio.create_task(collect())
    await source.start()
    try:
        async with asyncio.timeout(30):
            await past_the_change.wait()
    finally:
        await source.stop()
        task.cancel()
    first, last = clocks[0], clocks[-1]
    assert first.timestamp < BST_STARTS and first.stated_local_offset == timedelta(0)
    assert last.timestamp > BST_STARTS and last.stated_local_offset == timedelta(hours=1)
    for clock in (first, last):  # the hub states this year's window throughout
        assert (clock.dst_start, clock.dst_end) == (BST_STARTS, BST_ENDS)
        assert abs(clock.skew) < timedelta(seconds=3)  # the sim's computer clock is right
    if TSHARK is None:  # no tshark here: the wire check is skipped, not faked
        return
    packets = dissect_file(pcap)
    assert not [p for p in packets if "_ws.malformed" in p or "_ws.expert" in p]
    time_frames = [p for p in packets if "zbee_zcl_general.time.attr_id" in p]
    assert time_frames
    local_times = [int(v) for p in time_frames for v in p.get("zbee_zcl.attr.uint32", [])
                   if abs(int(v) - _utc(BST_STARTS)) < 7200]
    utc_times = [v for p in time_frames for v in p.get("zbee_zcl.attr.utc", [])]
    assert utc_times[0].startswith("Mar 29, 2026 00:59")
    # Wireshark reads LocalTime an hour ahead of Time once BST has begun.
    assert max(local_times) >= _utc(BST_STARTS) + 3600
