"""Simulated homes in a process of their own: the bridge's zigpy stack finds and follows
them over the air link exactly as in one process, and the homes' process ends with the
source."""

from __future__ import annotations

import asyncio
import struct
from datetime import UTC, datetime

import pytest

from bridge.model import Fuel, MeterReading, TopUpCode
from bridge.sim.air_link import AirLink, LinkError
from bridge.sim.home import node_addresses
from bridge.sources.sim import SimSource

EVENING = datetime(2026, 1, 14, 18, tzinfo=UTC)


async def test_homes_in_their_own_process_are_found_and_followed() -> None:
    source = SimSource(seed=3, speed=60, homes=2, start=EVENING, solar=False,
                       separate_process=True)
    stream = source.subscribe()
    await source.start()
    child = source._child
    assert child is not None and child.poll() is None
    try:
        assert source.homes == []  # their state lives in the other process
        assert sorted((m.eui64, m.fuel) for m in source.meters) == sorted(
            [(esme, Fuel.ELECTRICITY) for esme, _ in source.addresses]
            + [(hub, Fuel.GAS) for _, hub in source.addresses])
        assert source.premises == {
            f"home-{i + 1}": tuple(m for m in source.meters if m.eui64 in node_addresses(i))
            for i in range(2)}
        # Live reports from both homes' electricity meters, decoded by this process.
        reporting: set[str] = set()
        async with asyncio.timeout(60):
            async for update in stream:
                if isinstance(update, MeterReading) and update.demand_kw is not None:
                    reporting.add(update.meter.eui64)
                    if len(reporting) == 2:
                        break
        # A command crosses too: a top-up code the demo meter does not know is refused
        # by the meter in the other process, not by this one.
        esme = next(m for m in source.meters if m.fuel == Fuel.ELECTRICITY)
        result = await source.top_up(esme, TopUpCode("12345678901234567890"))
        assert not result.accepted
    finally:
        await source.stop()
    assert child.poll() is not None  # the homes' process ended with the source


async def test_a_broken_peer_on_the_link_is_refused() -> None:
    reader = asyncio.StreamReader()
    reader.feed_data(struct.pack(">I", 1 << 20))  # a message larger than any frame
    link = AirLink(reader, writer=None)  # type: ignore[arg-type]
    with pytest.raises(LinkError):
        await link.receive(lambda *a, **k: None)
    reader = asyncio.StreamReader()
    reader.feed_data(struct.pack(">IB", 1, 9))  # a kind of message there is not
    with pytest.raises(LinkError):
        await AirLink(reader, writer=None).receive(lambda *a, **k: None)  # type: ignore[arg-type]
