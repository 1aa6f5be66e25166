"""What the screens show, gathered in one place (the view model).

The app feeds every update from the Source into `DisplayState.apply` and the history
figures into `set_history`; pages read from here and redraw on `changed`. Nothing here
talks to a Source or the database.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from bridge.model import (
    GBP,
    Account,
    BlockTariff,
    ConnectionState,
    Currency,
    FriendlyCreditCalendar,
    Fuel,
    MessageCancelled,
    MeterClock,
    MeterIdentity,
    MeterReading,
    Money,
    PaymentMode,
    PrepaymentState,
    Price,
    SourceStatus,
    Supplier,
    SupplierMessage,
    Tariff,
    TariffCalendar,
    TopUpResult,
    Update,
)
from bridge.timezones import zone_for
from ihd.forecast import UsualUse
from ihd.friendly_credit import FriendlyNow, FriendlyWeek, friendly_now, usual_week
from ihd.history.store import PeriodTotal, SoFar, TopUpRecord
from ihd.i18n import tr

# Where neither the settings nor the meter say otherwise (GB meters, the demo home).
HOME_ZONE = "Europe/London"
# Data older than this is never shown as live (GB: electricity ~10 s, gas ~30 min).
STALE_AFTER_S = {Fuel.ELECTRICITY: 60.0, Fuel.GAS: 90 * 60.0}
# Updates that arrive together (a report's attributes, one after another) are drawn once.
REDRAW_AFTER_S = 0.05
# A computer clock further than this from the meter's is worth saying so.
CLOCK_DISAGREES_AFTER = timedelta(minutes=1)


@dataclass
class MeterView:
    meter: MeterIdentity
    reading: MeterReading | None = None
    demand_kw: Decimal | None = None
    exporting_kw: Decimal | None = None
    received_at: float | None = None  # time.monotonic() of the last data
    price: Price | None = None
    tariff: Tariff | None = None
    prepayment: PrepaymentState | None = None
    today: PeriodTotal | None = None
    same_time_yesterday: SoFar | None = None  # yesterday up to this time of day
    last_half_hour_kwh: float | None = None
    typical_kw: float | None = None
    upcoming_prices: list[Price] = field(default_factory=list)
    calendar: TariffCalendar | None = None  # the meter's time-of-use calendar
    # a prepayment meter's friendly-credit hours, where it publishes them
    friendly_calendar: FriendlyCreditCalendar | None = None
    blocks: BlockTariff | None = None  # block pricing, where the tariff has blocks
    account: Account | None = None  # how the home pays, and a credit customer's bill
    # The latest price published for each tier: newer than the tariff's matrix after a
    # price change (the Tariff page lists these, not the matrix it was first sent).
    tier_prices: dict[int, Price] = field(default_factory=dict)
    usual: UsualUse | None = None  # the home's usual daily use, for credit forecasts
    stale_reported: bool = False

    def age_s(self, now: float | None = None) -> float | None:
        if self.received_at is None:
            return None
        return (now if now is not None else time.monotonic()) - self.received_at

    def is_stale(self, now: float | None = None, speed: float = 1.0) -> bool:
        age = self.age_s(now)
        if age is None:
            return True
        return self.stale_reported or age * speed > STALE_AFTER_S.get(self.meter.fuel, 300)


@dataclass
class MessageView:
    message: SupplierMessage
    confirmed: bool = False


class DisplayState(QObject):
    changed = Signal()
    #: something shown moved with time alone (the clock's minute, the meter's time, the
    #: data's age in minutes, a meter going stale). One single-shot timer armed for the
    #: next such moment, not a tick: an idle display with live data is not woken at all
    #: between the meter's own reports.
    aged = Signal()

    def __init__(self, source_name: str = "", *, speed: float = 1.0,
                 daily_budget: Money | None = None, zone: str | None = HOME_ZONE,
                 wall_clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        super().__init__()
        # The one time zone every page shows times in: the home's. `zone_from` says whose
        # it is: "settings", "meter" (its Time cluster), "default" (none set: Europe/
        # London) or "computer" (none set, a North American device: ihd/home_zone.py).
        self.zone: tzinfo = ZoneInfo(zone or HOME_ZONE)
        self.zone_from = "settings" if zone else "default"
        # This computer's clock, and the meter's clock and zone (Time cluster) when the
        # source states them: the meter's zone then replaces the settings' one.
        self.wall_clock = wall_clock
        self.meter_clock: MeterClock | None = None
        self.supplier: Supplier | None = None  # who supplies the home (Device Management)
        self._clock_anchor: tuple[datetime, float] | None = None
        # The data's own clock: the newest reading's time (simulated in the demo). The
        # controller moves it on. (A value, not a callback into the controller: that made
        # a reference cycle, and the garbage collector then freed this QObject inside
        # one of its own timer events.)
        self.data_time: datetime | None = None
        self._source_name = source_name
        self.speed = speed
        self.daily_budget = daily_budget if daily_budget is not None else Money.of("3.00", GBP)
        self.meters: dict[MeterIdentity, MeterView] = {}
        self._friendly_cache: tuple[
            PrepaymentState, FriendlyCreditCalendar | None, datetime,
            tuple[FriendlyWeek | None, FriendlyNow | None]] | None = None
        self.messages: dict[tuple[MeterIdentity, int], MessageView] = {}
        self.top_ups: list[TopUpRecord] = []
        self.last_top_up: TopUpResult | None = None
        self.status: SourceStatus | None = None
        self.history_error: str | None = None
        self._pending = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._drawn_at = -REDRAW_AFTER_S  # monotonic time of the last redraw
        self._timer.timeout.connect(self._emit)
        # Data goes stale by ageing, with no update to say so (a meter or source that
        # falls silent): every page must stop showing it as live at the same moment.
        self._stale_meters: frozenset[MeterIdentity] = frozenset()
        self._ageing = QTimer(self)
        self._ageing.setSingleShot(True)
        self._ageing.setTimerType(Qt.TimerType.PreciseTimer)  # never before the moment
        self._ageing.timeout.connect(self.notice_ageing)
        self._arm_ageing()

    # -- input ---------------------------------------------------------------------------

    @property
    def source_name(self) -> str:
        return self._source_name

    @source_name.setter
    def source_name(self, name: str) -> None:
        """Shown on the status line: a new name is drawn now, not at the next tick."""
        if name != self._source_name:
            self._source_name = name
            self.schedule_redraw()

    def set_zone(self, zone: str | None, *, abroad: bool = False) -> None:
        """The home's time zone from settings (None: not set; `abroad`: the source is not
        a GB one); the meter's Time cluster, where it states one, wins (GB: the hub's zone
        is managed from the WAN)."""
        if self.meter_clock is None:
            self.zone = ZoneInfo(zone or HOME_ZONE)
            self.zone_from = "settings" if zone else "default"
            if abroad:
                self.source_abroad()
        self.schedule_redraw()

    def source_abroad(self) -> None:
        """The source is not a GB one (it prices in dollars, say): a home whose zone is not
        set shows this computer's zone, not London's, and says so."""
        if self.zone_from == "default":
            from ihd.home_zone import computer_zone

            self.zone = ZoneInfo(computer_zone())
            self.zone_from = "computer"
            self.schedule_redraw()

    def now(self) -> datetime:
        """The data's clock in the home's time zone."""
        return (self.data_time or datetime.now(UTC)).astimezone(self.zone)

    def local(self, when: datetime) -> datetime:
        """`when` (a meter's UTC time) as the home's local time."""
        return when.astimezone(self.zone)

    def view(self, meter: MeterIdentity) -> MeterView:
        if meter not in self.meters:
            self.meters[meter] = MeterView(meter)
        return self.meters[meter]

    def apply(self, update: Update) -> None:
        if isinstance(update, MeterReading):
            view = self.view(update.meter)
            view.reading = update
            view.received_at = time.monotonic()
            view.stale_reported = False
            self._arm_ageing()
            if update.demand_kw is not None:
                view.demand_kw = max(Decimal(0), update.demand_kw)
                view.exporting_kw = -update.demand_kw if update.demand_kw < 0 else None
        elif isinstance(update, Price):
            if update.unit_price.currency != GBP:  # a North American meter's price
                self.source_abroad()
            view = self.view(update.meter)
            # Scheduled prices for later windows arrive too: only the one in force now
            # is "the price now".
            if update.in_force_at(update.timestamp):
                view.price = update
            known = view.tier_prices.get(update.tier)
            if known is None or update.timestamp >= known.timestamp:
                view.tier_prices[update.tier] = update
            self.use_currency(update.unit_price.currency)
        elif isinstance(update, Tariff):
            self.view(update.meter).tariff = update
            if update.standing_charge_per_day is not None:
                self.use_currency(update.standing_charge_per_day.currency)
        elif isinstance(update, PrepaymentState):
            view = self.view(update.meter)
            view.prepayment = update
        elif isinstance(update, SupplierMessage):
            key = (update.meter, update.message_id)
            if key not in self.messages:
                self.messages[key] = MessageView(update)
        elif isinstance(update, MessageCancelled):
            for key in list(self.messages):
                if key[0] == update.meter and update.message_id in (None, key[1]):
                    del self.messages[key]
        elif isinstance(update, TopUpResult):
            self.last_top_up = update
        elif isinstance(update, BlockTariff):
            self.view(update.meter).blocks = update
        elif isinstance(update, Supplier):
            self.supplier = update
        elif isinstance(update, Account):
            view = self.view(update.meter)
            view.account = update
            if update.payment_mode == PaymentMode.CREDIT:
                view.prepayment = None  # a credit meter has no balance to top up
        elif isinstance(update, TariffCalendar):
            self.view(update.meter).calendar = update
        elif isinstance(update, FriendlyCreditCalendar):
            self.view(update.meter).friendly_calendar = update
        elif isinstance(update, MeterClock):
            if self.meter_clock is None or update.timestamp >= self.meter_clock.timestamp:
                self.meter_clock = update
                self.zone = zone_for(update)
                self.zone_from = "meter"
                self._clock_anchor = (update.timestamp, time.monotonic())
                self._arm_ageing()
        elif isinstance(update, SourceStatus):
            if update.meter is not None:
                self.view(update.meter).stale_reported = (
                    update.state == ConnectionState.STALE)
            else:
                self.status = update
        self.schedule_redraw()

    def set_history(self, meter: MeterIdentity, *, today: PeriodTotal | None,
                    same_time_yesterday: SoFar | None, typical_kw: float | None,
                    last_half_hour_kwh: float | None, usual: UsualUse | None,
                    upcoming_prices: list[Price]) -> None:
        view = self.view(meter)
        view.today, view.same_time_yesterday = today, same_time_yesterday
        if today is not None and today.cost is not None:
            self.use_currency(today.cost.currency)
        view.typical_kw = typical_kw
        view.last_half_hour_kwh = last_half_hour_kwh
        view.usual = usual
        view.upcoming_prices = upcoming_prices
        self.schedule_redraw()

    def set_top_up_log(self, records: list[TopUpRecord]) -> None:
        self.top_ups = records
        self.schedule_redraw()

    def mark_confirmed(self, meter: MeterIdentity, message_id: int) -> None:
        message = self.messages.get((meter, message_id))
        if message is not None:
            message.confirmed = True
        self.schedule_redraw()

    def use_currency(self, currency: Currency) -> None:
        """The household's money is the meter's: the budget (an amount the person chose)
        is counted in the currency the source prices in, never mixed with another."""
        if self.daily_budget.currency != currency:
            self.daily_budget = Money(self.daily_budget.amount, currency)
            self.schedule_redraw()

    def set_history_error(self, error: str | None) -> None:
        if error != self.history_error:
            self.history_error = error
            self.schedule_redraw()

    def clear_household(self, daily_budget: Money) -> None:
        """Forget everything about the household (a change of tenancy)."""
        self.meters.clear()
        self.messages.clear()
        self.top_ups = []
        self.last_top_up = None
        self.status = None
        self.history_error = None
        self.source_name = ""
        self.daily_budget = daily_budget
        self.meter_clock = None
        self.supplier = None
        self._clock_anchor = None
        self.schedule_redraw()

    def notice_ageing(self) -> None:
        """Redraw when any meter's data has become stale (or live) since last asked, say
        that time moved on, and arm the timer for the next moment it matters."""
        self.aged.emit()
        stale = frozenset(m for m, view in self.meters.items()
                          if view.received_at is not None and view.is_stale(speed=self.speed))
        if stale != self._stale_meters:
            self._stale_meters = stale
            self.schedule_redraw()
        self._arm_ageing()

    def next_ageing_s(self) -> float:
        """Real seconds until something shown changes with time alone: the next minute of
        the clock (the computer's, and the meter's when it states one), a meter's data
        turning stale, or the data's age on the status line reaching its next minute."""
        wall = self.wall_clock()
        moments = [60.0 - (wall.second + wall.microsecond / 1e6)]
        meter_now = self.meter_now()
        if meter_now is not None:
            into = meter_now.second + meter_now.microsecond / 1e6
            moments.append((60.0 - into) / self.speed)
        mono = time.monotonic()
        shown = self.age_view()
        for view in self.meters.values():
            if view.received_at is None:
                continue
            age = (mono - view.received_at) * self.speed  # data seconds
            stale_at = STALE_AFTER_S.get(view.meter.fuel, 300)
            if age < stale_at:
                moments.append((stale_at - age) / self.speed)
            if view is shown:  # "updated N min ago"
                moments.append((60.0 - age % 60.0) / self.speed)
        # A little late rather than early: the moment has then surely passed.
        return max(0.05, min(moments)) + 0.02

    def _arm_ageing(self) -> None:
        self._ageing.start(max(1, round(self.next_ageing_s() * 1000)))

    def schedule_redraw(self) -> None:
        """At most one redraw every REDRAW_AFTER_S: after a quiet spell the change is
        drawn on the loop's next turn (a report shows at once, the first reading at start
        too), and changes that follow within REDRAW_AFTER_S are drawn together after it."""
        if not self._timer.isActive():
            since = time.monotonic() - self._drawn_at
            self._timer.start(max(0, round((REDRAW_AFTER_S - since) * 1000)))

    def redraw_now(self) -> None:
        """Redraw at once what was changed together (the history figures after a flush)."""
        self._timer.stop()
        self._emit()

    def _emit(self) -> None:
        self._drawn_at = time.monotonic()
        self.changed.emit()

    # -- questions pages ask ----------------------------------------------------------------

    def meter_now(self) -> datetime | None:
        """The meter's time now (its last stated time, moved on), if it has stated one."""
        if self._clock_anchor is None:
            return None
        stated, at = self._clock_anchor
        return stated + timedelta(seconds=(time.monotonic() - at) * self.speed)

    def clock_disagreement(self) -> timedelta | None:
        """How far this computer's clock is ahead of the meter's, when over a minute."""
        if self.meter_clock is None:
            return None
        skew = self.meter_clock.skew
        return skew if abs(skew) > CLOCK_DISAGREES_AFTER else None

    def price_at(self, view: MeterView, at: datetime) -> Price | None:
        """The price in force at `at` among those the meter sent (latest start wins);
        None when none covers it: a band that has ended is never "the price now"."""
        candidates = [p for p in (*view.upcoming_prices, view.price)
                      if p is not None and p.in_force_at(at)]
        return max(candidates, key=lambda p: (p.start, p.timestamp), default=None)

    def meter_of(self, fuel: Fuel) -> MeterView | None:
        for meter, view in sorted(self.meters.items(), key=lambda kv: kv[0].key):
            if meter.fuel == fuel:
                return view
        return None

    @property
    def electricity(self) -> MeterView | None:
        return self.meter_of(Fuel.ELECTRICITY)

    @property
    def gas(self) -> MeterView | None:
        return self.meter_of(Fuel.GAS)

    @property
    def credit_account(self) -> Account | None:
        """The account of a meter that says it is in credit (pay-after) mode."""
        for _meter, view in sorted(self.meters.items(), key=lambda kv: kv[0].key):
            if view.account is not None and view.account.payment_mode == PaymentMode.CREDIT:
                return view.account
        return None

    @property
    def prepayment(self) -> PrepaymentState | None:
        for view in self.meters.values():
            if view.prepayment is not None:
                return view.prepayment
        return None

    def friendly_credit(self) -> tuple[FriendlyWeek | None, FriendlyNow | None]:
        """The prepayment meter's usual friendly-credit week (from its calendar) and
        friendly credit now; (None, None) for a meter that states neither, and for a
        credit (pay-after) home."""
        prepay = self.prepayment
        if prepay is None:
            return None, None
        calendar = self.view(prepay.meter).friendly_calendar
        now = self.now()
        # Several pages ask on every redraw (about 1.5 ms each): once a minute is enough,
        # as the calendar's changes fall on whole minutes.
        # (The very objects, not equal ones: a new report is a new answer.)
        minute = now.replace(second=0, microsecond=0)
        cached = self._friendly_cache
        if (cached is not None and cached[0] is prepay and cached[1] is calendar
                and cached[2] == minute and cached[2].tzinfo is minute.tzinfo):
            return cached[3]
        week = (usual_week(calendar, now.date(), self.zone) if calendar is not None
                else None)
        found = week, friendly_now(prepay, calendar, now, self.zone)
        self._friendly_cache = (prepay, calendar, minute, found)
        return found

    def unread_messages(self) -> int:
        return sum(1 for m in self.messages.values()
                   if m.message.confirmation_required and not m.confirmed)

    def connected(self) -> bool:
        return self.status is not None and self.status.state == ConnectionState.CONNECTED

    def age_view(self) -> MeterView | None:
        """The meter whose data's age the status line states."""
        return self.electricity or next(iter(self.meters.values()), None)

    def data_age_text(self) -> str:
        view = self.age_view()
        age = view.age_s() if view else None
        if age is None:
            return tr("no data yet")
        seconds = age * self.speed
        if seconds < 60:  # in minutes, not seconds: no redraw every second for the count
            return tr("updated just now")
        return tr("updated {minutes} min ago").format(minutes=int(seconds // 60))

