"""A home on a block tariff sees the right money: each half hour costs what its energy
did in the day's blocks (the first 8 kWh at 20.00p, the rest at 30.00p in the demo's
block tariff), also the half hours from the meter's own log; the Tariff page says where
each block starts. The simulated home through zigpy and a real SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from bridge.model import GBP, Money
from bridge.sources.sim import SimSource
from ihd.controller import Controller
from ihd.history.store import HistoryStore
from ihd.ui.main_window import MainWindow
from ihd.ui.state import DisplayState
from tests.ihd.ui.conftest import wait_until

EVENING = datetime(2026, 1, 14, 21, 30, tzinfo=UTC)
BLOCK1, BLOCK2, THRESHOLD = Decimal("0.20"), Decimal("0.30"), Decimal(8)


def _block_cost(energies: list[Decimal]) -> Decimal:
    used = cost = Decimal(0)
    for kwh in energies:
        in_block1 = max(Decimal(0), min(kwh, THRESHOLD - used))
        cost += in_block1 * BLOCK1 + (kwh - in_block1) * BLOCK2
        used += kwh
    return cost


async def test_yesterdays_half_hours_cost_what_the_blocks_say(qtbot, tmp_path: Path):
    state = DisplayState(speed=60, daily_budget=Money.of("5.00", GBP))
    store = HistoryStore(tmp_path / "history.sqlite3")
    controller = Controller(state, store, flush_s=0.2)
    window = MainWindow(state, send_top_up=controller.top_up,
                        confirm=controller.confirm_message, load_series=controller.load_series,
                        choose_demo=lambda: None, set_budget=lambda m: None, now=controller.now)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    await controller.attach(SimSource(seed=1, speed=60, start=EVENING, solar=False,
                                      tariff="block"))
    try:
        await wait_until(lambda: state.electricity is not None
                         and state.electricity.blocks is not None)
        meter = state.electricity.meter  # type: ignore[union-attr]
        yesterday = datetime(2026, 1, 13, tzinfo=UTC)  # GMT: the block period is the UTC day

        def costed() -> bool:
            points = store.series(meter, yesterday, yesterday + timedelta(days=1), "half_hour")
            return len(points) == 48 and all(p.cost is not None for p in points)

        await wait_until(costed, seconds=30)
        points = store.series(meter, yesterday, yesterday + timedelta(days=1), "half_hour")
        energies = [Decimal(str(p.energy_kwh)) for p in points]
        assert sum(energies) > THRESHOLD + 1  # the day went well into block 2
        expected = _block_cost(energies)

        def cost() -> Decimal:
            points = store.series(meter, yesterday, yesterday + timedelta(days=1), "half_hour")
            return sum((p.cost for p in points if p.cost is not None), Decimal(0))

        try:
            await wait_until(lambda: abs(cost() - expected) < Decimal("0.01"), seconds=20)
        except AssertionError:
            raise AssertionError(f"yesterday cost {cost()}, the blocks say {expected}") from None
        # At the block 1 price for every kWh it would have been far less.
        assert expected - sum(energies) * BLOCK1 > Decimal("0.10")
        window.show_page("tariff")
        page = window.pages["tariff"]
        page.refresh()  # type: ignore[attr-defined]
        rates = [page.bands.item(i).text()  # type: ignore[attr-defined]
                 for i in range(page.bands.count())]  # type: ignore[attr-defined]
        assert "Block 1, first 8 kWh a day: 20.00p per kWh" in rates
        assert "Block 2, above 8 kWh a day: 30.00p per kWh" in rates
    finally:
        await controller.stop()
        store.close()
