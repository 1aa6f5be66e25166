"""Simulated GB home -> virtual radio -> zigpy -> HAN client -> model, as a user sees it."""

import asyncio
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from bridge.model import (
    ConnectionState,
    Fuel,
    MeterReading,
    PrepaymentState,
    Price,
    SourceStatus,
    SupplierMessage,
    Tariff,
    TopUpCode,
    TopUpResultCode,
)
from bridge.sim.household import electricity_kw
from bridge.sim.utrn import make_utrn
from bridge.sources.sim import SimSource

# 18:00 UTC on a January Wednesday is 18:00 GMT: inside the 16:00-19:00 peak band.
EVENING = datetime(2026, 1, 14, 18, 0, tzinfo=UTC)


async def _collect(stream, predicate, wait_s=10.0):
    async with asyncio.timeout(wait_s):
        while True:
            update = await stream.get()
            assert update is not None, "source stopped"
            if predicate(update):
                return update


@pytest.fixture
async def home():
    source = SimSource(seed=1, speed=60, start=EVENING, solar=False)
    stream = source.subscribe()
    await source.start()
    yield source, stream
    await source.stop()


def _meter(source, fuel):
    return next(m for m in source.meters if m.fuel == fuel)


async def test_both_meters_are_found_by_discovery(home):
    source, _ = home
    fuels = {m.fuel: m for m in source.meters}
    assert set(fuels) == {Fuel.ELECTRICITY, Fuel.GAS}
    # The gas mirror is on endpoint 0x7B: found, not assumed.
    assert fuels[Fuel.GAS].endpoint == 0x7B
    assert fuels[Fuel.ELECTRICITY].eui64 == source.homes[0].esme_eui64


async def test_demand_in_kw_and_registers_are_the_meters_values_scaled(home):
    source, stream = home
    sim = source.homes[0]
    elec = _meter(source, Fuel.ELECTRICITY)
    await sim.stop()  # drive the meter by hand so the truth is known at each report
    # 0.3 s is 18 simulated seconds: the 10 s report is due at the tick below even if
    # the home's own last tick was a moment before the stop (a flake seen under load).
    await asyncio.sleep(0.3)
    _drain(stream)
    sim.tick(sim.clock.now())
    reading = await _collect(stream, lambda u: isinstance(u, MeterReading) and u.meter == elec)
    # Demand is sent in W with divisor 1000 and the register in Wh: the user sees kW/kWh.
    assert reading.demand_kw == Decimal(sim.state.demand_w) / 1000
    assert reading.energy_delivered_kwh == Decimal(sim.state.electricity.delivered_wh) / 1000
    expected_w = round(electricity_kw(sim.profile, sim._last_tick) * 1000)
    assert sim.state.demand_w == expected_w


def _drain(stream):
    seen = []
    while True:
        try:
            seen.append(stream.get_nowait())
        except asyncio.QueueEmpty:
            return seen


async def test_price_now_is_the_peak_rate(home):
    source, stream = home
    elec = _meter(source, Fuel.ELECTRICITY)
    price = await _collect(stream, lambda u: isinstance(u, Price) and u.meter == elec)
    assert price.rate_label == "Peak"
    assert price.unit_price.amount == Decimal("0.38200")
    assert price.unit_price.currency.code == "GBP"
    # The ESME appends GBCS's 19 meaningless octets (zeros): no export price, tier 3.
    assert price.generation_price is None
    assert price.tier == 3
    assert price.in_force_at(EVENING)
    assert price.end is not None and price.end.astimezone(UTC).hour == 19


async def test_tariff_lists_bands_and_standing_charge(home):
    _source, stream = home
    tariffs = {u.meter.fuel: u for u in _drain(stream) if isinstance(u, Tariff)}
    elec = tariffs[Fuel.ELECTRICITY]
    assert str(elec.standing_charge_per_day) == "£0.53"
    assert elec.standing_charge_per_day.amount == Decimal("0.53350")
    assert {(p.label, p.unit_price.amount) for p in elec.tier_prices} == {
        ("Standard", Decimal("0.24500")), ("Off-peak", Decimal("0.13500")),
        ("Peak", Decimal("0.38200"))}
    assert tariffs[Fuel.GAS].tier_prices[0].unit_price.amount == Decimal("0.06240")


async def test_gas_reading_has_volume_and_energy_via_calorific_value(home):
    source, stream = home
    gas = _meter(source, Fuel.GAS)
    reading = await _collect(stream, lambda u: isinstance(u, MeterReading) and u.meter == gas)
    litres = source.homes[0].state.gas_litres.delivered_wh
    assert reading.volume_delivered_m3 == Decimal(litres) / 1000
    # kWh = m³ × 1.02264 × 39.5 ÷ 3.6
    expected = reading.volume_delivered_m3 * Decimal("1.02264") * Decimal("39.5") / Decimal(
        "3.6")
    assert abs(reading.energy_delivered_kwh - expected) < Decimal("0.001")


async def test_a_new_calorific_value_from_the_hub_is_used_for_gas_energy(home):
    source, stream = home
    gas = _meter(source, Fuel.GAS)
    sim = source.homes[0]
    await sim.stop()
    sim.publish_calorific_value(400)  # 40.0 MJ/m³, as a PublishCalorificValue
    await asyncio.sleep(0.3)
    _drain(stream)
    sim._send_due_reports(sim.hub, 0x7B, 0x0702, sim.clock.now(), force=True)
    reading = await _collect(stream, lambda u: isinstance(u, MeterReading) and u.meter == gas)
    expected = (reading.volume_delivered_m3 * Decimal("1.02264") * Decimal("40.0")
                / Decimal("3.6"))
    assert abs(reading.energy_delivered_kwh - expected) < Decimal("0.001")


async def test_valid_top_up_adds_credit_once_and_reuse_is_refused(home):
    source, stream = home
    elec = _meter(source, Fuel.ELECTRICITY)
    before = await _collect(stream, lambda u: isinstance(u, PrepaymentState))
    code = TopUpCode.parse(make_utrn(elec.eui64, 10, counter=42))
    result = await source.top_up(elec, code)
    assert result.result == TopUpResultCode.ACCEPTED
    assert result.value is not None and result.value.amount == Decimal("10.00")
    assert result.code_masked.endswith(code.digits[-4:]) and code.digits not in repr(result)
    after = await _collect(stream, lambda u: isinstance(u, PrepaymentState)
                           and u.credit_remaining.amount > before.credit_remaining.amount)
    gained = after.credit_remaining.amount - before.credit_remaining.amount
    assert Decimal("9.90") <= gained <= Decimal("10.00")  # a few pence of use in between
    again = await source.top_up(elec, code)
    assert again.result == TopUpResultCode.REJECTED_DUPLICATE
    assert "already been used" in again.result.explanation


async def test_accepted_top_up_is_followed_by_a_prepay_snapshot(home):
    source, stream = home
    elec = _meter(source, Fuel.ELECTRICITY)
    frames = []
    source.air.taps.append(lambda **f: frames.append(f))
    await source.top_up(elec, TopUpCode.parse(make_utrn(elec.eui64, 20, counter=55)))
    snapshot = [f for f in frames if f["cluster_id"] == 0x0705 and f["payload"][2] == 0x01
                and f["payload"][0] & 0x08]
    assert snapshot, "no PublishPrepaySnapshot crossed the air"
    assert snapshot[0]["payload"][0] & 0x10  # disable default response, as GBCS asks
    credit = Decimal(source.homes[0].account.credit_pence) / 100
    state = await _collect(stream, lambda u: isinstance(u, PrepaymentState)
                           and u.credit_remaining.amount == credit)
    assert state.credit_remaining.amount > Decimal("35")


async def test_invalid_code_is_refused_with_the_proper_result(home):
    source, _ = home
    elec = _meter(source, Fuel.ELECTRICITY)
    result = await source.top_up(elec, TopUpCode.parse("1234 5678 9012 3456 7890"))
    assert result.result == TopUpResultCode.REJECTED_INVALID
    assert not result.accepted


async def test_prepayment_shows_credit_emergency_credit_and_debt(home):
    _source, stream = home
    state = await _collect(stream, lambda u: isinstance(u, PrepaymentState))
    # £18.40 at the start; a Prepayment report from the first ticks (published at once
    # since reports are not held for the poll) may already carry a few pence of use.
    assert Decimal("18.30") <= state.credit_remaining.amount <= Decimal("18.40")
    assert state.accumulated_debt.amount == Decimal("120.00")
    assert state.debts[0].recovery_amount.amount == Decimal("1.50")
    assert state.emergency_credit_limit is not None
    assert state.emergency_credit_limit.amount == Decimal("10.00")


async def test_supplier_message_arrives_and_can_be_confirmed(home):
    source, stream = home
    elec = _meter(source, Fuel.ELECTRICITY)
    sim = source.homes[0]
    sim._message_counter = 2  # the next message is one that asks for confirmation
    message = await _collect(stream, lambda u: isinstance(u, SupplierMessage), wait_s=15)
    assert message.confirmation_required
    assert "maintenance" in message.text
    await source.confirm_message(elec, message.message_id)
    assert sim.state.messages[-1].confirmed_at is not None


async def test_quiet_meter_is_marked_stale_then_fresh_again(home):
    source, stream = home
    elec = _meter(source, Fuel.ELECTRICITY)
    await source.homes[0].stop()  # the meter stops reporting
    stale = await _collect(stream, lambda u: isinstance(u, SourceStatus) and u.meter == elec
                           and u.state == ConnectionState.STALE, wait_s=10)
    assert "No news" in stale.detail
    source.homes[0].start()
    fresh = await _collect(stream, lambda u: isinstance(u, SourceStatus) and u.meter == elec,
                           wait_s=10)
    assert fresh.state == ConnectionState.CONNECTED


async def test_dropped_stick_gives_a_plain_no_answer_for_a_top_up(home):
    source, _ = home
    elec = _meter(source, Fuel.ELECTRICITY)
    source.air.unplugged = True
    source.han.request_timeout_s = 0.5
    result = await source.top_up(elec, TopUpCode.parse(make_utrn(elec.eui64, 5, counter=7)))
    assert result.result == TopUpResultCode.NO_ANSWER
    assert "not used" in result.result.explanation
    source.air.unplugged = False
    ok = await source.top_up(elec, TopUpCode.parse(make_utrn(elec.eui64, 5, counter=7)))
    assert ok.result == TopUpResultCode.ACCEPTED  # the code was not lost


async def test_backfill_gives_half_hour_intervals_matching_the_household(home):
    source, _ = home
    elec = _meter(source, Fuel.ELECTRICITY)
    readings = await source.backfill(elec, EVENING.replace(hour=6))
    assert len(readings) >= 20
    assert all(r.energy_delivered_kwh is not None for r in readings)
    assert readings == sorted(readings, key=lambda r: r.timestamp)
