"""Messages real Glow, RAVEn/EMU-2 and EAGLE-200 devices sent (corpus/README.md says where
each was published), run byte for byte through the sources and through
`ihd-bridge --source glow|raven|eagle --json`; every expected value is worked out by hand
in the comments beside it."""

from __future__ import annotations

import asyncio
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bridge.model import MeterReading, Price, Tariff
from bridge.sources.glow import parse_glow
from tests.bridge.sources.bridge_json import bridge_json
from tests.bridge.sources.brokers import mosquitto, needs_mosquitto
from tests.bridge.sources.raven_pty import RavenPty
from tests.bridge.sources.test_glow_broker_setup import publish

CORPUS = Path(__file__).parent / "corpus"
D = Decimal


def corpus(name: str) -> bytes:
    return (CORPUS / name).read_bytes()


# -- Glow ---------------------------------------------------------------------------------
# (file, topic, reading: delivered kWh, received kWh, demand kW, volume m³,
#  unit rate £/kWh, standing charge £/day, tariff label)
GLOW = [
    # 6613.405 kWh in; export 0.000 is the device not knowing (no reading); 0.951 kW.
    ("megakid-sensor-py-electricitymeter.json", "glow/A1B2C3D4E5F1/SENSOR/electricitymeter",
     (D("6613.405"), None, D("0.951"), None), D("0.04998"), D("0.24030"), "ABC ENERGY"),
    # Gas: 17940.852 kWh; v1.8.12's gas power 0.000 is no demand; supplier '---' no name.
    ("megakid-sensor-py-gasmeter.json", "glow/A1B2C3D4E5F1/SENSOR/gasmeter",
     (D("17940.852"), None, None, None), D("0.07320"), D("0.17850"), "Tariff"),
    # m³ firmware: 2713.756 kWh and 244.238 m³; no power field at all.
    ("megakid-issue-10-gasmeter-m3.json", "glow/A1B2C3D4E5F2/SENSOR/gasmeter",
     (D("2713.756"), None, None, D("244.238")), D("0.0736"), D("0.2722"), "Tariff"),
    ("megakid-issue-48-gasmeter-m3.json", "glow/A1B2C3D4E5F3/SENSOR/gasmeter",
     (D("64586.641"), None, None, D("5655.830")), D("0.06848"), D("0.29620"), "Tariff"),
    # Published under the prefix 'energy': 6252.217 kWh, 1.011 kW.
    ("statehouse-adapter-test-electricitymeter.json",
     "energy/001122AABBCC/SENSOR/electricitymeter",
     (D("6252.217"), None, D("1.011"), None), D("0.21940"), D("0.55590"), "Example Energy"),
]


@pytest.mark.parametrize(("name", "topic", "reading", "rate", "standing", "label"), GLOW)
def test_glow_messages_give_the_hand_worked_numbers(name, topic, reading, rate, standing,
                                                    label):
    updates = parse_glow(topic, corpus(f"glow/{name}"), "corpus")
    got = next(u for u in updates if isinstance(u, MeterReading))
    assert (got.energy_delivered_kwh, got.energy_received_kwh, got.demand_kw,
            got.volume_delivered_m3) == reading
    price = next(u for u in updates if isinstance(u, Price))
    tariff = next(u for u in updates if isinstance(u, Tariff))
    assert (price.unit_price.amount, price.unit_price.currency.code) == (rate, "GBP")
    assert tariff.standing_charge_per_day is not None
    assert (tariff.standing_charge_per_day.amount, tariff.label) == (standing, label)


def _dec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _readings(lines: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(_dec(x["energy_delivered_kwh"]), _dec(x["energy_received_kwh"]),
             _dec(x["demand_kw"]), _dec(x["volume_delivered_m3"]))
            for x in lines if x["type"] == "MeterReading"]


@needs_mosquitto
async def test_ihd_bridge_source_glow_prints_the_corpus_numbers(tmp_path):
    with mosquitto(tmp_path) as broker:
        async def send(prefix: str) -> None:
            await publish(broker.port, *[(topic, corpus(f"glow/{name}").decode())
                                         for name, topic, *_ in GLOW
                                         if topic.startswith(prefix + "/")])

        glow, energy = await asyncio.gather(
            bridge_json("--source", "glow", "--mqtt", f"127.0.0.1:{broker.port}",
                         after=lambda: send("glow")),
            bridge_json("--source", "glow", "--mqtt", f"mqtt://127.0.0.1:{broker.port}/energy",
                         after=lambda: send("energy")))
    assert _readings(glow) == [reading for _, topic, reading, *_ in GLOW
                               if topic.startswith("glow/")]
    assert _readings(energy) == [GLOW[-1][2]]
    rates = [D(x["unit_price"]["amount"]) for x in glow + energy if x["type"] == "Price"]
    assert sorted(rates) == sorted(rate for *_, rate, _, _ in GLOW)
    labels = [x["label"] for x in glow if x["type"] == "Tariff"]
    assert labels == ["ABC ENERGY", "Tariff", "Tariff", "Tariff"]


# -- RAVEn / EMU-2 ------------------------------------------------------------------------
METER_MAC = "0x001c64001354ec34"


class CorpusRaven(RavenPty):
    """A stick on a pseudo-terminal answering each command with corpus bytes. Only the
    start-up answers (NetworkInfo, MeterList) are written here: no owner published them."""

    def __init__(self, answers: dict[str, bytes | list[bytes]]) -> None:
        super().__init__()
        self.answers: dict[str, list[bytes]] = {
            k: v if isinstance(v, list) else [v] for k, v in answers.items()}
        self.answers.setdefault("get_network_info", [
            b"<NetworkInfo>\n  <Status>Connected</Status>\n</NetworkInfo>\n"])
        self.answers.setdefault("get_meter_list", [
            f"<MeterList>\n  <MeterMacId>{METER_MAC}</MeterMacId>\n</MeterList>\n".encode()])

    def reply(self, name: str) -> bytes | None:
        queue = self.answers.get(name, [])
        if not queue:
            return None
        return queue.pop(0) if len(queue) > 1 else queue[0]


@pytest.fixture
async def emu2_home():
    """An EMU-2 answering with the owner's demand and aioraven's summation, price and
    message fragments."""
    stick = CorpusRaven({
        "get_instantaneous_demand": corpus("raven/hass-rainforest-emu-2-issue-5-demand.xml"),
        "get_current_summation_delivered": corpus("raven/aioraven-test-summation.xml"),
        "get_current_price": corpus("raven/aioraven-test-price.xml"),
        "get_message": corpus("raven/aioraven-test-message.xml")})
    yield stick
    stick.close()


async def test_ihd_bridge_source_raven_prints_the_corpus_numbers(emu2_home):
    lines = await bridge_json("--source", "raven", "--device", emu2_home.path)
    reading = next(x for x in lines if x["type"] == "MeterReading")
    # Demand 0x000222 = 546, × 3 ÷ 1000 = 1.638 kW. Summation 0x10 = 16 × 4 ÷ 2 = 32 kWh
    # in, 0x08 = 8 × 4 ÷ 2 = 16 kWh out.
    assert (D(reading["demand_kw"]), D(reading["energy_delivered_kwh"]),
            D(reading["energy_received_kwh"])) == (D("1.638"), D(32), D(16))
    # Its time is the summation's: 0x29bd58a7 = 700274855 s after 2000-01-01 UTC.
    assert reading["timestamp"] == "2022-03-11T00:47:35+00:00"
    price = next(x for x in lines if x["type"] == "Price")
    # 0xc8 = 200 × 10^-3 (TrailingDigits 3) = 0.200 in currency 0x348 = 840, USD; tier 8.
    assert (D(price["unit_price"]["amount"]), price["unit_price"]["currency"],
            price["tier"], price["rate_label"]) == (D("0.200"), "USD", 8, "Set by User")
    message = next(x for x in lines if x["type"] == "SupplierMessage")
    # Id 0x02468ACE = 38177486.
    assert (message["message_id"], message["text"], message["confirmation_required"]) == (
        38177486, "Hello, World!", False)


async def test_an_exporting_emu2_in_the_corpus_reads_minus_32_kw():
    stick = CorpusRaven({
        "get_instantaneous_demand": corpus("raven/aioraven-test-demand-negative.xml"),
        "get_current_summation_delivered": corpus("raven/aioraven-test-summation.xml"),
        "get_current_price": corpus("raven/aioraven-test-price.xml"),
        "get_message": corpus("raven/aioraven-test-message.xml")})
    try:
        lines = await bridge_json("--source", "raven", "--device", stick.path)
    finally:
        stick.close()
    reading = next(x for x in lines if x["type"] == "MeterReading")
    # 0xFFFFFFF0 as 32-bit two's complement = −16, × 4 ÷ 2 = −32 kW (exporting).
    assert D(reading["demand_kw"]) == D(-32)


async def test_a_corrupted_serial_stream_is_said_and_reading_resumes():
    whole = corpus("raven/hass-rainforest-emu-2-issue-5-demand.xml")
    # The owner's fragment cut where a pulled stick cuts it, after line noise.
    cut = b"\x00\xff\x1b" + whole[:90]
    stick = CorpusRaven({
        "get_instantaneous_demand": [cut, whole],
        "get_current_summation_delivered": corpus("raven/aioraven-test-summation.xml"),
        "get_current_price": corpus("raven/aioraven-test-price.xml"),
        "get_message": corpus("raven/aioraven-test-message.xml")})
    try:
        lines = await bridge_json("--source", "raven", "--device", stick.path, seconds=8)
    finally:
        stick.close()
    said = [x for x in lines if x["type"] == "SourceStatus" and x["state"] != "connected"]
    assert said and all(x["detail"] for x in said)  # said in words, not a traceback
    demands = [D(x["demand_kw"]) for x in lines if x["type"] == "MeterReading"]
    assert D("1.638") in demands


# -- EAGLE-200 ----------------------------------------------------------------------------

@pytest.fixture
async def eagle_200():
    async def handle(request: web.Request) -> web.Response:
        body = await request.text()
        name = "device-list" if "device_list" in body else "device-query"
        return web.Response(body=corpus(f"eagle/rfa-eagle-api-sample-{name}-response.xml"),
                            content_type="text/xml")

    app = web.Application()
    app.router.add_post("/cgi-bin/post_manager", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield runner.addresses[0][1]
    await runner.cleanup()


async def test_ihd_bridge_source_eagle_prints_the_corpus_numbers(eagle_200):
    lines = await bridge_json("--source", "eagle", "--eagle",
                               f"004792:bfb0fc05f51a3932@127.0.0.1:{eagle_200}")
    reading = next(x for x in lines if x["type"] == "MeterReading")
    # 2.790000 with <Units>kW</Units>; 91937.250000 kWh in; 0.000000 kWh out is no reading.
    assert (D(reading["demand_kw"]), D(reading["energy_delivered_kwh"]),
            reading["energy_received_kwh"]) == (D("2.790000"), D("91937.250000"), None)
    assert reading["meter"]["eui64"] == "00:07:81:00:00:12:34:56"
    price = next(x for x in lines if x["type"] == "Price")
    # 0.088400 in zigbee:Currency USD, labelled by zigbee:RateLabel; PriceTier 0: no tier.
    assert (D(price["unit_price"]["amount"]), price["unit_price"]["currency"],
            price["rate_label"], price["tier"]) == (D("0.088400"), "USD", "Block 1", 0)


def _telegraf_variables(line: str) -> dict[str, tuple[str | None, str | None]]:
    """The fields of a telegraf line as the gateway's (value, units): quotes removed."""
    fields = line.strip().split(" ", 1)[1]
    found: dict[str, tuple[str | None, str | None]] = {}
    for item in re.findall(r'([\w:]+)=("[^"]*"|[^,]*)', fields):
        found[item[0]] = (item[1].strip('"'), None)
    return found


async def test_an_eagle_with_an_invalid_price_reads_its_registers_and_no_price(caplog):
    from datetime import UTC, datetime

    from bridge.model import Fuel, MeterIdentity
    from bridge.sources.eagle import EagleSource

    values = _telegraf_variables(corpus("eagle/eagle-telegraf-readme-variables.txt").decode())
    source = EagleSource("004792", "code", host="127.0.0.1")
    source._meter = MeterIdentity("00:13:50:01:00:f5:6f:8a", 1, Fuel.ELECTRICITY)
    when = datetime(2021, 1, 5, tzinfo=UTC)
    with caplog.at_level("WARNING", logger="bridge.sources.eagle"):
        first = source.updates_from(values, when)
        again = source.updates_from(values, when)
    # 1.66 kW; 38018.389 kWh in; 57.207 kWh out (solar export); Price "invalid": no price.
    assert [(u.demand_kw, u.energy_delivered_kwh, u.energy_received_kwh) for u in first] == \
        [(D("1.66"), D("38018.389"), D("57.207"))]
    assert not [u for u in first + again if isinstance(u, Price)]
    assert len([r for r in caplog.records if "invalid" in r.getMessage()]) == 1
