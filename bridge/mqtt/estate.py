"""The estate view's model (pure, no I/O): every bridge's status and every home's health
from a shared broker, as rows sorted by what needs a visit first."""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bridge.model import Fuel
from bridge.mqtt.state import fuel_stale_after

#: Bridges repeat their health at least every minute: five minutes without one means
#: the way from the building to here is broken (a building broker's uplink, say), even
#: though the last retained status still says online.
REPORT_LATE = timedelta(minutes=5)


class Condition(enum.IntEnum):
    """What a flat needs, most urgent first (the sort order of the view)."""

    BRIDGE_OFFLINE = 0
    NOT_REPORTING = 1
    STICK_LOST = 2
    NO_METER = 3
    METER_SILENT = 4
    ERRORS = 5
    DISPLAY_OFFLINE = 6
    STARTING = 7
    OK = 9

    @property
    def words(self) -> str:
        return self.name.lower().replace("_", " ")


@dataclass
class BridgeEntry:
    online: bool | None = None
    info: dict[str, Any] = field(default_factory=dict)
    offline_since: datetime | None = None


@dataclass(frozen=True)
class Row:
    condition: Condition
    building: str
    bridge: str
    home: str
    label: str
    detail: str
    last_reading_age_s: float | None
    meters_heard: int
    displays_paired: int | None
    displays_online: int | None

    def as_json(self) -> dict[str, Any]:
        return {"condition": self.condition.words, "building": self.building,
                "bridge": self.bridge, "home": self.home, "label": self.label,
                "detail": self.detail,
                "last_reading_age_s": None if self.last_reading_age_s is None
                else round(self.last_reading_age_s, 1),
                "meters_heard": self.meters_heard, "displays_paired": self.displays_paired,
                "displays_online": self.displays_online}


def _time(text: Any) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo is not None else None


@dataclass(frozen=True)
class Flat:
    """One home's health, its times parsed once when it arrives (a redraw of 1,000
    flats then only compares)."""

    data: dict[str, Any]
    reported: datetime | None
    last_reading: datetime | None
    meters: tuple[tuple[Fuel, datetime | None], ...]

    @classmethod
    def parse(cls, data: dict[str, Any]) -> Flat:
        meters = []
        for meter in data.get("meters") or []:
            if not isinstance(meter, dict):
                continue
            try:
                fuel = Fuel(str(meter.get("fuel")))
            except ValueError:
                fuel = Fuel.OTHER
            meters.append((fuel, _time(meter.get("last_reading_at"))))
        return cls(data, _time(data.get("timestamp")), _time(data.get("last_reading_at")),
                   tuple(meters))


class Estate:
    def __init__(self, prefix: str = "openihd") -> None:
        self.prefix = prefix
        self.bridges: dict[str, BridgeEntry] = {}
        self.homes: dict[str, dict[str, Flat]] = {}  # bridge -> home -> health
        self.malformed = 0

    @property
    def flat_count(self) -> int:
        return sum(len(homes) for homes in self.homes.values())

    def ingest(self, topic: str, payload: bytes, now: datetime) -> bool:
        """Take one message; True if the view changed."""
        parts = topic.split("/")
        base = self.prefix.split("/")
        if parts[:len(base)] != base:
            return False
        rest = parts[len(base):]
        if len(rest) == 2 and rest[1] == "status":
            if not payload:  # a retained status cleared: the bridge was retired
                self.bridges.pop(rest[0], None)
                self.homes.pop(rest[0], None)
                return True
            entry = self.bridges.setdefault(rest[0], BridgeEntry())
            online = payload.strip() == b"online"
            if entry.online != online:
                entry.offline_since = None if online else now
            entry.online = online
            return True
        if len(rest) == 2 and rest[1] == "info":
            data = self._json(payload)
            if data is None:
                return False
            self.bridges.setdefault(rest[0], BridgeEntry()).info = data
            return True
        if len(rest) == 3 and rest[2] == "health":
            if not payload:
                return self.homes.get(rest[0], {}).pop(rest[1], None) is not None
            data = self._json(payload)
            if data is None:
                return False
            self.homes.setdefault(rest[0], {})[rest[1]] = Flat.parse(data)
            self.bridges.setdefault(rest[0], BridgeEntry())
            return True
        return False

    def _json(self, payload: bytes) -> dict[str, Any] | None:
        try:
            data = json.loads(payload)
        except (ValueError, UnicodeDecodeError):
            self.malformed += 1
            return None
        if not isinstance(data, dict):
            self.malformed += 1
            return None
        return data

    def rows(self, now: datetime) -> list[Row]:
        rows: list[Row] = []
        for bridge_id, entry in self.bridges.items():
            reported = self.homes.get(bridge_id, {})
            homes: dict[str, Flat | None] = {
                str(x.get("home")): None for x in entry.info.get("homes", [])
                if isinstance(x, dict)}
            homes.update(reported)
            if not homes:
                homes = {"": None}
                if entry.info and entry.online is not False:
                    rows.append(Row(Condition.NO_METER,
                                    str(entry.info.get("building") or bridge_id), bridge_id,
                                    "", "(bridge)", "this bridge has no meter", None, 0,
                                    None, None))
                    continue
            for home, flat in homes.items():
                rows.append(self._row(bridge_id, entry, home, flat, now))
        rows.sort(key=lambda r: (r.condition, -(r.last_reading_age_s or 0), r.building,
                                 r.bridge, r.label))
        return rows

    def _row(self, bridge_id: str, entry: BridgeEntry, home: str, flat: Flat | None,
             now: datetime) -> Row:
        health = flat.data if flat else {}
        building = str(health.get("building") or entry.info.get("building") or bridge_id)
        label = str(health.get("label") or home or "(bridge)")
        last = flat.last_reading if flat else None
        age = (now - last).total_seconds() if last else None
        condition, detail = self._condition(entry, flat, now)
        return Row(condition, building, bridge_id, home, label, detail, age,
                   int(health.get("meters_heard") or 0), health.get("displays_paired"),
                   health.get("displays_online"))

    @staticmethod
    def _condition(entry: BridgeEntry, flat: Flat | None, now: datetime
                   ) -> tuple[Condition, str]:
        if entry.online is False:
            since = entry.offline_since
            return Condition.BRIDGE_OFFLINE, ("bridge not connected" if since is None else
                                              f"bridge offline for {_ago(now - since)}")
        if flat is None:
            return Condition.STARTING, "no health report yet"
        health = flat.data
        if flat.reported is not None and now - flat.reported > REPORT_LATE:
            return Condition.NOT_REPORTING, f"no report for {_ago(now - flat.reported)}"
        if health.get("stick_lost"):
            return Condition.STICK_LOST, str(health.get("source_detail") or "stick lost")
        if not int(health.get("meters_heard") or 0):
            return Condition.NO_METER, "no meter heard since the bridge started"
        silent = [f"{fuel.value} {'never heard' if at is None else _ago(now - at)}"
                  for fuel, at in flat.meters
                  if at is None or now - at > fuel_stale_after(fuel)]
        if silent:
            return Condition.METER_SILENT, "silent: " + ", ".join(silent)
        errors = health.get("errors") or []
        if errors:
            return Condition.ERRORS, str(errors[-1])
        paired, online = health.get("displays_paired"), health.get("displays_online")
        if isinstance(paired, int) and isinstance(online, int) and online < paired:
            return Condition.DISPLAY_OFFLINE, f"{paired - online} of {paired} displays offline"
        return Condition.OK, ""


def _ago(delta: timedelta) -> str:
    seconds = max(0, int(delta.total_seconds()))
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    if seconds < 172800:
        return f"{seconds // 3600} h"
    return f"{seconds // 86400} days"


def render(rows: list[Row], now: datetime, width: int = 120) -> str:
    """The terminal table: a summary line, then one line per flat."""
    counts: dict[Condition, int] = {}
    for row in rows:
        counts[row.condition] = counts.get(row.condition, 0) + 1
    summary = ", ".join(f"{n} {c.words}" for c, n in sorted(counts.items()))
    lines = [f"OpenIHD estate — {len(rows)} flats: {summary or 'nothing heard yet'} "
             f"(updated {now.astimezone():%H:%M:%S})", ""]
    header = f"{'STATE':<16} {'BUILDING':<20} {'FLAT':<14} {'LAST READING':>12} " \
             f"{'METERS':>6} {'DISPLAYS':>8}  DETAIL"
    lines.append(header)
    for row in rows:
        age = "—" if row.last_reading_age_s is None else \
            _ago(timedelta(seconds=row.last_reading_age_s)) + " ago"
        displays = "—" if row.displays_paired is None else \
            f"{row.displays_online}/{row.displays_paired}"
        line = (f"{row.condition.words:<16} {row.building[:20]:<20} {row.label[:14]:<14} "
                f"{age:>12} {row.meters_heard:>6} {displays:>8}  {row.detail}")
        lines.append(line[:width])
    return "\n".join(lines)
