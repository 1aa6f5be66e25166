"""A Source for the Hildebrand Glow CAD / IHD's local MQTT (GB SMETS2), via aiomqtt.

Topics `<prefix>/<device>/SENSOR/electricitymeter` and `…/gasmeter` carry JSON about
every 10 s (layout: shared/reference/devices-and-gb.md). The device's known quirks:
- power `-8388.608` is an error sentinel, not a reading: ignored;
- a cumulative of 0 happens and is not a reading: ignored;
- day/week/month counters roll over in UTC: not used; energy comes from the
  cumulative registers, which the history store turns into local-time days;
- gas "vol" day/week/month values are in kWh despite the name: not used either.
- firmware before gas `power` was dropped sends a gas power of 0.000: not a demand;
- a supplier of `---` is the device not knowing it: not a tariff name.
Cumulative registers pass a RegisterGuard: a lone absurd value is rejected, a value
lower than before is held, and later sane values flow.

The prefix (`glow` unless changed on the device), the broker's login and TLS are the
owner's: `GlowOptions.parse` reads them from a host:port or an MQTT URL,
`mqtt[s]://[user[:password]@]host[:port][/prefix][?cafile=PATH]`, the form
mosquitto_sub -L takes.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import ssl
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

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
from bridge.sources.backoff import Backoff
from bridge.sources.base import Source, SourceError
from bridge.sources.registers import RegisterGuard
from bridge.status_text import Said, say
from bridge.tasks import cancel_and_wait

log = logging.getLogger(__name__)

POWER_SENTINEL = Decimal("-8388.608")
QUIET_AFTER_S = 60.0
NOT_A_SUPPLIER = {"", "---"}
# MQTT CONNACK codes for a refused login: 3.1.1's 4 and 5, and 5.0's 134 and 135.
LOGIN_REFUSED = {4, 5, 134, 135}
PASSWORD_VARIABLE = "OPENIHD_GLOW_PASSWORD"
ANY_PREFIX = "+/+/SENSOR/+"  # Glow-shaped topics under any one-level prefix


class GlowPayloadError(ValueError):
    """A Glow message that is not the JSON shape the device sends."""


@dataclass(frozen=True)
class GlowOptions:
    """Where the Glow device publishes: broker, login, TLS and topic prefix."""

    host: str = "127.0.0.1"
    port: int = 1883
    prefix: str = "glow"
    username: str | None = None
    password: str | None = None
    tls: bool = False
    cafile: str | None = None

    @classmethod
    def parse(cls, text: str) -> GlowOptions:
        """'host[:port]' or 'mqtt[s]://[user[:password]@]host[:port][/prefix][?cafile=…]'."""
        text = text.strip()
        if "://" not in text:
            host, sep, port = text.rpartition(":")
            if not sep:
                host, port = text, ""
            if port and not port.isdigit():
                raise SourceError(say("setup.not-a-port", port=repr(port)))
            return cls(host=host or "127.0.0.1", port=int(port or 1883))
        url = urlsplit(text)
        if url.scheme not in ("mqtt", "mqtts"):
            raise SourceError(say("setup.glow-scheme", scheme=url.scheme))
        try:
            url_port = url.port
        except ValueError:
            raise SourceError(say("setup.not-a-port-in", text=repr(text))) from None
        tls = url.scheme == "mqtts"
        prefix = unquote(url.path.strip("/")) or "glow"
        if "+" in prefix or "#" in text:
            raise SourceError(say("setup.glow-wildcards", prefix=repr(prefix)))
        cafile = parse_qs(url.query).get("cafile", [None])[0]
        username = unquote(url.username) if url.username else None
        password = unquote(url.password) if url.password else None
        if username and password is None:  # kept out of the command line and `ps`
            password = os.environ.get(PASSWORD_VARIABLE)
        return cls(host=url.hostname or "127.0.0.1", port=url_port or (8883 if tls else 1883),
                   prefix=prefix, username=username, password=password, tls=tls,
                   cafile=cafile)

    @property
    def topics(self) -> str:
        return f"{self.prefix}/+/SENSOR/+"


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
    if fuel == Fuel.GAS and power == 0:
        power = None  # older firmware's placeholder: gas meters report no live demand
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
            supplier = str(imp.get("supplier") or "").strip()
            updates.append(Tariff(meter=meter, timestamp=when, origin=origin,
                                  label="Tariff" if supplier in NOT_A_SUPPLIER else supplier,
                                  issuer_tariff_id=0, start=when, unit=UnitOfMeasure.KWH,
                                  standing_charge_per_day=Money(standing, GBP)))
    return updates


class _LoginRefused(Exception):
    pass


class GlowMqttSource(Source):
    currency = GBP  # SMETS2: pounds
    def __init__(self, host: str = "127.0.0.1", port: int = 1883, *, prefix: str = "glow",
                 username: str | None = None, password: str | None = None,
                 tls: bool = False, cafile: str | None = None,
                 backoff_s: tuple[float, float] = (1.0, 30.0),
                 quiet_after_s: float = QUIET_AFTER_S) -> None:
        super().__init__()
        self.options = GlowOptions(host, port, prefix.strip("/") or "glow", username,
                                   password, tls or cafile is not None, cafile)
        self.said_name = say("name.glow", address=f"{host}:{port}")
        self.name = self.said_name.english()
        self.host, self.port, self.prefix = host, port, self.options.prefix
        self.backoff = Backoff.of(backoff_s)
        self.quiet_after_s = quiet_after_s
        self.malformed = 0
        self.registers = RegisterGuard()
        self._meters: dict[MeterIdentity, None] = {}
        self._task: asyncio.Task[None] | None = None
        self._connected = asyncio.Event()
        self._start_error: Said | None = None
        self._elsewhere: str | None = None  # a prefix Glow messages do arrive under
        self._tls_failure: Said | None = None  # why the last secure connection failed

    @classmethod
    def from_options(cls, options: GlowOptions, **kwargs: Any) -> GlowMqttSource:
        return cls(options.host, options.port, prefix=options.prefix,
                   username=options.username, password=options.password, tls=options.tls,
                   cafile=options.cafile, **kwargs)

    @classmethod
    def from_spec(cls, spec: str, **kwargs: Any) -> GlowMqttSource:
        return cls.from_options(GlowOptions.parse(spec), **kwargs)

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
            if self._tls_failure is not None:  # it answered, but not securely
                raise SourceError(self._tls_failure) from None
            raise SourceError(say("glow.no-answer",
                                  address=f"{self.host}:{self.port}")) from None
        if self._start_error is not None:
            await self.stop()
            raise SourceError(self._start_error)

    async def stop(self) -> None:
        if self._task is not None:
            await cancel_and_wait([self._task])
            self._task = None
        self._close_streams()

    def _tls_context(self) -> ssl.SSLContext | None:
        if not self.options.tls:
            return None
        return ssl.create_default_context(cafile=self.options.cafile)

    async def _run(self) -> None:
        o = self.options
        while True:
            try:
                async with aiomqtt.Client(o.host, o.port, username=o.username,
                                          password=o.password,
                                          tls_context=self._tls_context()) as client:
                    await client.subscribe(o.topics)
                    listening_wide = "/" not in o.prefix
                    if listening_wide:  # to tell a wrong prefix from a silent device
                        await client.subscribe(ANY_PREFIX)
                    self.backoff.succeeded()
                    self._status(ConnectionState.SEARCHING,
                                 say("glow.broker-up", address=f"{o.host}:{o.port}",
                                     topics=o.topics))
                    self._connected.set()
                    await self._receive(client, listening_wide)
            except aiomqtt.MqttError as exc:
                words = self._failure_words(exc)
                if not self._connected.is_set() and self._refused(exc):
                    self._start_error = words
                    self._connected.set()  # start() says it and gives up
                    return
                self._status(ConnectionState.DISCONNECTED, words,
                             retry_in_s=self.backoff.delay)
                await self.backoff.wait()

    @staticmethod
    def _refused(exc: aiomqtt.MqttError) -> bool:
        rc = getattr(exc, "rc", None)
        return getattr(rc, "value", rc) in LOGIN_REFUSED

    def _failure_words(self, exc: aiomqtt.MqttError) -> Said:
        o = self.options
        address = f"{o.host}:{o.port}"
        if self._refused(exc):
            if o.username:
                return say("glow.login-refused", address=address, user=repr(o.username))
            return say("glow.login-refused-no-user", address=address)
        if isinstance(exc.__cause__, ssl.SSLError) or "SSL" in str(exc) or \
                "certificate" in str(exc).lower():
            self._tls_failure = say("glow.no-tls", address=address, reason=exc)
            return self._tls_failure
        return say("glow.unreachable", address=address, reason=exc)

    async def _receive(self, client: aiomqtt.Client, listening_wide: bool) -> None:
        messages = client.messages.__aiter__()
        heard = False  # anything on our topics since connecting
        quiet = False
        mine = self.options.prefix + "/"
        while True:
            try:
                async with asyncio.timeout(self.quiet_after_s):
                    message = await messages.__anext__()
            except TimeoutError:
                if not quiet:
                    quiet = True
                    self._status(ConnectionState.STALE, self._silence_words(heard))
                continue
            topic = str(message.topic)
            if not topic.startswith(mine):
                self._heard_elsewhere(topic, heard)
                continue
            if not heard or quiet:
                self._status(ConnectionState.CONNECTED,
                             say("glow.back" if heard else "glow.connected"))
                heard, quiet = True, False
            if listening_wide:  # the prefix is right: no second copy of each message
                listening_wide = False
                await client.unsubscribe(ANY_PREFIX)
            payload = message.payload if isinstance(message.payload, bytes) else \
                str(message.payload).encode()
            try:
                updates = parse_glow(topic, payload, self.name)
            except GlowPayloadError as exc:
                self.malformed += 1
                log.warning("ignored a Glow message on %s: %s", topic, exc)
                continue
            for update in updates:
                if isinstance(update, MeterReading):
                    update = self._guarded(update)
                    if update is None:
                        continue
                self._meters.setdefault(update.meter, None)
                self._publish(update)

    def _heard_elsewhere(self, topic: str, heard: bool) -> None:
        prefix = topic.split("/", 1)[0]
        if self._elsewhere == prefix:
            return
        self._elsewhere = prefix
        if not heard:
            self._status(ConnectionState.STALE, self._silence_words(heard))

    def _silence_words(self, heard: bool) -> Said:
        o = self.options
        if heard:
            return say("glow.quiet")
        if self._elsewhere is not None:
            return say("glow.wrong-prefix", topics=o.topics, found=self._elsewhere)
        return say("glow.nothing", topics=o.topics, seconds=f"{self.quiet_after_s:g}",
                   prefix=o.prefix)

    def _guarded(self, reading: MeterReading) -> MeterReading | None:
        """Registers through the guard: glitches dropped, sane values kept."""
        fields: dict[str, Any] = {}
        for name in ("energy_delivered_kwh", "energy_received_kwh", "volume_delivered_m3"):
            value = getattr(reading, name)
            if value is None:
                continue
            kept = self.registers.accept((reading.meter, name), value,
                                         f"{name} on {reading.meter.key}")
            if kept is None:
                fields[name] = None
        if not fields:
            return reading
        held = replace(reading, **fields)
        if all(getattr(held, f) is None for f in ("energy_delivered_kwh", "energy_received_kwh",
                                                   "volume_delivered_m3", "demand_kw")):
            return None
        return held

    async def top_up(self, meter: MeterIdentity, code: TopUpCode) -> TopUpResult:
        raise SourceError(say("command.no-top-up-glow"))

    async def confirm_message(self, meter: MeterIdentity, message_id: int) -> None:
        raise SourceError(say("command.no-messages-glow"))
