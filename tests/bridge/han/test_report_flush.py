"""Every report reaches the display at once, whatever else arrived in the same loop turn.

The simulated ESME sends its Metering and its Prepayment reports from one tick, so both
frames land in the HAN client in the same asyncio loop turn. The home runs at real speed
here, so the HAN client's own poll (every 60 s) cannot be what brings the credit in.
"""

import asyncio
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from bridge.model import MeterReading, PrepaymentState
from bridge.sources.sim import SimSource

EVENING = datetime(2026, 1, 14, 18, 0, tzinfo=UTC)


@pytest.fixture
async def real_speed_home():
    source = SimSource(seed=3, speed=1, start=EVENING, solar=False)
    stream = source.subscribe()
    await source.start()
    yield source, stream
    await source.stop()


async def test_prepayment_report_in_the_same_turn_as_a_metering_report_is_published(
        real_speed_home):
    source, stream = real_speed_home
    sim = source.homes[0]
    await sim.stop()  # tick by hand: both reports from one tick
    await asyncio.sleep(0.2)
    while True:
        try:
            stream.get_nowait()
        except asyncio.QueueEmpty:
            break
    sim.account.credit_pence = 777  # a change the Prepayment report must carry
    sim.tick(sim.clock.now() + timedelta(seconds=20))  # metering is due too

    seen: list[object] = []
    async with asyncio.timeout(3):
        while not any(isinstance(u, PrepaymentState) for u in seen):
            seen.append(await stream.get())
    state = next(u for u in seen if isinstance(u, PrepaymentState))
    assert state.credit_remaining.amount == Decimal("7.77")
    # The Metering report of that tick was published as well, and first.
    assert isinstance(seen[0], MeterReading)
