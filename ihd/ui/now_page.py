"""Now: ambient feedback, power and cost now, gas, today so far, the daily budget."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QProgressBar, QVBoxLayout, QWidget

from ihd import feedback
from ihd.i18n import tr
from ihd.i18n_mark import N_
from ihd.ui import theme
from ihd.ui.state import DisplayState
from ihd.ui.widgets import Card, label


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
        self.ambient.setAccessibleName(tr("Ambient feedback"))
        outer.addWidget(self.ambient)

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
        self.today_note = label("", name="muted", wrap=True)
        for w in (self.today_energy, self.today_cost, self.today_note):
            self.today_card.layout_.addWidget(w)
        self.gas_card = Card(tr("Gas, last half hour"))
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
        outer.addLayout(grid, 1)
        state.changed.connect(self.refresh)
        self.set_scale(1.0)
        self.refresh()

    def set_scale(self, scale: float) -> None:
        self.ambient.setMinimumHeight(round(170 * scale))
        self.ambient_icon.setStyleSheet(f"font-size: {round(72 * scale)}px; "
                                        "background: transparent;")
        self.ambient_reason.setStyleSheet(f"background: transparent; "
                                          f"font-size: {round(22 * scale)}px;")

    def refresh(self) -> None:
        elec = self.state.electricity
        stale = elec is None or elec.is_stale(speed=self.state.speed)
        if elec is None or elec.demand_kw is None:
            self._set_ambient("unknown", tr("Waiting for the meter"),
                              tr("Readings appear here within a few seconds."))
        elif stale:
            self._set_ambient("unknown", tr("No live reading"),
                              tr("Last heard from the meter: {age}.").format(
                                  age=self.state.data_age_text()))
        else:
            result = feedback.ambient(float(elec.demand_kw), elec.typical_kw)
            self._set_ambient(result.level.value, tr(result.words), tr(result.reason))

        if elec is not None and elec.demand_kw is not None:
            suffix = "  " + tr("(not live)") if stale else ""
            self.power.setText(f"{elec.demand_kw:.2f} kW{suffix}")
            if elec.price is not None:
                rate = feedback.cost_per_hour(elec.demand_kw, elec.price.unit_price)
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
        if gas is not None and gas.last_half_hour_kwh is not None:
            self.gas.setText(f"{gas.last_half_hour_kwh:.2f} kWh")
            note = ""
            if gas.price is not None:
                cost = gas.price.unit_price * Decimal(str(gas.last_half_hour_kwh))
                note = feedback.pence_or_pounds(cost)
            if gas.reading is not None and gas.reading.volume_delivered_m3 is not None:
                note += " · " + tr("meter reads {m3} m³").format(
                    m3=f"{gas.reading.volume_delivered_m3:.3f}")
            self.gas_note.setText(note.strip(" ·"))
        elif gas is not None:
            self.gas.setText("–")
            self.gas_note.setText(tr("The gas meter reports every half hour."))
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

    def _set_ambient(self, level: str, words: str, reason: str) -> None:
        colour, icon, text = theme.AMBIENT[level]
        self.ambient.setStyleSheet(f"QFrame#ambient {{ background: {colour}; "
                                   f"border-radius: 18px; }} QLabel {{ color: {text}; }}")
        self.ambient_icon.setText(icon)
        self.ambient_words.setText(words)
        self.ambient_reason.setText(reason)
        self.ambient.setAccessibleDescription(f"{words}. {reason}")
