"""A meter's log that lands while block costs are being worked out gets its days costed
again. Seen as a flaky test_block_home under load: the pricing pass read yesterday before
the log was written, then marked every period before today as done, so yesterday kept
block 1 prices for half hours that were really in block 2."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from bridge.model import GBP, BlockPrice, BlockTariff, Fuel, MeterIdentity, Money, Price
from ihd.controller import Controller
from ihd.history.store import HistoryStore
from ihd.ui.state import DisplayState

METER = MeterIdentity("00:11:22:33:44:55:66:77", 1, Fuel.ELECTRICITY)
NOW = datetime(2026, 1, 14, 21, 30, tzinfo=UTC)
YESTERDAY = datetime(2026, 1, 13, tzinfo=UTC)


class LogLandsWhilePricing(Controller):
    """The first pricing pass is overtaken by a backfill, exactly as `_backfill` does it."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.asked_since: list[datetime] = []

    def now(self) -> datetime:
        return NOW

    def _block_prices(self, meter: MeterIdentity, blocks: BlockTariff, since: datetime,
                      now: datetime) -> list[Price]:
        self.asked_since.append(since)
        if len(self.asked_since) == 1:  # meanwhile the meter's log for yesterday lands
            self._blocks_from[meter] = min(self._blocks_from.get(meter, YESTERDAY), YESTERDAY)
        return []


async def test_a_log_landing_during_block_pricing_is_priced_on_the_next_pass(tmp_path: Path):
    state = DisplayState(daily_budget=Money.of("5.00", GBP))
    store = HistoryStore(tmp_path / "history.sqlite3")
    controller = LogLandsWhilePricing(state, store)
    try:
        state.apply(BlockTariff(METER, NOW, "test", period_start=YESTERDAY,
                                period=timedelta(days=1), thresholds_kwh=(Decimal(8),),
                                prices=(BlockPrice(0, 1, Money.of("0.20", GBP)),
                                        BlockPrice(0, 2, Money.of("0.30", GBP)))))
        await controller._price_blocks(METER)
        await controller._price_blocks(METER)
        # The second pass starts from yesterday (the log's first day), not from today.
        assert controller.asked_since[1] == YESTERDAY
    finally:
        store.close()
