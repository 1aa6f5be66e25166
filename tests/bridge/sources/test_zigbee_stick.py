"""A Zigbee stick as the coordinator of a trial site's network: the radio library chosen
by type, the HAN client on top, and words when the stick or its library is missing.
The virtual radio stands in for the hardware: the same zigpy application path."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bridge.han.radio.libraries import RadioLibrary
from bridge.model import Fuel, MeterReading
from bridge.sim.clock import SimClock
from bridge.sim.home import SimHome
from bridge.sim.radio import VirtualAir, register_air, unregister_air
from bridge.sources.base import SourceError
from bridge.sources.zigbee_stick import VIRTUAL, ZigbeeStickSource, radio_by_type

EVENING = datetime(2026, 1, 14, 18, 0, tzinfo=UTC)


async def test_a_demo_meter_on_the_sticks_network_is_found_and_read() -> None:
    air = VirtualAir()
    clock = SimClock(start=EVENING, speed=60)
    home = SimHome(air, clock, seed=5)
    path = register_air("trial-site", air)
    source = ZigbeeStickSource(VIRTUAL, path, discovery_timeout_s=10)
    stream = source.subscribe()
    try:
        await source.start()
        home.start()
        assert {m.fuel for m in source.meters} == {Fuel.ELECTRICITY, Fuel.GAS}
        assert source.name == "virtual radio (software) on virtual://trial-site"
        async with asyncio.timeout(10):
            while True:
                update = await stream.get()
                if isinstance(update, MeterReading) and update.demand_kw is not None:
                    break
        assert update.origin == "virtual:virtual://trial-site"
    finally:
        await home.stop()
        await source.stop()
        unregister_air("trial-site")


async def test_a_missing_stick_is_said_in_words(tmp_path: Path) -> None:
    source = ZigbeeStickSource(radio_by_type("ezsp"), "/dev/ttyUSB-not-there")
    with pytest.raises(SourceError, match=re.escape("No stick at /dev/ttyUSB-not-there. "
                                                    "Is it plugged in?")):
        await source.start()


async def test_a_radio_that_does_not_answer_is_said_in_words() -> None:
    source = ZigbeeStickSource(VIRTUAL, "virtual://nobody-here")
    with pytest.raises(SourceError, match="did not start: no virtual radio"):
        await source.start()


async def test_a_library_that_is_not_installed() -> None:
    absent = RadioLibrary("nope", "Imaginary stick", "zigpy-imaginary",
                          "zigpy_imaginary.zigbee.application", False, "")
    with pytest.raises(SourceError, match="pip install zigpy-imaginary"):
        await ZigbeeStickSource(absent, "/dev/null").start()


def test_unknown_radio_types_list_the_known_ones() -> None:
    with pytest.raises(SourceError, match=r"one of .*deconz.*ezsp.*virtual"):
        radio_by_type("cc2531")
