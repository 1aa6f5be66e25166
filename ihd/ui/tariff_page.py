"""Tariff: the price now, today's time-of-use bands, the standing charge, the next change."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from PySide6.QtWidgets import QGridLayout, QListWidget, QSizePolicy, QVBoxLayout, QWidget

from bridge.model import Fuel, Money
from ihd import tariff_bands
from ihd.i18n import tr
from ihd.ui.state import DisplayState, MeterView
from ihd.ui.widgets import Card, label
from ihd.ui.words import rate_label


def per_kwh(price: Money) -> str:
    if price.currency.code == "GBP":
        return tr("{price} per kWh").format(price=f"{price.amount * 100:.2f}p")
    # Unit prices are quoted to a tenth of a cent or finer ($0.1350/kWh on US bills):
    # rounding to whole cents would show 13.5¢ as 14¢.
    return tr("{price} per kWh").format(
        price=f"{price.currency.symbol}{price.amount.quantize(Decimal('0.0001'))}")


def standing_text(charge: Money) -> str:
    """A day's standing charge: pence in GB (53.53p), the money itself elsewhere."""
    if charge.currency.code == "GBP":
        return f"{charge.amount * 100:.2f}p"
    return str(charge)


def tariff_rates(view: MeterView) -> list[tuple[str, Money]]:
    """Each rate on the tariff at its latest price: a price published after the tariff
    (a price change) replaces the tariff's figure for that tier."""
    rates: dict[int, tuple[str, Money]] = {}
    tariff = view.tariff
    if tariff is not None:
        rates = {t.tier: (t.label, t.unit_price) for t in tariff.tier_prices}
    for tier, price in view.tier_prices.items():
        if tariff is None or price.timestamp >= tariff.timestamp or tier not in rates:
            rates[tier] = (price.rate_label or rates.get(tier, ("", price.unit_price))[0],
                           price.unit_price)
    return [rates[tier] for tier in sorted(rates)]


def block_lines(view: MeterView) -> list[str]:
    """A block tariff's blocks in words: where each starts and what it costs."""
    blocks = view.blocks
    if blocks is None:
        return []
    per = tr("a day") if blocks.period == timedelta(days=1) else tr("a block period")
    names = {t.tier: t.label for t in view.tariff.tier_prices} if view.tariff else {}
    lines = []
    for price in sorted(blocks.prices, key=lambda p: (p.tier, p.block)):
        if price.tier == 0 and len(names) > 1:
            continue  # the tiers' own block prices are listed
        if price.tier != 0 and len(names) <= 1 and any(p.tier == 0 for p in blocks.prices):
            continue  # one rate: its blocks are the no-tier ones
        low = blocks.thresholds_kwh[price.block - 2] if price.block > 1 else None
        first = blocks.thresholds_kwh[0].normalize()
        where = (tr("first {kwh} kWh {per}").format(kwh=f"{first:f}", per=per)
                 if low is None else tr("above {kwh} kWh {per}").format(
                     kwh=f"{low.normalize():f}", per=per))
        band = names.get(price.tier, "") if len(names) > 1 else ""
        lines.append(tr("{band}, {where}: {price}").format(
            band=band or tr("Block {n}").format(n=price.block), where=where,
            price=per_kwh(price.unit_price)))
    return lines


class TariffPage(QWidget):
    def _bands_ahead(self, view: MeterView, now: datetime) -> list[tariff_bands.Band]:
        """The meter's calendar bands from the one in force now to the end of tomorrow
        (never one that has ended); none without a calendar."""
        if view.calendar is None:
            return []
        today = self.state.local(now).date()
        return [b for day in (today, today + timedelta(days=1))
                for b in tariff_bands.day_bands(view.calendar, view.tariff, day,
                                                self.state.zone) if b.end > now]

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
        # Takes the room there is (its own preferred height made the page scroll on a
        # small screen); the list scrolls inside itself.
        self.bands.setMinimumHeight(36)
        self.bands.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.bands.setAccessibleName(tr("Tariff rates"))
        self.bands_card.layout_.addWidget(self.bands, 1)
        self.today_card = Card(tr("Today's and tomorrow's rates"))
        self.today = QListWidget()
        self.today.setMinimumHeight(36)
        self.today.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.today.setAccessibleName(tr("Today's and tomorrow's rates"))
        self.today_card.layout_.addWidget(self.today, 1)
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
        ahead = self._bands_ahead(elec, now) if elec is not None else []
        price = self.state.price_at(elec, now) if elec is not None else None
        band_now = ahead[0] if ahead and ahead[0].start <= now else None
        if price is not None:
            label_now, unit_price, ends = price.rate_label, price.unit_price, price.end
        elif band_now is not None and band_now.unit_price is not None:
            # No PublishPrice heard yet: the calendar says which band this is.
            label_now, unit_price, ends = band_now.label, band_now.unit_price, band_now.end
        else:
            self.now_price.setText("–")
            self.now_band.setText("")
            self.next_change.setText(tr("Waiting for the meter's price.")
                                     if elec is not None else "")
            label_now = ""
        if label_now:
            self.now_price.setText(per_kwh(unit_price))
            self.now_band.setText(rate_label(label_now))
            following = next((b for b in ahead if b.start > now and b.label != label_now),
                             None)
            if following is not None and following.unit_price is not None:
                self.next_change.setText(tr("From {time}: {band}, {price}").format(
                    time=f"{self.state.local(following.start):%H:%M}",
                    band=rate_label(following.label),
                    price=per_kwh(following.unit_price)))
            elif ends is not None:
                self.next_change.setText(tr("Until {time}, then the next rate applies").format(
                    time=f"{self.state.local(ends):%H:%M}"))
            else:
                self.next_change.setText(tr("Until the supplier changes it"))
        lines = []
        for view, name in ((elec, tr("Electricity")), (gas, tr("Gas"))):
            if view is None:
                continue
            charge = view.tariff.standing_charge_per_day if view.tariff is not None else None
            if charge is None:  # a RAVEn or an EAGLE passes on no tariff: say so, no dash
                lines.append(tr("{fuel}: not given by the meter").format(fuel=name))
            elif charge.amount == 0:
                lines.append(tr("{fuel}: none").format(fuel=name))
            else:
                lines.append(f"{name}: {standing_text(charge)}")
        self.standing.setText("\n".join(lines) or "–")
        self.bands.clear()
        for view, name in ((elec, tr("Electricity")), (gas, tr("Gas"))):
            if view is None:
                continue
            for label_, unit_price in tariff_rates(view):
                self.bands.addItem(f"{name} · {rate_label(label_)}: {per_kwh(unit_price)}")
            for line in block_lines(view):
                self.bands.addItem(line)
        self.today.clear()
        if ahead:
            today = self.state.local(now).date()
            shown_day = None
            for band in ahead:
                day = max(self.state.local(band.start).date(), today)
                if day != shown_day:
                    shown_day = day
                    self.today.addItem(tr("Today") if day == today else tr("Tomorrow"))
                cost = per_kwh(band.unit_price) if band.unit_price else tr("price not sent")
                self.today.addItem(f"  {self.state.local(band.start):%H:%M}–"
                                   f"{self.state.local(band.end):%H:%M}  "
                                   f"{rate_label(band.label)}: {cost}")
        elif elec is not None:
            for p in elec.upcoming_prices:
                if p.end is not None and p.end <= now:
                    continue  # a band that has ended is not one of today's rates from now
                start = self.state.local(p.start)
                if p.end is not None:
                    when = f"{start:%H:%M}–{self.state.local(p.end):%H:%M}"
                elif p.start <= now:  # open-ended, in force: not "07:28–…"
                    when = tr("Now, until changed")
                else:
                    when = tr("From {time}").format(time=f"{start:%H:%M}")
                self.today.addItem(f"{when}  {rate_label(p.rate_label)}: "
                                   f"{per_kwh(p.unit_price)}")
        if self.today.count() == 0:
            self.today.addItem(tr("No scheduled changes received yet."))
