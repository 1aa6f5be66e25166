"""Friendly credit in words, in the home's time zone and the display's language:
"Friendly credit: your supply stays on 16:00–10:00 on weekdays, all weekend and on
holidays, even if your credit runs out", "Friendly credit now: until 10:00 (3 h 20 min
left)", "Next friendly credit: from 16:00 today"."""

from __future__ import annotations

from datetime import datetime, timedelta

from ihd.credit_alert import AlertLevel, alert_level
from ihd.friendly_credit import DAY_MINUTES, DayHours, FriendlyNow, FriendlyWeek
from ihd.i18n import tr
from ihd.i18n_mark import N_
from ihd.ui import when
from ihd.ui.state import DisplayState

DAY_NAMES = when.WEEKDAYS
SHORT_DAY_NAMES = when.SHORT_WEEKDAYS


def _hhmm(minute: int) -> str:
    minute %= DAY_MINUTES
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _day_hours(day: DayHours) -> str:
    """'16:00–10:00' (over night) or '07:00–09:00, 18:00–22:00'."""
    overnight = day.overnight
    if overnight is not None:
        return f"{_hhmm(overnight[0])}–{_hhmm(overnight[1])}"
    return ", ".join(f"{_hhmm(a)}–{_hhmm(b)}" for a, b in day.spans)


def _days(indices: list[int]) -> str:
    """'weekdays', 'every day', 'Saturday and Sunday', 'Mon–Thu'."""
    if indices == list(range(7)):
        return tr("every day")
    if indices == list(range(5)):
        return tr("weekdays")
    if len(indices) == 1:
        return tr(DAY_NAMES[indices[0]])
    if indices == list(range(indices[0], indices[-1] + 1)) and len(indices) > 2:
        return f"{tr(SHORT_DAY_NAMES[indices[0]])}–{tr(SHORT_DAY_NAMES[indices[-1]])}"
    names = [tr(SHORT_DAY_NAMES[i]) for i in indices]
    return tr("{days} and {last}").format(days=", ".join(names[:-1]), last=names[-1])


def week_words(week: FriendlyWeek) -> str:
    """The usual week's friendly hours: '16:00–10:00 on weekdays, all weekend and on
    holidays'. Empty when the calendar has none."""
    groups: dict[tuple[tuple[int, int], ...], list[int]] = {}
    for n, day in enumerate(week.days):
        if day.spans:
            groups.setdefault(day.spans, []).append(n)
    parts = []
    for spans, indices in groups.items():
        day = DayHours(spans)
        if day.all_day:
            if indices == [5, 6]:
                parts.append(tr("all weekend"))
            elif indices == list(range(7)):
                parts.append(tr("all day, every day"))
            else:
                parts.append(tr("all day on {days}").format(days=_days(indices)))
        elif indices == list(range(7)):
            parts.append(tr("{hours} every day").format(hours=_day_hours(day)))
        else:
            parts.append(tr("{hours} on {days}").format(hours=_day_hours(day),
                                                        days=_days(indices)))
    if week.holidays:
        parts.append(tr("on holidays"))
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    return tr("{parts} and {last}").format(parts=", ".join(parts[:-1]), last=parts[-1])


def hours_sentence(week: FriendlyWeek, *, named: bool = True) -> str:
    """'Friendly credit: your supply stays on …, even if your credit runs out.' (without
    the first two words under a "Friendly credit" heading)."""
    hours = week_words(week)
    if not hours:
        return ""
    if not named:
        return tr("Your supply stays on {hours}, even if your credit runs out.").format(
            hours=hours)
    return tr("Friendly credit: your supply stays on {hours}, even if your credit runs "
              "out.").format(hours=hours)


def next_holiday(week: FriendlyWeek) -> str:
    if not week.holidays:
        return ""
    day = week.holidays[0]
    return tr("Next holiday: {weekday} {date}").format(
        weekday=tr(SHORT_DAY_NAMES[day.weekday()]),
        date=tr("{day} {month}").format(day=day.day,
                                         month=tr(when.SHORT_MONTHS[day.month - 1])))


def moment(at: datetime, now: datetime) -> str:
    """'10:00', '10:00 tomorrow' or 'Mon 10:00' in `now`'s zone (the home's)."""
    at = at.astimezone(now.tzinfo)
    day_gap = (at.date() - now.date()).days
    clock = when.clock(at)
    if day_gap == 0:
        return clock
    if day_gap == 1:
        return tr("{time} tomorrow").format(time=clock)
    return tr("{weekday} {time}").format(weekday=tr(SHORT_DAY_NAMES[at.weekday()]), time=clock)


def duration(span: timedelta) -> str:
    """'45 min', '3 h 20 min', '2 days 15 h'."""
    minutes = max(0, int(span.total_seconds() // 60))
    days, minutes = divmod(minutes, DAY_MINUTES)
    hours, minutes = divmod(minutes, 60)
    if days:
        return (tr("1 day {hours} h") if days == 1 else tr("{days} days {hours} h")).format(
            days=days, hours=hours)
    if hours:
        return tr("{hours} h {minutes} min").format(hours=hours, minutes=minutes)
    return tr("{minutes} min").format(minutes=minutes)


def now_sentence(state: FriendlyNow, now: datetime) -> str:
    """Whether friendly credit applies now, until when, or when it next does."""
    if state.in_period and state.until is not None:
        until, left = moment(state.until, now), duration(state.until - now)
        if state.in_use:
            words = (N_("Your supply is on friendly credit until {until} ({left} left). It "
                        "ends soon: top up now to keep your supply on.") if state.ending_soon
                     else N_("Your supply is on friendly credit until {until} ({left} left). "
                             "Top up before then to keep it on."))
            return tr(words).format(until=until, left=left)
        return tr("Friendly credit now: until {until} ({left} left).").format(
            until=until, left=left)
    if state.next_start is not None:
        return tr("Next friendly credit: from {start}.").format(
            start=moment(state.next_start, now))
    return ""


def short_sentence(state: FriendlyNow, now: datetime) -> str:
    """The same in a few words, for the Now page's credit box."""
    if state.in_period and state.until is not None:
        until = moment(state.until, now)
        return (tr("On friendly credit until {until}: top up before then") if state.in_use
                else tr("Friendly credit until {until}")).format(until=until)
    if state.next_start is not None:
        return tr("Friendly credit from {start}").format(start=moment(state.next_start, now))
    return ""


def state_now_words(state: DisplayState, *, short: bool = False) -> str:
    """The friendly-credit sentence for now from the display state; "" where the meter
    states none. `short`: a few words, and only when the supply is on friendly credit or
    the credit is low or in emergency credit (the Now page, where space is dear)."""
    _week, now_state = state.friendly_credit()
    if now_state is None:
        return ""
    if short:
        prepay = state.prepayment
        if not now_state.in_use and (prepay is None
                                     or alert_level(prepay) == AlertLevel.NONE):
            return ""
        return short_sentence(now_state, state.now())
    return now_sentence(now_state, state.now())
