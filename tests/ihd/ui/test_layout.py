"""Every page at every supported screen size, in each theme and in Welsh, as a person
sees it: no label's text cut off, no two widgets on top of one another, no control
outside what can be seen or scrolled to, no text smaller than the Now page's smallest
on a 7-inch kiosk. A home on prepayment with low credit (the alert banner showing, the
tallest case, with the meter's friendly-credit hours), electricity and gas, messages,
top-ups and a day of history."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from PySide6.QtWidgets import QApplication

from bridge.model import (
    GBP,
    CalendarDay,
    CalendarSeason,
    CalendarSpecialDay,
    CalendarTimeReference,
    CalendarWeek,
    CreditStatus,
    DebtRecovery,
    DebtRecoveryFrequency,
    FriendlyCreditCalendar,
    Fuel,
    MessageImportance,
    MeterIdentity,
    MeterReading,
    Money,
    PrepaymentState,
    Price,
    SupplierMessage,
    Tariff,
    TierPrice,
    TopUpResultCode,
    UnitOfMeasure,
)
from ihd import i18n
from ihd.forecast import UsualUse
from ihd.history.store import PeriodTotal, SeriesPoint, SoFar, TopUpRecord
from ihd.ui.display_card import DisplayCard
from ihd.ui.main_window import PAGES, MainWindow
from ihd.ui.state import DisplayState
from tests.ihd.ui.layout_check import problems

SIZES = ((1280, 800), (1024, 600), (800, 480), (1920, 1080))
LOOKS = (("standard", "en"), ("large", "en"), ("high-contrast", "en"), ("standard", "cy"))
WHOLE = ("now", "history", "tariff", "balance", "topup")
NOW = datetime(2026, 1, 14, 18, 5, tzinfo=UTC)
ELEC = MeterIdentity("00:0d:6f:00:0b:00:00:01", 1, Fuel.ELECTRICITY)
GAS = MeterIdentity("00:0d:6f:00:0b:00:00:02", 2, Fuel.GAS)


async def series(meter, start, end, bucket):
    step = {"half_hour": timedelta(minutes=30), "day": timedelta(days=1),
            "week": timedelta(weeks=1), "month": timedelta(days=30)}[bucket]
    out, at, n = [], start, 0
    while at < end and n < 60:
        kwh = 0.2 + (n % 7) * 0.05
        out.append(SeriesPoint(at.astimezone(UTC), kwh if at < NOW else None,
                               Decimal("0.07") if at < NOW else None, 0.0))
        at, n = at + step, n + 1
    return out


def a_home() -> DisplayState:
    state = DisplayState(daily_budget=Money.of("5.00", GBP))
    state.data_time = NOW
    price = Price(ELEC, NOW, "t", Money.of("0.382"), UnitOfMeasure.KWH, 3, "Peak",
                  NOW.replace(hour=16), timedelta(hours=3))
    gas_price = Price(GAS, NOW, "t", Money.of("0.0624"), UnitOfMeasure.KWH, 1, "Standard",
                      NOW.replace(hour=0), None)
    tariff = Tariff(ELEC, NOW, "t", "OpenIHD Demo Flex", 1, NOW - timedelta(days=90),
                    UnitOfMeasure.KWH, Money.of("0.5335"),
                    (TierPrice(1, "Standard", Money.of("0.245")),
                     TierPrice(2, "Off-peak", Money.of("0.135")),
                     TierPrice(3, "Peak", Money.of("0.382"))))
    status = (CreditStatus.LOW_CREDIT | CreditStatus.EMERGENCY_CREDIT_ENABLED
              | CreditStatus.EMERGENCY_CREDIT_AVAILABLE)
    prepay = PrepaymentState(ELEC, NOW, "t", Money.of("3.42"), Money.of("10.00"),
                             Money.of("182.40"), status, Money.of("10.00"), Money.of("5.00"),
                             (DebtRecovery("Arrears", Money.of("182.40"), Money.of("3.50"),
                                           DebtRecoveryFrequency.PER_WEEK),),
                             friendly_credit_in_use=False, friendly_credit_minutes_left=955,
                             next_friendly_credit=NOW + timedelta(hours=21, minutes=55))
    # Friendly credit 16:00-10:00 on weekdays, all weekend and on a bank holiday.
    friendly = FriendlyCreditCalendar(
        ELEC, NOW, "t", 1, 2, 3, "Friendly", NOW, CalendarTimeReference.LOCAL,
        (CalendarDay(1, ((0, 1), (600, 0), (960, 1))), CalendarDay(2, ((0, 1),))),
        (CalendarWeek(1, (1, 1, 1, 1, 1, 2, 2)),), (CalendarSeason(date(2026, 1, 1), 1),),
        (CalendarSpecialDay(date(2026, 4, 3), 2),))
    for update in (
            MeterReading(ELEC, NOW, "t", Decimal("5123.4"), Decimal("0"), Decimal("2.46")),
            MeterReading(GAS, NOW, "t", Decimal("3210.1"), None, None, Decimal("7686.386")),
            price, gas_price, tariff, prepay, friendly,
            SupplierMessage(ELEC, NOW, "t", 1, "Your meter will be read on Friday between "
                            "9am and 1pm. Please make sure we can reach it.", NOW, None,
                            MessageImportance.HIGH, True)):
        state.apply(update)
    today = PeriodTotal(NOW.replace(hour=0), NOW.replace(hour=0) + timedelta(days=1),
                        Decimal("6.5"), Decimal("0"), Money.of("1.80"), Money.of("0.5335"),
                        Money.of("2.33"), 0, 36, Decimal("0"), Decimal("3.4"))
    gas_today = PeriodTotal(today.start, today.end, Decimal("30.4"), Decimal("0"),
                            Money.of("1.90"), Money.of("0.31"), Money.of("2.21"), 0, 36)
    usual = UsualUse({d: Decimal("9") for d in range(7)}, Decimal("9"), 14, True,
                     Money.of("0.25"))
    state.set_history(ELEC, today=today, same_time_yesterday=SoFar(Decimal("8.3"), None,
                                                                   False),
                      typical_kw=1.2, last_half_hour_kwh=0.6, usual=usual,
                      upcoming_prices=[price])
    state.set_history(GAS, today=gas_today, same_time_yesterday=None, typical_kw=None,
                      last_half_hour_kwh=3.57, usual=None, upcoming_prices=[gas_price])
    state.set_top_up_log([
        TopUpRecord(NOW - timedelta(days=1), TopUpResultCode.REJECTED_DUPLICATE,
                    "••••••••••••••••1234", Money.of("0")),
        TopUpRecord(NOW - timedelta(days=2), TopUpResultCode.ACCEPTED,
                    "••••••••••••••••1234", Money.of("20.00"))])
    state._emit()
    return state


async def _nothing(*_args):
    return None


def build(qtbot, theme: str, size: tuple[int, int]) -> MainWindow:
    window = MainWindow(a_home(), send_top_up=_nothing, confirm=_nothing,
                        load_series=series, choose_demo=lambda: None,
                        set_budget=lambda m: None, theme_name=theme,
                        now=lambda: NOW)
    window.set_look_card(DisplayCard(theme=theme, language="en", set_theme=lambda n: None,
                                     set_language=lambda c: None))
    if qtbot is not None:
        qtbot.addWidget(window)
    window.fit_to(*size)
    window.show()
    window.state._emit()
    return window


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def smallest_now_text(qtbot) -> int:
    """The Now page's smallest text on a 7-inch kiosk (800x480, standard): the floor."""
    window = build(qtbot, "standard", (800, 480))
    settle()
    page = window.pages["now"]
    from PySide6.QtWidgets import QLabel

    sizes = [w.font().pixelSize() for w in page.findChildren(QLabel)
             if w.isVisible() and w.text() and w.font().pixelSize() > 0]
    window.close()
    window.deleteLater()
    return min(sizes)


@pytest.fixture(scope="module")
def floor_px(qapp) -> int:
    return smallest_now_text(None)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("look", LOOKS, ids=lambda look: "-".join(look))
async def test_every_page_is_whole_at_every_size(qtbot, size, look, floor_px):
    theme, language = look
    assert i18n.install(language)
    try:
        window = build(qtbot, theme, size)
        found = []
        for name in [*PAGES, "look"]:
            window.show_page(name)
            settle()
            holder = window.stack.currentWidget()
            content = holder.widget()  # type: ignore[attr-defined]
            if content.width() > holder.viewport().width() + 1:  # type: ignore[attr-defined]
                found.append(f"{name}: wider than the screen, cannot be scrolled to")
            found += [f"{name}: {p}" for p in problems(window, min_text_px=floor_px)]
            # In the standard theme the pages a tenant reads at a glance fit whole: a
            # chart or keypad half off the screen is no use even if it scrolls.
            if theme == "standard" and name in WHOLE and holder.verticalScrollBar().maximum():
                found.append(f"{name}: does not fit, scrolls by "
                             f"{holder.verticalScrollBar().maximum()} px")
        assert window.size().width() == size[0] and window.size().height() == size[1]
        assert found == []
    finally:
        i18n.install("en")


def test_the_check_sees_what_a_person_would(qtbot):
    """Cut-off text, widgets on top of one another and a control off the screen are
    each reported (so the test above can fail)."""
    from PySide6.QtWidgets import QLabel, QPushButton, QWidget

    window = QWidget()
    qtbot.addWidget(window)
    window.resize(300, 200)
    cut = QLabel("A label far too long for the little room it has been given", window)
    cut.setGeometry(10, 10, 120, 30)
    first, second = QLabel("One", window), QLabel("Two", window)
    first.setGeometry(10, 60, 80, 30)
    second.setGeometry(40, 70, 80, 30)
    off = QPushButton("Off", window)
    off.setGeometry(280, 150, 80, 40)
    window.show()
    settle()
    found = "\n".join(problems(window))
    assert "clipped: QLabel('A label far too long" in found
    assert "overlap: QLabel('One') and QLabel('Two')" in found
    assert "control outside the window: QPushButton('Off')" in found
