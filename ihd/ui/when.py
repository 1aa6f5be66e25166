"""Dates and times as a person reads them, in the home's time zone and the display's
language (strftime would speak the computer's locale, and its zone)."""

from __future__ import annotations

from datetime import datetime

from ihd.i18n import tr
from ihd.i18n_mark import N_

WEEKDAYS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
            N_("Saturday"), N_("Sunday"))
SHORT_WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"),
                  N_("Sun"))
MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
          N_("July"), N_("August"), N_("September"), N_("October"), N_("November"),
          N_("December"))
SHORT_MONTHS = (N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"), N_("Jul"),
                N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"))


def clock(local: datetime) -> str:
    return f"{local:%H:%M}"


def long_date(local: datetime) -> str:
    """'Wednesday 14 January'."""
    return tr("{weekday} {day} {month}").format(
        weekday=tr(WEEKDAYS[local.weekday()]), day=local.day, month=tr(MONTHS[local.month - 1]))


def day_month(local: datetime) -> str:
    """'14 Jan'."""
    return tr("{day} {month}").format(day=local.day, month=tr(SHORT_MONTHS[local.month - 1]))


def short_when(local: datetime) -> str:
    """'14 Jan 18:05': a message's or a top-up's time."""
    return f"{day_month(local)} {clock(local)}"


def weekday_day(local: datetime) -> str:
    """'Wed 14'."""
    return f"{tr(SHORT_WEEKDAYS[local.weekday()])} {local.day}"


def month(local: datetime) -> str:
    return tr(SHORT_MONTHS[local.month - 1])
