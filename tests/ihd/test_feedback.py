from decimal import Decimal

from bridge.model import GBP, Money
from ihd.feedback import (
    Level,
    ambient,
    budget_fraction,
    cost_per_hour,
    pence_or_pounds,
)


def test_ambient_uses_fixed_thresholds_until_there_is_history():
    assert ambient(0.2, None).level == Level.LOW
    assert ambient(1.0, None).level == Level.MEDIUM
    assert ambient(3.0, None).level == Level.HIGH


def test_ambient_is_relative_to_the_households_own_typical_use():
    # 1 kW is high for a home that usually uses 0.4 kW now, low for one that uses 2 kW.
    assert ambient(1.0, 0.4).level == Level.HIGH
    assert ambient(1.0, 2.0).level == Level.LOW
    assert ambient(1.0, 1.1).level == Level.MEDIUM
    assert "usually" in ambient(1.0, 1.1).reason


def test_high_use_says_how_far_above_and_is_red_only_when_it_costs_real_money():
    # 0.32 kW where 0.15 kW is usual: more than double, but 8p an hour at 25p/kWh.
    small = ambient(0.32, 0.15, hourly_cost=Money.of("0.08"))
    assert small.level == Level.MEDIUM and small.words == "A little above usual"
    assert small.reason.format(**small.args).startswith("113% more than usual")
    # 2.4 kW where 0.8 kW is usual, 60p an hour: red, and by how much.
    big = ambient(2.4, 0.8, hourly_cost=Money.of("0.60"))
    assert big.level == Level.HIGH
    assert big.reason.format(**big.args) == "200% more than you usually use at this time"
    # No price known: power decides what costs real money.
    assert ambient(0.4, 0.1).level == Level.MEDIUM
    assert ambient(1.2, 0.4).level == Level.HIGH


def test_cost_per_hour_and_export_costs_nothing():
    price = Money(Decimal("0.245"), GBP)
    assert cost_per_hour(Decimal("2"), price) == Money(Decimal("0.490"), GBP)
    assert cost_per_hour(Decimal("-1.5"), price).amount == 0


def test_budget_and_money_words():
    assert budget_fraction(Money.of("1.50"), Money.of("3.00")) == 0.5
    assert budget_fraction(None, Money.of("3")) is None
    assert pence_or_pounds(Money.of("0.384")) == "38p"
    assert pence_or_pounds(Money.of("1.5")) == "£1.50"
