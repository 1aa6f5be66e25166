"""The trial-site demo loop: each scenario changes the simulated meter and the display
sees the change arrive over the virtual Zigbee network."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from decimal import Decimal

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bridge.model import GBP, EmergencyCreditState, Money, TopUpResultCode
from bridge.sources.sim import SimSource
from ihd.controller import Controller
from ihd.credit_alert import AlertLevel, alert_level
from ihd.kiosk.demo_loop import SCENARIOS, DemoLoop, Scenario
from ihd.ui.state import DisplayState
from tests.ihd.ui.conftest import wait_until

NOON = datetime(2026, 6, 10, 11, 0, tzinfo=UTC)


@pytest.fixture
async def demo(qapp):
    state = DisplayState(speed=60, daily_budget=Money.of("3.00", GBP))
    controller = Controller(state, None)
    source = SimSource(seed=3, speed=60, start=NOON, solar=False)
    await controller.attach(source)
    await wait_until(lambda: state.prepayment is not None and state.electricity is not None)
    shown: list[Scenario] = []
    loop = DemoLoop(source, every_s=0.05, show=shown.append)
    yield loop, state, shown
    await controller.stop()


def scenario(name: str) -> Scenario:
    return next(s for s in SCENARIOS if s.name == name)


async def test_each_scenario_reaches_the_display_over_the_han(demo):
    loop, state, _ = demo
    await scenario("Low credit").act(loop)
    await wait_until(lambda: alert_level(state.prepayment) == AlertLevel.LOW)
    assert state.prepayment.credit_remaining == Money.of("3.40", GBP)

    await scenario("Emergency credit").act(loop)
    await wait_until(lambda: state.prepayment.emergency_credit_state
                     == EmergencyCreditState.IN_USE)

    await scenario("A top-up").act(loop)
    await wait_until(lambda: state.last_top_up is not None)
    assert state.last_top_up.result == TopUpResultCode.ACCEPTED
    await wait_until(lambda: alert_level(state.prepayment) == AlertLevel.NONE)

    price_before = state.electricity.price.unit_price.amount
    await scenario("A price change").act(loop)
    await wait_until(lambda: state.electricity.price.unit_price.amount > price_before)
    # +20 %, to the meter's resolution (1/1000 p per kWh).
    assert abs(state.electricity.price.unit_price.amount - price_before * 120 / 100) \
        <= Decimal("0.00001")

    messages_before = len(state.messages)
    await scenario("A message from the supplier").act(loop)
    await wait_until(lambda: len(state.messages) == messages_before + 1)

    await scenario("Back to normal").act(loop)
    await wait_until(lambda: state.prepayment.credit_remaining == Money.of("18.40", GBP))


async def test_a_round_plays_every_scenario_in_order_and_shows_its_page(demo):
    loop, _, shown = demo
    await loop.run(rounds=2)
    assert [s.name for s in shown] == [s.name for s in SCENARIOS] * 2
    assert [s.page for s in shown[:7]] == ["balance", "balance", "balance", "topup",
                                           "tariff", "messages", "now"]
    # The second round's top-up used a fresh code: the meter accepted both.
    accepted = [entry for entry in loop.home.account.top_up_log]
    assert len(accepted) == 2


async def test_friendly_credit_keeps_the_supply_on_in_the_evening_and_a_top_up_ends_it(qapp):
    state = DisplayState(speed=60, daily_budget=Money.of("3.00", GBP))
    controller = Controller(state, None)
    # Wednesday 10 June 2026, 19:00 BST: weekday evening friendly hours.
    source = SimSource(seed=3, speed=60, start=datetime(2026, 6, 10, 18, tzinfo=UTC),
                       solar=False)
    await controller.attach(source)
    try:
        await wait_until(lambda: state.prepayment is not None)
        loop = DemoLoop(source, every_s=0.05, show=lambda s: None)
        await scenario("Friendly credit").act(loop)
        await wait_until(lambda: state.prepayment.friendly_credit_in_use is True)
        assert loop.home.account.supply_on
        assert state.prepayment.credit_remaining == Money.of("-1.50", GBP)
        await scenario("A top-up").act(loop)
        await wait_until(lambda: state.prepayment.friendly_credit_in_use is False)
        # £20 paid back £10 of emergency credit and £1.50 below zero.
        assert state.prepayment.credit_remaining.amount > 0
        assert alert_level(state.prepayment) == AlertLevel.NONE
    finally:
        await controller.stop()
