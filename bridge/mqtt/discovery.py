"""Home Assistant MQTT discovery: one device per meter, each entity with the device
class, state class and unit Home Assistant's Energy dashboard expects.

Topic: <discovery_prefix>/<component>/<node_id>/<object_id>/config, retained. Entities
are announced the first time their value exists (a credit meter gets no credit entity,
a home without solar no export entity), and all of them again when Home Assistant says
it has (re)started (`<discovery_prefix>/status` = online).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bridge.model import ConnectionState, EmergencyCreditState, Fuel, MeterIdentity
from bridge.mqtt.state import emergency_credit_option
from bridge.mqtt.topics import Topics, meter_segment

SOFTWARE = {"name": "OpenIHD", "sw_version": "0.1.0",
            "support_url": "https://github.com/openihd/openihd"}


@dataclass(frozen=True)
class Entity:
    """One Home Assistant entity read from one of our state topics."""

    key: str                # our name, unique per meter: power, import, credit …
    kind: str               # which state topic (topics.METER_KINDS)
    field: str              # the JSON field it shows
    name: str
    component: str = "sensor"
    device_class: str | None = None
    state_class: str | None = None
    unit: str | None = None      # "{currency}" is filled in from the payload
    options: tuple[str, ...] = ()
    icon: str | None = None
    diagnostic: bool = False
    attributes: bool = False     # the whole payload also as attributes
    resets_daily: bool = False


def meter_entities(fuel: Fuel) -> tuple[Entity, ...]:
    energy = "Gas energy" if fuel == Fuel.GAS else "Energy import"
    entities = [
        Entity("power", "reading", "power_kw", "Power", device_class="power",
               state_class="measurement", unit="kW"),
        Entity("import", "reading", "import_kwh", energy, device_class="energy",
               state_class="total_increasing", unit="kWh"),
        Entity("export", "reading", "export_kwh", "Energy export", device_class="energy",
               state_class="total_increasing", unit="kWh"),
        Entity("volume", "reading", "volume_m3", "Gas volume", device_class="gas",
               state_class="total_increasing", unit="m³"),
        Entity("cost_today", "cost", "cost_today", "Cost today", device_class="monetary",
               state_class="total", unit="{currency}", resets_daily=True),
        Entity("unit_price", "price", "unit_price", "Unit price",
               state_class="measurement", unit="{price_unit}", icon="mdi:cash",
               attributes=True),
        Entity("standing_charge", "tariff", "standing_charge_per_day", "Standing charge",
               device_class="monetary", unit="{currency}", icon="mdi:cash-clock"),
        Entity("credit", "prepayment", "credit", "Prepayment credit",
               device_class="monetary", state_class="total", unit="{currency}"),
        Entity("emergency_credit", "prepayment", "emergency_credit", "Emergency credit",
               device_class="monetary", state_class="total", unit="{currency}"),
        Entity("emergency_credit_state", "prepayment", "emergency_credit_state",
               "Emergency credit state", device_class="enum",
               options=tuple(emergency_credit_option(s) for s in EmergencyCreditState),
               icon="mdi:cash-lock"),
        Entity("debt", "prepayment", "debt", "Debt", device_class="monetary",
               state_class="total", unit="{currency}"),
        Entity("message", "messages", "latest", "Supplier message", icon="mdi:message-text",
               attributes=True),
        Entity("top_up_result", "top-up/result", "message", "Last top-up",
               icon="mdi:cash-plus", attributes=True),
        Entity("connection", "connection", "state", "Connection", device_class="enum",
               options=tuple(s.value for s in ConnectionState), diagnostic=True,
               icon="mdi:zigbee"),
    ]
    return tuple(entities)


class Discovery:
    def __init__(self, topics: Topics, prefix: str) -> None:
        self.topics = topics
        self.prefix = prefix

    @property
    def birth_topic(self) -> str:
        """Home Assistant publishes `online` here when it starts."""
        return f"{self.prefix}/status"

    def node_id(self, meter: MeterIdentity) -> str:
        return f"openihd_{self.topics.bridge}_{meter_segment(meter)}".replace("-", "_")

    def bridge_device(self) -> dict[str, Any]:
        return {"identifiers": [f"openihd_bridge_{self.topics.bridge}"],
                "name": f"OpenIHD bridge {self.topics.bridge}",
                "manufacturer": "OpenIHD", "model": "ihd-bridge",
                "sw_version": SOFTWARE["sw_version"]}

    def meter_device(self, home: str, label: str | None, meter: MeterIdentity
                     ) -> dict[str, Any]:
        place = label or home
        return {"identifiers": [f"openihd_meter_{meter.eui64.replace(':', '')}_"
                                f"{meter.endpoint}"],
                "name": f"{place[:1].upper()}{place[1:]} {meter.fuel.value} meter",
                "manufacturer": "OpenIHD",
                "model": f"SEP 1.x {meter.fuel.value} meter",
                "serial_number": meter.eui64,
                "via_device": f"openihd_bridge_{self.topics.bridge}"}

    def bridge_config(self) -> tuple[str, dict[str, Any]]:
        """The bridge itself: connected or not, from its status topic (the Last Will)."""
        node = f"openihd_{self.topics.bridge}".replace("-", "_")
        return (f"{self.prefix}/binary_sensor/{node}/bridge/config", {
            "name": "Connection", "unique_id": f"{node}_bridge",
            "state_topic": self.topics.status, "payload_on": "online",
            "payload_off": "offline", "device_class": "connectivity",
            "entity_category": "diagnostic", "device": self.bridge_device(),
            "origin": SOFTWARE,
        })

    def source_config(self) -> tuple[str, dict[str, Any]]:
        """The bridge's link to its meters (stick, Glow device …): connected, lost …"""
        node = f"openihd_{self.topics.bridge}".replace("-", "_")
        return (f"{self.prefix}/sensor/{node}/meter_link/config", {
            "name": "Meter link", "unique_id": f"{node}_meter_link",
            "state_topic": self.topics.connection,
            "value_template": "{{ value_json.state }}",
            "json_attributes_topic": self.topics.connection,
            "device_class": "enum", "options": [s.value for s in ConnectionState],
            "entity_category": "diagnostic", "icon": "mdi:zigbee",
            "availability": [{"topic": self.topics.status}],
            "device": self.bridge_device(), "origin": SOFTWARE,
        })

    def entity_config(self, home: str, label: str | None, meter: MeterIdentity,
                      entity: Entity, payload: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        node = self.node_id(meter)
        config: dict[str, Any] = {
            "name": entity.name,
            "unique_id": f"{node}_{entity.key}",
            "state_topic": self.topics.meter(home, meter, entity.kind),
            "value_template": f"{{{{ value_json.{entity.field} }}}}",
            "availability": [{"topic": self.topics.status}],
            "device": self.meter_device(home, label, meter),
            "origin": SOFTWARE,
        }
        if entity.device_class:
            config["device_class"] = entity.device_class
        if entity.state_class:
            config["state_class"] = entity.state_class
        if entity.unit:
            config["unit_of_measurement"] = entity.unit.format(
                currency=payload.get("currency") or "GBP",
                price_unit=payload.get("unit") or "GBP/kWh")
        if entity.options:
            config["options"] = list(entity.options)
        if entity.icon:
            config["icon"] = entity.icon
        if entity.diagnostic:
            config["entity_category"] = "diagnostic"
        if entity.attributes:
            config["json_attributes_topic"] = config["state_topic"]
        if entity.resets_daily:
            config["last_reset_value_template"] = "{{ value_json.day_start }}"
        return f"{self.prefix}/{entity.component}/{node}/{entity.key}/config", config

    def top_up_config(self, home: str, label: str | None, meter: MeterIdentity
                      ) -> tuple[str, dict[str, Any]]:
        """A text box that sends a 20-digit code; the meter's answer shows in 'Last
        top-up'. The code is a credential: the box's state is the masked code from the
        answer (without a state topic Home Assistant would keep the typed code as the
        entity's state, and record it)."""
        node = self.node_id(meter)
        result = self.topics.meter(home, meter, "top-up/result")
        return (f"{self.prefix}/text/{node}/top_up/config", {
            "name": "Top-up code", "unique_id": f"{node}_top_up",
            "command_topic": self.topics.top_up_set(home, meter),
            "state_topic": result, "value_template": "{{ value_json.code or '' }}",
            # Home Assistant holds the box's *state* to these too: the masked code
            # (•…1234) and '' after a refused code must pass. The bridge checks the code
            # and says what is wrong in 'Last top-up'.
            "mode": "password", "min": 0, "max": 29, "pattern": "^[0-9 •-]*$",
            "retain": False, "qos": 1, "icon": "mdi:keyboard",
            "availability": [{"topic": self.topics.status}],
            "device": self.meter_device(home, label, meter), "origin": SOFTWARE,
        })
