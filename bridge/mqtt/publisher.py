"""The bridge's updates on MQTT: each home's meters under the topic tree, the homes'
health for an estate view, and Home Assistant discovery, limited per home to what the
operator chose to share."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from bridge.model import (
    MeterIdentity,
    MeterReading,
    SourceStatus,
    TopUpCode,
    TopUpCodeError,
    Update,
    utc_now,
)
from bridge.mqtt.cost_store import CostStore
from bridge.mqtt.discovery import Discovery, Entity, meter_entities
from bridge.mqtt.health import HomeHealth, significant
from bridge.mqtt.link import MqttLink
from bridge.mqtt.settings import HomeSettings, MqttSettings
from bridge.mqtt.state import MeterState, top_up_payload
from bridge.mqtt.topics import METER_KINDS, Topics, home_segment, meter_segment
from bridge.sources.base import Source, SourceError

log = logging.getLogger(__name__)

#: Paired and online displays per premises (from the LAN server), when it runs.
Displays = Callable[[], dict[str, tuple[int, int]]]
DISPLAYS_TTL_S = 5.0
COST_SAVE_INTERVAL_S = 60.0


def encode(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


class MqttPublisher:
    def __init__(self, source: Source, settings: MqttSettings, *,
                 displays: Displays | None = None,
                 clock: Callable[[], datetime] = utc_now,
                 cost_file: Path | None = None) -> None:
        self.source = source
        self.settings = settings
        self.topics = Topics(settings.prefix, settings.bridge_id)
        self.discovery = Discovery(self.topics, settings.discovery_prefix)
        self.link = MqttLink(settings, status_topic=self.topics.status,
                             client_id=f"openihd-{settings.bridge_id}")
        self.displays = displays
        self.clock = clock
        self._stream = source.subscribe(maxsize=20_000)  # before the source starts
        self._meters: dict[MeterIdentity, MeterState] = {}
        self._homes: dict[str, HomeHealth] = {}
        self._home_of: dict[MeterIdentity, tuple[str, str]] = {}  # -> (slug, premises)
        self._announced: set[tuple[MeterIdentity, str]] = set()
        self._source_state: SourceStatus | None = None
        self._health_sent: dict[str, tuple[dict[str, Any], float]] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self._top_up_locks: dict[MeterIdentity, asyncio.Lock] = {}
        self._top_ups: set[asyncio.Task[None]] = set()
        self._display_counts: tuple[float, dict[str, tuple[int, int]]] | None = None
        self._cost_store = CostStore(cost_file) if cost_file is not None else None
        self._saved_costs = self._cost_store.load() if self._cost_store else {}
        self._costs_saved_at = 0.0

    # -- lifecycle ----------------------------------------------------------------------

    async def start(self) -> None:
        if self.settings.top_up or any(h.top_up for h in self.settings.homes.values()):
            self.link.subscribe(self.topics.top_up_filter, self._on_top_up)
        if self.settings.discovery:
            self.link.subscribe(self.discovery.birth_topic, self._on_ha_birth)
            for topic, config in (self.discovery.bridge_config(),
                                  self.discovery.source_config()):
                self.link.set(topic, encode(config))
        self._expected_homes()
        self._publish_info()
        self._publish_health()
        self.link.start()
        self._tasks = [asyncio.create_task(self._pump(), name="mqtt-pump"),
                       asyncio.create_task(self._health_loop(), name="mqtt-health")]

    async def stop(self) -> None:
        tasks = [*self._tasks, *self._top_ups]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
        self._stream.close()
        self._save_costs()
        self._publish_health(force=True)
        await self.link.stop()

    # -- homes and meters ---------------------------------------------------------------

    def _slug(self, premises: str, meter: MeterIdentity) -> str:
        return home_segment(premises, {m.key for m in self.source.meters} | {meter.key})

    def _home(self, meter: MeterIdentity) -> tuple[str, str]:
        found = self._home_of.get(meter)
        if found is None:
            premises = self.source.premises_of(meter) or meter.key
            found = (self._slug(premises, meter), premises)
            self._home_of[meter] = found
        return found

    def home_settings(self, slug: str, premises: str) -> HomeSettings:
        return self.settings.homes.get(slug) or self.settings.homes.get(premises) \
            or self.settings.home(slug)

    def _health(self, slug: str, premises: str) -> HomeHealth:
        health = self._homes.get(slug)
        if health is None:
            health = HomeHealth(slug, premises, self.home_settings(slug, premises).label)
            self._homes[slug] = health
            self._publish_info()
        return health

    def _publish_info(self) -> None:
        homes = []
        for slug in sorted(self._homes):
            health = self._homes[slug]
            homes.append({"home": slug, "label": health.label})
        self.link.set(self.topics.info, encode({
            "bridge": self.settings.bridge_id, "building": self.settings.building,
            "source": self.source.name, "homes": homes,
            "keepalive": self.settings.keepalive_s}))

    # -- updates ------------------------------------------------------------------------

    async def _pump(self) -> None:
        async for update in self._stream:
            try:
                self.handle(update)
            except Exception:  # a surprising update must not stop publishing
                log.exception("MQTT: could not publish %s", type(update).__name__)

    def handle(self, update: Update) -> None:
        meter: MeterIdentity | None = getattr(update, "meter", None)
        if meter is None:
            if isinstance(update, SourceStatus):
                self._source_state = update
                self.link.set(self.topics.connection, encode({
                    "timestamp": update.timestamp.isoformat(), "state": update.state.value,
                    "detail": update.detail}))
                for slug in list(self._homes):
                    if update.state.value == "failed" and update.detail:
                        self._homes[slug].error(update.detail)
                self._publish_health()
            return
        slug, premises = self._home(meter)
        home = self.home_settings(slug, premises)
        health = self._health(slug, premises)
        if isinstance(update, MeterReading):
            health.heard(meter, update.timestamp)
        elif isinstance(update, SourceStatus):
            health.status(update)
        else:
            health.heard(meter, None)
        state = self._meters.get(meter)
        if state is None:
            state = self._meters[meter] = MeterState(meter)
            saved = self._saved_costs.get(meter.key)
            if saved is not None:
                state.cost = saved
        for kind, payload in state.apply(update).items():
            if METER_KINDS[kind] not in home.share or payload is None:
                continue
            topic = self.topics.meter(slug, meter, kind)
            if kind == "reading":  # keep every register's newest value in one payload
                previous = self.link.value(topic)
                if previous:
                    payload = {**json.loads(previous), **payload}
            self.link.set(topic, encode(payload))
            if self.settings.discovery:
                self._announce(slug, home, meter, kind, payload)
        self._publish_health(only=slug)

    def _announce(self, slug: str, home: HomeSettings, meter: MeterIdentity, kind: str,
                  payload: dict[str, Any]) -> None:
        for entity in meter_entities(meter.fuel):
            if entity.kind != kind or payload.get(entity.field) is None:
                continue
            self._announce_entity(slug, home, meter, entity, payload)
        if kind == "prepayment" and home.top_up \
                and (meter, "top_up") not in self._announced:
            self._announced.add((meter, "top_up"))
            topic, config = self.discovery.top_up_config(slug, home.label, meter)
            self.link.set(topic, encode(config))
            for entity in meter_entities(meter.fuel):
                if entity.kind == "top-up/result":
                    self._announce_entity(slug, home, meter, entity, payload)

    def _announce_entity(self, slug: str, home: HomeSettings, meter: MeterIdentity,
                         entity: Entity, payload: dict[str, Any]) -> None:
        if (meter, entity.key) in self._announced:
            return
        self._announced.add((meter, entity.key))
        topic, config = self.discovery.entity_config(slug, home.label, meter, entity, payload)
        self.link.set(topic, encode(config))

    async def _on_ha_birth(self, topic: str, payload: bytes) -> None:
        if payload.strip() != b"online":
            return
        # Home Assistant restarted: what it needs is retained, but someone may have
        # cleared retained configs on the broker; send them again, as HA asks.
        self.link.resend(self.discovery.prefix + "/")

    # -- health -------------------------------------------------------------------------

    def _displays(self, premises: str, loop_time: float) -> tuple[int, int] | None:
        if self.displays is None:
            return None
        if self._display_counts is None or loop_time - self._display_counts[0] > \
                DISPLAYS_TTL_S:
            try:
                self._display_counts = (loop_time, self.displays())
            except Exception:  # the LAN side's trouble is not MQTT's
                log.exception("MQTT: cannot count displays")
                return None
        return self._display_counts[1].get(premises, (0, 0))

    def _publish_health(self, only: str | None = None, force: bool = False) -> None:
        now = self.clock()
        loop_time = asyncio.get_running_loop().time()
        for slug, health in self._homes.items():
            if only is not None and slug != only:
                continue
            premises = health.premises
            home = self.home_settings(slug, premises)
            if "health" not in home.share:
                continue
            payload = health.payload(bridge=self.settings.bridge_id,
                                     building=self.settings.building,
                                     source_state=self._source_state,
                                     displays=self._displays(premises, loop_time),
                                     now=now)
            key = significant(payload)
            sent = self._health_sent.get(slug)
            if not force and sent is not None and sent[0] == key \
                    and loop_time - sent[1] < self.settings.health_interval_s:
                continue
            self._health_sent[slug] = (key, loop_time)
            self.link.set(self.topics.health(slug), encode(payload))

    async def _health_loop(self) -> None:
        while True:
            await asyncio.sleep(min(5.0, self.settings.health_interval_s))
            self._expected_homes()
            self._publish_health()
            now = asyncio.get_running_loop().time()
            if now - self._costs_saved_at >= COST_SAVE_INTERVAL_S:  # spare the SD card
                self._costs_saved_at = now
                self._save_costs()

    def _save_costs(self) -> None:
        if self._cost_store is not None:
            self._cost_store.save({m.key: state.cost for m, state in self._meters.items()})

    def _expected_homes(self) -> None:
        """Homes the source knows of, or the config file names, are reported even before
        (or without ever) hearing a meter: a flat whose meter never answers is exactly
        the one that needs a visit."""
        for premises, meters in self.source.premises.items():
            if meters:
                slug, _ = self._home(meters[0])
            else:
                slug = home_segment(premises)
            health = self._health(slug, premises)
            for meter in meters:
                self._home(meter)
                health.heard(meter, None)
        for slug in self.settings.homes:
            self._health(slug, slug)

    # -- top-up from MQTT ---------------------------------------------------------------

    def _meter_at(self, topic: str) -> tuple[str, HomeSettings, MeterIdentity] | None:
        parts = topic.split("/")
        if len(parts) < 4:
            return None
        slug, segment = parts[-4], parts[-3]
        for meter, (s, premises) in self._home_of.items():
            if s == slug and meter_segment(meter) == segment:
                return slug, self.home_settings(slug, premises), meter
        return None

    async def _on_top_up(self, topic: str, payload: bytes) -> None:
        found = self._meter_at(topic)
        if found is None:
            log.warning("MQTT: top-up for an unknown meter on %s ignored", topic)
            return
        slug, home, meter = found
        if not home.top_up:
            log.warning("MQTT: top-up for %s refused: top-up over MQTT is off for %s",
                        meter.key, slug)
            return
        task = asyncio.create_task(self._top_up(slug, home, meter, payload))
        self._top_ups.add(task)  # held until done, then let go
        task.add_done_callback(self._top_ups.discard)

    async def _top_up(self, slug: str, home: HomeSettings, meter: MeterIdentity,
                      payload: bytes) -> None:
        result_topic = self.topics.meter(slug, meter, "top-up/result")
        now = self.clock().isoformat()
        try:
            code = TopUpCode.parse(payload.decode("utf-8", "replace"))
        except TopUpCodeError as exc:
            self.link.set(result_topic, encode({
                "timestamp": now, "result": "invalid_code", "accepted": False,
                "message": str(exc), "code": None, "value": None, "credit": None}))
            return
        lock = self._top_up_locks.setdefault(meter, asyncio.Lock())
        async with lock:  # one code at a time per meter, as at its keypad
            try:
                result = await self.source.top_up(meter, code)
            except SourceError as exc:
                self.link.set(result_topic, encode({
                    "timestamp": now, "result": "not_sent", "accepted": False,
                    "message": str(exc), "code": code.masked, "value": None,
                    "credit": None}))
                return
        self.link.set(result_topic, encode(top_up_payload(result)))
