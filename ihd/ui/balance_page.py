"""Balance: prepayment credit, emergency credit, debt and how long the credit lasts."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from bridge.model import EmergencyCreditState, Fuel
from ihd import feedback
from ihd.i18n import tr
from ihd.i18n_mark import N_
from ihd.ui.state import DisplayState
from ihd.ui.widgets import Card, label

EMERGENCY_WORDS = {
    EmergencyCreditState.AVAILABLE: N_("Available: you can select it on the meter or here"),
    EmergencyCreditState.SELECTED: N_("Selected: it will be used when your credit runs out"),
    EmergencyCreditState.IN_USE: N_("In use: top up soon to pay it back"),
    EmergencyCreditState.EXHAUSTED: N_("Used up: top up to restore your supply"),
    EmergencyCreditState.UNAVAILABLE: N_("Not available until your credit is low"),
}


class BalancePage(QWidget):
    def __init__(self, state: DisplayState) -> None:
        super().__init__()
        self.state = state
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        grid = QGridLayout()
        grid.setSpacing(12)
        self.credit_card = Card(tr("Credit"))
        self.credit = label("–", name="big")
        self.days_left = label("", name="muted", wrap=True)
        self.credit_card.layout_.addWidget(self.credit)
        self.credit_card.layout_.addWidget(self.days_left)
        self.ec_card = Card(tr("Emergency credit"))
        self.ec = label("–", name="medium")
        self.ec_state = label("", wrap=True)
        self.ec_card.layout_.addWidget(self.ec)
        self.ec_card.layout_.addWidget(self.ec_state)
        self.debt_card = Card(tr("Debt"))
        self.debt = label("–", name="medium")
        self.debt_rate = label("", wrap=True)
        self.debt_card.layout_.addWidget(self.debt)
        self.debt_card.layout_.addWidget(self.debt_rate)
        self.low_card = Card(tr("Low-credit warning"))
        self.low = label("–", name="medium")
        self.low_card.layout_.addWidget(self.low)
        grid.addWidget(self.credit_card, 0, 0)
        grid.addWidget(self.ec_card, 0, 1)
        grid.addWidget(self.debt_card, 1, 0)
        grid.addWidget(self.low_card, 1, 1)
        outer.addLayout(grid, 1)
        state.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        prepay = self.state.prepayment
        if prepay is None:
            self.credit.setText("–")
            self.days_left.setText(tr("This meter has not reported a prepayment balance."))
            return
        self.credit.setText(str(prepay.credit_remaining))
        elec = self.state.meter_of(Fuel.ELECTRICITY)
        days = feedback.days_of_credit_left(prepay.credit_remaining,
                                            elec.daily_spend if elec else [])
        if days is None:
            self.days_left.setText(tr("An estimate of days left appears after a day of use."))
        else:
            text = (tr("About 1 day left at your recent use") if round(days) == 1
                    else tr("About {days} days left at your recent use"))
            self.days_left.setText(text.format(days=f"{days:.0f}"))
        ec_state = prepay.emergency_credit_state
        self.ec.setText(str(prepay.emergency_credit_remaining))
        self.ec_state.setText(tr(EMERGENCY_WORDS[ec_state]))
        self.debt.setText(str(prepay.accumulated_debt))
        rates = [f"{d.label}: {d.recovery_amount} {d.frequency.name.lower().replace('_', ' ')}"
                 for d in prepay.debts]
        self.debt_rate.setText(tr("Repaying {debts}").format(debts="; ".join(rates)) if rates
                               else tr("No debt recovery"))
        self.low.setText(str(prepay.low_credit_warning) if prepay.low_credit_warning else "–")
