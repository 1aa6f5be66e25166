"""The Glow source against a real mosquitto broker fed Glow-shaped payloads."""

from __future__ import annotations

import asyncio
import json
import subprocess
from decimal import Decimal
from pathlib import Path

import aiomqtt
import pytest

from bridge.model import ConnectionState, Fuel, MeterReading, Price, SourceStatus, Tariff
from bridge.sources.base import SourceError
from bridge.sources.glow import GlowMqttSource, GlowPayloadError, parse_glow
from tests.bridge.sources.bridge_json import bridge_json
from tests.bridge.sources.brokers import MOSQUITTO, free_port, needs_mosquitto, wait_for_port

DEVICE = "70B3D521B6A4"
ELEC_TOPIC = f"glow/{DEVICE}/SENSOR/electricitymeter"
GAS_TOPIC = f"glow/{DEVICE}/SENSOR/gasmeter"


def elec(cumulative, power, *, export=0.0, rate=0.2450, standing=0.5335):
    return json.dumps({"electricitymeter": {
        "timestamp": "2026-01-14T18:00:10Z",
        "energy": {"export": {"cumulative": export, "units": "kWh"},
                   "import": {"cumulative": cumulative, "day": 4.2, "week": 30.1,
                              "month": 120.5, "units": "kWh", "mpan": "1234567890123",
                              "supplier": "Octopus", "price": {"unitrate": rate,
                                                               "standingcharge": standing}}},
        "power": {"value": power, "units": "kW"}}})


def gas(kwh, m3):
    return json.dumps({"gasmeter": {
        "timestamp": "2026-01-14T18:00:00Z",
        "energy": {"import": {"cumulative": kwh, "day": 20.1, "units": "kWh",
                              "cumulativevol": m3, "cumulativevolunits": "m3",
                              "dayvol": 20.1, "mprn": "1234567",
                              "price": {"unitrate": 0.0624, "standingcharge": 0.3143}}},
        "power": {"value": 0.0, "units": "kW"}}})


def test_parse_scales_and_names_things_as_a_user_sees_them():
    updates = parse_glow(ELEC_TOPIC, elec(12345.678, 1.234, export=5.5).encode(), "t")
    reading, price, tariff = updates
    assert isinstance(reading, MeterReading)
    assert reading.energy_delivered_kwh == Decimal("12345.678")
    assert reading.energy_received_kwh == Decimal("5.5")
    assert reading.demand_kw == Decimal("1.234")
    assert reading.meter.eui64 == "70:b3:d5:ff:fe:21:b6:a4"
    assert isinstance(price, Price) and price.unit_price.amount == Decimal("0.245")
    assert isinstance(tariff, Tariff)
    assert tariff.standing_charge_per_day.amount == Decimal("0.5335")
    reading = parse_glow(GAS_TOPIC, gas(8000.5, 712.25).encode(), "t")[0]
    assert reading.meter.fuel == Fuel.GAS
    assert (reading.energy_delivered_kwh, reading.volume_delivered_m3) == (
        Decimal("8000.5"), Decimal("712.25"))


def test_quirks_sentinel_power_and_zero_cumulative_are_not_readings():
    reading = parse_glow(ELEC_TOPIC, elec(0, -8388.608).encode(), "t")
    assert not [u for u in reading if isinstance(u, MeterReading)]
    reading = parse_glow(ELEC_TOPIC, elec(100.0, -8388.608).encode(), "t")[0]
    assert reading.demand_kw is None and reading.energy_delivered_kwh == Decimal("100.0")


@pytest.mark.parametrize("payload", [b"{not json", b"[]", b'{"electricitymeter": 5}',
                                     b'{"electricitymeter": {"energy": {"import": 3}}}',
                                     b'{"electricitymeter": {"power": {"value": "lots"}}}'])
def test_malformed_payloads_raise_one_clear_error(payload):
    with pytest.raises(GlowPayloadError):
        parse_glow(ELEC_TOPIC, payload, "t")


@pytest.fixture
def broker(tmp_path: Path):
    port = free_port()
    conf = tmp_path / "mosquitto.conf"
    conf.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n")
    proc = subprocess.Popen([MOSQUITTO, "-c", str(conf)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    wait_for_port(port)
    yield port, proc, conf
    proc.terminate()
    proc.wait(timeout=10)


async def _publish(port: int, *messages: tuple[str, str | bytes]) -> None:
    async with aiomqtt.Client("127.0.0.1", port) as client:
        for topic, payload in messages:
            await client.publish(topic, payload)


async def _collect(stream, kind, count, seconds=10.0):
    found = []
    async with asyncio.timeout(seconds):
        while len(found) < count:
            update = await stream.get()
            if isinstance(update, kind):
                found.append(update)
    return found


@needs_mosquitto
async def test_readings_through_a_real_broker_with_glitches_ignored(broker):
    port, _, _ = broker
    source = GlowMqttSource("127.0.0.1", port)
    stream = source.subscribe()
    await source.start()
    try:
        await _publish(port, (ELEC_TOPIC, elec(1000.0, 0.5)), (ELEC_TOPIC, b"{garbage"),
                       (ELEC_TOPIC, elec(0, -8388.608)), (ELEC_TOPIC, elec(999.0, 0.7)),
                       (ELEC_TOPIC, elec(1000.2, 0.6)), (GAS_TOPIC, gas(5000.0, 450.0)))
        readings = await _collect(stream, MeterReading, 4)
        elec_delivered = [r.energy_delivered_kwh for r in readings
                          if r.meter.fuel == Fuel.ELECTRICITY]
        # 999.0 went backwards: held, never published; the total only rises.
        assert elec_delivered == [Decimal("1000.0"), None, Decimal("1000.2")]
        assert source.malformed == 1
        assert any(r.meter.fuel == Fuel.GAS for r in readings)
    finally:
        await source.stop()


@needs_mosquitto
async def test_broker_gone_is_said_and_the_source_recovers(broker, tmp_path):
    port, proc, conf = broker
    source = GlowMqttSource("127.0.0.1", port, backoff_s=(0.2, 0.5))
    stream = source.subscribe()
    await source.start()
    try:
        proc.terminate()
        proc.wait(timeout=10)
        async with asyncio.timeout(10):
            while True:
                lost = (await _collect(stream, SourceStatus, 1))[0]
                if lost.state not in (ConnectionState.CONNECTED, ConnectionState.SEARCHING):
                    break
        assert lost.state == ConnectionState.DISCONNECTED
        assert "cannot be reached" in lost.detail
        again = subprocess.Popen([MOSQUITTO, "-c", str(conf)],  # noqa: ASYNC220 (returns at once) stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        try:
            async with asyncio.timeout(15):
                while True:
                    status = (await _collect(stream, SourceStatus, 1))[0]
                    if status.state == ConnectionState.SEARCHING:  # the broker is back
                        break
            await _publish(port, (ELEC_TOPIC, elec(2000.0, 1.0)))
            reading = (await _collect(stream, MeterReading, 1))[0]
            assert reading.energy_delivered_kwh == Decimal("2000.0")
        finally:
            again.terminate()
            again.wait(timeout=10)
    finally:
        await source.stop()


async def test_no_broker_is_a_plain_error():
    source = GlowMqttSource("127.0.0.1", free_port(), backoff_s=(0.2, 0.5))
    with pytest.raises(SourceError, match="did not answer"):
        await source.start()


@needs_mosquitto
async def test_ihd_bridge_source_glow_prints_the_devices_readings(broker):
    port, _, _ = broker
    lines = await bridge_json("--source", "glow", "--mqtt", f"127.0.0.1:{port}", seconds=3,
                              after=lambda: _publish(port, (ELEC_TOPIC, elec(4321.5, 2.5))))
    readings = [x for x in lines if x["type"] == "MeterReading"]
    assert readings and readings[0]["energy_delivered_kwh"] == "4321.5"
    assert readings[0]["demand_kw"] == "2.5"


def test_old_firmware_gas_power_zero_is_not_a_gas_demand():
    reading = parse_glow(GAS_TOPIC, gas(8000.5, 712.25).encode(), "t")[0]
    assert reading.demand_kw is None  # power 0.0 on a gas meter: no live gas demand
    body = json.loads(gas(8000.5, 712.25))
    body["gasmeter"]["power"]["value"] = 1.5
    assert parse_glow(GAS_TOPIC, json.dumps(body).encode(), "t")[0].demand_kw == \
        Decimal("1.5")
    # Electricity at 0.000 kW is a real reading: nothing on.
    assert parse_glow(ELEC_TOPIC, elec(100.0, 0.0).encode(), "t")[0].demand_kw == 0


@pytest.mark.parametrize("supplier", ["---", "", None])
def test_a_supplier_the_device_does_not_know_is_not_a_tariff_name(supplier):
    body = json.loads(elec(100.0, 0.5))
    body["electricitymeter"]["energy"]["import"]["supplier"] = supplier
    tariff = next(u for u in parse_glow(ELEC_TOPIC, json.dumps(body).encode(), "t")
              if isinstance(u, Tariff))
    assert tariff.label == "Tariff"
