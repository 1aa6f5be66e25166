"""The RAVEn source against an emulated RAVEn on a pseudo-terminal speaking its XML."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from bridge.model import (
    ConnectionState,
    MeterReading,
    Price,
    SourceStatus,
    SupplierMessage,
)
from bridge.sources.base import SourceError
from bridge.sources.raven import DEMAND_BITS, RavenSource, raven_price, scaled
from tests.bridge.sources.raven_pty import RavenPty

METER = "0x00135001000ABCDE"


def fragment(tag: str, **fields: str) -> bytes:
    body = "".join(f"  <{k}>{v}</{k}>\n" for k, v in fields.items())
    return f"<{tag}>\n{body}</{tag}>\n".encode()


class EmulatedRaven(RavenPty):
    """Answers aioraven's commands as a RAVEn does (Rainforest XML API)."""

    def __init__(self, status: str = "Connected", demand: str = "0x0004d2",
                 tier: str = "0x02") -> None:
        super().__init__()
        self.tier = tier
        self.status = status
        self.demand = demand
        self.commands: list[str] = []
        self.garbage_next = False

    def reply(self, name: str) -> bytes:
        self.commands.append(name)
        return self.answer(name)

    def answer(self, name: str) -> bytes:
        if self.garbage_next:
            self.garbage_next = False
            return b"<InstantaneousDemand><Demand>0x1</Oops>\n"
        common = {"DeviceMacId": "0xD8D5B90000001234", "MeterMacId": METER,
                  "TimeStamp": "0x2f1a2b3c"}
        if name == "get_network_info":
            return fragment("NetworkInfo", DeviceMacId=common["DeviceMacId"],
                            Status=self.status, Channel="20")
        if name == "get_meter_list":
            return fragment("MeterList", DeviceMacId=common["DeviceMacId"], MeterMacId=METER)
        if name == "get_instantaneous_demand":
            return fragment("InstantaneousDemand", **common, Demand=self.demand,
                            Multiplier="0x00000001", Divisor="0x000003e8",
                            DigitsRight="0x01", DigitsLeft="0x06", SuppressLeadingZero="Y")
        if name == "get_current_summation_delivered":
            return fragment("CurrentSummationDelivered", **common,
                            SummationDelivered="0x00000000012d687b",
                            SummationReceived="0x0000000000000f2a", Multiplier="0x00000001",
                            Divisor="0x000003e8", DigitsRight="0x01", DigitsLeft="0x06",
                            SuppressLeadingZero="Y")
        if name == "get_current_price":
            return fragment("PriceCluster", **common, Price="0x0000009b",
                            Currency="0x007c", TrailingDigits="0x03", Tier=self.tier,
                            RateLabel="Mid-peak")
        if name == "get_message":
            return fragment("MessageCluster", **common, Id="0x00000042",
                            Text="Energy Saving Day tomorrow", ConfirmationRequired="Y",
                            Confirmed="N", Queue="Active")
        return b""


@pytest.fixture
async def raven():
    device = EmulatedRaven()
    yield device
    device.close()


async def _collect(stream, kind, seconds=10):
    async with asyncio.timeout(seconds):
        while True:
            update = await stream.get()
            if isinstance(update, kind):
                return update


def test_scaling_is_exact_and_signed_demand_is_export():
    # aioraven's test_get_instantaneous_demand_negative (test/test_data.py): the EMU-2
    # sends Demand as a 32-bit two's complement; 0xFFFFFFF0 × 4 ÷ 2 is −32 kW.
    raw = {"Demand": "0xFFFFFFF0", "Multiplier": "0x00000004", "Divisor": "0x00000002"}
    assert scaled(raw, "Demand", signed_bits=DEMAND_BITS) == Decimal("-32")
    raw = {"Demand": "0x00fffc18", "Multiplier": "0x00000001", "Divisor": "0x000003e8"}
    assert scaled(raw, "Demand", signed_bits=DEMAND_BITS) == Decimal("16776.216")
    raw = {"SummationDelivered": "0x0000000000000007", "Multiplier": "0x00000000",
           "Divisor": "0x00000000"}
    assert scaled(raw, "SummationDelivered") == Decimal(7)  # 0 counts as 1


async def test_readings_price_and_message_from_the_stick(raven):
    source = RavenSource(raven.path, poll_s=0.2)
    stream = source.subscribe()
    await source.start()
    try:
        status = await _collect(stream, SourceStatus)
        assert status.state == ConnectionState.CONNECTED
        reading = await _collect(stream, MeterReading)
        assert reading.demand_kw == Decimal("1.234")  # 0x4d2 ÷ 1000, not rounded to 1.2
        assert reading.energy_delivered_kwh == Decimal("19753.083")
        assert reading.energy_received_kwh == Decimal("3.882")
        assert reading.meter.eui64 == "00:13:50:01:00:0a:bc:de"
        price = await _collect(stream, Price)
        assert price.unit_price.amount == Decimal("0.155")
        assert price.unit_price.currency.code == "CAD"
        assert price.tier == 2 and price.rate_label == "Mid-peak"
        message = await _collect(stream, SupplierMessage)
        assert message.text == "Energy Saving Day tomorrow" and message.confirmation_required
        await source.confirm_message(reading.meter, message.message_id)
        await asyncio.sleep(0.1)
        assert "confirm_message" in raven.commands
    finally:
        await source.stop()


async def test_join_states_are_said_in_words():
    device = EmulatedRaven(status="Join: Fail")
    source = RavenSource(device.path)
    stream = source.subscribe()
    try:
        await source.start()
        status = await _collect(stream, SourceStatus)
        assert status.state == ConnectionState.FAILED
        assert "install code" in status.detail
    finally:
        await source.stop()
        device.close()


async def test_unreadable_answers_are_a_plain_error_and_polling_goes_on(raven):
    source = RavenSource(raven.path, poll_s=0.2, timeout_s=0.5)
    stream = source.subscribe()
    await source.start()
    try:
        await _collect(stream, MeterReading)
        raven.garbage_next = True
        stale = await _collect(stream, SourceStatus, 15)
        assert stale.state == ConnectionState.STALE
    finally:
        await source.stop()


async def test_a_missing_stick_is_a_plain_error():
    with pytest.raises(SourceError, match="No RAVEn stick"):
        await RavenSource("/dev/does-not-exist").start()


async def test_a_stick_pulled_out_and_put_back_is_picked_up_again(tmp_path):
    first = EmulatedRaven()
    link = tmp_path / "ttyRAVEN"
    link.symlink_to(first.path)
    source = RavenSource(str(link), poll_s=0.1, timeout_s=0.3)
    stream = source.subscribe()
    await source.start()
    try:
        await _collect(stream, MeterReading)
        first.close()  # unplugged
        async with asyncio.timeout(10):
            while True:
                status = await _collect(stream, SourceStatus)
                if status.state in (ConnectionState.STALE, ConnectionState.DISCONNECTED):
                    break
        second = EmulatedRaven(demand="0x000064")  # plugged back in
        link.unlink()
        link.symlink_to(second.path)
        try:
            async with asyncio.timeout(15):
                while True:
                    reading = await _collect(stream, MeterReading)
                    if reading.demand_kw == Decimal("0.1"):
                        break
        finally:
            second.close()
    finally:
        await source.stop()


async def test_an_exporting_emu2_reads_minus_kilowatts_through_the_stick():
    device = EmulatedRaven(demand="0xFFFFF830")  # −2000 W, exporting
    source = RavenSource(device.path, poll_s=0.2)
    stream = source.subscribe()
    try:
        await source.start()
        reading = await _collect(stream, MeterReading)
        assert reading.demand_kw == Decimal("-2")  # not 4278188.08 kW (24-bit sign)
    finally:
        await source.stop()
        device.close()


def test_tier_zero_is_no_tier_not_tier_one():
    from bridge.model import Fuel, MeterIdentity

    meter = MeterIdentity("00:13:50:01:00:0a:bc:de", 1, Fuel.ELECTRICITY)
    raw = {"TimeStamp": "0x29bd58a7", "Price": "0xc8", "Currency": "0x348",
           "TrailingDigits": "0x03", "Tier": "0x00"}
    price = raven_price(raw, meter, "t")
    assert price.tier == 0 and price.rate_label == "Price"
    assert price.unit_price.amount == Decimal("0.200")
    assert price.unit_price.currency.code == "USD"  # 0x348 = 840
    raw["Tier"] = "0x03"
    assert (raven_price(raw, meter, "t").tier, raven_price(raw, meter, "t").rate_label) == \
        (3, "Tier 3")
