"""History: bar charts by half hour, day, week or month, this period against the last."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pyqtgraph as pg
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from bridge.model import Fuel, MeterIdentity, Money
from ihd.history.store import SeriesPoint
from ihd.i18n import tr
from ihd.i18n_mark import N_
from ihd.ui.state import DisplayState
from ihd.ui.tasks import spawn
from ihd.ui.widgets import choice_buttons, label

LoadSeries = Callable[[MeterIdentity, datetime, datetime, str], Awaitable[list[SeriesPoint]]]

# bucket -> (span shown, step of one bar)
SPANS = {"half_hour": (timedelta(days=1), timedelta(minutes=30)),
         "day": (timedelta(days=14), timedelta(days=1)),
         "week": (timedelta(weeks=12), timedelta(weeks=1)),
         "month": (timedelta(days=365), timedelta(days=31))}
RELOAD_EVERY_S = 30.0
BUCKET_WORDS = {"half_hour": N_("Today"), "day": N_("Days"), "week": N_("Weeks"),
                "month": N_("Months")}


class HistoryPage(QWidget):
    def __init__(self, state: DisplayState, load: LoadSeries,
                 now: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self.state = state
        self._load = load
        self._now = now or state.now
        self.bucket = "half_hour"
        self.unit = "kwh"
        self.fuel = Fuel.ELECTRICITY
        self.current: list[SeriesPoint] = []
        self.previous: list[SeriesPoint] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        controls = QHBoxLayout()
        self.bucket_buttons = self._group(controls, {k: tr(v) for k, v in BUCKET_WORDS.items()},
                                          self.bucket, self.set_bucket)
        controls.addSpacing(24)
        self.unit_buttons = self._group(controls, {"kwh": "kWh",
                                                   "money": state.daily_budget.currency.symbol},
                                        self.unit,
                                        self.set_unit)
        controls.addSpacing(24)
        self.fuel_buttons = self._group(controls, {Fuel.ELECTRICITY: tr("Electricity"),
                                                   Fuel.GAS: tr("Gas")}, self.fuel,
                                        self.set_fuel)
        controls.addStretch(1)
        outer.addLayout(controls)
        self.summary = label("", wrap=True)
        self.summary.setAccessibleName(tr("History summary"))
        outer.addWidget(self.summary)
        pg.setConfigOptions(antialias=True, background="#1b2530", foreground="#f2f5f8")
        self.plot = pg.PlotWidget()
        self.plot.setAccessibleName(tr("History chart"))
        self.plot.showGrid(y=True, alpha=0.2)
        self.plot.setMouseEnabled(x=True, y=False)  # pan and zoom along time only
        axis = pg.DateAxisItem(orientation="bottom", utcOffset=None)
        self.plot.setAxisItems({"bottom": axis})
        self.plot.getAxis("left").enableAutoSIPrefix(False)
        outer.addWidget(self.plot, 1)
        self.legend = label(tr("Filled bars: this period.  Outlines: the period before."),
                            name="muted")
        outer.addWidget(self.legend)
        self._task: asyncio.Task[None] | None = None
        self._loaded_at: float | None = None
        state.changed.connect(self._follow)

    def _group(self, row: QHBoxLayout, options: dict[Any, str], selected: object,
               on_pick: Callable[[Any], None]) -> dict[Any, QPushButton]:
        return choice_buttons(row, options, selected, on_pick,
                              lambda text: tr("Show {choice}").format(choice=text))

    def set_bucket(self, bucket: object) -> None:
        self.bucket = str(bucket)
        self.reload()

    def set_unit(self, unit: object) -> None:
        self.unit = str(unit)
        self.draw()

    def set_fuel(self, fuel: object) -> None:
        self.fuel = Fuel(str(fuel))
        self.reload()

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self.reload()

    def _follow(self) -> None:
        """Keep a shown chart current as the history fills: at once while it has no data
        (the meter's log arrives after start), then at most every RELOAD_EVERY_S."""
        if not self.isVisible() or (self._task is not None and not self._task.done()):
            return
        empty = not any(v is not None for v in self.values(self.current))
        if (empty or self._loaded_at is None
                or time.monotonic() - self._loaded_at > RELOAD_EVERY_S):
            self.reload()

    def reload(self) -> None:
        self._loaded_at = time.monotonic()
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._task = spawn(self._reload())

    async def loaded(self) -> None:
        """Until the series being loaded is drawn (a screenshot waits for this, not for a
        fixed time). A load replaced by a newer one is followed, a few times at most: a
        chart kept current while it is empty may start another load on every reading."""
        for _ in range(3):
            task = self._task
            if task is None or task.done():
                return
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.shield(task)
            if not task.cancelled():
                return

    def period_window(self) -> tuple[datetime, datetime, datetime]:
        span, _ = SPANS[self.bucket]
        now = self.state.local(self._now())
        if self.bucket == "half_hour":
            start = now.replace(hour=0, minute=0, second=0, microsecond=0)
            end = start + timedelta(days=1)
        else:
            end = now
            start = now - span
        return start, end, start - (end - start)

    async def _reload(self) -> None:
        view = self.state.meter_of(self.fuel)
        if view is None:
            self.current, self.previous = [], []
            self.draw()
            return
        start, end, before = self.period_window()
        self.current = await self._load(view.meter, start, end, self.bucket)
        self.previous = await self._load(view.meter, before, start, self.bucket)
        self.draw()

    def values(self, points: list[SeriesPoint]) -> list[float | None]:
        if self.unit == "kwh":
            return [p.energy_kwh for p in points]
        return [float(p.cost) if p.cost is not None else None for p in points]

    def draw(self) -> None:
        self.plot.clear()
        _, step = SPANS[self.bucket]
        width = step.total_seconds() * 0.8
        shift = (self.current[0].start - self.previous[0].start).total_seconds() \
            if self.current and self.previous else 0
        for points, fill in ((self.previous, None), (self.current, "#7cc4ff")):
            xs, heights = [], []
            for p, v in zip(points, self.values(points), strict=True):
                if v is None:
                    continue  # a gap is drawn as nothing, never as zero
                x = p.start.timestamp() + step.total_seconds() / 2
                xs.append(x + (shift if fill is None else 0))
                heights.append(v)
            if not xs:
                continue
            if fill is None:
                bars = pg.BarGraphItem(x=xs, height=heights, width=width, brush=None,
                                       pen=pg.mkPen("#b7c2cd", width=2))
            else:
                bars = pg.BarGraphItem(x=xs, height=heights, width=width * 0.7, brush=fill,
                                       pen=None)
            self.plot.addItem(bars)
        currency = self.state.daily_budget.currency  # the household's money
        self.unit_buttons["money"].setText(currency.symbol)
        unit = "kWh" if self.unit == "kwh" else currency.symbol
        self.plot.setLabel("left", unit)
        if self.current:
            # Always the whole period, so a day with little data still reads as a day.
            first = self.current[0].start.timestamp()
            last = self.current[-1].start.timestamp() + step.total_seconds()
            self.plot.setXRange(first, last, padding=0.02)
        self.summary.setText(self._summary(unit))

    def _summary(self, unit: str) -> str:
        now_total = sum(v for v in self.values(self.current) if v is not None)
        before = [v for v in self.values(self.previous) if v is not None]
        now = self._now()
        gaps = sum(1 for p, v in zip(self.current, self.values(self.current), strict=True)
                   if v is None and p.start < now)
        past = sum(1 for p in self.current if p.start < now)
        def amount(value: float) -> str:
            if unit == "kWh":
                return f"{value:.2f} {unit}"
            return str(Money(Decimal(f"{value:.2f}"), self.state.daily_budget.currency))

        text = tr("This period: {amount}").format(amount=amount(now_total))
        if before:
            text += "   ·   " + tr("the period before: {amount}").format(
                amount=amount(sum(before)))
        if gaps and self.current:
            text += "   ·   " + tr("{gaps} of {bars} bars so far have no data").format(
                gaps=gaps, bars=past)
        return text
