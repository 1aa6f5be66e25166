"""A home's health as the estate view needs it (pure, no I/O): is the bridge up, which
meters it hears and how long ago, whether the stick (or device) is lost, displays paired
and online, and recent errors. Health says nothing about how much energy is used."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bridge.model import ConnectionState, MeterIdentity, SourceStatus
from bridge.mqtt.topics import meter_segment

#: Source states that mean the bridge has lost its way to the meter.
LOST = (ConnectionState.DISCONNECTED, ConnectionState.FAILED)
MAX_ERRORS = 5


@dataclass
class HomeHealth:
    home: str
    premises: str
    label: str | None
    meters: dict[MeterIdentity, datetime | None] = field(default_factory=dict)
    meter_state: dict[MeterIdentity, str] = field(default_factory=dict)
    errors: deque[str] = field(default_factory=lambda: deque(maxlen=MAX_ERRORS))

    def heard(self, meter: MeterIdentity, at: datetime | None) -> None:
        previous = self.meters.get(meter)
        if at is not None and (previous is None or at > previous):
            self.meters[meter] = at
        else:
            self.meters.setdefault(meter, previous)

    def status(self, status: SourceStatus) -> None:
        if status.meter is not None:
            self.heard(status.meter, None)
            self.meter_state[status.meter] = status.state.value
        if status.state == ConnectionState.FAILED and status.detail:
            self.error(status.detail)

    def error(self, words: str) -> None:
        if not self.errors or self.errors[-1] != words:
            self.errors.append(words)

    def payload(self, *, bridge: str, building: str | None, source_state: SourceStatus | None,
                displays: tuple[int, int] | None, now: datetime) -> dict[str, Any]:
        heard = [at for at in self.meters.values() if at is not None]
        last = max(heard) if heard else None
        return {
            "bridge": bridge,
            "building": building,
            "home": self.home,
            "label": self.label,
            "timestamp": now.isoformat(),
            "source_state": source_state.state.value if source_state else "starting",
            "source_detail": source_state.detail if source_state else "",
            "stick_lost": bool(source_state and source_state.state in LOST),
            "meters": [{"meter": meter_segment(m), "fuel": m.fuel.value,
                        "state": self.meter_state.get(m, "connected" if at else "starting"),
                        "last_reading_at": at.isoformat() if at else None}
                       for m, at in sorted(self.meters.items(), key=lambda i: i[0].key)],
            "meters_heard": len(heard),
            "last_reading_at": last.isoformat() if last else None,
            "displays_paired": displays[0] if displays else None,
            "displays_online": displays[1] if displays else None,
            "errors": list(self.errors),
        }


def significant(payload: dict[str, Any]) -> dict[str, Any]:
    """The part of a health payload whose change is news at once (not the clock)."""
    out = {k: v for k, v in payload.items() if k not in ("timestamp", "last_reading_at")}
    out["meters"] = [{k: v for k, v in m.items() if k != "last_reading_at"}
                     for m in payload["meters"]]
    return out
