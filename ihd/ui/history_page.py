"""History: bar charts by half hour, day, week or month, this period against the one
before, compared like with like (only bars complete and with data in both), in the home's
time zone with its own tick labels (translated, never colliding)."""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta
from datetime import time as day_time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from bridge.model import Fuel, MeterIdentity, Money
from ihd.history.store import SeriesPoint
from ihd.i18n import tr
from ihd.i18n_mark import N_
from ihd.ui import when
from ihd.ui.state import DisplayState
from ihd.ui.tasks import spawn
from ihd.ui.widgets import choice_buttons, label

if TYPE_CHECKING:  # pyqtgraph (and numpy) load when the chart is first shown
    import pyqtgraph as pg

LoadSeries = Callable[[MeterIdentity, datetime, datetime, str], Awaitable[list[SeriesPoint]]]

# bucket -> the nominal step of one bar (months vary; bars are placed by their own start)
STEPS = {"half_hour": timedelta(minutes=30), "day": timedelta(days=1),
         "week": timedelta(weeks=1), "month": timedelta(days=30)}
PERIOD_WORDS = {"half_hour": N_("Today so far"), "day": N_("Last 7 days"),
                "week": N_("Last 12 weeks"), "month": N_("Last 12 months")}
BEFORE_WORDS = {"half_hour": N_("yesterday"), "day": N_("the same days last week"),
                "week": N_("the 12 weeks before"), "month": N_("the same months a year before")}
UNIT_WORDS = {"half_hour": N_("half hours"), "day": N_("days"), "week": N_("weeks"),
              "month": N_("months")}
ONE_UNIT_WORDS = {"half_hour": N_("half hour"), "day": N_("day"), "week": N_("week"),
                  "month": N_("month")}
RELOAD_EVERY_S = 30.0
BUCKET_WORDS = {"half_hour": N_("Today"), "day": N_("Days"), "week": N_("Weeks"),
                "month": N_("Months")}


# What the chart asks of the layout, also while only its placeholder is there: the room
# left, however little (pyqtgraph's own minimum made the page scroll at 800x480, hiding
# axis and legend), and pyqtgraph's preferred size.
CHART_MIN = QSize(200, 120)
CHART_HINT = QSize(600, 480)


def _chart_sized(widget: QWidget) -> None:
    widget.setMinimumSize(CHART_MIN)
    widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)


class _ChartPlace(QWidget):
    """Holds the chart's place in the layout, the same size to every layout question,
    until the page is first shown: a display that never opens History never loads
    pyqtgraph and numpy (a third of a second and 25 MB at start)."""

    def __init__(self) -> None:
        super().__init__()
        _chart_sized(self)

    def sizeHint(self) -> QSize:
        return CHART_HINT


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
        self._place: QWidget = _ChartPlace()
        self._place.setAccessibleName(tr("History chart"))
        outer.addWidget(self._place, 1)
        self._plot: pg.PlotWidget | None = None
        self._axis: pg.AxisItem | None = None
        self._tick_font: QFont | None = None
        self._palette: tuple[str, str] | None = None  # background, text
        self.legend = label("", name="muted", wrap=True)
        outer.addWidget(self.legend)
        self._task: asyncio.Task[None] | None = None
        self._loaded_at: float | None = None
        state.changed.connect(self._follow)

    @property
    def plot(self) -> pg.PlotWidget:
        """The chart, made (and pyqtgraph loaded) on first use: the page's first showing,
        or whoever asks for it first."""
        if self._plot is None:
            self._build_chart()
        assert self._plot is not None
        return self._plot

    @property
    def axis(self) -> pg.AxisItem:
        self.plot  # noqa: B018 - made with the chart
        assert self._axis is not None
        return self._axis

    def _build_chart(self) -> None:
        import pyqtgraph as pg

        pg.setConfigOptions(antialias=True, background="#1b2530", foreground="#f2f5f8")
        plot = pg.PlotWidget()
        plot.setAccessibleName(tr("History chart"))
        _chart_sized(plot)
        plot.showGrid(y=True, alpha=0.2)
        plot.setMouseEnabled(x=True, y=False)  # pan and zoom along time only
        # Our own tick labels: in the home's zone and language, spaced so none collide.
        self._axis = pg.AxisItem(orientation="bottom")
        plot.setAxisItems({"bottom": self._axis})
        plot.getAxis("left").enableAutoSIPrefix(False)
        layout = self.layout()
        assert layout is not None
        layout.replaceWidget(self._place, plot)
        plot.show()  # now, not on the next turn of the loop: this turn may draw the page
        self._place.deleteLater()
        self._place = plot
        self._plot = plot
        if self._tick_font is not None:
            self._style_axes(self._tick_font)
        if self._palette is not None:
            self._colour_chart(*self._palette)

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
        self.plot  # noqa: B018 - the chart is made the first time it is seen
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
        """(start, end, start of the period before) in the home's zone: today by half
        hour, the last 7 days, 12 weeks or 12 months, each whole, this one last."""
        zone = self.state.zone
        today = self.state.local(self._now()).date()

        def midnight(day: date) -> datetime:
            return datetime.combine(day, day_time(0), tzinfo=zone)

        if self.bucket == "half_hour":
            return midnight(today), midnight(today + timedelta(days=1)), midnight(
                today - timedelta(days=1))
        if self.bucket == "day":
            first = today - timedelta(days=6)
            return midnight(first), midnight(today + timedelta(days=1)), midnight(
                first - timedelta(days=7))
        if self.bucket == "week":
            monday = today - timedelta(days=today.weekday())
            first = monday - timedelta(weeks=11)
            return midnight(first), midnight(monday + timedelta(weeks=1)), midnight(
                first - timedelta(weeks=12))
        index = today.year * 12 + today.month - 1 - 11
        first = date(index // 12, index % 12 + 1, 1)
        after = date(today.year + today.month // 12, today.month % 12 + 1, 1)
        return midnight(first), midnight(after), midnight(first.replace(year=first.year - 1))

    async def _reload(self) -> None:
        view = self.state.meter_of(self.fuel)
        if view is None:
            self.current, self.previous = [], []
            self.draw()
            return
        start, end, before = self.period_window()
        current = await self._load(view.meter, start, end, self.bucket)
        previous = await self._load(view.meter, before, start, self.bucket)
        # Both at once: between the two loads a redraw (a unit tap) would compare this
        # period's bars with the last view's (seven days against yesterday's half hours).
        self.current, self.previous = current, previous
        self.draw()

    def values(self, points: list[SeriesPoint]) -> list[float | None]:
        if self.unit == "kwh":
            return [p.energy_kwh for p in points]
        return [float(p.cost) if p.cost is not None else None for p in points]

    def _xs(self) -> list[float]:
        """Each bar's centre, by this period's bars (the period before is drawn over
        them bar for bar: the same half hour yesterday, the same weekday last week)."""
        step = STEPS[self.bucket].total_seconds()
        return [p.start.timestamp() + step / 2 for p in self.current]

    def draw(self) -> None:
        import pyqtgraph as pg

        self.plot.clear()
        step = STEPS[self.bucket].total_seconds()
        xs_all = self._xs()
        for points, fill in ((self.previous, None), (self.current, self._bar_colour)):
            xs, heights = [], []
            for x, v in zip(xs_all, self.values(points), strict=False):
                if v is None:
                    continue  # a gap is drawn as nothing, never as zero
                xs.append(x)
                heights.append(v)
            if not xs:
                continue
            if fill is None:
                bars = pg.BarGraphItem(x=xs, height=heights, width=step * 0.8, brush=None,
                                       pen=pg.mkPen(self._outline_colour, width=2))
            else:
                bars = pg.BarGraphItem(x=xs, height=heights, width=step * 0.56, brush=fill,
                                       pen=None)
            self.plot.addItem(bars)
        currency = self.state.daily_budget.currency  # the household's money
        self.unit_buttons["money"].setText(currency.symbol)
        unit = "kWh" if self.unit == "kwh" else currency.symbol
        self.plot.setLabel("left", unit)
        if self.current:
            # Always the whole period, so a day with little data still reads as a day.
            self.plot.setXRange(xs_all[0] - step / 2, xs_all[-1] + step / 2, padding=0.02)
        self._set_ticks()
        self.summary.setText(self._summary(unit))
        self.legend.setText(self._legend())

    def set_scale(self, scale: float) -> None:
        """Tick labels as large as the page's body text (pyqtgraph's own are 9 px)."""
        font = QFont(self.font())
        font.setPixelSize(max(12, round(18 * scale)))
        self._tick_font = font
        if self._plot is not None:  # else when it is made
            self._style_axes(font)
            self._set_ticks()

    def _style_axes(self, font: QFont) -> None:
        for name in ("left", "bottom"):
            self.plot.getAxis(name).setStyle(tickFont=font)

    _bar_colour = "#7cc4ff"
    _outline_colour = "#b7c2cd"

    def set_palette(self, background: str, text: str, bars: str, outline: str) -> None:
        """The chart in the theme's colours (high contrast too, not only the widgets)."""
        self._bar_colour, self._outline_colour = bars, outline
        self._palette = (background, text)
        if self._plot is None:
            return  # coloured when it is made
        self._colour_chart(background, text)
        if self.current:
            self.draw()

    def _colour_chart(self, background: str, text: str) -> None:
        import pyqtgraph as pg

        self.plot.setBackground(background)
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            axis.setPen(pg.mkPen(text))
            axis.setTextPen(pg.mkPen(text))

    def tick_labels(self) -> list[tuple[float, str]]:
        """Every bar's label; _set_ticks keeps as many as fit without touching."""
        out = []
        for x, p in zip(self._xs(), self.current, strict=True):
            local = self.state.local(p.start)
            if self.bucket == "half_hour":
                if local.minute == 0:
                    out.append((x, when.clock(local)))
            elif self.bucket == "day":
                out.append((x, when.weekday_day(local)))
            elif self.bucket == "week":
                out.append((x, when.day_month(local)))
            else:
                out.append((x, when.month(local)))
        return out

    def _set_ticks(self) -> None:
        if self._plot is None:
            return  # nothing drawn yet: ticks come with the first draw
        labels = self.tick_labels()
        if not labels:
            self.axis.setTicks([[]])
            return
        tick_font = self.axis.style.get("tickFont")
        metrics = QFontMetrics(tick_font if isinstance(tick_font, QFont) else self.font())
        widest = max(metrics.horizontalAdvance(text) for _, text in labels) + 24
        room = max(1, self.plot.width() - 80)  # less the left axis
        fit = max(1, room // widest)
        stride = max(1, math.ceil(len(labels) / fit))
        self.axis.setTicks([labels[::stride]])

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._set_ticks()

    def _compared(self) -> tuple[float, float, int]:
        """Totals over the bars complete and with data in both periods, and how many."""
        now = self._now()
        step = STEPS[self.bucket]
        a = b = 0.0
        count = 0
        for i, (p, v) in enumerate(zip(self.current, self.values(self.current), strict=True)):
            before = self.values(self.previous)[i] if i < len(self.previous) else None
            if v is None or before is None or p.start + step > now:
                continue
            a, b, count = a + v, b + before, count + 1
        return a, b, count

    def _summary(self, unit: str) -> str:
        now_total = sum(v for v in self.values(self.current) if v is not None)
        now = self._now()
        gaps = sum(1 for p, v in zip(self.current, self.values(self.current), strict=True)
                   if v is None and p.start < now)
        past = sum(1 for p in self.current if p.start < now)

        def amount(value: float) -> str:
            if unit == "kWh":
                return f"{value:.2f} {unit}"
            return str(Money(Decimal(f"{value:.2f}"), self.state.daily_budget.currency))

        text = tr("{period}: {amount}").format(period=tr(PERIOD_WORDS[self.bucket]),
                                              amount=amount(now_total))
        a, b, count = self._compared()
        if count:
            text += "\n" + tr("Like for like, the {count} {units} complete with data in both: "
                              "{now} against {before} {when}").format(
                count=count, now=amount(a),
                units=tr((ONE_UNIT_WORDS if count == 1 else UNIT_WORDS)[self.bucket]),
                before=amount(b), when=tr(BEFORE_WORDS[self.bucket]))
            if b > 0:
                change = round((a - b) / b * 100)
                text += f" ({change:+d}%)"
        if gaps and self.current:
            text += "\n" + tr("{gaps} of {bars} bars so far have no data").format(
                gaps=gaps, bars=past)
        return text

    def _legend(self) -> str:
        text = tr("Filled bars: this period. Outlines: {before}.").format(
            before=tr(BEFORE_WORDS[self.bucket]))
        if self.unit == "money":
            text += " " + tr("Energy only: the standing charge is not included.")
            if any(p.estimated for p in (*self.current, *self.previous)):
                text += " " + tr("Some half hours are priced by estimate (the tariff in force).")
        return text
