"""The EAGLE source against an emulated EAGLE-200 local API on loopback HTTP."""

from __future__ import annotations

import asyncio
import base64
import logging
from decimal import Decimal

import pytest
from aiohttp import web

from bridge.model import ConnectionState, MeterReading, Price, SourceStatus
from bridge.sources.base import SourceError
from bridge.sources.eagle import EaglePayloadError, EagleSource, kilo, parse_value

CLOUD_ID, INSTALL_CODE = "004792", "bfb0fc05f51a3932"
METER = "0x000781000081fd0b"


class EmulatedEagle:
    """Answers as the EAGLE-200 Local API Manual v1.0 shows (XML fragments, Basic auth)."""

    def __init__(self) -> None:
        # (value, units): the device answers the unit in its own <Units> element.
        self.demand = ("1.234", "kW")
        self.delivered = ("12345.678", "kWh")
        self.price = ("0.1170", "")
        self.currency = "USD"
        self.connection = "Connected"
        self.garbage = False
        self.requests = 0
        self.app = web.Application()
        self.app.router.add_post("/cgi-bin/post_manager", self.handle)

    async def handle(self, request: web.Request) -> web.Response:
        self.requests += 1
        expected = "Basic " + base64.b64encode(f"{CLOUD_ID}:{INSTALL_CODE}".encode()).decode()
        if request.headers.get("Authorization") != expected:
            return web.Response(status=401, text="Unauthorized")
        body = await request.text()
        if self.garbage:
            return web.Response(text="<Device><Components><Variable><Name>zigbee:Inst")
        if "device_list" in body:
            return web.Response(text=(
                "<DeviceList>\n<Device>\n<HardwareAddress>0xd8d5b9000000b49f</HardwareAddress>"
                "\n<ModelId>eagle_200</ModelId>\n</Device>\n<Device>\n"
                f"<HardwareAddress>{METER}</HardwareAddress>\n<Manufacturer>generic"
                "</Manufacturer>\n<ModelId>electric_meter</ModelId>\n<Protocol>Zigbee"
                "</Protocol>\n<LastContact>0x5989f8f5</LastContact>\n<ConnectionStatus>"
                f"{self.connection}</ConnectionStatus>\n<NetworkAddress>0x0000</NetworkAddress>"
                "\n</Device>\n</DeviceList>\n"))
        if "device_query" in body and METER in body:
            variables = {"zigbee:InstantaneousDemand": self.demand,
                         "zigbee:CurrentSummationDelivered": self.delivered,
                         "zigbee:CurrentSummationReceived": ("0.000000", "kWh"),
                         "zigbee:Price": self.price, "zigbee:PriceRateLabel": ("Tier 1", ""),
                         "zigbee:PriceCurrency": (self.currency, "")}
            xml = "".join(f"<Variable>\n<Name>{k}</Name>\n<Value>{v}</Value>\n"
                          f"<Units>{u}</Units>\n</Variable>\n"
                          for k, (v, u) in variables.items())
            return web.Response(text=(
                f"<Device>\n<DeviceDetails>\n<HardwareAddress>{METER}</HardwareAddress>\n"
                "</DeviceDetails>\n<Components>\n<Component>\n<Name>Main</Name>\n<Variables>\n"
                f"{xml}</Variables>\n</Component>\n</Components>\n</Device>\n"))
        return web.Response(status=400, text="bad command")


@pytest.fixture
async def eagle():
    emulated = EmulatedEagle()
    runner = web.AppRunner(emulated.app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield emulated, port
    await runner.cleanup()


async def _collect(stream, kind, seconds=10):
    async with asyncio.timeout(seconds):
        while True:
            update = await stream.get()
            if isinstance(update, kind):
                return update


def test_values_are_text_with_units_parsed_exactly():
    assert parse_value("21.499 kW") == (Decimal("21.499"), "kw")
    assert kilo("2790.000000", "W") == Decimal("2.790")  # the separate <Units> element
    assert kilo("2.790000", "kW") == Decimal("2.790000")
    assert parse_value("invalid") is None and parse_value("None") is None
    assert kilo("1500 W") == Decimal("1.500")
    assert kilo("12345.678 kWh") == Decimal("12345.678")
    with pytest.raises(EaglePayloadError):
        kilo("lots")
    with pytest.raises(EaglePayloadError):
        kilo("3 gallons")


async def test_readings_and_price_from_the_eagle(eagle):
    emulated, port = eagle
    source = EagleSource(CLOUD_ID, INSTALL_CODE, host="127.0.0.1", port=port, poll_s=0.1)
    stream = source.subscribe()
    await source.start()
    try:
        status = await _collect(stream, SourceStatus)
        assert status.state == ConnectionState.CONNECTED
        reading = await _collect(stream, MeterReading)
        assert reading.demand_kw == Decimal("1.234")
        assert reading.energy_delivered_kwh == Decimal("12345.678")
        assert reading.energy_received_kwh is None  # a zero register is not a reading
        assert reading.meter.eui64 == "00:07:81:00:00:81:fd:0b"
        price = await _collect(stream, Price)
        assert price.unit_price.amount == Decimal("0.1170") and price.rate_label == "Tier 1"
        assert price.unit_price.currency.code == "USD"
        emulated.delivered = ("12000.000", "kWh")  # a glitch: the register went backwards
        emulated.demand = ("0.500", "kW")
        later = await _collect(stream, MeterReading)
        while later.demand_kw != Decimal("0.500"):
            later = await _collect(stream, MeterReading)
        assert later.energy_delivered_kwh is None  # held, never published lower
        emulated.garbage = True
        await asyncio.sleep(0.3)
        assert source.malformed >= 1
        emulated.garbage = False
        await _collect(stream, MeterReading)  # and it carries on
    finally:
        await source.stop()


async def test_wrong_credentials_are_said_plainly(eagle):
    _, port = eagle
    source = EagleSource(CLOUD_ID, "0000000000000000", host="127.0.0.1", port=port)
    with pytest.raises(SourceError, match="refused the Cloud ID or install code"):
        await source.start()


async def test_meter_not_connected_is_said(eagle):
    emulated, port = eagle
    emulated.connection = "Not Joined"
    source = EagleSource(CLOUD_ID, INSTALL_CODE, host="127.0.0.1", port=port, poll_s=5)
    stream = source.subscribe()
    await source.start()
    try:
        status = await _collect(stream, SourceStatus)
        assert status.state == ConnectionState.DISCONNECTED and "Not Joined" in status.detail
    finally:
        await source.stop()


async def test_no_eagle_there(unused_tcp_port):
    source = EagleSource(CLOUD_ID, INSTALL_CODE, host="127.0.0.1", port=unused_tcp_port)
    with pytest.raises(SourceError, match="cannot be reached"):
        await source.start()


async def test_the_eagle_is_found_by_its_mdns_name(eagle):
    import socket

    from zeroconf import IPVersion
    from zeroconf.asyncio import AsyncServiceInfo, AsyncZeroconf

    _, port = eagle
    # The gateway's own announcement, as it makes it on the LAN (here on loopback).
    zc = AsyncZeroconf(interfaces=["127.0.0.1"], ip_version=IPVersion.V4Only)
    info = AsyncServiceInfo("_http._tcp.local.", f"eagle-{CLOUD_ID}._http._tcp.local.",
                            addresses=[socket.inet_aton("127.0.0.1")], port=80,
                            server=f"eagle-{CLOUD_ID}.local.")
    await zc.async_register_service(info)
    source = EagleSource(CLOUD_ID, INSTALL_CODE, port=port, poll_s=5,
                         discovery_interfaces=["127.0.0.1"])
    stream = source.subscribe()
    try:
        await source.start()
        assert source.host == "127.0.0.1"
        assert (await _collect(stream, SourceStatus)).state == ConnectionState.CONNECTED
    finally:
        await source.stop()
        await zc.async_unregister_service(info)
        await zc.async_close()


async def _poll_n(source, n):
    for _ in range(n):
        await source.poll_once()


async def test_an_invalid_price_is_no_price_and_is_logged_once_per_change(eagle, caplog):
    emulated, port = eagle
    source = EagleSource(CLOUD_ID, INSTALL_CODE, host="127.0.0.1", port=port, poll_s=3600)
    stream = source.subscribe()
    await source.start()
    try:
        emulated.price = ("invalid", "")  # as owners' gateways send (eagle-telegraf README)
        with caplog.at_level(logging.WARNING, logger="bridge.sources.eagle"):
            await _poll_n(source, 5)
            updates = []
            while True:
                try:
                    updates.append(stream.get_nowait())
                except asyncio.QueueEmpty:
                    break
            assert not [u for u in updates if isinstance(u, Price)]
            assert len([u for u in updates if isinstance(u, MeterReading)]) >= 5  # still read
            said = [r for r in caplog.records if "zigbee:Price" in r.getMessage()]
            assert len(said) == 1 and "invalid" in said[0].getMessage()
            emulated.price = ("0.1170", "")
            await _poll_n(source, 2)
            emulated.price = ("invalid", "")
            await _poll_n(source, 3)
            said = [r for r in caplog.records if "zigbee:Price" in r.getMessage()]
            assert len(said) == 2  # once per change, not once per poll
    finally:
        await source.stop()


async def test_a_price_of_zero_is_no_price(eagle):
    emulated, port = eagle
    emulated.price = ("0.000000", "")
    source = EagleSource(CLOUD_ID, INSTALL_CODE, host="127.0.0.1", port=port, poll_s=3600)
    stream = source.subscribe()
    await source.start()
    try:
        await _poll_n(source, 2)
        updates = []
        while True:
            try:
                updates.append(stream.get_nowait())
            except asyncio.QueueEmpty:
                break
        assert [u for u in updates if isinstance(u, MeterReading)]
        assert not [u for u in updates if isinstance(u, Price)]
    finally:
        await source.stop()


async def test_demand_in_watts_per_the_units_element(eagle):
    emulated, port = eagle
    emulated.demand = ("2790.000000", "W")
    source = EagleSource(CLOUD_ID, INSTALL_CODE, host="127.0.0.1", port=port, poll_s=0.1)
    stream = source.subscribe()
    await source.start()
    try:
        reading = await _collect(stream, MeterReading)
        assert reading.demand_kw == Decimal("2.790")  # not 2790 kW
    finally:
        await source.stop()
