"""From the bridge's updates to the JSON each state topic carries (pure, no I/O).

Every payload is the *whole* current state of its kind, so the broker's retained copy
is all a late subscriber needs and republishing it never duplicates anything. Numbers
are JSON numbers rounded to what the meter states (Home Assistant plots numbers);
money also carries its currency, and times are ISO 8601 UTC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from bridge.model import (
    EmergencyCreditState,
    Fuel,
    MessageCancelled,
    MeterIdentity,
    MeterReading,
    Money,
    PrepaymentState,
    Price,
    SourceStatus,
    SupplierMessage,
    Tariff,
    TopUpResult,
    UnitOfMeasure,
    Update,
)

#: Home Assistant keeps a state to 255 characters; longer message text goes in attributes.
STATE_MAX = 255


def number(value: Decimal | None) -> float | int | None:
    """A Decimal as a JSON number; integral values stay integers."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def money(value: Money | None) -> float | int | None:
    return None if value is None else number(value.amount)


def when(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def price_unit(price: Price) -> str:
    """GBP/kWh, GBP/m³: the unit Home Assistant's Energy dashboard accepts for a price."""
    return f"{price.unit_price.currency.code}/{price.unit.label or 'unit'}"


@dataclass
class DayCost:
    """Cost today as the bridge saw it: each reading's energy at the price in force,
    plus the day's standing charge. Kept in the bridge's state folder across restarts
    (energy used while the bridge was down is counted at the next reading's price); a
    bridge that started today without it counts from its first reading (`since`)."""

    day: date | None = None
    since: datetime | None = None
    last_register: Decimal | None = None
    energy: Decimal = Decimal(0)
    energy_cost: Decimal = Decimal(0)
    uncosted: Decimal = Decimal(0)

    def add(self, at: datetime, register: Decimal, price: Price | None) -> None:
        local_day = at.astimezone().date()
        if local_day != self.day:
            self.day, self.since = local_day, at
            self.energy = self.energy_cost = self.uncosted = Decimal(0)
        elif self.last_register is not None and register >= self.last_register:
            delta = register - self.last_register
            self.energy += delta
            if price is None:
                self.uncosted += delta
            else:
                self.energy_cost += delta * price.unit_price.amount
        self.last_register = register

    def to_json(self) -> dict[str, str | None]:
        return {"day": self.day.isoformat() if self.day else None,
                "since": self.since.isoformat() if self.since else None,
                "last_register": None if self.last_register is None
                else str(self.last_register),
                "energy": str(self.energy), "energy_cost": str(self.energy_cost),
                "uncosted": str(self.uncosted)}

    @classmethod
    def from_json(cls, data: dict[str, str | None]) -> DayCost:
        """Raises ValueError (or KeyError, TypeError) on anything malformed."""
        since = datetime.fromisoformat(data["since"]) if data["since"] else None
        if since is not None and since.tzinfo is None:
            raise ValueError("since has no time zone")
        return cls(day=date.fromisoformat(data["day"]) if data["day"] else None, since=since,
                   last_register=Decimal(data["last_register"])
                   if data["last_register"] is not None else None,
                   energy=Decimal(str(data["energy"])),
                   energy_cost=Decimal(str(data["energy_cost"])),
                   uncosted=Decimal(str(data["uncosted"])))


@dataclass
class MeterState:
    """Everything known about one meter, as topic payloads."""

    meter: MeterIdentity
    prices: list[Price] = field(default_factory=list)
    tariff: Tariff | None = None
    cost: DayCost = field(default_factory=DayCost)
    messages: dict[int, SupplierMessage] = field(default_factory=dict)
    currency: str | None = None
    last_reading_at: datetime | None = None

    def price_at(self, at: datetime) -> Price | None:
        in_force = [p for p in self.prices if p.in_force_at(at)]
        return max(in_force, key=lambda p: p.start) if in_force else None

    def apply(self, update: Update) -> dict[str, dict[str, Any] | None]:
        """The state topics (by kind) this update changes, with their new payloads."""
        if isinstance(update, MeterReading):
            return self._reading(update)
        if isinstance(update, Price):
            return self._price(update)
        if isinstance(update, Tariff):
            self.tariff = update
            return {"tariff": {
                "timestamp": when(update.timestamp), "label": update.label,
                "start": when(update.start), "unit": update.unit.label,
                "standing_charge_per_day": money(update.standing_charge_per_day),
                "currency": (update.standing_charge_per_day.currency.code
                             if update.standing_charge_per_day else self.currency),
                "tiers": [{"tier": t.tier, "label": t.label,
                           "unit_price": money(t.unit_price)} for t in update.tier_prices],
            }}
        if isinstance(update, PrepaymentState):
            self.currency = update.credit_remaining.currency.code
            return {"prepayment": {
                "timestamp": when(update.timestamp),
                "currency": self.currency,
                "credit": money(update.credit_remaining),
                "emergency_credit": money(update.emergency_credit_remaining),
                "emergency_credit_state": emergency_credit_option(
                    update.emergency_credit_state),
                "emergency_credit_limit": money(update.emergency_credit_limit),
                "debt": money(update.accumulated_debt),
                "low_credit": update.low_credit,
                # Friendly credit, where the meter states it (null where not).
                "friendly_credit_in_use": update.friendly_credit_in_use,
                "friendly_credit_minutes_left": update.friendly_credit_minutes_left,
                "next_friendly_credit": when(update.next_friendly_credit),
            }}
        if isinstance(update, SupplierMessage):
            self.messages[update.message_id] = update
            self._drop_ended(update.timestamp)
            return {"messages": self._messages()}
        if isinstance(update, MessageCancelled):
            if update.message_id is None:
                self.messages.clear()
            else:
                self.messages.pop(update.message_id, None)
            return {"messages": self._messages()}
        if isinstance(update, TopUpResult):
            return {"top-up/result": top_up_payload(update)}
        if isinstance(update, SourceStatus):
            return {"connection": {"timestamp": when(update.timestamp),
                                   "state": update.state.value, "detail": update.detail}}
        return {}

    def _reading(self, reading: MeterReading) -> dict[str, dict[str, Any] | None]:
        self.last_reading_at = reading.timestamp
        payload: dict[str, Any] = {"timestamp": when(reading.timestamp)}
        if reading.demand_kw is not None:
            payload["power_kw"] = number(reading.demand_kw)
        if reading.energy_delivered_kwh is not None:
            payload["import_kwh"] = number(reading.energy_delivered_kwh)
        if reading.energy_received_kwh is not None:
            payload["export_kwh"] = number(reading.energy_received_kwh)
        if reading.volume_delivered_m3 is not None:
            payload["volume_m3"] = number(reading.volume_delivered_m3)
        out: dict[str, dict[str, Any] | None] = {"reading": payload}
        price = self.price_at(reading.timestamp)
        register = (reading.volume_delivered_m3
                    if price is not None and price.unit == UnitOfMeasure.M3
                    else reading.energy_delivered_kwh)
        if register is not None:
            self.cost.add(reading.timestamp, register, price)
            out["cost"] = self._cost_payload()
        return out

    def _cost_payload(self) -> dict[str, Any]:
        cost = self.cost
        currency = self.currency
        standing = Decimal(0)
        if self.tariff is not None and self.tariff.standing_charge_per_day is not None:
            standing = self.tariff.standing_charge_per_day.amount
            currency = self.tariff.standing_charge_per_day.currency.code
        assert cost.day is not None and cost.since is not None
        midnight = datetime.combine(cost.day, datetime.min.time()).astimezone()
        return {
            "date": cost.day.isoformat(), "since": when(cost.since),
            "day_start": midnight.isoformat(),
            "currency": currency,
            "cost_today": number((cost.energy_cost + standing).quantize(Decimal("0.0001"))),
            "energy_today": number(cost.energy),
            "uncosted_energy_today": number(cost.uncosted),
            "standing_charge": number(standing),
        }

    def _price(self, price: Price) -> dict[str, dict[str, Any] | None]:
        self.currency = price.unit_price.currency.code
        kept = [p for p in self.prices if (p.start, p.tier) != (price.start, price.tier)]
        self.prices = [*kept[-15:], price]
        current = self.price_at(price.timestamp) or price
        return {"price": {
            "timestamp": when(price.timestamp), "unit_price": money(current.unit_price),
            "currency": self.currency, "unit": price_unit(current), "tier": current.tier,
            "rate_label": current.rate_label, "start": when(current.start),
            "end": when(current.end),
            "export_price": money(current.generation_price),
        }}

    def _drop_ended(self, now: datetime) -> None:
        for message_id, message in list(self.messages.items()):
            if message.duration is not None and message.start + message.duration <= now:
                del self.messages[message_id]

    def _messages(self) -> dict[str, Any]:
        ordered = sorted(self.messages.values(), key=lambda m: (m.start, m.message_id))
        latest = ordered[-1] if ordered else None
        return {
            "count": len(ordered),
            "latest": latest.text[:STATE_MAX] if latest else "",
            "messages": [{"id": m.message_id, "text": m.text, "start": when(m.start),
                          "end": when(m.start + m.duration) if m.duration else None,
                          "importance": m.importance.name.lower(),
                          "confirmation_required": m.confirmation_required}
                         for m in ordered],
        }


def emergency_credit_option(state: EmergencyCreditState) -> str:
    """snake_case, as Home Assistant's enum options are; and never 'unavailable', which
    Home Assistant shows as the entity itself being unavailable."""
    if state == EmergencyCreditState.UNAVAILABLE:
        return "not_available"
    return state.value.replace(" ", "_")


def top_up_payload(result: TopUpResult) -> dict[str, Any]:
    return {"timestamp": when(result.timestamp), "result": result.result.name.lower(),
            "accepted": result.accepted, "message": result.result.explanation,
            "code": result.code_masked, "value": money(result.value),
            "credit": money(result.credit_remaining)}


_ELECTRICITY_STALE = timedelta(minutes=15)
_OTHER_STALE = timedelta(hours=2)


def fuel_stale_after(fuel: Fuel) -> timedelta:
    """How old a meter's last reading may be before it needs a look: electricity
    reports every few seconds, a gas meter every half hour."""
    return _ELECTRICITY_STALE if fuel == Fuel.ELECTRICITY else _OTHER_STALE
