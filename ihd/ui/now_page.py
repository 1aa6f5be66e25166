"""Now: ambient feedback, the time, credit (prepayment), power and cost now, today so far
against the same time yesterday, gas today, the daily budget."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QProgressBar, QVBoxLayout, QWidget

from bridge.model import EmergencyCreditState
from ihd import feedback
from ihd.credit_alert import AlertLevel, alert_level
from ihd.i18n import tr
from ihd.i18n_mark import N_
from ihd.ui import friendly_words, theme, when
from ihd.ui.balance_page import credit_outlook
from ihd.ui.state import DisplayState, MeterView
from ihd.ui.widgets import Card, label

SHORT_EMERGENCY_WORDS = {EmergencyCreditState.AVAILABLE: N_("Emergency credit available"),
                         EmergencyCreditState.SELECTED: N_("Emergency credit selected")}
# Today against yesterday by this time: within this much is "about the same".
SAME_WITHIN = Decimal("0.05")


class NowPage(QWidget):
    def __init__(self, state: DisplayState) -> None:
        super().__init__()
        self.state = state
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.setSpacing(12)

        self.ambient = QFrame()
        self.ambient.setObjectName("ambient")
        amb = QHBoxLayout(self.ambient)
        amb.setContentsMargins(24, 12, 24, 12)
        self.ambient_icon = label("…", align=Qt.AlignmentFlag.AlignCenter)
        self.ambient_words = label(tr("Waiting for the meter"), name="big")
        self.ambient_words.setStyleSheet("background: transparent;")
        self.ambient_reason = label("", wrap=True)
        words = QVBoxLayout()
        words.addWidget(self.ambient_words)
        words.addWidget(self.ambient_reason)
        amb.addWidget(self.ambient_icon)
        amb.addLayout(words, 1)
        # The time and date, where a person looks first (the home's zone, the meter's day).
        self.clock = label("", name="medium", align=Qt.AlignmentFlag.AlignRight)
        self.date = label("", align=Qt.AlignmentFlag.AlignRight)
        for w in (self.clock, self.date):
            w.setStyleSheet("background: transparent;")
        stamp = QVBoxLayout()
        stamp.addWidget(self.clock)
        stamp.addWidget(self.date)
        stamp.addStretch(1)
        amb.addLayout(stamp)
        self.ambient.setAccessibleName(tr("Ambient feedback"))
        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(self.ambient, 3)
        # A prepayment home's credit, as big as the ambient words: readable from across
        # the room, and in warning colours when low (then the ambient field steps back).
        self.credit_box = QFrame()
        self.credit_box.setObjectName("card")
        box = QVBoxLayout(self.credit_box)
        box.setContentsMargins(18, 8, 18, 8)
        box.setSpacing(2)
        self.credit_heading = label(tr("Credit"), name="muted")
        self.credit = label("–", name="big")
        self.credit_days = label("", wrap=True)
        for w in (self.credit_heading, self.credit, self.credit_days):
            box.addWidget(w)
        self.credit_box.setAccessibleName(tr("Credit"))
        self.credit_box.hide()
        top.addWidget(self.credit_box, 2)
        outer.addLayout(top)
        self._scale = 1.0
        state.aged.connect(self._show_time)  # the clock moves without data too

        grid = QGridLayout()
        grid.setSpacing(12)
        self.power_card = Card(tr("Electricity now"))
        self.power = label("– kW", name="big")
        self.power_cost = label("", name="medium")
        self.export = label("", name="muted")
        for w in (self.power, self.power_cost, self.export):
            self.power_card.layout_.addWidget(w)
        self.today_card = Card(tr("Electricity today so far"))
        self.today_energy = label("–", name="medium")
        self.today_cost = label("", name="medium")
        self.today_compare = label("", wrap=True)
        self.today_note = label("", name="muted", wrap=True)
        for w in (self.today_energy, self.today_cost, self.today_compare, self.today_note):
            self.today_card.layout_.addWidget(w)
        self.gas_card = Card(tr("Gas today so far"))
        self.gas = label("–", name="medium")
        self.gas_note = label("", name="muted", wrap=True)
        self.gas_card.layout_.addWidget(self.gas)
        self.gas_card.layout_.addWidget(self.gas_note)
        self.budget_card = Card(tr("Daily budget"))
        self.budget_bar = QProgressBar()
        self.budget_bar.setRange(0, 100)
        self.budget_bar.setAccessibleName(tr("Daily budget used"))
        self.budget_text = label("", wrap=True)
        self.budget_card.layout_.addWidget(self.budget_bar)
        self.budget_card.layout_.addWidget(self.budget_text)
        grid.addWidget(self.power_card, 0, 0)
        grid.addWidget(self.today_card, 0, 1)
        grid.addWidget(self.gas_card, 1, 0)
        grid.addWidget(self.budget_card, 1, 1)
        self._grid = grid
        outer.addLayout(grid, 1)
        state.changed.connect(self.refresh)
        self.set_scale(1.0)
        self.refresh()

    theme_name = "standard"

    def set_theme(self, name: str) -> None:
        self.theme_name = name
        self.refresh()

    def set_scale(self, scale: float) -> None:
        self._scale = scale
        self._apply_prominence(self._credit_alert())

    def _apply_prominence(self, alert: bool) -> None:
        """Low credit wins: the ambient field steps down so a large green "Low use" never
        outshouts the credit running out."""
        scale = self._scale * (0.55 if alert else 1.0)
        self.ambient.setMinimumHeight(round(170 * scale))
        self.ambient_icon.setStyleSheet(f"font-size: {round(72 * scale)}px; "
                                        "background: transparent;")
        self.ambient_words.setStyleSheet(
            "background: transparent;" + (f" font-size: {round(34 * self._scale)}px;"
                                          if alert else ""))
        # The reason stays readable: only the symbol and the headline step back.
        self.ambient_reason.setStyleSheet(f"background: transparent; "
                                          f"font-size: {max(12, round(22 * self._scale))}px;")
        self._prominent_alert = alert

    def _credit_alert(self) -> bool:
        return alert_level(self.state.prepayment) != AlertLevel.NONE

    def _show_time(self) -> None:
        now = self.state.now()
        self.clock.setText(when.clock(now))
        self.date.setText(when.long_date(now))

    def _show_credit(self) -> None:
        prepay = self.state.prepayment
        self.credit_box.setVisible(prepay is not None)
        alert = self._credit_alert()
        if alert != getattr(self, "_prominent_alert", None):
            self._apply_prominence(alert)
        if prepay is None:
            return
        name = "creditLow" if alert else "card"
        if self.credit_box.objectName() != name:
            self.credit_box.setObjectName(name)
            for widget in (self.credit_box, *self.credit_box.findChildren(QWidget)):
                widget.style().unpolish(widget)  # the style sheet matches the new name
                widget.style().polish(widget)
        ec = prepay.emergency_credit_state
        if ec in (EmergencyCreditState.IN_USE, EmergencyCreditState.EXHAUSTED):
            self.credit_heading.setText(tr("Emergency credit"))
            self.credit.setText(str(prepay.emergency_credit_remaining))
        else:
            self.credit_heading.setText(tr("Credit"))
            self.credit.setText(str(prepay.credit_remaining))
        days, _basis = credit_outlook(self.state)
        lines = [days] if days else []
        # One line more at most (the box must fit a 7-inch kiosk): friendly credit while
        # it keeps the supply on or could tonight, else emergency credit's state, else
        # when friendly credit next starts.
        friendly = friendly_words.state_now_words(self.state, short=True)
        _week, friendly_state = self.state.friendly_credit()
        if friendly and friendly_state is not None and friendly_state.in_use:
            lines = [friendly]  # on friendly credit: until when, said once
        elif friendly and friendly_state is not None and friendly_state.in_period:
            lines.append(friendly)
        elif ec in (EmergencyCreditState.AVAILABLE, EmergencyCreditState.SELECTED):
            lines.append(tr(SHORT_EMERGENCY_WORDS[ec]))
        elif friendly:
            lines.append(friendly)
        self.credit_days.setText("\n".join(lines))
        self.credit_box.setAccessibleDescription(
            f"{self.credit_heading.text()} {self.credit.text()}. {' '.join(lines)}")

    def refresh(self) -> None:
        self._show_time()
        self._show_credit()
        elec = self.state.electricity
        price = self.state.price_at(elec, self.state.now()) if elec is not None else None
        stale = elec is None or elec.is_stale(speed=self.state.speed)
        if elec is None or elec.demand_kw is None:
            self._set_ambient("unknown", tr("Waiting for the meter"),
                              tr("Readings appear here within a few seconds."))
        elif stale:
            self._set_ambient("unknown", tr("No live reading"),
                              tr("Last heard from the meter: {age}.").format(
                                  age=self.state.data_age_text()))
        else:
            hourly = (feedback.cost_per_hour(elec.demand_kw, price.unit_price)
                      if price is not None else None)
            result = feedback.ambient(float(elec.demand_kw), elec.typical_kw, hourly)
            self._set_ambient(result.level.value, tr(result.words),
                              tr(result.reason).format(**result.args))

        if elec is not None and elec.demand_kw is not None:
            suffix = "  " + tr("(not live)") if stale else ""
            self.power.setText(f"{elec.demand_kw:.2f} kW{suffix}")
            if price is not None:
                rate = feedback.cost_per_hour(elec.demand_kw, price.unit_price)
                self.power_cost.setText(tr("{cost} an hour").format(
                    cost=feedback.pence_or_pounds(rate)))
            else:
                self.power_cost.setText("")
            if elec.exporting_kw:
                self.export.setText(tr("☀ Exporting {kw} kW to the grid").format(
                    kw=f"{elec.exporting_kw:.2f}"))
            else:
                self.export.setText("")
        if elec is not None and elec.today is not None:
            t = elec.today
            self.today_energy.setText(f"{t.energy_kwh.quantize(Decimal('0.1'))} kWh")
            self.today_compare.setText(compare_words(elec))
            if t.total_cost is not None:
                self.today_cost.setText(
                    tr("{cost} (estimated)").format(cost=t.total_cost) if t.estimated_kwh > 0
                    else str(t.total_cost))
                standing = (tr("includes {cost} standing charge").format(
                    cost=feedback.pence_or_pounds(t.standing_charge))
                    if t.standing_charge else "")
                self.today_note.setText(standing)
            if t.estimated_kwh > 0:
                self.today_note.setText(
                    self.today_note.text() + " · " + tr(
                        "{kwh} kWh from the meter's log priced at the tariff in force").format(
                        kwh=f"{t.estimated_kwh:.1f}"))
            if t.uncosted_kwh > 0:
                self.today_note.setText(
                    self.today_note.text()
                    + " · " + tr("cost of {kwh} kWh unknown (no price received)").format(
                        kwh=f"{t.uncosted_kwh:.1f}"))
            if t.energy_received_kwh > 0:
                self.today_note.setText(self.today_note.text() + " · " + tr(
                    "exported {kwh} kWh").format(kwh=f"{t.energy_received_kwh:.1f}"))
        gas = self.state.gas
        if gas is not None:
            self._show_gas(gas)
        self._place_gas_card(gas is not None or elec is None)
        spent = elec.today.total_cost if elec is not None and elec.today else None
        gas_cost = gas.today.total_cost if gas is not None and gas.today is not None else None
        with_gas = gas_cost is not None
        if gas_cost is not None:
            spent = gas_cost if spent is None else spent + gas_cost
        estimated = any(v is not None and v.today is not None and v.today.estimated_kwh > 0
                        for v in (elec, gas))
        fraction = feedback.budget_fraction(spent, self.state.daily_budget)
        if fraction is None:
            self.budget_bar.setValue(0)
            self.budget_text.setText(tr("Budget {budget} a day").format(
                budget=self.state.daily_budget))
        else:
            self.budget_bar.setValue(min(100, int(fraction * 100)))
            self.budget_bar.setFormat(f"{int(fraction * 100)}%")
            left = self.state.daily_budget - spent if spent is not None else None
            if left is not None and left.amount >= 0:
                # The electricity card shows less: say the budget counts gas too.
                words = (N_("{spent} of {budget} on electricity and gas: {left} left today")
                         if with_gas else N_("{spent} of {budget}: {left} left today"))
                self.budget_text.setText(tr(words).format(
                    spent=spent, budget=self.state.daily_budget, left=left))
            else:
                words = (N_("{spent} on electricity and gas: over today's budget of {budget}")
                         if with_gas else N_("{spent}: over today's budget of {budget}"))
                self.budget_text.setText(tr(words).format(
                    spent=spent, budget=self.state.daily_budget))
            if estimated:
                self.budget_text.setText(self.budget_text.text() + " " + tr("(estimated)"))

    def _place_gas_card(self, shown: bool) -> None:
        """A home with no gas meter (an electricity-only flat, a US home with a RAVEn) has
        no empty gas card: the budget takes the row. Shown until the meters are known."""
        if shown == (not self.gas_card.isHidden()):
            return
        self.gas_card.setVisible(shown)
        self._grid.removeWidget(self.budget_card)
        self._grid.addWidget(self.budget_card, 1, 1 if shown else 0, 1, 1 if shown else 2)

    def _show_gas(self, gas: MeterView) -> None:
        """Today's gas in kWh and money, then the last half hour (gas reports half-hourly)."""
        notes = []
        if gas.today is not None and (gas.today.energy_kwh > 0 or gas.today.covered_half_hours):
            t = gas.today
            self.gas.setText(f"{t.energy_kwh.quantize(Decimal('0.1'))} kWh")
            if t.total_cost is not None:
                notes.append(tr("{cost} (estimated)").format(cost=t.total_cost)
                             if t.estimated_kwh > 0 else str(t.total_cost))
        else:
            self.gas.setText("–")
            notes.append(tr("The gas meter reports every half hour."))
        if gas.last_half_hour_kwh is not None:
            last = tr("last half hour {kwh} kWh").format(kwh=f"{gas.last_half_hour_kwh:.2f}")
            gas_price = self.state.price_at(gas, self.state.now())
            if gas_price is not None:
                last += " (" + feedback.pence_or_pounds(
                    gas_price.unit_price * Decimal(str(gas.last_half_hour_kwh))) + ")"
            notes.append(last)
        if gas.reading is not None and gas.reading.volume_delivered_m3 is not None:
            notes.append(tr("meter reads {m3} m³").format(
                m3=f"{gas.reading.volume_delivered_m3:.3f}"))
        self.gas_note.setText(" · ".join(notes))

    def _set_ambient(self, level: str, words: str, reason: str) -> None:
        colour, icon, text = theme.ambient_colours(self.theme_name)[level]
        border = f"border: 4px solid {text}; " if self.theme_name == "high-contrast" else ""
        style = (f"QFrame#ambient {{ background: {colour}; {border}"
                 f"border-radius: 18px; }} QLabel {{ color: {text}; }}")
        if self.ambient.styleSheet() != style:  # re-styling re-polishes every child
            self.ambient.setStyleSheet(style)
        self.ambient_icon.setText(icon)
        self.ambient_words.setText(words)
        self.ambient_reason.setText(reason)
        self.ambient.setAccessibleDescription(f"{words}. {reason}")


def compare_words(view: MeterView) -> str:
    """Today so far against yesterday up to the same time of day: like with like."""
    today, before = view.today, view.same_time_yesterday
    if today is None or before is None or before.energy_kwh <= 0:
        return ""
    text = tr("Yesterday by this time: {kwh} kWh").format(
        kwh=f"{before.energy_kwh.quantize(Decimal('0.1'))}")
    change = (today.energy_kwh - before.energy_kwh) / before.energy_kwh
    if abs(change) <= SAME_WITHIN:
        return text + " · " + tr("about the same today")
    percent = round(abs(change) * 100)
    return text + " · " + (tr("{percent}% more today") if change > 0
                           else tr("{percent}% less today")).format(percent=percent)
