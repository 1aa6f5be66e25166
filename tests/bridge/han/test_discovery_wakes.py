"""Meter discovery is woken by zigpy's own news (a node joined, answered its interview,
left), not by polling: a meter is set up the moment its node has answered."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime

import pytest

import bridge.han.client as han_client
from bridge.model import Fuel
from bridge.sim.clock import SimClock
from bridge.sim.home import SimHome
from bridge.sim.radio import VirtualAir, register_air, unregister_air
from bridge.sources.zigbee_stick import VIRTUAL, ZigbeeStickSource

EVENING = datetime(2026, 1, 14, 18, 0, tzinfo=UTC)


async def test_meters_are_found_on_zigpys_news_without_any_poll(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """With the backstop look pushed out to an hour, discovery still ends as soon as every
    node has answered: each look after the first was woken by a zigpy listener event."""
    monkeypatch.setattr(han_client, "DISCOVERY_BACKSTOP_S", 3600.0)
    woken: list[str] = []
    news = han_client._DiscoveryProgress._news

    def heard(self: han_client._DiscoveryProgress, *args: object) -> None:
        woken.append(type(args[0]).__name__ if args else "")
        news(self, *args)

    monkeypatch.setattr(han_client._DiscoveryProgress, "_news", heard)
    for name in ("device_joined", "raw_device_initialized", "device_initialized"):
        monkeypatch.setattr(han_client._DiscoveryProgress, name, heard)
    air = VirtualAir()
    home = SimHome(air, SimClock(start=EVENING, speed=60), seed=5)
    path = register_air("discovery-wakes", air)
    source = ZigbeeStickSource(VIRTUAL, path, discovery_timeout_s=3600)
    try:
        started = time.monotonic()
        async with asyncio.timeout(20):
            await source.start()
        assert time.monotonic() - started < 20
        assert {m.fuel for m in source.meters} == {Fuel.ELECTRICITY, Fuel.GAS}
        assert woken, "discovery finished without hearing zigpy's news"
    finally:
        await home.stop()
        await source.stop()
        unregister_air("discovery-wakes")
