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


WEDNESDAY_EVENING = datetime(2026, 1, 14, 18, 10, tzinfo=UTC)


def even_days(store: HistoryStore, first: datetime, days: int, kwh: str,
              skip: tuple[int, ...] = (), until: datetime | None = None) -> None:
    """`kwh` a day spread over each day's half hours (days in `skip` left out)."""
    rows = []
    for n in range(days * 48):
        start = first + timedelta(minutes=30 * n)
        if n // 48 in skip or (until is not None and start >= until):
            continue
        rows.append((start, Decimal(kwh) / 48))
    store.import_profile(ELEC, rows)


async def test_today_is_compared_with_yesterday_by_the_same_time_not_all_of_it(home, qtbot):
    from ihd.ui.now_page import NowPage

    state, store, controller = home
    midnight = WEDNESDAY_EVENING.replace(hour=0, minute=0)
    even_days(store, midnight - timedelta(days=1), 1, "9.6")  # 0.2 kWh a half hour
    # Today 0.3 kWh a half hour up to 18:00.
    even_days(store, midnight, 1, "14.4", until=WEDNESDAY_EVENING.replace(minute=0))
    await show(state, controller, store, WEDNESDAY_EVENING, [price(midnight, "25")])
    page = NowPage(state)
    qtbot.addWidget(page)
    # Yesterday by 18:10 is 36 half hours and a third of one: 7.27 kWh, not all 9.6.
    assert page.today_compare.text() == "Yesterday by this time: 7.3 kWh · 49% more today"


async def days_on_history(qtbot, state: DisplayState, store: HistoryStore):
    """The History page at 1024×500 showing days, fed from the store."""
    from ihd.ui.history_page import HistoryPage

    async def load(meter, start, end, bucket):
        return store.series(meter, start, end, bucket)

    page = HistoryPage(state, load)
    qtbot.addWidget(page)
    page.resize(1024, 500)
    page.show()
    page.set_bucket("day")
    await settle(0.3)
    return page


async def test_history_compares_complete_days_with_data_in_both_and_says_so(home, qtbot):
    state, store, controller = home
    midnight = WEDNESDAY_EVENING.replace(hour=0, minute=0)
    # The week before the last 7 days: 9.6 kWh a day, one day (its Monday) missing.
    even_days(store, midnight - timedelta(days=13), 7, "9.6", skip=(4,))
    # The last 7 days: 12 kWh a day, and today so far (to 18:00) 0.25 kWh a half hour.
    even_days(store, midnight - timedelta(days=6), 6, "12")
    even_days(store, midnight, 1, "12", until=WEDNESDAY_EVENING.replace(minute=0))
    await show(state, controller, store, WEDNESDAY_EVENING, [price(midnight, "25")])

    page = await days_on_history(qtbot, state, store)
    assert len(page.current) == 7 and len(page.previous) == 7
    lines = page.summary.text().splitlines()
    assert lines[0] == "Last 7 days: 81.00 kWh"  # 6 × 12 + 9 so far today
    # Not today (not over yet), not the Monday with no data the week before: 5 days.
    assert lines[1] == ("Like for like, the 5 days complete with data in both: 60.00 kWh "
                        "against 48.00 kWh the same days last week (+25%)")
    # The bars' labels are the home's weekdays, one per bar at this width.
    assert [t for _, t in page.axis._tickLevels[0]] == [
        "Thu 8", "Fri 9", "Sat 10", "Sun 11", "Mon 12", "Tue 13", "Wed 14"]


async def test_one_day_to_compare_is_said_as_one_day(home, qtbot):
    state, store, controller = home
    midnight = WEDNESDAY_EVENING.replace(hour=0, minute=0)
    # Only yesterday and the same day the week before have data: one day to compare.
    even_days(store, midnight - timedelta(days=8), 1, "9.6")
    even_days(store, midnight - timedelta(days=1), 1, "12")
    await show(state, controller, store, WEDNESDAY_EVENING, [price(midnight, "25")])

    page = await days_on_history(qtbot, state, store)
    assert page.summary.text().splitlines()[1] == (
        "Like for like, the 1 day complete with data in both: 12.00 kWh "
        "against 9.60 kWh the same days last week (+25%)")


async def test_the_tariff_list_follows_a_price_change_and_drops_ended_bands(home, qtbot):
    from bridge.model import TierPrice
    from ihd.ui.tariff_page import TariffPage

    state, store, controller = home
    midnight = WEDNESDAY_EVENING.replace(hour=0, minute=0)
    old = Tariff(ELEC, midnight - timedelta(days=3), "test", "Flex", 1,
                 midnight - timedelta(days=30), UnitOfMeasure.KWH, Money.of("0.60"),
                 tier_prices=(TierPrice(1, "Standard", Money.of("0.135")),
                              TierPrice(2, "Off-peak", Money.of("0.09"))))
    night = Price(ELEC, midnight, "test", Money.of("0.09"), UnitOfMeasure.KWH, 2, "Off-peak",
                  midnight, timedelta(hours=7))
    # The supplier changes the standard rate this evening: 13.5p becomes 16.2p.
    change = price(WEDNESDAY_EVENING - timedelta(minutes=5), "16.2")
    await show(state, controller, store, WEDNESDAY_EVENING, [old, night, change])
    page = TariffPage(state)
    qtbot.addWidget(page)
    assert page.now_price.text() == "16.20p per kWh"
    rates = [page.bands.item(i).text() for i in range(page.bands.count())]
    assert rates == ["Electricity · Standard: 16.20p per kWh",
                     "Electricity · Off-peak: 9.00p per kWh"]
    today = [page.today.item(i).text() for i in range(page.today.count())]
    assert not any("00:00–07:00" in line for line in today)  # the night band has ended


async def test_a_refused_code_is_logged_as_refused_and_times_are_the_homes(home, qtbot):
    """A summer evening: 18:05 UTC is 19:05 in London, shown as 19:05 on every page."""
    from bridge.model import MessageImportance, SupplierMessage, TopUpResult, TopUpResultCode
    from ihd.ui.balance_page import BalancePage
    from ihd.ui.messages_page import MessagesPage
    from ihd.ui.topup_page import TopUpPage

    state, store, controller = home
    summer = datetime(2026, 7, 14, 18, 5, tzinfo=UTC)
    updates = [
        prepay(summer, "12.50"),
        TopUpResult(ELEC, summer - timedelta(hours=1), "test", TopUpResultCode.ACCEPTED,
                    "••••••••••••••••1234", Money.of("10.00")),
        TopUpResult(ELEC, summer, "test", TopUpResultCode.REJECTED_DUPLICATE,
                    "••••••••••••••••1234", Money.of("0.00")),
        SupplierMessage(ELEC, summer, "test", 7, "Engineer visit", summer, None,
                        MessageImportance.HIGH)]
    await show(state, controller, store, summer, updates)
    topup = TopUpPage(state, send=None)  # type: ignore[arg-type]
    balance = BalancePage(state)
    messages = MessagesPage(state, confirm=None)  # type: ignore[arg-type]
    for page in (topup, balance, messages):
        qtbot.addWidget(page)
    await settle(0.1)
    log = [topup.log.item(i).text() for i in range(topup.log.count())]
    assert log == ["14 Jul 19:05  ••••1234 — refused: already used",
                   "14 Jul 18:05  ••••1234 £10.00 — accepted"]
    assert topup.credit_now.text() == "Credit now: £12.50"
    assert balance.last_top_up.text() == "Last top-up: £10.00 on 14 Jul 18:05"
    card, _ = next(iter(messages.cards.values()))
    assert card.heading.text() == "Important · 14 Jul 19:05"


async def test_one_zone_from_the_settings_on_every_page_whatever_the_computers(
        qtbot, monkeypatch, tmp_path):
    """The computer runs on Tokyo time; the home is in New York: every time shown (a
    message, a top-up, the clock on Now, the tariff's next change) is New York's."""
    import time as systime

    from bridge.model import MessageImportance, SupplierMessage, TopUpResult, TopUpResultCode
    from ihd import config
    from ihd.ui.messages_page import MessagesPage
    from ihd.ui.now_page import NowPage
    from ihd.ui.tariff_page import TariffPage
    from ihd.ui.topup_page import TopUpPage

    monkeypatch.setenv("TZ", "Asia/Tokyo")
    systime.tzset()
    try:
        assert config.Settings(timezone="Mars/Olympus").home_zone == "Europe/London"
        zone = config.Settings(timezone="America/New_York").home_zone
        store = HistoryStore(tmp_path / "h.sqlite3", timezone=zone)
        state = DisplayState(zone=zone)
        controller = Controller(state, store)
        at = datetime(2026, 1, 14, 18, 5, tzinfo=UTC)  # 13:05 in New York
        await show(state, controller, store, at, [
            price(at - timedelta(minutes=5), "25", duration=timedelta(hours=1)),
            TopUpResult(ELEC, at, "t", TopUpResultCode.ACCEPTED, "••••1234",
                        Money.of("5.00")),
            SupplierMessage(ELEC, at, "t", 3, "Hello", at, None, MessageImportance.LOW)])
        pages = (NowPage(state), MessagesPage(state, confirm=None),  # type: ignore[arg-type]
                 TopUpPage(state, send=None), TariffPage(state))  # type: ignore[arg-type]
        for page in pages:
            qtbot.addWidget(page)
        now, messages, topup, tariff = pages
        await settle(0.1)
        assert now.clock.text() == "13:05"
        assert next(iter(messages.cards.values()))[0].heading.text() == "14 Jan 13:05"
        assert topup.log.item(0).text().startswith("14 Jan 13:05")
        assert tariff.next_change.text().startswith("Until 14:00")
        store.close()
    finally:
        monkeypatch.delenv("TZ")
        systime.tzset()
