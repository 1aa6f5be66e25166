"""How owners really set their Glow up: another topic prefix, a broker with a login and
TLS, and a device that sends one absurd register value. Against a real mosquitto."""

from __future__ import annotations

import asyncio
import json
import logging
import ssl
from decimal import Decimal
from pathlib import Path

import aiomqtt
import pytest

from bridge.model import ConnectionState, MeterReading, SourceStatus
from bridge.sources.base import SourceError
from bridge.sources.glow import GlowMqttSource, GlowOptions
from bridge.sources.registers import RegisterGuard
from tests.bridge.sources.bridge_json import bridge_json
from tests.bridge.sources.brokers import mosquitto, needs_mosquitto

DEVICE = "70B3D521B6A4"


def elec(cumulative: float | int, power: float = 0.5) -> str:
    return json.dumps({"electricitymeter": {
        "timestamp": "2026-01-14T18:00:10Z",
        "energy": {"export": {"cumulative": 0.0, "units": "kWh"},
                   "import": {"cumulative": cumulative, "units": "kWh"}},
        "power": {"value": power, "units": "kW"}}})


async def publish(port: int, *messages: tuple[str, str], username: str | None = None,
                  password: str | None = None, cafile: Path | None = None) -> None:
    context = ssl.create_default_context(cafile=str(cafile)) if cafile else None
    async with aiomqtt.Client("127.0.0.1", port, username=username, password=password,
                              tls_context=context) as client:
        for topic, payload in messages:
            await client.publish(topic, payload)


async def next_of(stream, kind, *, seconds: float = 10.0, where=lambda _: True):
    async with asyncio.timeout(seconds):
        while True:
            update = await stream.get()
            if isinstance(update, kind) and where(update):
                return update


def test_options_read_a_host_port_or_an_mqtt_url():
    assert GlowOptions.parse("192.168.1.30:1884") == GlowOptions("192.168.1.30", 1884)
    assert GlowOptions.parse("glow.local") == GlowOptions("glow.local", 1883)
    o = GlowOptions.parse("mqtts://ihd:s%40cret@broker.lan/home/glow?cafile=/etc/ca.pem")
    assert (o.host, o.port, o.prefix, o.username, o.password, o.tls, o.cafile) == (
        "broker.lan", 8883, "home/glow", "ihd", "s@cret", True, "/etc/ca.pem")
    assert GlowOptions.parse("mqtt://10.0.0.2/myglow").topics == "myglow/+/SENSOR/+"
    for bad in ("http://broker", "mqtt://b/glow/#", "host:port"):
        with pytest.raises(SourceError):
            GlowOptions.parse(bad)


@needs_mosquitto
async def test_a_changed_topic_prefix_is_read(tmp_path):
    with mosquitto(tmp_path) as broker:
        source = GlowMqttSource.from_spec(f"mqtt://127.0.0.1:{broker.port}/flat42")
        stream = source.subscribe()
        await source.start()
        try:
            await publish(broker.port, (f"flat42/{DEVICE}/SENSOR/electricitymeter",
                                        elec(1000.5)))
            status = await next_of(stream, SourceStatus,
                                   where=lambda s: s.state == ConnectionState.CONNECTED)
            assert "Connected to the Glow device" in status.detail
            reading = await next_of(stream, MeterReading)
            assert reading.energy_delivered_kwh == Decimal("1000.5")
        finally:
            await source.stop()


@needs_mosquitto
async def test_the_wrong_prefix_is_said_in_words_with_the_one_that_works(tmp_path):
    with mosquitto(tmp_path) as broker:
        source = GlowMqttSource("127.0.0.1", broker.port)  # default prefix 'glow'
        stream = source.subscribe()
        await source.start()
        try:
            first = await next_of(stream, SourceStatus)
            assert first.state == ConnectionState.SEARCHING  # not "connected to the Glow"
            await publish(broker.port, (f"flat42/{DEVICE}/SENSOR/electricitymeter",
                                        elec(1000.5)))
            status = await next_of(stream, SourceStatus,
                                   where=lambda s: s.state == ConnectionState.STALE)
            assert "set the topic prefix to 'flat42'" in status.detail
            assert not source.meters
        finally:
            await source.stop()


@needs_mosquitto
async def test_a_silent_prefix_is_said_in_words(tmp_path):
    with mosquitto(tmp_path) as broker:
        source = GlowMqttSource("127.0.0.1", broker.port, quiet_after_s=0.5)
        stream = source.subscribe()
        await source.start()
        try:
            status = await next_of(stream, SourceStatus,
                                   where=lambda s: s.state == ConnectionState.STALE)
            assert "nothing has arrived on glow/+/SENSOR/+" in status.detail
            assert "topic prefix 'glow'" in status.detail
        finally:
            await source.stop()


@needs_mosquitto
async def test_a_broker_with_a_login_and_tls(tmp_path):
    with mosquitto(tmp_path, users={"ihd": "pa55 word"}, tls=True) as broker:
        spec = f"mqtts://ihd:pa55%20word@127.0.0.1:{broker.port}/glow?cafile={broker.cafile}"
        source = GlowMqttSource.from_spec(spec)
        stream = source.subscribe()
        await source.start()
        try:
            await publish(broker.port, (f"glow/{DEVICE}/SENSOR/electricitymeter",
                                        elec(2000.25)), username="ihd",
                          password="pa55 word", cafile=broker.cafile)
            reading = await next_of(stream, MeterReading)
            assert reading.energy_delivered_kwh == Decimal("2000.25")
        finally:
            await source.stop()


@needs_mosquitto
async def test_a_refused_login_is_said_as_such(tmp_path):
    with mosquitto(tmp_path, users={"ihd": "right"}) as broker:
        for spec in (f"mqtt://ihd:wrong@127.0.0.1:{broker.port}",
                     f"127.0.0.1:{broker.port}"):
            source = GlowMqttSource.from_spec(spec)
            with pytest.raises(SourceError, match="refused the login") as caught:
                await source.start()
            assert "MQTT switch" not in str(caught.value)
            assert "turned on" not in str(caught.value)


@needs_mosquitto
async def test_tls_to_a_broker_whose_certificate_is_not_trusted_is_said(tmp_path):
    with mosquitto(tmp_path, tls=True) as broker:
        source = GlowMqttSource.from_spec(f"mqtts://127.0.0.1:{broker.port}",
                                          backoff_s=(0.2, 0.2))
        stream = source.subscribe()
        task = asyncio.create_task(source.start())
        try:
            status = await next_of(stream, SourceStatus,
                                   where=lambda s: s.state == ConnectionState.DISCONNECTED)
            assert "secure (TLS)" in status.detail
            # and start() gives up saying so, not blaming the Glow's MQTT switch
            with pytest.raises(SourceError, match="secure") as caught:
                await task
            assert "turned on" not in str(caught.value)
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            await source.stop()


@needs_mosquitto
async def test_one_absurd_register_value_is_rejected_and_later_values_flow(tmp_path, caplog):
    topic = f"glow/{DEVICE}/SENSOR/electricitymeter"
    with mosquitto(tmp_path) as broker:
        source = GlowMqttSource("127.0.0.1", broker.port)
        stream = source.subscribe()
        await source.start()
        try:
            with caplog.at_level(logging.WARNING, logger="bridge.sources.registers"):
                await publish(broker.port, (topic, elec(1000.0)),
                              (topic, elec(4294967.295)),  # "out by billions" of Wh
                              (topic, elec(1000.1)), (topic, elec(1000.2)),
                              (topic, elec(1000.4)))
                seen = []
                while len(seen) < 5:
                    seen.append((await next_of(stream, MeterReading)).energy_delivered_kwh)
            assert seen == [Decimal("1000.0"), None, Decimal("1000.1"), Decimal("1000.2"),
                            Decimal("1000.4")]
            assert source.registers.rejected == 1
            assert len([r for r in caplog.records if "jumped" in r.getMessage()]) == 1
        finally:
            await source.stop()


def test_a_spike_first_then_the_meter_is_followed_and_logged_once(caplog):
    now = [0.0]
    guard = RegisterGuard(clock=lambda: now[0])
    values = ["9999999999", "1000.0", "1000.1", "1000.2", "1000.3", "999.0", "998.0",
              "1000.4"]
    kept = []
    with caplog.at_level(logging.WARNING, logger="bridge.sources.registers"):
        for value in values:
            now[0] += 10
            kept.append(guard.accept("e", Decimal(value), "energy"))
    # The spike came first: three consistent values later the guard follows the meter;
    # two glitches backwards are held, and the next sane value flows.
    assert kept == [Decimal("9999999999"), None, None, Decimal("1000.2"), Decimal("1000.3"),
                    None, None, Decimal("1000.4")]
    assert guard.rejected == 4
    went = [r for r in caplog.records if "went backwards" in r.getMessage()]
    assert len(went) == 2  # once per run of rejections, not once per value


def test_a_plausible_rise_over_a_long_gap_is_not_a_spike():
    now = [0.0]
    guard = RegisterGuard(clock=lambda: now[0])
    assert guard.accept("e", Decimal("100")) == Decimal("100")
    now[0] += 10 * 3600  # ten hours away; 400 kWh in ten hours is a big house, not a glitch
    assert guard.accept("e", Decimal("500")) == Decimal("500")
    assert guard.accept("e", Decimal("0")) is None  # the device not knowing
    assert guard.rejected == 0


async def _bridge(*args: str, env: dict[str, str] | None = None):
    import os
    import sys

    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bridge.cli", *args, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE, env={**os.environ, **(env or {})})


@needs_mosquitto
async def test_ihd_bridge_reads_a_glow_behind_a_login_tls_and_its_own_prefix(tmp_path):
    with mosquitto(tmp_path, users={"ihd": "s3cret"}, tls=True) as broker:
        url = f"mqtts://ihd@127.0.0.1:{broker.port}/flat42?cafile={broker.cafile}"
        async def send() -> None:
            await publish(broker.port, (f"flat42/{DEVICE}/SENSOR/electricitymeter",
                                        elec(4321.5, 2.5)), username="ihd",
                          password="s3cret", cafile=broker.cafile)

        lines = await bridge_json("--source", "glow", "--mqtt", url, after=send,
                                  env={"OPENIHD_GLOW_PASSWORD": "s3cret"})
        readings = [x for x in lines if x["type"] == "MeterReading"]
        assert readings and readings[0]["energy_delivered_kwh"] == "4321.5"


@needs_mosquitto
async def test_ihd_bridge_says_the_broker_refused_the_login(tmp_path):
    with mosquitto(tmp_path, users={"ihd": "s3cret"}) as broker:
        proc = await _bridge("--source", "glow", "--mqtt",
                             f"mqtt://ihd:wrong@127.0.0.1:{broker.port}", "--json")
        _, err = await asyncio.wait_for(proc.communicate(), 60)
        assert proc.returncode == 1
        assert "refused the login for user 'ihd'" in err.decode()
