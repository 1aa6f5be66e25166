"""Health as the estate sees it: displays paired and online (from the LAN server), a
lost stick, and Home Assistant's restart bringing the discovery configs again."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import aiomqtt
import pytest

from bridge.lan.service import open_pairing, serve
from bridge.model import ConnectionState, SourceStatus
from bridge.mqtt.cli import display_counts
from bridge.mqtt.estate import Condition, Estate
from bridge.mqtt.publisher import MqttPublisher
from bridge.mqtt.settings import parse_url
from bridge.sources.bridge_client import BridgeClientSource, pair_with_bridge
from bridge.sources.sim import SimSource
from tests.bridge.mqtt.broker import Broker, needs_mosquitto, retained
from tests.bridge.mqtt.scripted import T0, ScriptedSource, reading

pytestmark = needs_mosquitto


@pytest.fixture
def broker(tmp_path: Path):
    b = Broker(tmp_path / "broker")
    b.start()
    yield b
    b.stop()


async def _health(port: int, bridge: str, home: str, predicate, seconds: float = 30
                  ) -> dict:
    deadline = time.monotonic() + seconds
    health: dict = {}
    while time.monotonic() < deadline:
        found = await retained(port, f"openihd/{bridge}/{home}/health", quiet_s=0.3)
        if found:
            health = json.loads(found[f"openihd/{bridge}/{home}/health"][0])
            if predicate(health):
                return health
        await asyncio.sleep(0.5)
    raise AssertionError(f"health never got there: {health}")


async def test_displays_paired_and_online_come_from_the_lan_server(broker, tmp_path):
    source = SimSource(seed=1, speed=60, homes=2, start=datetime(2026, 1, 14, 18, tzinfo=UTC),
                       solar=False)
    settings = replace(parse_url(broker.url), bridge_id="lan", health_interval_s=1)
    publisher = MqttPublisher(source, settings)
    await source.start()
    running = await serve(source, state_dir=tmp_path / "state", host="127.0.0.1", port=0,
                          advertise=False)
    open_pairing(running, source)
    publisher.displays = lambda: display_counts(running)
    await publisher.start()
    display = None
    try:
        url = f"https://127.0.0.1:{running.port}"
        pairing = await pair_with_bridge(url, running.pins["home-1"], "Flat 1 hall",
                                         running.identity.fingerprint)
        display = BridgeClientSource(pairing)
        await display.start()
        health = await _health(broker.port, "lan", "home-1",
                               lambda h: h["displays_online"] == 1)
        assert health["displays_paired"] == 1
        other = await _health(broker.port, "lan", "home-2",
                              lambda h: h["displays_paired"] is not None)
        assert (other["displays_paired"], other["displays_online"]) == (0, 0)
        await display.stop()
        display = None
        health = await _health(broker.port, "lan", "home-1",
                               lambda h: h["displays_online"] == 0)
        assert health["displays_paired"] == 1
        estate = Estate()
        now = datetime.fromisoformat(health["last_reading_at"])  # the simulation's clock
        estate.ingest("openihd/lan/status", b"online", now)
        estate.ingest("openihd/lan/home-1/health", json.dumps(health).encode(), now)
        assert estate.rows(now)[0].condition == Condition.DISPLAY_OFFLINE
    finally:
        if display is not None:
            await display.stop()
        await publisher.stop()
        await running.stop()
        await source.stop()


async def test_a_lost_stick_is_in_the_health_and_the_estate_says_so(broker):
    source = ScriptedSource()
    publisher = MqttPublisher(source, replace(parse_url(broker.url), bridge_id="s"))
    await publisher.start()
    try:
        source.emit(reading("10"))
        await _health(broker.port, "s", "flat-1", lambda h: h["meters_heard"] == 1)
        source.emit(SourceStatus(timestamp=T0, origin="stick",
                                 state=ConnectionState.DISCONNECTED,
                                 detail="No stick at /dev/ttyUSB0. Is it plugged in?"))
        health = await _health(broker.port, "s", "flat-1", lambda h: h["stick_lost"])
        link = await retained(broker.port, "openihd/s/connection")
        source.emit(SourceStatus(timestamp=T0, origin="stick",
                                 state=ConnectionState.CONNECTED, detail="Back."))
        back = await _health(broker.port, "s", "flat-1", lambda h: not h["stick_lost"])
    finally:
        await publisher.stop()
    assert health["source_detail"] == "No stick at /dev/ttyUSB0. Is it plugged in?"
    assert json.loads(link["openihd/s/connection"][0])["state"] == "disconnected"
    estate = Estate()
    now = datetime.fromisoformat(health["timestamp"])
    estate.ingest("openihd/s/status", b"online", now)
    estate.ingest("openihd/s/flat-1/health", json.dumps(health).encode(), now)
    row = estate.rows(now)[0]
    assert (row.condition, row.detail) == (Condition.STICK_LOST, health["source_detail"])
    assert back["source_state"] == "connected"


async def test_home_assistant_starting_gets_the_discovery_configs_again(broker):
    source = ScriptedSource()
    publisher = MqttPublisher(source, replace(parse_url(broker.url), bridge_id="ha"))
    await publisher.start()
    source.emit(reading("10"))
    try:
        assert await publisher.link.flushed()
        async with aiomqtt.Client("127.0.0.1", broker.port) as client:
            await client.subscribe("homeassistant/+/+/+/config", qos=1)
            live: set[str] = set()
            wanted = {
                "homeassistant/sensor/openihd_ha_electricity_000d6f000b000001_1/import/config",
                "homeassistant/binary_sensor/openihd_ha/bridge/config"}
            all_there = asyncio.Event()

            async def collect() -> None:
                async for message in client.messages:
                    if not message.retain:  # sent now, not the broker's stored copy
                        live.add(str(message.topic))
                        if wanted <= live:
                            all_there.set()

            collector = asyncio.create_task(collect())
            await asyncio.sleep(0.5)
            assert not live
            await client.publish("homeassistant/status", b"online", qos=1)
            # Until the configs arrive (not a fixed 1.5 s: a busy machine is slower).
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(all_there.wait(), 15)
            collector.cancel()
    finally:
        await publisher.stop()
    assert wanted <= live, f"missing: {wanted - live}"


async def test_a_home_whose_meter_never_answers_is_reported_too(broker):
    """The flat that needs a visit most is the one the bridge never hears from: it is in
    the health (and so in the estate) from the start, as is a flat the config names."""
    from bridge.mqtt.settings import HomeSettings, parse_share
    from tests.bridge.mqtt.scripted import ELEC, GAS

    source = ScriptedSource({"flat-1": (ELEC,), "flat-2": (GAS,)})
    settings = replace(parse_url(broker.url), bridge_id="q", homes={
        "flat-3": HomeSettings(parse_share("health"), label="Flat 3")})
    publisher = MqttPublisher(source, settings)
    await publisher.start()
    try:
        source.emit(reading("10"))
        await _health(broker.port, "q", "flat-1", lambda h: h["meters_heard"] == 1)
        found = await retained(broker.port, "openihd/q/#")
    finally:
        await publisher.stop()
    silent = json.loads(found["openihd/q/flat-2/health"][0])
    assert silent["meters_heard"] == 0 and silent["meters"][0]["fuel"] == "gas"
    named = json.loads(found["openihd/q/flat-3/health"][0])
    assert (named["label"], named["meters"]) == ("Flat 3", [])
    info = json.loads(found["openihd/q/info"][0])
    assert [h["home"] for h in info["homes"]] == ["flat-1", "flat-2", "flat-3"]
    estate = Estate()
    now = datetime.fromisoformat(silent["timestamp"])
    for topic, payloads in found.items():
        estate.ingest(topic, payloads[0], now)
    conditions = {r.home: r.condition for r in estate.rows(now)}
    assert conditions["flat-2"] == conditions["flat-3"] == Condition.NO_METER
