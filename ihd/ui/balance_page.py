"""Balance: prepayment credit, emergency credit, debt, how long the credit lasts and,
where the meter has them, its friendly-credit hours."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QGridLayout, QPushButton, QVBoxLayout, QWidget

from bridge.model import EmergencyCreditState, PrepaymentState
from ihd.forecast import CreditForecast, credit_forecast
from ihd.i18n import tr
from ihd.i18n_mark import N_
from ihd.ui import friendly_words, when
from ihd.ui.account_view import AccountView
from ihd.ui.state import DisplayState
from ihd.ui.supplier_line import SupplierLine
from ihd.ui.widgets import Card, label

EMERGENCY_WORDS = {
    EmergencyCreditState.AVAILABLE: N_("Available: you can select it on the meter or here"),
    EmergencyCreditState.SELECTED: N_("Selected: it will be used when your credit runs out"),
    EmergencyCreditState.IN_USE: N_("In use: top up soon to pay it back"),
    EmergencyCreditState.EXHAUSTED: N_("Used up: top up to restore your supply"),
    # Not offered yet: when it is depends on the meter's threshold (emergency_words).
    EmergencyCreditState.UNAVAILABLE: N_("Not available yet: the meter offers it when your "
                                         "credit is nearly used up"),
}


def emergency_words(prepay: PrepaymentState) -> str:
    """The emergency credit's state; not yet offered, when it will be. The meter offers it
    below its Emergency Credit Threshold, which is lower than the low-credit warning:
    "until your credit is low" read as a contradiction beside the low-credit warning."""
    state = prepay.emergency_credit_state
    threshold = prepay.emergency_credit_threshold
    if state == EmergencyCreditState.UNAVAILABLE and threshold is not None \
            and threshold.amount > 0:
        return tr("Not available yet: the meter offers it when your credit falls below "
                  "{threshold}").format(threshold=threshold)
    return tr(EMERGENCY_WORDS[state])


def days_words(forecast: CreditForecast) -> str:
    """'About 4 days', said as a person would."""
    if forecast.beyond_horizon:
        return tr("More than {days} days").format(days=round(forecast.days))
    if forecast.days < 1:
        return tr("Less than a day")
    if round(forecast.days) == 1:
        return tr("About 1 day")
    return tr("About {days} days").format(days=round(forecast.days))


def basis_words(forecast: CreditForecast) -> str:
    """What the estimate rests on, so a person can judge it."""
    usual = forecast.usual
    if usual.per_weekday:
        use = tr("your use on each day of the week over the last {days} days").format(
            days=usual.days)
    else:
        use = tr("your average use over the last {days} days").format(days=usual.days)
    return tr("At about {cost} a day: {use}, with standing charge and debt repayments.").format(
        cost=forecast.cost_per_day, use=use)


def credit_outlook(state: DisplayState) -> tuple[str, str]:
    """(how long the money lasts, what that is based on) for the prepayment meter. In
    emergency credit it is the emergency credit that is running down, and said so."""
    prepay = state.prepayment
    if prepay is None:
        return "", ""
    view = state.view(prepay.meter)
    in_emergency = prepay.emergency_credit_state in (EmergencyCreditState.IN_USE,
                                                     EmergencyCreditState.EXHAUSTED)
    money = prepay.emergency_credit_remaining if in_emergency else prepay.credit_remaining
    forecast = credit_forecast(
        money, view.usual, now=state.now(),
        standing_per_day=view.tariff.standing_charge_per_day if view.tariff else None,
        debts=prepay.debts)
    _week, friendly = state.friendly_credit()
    if friendly is not None and friendly.in_use:  # the supply is on, for now
        return tr("No credit left: your supply is on friendly credit"), ""
    if in_emergency and money.amount <= 0:
        return tr("Emergency credit used up: top up to restore your supply"), ""
    if forecast is None:
        return tr("An estimate of days left appears after a day of use."), ""
    if in_emergency:
        return (tr("Emergency credit: {money} left, {days} at your usual use").format(
            money=money, days=days_words(forecast).lower()), basis_words(forecast))
    if money.amount <= 0:
        return tr("No credit left"), ""
    return tr("{days} left").format(days=days_words(forecast)), basis_words(forecast)


def debt_words(prepay: PrepaymentState) -> str:
    rates = [tr("{label}: {amount} {per}").format(label=d.label, amount=d.recovery_amount,
                                                 per=tr(FREQUENCY_WORDS[d.frequency.name]))
             for d in prepay.debts]
    return (tr("Repaying {debts}").format(debts="; ".join(rates)) if rates
            else tr("No debt recovery"))


FREQUENCY_WORDS = {"PER_HOUR": N_("an hour"), "PER_DAY": N_("a day"),
                   "PER_WEEK": N_("a week"), "PER_MONTH": N_("a month"),
                   "PER_QUARTER": N_("a quarter")}


class BalancePage(QWidget):
    def __init__(self, state: DisplayState,
                 go_top_up: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.state = state
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        grid = QGridLayout()
        grid.setSpacing(12)
        self.credit_card = Card(tr("Credit"))
        self.credit = label("–", name="big")
        self.days_left = label("", name="medium", wrap=True)
        self.basis = label("", name="muted", wrap=True)
        self.top_up_button = QPushButton(tr("Top up"))
        self.top_up_button.setObjectName("primary")
        self.top_up_button.setAccessibleName(tr("Go to the top-up keypad"))
        if go_top_up is not None:
            self.top_up_button.clicked.connect(go_top_up)
        self.last_top_up = label("", wrap=True)
        for w in (self.credit, self.days_left, self.basis, self.last_top_up,
                  self.top_up_button):
            self.credit_card.layout_.addWidget(w)
        self.ec_card = Card(tr("Emergency credit"))
        self.ec = label("–", name="medium")
        self.ec_state = label("", wrap=True)
        self.ec_card.layout_.addWidget(self.ec)
        self.ec_card.layout_.addWidget(self.ec_state)
        # The low-credit warning level, here when the friendly-credit card takes its place.
        self.low_line = label("", name="muted", wrap=True)
        self.ec_card.layout_.addWidget(self.low_line)
        self.debt_card = Card(tr("Debt"))
        self.debt = label("–", name="medium")
        self.debt_rate = label("", wrap=True)
        self.debt_card.layout_.addWidget(self.debt)
        self.debt_card.layout_.addWidget(self.debt_rate)
        self.low_card = Card(tr("Low-credit warning"))
        self.low = label("–", name="medium")
        self.low_card.layout_.addWidget(self.low)
        # When the supply stays on with no credit left: shown only where the meter says,
        # in the low-credit warning's place (a tenant needs this more).
        self.friendly_card = Card(tr("Friendly credit"))
        self.friendly_now = label("", wrap=True)
        self.friendly_hours = label("", name="muted", wrap=True)
        self.friendly_card.layout_.addWidget(self.friendly_now)
        self.friendly_card.layout_.addWidget(self.friendly_hours)
        self.friendly_card.hide()
        grid.addWidget(self.credit_card, 0, 0)
        grid.addWidget(self.ec_card, 0, 1)
        grid.addWidget(self.debt_card, 1, 0)
        grid.addWidget(self.low_card, 1, 1)
        grid.addWidget(self.friendly_card, 1, 1)
        # A prepayment home sees its credit; a credit (pay-after) home its bill.
        self.prepay_view = QWidget()
        grid.setContentsMargins(0, 0, 0, 0)
        self.prepay_view.setLayout(grid)
        self.account_view = AccountView(state)
        self.account_view.hide()
        outer.addWidget(self.prepay_view, 1)
        outer.addWidget(self.account_view, 1)
        self.supplier_line = SupplierLine(state)  # who to call about the money
        outer.addWidget(self.supplier_line.label)
        state.changed.connect(self.refresh)
        # The friendly-credit minutes left move with the clock, also between reports.
        state.aged.connect(self._show_friendly)
        self.refresh()

    def refresh(self) -> None:
        account = self.state.credit_account
        self.account_view.setVisible(account is not None)
        self.prepay_view.setVisible(account is None)
        if account is not None:
            self.account_view.show_account(account)
            return
        prepay = self.state.prepayment
        if prepay is None:
            self.credit.setText("–")
            self.days_left.setText(tr("This meter has not reported a prepayment balance."))
            self.basis.setText("")
            self.friendly_card.hide()
            self.low_card.show()
            self.low_line.hide()
            return
        self.credit.setText(str(prepay.credit_remaining))
        days, basis = credit_outlook(self.state)
        self.days_left.setText(days)
        self.basis.setText(basis)
        last = next((r for r in self.state.top_ups if r.result.accepted and r.value), None)
        self.last_top_up.setText(tr("Last top-up: {value} on {when}").format(
            value=last.value, when=when.short_when(self.state.local(last.time)))
            if last is not None else "")
        self.ec.setText(str(prepay.emergency_credit_remaining))
        self.ec_state.setText(emergency_words(prepay))
        self.debt.setText(str(prepay.accumulated_debt))
        self.debt_rate.setText(debt_words(prepay))
        self.low.setText(str(prepay.low_credit_warning) if prepay.low_credit_warning else "–")
        friendly = self._show_friendly()
        self.low_card.setVisible(not friendly)
        self.low_line.setText(tr("Low-credit warning at {amount}").format(
            amount=prepay.low_credit_warning) if prepay.low_credit_warning else "")
        self.low_line.setVisible(friendly and prepay.low_credit_warning is not None)
        if (prepay.emergency_credit_state == EmergencyCreditState.EXHAUSTED
                and self._on_friendly_credit()):
            self.ec_state.setText(tr("Used up: friendly credit keeps your supply on for now"))

    def _on_friendly_credit(self) -> bool:
        _week, now_state = self.state.friendly_credit()
        return now_state is not None and now_state.in_use

    def _show_friendly(self) -> bool:
        """Fill the friendly-credit card; whether it shows."""
        week, now_state = self.state.friendly_credit()
        now_words = (friendly_words.now_sentence(now_state, self.state.now())
                     if now_state is not None else "")
        hours = friendly_words.hours_sentence(week, named=False) if week is not None else ""
        if week is not None and week.holidays:
            hours = f"{hours} {friendly_words.next_holiday(week)}."
        self.friendly_now.setText(now_words)
        self.friendly_now.setVisible(bool(now_words))
        self.friendly_hours.setText(hours)
        self.friendly_hours.setVisible(bool(hours))
        self.friendly_card.setVisible(bool(now_words or hours))
        return bool(now_words or hours)
