"""The topic tree (docs/mqtt.md). One place builds every topic name.

    PREFIX/BRIDGE/status                      online | offline (retained; Last Will)
    PREFIX/BRIDGE/info                        the bridge: building, homes (retained)
    PREFIX/BRIDGE/connection                  its link to the meters: stick, device (retained)
    PREFIX/BRIDGE/HOME/health                 the home's equipment (retained)
    PREFIX/BRIDGE/HOME/METER/KIND             the meter's latest KIND (retained)
    PREFIX/BRIDGE/HOME/METER/top-up/set       a code in (only where top-up is on)
"""

from __future__ import annotations

from dataclasses import dataclass

from bridge.model import MeterIdentity
from bridge.mqtt.settings import topic_segment

#: Per-meter state topics and the category each belongs to.
METER_KINDS = {
    "reading": "consumption",
    "cost": "consumption",
    "price": "tariff",
    "tariff": "tariff",
    "prepayment": "prepayment",
    "top-up/result": "prepayment",
    "messages": "messages",
    "connection": "health",
}


def meter_segment(meter: MeterIdentity) -> str:
    """e.g. electricity-0011223344556677-1: readable and unique on the bridge."""
    return f"{meter.fuel.value}-{meter.eui64.replace(':', '')}-{meter.endpoint}"


def home_segment(premises: str, meter_keys: set[str] | None = None) -> str:
    """A source that does not group meters into homes names each after its meter key;
    those all become the one home 'home'."""
    if meter_keys is not None and premises in meter_keys:
        return "home"
    return topic_segment(premises)


@dataclass(frozen=True)
class Topics:
    prefix: str
    bridge: str

    @property
    def root(self) -> str:
        return f"{self.prefix}/{self.bridge}"

    @property
    def status(self) -> str:
        return f"{self.root}/status"

    @property
    def info(self) -> str:
        return f"{self.root}/info"

    @property
    def connection(self) -> str:
        return f"{self.root}/connection"

    def health(self, home: str) -> str:
        return f"{self.root}/{home}/health"

    def meter(self, home: str, meter: MeterIdentity, kind: str) -> str:
        return f"{self.root}/{home}/{meter_segment(meter)}/{kind}"

    def top_up_set(self, home: str, meter: MeterIdentity) -> str:
        return self.meter(home, meter, "top-up/set")

    @property
    def top_up_filter(self) -> str:
        return f"{self.root}/+/+/top-up/set"


def estate_filters(prefix: str) -> tuple[str, ...]:
    """What an estate view subscribes to: status, info and health of every bridge."""
    return (f"{prefix}/+/status", f"{prefix}/+/info", f"{prefix}/+/+/health")
