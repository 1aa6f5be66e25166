"""Friendly credit on screen: a prepayment home sees when its supply stays on with no
credit left (Balance), whether that is now and until when (Balance, Top up, and Now and
the credit alert when credit is low or gone), in the home's time zone. The real window
and the simulated GB prepayment meter through zigpy; and homes whose meter states no
friendly credit, or that pay on credit, see nothing about it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bridge.model import (
    CalendarDay,
    CalendarSeason,
    CalendarSpecialDay,
    CalendarTimeReference,
    CalendarWeek,
    CreditStatus,
    FriendlyCreditCalendar,
    Fuel,
    MeterIdentity,
    Money,
    PrepaymentState,
)
from bridge.sources.sim import SimSource
from ihd.friendly_credit import FriendlyNow, friendly_now, usual_week
from ihd.ui import friendly_words
from ihd.ui.balance_page import BalancePage
from ihd.ui.now_page import NowPage
from ihd.ui.state import DisplayState
from ihd.ui.topup_page import TopUpPage
from tests.ihd.ui.conftest import live_window, settle, wait_until

LONDON = ZoneInfo("Europe/London")
# Thursday 21 May 2026, 18:05 BST: inside a weekday evening's friendly hours, the spring
# bank holiday (Monday 25 May) next.
THURSDAY_EVENING = datetime(2026, 5, 21, 17, 5, tzinfo=UTC)
METER = MeterIdentity("00:0d:6f:00:0b:00:00:01", 1, Fuel.ELECTRICITY)


async def _window(qtbot, payment: str = "prepayment"):
    source = SimSource(seed=1, speed=60, start=THURSDAY_EVENING, payment=payment)
    window, state, controller = await live_window(qtbot, source)
    return window, state, controller, source


def _left(until: datetime, now: datetime) -> str:
    return friendly_words.duration(until - now)


async def test_a_prepayment_home_sees_its_friendly_hours_and_that_they_apply_now(qtbot):
    window, state, controller, _source = await _window(qtbot)
    try:
        await wait_until(lambda: state.prepayment is not None
                         and state.view(state.prepayment.meter).friendly_calendar is not None)
        window.show_page("balance")
        balance = window.pages["balance"]
        balance.refresh()  # type: ignore[attr-defined]
        await settle(0.1)
        assert balance.friendly_card.isVisible()  # type: ignore[attr-defined]
        now = state.now()
        ends = datetime(2026, 5, 22, 10, tzinfo=LONDON)  # 10:00 BST is 09:00 UTC
        assert balance.friendly_now.text() == (  # type: ignore[attr-defined]
            f"Friendly credit now: until 10:00 tomorrow ({_left(ends, now)} left).")
        assert balance.friendly_hours.text() == (  # type: ignore[attr-defined]
            "Your supply stays on 16:00–10:00 on weekdays, all weekend and on holidays, "
            "even if your credit runs out. Next holiday: Mon 25 May.")
        top_up = window.pages["topup"]
        top_up.refresh_log()  # type: ignore[attr-defined]
        assert top_up.friendly.text().startswith(  # type: ignore[attr-defined]
            "Friendly credit now: until 10:00 tomorrow")
        # Credit is fine: the Now page keeps to the credit, no friendly-credit line.
        now_page = window.pages["now"]
        now_page.refresh()  # type: ignore[attr-defined]
        assert "riendly" not in now_page.credit_days.text()  # type: ignore[attr-defined]
    finally:
        await controller.stop()


async def test_with_nothing_left_the_supply_on_friendly_credit_is_said_everywhere(qtbot):
    window, state, controller, source = await _window(qtbot)
    try:
        await wait_until(lambda: state.prepayment is not None)
        home = source.homes[0]
        home.set_credit(-150, emergency_used_pence=home.account.emergency_limit_pence)
        await wait_until(lambda: (p := state.prepayment) is not None
                         and p.friendly_credit_in_use is True
                         and state.view(p.meter).friendly_calendar is not None)
        assert home.account.supply_on  # the simulated meter kept it on
        for page in window.pages.values():
            for name in ("refresh", "refresh_log"):
                if hasattr(page, name):
                    getattr(page, name)()
        window.credit_alert.refresh()
        await settle(0.1)
        in_use = "Your supply is on friendly credit until 10:00 tomorrow ("
        assert window.credit_alert.text.text().startswith("⚠ No credit left. " + in_use)
        balance = window.pages["balance"]
        assert balance.days_left.text() == (  # type: ignore[attr-defined]
            "No credit left: your supply is on friendly credit")
        assert balance.friendly_now.text().startswith(in_use)  # type: ignore[attr-defined]
        assert "Top up before then to keep it on." in balance.friendly_now.text()  # type: ignore[attr-defined]
        assert window.pages["now"].credit_days.text() == (  # type: ignore[attr-defined]
            "On friendly credit until 10:00 tomorrow: top up before then")
        assert window.pages["topup"].friendly.text().startswith(in_use)  # type: ignore[attr-defined]
    finally:
        await controller.stop()


async def test_a_credit_home_sees_no_friendly_credit(qtbot):
    window, state, controller, _source = await _window(qtbot, "credit")
    try:
        await wait_until(lambda: state.credit_account is not None
                         and state.electricity is not None
                         and state.electricity.calendar is not None)
        await settle(0.5)
        assert state.friendly_credit() == (None, None)
        top_up = window.pages["topup"]
        top_up.refresh_log()  # type: ignore[attr-defined]
        assert not top_up.friendly.isVisible()  # type: ignore[attr-defined]
        assert top_up.friendly.text() == ""  # type: ignore[attr-defined]
    finally:
        await controller.stop()


# -- a meter that says less, or nothing --------------------------------------------------


def _prepay(at: datetime, **fields) -> PrepaymentState:
    return PrepaymentState(METER, at, "t", Money.of("3.20"), Money.of("10"), Money.of("0"),
                           CreditStatus.LOW_CREDIT | CreditStatus.EMERGENCY_CREDIT_ENABLED,
                           low_credit_warning=Money.of("5"), **fields)


def _state(at: datetime) -> DisplayState:
    state = DisplayState(wall_clock=lambda: at)
    state.data_time = at
    return state


def test_a_meter_that_never_states_friendly_credit_shows_nothing_about_it(qtbot):
    at = THURSDAY_EVENING
    state = _state(at)
    state.apply(_prepay(at))
    balance, top_up, now = BalancePage(state), TopUpPage(state, send=None), NowPage(state)
    for page in (balance, top_up, now):
        qtbot.addWidget(page)
    top_up.refresh_log()
    now.refresh()
    assert state.friendly_credit() == (None, None)
    assert balance.friendly_card.isHidden()
    assert top_up.friendly.isHidden()
    assert "riendly" not in now.credit_days.text()  # low credit, but nothing to say


def test_friendly_credit_from_the_meters_attributes_alone(qtbot):
    # No calendar, but the Prepayment attributes: the period's end is the report's time
    # plus the minutes left, said in the home's zone.
    at = THURSDAY_EVENING
    state = _state(at + timedelta(minutes=5))
    state.apply(_prepay(at, friendly_credit_minutes_left=955,
                        next_friendly_credit=datetime(2026, 5, 22, 15, tzinfo=UTC)))
    now = NowPage(state)
    qtbot.addWidget(now)
    now.refresh()
    # Low credit: the Now page says it, briefly (before emergency credit's state).
    assert now.credit_days.text().endswith("\nFriendly credit until 10:00 tomorrow")
    assert friendly_words.state_now_words(state) == (
        "Friendly credit now: until 10:00 tomorrow (15 h 50 min left).")
    # Outside the period, the next one's start.
    later = _state(at + timedelta(hours=17))  # Friday 11:05 BST
    later.apply(_prepay(at + timedelta(hours=17), friendly_credit_minutes_left=0,
                        next_friendly_credit=datetime(2026, 5, 22, 15, tzinfo=UTC)))
    assert friendly_words.state_now_words(later) == "Next friendly credit: from 16:00."


def _calendar(days: tuple[CalendarDay, ...], week: tuple[int, ...],
              special: tuple[CalendarSpecialDay, ...] = ()) -> FriendlyCreditCalendar:
    return FriendlyCreditCalendar(
        METER, THURSDAY_EVENING, "t", 1, 2, 3, "Friendly", THURSDAY_EVENING,
        CalendarTimeReference.LOCAL, days, (CalendarWeek(1, week),),
        (CalendarSeason(date(2026, 1, 1), 1),), special)


@pytest.mark.parametrize(("days", "week", "words"), [
    # Every night from 20:00 to 08:00.
    ((CalendarDay(1, ((0, 1), (480, 0), (1200, 1))),), (1,) * 7, "20:00–08:00 every day"),
    # Only the weekend, all day.
    ((CalendarDay(1, ((0, 0),)), CalendarDay(2, ((0, 1),))), (1,) * 5 + (2, 2), "all weekend"),
    # Evenings Monday to Thursday, all day Sunday.
    ((CalendarDay(1, ((0, 0), (1080, 1), (1320, 0))), CalendarDay(2, ((0, 0),)),
      CalendarDay(3, ((0, 1),))), (1, 1, 1, 1, 2, 2, 3),
     "18:00–22:00 on Mon–Thu and all day on Sunday"),
    # A calendar with no friendly hours at all.
    ((CalendarDay(1, ((0, 0),)),), (1,) * 7, ""),
])
def test_the_usual_week_in_words(qapp, days, week, words):
    calendar = _calendar(days, week)
    assert friendly_words.week_words(usual_week(calendar, date(2026, 5, 21), LONDON)) == words


def test_a_weekend_period_ends_on_monday_morning(qapp):
    calendar = _calendar((CalendarDay(1, ((0, 1), (600, 0), (960, 1))),
                          CalendarDay(2, ((0, 1),))), (1,) * 5 + (2, 2),
                         (CalendarSpecialDay(date(2026, 5, 25), 2),))
    friday_evening = datetime(2026, 5, 22, 18, tzinfo=LONDON)
    state = friendly_now(None, calendar, friday_evening, LONDON)
    assert state == FriendlyNow(True, datetime(2026, 5, 26, 10, tzinfo=LONDON),
                                datetime(2026, 5, 26, 16, tzinfo=LONDON), False, False)
    assert friendly_words.now_sentence(state, friday_evening) == (
        "Friendly credit now: until Tue 10:00 (3 days 16 h left).")
    # Outside it, in the day: when it next starts.
    tuesday_noon = datetime(2026, 5, 26, 12, tzinfo=LONDON)
    state = friendly_now(None, calendar, tuesday_noon, LONDON)
    assert state is not None and not state.in_period
    assert friendly_words.now_sentence(state, tuesday_noon) == "Next friendly credit: from 16:00."
    # The meter's end warning, with nothing left.
    ending = friendly_now(_prepay(friday_evening, friendly_credit_in_use=True,
                                  friendly_credit_ending=True), calendar,
                          datetime(2026, 5, 26, 9, 55, tzinfo=LONDON), LONDON)
    assert ending is not None and ending.in_use and ending.ending_soon
    assert friendly_words.now_sentence(ending, datetime(2026, 5, 26, 9, 55, tzinfo=LONDON)) == (
        "Your supply is on friendly credit until 10:00 (5 min left). It ends soon: top up "
        "now to keep your supply on.")


def test_credit_status_alone_says_in_use_when_the_alarm_is_not_stated(qapp):
    calendar = _calendar((CalendarDay(1, ((0, 1),)),), (1,) * 7)
    exhausted = replace(_prepay(THURSDAY_EVENING), credit_remaining=Money.of("-0.40"),
                        credit_status=CreditStatus.CREDIT_EXHAUSTED
                        | CreditStatus.EMERGENCY_CREDIT_ENABLED)
    state = friendly_now(exhausted, calendar, THURSDAY_EVENING, LONDON)
    assert state is not None and state.in_use


def test_the_minutes_left_move_with_the_clock_between_reports(qtbot):
    # No new report: the display's once-a-minute wake (`aged`) moves the count on.
    at = THURSDAY_EVENING
    state = _state(at)
    state.apply(_prepay(at, friendly_credit_minutes_left=955))
    balance, top_up = BalancePage(state), TopUpPage(state, send=None)
    qtbot.addWidget(balance)
    qtbot.addWidget(top_up)
    assert "(15 h 55 min left)" in balance.friendly_now.text()
    state.data_time = at + timedelta(minutes=10)
    state.aged.emit()
    assert "(15 h 45 min left)" in balance.friendly_now.text()
    assert "(15 h 45 min left)" in top_up.friendly.text()
