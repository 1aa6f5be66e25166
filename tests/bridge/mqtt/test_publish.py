"""The bridge's MQTT publishing against a real mosquitto on loopback."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiomqtt
import pytest

from bridge.model import MessageCancelled, SupplierMessage
from bridge.mqtt.publisher import MqttPublisher
from bridge.mqtt.settings import HomeSettings, parse_share, parse_url
from bridge.sources.sim import SimSource
from tests.bridge.mqtt.broker import Broker, needs_mosquitto, retained
from tests.bridge.mqtt.scripted import ELEC, GAS, T0, ScriptedSource, prepayment, reading

pytestmark = needs_mosquitto
EVENING = datetime(2026, 1, 14, 18, tzinfo=UTC)
REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def broker(tmp_path: Path):
    b = Broker(tmp_path / "broker")
    b.start()
    yield b
    b.stop()


def _settings(broker: Broker, **changes):
    return replace(parse_url(broker.url), bridge_id="b1", keepalive_s=5, **changes)


async def _wait_for(port: int, predicate, seconds: float = 20.0) -> dict[str, list[bytes]]:
    deadline = time.monotonic() + seconds
    found: dict[str, list[bytes]] = {}
    while time.monotonic() < deadline:
        found = await retained(port, quiet_s=0.3)
        if predicate(found):
            return found
        await asyncio.sleep(0.3)
    raise AssertionError(f"not there in {seconds} s; retained: {sorted(found)}")


async def _reconnected(publisher: MqttPublisher, times: int) -> None:
    async with asyncio.timeout(30):
        while publisher.link.connections < times:  # noqa: ASYNC110 - a counter
            await asyncio.sleep(0.05)
        await publisher.link.connected.wait()


def _json(found: dict[str, list[bytes]], topic: str) -> dict:
    (payload,) = found[topic]
    return json.loads(payload)


async def test_a_simulated_home_arrives_as_documented_with_discovery(broker: Broker):
    source = SimSource(seed=1, speed=60, homes=1, start=EVENING, solar=True)
    publisher = MqttPublisher(source, _settings(broker))
    await source.start()
    await publisher.start()
    root = "openihd/b1/home-1"
    elec = f"{root}/electricity-000d6f000b000001-1"
    gas = f"{root}/gas-000d6f000c000002-123"
    try:
        found = await _wait_for(broker.port, lambda f: all(
            t in f for t in (f"{elec}/reading", f"{elec}/price", f"{elec}/prepayment",
                             f"{elec}/cost", f"{gas}/reading", f"{root}/health")))
    finally:
        await publisher.stop()
        await source.stop()
    assert found["openihd/b1/status"] == [b"online"]
    after = await retained(broker.port, "openihd/b1/status")
    assert after["openihd/b1/status"] == [b"offline"]  # said goodbye on stop
    info = _json(found, "openihd/b1/info")
    assert info["homes"] == [{"home": "home-1", "label": None}]

    state = _json(found, f"{elec}/reading")
    assert state["import_kwh"] > 0 and "power_kw" in state and "export_kwh" in state
    price = _json(found, f"{elec}/price")
    assert price["unit"] == "GBP/kWh" and 0 < price["unit_price"] < 1
    prepay = _json(found, f"{elec}/prepayment")
    assert prepay["currency"] == "GBP"
    assert prepay["emergency_credit_state"] in ("available", "selected", "in_use",
                                                "exhausted", "not_available")
    # 18:00 on a winter Wednesday: in the simulated meter's friendly hours (to 10:00),
    # with credit left, so not living on it; the next period starts tomorrow at 16:00.
    assert prepay["friendly_credit_in_use"] is False
    assert 0 < prepay["friendly_credit_minutes_left"] <= 16 * 60
    assert prepay["next_friendly_credit"].startswith("2026-01-15T16:00:00")
    assert _json(found, f"{gas}/reading")["volume_m3"] > 0
    health = _json(found, f"{root}/health")
    assert health["meters_heard"] == 2 and health["stick_lost"] is False

    configs = {t: _json(found, t) for t in found if t.startswith("homeassistant/")}
    by_id = {c["unique_id"]: c for c in configs.values()}
    node = "openihd_b1_electricity_000d6f000b000001_1"
    gnode = "openihd_b1_gas_000d6f000c000002_123"
    expect = {
        f"{node}_power": ("power", "measurement", "kW"),
        f"{node}_import": ("energy", "total_increasing", "kWh"),
        f"{node}_export": ("energy", "total_increasing", "kWh"),
        f"{node}_cost_today": ("monetary", "total", "GBP"),
        f"{node}_unit_price": (None, "measurement", "GBP/kWh"),
        f"{node}_credit": ("monetary", "total", "GBP"),
        f"{node}_debt": ("monetary", "total", "GBP"),
        f"{node}_emergency_credit_state": ("enum", None, None),
        f"{gnode}_volume": ("gas", "total_increasing", "m³"),
        f"{gnode}_import": ("energy", "total_increasing", "kWh"),
        f"{gnode}_unit_price": (None, "measurement", "GBP/kWh"),
    }
    for unique_id, (device_class, state_class, unit) in expect.items():
        config = by_id[unique_id]
        assert (config.get("device_class"), config.get("state_class"),
                config.get("unit_of_measurement")) == (device_class, state_class, unit), \
            unique_id
        # The value the template reads is in the state topic's retained payload.
        field = config["value_template"].split("value_json.")[1].split()[0]
        assert field in _json(found, config["state_topic"]), unique_id
        assert config["availability"] == [{"topic": "openihd/b1/status"}]
    assert by_id[f"{node}_cost_today"]["last_reset_value_template"]
    # One device per meter, both behind the bridge's device.
    elec_devices = {json.dumps(c["device"], sort_keys=True) for c in by_id.values()
                    if c["unique_id"].startswith(node)}
    gas_devices = {json.dumps(c["device"], sort_keys=True) for c in by_id.values()
                   if c["unique_id"].startswith(gnode)}
    assert len(elec_devices) == 1 and len(gas_devices) == 1
    assert json.loads(elec_devices.pop())["via_device"] == "openihd_bridge_b1"
    bridge = by_id["openihd_b1_bridge"]
    assert (bridge["device_class"], bridge["state_topic"]) == ("connectivity",
                                                              "openihd/b1/status")
    # Top-up stays off unless the operator turns it on.
    assert not [t for t in configs if t.startswith("homeassistant/text/")]


async def test_a_home_that_shares_health_only_sends_nothing_about_its_use(broker: Broker):
    source = ScriptedSource({"flat-1": (ELEC,), "flat-2": (GAS,)})
    settings = _settings(broker, homes={"flat-2": HomeSettings(parse_share("health"),
                                                               label="Flat 2")})
    publisher = MqttPublisher(source, settings)
    await publisher.start()
    source.emit(reading("100.5"))
    source.emit(reading("200.25", meter=GAS))
    source.emit(prepayment("9.99", meter=GAS))
    try:
        found = await _wait_for(broker.port, lambda f: "openihd/b1/flat-2/health" in f
                                and "openihd/b1/flat-1/electricity-000d6f000b000001-1/reading"
                                in f)
    finally:
        await publisher.stop()
    flat2 = sorted(t for t in found if "flat-2" in t or "000c000002" in t)
    assert flat2 == ["openihd/b1/flat-2/health"]
    health = _json(found, "openihd/b1/flat-2/health")
    assert health["label"] == "Flat 2" and health["meters_heard"] == 1
    assert "200.25" not in json.dumps(health) and "9.99" not in json.dumps(health)


async def test_a_broker_restart_keeps_the_newest_values_once(tmp_path: Path):
    """mosquitto with persistence, restarted between publishes: what is retained after
    the restart is the newest value of each topic, once, and a message cancelled while
    the broker was down does not come back."""
    broker = Broker(tmp_path / "broker", persistence=True)
    broker.start()
    source = ScriptedSource()
    publisher = MqttPublisher(source, _settings(broker))
    await publisher.start()
    base = "openihd/b1/flat-1/electricity-000d6f000b000001-1"
    message = SupplierMessage(meter=ELEC, timestamp=T0, origin="s", message_id=7,
                              text="Meter visit on Friday", start=T0, duration=None)
    try:
        source.emit(prepayment("20.00"))
        source.emit(message)
        await _wait_for(broker.port, lambda f: f"{base}/messages" in f)
        assert await publisher.link.flushed()
        broker.stop()
        source.emit(prepayment("7.25"))
        source.emit(MessageCancelled(meter=ELEC, timestamp=T0, origin="s", message_id=7))
        await asyncio.sleep(0.5)
        assert publisher.link.pending > 0  # waiting for the broker
        broker.start()
        await _reconnected(publisher, 2)
        assert await publisher.link.flushed(timeout=30)
        found = await retained(broker.port)
    finally:
        await publisher.stop()
        broker.stop()
    assert all(len(payloads) == 1 for payloads in found.values())
    assert _json(found, f"{base}/prepayment")["credit"] == 7.25
    assert _json(found, f"{base}/messages")["count"] == 0
    assert publisher.link.connections == 2
    # and the persistence file really was used: a broker restarted again, with no
    # bridge, still has the values
    broker.start()
    try:
        again = await retained(broker.port)
    finally:
        broker.stop()
    assert _json(again, f"{base}/prepayment")["credit"] == 7.25


async def test_a_broker_that_lost_everything_is_made_whole_again(broker: Broker):
    source = ScriptedSource()
    publisher = MqttPublisher(source, _settings(broker))
    await publisher.start()
    try:
        source.emit(reading("100.5"))
        await _wait_for(broker.port, lambda f: any(t.endswith("/reading") for t in f))
        before = await retained(broker.port)
        broker.stop()  # no persistence: everything retained is gone
        broker.start()
        await _reconnected(publisher, 2)
        assert await publisher.link.flushed(timeout=30)
        after = await retained(broker.port)
    finally:
        await publisher.stop()
    before.pop("openihd/b1/status")
    after.pop("openihd/b1/status")
    assert after == before


async def _subscribe_once(port: int, topic: str, seconds: float = 10.0) -> bytes | None:
    async with aiomqtt.Client("127.0.0.1", port) as client:
        await client.subscribe(topic, qos=1)
        try:
            async with asyncio.timeout(seconds):
                async for msg in client.messages:
                    return msg.payload if isinstance(msg.payload, bytes) else b""
        except TimeoutError:
            return None
    return None


async def test_top_up_from_mqtt_only_where_turned_on(broker: Broker):
    source = ScriptedSource({"flat-1": (ELEC,), "flat-2": (GAS,)})
    settings = _settings(broker, homes={
        "flat-1": HomeSettings(parse_share("all"), top_up=True),
        "flat-2": HomeSettings(parse_share("all"), top_up=False)})
    publisher = MqttPublisher(source, settings)
    await publisher.start()
    source.emit(prepayment("3.00"))
    source.emit(prepayment("4.00", meter=GAS))
    elec = "openihd/b1/flat-1/electricity-000d6f000b000001-1"
    gas = "openihd/b1/flat-2/gas-000d6f000c000002-123"
    try:
        found = await _wait_for(broker.port, lambda f: f"{gas}/prepayment" in f
                                and any(t.startswith("homeassistant/text/") for t in f))
        texts = [t for t in found if t.startswith("homeassistant/text/")]
        assert len(texts) == 1  # flat-1 only
        config = _json(found, texts[0])
        assert config["command_topic"] == f"{elec}/top-up/set"
        assert config["mode"] == "password"
        assert config["state_topic"] == f"{elec}/top-up/result"  # masked, never the code

        async with aiomqtt.Client("127.0.0.1", broker.port) as client:
            await client.publish(f"{gas}/top-up/set", b"12345678901234567890", qos=1)
            # Published retained by mistake: acted on once, never again.
            await client.publish(f"{elec}/top-up/set", b"1234 5678 9012 3456 7890", qos=1,
                                 retain=True)
        result = json.loads(await _subscribe_once(broker.port, f"{elec}/top-up/result")
                            or b"{}")
        assert result["accepted"] is True and result["code"].endswith("7890")
        assert "1234" not in result["code"]  # only the last four digits leave
        assert source.codes == ["12345678901234567890"]  # not flat-2's

        await publisher.stop()  # a new connection is sent the retained code again
        publisher = MqttPublisher(source, settings)
        await publisher.start()
        source.emit(prepayment("3.00"))
        await _reconnected(publisher, 1)
        await asyncio.sleep(1)
        assert source.codes == ["12345678901234567890"]
        assert f"{elec}/top-up/set" not in await retained(broker.port)  # and it is gone

        # The answer to this code, as it is sent (not a retained copy read after a fixed
        # 0.5 s, which on a busy machine could still be the accepted code's).
        answer = b"{}"
        async with aiomqtt.Client("127.0.0.1", broker.port) as client:
            await client.subscribe(f"{elec}/top-up/result", qos=1)
            await client.publish(f"{elec}/top-up/set", b"12345", qos=1)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(15):
                    async for msg in client.messages:
                        if not msg.retain and isinstance(msg.payload, bytes):
                            answer = msg.payload
                            break
        result = json.loads(answer)
        assert result["result"] == "invalid_code" and "20 digits" in result["message"]
    finally:
        await publisher.stop()
    assert f"{gas}/top-up/result" not in await retained(broker.port)


def _bridge_process(url: str, bridge_id: str, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bridge.cli", "--sim", "--speed", "30",
         "--mqtt-publish", url, "--mqtt-bridge-id", bridge_id, *extra],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})


async def test_a_killed_bridge_turns_offline_by_its_last_will(broker: Broker):
    proc = _bridge_process(broker.url, "killme")
    try:
        await _wait_for(broker.port, lambda f: f.get("openihd/killme/status") == [b"online"]
                        and "openihd/killme/home-1/health" in f, seconds=60)
        killed = time.monotonic()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        await _wait_for(broker.port,
                        lambda f: f.get("openihd/killme/status") == [b"offline"],
                        seconds=45)  # keep-alive 30 s × 1.5 at worst
        assert time.monotonic() - killed < 45
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)


def test_bad_mqtt_settings_are_one_line_and_status_2(tmp_path: Path):
    cases = [
        (["--mqtt-publish", "http://x"], "starts mqtt:// or mqtts://"),
        (["--mqtt-publish", "mqtt://h", "--mqtt-share", "health,secrets"],
         "unknown category secrets"),
        (["--mqtt-publish", "mqtts://h", "--mqtt-ca", str(tmp_path / "none.pem")],
         "ca file not found"),
    ]
    bad = tmp_path / "bad.toml"
    bad.write_text('url = "mqtt://h"\n[homes.flat-1]\nshare = ["gossip"]\n')
    cases.append((["--mqtt-config", str(bad)], "[homes.flat-1]: unknown category gossip"))
    for args, words in cases:
        result = subprocess.run([sys.executable, "-m", "bridge.cli", "--sim", *args],
                                cwd=REPO, capture_output=True, text=True, timeout=120)
        assert result.returncode == 2, (args, result.stderr)
        assert words in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_every_topic_and_entity_is_in_the_docs():
    from bridge.model import Fuel
    from bridge.mqtt.discovery import meter_entities
    from bridge.mqtt.topics import METER_KINDS

    doc = (REPO / "docs" / "mqtt.md").read_text()
    for kind in METER_KINDS:
        assert f"/{kind}`" in doc, kind
    for entity in meter_entities(Fuel.ELECTRICITY):
        assert entity.name in doc, entity.name


def test_the_cost_today_resets_with_the_local_day():
    from bridge.model import Money, Price, UnitOfMeasure
    from bridge.mqtt.state import MeterState

    state = MeterState(ELEC)
    state.apply(Price(meter=ELEC, timestamp=T0, origin="s", unit_price=Money.of("0.25"),
                      unit=UnitOfMeasure.KWH, tier=1, rate_label="Day",
                      start=T0 - timedelta(days=2), duration=None))
    state.apply(reading("100", at=T0))
    cost = state.apply(reading("104", at=T0 + timedelta(hours=1)))["cost"]
    assert cost is not None and (cost["cost_today"], cost["energy_today"]) == (1, 4)
    next_day = state.apply(reading("105", at=T0 + timedelta(days=1)))["cost"]
    assert next_day is not None and next_day["cost_today"] == 0


async def test_cost_today_carries_on_across_a_bridge_restart(broker: Broker, tmp_path: Path,
                                                             caplog):
    from bridge.model import Money, Price, UnitOfMeasure

    price = Price(meter=ELEC, timestamp=T0, origin="s", unit_price=Money.of("0.25"),
                  unit=UnitOfMeasure.KWH, tier=1, rate_label="Day",
                  start=T0 - timedelta(days=1), duration=None)
    cost_file = tmp_path / "state" / "mqtt-cost.json"
    cost_file.parent.mkdir()
    topic = "openihd/b1/flat-1/electricity-000d6f000b000001-1/cost"

    async def run(*kwh: str) -> dict:
        source = ScriptedSource()
        publisher = MqttPublisher(source, _settings(broker), cost_file=cost_file)
        await publisher.start()
        source.emit(price)
        for i, value in enumerate(kwh):
            source.emit(reading(value, at=T0 + timedelta(minutes=10 * i)))
        try:
            await _wait_for(broker.port, lambda f: topic in f and
                            json.loads(f[topic][0])["energy_today"] is not None)
            assert await publisher.link.flushed()
            await asyncio.sleep(0.3)
            return _json(await retained(broker.port, topic), topic)
        finally:
            await publisher.stop()

    first = await run("100", "104")
    assert (first["energy_today"], first["cost_today"]) == (4, 1)
    # The bridge restarts; the meter counted 2 kWh more meanwhile.
    second = await run("106")
    assert (second["energy_today"], second["cost_today"]) == (6, 1.5)
    assert second["since"] == first["since"]
    # A damaged file is set aside and counting starts again, with a warning.
    cost_file.write_text("{not json")
    third = await run("107", "108")
    assert (third["energy_today"], third["cost_today"]) == (1, 0.25)
    assert len(list(cost_file.parent.glob(cost_file.name + ".damaged-*"))) == 1
    assert "could not be read" in caplog.text
