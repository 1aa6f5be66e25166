"""The figures a tenant plans by, from a real history file with a known week of use:
days of credit left, today's cost when energy came from the meter's log, comparisons."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from bridge.model import (
    GBP,
    CreditStatus,
    DebtRecovery,
    DebtRecoveryFrequency,
    Fuel,
    MeterIdentity,
    MeterReading,
    Money,
    PrepaymentState,
    Price,
    Tariff,
    UnitOfMeasure,
)
from ihd.controller import Controller
from ihd.history.store import HistoryStore
from ihd.ui.balance_page import BalancePage
from ihd.ui.state import DisplayState
from tests.ihd.ui.conftest import settle

ELEC = MeterIdentity("00:11:22:33:44:55:66:77", 1, Fuel.ELECTRICITY)
# A Monday 00:00 in London (GMT in January).
MONDAY = datetime(2026, 1, 12, tzinfo=UTC)


def price(start: datetime, pence: str, *, received: datetime | None = None,
          duration: timedelta | None = None, label: str = "Standard") -> Price:
    return Price(ELEC, received or start, "test", Money.of(Decimal(pence) / 100), UnitOfMeasure.KWH,
                 1, label, start, duration)


def tariff(at: datetime, standing: str = "0.60") -> Tariff:
    return Tariff(ELEC, at, "test", "Single rate", 1, at - timedelta(days=60), UnitOfMeasure.KWH,
                  Money.of(standing))


def prepay(at: datetime, credit: str, *, status: CreditStatus = CreditStatus.CREDIT_OK,
           emergency: str = "5.00", debts: tuple[DebtRecovery, ...] = ()) -> PrepaymentState:
    return PrepaymentState(ELEC, at, "test", Money.of(credit), Money.of(emergency),
                           Money.of("0"), status, debts=debts)


def a_week_of_use(store: HistoryStore, weekday_kwh: str, weekend_kwh: str) -> None:
    """The week before MONDAY, from the meter's log, evenly over each day."""
    rows = []
    for half in range(7 * 48):
        start = MONDAY - timedelta(days=7) + timedelta(minutes=30 * half)
        daily = Decimal(weekend_kwh if start.weekday() >= 5 else weekday_kwh)
        rows.append((start, daily / 48))
    store.import_profile(ELEC, rows)


@pytest.fixture
def home(tmp_path: Path):
    store = HistoryStore(tmp_path / "history.sqlite3")
    state = DisplayState(daily_budget=Money.of("3.00", GBP))
    controller = Controller(state, store)
    yield state, store, controller
    store.close()


async def show(state: DisplayState, controller: Controller, store: HistoryStore,
               now: datetime, updates: list) -> None:
    updates = [*updates, MeterReading(ELEC, now, "test", demand_kw=Decimal("0.3"))]
    store.ingest(updates)
    for update in updates:
        state.apply(update)
    state.data_time = now  # the data's clock, as the controller's pump moves it on
    await controller.refresh_history()
    await settle(0.1)


async def test_days_left_come_from_the_homes_own_week_not_the_standing_charge(home, qtbot):
    state, store, controller = home
    a_week_of_use(store, weekday_kwh="8", weekend_kwh="14")
    debt = (DebtRecovery("Arrears", Money.of("150"), Money.of("7.00"),
                         DebtRecoveryFrequency.PER_WEEK),)
    # Priced at 25p all week (a price known from before the log was read).
    await show(state, controller, store, MONDAY, [
        price(MONDAY - timedelta(days=30), "25"), tariff(MONDAY - timedelta(days=30)),
        prepay(MONDAY, "18.35", debts=debt)])
    page = BalancePage(state)
    qtbot.addWidget(page)
    # Weekdays £3.60 (8 kWh, 60p standing, £1 debt), weekend £5.10: five days and a bit.
    assert page.days_left.text() == "About 5 days left"
    assert "each day of the week over the last 7 days" in page.basis.text()
    assert "£4.03 a day" in page.basis.text()  # (5 × 3.60 + 2 × 5.10) / 7
    assert "£7.00 a week" in page.debt_rate.text()


async def test_in_emergency_credit_it_says_what_is_left_of_it(home, qtbot):
    state, store, controller = home
    a_week_of_use(store, weekday_kwh="8", weekend_kwh="8")
    status = (CreditStatus.EMERGENCY_CREDIT_ENABLED | CreditStatus.EMERGENCY_CREDIT_IN_USE
              | CreditStatus.LOW_CREDIT)
    await show(state, controller, store, MONDAY, [
        price(MONDAY - timedelta(days=30), "25"), tariff(MONDAY - timedelta(days=30), "0"),
        prepay(MONDAY, "0", status=status, emergency="4.00")])
    page = BalancePage(state)
    qtbot.addWidget(page)
    # £2 a day: £4.00 of emergency credit is two days, not "About 0 days".
    assert page.days_left.text() == "Emergency credit: £4.00 left, about 2 days at your usual use"


EVENING = datetime(2026, 1, 14, 18, tzinfo=UTC)


async def test_todays_cost_counts_energy_from_the_log_before_a_price_arrived(home, qtbot):
    """18 kWh came from the meter's log (00:00-18:00) before the display heard a price;
    the tariff in force (25p) prices it, and the figures say they are estimated."""
    from ihd.ui.now_page import NowPage

    state, store, controller = home
    midnight = EVENING.replace(hour=0)
    store.import_profile(ELEC, [(midnight + timedelta(minutes=30 * n), Decimal("0.5"))
                                for n in range(36)])
    await show(state, controller, store, EVENING, [price(EVENING, "25"), tariff(EVENING)])
    page = NowPage(state)
    qtbot.addWidget(page)
    # 18 kWh × 25p = £4.50, plus 60p standing charge.
    assert page.today_cost.text() == "£5.10 (estimated)"
    assert "18.0 kWh from the meter's log priced at the tariff in force" in page.today_note.text()
    assert page.budget_text.text() == "£5.10: over today's budget of £3.00 (estimated)"


async def test_history_in_money_shows_log_days_priced_not_as_no_data(home):
    state, store, controller = home
    a_week_of_use(store, weekday_kwh="8", weekend_kwh="14")
    await show(state, controller, store, MONDAY, [price(MONDAY, "25")])
    days = store.series(ELEC, MONDAY - timedelta(days=7), MONDAY, "day")
    # Each day's kWh (to the Wh the log gives) at 25p, priced not "no data".
    assert [round(p.cost, 2) for p in days] == [Decimal("2.00")] * 5 + [Decimal("3.50")] * 2
    assert all(p.estimated for p in days)
