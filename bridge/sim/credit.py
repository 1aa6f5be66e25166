"""A credit (pay-after) customer's account, as a GB credit-mode meter keeps it: the bill
for the calendar month so far (electricity and gas), its projection to the month's end,
and the last monthly direct-debit payment.

The month's bill before the simulation started is estimated from the home's own average
use, so a demo that starts on the 20th shows twenty days of bill, not zero.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Europe/London")
MONTHLY_PAYMENT_PENCE = 9_500


def _month_start(day: date) -> datetime:
    return datetime(day.year, day.month, 1, tzinfo=LOCAL)


def _next_month(start: datetime) -> datetime:
    year, month = (start.year + 1, 1) if start.month == 12 else (start.year, start.month + 1)
    return datetime(year, month, 1, tzinfo=LOCAL)


@dataclass
class CreditBilling:
    period_start: datetime
    electricity_milli_pence: int
    gas_milli_pence: int

    @classmethod
    def start(cls, now: datetime, rng: random.Random) -> CreditBilling:
        period = _month_start(now.astimezone(LOCAL).date())
        days = (now - period).total_seconds() / 86400
        return cls(period_start=period,
                   electricity_milli_pence=int(days * rng.uniform(2.1, 3.0) * 100_000),
                   gas_milli_pence=int(days * rng.uniform(1.5, 3.5) * 100_000))

    @property
    def period_end(self) -> datetime:
        return _next_month(self.period_start)

    def roll(self, now: datetime) -> None:
        """A new billing period from the 1st: the bill starts again, the debit is paid."""
        while now >= self.period_end:
            self.period_start = self.period_end
            self.electricity_milli_pence = self.gas_milli_pence = 0

    @property
    def bill_pence(self) -> int:
        return self.electricity_milli_pence // 1000

    @property
    def consolidated_pence(self) -> int:
        return (self.electricity_milli_pence + self.gas_milli_pence) // 1000

    def projected_pence(self, now: datetime) -> int:
        """The electricity bill at the period's end at the pace so far."""
        elapsed = (now - self.period_start).total_seconds()
        whole = (self.period_end - self.period_start).total_seconds()
        return self.bill_pence if elapsed <= 0 else round(self.bill_pence * whole / elapsed)

    def last_payment_at(self, now: datetime) -> datetime:
        """The monthly debit is taken on the 5th at 09:00."""
        debit = self.period_start + timedelta(days=4, hours=9)
        if debit <= now:
            return debit
        previous = self.period_start - timedelta(days=1)
        return _month_start(previous.date()) + timedelta(days=4, hours=9)

    def payment_due(self, now: datetime) -> datetime:
        last = self.last_payment_at(now)
        return _next_month(datetime(last.year, last.month, 1, tzinfo=LOCAL)) + timedelta(
            days=4, hours=9)
