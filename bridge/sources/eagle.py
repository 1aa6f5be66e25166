"""A Source for the Rainforest EAGLE-200's local API (EAGLE-200 Local API Manual v1.0).

HTTP POSTs of XML commands to /cgi-bin/post_manager with Basic auth (user: the Cloud ID,
password: the install code, both on the device's label). `device_list` finds the meter
(ModelId `electric_meter`); `device_query` reads its variables, whose values are text
with a unit, either in the text ("21.499 kW") or, as the device itself answers, in a
separate `<Units>` element; they are parsed exactly and normalised to kW/kWh. The EAGLE
answers on the LAN as `eagle-<cloudid>.local` (mDNS), the default host here.

What real gateways send that a reader must not take literally: a Price of `invalid` or
`None` (no price published; said once per change in the log, not on every poll), a Price
of 0 (no price either, not free electricity), registers of 0 (the gateway not knowing).
"""

from __future__ import annotations

import asyncio
import base64
import logging
import re
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
from bridge.sources.registers import RegisterGuard
from bridge.status_text import Said, of_error, say
from bridge.tasks import cancel_and_wait

log = logging.getLogger(__name__)

# The names gateways list (owners' published dumps): current firmware says
# zigbee:PriceRateLabel / zigbee:PriceCurrency, older answers zigbee:RateLabel /
# zigbee:Currency; both are asked for and the first present is read.
RATE_LABELS = ("zigbee:PriceRateLabel", "zigbee:RateLabel")
CURRENCIES = ("zigbee:PriceCurrency", "zigbee:Currency")
VARIABLES = ("zigbee:InstantaneousDemand", "zigbee:CurrentSummationDelivered",
             "zigbee:CurrentSummationReceived", "zigbee:Price", "zigbee:PriceTier",
             *RATE_LABELS, *CURRENCIES)
# Texts that stand for "no value" in the gateway's answers.
NO_VALUE = {"", "none", "invalid", "null", "nan"}
_VALUE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*([A-Za-z$/]*)\s*$")
# Multiply a value in this unit to get kW or kWh.
_TO_KILO = {"kw": Decimal(1), "kwh": Decimal(1), "w": Decimal("0.001"),
            "wh": Decimal("0.001"), "": Decimal(1)}


class EaglePayloadError(ValueError):
    pass


def parse_value(text: str | None, units: str | None = None) -> tuple[Decimal, str] | None:
    """'21.499 kW' -> (Decimal('21.499'), 'kw'), or ('2.790000', units 'kW') the same;
    None for an empty value or one that says there is none ('invalid', 'None')."""
    if text is None or text.strip().lower() in NO_VALUE:
        return None
    match = _VALUE.match(text)
    if match is None:
        raise EaglePayloadError(f"not a value: {text!r}")
    unit = match.group(2) or (units or "").strip()
    try:
        return Decimal(match.group(1)), unit.lower()
    except InvalidOperation:
        raise EaglePayloadError(f"not a number: {text!r}") from None


def kilo(text: str | None, units: str | None = None) -> Decimal | None:
    parsed = parse_value(text, units)
    if parsed is None:
        return None
    value, unit = parsed
    if unit not in _TO_KILO:
        raise EaglePayloadError(f"unexpected unit {unit!r}")
    return value * _TO_KILO[unit]


def _first(values: dict[str, tuple[str | None, str | None]], names: tuple[str, ...]) -> str:
    for name in names:
        text = (values.get(name, (None, None))[0] or "").strip()
        if text.lower() not in NO_VALUE:
            return text
    return ""


def _tier(values: dict[str, tuple[str | None, str | None]]) -> int:
    """zigbee:PriceTier; 0 (SE: no tier related) where the gateway gives none."""
    text = _first(values, ("zigbee:PriceTier",))
    return int(text) if text.isdigit() else 0


def variables_of(root: ElementTree.Element) -> dict[str, tuple[str | None, str | None]]:
    """{name: (value text, units text)} from a device_query answer."""
    found: dict[str, tuple[str | None, str | None]] = {}
    for variable in _children(root, "Variable"):
        name = _text(variable, "Name")
        if name:
            found[name] = (_text(variable, "Value"), _text(variable, "Units"))
    return found


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
        self.said_name = say("name.eagle", cloud_id=cloud_id)
        self.name = self.said_name.english()
        credentials = f"{cloud_id}:{install_code}".encode("latin-1")
        self._authorization = "Basic " + base64.b64encode(credentials).decode("ascii")
        self.currency = currency
        self.poll_s = poll_s
        self.malformed = 0
        self._session: aiohttp.ClientSession | None = None
        self._meter: MeterIdentity | None = None
        self._address = ""
        self._task: asyncio.Task[None] | None = None
        self.registers = RegisterGuard()
        self._said: dict[str, str] = {}  # variable -> the problem last logged

    @classmethod
    def from_spec(cls, spec: str) -> EagleSource:
        """'CLOUDID:INSTALLCODE[@HOST[:PORT]]', as the CLI and the settings keep it."""
        credentials, _, address = spec.partition("@")
        cloud_id, _, install_code = credentials.partition(":")
        host, _, port = address.partition(":")
        if not cloud_id or not install_code:
            raise SourceError(say("eagle.needs-label"))
        if port and not port.isdigit():
            raise SourceError(say("setup.not-a-port", port=repr(port)))
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
                    raise SourceError(say("eagle.refused"))
                if rsp.status >= 400:
                    raise SourceError(say("eagle.answered", status=rsp.status))
                body = await rsp.text(encoding="cp1252")
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise SourceError(say("eagle.unreachable", host=self.host, reason=exc)) from exc
        return parse_xml(body)

    def _status(self, state: ConnectionState, said: Said,
                meter: MeterIdentity | None = None, retry_in_s: float | None = None) -> None:
        # one meter per EAGLE
        super()._status(state, said, meter=meter or self._meter, retry_in_s=retry_in_s)

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
        except SourceError:
            await self._session.close()
            raise
        except EaglePayloadError as exc:
            await self._session.close()
            raise SourceError(say("eagle.unreadable", reason=exc)) from exc
        meters = [d for d in _children(root, "Device")
                  if (_text(d, "ModelId") or "").lower() == "electric_meter"]
        if not meters:
            await self._session.close()
            raise SourceError(say("eagle.no-meter"))
        device = meters[0]
        self._address = _text(device, "HardwareAddress") or ""
        self._meter = MeterIdentity(eui64(self._address), 1, Fuel.ELECTRICITY)
        status = _text(device, "ConnectionStatus") or ""
        if status.lower() == "connected":
            self._status(ConnectionState.CONNECTED, say("eagle.connected"))
        else:
            self._status(ConnectionState.DISCONNECTED,
                         say("eagle.meter-state", state=status) if status
                         else say("eagle.meter-not-connected"))
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
                self._status(ConnectionState.STALE, of_error(exc))
            except EaglePayloadError as exc:
                self.malformed += 1
                log.warning("ignored an EAGLE answer: %s", exc)
            await asyncio.sleep(self.poll_s)

    async def poll_once(self) -> None:
        assert self._meter is not None
        values = variables_of(await self._post(query_command(self._address)))
        for update in self.updates_from(values, utc_now()):
            self._publish(update)

    def _value(self, values: dict[str, tuple[str | None, str | None]], name: str,
               parse: Any) -> Any:
        """One variable parsed; one the gateway garbles is logged once per change and
        read as absent, so the others still count."""
        text, units = values.get(name, (None, None))
        problem: str | None
        try:
            parsed = parse(text, units)
        except EaglePayloadError as exc:
            parsed, problem = None, str(exc)
        else:
            shown = (text or "").strip()
            problem = f"no value ({shown!r})" if text is not None and parsed is None \
                and shown.lower() not in ("", "none") else None
        if problem is None:
            self._said.pop(name, None)
        elif self._said.get(name) != problem:
            self._said[name] = problem
            log.warning("the EAGLE sends %s: %s; read as absent until it changes", name,
                        problem)
        return parsed

    def updates_from(self, values: dict[str, tuple[str | None, str | None]],
                     now: Any) -> list[Any]:
        """The reading and price in one device_query answer."""
        assert self._meter is not None
        updates: list[Any] = []
        delivered = self.registers.accept(
            "delivered", self._value(values, "zigbee:CurrentSummationDelivered", kilo),
            "CurrentSummationDelivered")
        received = self.registers.accept(
            "received", self._value(values, "zigbee:CurrentSummationReceived", kilo),
            "CurrentSummationReceived")
        demand = self._value(values, "zigbee:InstantaneousDemand", kilo)
        if any(v is not None for v in (demand, delivered, received)):
            updates.append(MeterReading(meter=self._meter, timestamp=now, origin=self.name,
                                        demand_kw=demand, energy_delivered_kwh=delivered,
                                        energy_received_kwh=received))
        price = self._value(values, "zigbee:Price", parse_value)
        if price is not None and price[0] > 0:  # 0: no price published, not free
            label = _first(values, RATE_LABELS)
            updates.append(Price(
                meter=self._meter, timestamp=now, origin=self.name,
                unit_price=Money(price[0], self._currency(values)), unit=UnitOfMeasure.KWH,
                tier=_tier(values), rate_label=label or "Price",
                start=now, duration=None))
        return updates

    def _currency(self, values: dict[str, tuple[str | None, str | None]]) -> Currency:
        """The currency the gateway names (PriceCurrency: 'USD', or ISO 4217 numeric),
        else the one this source was set up with."""
        code = _first(values, CURRENCIES).upper()
        try:
            if code.isdigit():
                return Currency.from_numeric(int(code))
            return Currency.from_code(code)
        except ValueError:
            return self.currency or USD

    async def top_up(self, meter: MeterIdentity, code: TopUpCode) -> TopUpResult:
        raise SourceError(say("command.no-top-up-eagle"))

    async def confirm_message(self, meter: MeterIdentity, message_id: int) -> None:
        raise SourceError(say("command.no-confirm-eagle"))
