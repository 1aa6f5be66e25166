"""A credit (pay-after) customer's account on the Balance page: the bill so far, the
projected bill, the billing period, the last payment and the next one, and the bill for
all fuels, as the meter states them."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtWidgets import QGridLayout, QWidget

from bridge.model import Account, CreditPaymentStatus
from ihd.i18n import tr
from ihd.i18n_mark import N_
from ihd.ui.state import DisplayState
from ihd.ui.widgets import Card, label

PAYMENT_WORDS = {
    CreditPaymentStatus.PENDING: N_("pending"),
    CreditPaymentStatus.RECEIVED: N_("received"),
    CreditPaymentStatus.OVERDUE: N_("overdue"),
    CreditPaymentStatus.TWO_PAYMENTS_OVERDUE: N_("two payments overdue"),
    CreditPaymentStatus.THREE_PAYMENTS_OVERDUE: N_("three payments overdue"),
}


class AccountView(QWidget):
    def __init__(self, state: DisplayState) -> None:
        super().__init__()
        self.state = state
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(12)
        self.bill_card = Card(tr("Your bill so far"))
        self.bill = label("–", name="big")
        self.period = label("", name="muted", wrap=True)
        self.bill_card.layout_.addWidget(self.bill)
        self.bill_card.layout_.addWidget(self.period)
        self.projected_card = Card(tr("Projected bill"))
        self.projected = label("–", name="medium")
        self.projected_note = label("", wrap=True)
        self.projected_card.layout_.addWidget(self.projected)
        self.projected_card.layout_.addWidget(self.projected_note)
        self.payment_card = Card(tr("Payments"))
        self.payment = label("–", name="medium", wrap=True)
        self.payment_note = label("", wrap=True)
        self.payment_card.layout_.addWidget(self.payment)
        self.payment_card.layout_.addWidget(self.payment_note)
        self.all_fuels_card = Card(tr("Bill for all fuels"))
        self.all_fuels = label("–", name="medium")
        self.all_fuels_note = label("", wrap=True)
        self.all_fuels_card.layout_.addWidget(self.all_fuels)
        self.all_fuels_card.layout_.addWidget(self.all_fuels_note)
        grid.addWidget(self.bill_card, 0, 0)
        grid.addWidget(self.projected_card, 0, 1)
        grid.addWidget(self.payment_card, 1, 0)
        grid.addWidget(self.all_fuels_card, 1, 1)

    def _day(self, at: datetime) -> str:
        local = self.state.local(at)
        return f"{local.day} {local:%b}"

    def show_account(self, account: Account) -> None:
        self.bill.setText(str(account.bill_to_date) if account.bill_to_date else "–")
        if account.period_start is not None and account.period_end is not None:
            # The period's last day is the day before its end (which is a midnight).
            last = account.period_end - timedelta(seconds=1)
            self.period.setText(tr("Electricity since {start}, in the billing period to "
                                   "{end}").format(start=self._day(account.period_start),
                                                   end=self._day(last)))
        else:
            self.period.setText(tr("Electricity, this billing period"))
        self.projected.setText(str(account.projected_bill) if account.projected_bill else "–")
        self.projected_note.setText(
            tr("For the whole billing period, if you keep using energy as you have so far.")
            if account.projected_bill else tr("The meter has not sent a projection."))
        if account.last_payment is not None and account.last_payment_at is not None:
            status = (tr(PAYMENT_WORDS[account.payment_status])
                      if account.payment_status is not None else "")
            self.payment.setText(tr("{amount} paid on {day} ({status})").format(
                amount=account.last_payment, day=self._day(account.last_payment_at),
                status=status))
        else:
            self.payment.setText(tr("No payment reported yet"))
        notes = []
        if account.payment_overdue is not None and account.payment_overdue.amount > 0:
            notes.append(tr("Overdue: {amount}").format(amount=account.payment_overdue))
        if account.payment_due is not None:
            notes.append(tr("Next payment due {day}").format(day=self._day(account.payment_due)))
        if account.payment_reference:
            notes.append(tr("Reference {ref}").format(ref=account.payment_reference))
        self.payment_note.setText("\n".join(notes))
        if account.consolidated_bill is not None:
            self.all_fuels.setText(str(account.consolidated_bill))
            self.all_fuels_note.setText(tr("Electricity and gas together, this billing period"))
        else:
            self.all_fuels.setText("–")
            self.all_fuels_note.setText(tr("The supplier sends this with the bill."))
