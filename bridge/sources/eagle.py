"""A Source for the Rainforest EAGLE-200's local API (EAGLE-200 Local API Manual v1.0).

HTTP POSTs of XML commands to /cgi-bin/post_manager with Basic auth (user: the Cloud ID,
password: the install code, both on the device's label). `device_list` finds the meter
(ModelId `electric_meter`); `device_query` reads its variables, whose values are text
with a unit ("21.499 kW"): they are parsed exactly and normalised to kW/kWh. The EAGLE
answers on the LAN as `eagle-<cloudid>.local` (mDNS), the default host here.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import re
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree import ElementTree

import aiohttp

from bridge.model import (
    USD,
    ConnectionState,
    Currency,
    Fuel,
    MeterIdentity,
    MeterReading,
    Money,
    Price,
    TopUpCode,
    TopUpResult,
    UnitOfMeasure,
    utc_now,
)
from bridge.sources.base import Source, SourceError
from bridge.tasks import cancel_and_wait

log = logging.getLogger(__name__)

VARIABLES = ("zigbee:InstantaneousDemand", "zigbee:CurrentSummationDelivered",
             "zigbee:CurrentSummationReceived", "zigbee:Price", "zigbee:RateLabel")
_VALUE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*([A-Za-z$/]*)\s*$")
# Multiply a value in this unit to get kW or kWh.
_TO_KILO = {"kw": Decimal(1), "kwh": Decimal(1), "w": Decimal("0.001"),
            "wh": Decimal("0.001"), "": Decimal(1)}


class EaglePayloadError(ValueError):
    pass


def parse_value(text: str | None) -> tuple[Decimal, str] | None:
    """'21.499 kW' -> (Decimal('21.499'), 'kw'); None for an empty value."""
    if text is None or not text.strip():
        return None
    match = _VALUE.match(text)
    if match is None:
        raise EaglePayloadError(f"not a value: {text!r}")
    try:
        return Decimal(match.group(1)), match.group(2).lower()
    except InvalidOperation:
        raise EaglePayloadError(f"not a number: {text!r}") from None


def kilo(text: str | None) -> Decimal | None:
    parsed = parse_value(text)
    if parsed is None:
        return None
    value, unit = parsed
    if unit not in _TO_KILO:
        raise EaglePayloadError(f"unexpected unit {unit!r}")
    return value * _TO_KILO[unit]


def _children(element: ElementTree.Element, tag: str) -> list[ElementTree.Element]:
    # Element names are case-insensitive in the EAGLE's XML.
    return [c for c in element.iter() if c.tag.lower() == tag.lower()]


def _text(element: ElementTree.Element, tag: str) -> str | None:
    found = _children(element, tag)
    return found[0].text if found else None


def parse_xml(body: str) -> ElementTree.Element:
    try:
        return ElementTree.fromstring(f"<Root>{body}</Root>")
    except ElementTree.ParseError as exc:
        raise EaglePayloadError(f"unreadable XML: {exc}") from exc


def query_command(address: str) -> str:
    variables = "".join(f"<Variable><Name>{v}</Name></Variable>" for v in VARIABLES)
    return (f"<Command><Name>device_query</Name><DeviceDetails><HardwareAddress>{address}"
            f"</HardwareAddress></DeviceDetails><Components><Component><Name>Main</Name>"
            f"<Variables>{variables}</Variables></Component></Components></Command>")


def eui64(address: str) -> str:
    digits = address.lower().removeprefix("0x").rjust(16, "0")[-16:]
    return ":".join(digits[i:i + 2] for i in range(0, 16, 2))


class EagleSource(Source):
    def __init__(self, cloud_id: str, install_code: str, *, host: str | None = None,
                 port: int = 80, currency: Currency = USD, poll_s: float = 10.0,
                 discovery_interfaces: list[str] | None = None) -> None:
        super().__init__()
        self._find_by_mdns = host is None
        self.host = host or f"eagle-{cloud_id.lower()}.local"
        self.port = port
        self.discovery_interfaces = discovery_interfaces
        self.name = f"EAGLE {cloud_id}"
        credentials = f"{cloud_id}:{install_code}".encode("latin-1")
        self._authorization = "Basic " + base64.b64encode(credentials).decode("ascii")
        self.currency = currency
        self.poll_s = poll_s
        self.malformed = 0
        self._session: aiohttp.ClientSession | None = None
        self._meter: MeterIdentity | None = None
        self._address = ""
        self._task: asyncio.Task[None] | None = None
        self._registers: dict[str, Decimal] = {}

    @classmethod
    def from_spec(cls, spec: str) -> EagleSource:
        """'CLOUDID:INSTALLCODE[@HOST[:PORT]]', as the CLI and the settings keep it."""
        credentials, _, address = spec.partition("@")
        cloud_id, _, install_code = credentials.partition(":")
        host, _, port = address.partition(":")
        if not cloud_id or not install_code:
            raise SourceError("The EAGLE needs its Cloud ID and install code (on its label).")
        if port and not port.isdigit():
            raise SourceError(f"Not a port number: {port!r}.")
        return cls(cloud_id, install_code, host=host or None, port=int(port or 80))

    @property
    def meters(self) -> tuple[MeterIdentity, ...]:
        return (self._meter,) if self._meter else ()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/cgi-bin/post_manager"

    async def _post(self, command: str) -> ElementTree.Element:
        assert self._session is not None
        try:
            async with self._session.post(self.url, data=command,
                                          headers={"Content-Type": "text/xml",
                                                   "Authorization": self._authorization},
                                          timeout=aiohttp.ClientTimeout(total=15)) as rsp:
                if rsp.status == 401:
                    raise SourceError("The EAGLE refused the Cloud ID or install code. "
                                      "Check both on the label.")
                if rsp.status >= 400:
                    raise SourceError(f"The EAGLE answered {rsp.status}.")
                body = await rsp.text(encoding="cp1252")
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise SourceError(f"The EAGLE at {self.host} cannot be reached: {exc}") from exc
        return parse_xml(body)

    def _status(self, state: ConnectionState, detail: str,
                meter: MeterIdentity | None = None) -> None:
        super()._status(state, detail, meter=meter or self._meter)  # one meter per EAGLE

    async def start(self) -> None:
        if self._find_by_mdns:
            # The EAGLE answers mDNS as eagle-<cloudid>.local; ask zeroconf directly so
            # it works where the OS has no mDNS resolver.
            from bridge.lan.discovery import resolve_host

            address = await resolve_host(self.host, interfaces=self.discovery_interfaces)
            if address is not None:
                self.host = address
        self._session = aiohttp.ClientSession()
        try:
            root = await self._post("<Command><Name>device_list</Name></Command>")
        except (SourceError, EaglePayloadError) as exc:
            await self._session.close()
            raise SourceError(str(exc)) from exc
        meters = [d for d in _children(root, "Device")
                  if (_text(d, "ModelId") or "").lower() == "electric_meter"]
        if not meters:
            await self._session.close()
            raise SourceError("The EAGLE has not joined a meter yet.")
        device = meters[0]
        self._address = _text(device, "HardwareAddress") or ""
        self._meter = MeterIdentity(eui64(self._address), 1, Fuel.ELECTRICITY)
        status = _text(device, "ConnectionStatus") or ""
        if status.lower() == "connected":
            self._status(ConnectionState.CONNECTED, "Connected to your meter via the EAGLE.")
        else:
            self._status(ConnectionState.DISCONNECTED,
                         f"The EAGLE says the meter is {status or 'not connected'}.")
        self._task = asyncio.create_task(self._poll(), name="eagle-poll")

    async def stop(self) -> None:
        if self._task is not None:
            await cancel_and_wait([self._task])
        if self._session is not None:
            await self._session.close()
        self._close_streams()

    async def _poll(self) -> None:
        while True:
            try:
                await self.poll_once()
            except SourceError as exc:
                self._status(ConnectionState.STALE, str(exc))
            except EaglePayloadError as exc:
                self.malformed += 1
                log.warning("ignored an EAGLE answer: %s", exc)
            await asyncio.sleep(self.poll_s)

    async def poll_once(self) -> None:
        assert self._meter is not None
        root = await self._post(query_command(self._address))
        values: dict[str, str | None] = {}
        for variable in _children(root, "Variable"):
            name = _text(variable, "Name")
            if name:
                values[name] = _text(variable, "Value")
        now = utc_now()
        reading = MeterReading(
            meter=self._meter, timestamp=now, origin=self.name,
            demand_kw=kilo(values.get("zigbee:InstantaneousDemand")),
            energy_delivered_kwh=kilo(values.get("zigbee:CurrentSummationDelivered")),
            energy_received_kwh=kilo(values.get("zigbee:CurrentSummationReceived")))
        reading = self._hold_registers(reading)
        if any(v is not None for v in (reading.demand_kw, reading.energy_delivered_kwh,
                                       reading.energy_received_kwh)):
            self._publish(reading)
        price = parse_value(values.get("zigbee:Price"))
        if price is not None:
            self._publish(Price(meter=self._meter, timestamp=now, origin=self.name,
                                unit_price=Money(price[0], self.currency),
                                unit=UnitOfMeasure.KWH, tier=1,
                                rate_label=values.get("zigbee:RateLabel") or "Price",
                                start=now, duration=None))

    def _hold_registers(self, reading: MeterReading) -> MeterReading:
        """A register lower than before is a glitch: not published (totals never drop)."""
        held: dict[str, Any] = {}
        for name in ("energy_delivered_kwh", "energy_received_kwh"):
            value = getattr(reading, name)
            if value is None:
                continue
            if value == 0 or (name in self._registers and value < self._registers[name]):
                held[name] = None
            else:
                self._registers[name] = value
        return replace(reading, **held) if held else reading

    async def top_up(self, meter: MeterIdentity, code: TopUpCode) -> TopUpResult:
        raise SourceError("An EAGLE cannot send top-ups; use your meter's keypad.")

    async def confirm_message(self, meter: MeterIdentity, message_id: int) -> None:
        raise SourceError("Confirming messages through the EAGLE is not supported.")
