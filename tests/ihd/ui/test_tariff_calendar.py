"""The meter's time-of-use calendar on screen and in the money: today's and tomorrow's
bands on the Tariff page (never one that has ended, the next change named), and every
half hour of the meter's own log priced by the band in force then, also those before the
display heard its first PublishPrice. The real window, the simulated home through zigpy
and a real SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from bridge.model import Fuel
from bridge.sources.sim import SimSource
from ihd.history.store import HistoryStore
from tests.ihd.ui.conftest import live_window, wait_until

EVENING = datetime(2026, 1, 14, 18, 5, tzinfo=UTC)  # the Peak band, 16:00-19:00
PRICES = {"Off-peak": Decimal("0.135"), "Standard": Decimal("0.245"), "Peak": Decimal("0.382")}


@pytest.fixture
async def display(qtbot, tmp_path: Path):
    store = HistoryStore(tmp_path / "history.sqlite3")
    source = SimSource(seed=1, speed=60, start=EVENING, solar=False)
    window, state, controller = await live_window(qtbot, source, store=store)
    await wait_until(lambda: state.electricity is not None
                     and state.electricity.calendar is not None)
    yield window, state, controller, store
    await controller.stop()
    store.close()


def _items(widget) -> list[str]:
    return [widget.item(i).text() for i in range(widget.count())]


async def test_the_tariff_page_shows_today_and_tomorrow_from_the_calendar(display):
    window, _state, _controller, _ = display
    window.show_page("tariff")
    page = window.pages["tariff"]
    await wait_until(lambda: page.now_band.text() == "Peak")  # type: ignore[attr-defined]
    page.refresh()  # type: ignore[attr-defined]
    items = _items(page.today)  # type: ignore[attr-defined]
    assert items[:3] == ["Today", "  16:00–19:00  Peak: 38.20p per kWh",
                         "  19:00–00:00  Standard: 24.50p per kWh"]
    assert items[3] == "Tomorrow"
    assert items[4:] == ["  00:00–07:00  Off-peak: 13.50p per kWh",
                         "  07:00–16:00  Standard: 24.50p per kWh",
                         "  16:00–19:00  Peak: 38.20p per kWh",
                         "  19:00–00:00  Standard: 24.50p per kWh"]
    # The next change is named, with its price.
    assert page.next_change.text() == "From 19:00: Standard, 24.50p per kWh"  # type: ignore[attr-defined]


async def test_half_hours_before_the_first_published_price_are_priced_by_the_calendar(
        display):
    _window, state, controller, store = display
    meter = state.electricity.meter  # type: ignore[union-attr]
    yesterday = datetime(2026, 1, 13, tzinfo=UTC)  # GMT: local days are UTC days

    def priced() -> bool:
        total = store.period_total(meter, "day", offset=-1, at=controller.now())
        return total.covered_half_hours >= 48 and total.uncosted_kwh == 0

    await wait_until(priced, seconds=30)
    total = store.period_total(meter, "day", offset=-1, at=controller.now())
    assert total.start == yesterday and total.cost is not None
    points = store.series(meter, yesterday, yesterday + timedelta(days=1), "half_hour")
    assert len(points) == 48
    for point in points:  # each half hour at the price of its band
        band = ("Off-peak" if point.start.hour < 7 else
                "Peak" if 16 <= point.start.hour < 19 else "Standard")
        assert point.energy_kwh is not None and point.cost is not None
        expected = Decimal(str(point.energy_kwh)) * PRICES[band]
        assert abs(point.cost - expected) < Decimal("0.0001"), point
    assert all(m.fuel != Fuel.ELECTRICITY or v.calendar is not None
               for m, v in state.meters.items())
