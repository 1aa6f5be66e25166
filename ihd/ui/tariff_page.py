"""Tariff: the price now, today's time-of-use bands, the standing charge, the next change."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QGridLayout, QListWidget, QVBoxLayout, QWidget

from bridge.model import Fuel, Money
from ihd.i18n import tr
from ihd.ui.state import DisplayState
from ihd.ui.widgets import Card, label


def per_kwh(price: Money) -> str:
    if price.currency.code == "GBP":
        return tr("{price} per kWh").format(price=f"{price.amount * 100:.2f}p")
    # Unit prices are quoted to a tenth of a cent or finer ($0.1350/kWh on US bills):
    # rounding to whole cents would show 13.5¢ as 14¢.
    return tr("{price} per kWh").format(
        price=f"{price.currency.symbol}{price.amount.quantize(Decimal('0.0001'))}")


class TariffPage(QWidget):
    def __init__(self, state: DisplayState) -> None:
        super().__init__()
        self.state = state
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        grid = QGridLayout()
        grid.setSpacing(12)
        self.now_card = Card(tr("Electricity price now"))
        self.now_price = label("–", name="big")
        self.now_band = label("", name="medium")
        self.next_change = label("", wrap=True)
        for w in (self.now_price, self.now_band, self.next_change):
            self.now_card.layout_.addWidget(w)
        self.standing_card = Card(tr("Standing charges (per day)"))
        self.standing = label("–", wrap=True)
        self.standing_card.layout_.addWidget(self.standing)
        self.bands_card = Card(tr("Rates on your tariff"))
        self.bands = QListWidget()
        self.bands.setAccessibleName(tr("Tariff rates"))
        self.bands_card.layout_.addWidget(self.bands)
        self.today_card = Card(tr("Today's rates from now"))
        self.today = QListWidget()
        self.today.setAccessibleName(tr("Today's rates from now"))
        self.today_card.layout_.addWidget(self.today)
        grid.addWidget(self.now_card, 0, 0)
        grid.addWidget(self.standing_card, 0, 1)
        grid.addWidget(self.bands_card, 1, 0)
        grid.addWidget(self.today_card, 1, 1)
        outer.addLayout(grid, 1)
        state.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        elec = self.state.meter_of(Fuel.ELECTRICITY)
        gas = self.state.meter_of(Fuel.GAS)
        now = self.state.now()
        price = self.state.price_at(elec, now) if elec is not None else None
        if price is None:
            self.now_price.setText("–")
            self.now_band.setText("")
            self.next_change.setText(tr("Waiting for the meter's price.")
                                     if elec is not None else "")
        else:
            self.now_price.setText(per_kwh(price.unit_price))
            self.now_band.setText(price.rate_label)
            if price.end is not None:
                local = self.state.local(price.end)
                self.next_change.setText(tr("Until {time}, then the next rate applies").format(
                    time=f"{local:%H:%M}"))
            else:
                self.next_change.setText(tr("Until the supplier changes it"))
        lines = []
        for view, name in ((elec, tr("Electricity")), (gas, tr("Gas"))):
            if view is not None and view.tariff is not None:
                charge = view.tariff.standing_charge_per_day
                lines.append(f"{name}: {charge.amount * 100:.2f}p" if charge else
                             tr("{fuel}: none").format(fuel=name))
        self.standing.setText("\n".join(lines) or "–")
        self.bands.clear()
        for view, name in ((elec, tr("Electricity")), (gas, tr("Gas"))):
            if view is None or view.tariff is None:
                continue
            for tier in view.tariff.tier_prices:
                self.bands.addItem(f"{name} · {tier.label}: {per_kwh(tier.unit_price)}")
        self.today.clear()
        if elec is not None:
            for p in elec.upcoming_prices:
                if p.end is not None and p.end <= now:
                    continue  # a band that has ended is not one of today's rates from now
                start = self.state.local(p.start)
                end = f"{self.state.local(p.end):%H:%M}" if p.end else "…"
                self.today.addItem(f"{start:%H:%M}–{end}  {p.rate_label}: "
                                   f"{per_kwh(p.unit_price)}")
        if self.today.count() == 0:
            self.today.addItem(tr("No scheduled changes received yet."))
