"""Simulated homes report on their own schedules, as real comms hubs do: an estate's
reports are spread over the update period, not sent in one instant."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from bridge.sim.clock import SimClock
from bridge.sim.home import SimHome, report_phase
from bridge.sim.radio import VirtualAir


def test_a_homes_phase_is_its_own_and_does_not_change() -> None:
    clock = SimClock(start=datetime(2026, 1, 14, 18, tzinfo=UTC))
    air = VirtualAir()
    homes = [SimHome(air, clock, seed=1 + i, index=i) for i in range(3)]
    assert [h.phase for h in homes] == [report_phase(i) for i in range(3)]
    assert homes[0].phase == 0  # the first home reports as it always did
    assert report_phase(7) == report_phase(7)


def test_phases_spread_an_estates_reports_over_the_period() -> None:
    for homes in (2, 10, 128, 1024):
        phases = [report_phase(i) for i in range(homes)]
        assert all(0 <= p < 1 for p in phases)
        assert len(set(phases)) == homes  # no two homes report in the same instant
        # In every tenth of the period, close to a tenth of the homes (none piles up).
        tenths = Counter(int(p * 10) for p in phases)
        assert max(tenths.values()) <= homes / 10 + 2, (homes, tenths)
