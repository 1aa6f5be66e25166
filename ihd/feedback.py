"""Pure calculations behind the display: ambient feedback, cost rates, credit forecasts.

No Qt and no I/O here, so every rule is a plain function with a test.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal

from bridge.model import Money
from ihd.i18n_mark import N_


class Level(enum.Enum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


@dataclass(frozen=True)
class Ambient:
    level: Level
    words: str
    reason: str  # may hold {percent} and {cost}: fill them from `args` after translating
    args: dict[str, str] = field(default_factory=dict)


# Until there is history: a quiet home idles around 0.2 kW; a kettle or oven is 2-3 kW.
FIXED_LOW_KW = 0.5
FIXED_HIGH_KW = 2.0
# Relative to this household's usual use for this half hour of the week.
RELATIVE_LOW = 0.8
RELATIVE_HIGH = 1.5
# Red is kept for use that costs real money: above usual AND at least this much an hour
# (a kettle's worth), else at least this much power where no price is known. 0.32 kW at
# 25p (8p an hour) twice a quiet evening's use is worth a mention, not an alarm.
HIGH_COST_PER_HOUR = Decimal("0.25")
HIGH_MIN_KW = 1.0


def ambient(demand_kw: float, typical_kw: float | None,
            hourly_cost: Money | None = None) -> Ambient:
    """High/medium/low use now, against the household's own typical use when known; how
    far above it, and red only where the use costs real money."""
    if typical_kw is not None and typical_kw > 0.05:
        ratio = demand_kw / typical_kw
        if ratio < RELATIVE_LOW:
            return Ambient(Level.LOW, N_("Low use"), N_("Less than you usually use at this time"))
        if ratio > RELATIVE_HIGH:
            percent = {"percent": f"{round((ratio - 1) * 100)}"}
            costly = (hourly_cost.amount >= HIGH_COST_PER_HOUR if hourly_cost is not None
                      else demand_kw >= HIGH_MIN_KW)
            if costly:
                return Ambient(Level.HIGH, N_("High use"),
                               N_("{percent}% more than you usually use at this time"),
                               percent)
            return Ambient(Level.MEDIUM, N_("A little above usual"),
                           N_("{percent}% more than usual at this time, but still a small "
                              "amount"), percent)
        return Ambient(Level.MEDIUM, N_("Normal use"),
                       N_("About what you usually use at this time"))
    if demand_kw < FIXED_LOW_KW:
        return Ambient(Level.LOW, N_("Low use"), N_("Only the basics are on"))
    if demand_kw > FIXED_HIGH_KW:
        return Ambient(Level.HIGH, N_("High use"), N_("Something power-hungry is on"))
    return Ambient(Level.MEDIUM, N_("Normal use"), N_("Everyday appliances are on"))


def cost_per_hour(demand_kw: Decimal, unit_price: Money) -> Money:
    """What this power would cost for an hour at this price (export costs nothing)."""
    return unit_price * max(Decimal(0), demand_kw)


def budget_fraction(spent: Money | None, budget: Money | None) -> float | None:
    if spent is None or budget is None or budget.amount <= 0:
        return None
    return float(spent.amount / budget.amount)


def pence_or_pounds(money: Money) -> str:
    """'38p' under a pound, '£1.53' above: how GB displays speak."""
    if money.currency.code == "GBP" and abs(money.amount) < 1:
        pence = (money.amount * 100).quantize(Decimal(1), rounding="ROUND_HALF_UP")
        return f"{pence}p"
    return str(money)
