"""Wiring between a Source, the history store and the view model.

Updates go to the view model at once (the screen never waits for the disk) and to the
store in batches every `flush_s` seconds on a worker thread. When the store cannot write
(disk full, read-only) the screen says so and live data keeps flowing; updates wait in a
bounded buffer and are written when the store works again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal

from bridge.model import (
    GBP,
    BlockTariff,
    ConnectionState,
    Fuel,
    MeterClock,
    MeterIdentity,
    MeterReading,
    Money,
    Price,
    SourceStatus,
    Tariff,
    TariffCalendar,
    TenancyChange,
    TopUpCode,
    TopUpResult,
    Update,
)
from bridge.sources.base import Source, SourceError
from bridge.tasks import cancel_and_wait
from ihd.forecast import LOOKBACK_DAYS, usual_use
from ihd.history.store import HistoryError, HistoryStore, SeriesPoint, SoFar, TopUpRecord
from ihd.i18n import tr
from ihd.tariff_bands import block_prices, implied_prices, is_block_price
from ihd.ui.state import REDRAW_AFTER_S, DisplayState
from ihd.ui.status_words import history_words, said_words

log = logging.getLogger(__name__)
# Every page's history figures by meter, and the latest top-ups.
_History = tuple[dict[MeterIdentity, dict[str, object]], list[TopUpRecord]]

BACKFILL_DAYS = timedelta(days=14)  # the meter's own log fetched at start
MAX_UNSAVED = 100_000  # about a day of 10 s readings for two meters
FIRST_READING_WAIT_S = 30.0
PRUNE_EVERY = timedelta(hours=6)  # how often (by the data's clock) raw readings are pruned


class Controller:
    def __init__(self, state: DisplayState, store: HistoryStore | None, *,
                 flush_s: float = 2.0) -> None:
        self.state = state
        self.store = store
        self.flush_s = flush_s
        self.source: Source | None = None
        self._unsaved: deque[Update] = deque(maxlen=MAX_UNSAVED)
        self._tasks: list[asyncio.Task[None]] = []
        self._first_reading = asyncio.Event()  # the data's clock is known
        self._something_unsaved = asyncio.Event()
        self._flush_lock = asyncio.Lock()
        self.after_flush: list[Callable[[], None]] = []
        # A change of tenancy announced by the meter, waiting for its effective time;
        # the app decides what a wipe means (ihd.tenancy) and sets the hook.
        self.on_tenancy_change: Callable[[TenancyChange], None] | None = None
        self._pending_tenancy: TenancyChange | None = None
        # When this household began on this display: a change of tenancy that took
        # effect before it is the previous occupier's (a bridge replays its journal to a
        # newly paired display), never a reason to wipe the new one.
        self.household_since: datetime | None = None
        self._lost_at: datetime | None = None  # when the source went away, if it has
        # How far ahead the calendar has priced each meter's half hours.
        self._priced_until: dict[MeterIdentity, datetime] = {}
        self._next_prune: datetime | None = None  # raw readings' retention, by data time
        # From where each block-tariff meter's half hours still need block costs.
        self._blocks_from: dict[MeterIdentity, datetime] = {}
        self._block_sent: dict[tuple[MeterIdentity, datetime], Money] = {}

    def now(self) -> datetime:
        """The meter's clock where it states one (the Time cluster), else the data's own
        clock (simulated time in the demo), else the wall clock."""
        meter, data = self.state.meter_now(), self.state.data_time
        if meter is not None and data is not None:
            # Both on the meter's clock; Time has whole seconds and arrives late, so the
            # newest reading may be a moment ahead of it.
            return max(meter, data)
        return meter or data or self.state.wall_clock()

    async def attach(self, source: Source) -> None:
        """Start following `source` (stopping the one followed before, if any)."""
        if self.source is not None:
            await self.detach()
        self.source = source
        self._lost_at = None
        self.state.source_name = (said_words(source.said_name) if source.said_name is not None
                                  else source.name)
        if source.currency is not None:  # a US home's display counts in dollars
            self.state.use_currency(source.currency)
            if source.currency != GBP:  # and its times are not London's
                self.state.source_abroad()
                if self.store is not None:
                    await self._follow_zone()
        stream = source.subscribe()
        self._tasks.append(asyncio.create_task(self._pump(stream), name="ihd-pump"))
        self._tasks.append(asyncio.create_task(self._flush_loop(), name="ihd-flush"))
        try:
            await source.start()
        except BaseException:
            # Nothing half-attached: the screen goes back to "no source".
            await self.detach()
            self.state.source_name = ""
            raise
        await self.flush()
        self._tasks.append(asyncio.create_task(self._backfill(), name="ihd-backfill"))

    async def _backfill(self, since: datetime | None = None) -> None:
        """Fill the history from the meter's own half-hour log (after first start, a
        time switched off or a stick that was out), from `since` (default two weeks)."""
        if self.store is None or self.source is None:
            return
        if since is None:
            # Two weeks back on the meter's clock (a demo's may be months from ours): wait
            # briefly for its first reading, which over a bridge comes after start().
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(FIRST_READING_WAIT_S):
                    await self._first_reading.wait()
            since = self.now() - BACKFILL_DAYS
        for meter in list(self.source.meters):
            try:
                readings = await self.source.backfill(meter, since)
            except SourceError as exc:
                log.info("backfill of %s failed: %s", meter.key, exc)
                continue
            except Exception:  # a fault reading a meter's log must not stop the display
                log.exception("backfill of %s failed", meter.key)
                continue
            intervals = [(r.timestamp - timedelta(minutes=30), r.energy_delivered_kwh)
                         for r in readings]
            try:
                await asyncio.to_thread(self.store.import_profile, meter, intervals)
            except HistoryError as exc:
                self.state.set_history_error(history_words(exc))
                return
            if intervals:  # half hours from the meter's log: their block costs again
                first = min(start for start, _ in intervals)
                self._blocks_from[meter] = min(self._blocks_from.get(meter, first), first)
        await self.refresh_history()

    async def detach(self) -> None:
        """Stop following the source; what it sent is saved."""
        # Backfills first: they are asking the source, which is about to go away.
        await cancel_and_wait([t for t in self._tasks if t.get_name().startswith(
            "ihd-backfill")])
        if self.source is not None:
            with contextlib.suppress(SourceError):
                await self.source.stop()
        await cancel_and_wait(self._tasks)
        self._tasks.clear()
        self.source = None
        await self.flush()

    async def stop(self) -> None:
        await self.detach()

    async def wipe_household(self, daily_budget: Money) -> None:
        """A change of tenancy: stop the source and delete every trace of the household
        from the screen, the unsaved buffer and the history file."""
        await self.detach()
        self._unsaved.clear()
        self._block_sent.clear()
        self._blocks_from.clear()
        self._priced_until.clear()
        self.state.data_time = None
        self._first_reading.clear()
        self.after_flush.clear()
        if self.store is not None:
            await asyncio.to_thread(self.store.wipe_household)
        self.state.clear_household(daily_budget)

    async def _pump(self, stream: object) -> None:
        async for update in stream:  # type: ignore[attr-defined]
            if isinstance(update, TenancyChange):
                if update.clears_display and (self.household_since is None
                                              or update.effective > self.household_since):
                    self._pending_tenancy = update
                    self._check_tenancy(update.timestamp)
                continue
            if isinstance(update, SourceStatus) and update.meter is None:
                self._note_source_status(update)
            self.state.apply(update)
            if isinstance(update, MeterClock | Price) and self.store is not None:
                await self._follow_zone()  # the meter's zone, or a dollar home's
            if isinstance(update, TariffCalendar | Tariff):
                self._price_from_calendar(update.meter)
            if isinstance(update, TariffCalendar | Tariff | BlockTariff):
                self._blocks_from.pop(update.meter, None)  # every period's costs again
            self._unsaved.append(update)
            self._something_unsaved.set()
            if isinstance(update, MeterReading) and (
                    self.state.data_time is None
                    or update.timestamp > self.state.data_time):
                self.state.data_time = update.timestamp
                self._first_reading.set()
                self._check_tenancy(update.timestamp)

    def _price_from_calendar(self, meter: MeterIdentity) -> None:
        """With the meter's calendar and tariff, every half hour from the oldest a
        backfill reaches to the end of tomorrow gets the price in force then."""
        view = self.state.meters.get(meter)
        if self.store is None or view is None or view.calendar is None or view.tariff is None:
            return
        now = self.now()
        start, end = now - BACKFILL_DAYS - timedelta(days=1), now + timedelta(days=2)
        self._unsaved.extend(implied_prices(view.calendar, view.tariff, start, end,
                                            self.state.zone))
        self._something_unsaved.set()
        self._priced_until[meter] = end

    async def _price_blocks(self, meter: MeterIdentity) -> None:
        """On a block tariff each half hour costs what its energy did in its block period
        (first the oldest periods a backfill reached, then the current one each time)."""
        view = self.state.meters.get(meter)
        if self.store is None or view is None or view.blocks is None:
            return
        blocks, now = view.blocks, self.now()
        asked = self._blocks_from.get(meter)
        since = asked or now - BACKFILL_DAYS - timedelta(days=1)
        prices = [p for p in await asyncio.to_thread(self._block_prices, meter, blocks, since,
                                                     now)
                  if self._block_sent.get((meter, p.start)) != p.unit_price]
        self._block_sent.update({(meter, p.start): p.unit_price for p in prices})
        if prices:  # only what changed: an idle display stays idle
            self._unsaved.extend(prices)
            self._something_unsaved.set()
        # A backfill (or a new tariff) that asked for older periods again while this was
        # pricing must keep its ask: this pass may have read those days half written.
        if self._blocks_from.get(meter) == asked:
            self._blocks_from[meter] = blocks.period_containing(now)[0]

    def _block_prices(self, meter: MeterIdentity, blocks: BlockTariff, since: datetime,
                      now: datetime) -> list[Price]:
        assert self.store is not None
        view = self.state.meters[meter]
        tiers = {t.tier: t.label for t in view.tariff.tier_prices} if view.tariff else {}
        windows = (view.calendar.windows(since, now, self.state.zone)
                   if view.calendar is not None else [])

        def tier_at(at: datetime) -> int:
            return next((tier for a, b, tier in windows if a <= at < b), 0)

        out: list[Price] = []
        start, end = blocks.period_containing(since)
        while start < now:
            points = self.store.series(meter, start, min(end, now), "half_hour")
            half_hours = [(p.start, Decimal(str(p.energy_kwh))) for p in points
                          if p.energy_kwh is not None]
            out += block_prices(blocks, half_hours, tier_at,
                                lambda tier: tiers.get(tier, "Price"), now)
            start, end = end, end + blocks.period
        return out

    async def follow_zone(self) -> None:
        """The history's days in the zone the display now shows (one chosen in Settings)."""
        if self.store is not None:
            await self._follow_zone()

    async def _follow_zone(self) -> None:
        """Local days in the history by the zone the meter states."""
        assert self.store is not None
        if str(self.store.tz) == str(self.state.zone):
            return
        try:
            await asyncio.to_thread(self.store.set_timezone, self.state.zone)
        except HistoryError as exc:
            self.state.set_history_error(history_words(exc))
            return
        await self.refresh_history()

    def _note_source_status(self, status: SourceStatus) -> None:
        """When a source that was lost (a stick pulled out, a bridge away) is back, the
        meter's own log fills the half hours missed meanwhile."""
        if status.state == ConnectionState.DISCONNECTED:
            if self._lost_at is None:  # the data's clock when it went: readings stopped
                self._lost_at = self.now()
        elif status.state == ConnectionState.CONNECTED and self._lost_at is not None:
            since, self._lost_at = self._lost_at - timedelta(minutes=30), None
            self._tasks.append(asyncio.create_task(self._backfill(since),
                                                   name="ihd-backfill-gap"))

    def _check_tenancy(self, now: datetime) -> None:
        """Act on an announced change of tenancy once the meter's time reaches it."""
        pending = self._pending_tenancy
        if pending is None or now < pending.effective or self.on_tenancy_change is None:
            return
        self._pending_tenancy = None
        log.info("change of tenancy from the meter (event %d): clearing the display",
                 pending.issuer_event_id)
        self.on_tenancy_change(pending)

    async def _flush_loop(self) -> None:
        # Wakes only when there is something to write: an idle display with a quiet meter
        # does not wake every flush_s for nothing. A report's burst is written as soon as
        # it has arrived (REDRAW_AFTER_S, the wake-up that redraws it), and a stream of
        # updates at most once every flush_s: a meter reporting every 10 s costs one
        # wake-up for its redraw and its write, not one each.
        loop = asyncio.get_running_loop()
        last = -self.flush_s
        while True:
            await self._something_unsaved.wait()
            await asyncio.sleep(max(REDRAW_AFTER_S, last + self.flush_s - loop.time()))
            self._something_unsaved.clear()
            await self.flush()
            last = loop.time()
            if self._unsaved:  # not written (a full disk): try again after flush_s
                self._something_unsaved.set()

    async def flush(self) -> None:
        if self.store is None:
            return
        async with self._flush_lock:  # the timer, a top-up and shutdown may all flush
            await self._flush_locked()

    async def _flush_locked(self) -> None:
        """Write what waits, then read the figures the pages show, in one trip to the
        worker thread (each trip wakes a thread and then the loop: an idle display at the
        meter's pace should not pay that once per meter and per question)."""
        assert self.store is not None
        batch = list(self._unsaved)
        meters, now = list(self.state.meters), self.now()
        try:
            history = await asyncio.to_thread(self._write_then_read, batch, meters, now)
        except HistoryError as exc:  # nothing of the batch was written: it waits
            self.state.set_history_error(history_words(exc))
            return
        for _ in batch:
            self._unsaved.popleft()
        self.state.set_history_error(None)
        await self._prune_when_due()
        for hook in self.after_flush:
            hook()
        self._show_history(history)
        await self._queue_pricing()  # read what was just written; written next flush

    def _write_then_read(self, batch: list[Update], meters: list[MeterIdentity],
                         now: datetime) -> _History | HistoryError:
        """(Worker thread.) Ingest `batch` (HistoryError: nothing written), then the
        figures; a store that fails only at reading is said on screen like one that
        fails at writing."""
        assert self.store is not None
        if batch:
            self.store.ingest(batch)
        try:
            return self._read_history(meters, now)
        except HistoryError as exc:
            return exc

    async def _prune_when_due(self) -> None:
        """Raw readings older than the store's retention are deleted while the display
        runs (at the first flush, then every PRUNE_EVERY of the data's clock), as the
        history promises; the half-hour intervals and day totals stay."""
        assert self.store is not None
        if self.state.meter_now() is None and self.state.data_time is None:
            return  # not before the data's clock is known (a demo may run in the past)
        now = self.now()
        if self._next_prune is not None and now < self._next_prune:
            return
        self._next_prune = now + PRUNE_EVERY
        try:
            pruned = await asyncio.to_thread(self.store.prune_raw, now)
        except HistoryError as exc:
            self.state.set_history_error(history_words(exc))
            return
        if pruned:
            log.info("history: %d raw readings older than %d days removed", pruned,
                     self.store.raw_retention_days)

    async def refresh_history(self) -> None:
        if self.store is None:
            return
        await self._queue_pricing()
        meters, now = list(self.state.meters), self.now()
        try:
            history: _History | HistoryError = await asyncio.to_thread(
                self._read_history, meters, now)
        except HistoryError as exc:
            history = exc
        self._show_history(history)

    async def _queue_pricing(self) -> None:
        """Prices the half hours need (tomorrow's from the calendar, the block periods')
        go in the queue to be written."""
        for meter, until in list(self._priced_until.items()):
            if until - self.now() < timedelta(days=1):  # tomorrow always priced
                self._price_from_calendar(meter)
        for meter in list(self.state.meters):
            await self._price_blocks(meter)

    def _read_history(self, meters: list[MeterIdentity], now: datetime) -> _History:
        """(Worker thread.) Every page's figures for `meters`, and the latest top-ups."""
        assert self.store is not None
        figures = {meter: self._history_figures(meter, now) for meter in meters}
        top_ups = [record for meter in meters for record in self.store.top_ups(meter, 10)]
        return figures, sorted(top_ups, key=lambda r: r.time, reverse=True)

    def _show_history(self, history: _History | HistoryError) -> None:
        if isinstance(history, HistoryError):
            self.state.set_history_error(str(history))
            return
        figures, top_ups = history
        for meter, values in figures.items():
            self.state.set_history(meter, **values)  # type: ignore[arg-type]
        self.state.set_top_up_log(top_ups)
        self.state.redraw_now()  # all of it at once: no further wake-up to coalesce

    def _history_figures(self, meter: MeterIdentity, now: datetime) -> dict[str, object]:
        assert self.store is not None
        store = self.store
        today = store.period_total(meter, "day", at=now)
        # Like with like: yesterday up to the same time of day, not all of yesterday.
        yesterday_start = store.period_total(meter, "day", offset=-1, at=now).start
        same_time = now.astimezone(store.tz) - timedelta(days=1)  # wall clock: DST-safe
        so_far = store.series(meter, yesterday_start, same_time, "half_hour")
        recent = store.series(meter, now - timedelta(hours=1), now, "half_hour")
        complete = [p for p in recent[:-1] if p.energy_kwh is not None]
        last_half_hour = complete[-1].energy_kwh if complete else None
        if meter.fuel == Fuel.GAS and last_half_hour is None:
            recent = store.series(meter, now - timedelta(hours=2), now, "half_hour")
            done = [p for p in recent if p.energy_kwh is not None]
            last_half_hour = done[-1].energy_kwh if done else None
        local_today = now.astimezone(store.tz).date()
        recent_days = store.daily_use(meter, local_today - timedelta(days=LOOKBACK_DAYS),
                                      local_today)
        price = self.state.view(meter).price
        return {
            "today": today, "same_time_yesterday": SoFar.of(so_far, same_time),
            "typical_kw": store.typical_demand_kw(meter, now),
            "last_half_hour_kwh": last_half_hour,
            "usual": usual_use(recent_days, price.unit_price if price else None),
            "upcoming_prices": [p for p in store.prices_between(meter, today.start, today.end)
                                if not is_block_price(p, self.state.view(meter).blocks)],
        }

    # -- what the pages ask for ------------------------------------------------------------

    def _prepayment_meter(self) -> MeterIdentity:
        for meter, view in self.state.meters.items():
            if view.prepayment is not None:
                return meter
        for meter in self.state.meters:
            if meter.fuel == Fuel.ELECTRICITY:
                return meter
        raise SourceError(tr("No meter to top up yet."))

    async def top_up(self, code: TopUpCode) -> TopUpResult:
        if self.source is None:
            raise SourceError(tr("Choose a source in Settings first."))
        result = await self.source.top_up(self._prepayment_meter(), code)
        await self.flush()
        return result

    async def confirm_message(self, meter: MeterIdentity, message_id: int) -> None:
        if self.source is None:
            raise SourceError(tr("Choose a source in Settings first."))
        await self.source.confirm_message(meter, message_id)
        if self.store is not None:
            with contextlib.suppress(HistoryError):
                await asyncio.to_thread(self.store.mark_message_confirmed, meter, message_id,
                                        self.now())

    async def load_series(self, meter: MeterIdentity, start: datetime, end: datetime,
                          bucket: str) -> list[SeriesPoint]:
        if self.store is None:
            return []
        return await asyncio.to_thread(self.store.series, meter, start, end,
                                       bucket)  # type: ignore[arg-type]
