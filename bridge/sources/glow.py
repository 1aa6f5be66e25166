"""A Source for the Hildebrand Glow CAD / IHD's local MQTT (GB SMETS2), via aiomqtt.

Topics `<prefix>/<device>/SENSOR/electricitymeter` and `…/gasmeter` carry JSON about
every 10 s (layout: shared/reference/devices-and-gb.md). The device's known quirks:
- power `-8388.608` is an error sentinel, not a reading: ignored;
- a cumulative of 0 happens and is not a reading: ignored;
- day/week/month counters roll over in UTC: not used; energy comes from the
  cumulative registers, which the history store turns into local-time days;
- gas "vol" day/week/month values are in kWh despite the name: not used either.
A cumulative register that goes backwards is held, never published lower (a glitch on
the device must not make totals jump back).
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import aiomqtt

from bridge.model import (
    GBP,
    ConnectionState,
    Fuel,
    MeterIdentity,
    MeterReading,
    Money,
    Price,
    Tariff,
    TopUpCode,
    TopUpResult,
    UnitOfMeasure,
    utc_now,
)
from bridge.sources.base import Source, SourceError
from bridge.tasks import cancel_and_wait

log = logging.getLogger(__name__)

POWER_SENTINEL = Decimal("-8388.608")
QUIET_AFTER_S = 60.0


class GlowPayloadError(ValueError):
    """A Glow message that is not the JSON shape the device sends."""


def _eui64_from_device_id(device_id: str) -> str:
    """The Glow device id is its MAC (12 hex digits); make the EUI-64 the usual way."""
    digits = "".join(c for c in device_id.lower() if c in "0123456789abcdef")
    if len(digits) == 16:
        raw = digits
    elif len(digits) == 12:
        raw = digits[:6] + "fffe" + digits[6:]
    else:
        raw = (digits + "0" * 16)[:16]
    return ":".join(raw[i:i + 2] for i in range(0, 16, 2))


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise GlowPayloadError(f"not a number: {value!r}") from None


def _timestamp(text: Any) -> datetime:
    if not isinstance(text, str):
        return utc_now()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return utc_now()
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_glow(topic: str, payload: bytes, origin: str) -> list[Any]:
    """Updates from one Glow message (readings, and the price it quotes)."""
    parts = topic.split("/")
    if len(parts) < 4 or parts[-2] != "SENSOR":
        return []
    device, kind = parts[-3], parts[-1]
    try:
        body = json.loads(payload)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise GlowPayloadError(f"not JSON: {exc}") from exc
    if not isinstance(body, dict) or not isinstance(body.get(kind), dict):
        raise GlowPayloadError(f"no {kind!r} object")
    meter_body = body[kind]
    fuel = Fuel.ELECTRICITY if kind == "electricitymeter" else Fuel.GAS
    meter = MeterIdentity(_eui64_from_device_id(device), 1 if fuel == Fuel.ELECTRICITY else 2,
                          fuel)
    when = _timestamp(meter_body.get("timestamp"))
    energy = meter_body.get("energy") or {}
    imp = energy.get("import") or {}
    exp = energy.get("export") or {}
    if not isinstance(imp, dict) or not isinstance(exp, dict):
        raise GlowPayloadError("energy.import/export are not objects")
    delivered = _decimal(imp.get("cumulative"))
    received = _decimal(exp.get("cumulative"))
    volume = _decimal(imp.get("cumulativevol")) if fuel == Fuel.GAS else None
    power_body = meter_body.get("power") or {}
    power = _decimal(power_body.get("value")) if isinstance(power_body, dict) else None
    if power == POWER_SENTINEL:
        power = None
    # A zero cumulative is the device not knowing, never a reading.
    delivered = delivered if delivered else None
    received = received if received else None
    volume = volume if volume else None
    updates: list[Any] = []
    if any(v is not None for v in (delivered, received, power, volume)):
        updates.append(MeterReading(meter=meter, timestamp=when, origin=origin,
                                    energy_delivered_kwh=delivered,
                                    energy_received_kwh=received, demand_kw=power,
                                    volume_delivered_m3=volume))
    price = imp.get("price")
    if isinstance(price, dict):
        rate = _decimal(price.get("unitrate"))
        standing = _decimal(price.get("standingcharge"))
        if rate is not None:
            updates.append(Price(meter=meter, timestamp=when, origin=origin,
                                 unit_price=Money(rate, GBP), unit=UnitOfMeasure.KWH, tier=1,
                                 rate_label="Unit rate", start=when, duration=None))
        if standing is not None:
            updates.append(Tariff(meter=meter, timestamp=when, origin=origin,
                                  label=str(imp.get("supplier") or "Tariff"),
                                  issuer_tariff_id=0, start=when, unit=UnitOfMeasure.KWH,
                                  standing_charge_per_day=Money(standing, GBP)))
    return updates


class GlowMqttSource(Source):
    def __init__(self, host: str, port: int = 1883, *, prefix: str = "glow",
                 username: str | None = None, password: str | None = None,
                 backoff_s: tuple[float, float] = (1.0, 30.0)) -> None:
        super().__init__()
        self.name = f"Glow via MQTT {host}:{port}"
        self.host, self.port, self.prefix = host, port, prefix
        self.username, self.password = username, password
        self.backoff_s = backoff_s
        self.malformed = 0
        self._meters: dict[MeterIdentity, None] = {}
        self._last_register: dict[tuple[MeterIdentity, str], Decimal] = {}
        self._task: asyncio.Task[None] | None = None
        self._connected = asyncio.Event()

    @property
    def meters(self) -> tuple[MeterIdentity, ...]:
        return tuple(self._meters)

    @property
    def premises(self) -> dict[str, tuple[MeterIdentity, ...]]:
        """One home per Glow device: its electricity and gas meters."""
        homes: dict[str, list[MeterIdentity]] = {}
        for meter in self._meters:
            homes.setdefault(f"glow-{meter.eui64.replace(':', '')}", []).append(meter)
        return {name: tuple(meters) for name, meters in homes.items()}

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="glow-mqtt")
        try:
            async with asyncio.timeout(10):
                await self._connected.wait()
        except TimeoutError:
            await self.stop()
            raise SourceError(f"The MQTT broker at {self.host}:{self.port} did not answer. "
                              "Is the Glow device's local MQTT turned on?") from None

    async def stop(self) -> None:
        if self._task is not None:
            await cancel_and_wait([self._task])
            self._task = None
        self._close_streams()

    async def _run(self) -> None:
        delay = self.backoff_s[0]
        while True:
            try:
                async with aiomqtt.Client(self.host, self.port, username=self.username,
                                          password=self.password) as client:
                    await client.subscribe(f"{self.prefix}/+/SENSOR/+")
                    self._connected.set()
                    delay = self.backoff_s[0]
                    self._status(ConnectionState.CONNECTED, "Connected to the Glow device.")
                    await self._receive(client)
            except aiomqtt.MqttError as exc:
                self._status(ConnectionState.DISCONNECTED,
                             f"The Glow device's broker cannot be reached ({exc}); trying "
                             f"again in {delay:.0f} s.")
                await asyncio.sleep(delay)
                delay = min(delay * 2, self.backoff_s[1])

    async def _receive(self, client: aiomqtt.Client) -> None:
        messages = client.messages.__aiter__()
        quiet = False
        while True:
            try:
                async with asyncio.timeout(QUIET_AFTER_S):
                    message = await messages.__anext__()
            except TimeoutError:
                if not quiet:
                    quiet = True
                    self._status(ConnectionState.STALE, "The Glow device has gone quiet.")
                continue
            if quiet:
                quiet = False
                self._status(ConnectionState.CONNECTED, "The Glow device is back.")
            payload = message.payload if isinstance(message.payload, bytes) else \
                str(message.payload).encode()
            try:
                updates = parse_glow(str(message.topic), payload, self.name)
            except GlowPayloadError as exc:
                self.malformed += 1
                log.warning("ignored a Glow message on %s: %s", message.topic, exc)
                continue
            for update in updates:
                if isinstance(update, MeterReading):
                    update = self._monotonic(update)
                    if update is None:
                        continue
                self._meters.setdefault(update.meter, None)
                self._publish(update)

    def _monotonic(self, reading: MeterReading) -> MeterReading | None:
        """Hold cumulative registers: a lower value than seen before is dropped."""
        fields: dict[str, Any] = {}
        for name in ("energy_delivered_kwh", "energy_received_kwh", "volume_delivered_m3"):
            value = getattr(reading, name)
            key = (reading.meter, name)
            if value is not None and key in self._last_register \
                    and value < self._last_register[key]:
                log.warning("%s went backwards on %s: %s < %s; held", name, reading.meter.key,
                            value, self._last_register[key])
                fields[name] = None
            elif value is not None:
                self._last_register[key] = value
        if not fields:
            return reading
        held = replace(reading, **fields)
        if all(getattr(held, f) is None for f in ("energy_delivered_kwh", "energy_received_kwh",
                                                   "volume_delivered_m3", "demand_kw")):
            return None
        return held

    async def top_up(self, meter: MeterIdentity, code: TopUpCode) -> TopUpResult:
        raise SourceError("A Glow device cannot send top-ups; use your meter's keypad.")

    async def confirm_message(self, meter: MeterIdentity, message_id: int) -> None:
        raise SourceError("A Glow device does not pass supplier messages.")

