"""A Source for Rainforest RAVEn / EMU-2 USB sticks (SEP 1.x, XML over serial).

aioraven carries the serial link and the XML framing; the values are converted here,
exactly, from the raw hex fields (value × Multiplier ÷ Divisor; prices with their
TrailingDigits; times from 2000-01-01 UTC), because aioraven's own converters round
through floats and the display's digit hints, the scaling mistake users complain of.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree

from aioraven.serial import open_serial_connection
from aioraven.streams import RAVEnWriter
from serial.tools import list_ports

from bridge.model import (
    USD,
    ConnectionState,
    Currency,
    Fuel,
    MessageImportance,
    MeterIdentity,
    MeterReading,
    Money,
    Price,
    SupplierMessage,
    TopUpCode,
    TopUpResult,
    UnitOfMeasure,
    utc_now,
)
from bridge.sources.backoff import Backoff
from bridge.sources.base import Source, SourceError
from bridge.sources.registers import RegisterGuard
from bridge.status_text import of_error, say
from bridge.tasks import cancel_and_wait

log = logging.getLogger(__name__)

EPOCH_2000 = datetime(2000, 1, 1, tzinfo=UTC)
REOPEN_AFTER_FAILURES = 2
DEMAND_BITS = 32
NO_TIER = 0  # SE PriceTier 0: "no tier related"
# NetworkInfo Status values as the stick reports them, in words for a person.
STATES = {
    "Initializing": (ConnectionState.STARTING, "raven.initializing"),
    "Network Discovery": (ConnectionState.SEARCHING, "raven.discovery"),
    "Joining": (ConnectionState.JOINING, "raven.joining"),
    "Join: Fail": (ConnectionState.FAILED, "raven.join-failed"),
    "Join: Success": (ConnectionState.JOINING, "raven.joined"),
    "Authenticating": (ConnectionState.AUTHENTICATING, "raven.authenticating"),
    "Authenticating: Success": (ConnectionState.AUTHENTICATING, "raven.authenticated"),
    "Authenticating: Fail": (ConnectionState.FAILED, "raven.auth-failed"),
    "Connected": (ConnectionState.CONNECTED, "raven.connected"),
    "Disconnected": (ConnectionState.DISCONNECTED, "raven.disconnected"),
    "Rejoining": (ConnectionState.JOINING, "raven.rejoining"),
}


def serial_ports() -> list[tuple[str, str]]:
    """(device path, description) of serial ports, for the source picker."""
    return [(p.device, p.description or p.device) for p in list_ports.comports()]


def _hex(raw: Mapping[str, Any], key: str) -> int | None:
    value = raw.get(key)
    if not isinstance(value, str) or not value.startswith("0x"):
        return None
    try:
        return int(value, 16)
    except ValueError:
        return None


def _signed(value: int, bits: int) -> int:
    return value - (1 << bits) if value & (1 << (bits - 1)) else value


def scaled(raw: Mapping[str, Any], key: str, *, signed_bits: int | None = None) -> Decimal | None:
    """value × Multiplier ÷ Divisor, exactly; 0 or absent multiplier/divisor count as 1.

    The stick sends Demand as a 32-bit two's complement (0xFFFFFFF0 is −16), whatever
    width the ZCL attribute has on the meter: `signed_bits=32` (as aioraven does since
    0.5.1, the fix for Home Assistant's rainforest_raven export readings)."""
    value = _hex(raw, key)
    if value is None:
        return None
    if signed_bits:
        value = _signed(value, signed_bits)
    multiplier = _hex(raw, "Multiplier") or 1
    divisor = _hex(raw, "Divisor") or 1
    return Decimal(value) * multiplier / divisor


def raven_time(raw: Mapping[str, Any]) -> datetime:
    seconds = _hex(raw, "TimeStamp")
    return EPOCH_2000 + timedelta(seconds=seconds) if seconds else utc_now()


def raven_price(raw: Mapping[str, Any], meter: MeterIdentity, origin: str) -> Price:
    """A PriceCluster fragment as a Price: Price × 10^-TrailingDigits in the ISO 4217
    Currency it names (USD where it names none, the RAVEn's North American default)."""
    currency = Currency.from_numeric(_hex(raw, "Currency") or USD.numeric)
    digits = _hex(raw, "TrailingDigits") or 0
    tier = _hex(raw, "Tier")
    tier = NO_TIER if tier is None else tier
    label = str(raw.get("RateLabel") or raw.get("TierLabel") or "").strip()
    when = raven_time(raw)
    return Price(meter=meter, timestamp=when, origin=origin,
                 unit_price=Money(Decimal(_hex(raw, "Price") or 0).scaleb(-digits), currency),
                 unit=UnitOfMeasure.KWH, tier=tier,
                 rate_label=label or ("Price" if tier == NO_TIER else f"Tier {tier}"),
                 start=when, duration=None)


def eui64(raw_mac: str | None) -> str:
    digits = (raw_mac or "0x0").removeprefix("0x").lower().rjust(16, "0")[-16:]
    return ":".join(digits[i:i + 2] for i in range(0, 16, 2))


class RavenSource(Source):
    currency = USD  # the RAVEn's North American default, until a PriceCluster says
    def __init__(self, port: str, *, poll_s: float = 10.0, timeout_s: float = 5.0) -> None:
        super().__init__()
        self.port = port
        self.said_name = say("name.raven", port=port)
        self.name = self.said_name.english()
        self.poll_s = poll_s
        self.timeout_s = timeout_s
        self._reader: Any = None
        self._writer: RAVEnWriter | None = None
        self._meters: dict[str, MeterIdentity] = {}
        self._task: asyncio.Task[None] | None = None
        self._seen_messages: set[int] = set()
        self.registers = RegisterGuard()
        self.backoff = Backoff(min(1.0, poll_s), max(poll_s, 1.0))

    @property
    def meters(self) -> tuple[MeterIdentity, ...]:
        return tuple(self._meters.values())

    async def _query(self, command: str, answer: str | None,
                     args: dict[str, str] | None = None) -> dict[str, Any] | None:
        if self._reader is None or self._writer is None:
            raise SourceError(say("raven.not-open"))
        if self._writer._transport.is_closing():
            raise SourceError(say("raven.port-closed"))
        waiter = asyncio.create_task(self._reader.read_tag(answer)) if answer else None
        await asyncio.sleep(0)
        self._writer.write_cmd(command, args)
        if waiter is None:
            return None
        try:
            async with asyncio.timeout(self.timeout_s):
                return await waiter
        except TimeoutError:
            waiter.cancel()
            raise SourceError(say("raven.no-answer", command=command)) from None
        except (ElementTree.ParseError, OSError) as exc:
            raise SourceError(say("raven.unreadable", reason=exc)) from exc

    async def start(self) -> None:
        try:
            self._reader, self._writer = await open_serial_connection(self.port)
        except Exception as exc:  # aioraven raises its own error for a missing port
            raise SourceError(say("raven.missing", port=self.port, reason=exc)) from exc
        info = await self._query("get_network_info", "NetworkInfo")
        status = str((info or {}).get("Status", "Initializing"))
        if status in STATES:
            state, code = STATES[status]
            self._status(state, say(code))
        else:  # a status this table does not know: the stick's own words, quoted
            self._status(ConnectionState.STARTING, say("raven.other", status=status))
        meters = await self._query("get_meter_list", "MeterList") or {}
        macs = meters.get("MeterMacId") or []
        for mac in macs if isinstance(macs, list) else [macs]:
            meter = MeterIdentity(eui64(mac), 1, Fuel.ELECTRICITY)  # RAVEn: electricity
            self._meters[mac] = meter
        if not self._meters:
            raise SourceError(say("raven.no-meter"))
        self._task = asyncio.create_task(self._poll(), name="raven-poll")

    async def stop(self) -> None:
        if self._task is not None:
            await cancel_and_wait([self._task])
        if self._writer is not None:
            self._writer.close()
        self._close_streams()

    async def _poll(self) -> None:
        """Poll every `poll_s`; after a failure, try again on the shared back-off (sooner
        than the next poll), reopening the port once failures repeat."""
        failures = 0
        while True:
            for mac, meter in list(self._meters.items()):
                try:
                    await self._poll_meter(mac, meter)
                    if failures:
                        self._status(ConnectionState.CONNECTED, say("raven.back"))
                    failures = 0
                    self.backoff.succeeded()
                except SourceError as exc:
                    failures += 1
                    self._status(ConnectionState.STALE, of_error(exc),
                                 retry_in_s=self.backoff.delay)
            if failures >= REOPEN_AFTER_FAILURES:
                await self._reopen()
            if failures:
                await self.backoff.wait()
            else:
                await asyncio.sleep(self.poll_s)

    async def _reopen(self) -> None:
        """A stick pulled out and put back: open the port afresh."""
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None
        try:
            self._reader, self._writer = await open_serial_connection(self.port)
        except Exception as exc:  # still unplugged: say so and try again next round
            self._status(ConnectionState.DISCONNECTED, say("raven.unplugged", reason=exc))

    async def _poll_meter(self, mac: str, meter: MeterIdentity) -> None:
        args = {"MeterMacId": mac}
        demand = await self._query("get_instantaneous_demand", "InstantaneousDemand", args)
        summation = await self._query("get_current_summation_delivered",
                                      "CurrentSummationDelivered", args)
        if demand or summation:
            when = raven_time(summation or demand or {})
            delivered = received = None
            if summation:
                delivered = self.registers.accept(
                    (mac, "delivered"), scaled(summation, "SummationDelivered"),
                    f"SummationDelivered on {mac}")
                received = self.registers.accept(
                    (mac, "received"), scaled(summation, "SummationReceived"),
                    f"SummationReceived on {mac}")
            reading = MeterReading(
                meter=meter, timestamp=when, origin=self.name,
                demand_kw=scaled(demand, "Demand", signed_bits=DEMAND_BITS) if demand else None,
                energy_delivered_kwh=delivered, energy_received_kwh=received)
            if any(v is not None for v in (reading.demand_kw, delivered, received)):
                self._publish(reading)
        price = await self._query("get_current_price", "PriceCluster", args)
        # A RAVEn answers Price 0 when neither the meter nor its owner set a price: that
        # is no price, not free electricity (a display would cost every kWh at $0.00).
        if price and _hex(price, "Price"):
            self._publish(raven_price(price, meter, self.name))
        message = await self._query("get_message", "MessageCluster", args)
        message_id = _hex(message or {}, "Id")
        if message and message_id is not None and message_id not in self._seen_messages:
            self._seen_messages.add(message_id)
            when = raven_time(message)
            self._publish(SupplierMessage(
                meter=meter, timestamp=when, origin=self.name, message_id=message_id,
                text=str(message.get("Text") or ""), start=when, duration=None,
                importance=MessageImportance.LOW,
                confirmation_required=message.get("ConfirmationRequired") == "Y"))

    def _mac_of(self, meter: MeterIdentity) -> str:
        for mac, known in self._meters.items():
            if known == meter:
                return mac
        raise SourceError(say("command.unknown-meter", meter=meter.key))

    async def top_up(self, meter: MeterIdentity, code: TopUpCode) -> TopUpResult:
        raise SourceError(say("command.no-top-up-raven"))

    async def confirm_message(self, meter: MeterIdentity, message_id: int) -> None:
        await self._query("confirm_message", None,
                          {"MeterMacId": self._mac_of(meter), "Id": f"0x{message_id:08X}"})
