"""Block pricing from the Price cluster (0x0700) into `bridge.model.BlockTariff`: the
block thresholds (0x0100-0x010E, or per tier 0x0110+), the threshold multiplier and
divisor (0x0202/0x0203), the block period (0x0200 start, 0x0201 duration, 0x0204 its unit)
and the block prices (No Tier Block N 0x0400+, Tier T Block N 0x0410+). Also the
PublishBlockPeriod command. Pure: no I/O.

Thresholds are in the meter's Metering units: × multiplier ÷ divisor, then through the
meter's own formatting (its multiplier/divisor) into kWh.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from bridge.model import BlockPrice, BlockTariff, Currency, MeterIdentity, Money
from bridge.se.clusters import (
    block_threshold_id,
    no_tier_block_price_id,
    tier_block_price_id,
)
from bridge.se.decode import MeteringFormat, SEDecodeError, from_utc_time, trailing_digits
from bridge.se.vocabulary import Price, attribute_id

BLOCKS_IN_USE = attribute_id(Price, "number_of_block_thresholds_in_use")
_PERIOD_START = attribute_id(Price, "start_of_block_period")
_PERIOD_DURATION = attribute_id(Price, "block_period_duration")
_PERIOD_TYPE = attribute_id(Price, "block_period_duration_type")
_MULTIPLIER = attribute_id(Price, "threshold_multiplier")
_DIVISOR = attribute_id(Price, "threshold_divisor")
_DIGITS = attribute_id(Price, "price_trailing_digit")
_UNITS = {0: timedelta(minutes=1), 1: timedelta(days=1), 2: timedelta(weeks=1)}


def block_attribute_ids(blocks_in_use: int, tiers: int) -> list[int]:
    """What to read for `blocks_in_use` thresholds and `tiers` tiers (0: no TOU)."""
    n = max(0, min(blocks_in_use, 15))
    ids = [_PERIOD_START, _PERIOD_DURATION, _PERIOD_TYPE, _MULTIPLIER, _DIVISOR]
    ids += [block_threshold_id(b) for b in range(1, n + 1)]
    ids += [no_tier_block_price_id(b) for b in range(1, n + 2)]
    for tier in range(1, min(tiers, 15) + 1):
        ids += [tier_block_price_id(tier, b) for b in range(1, n + 2)]
    return ids


def block_tariff_from_attributes(attrs: Mapping[int, Any], *, meter: MeterIdentity,
                                 origin: str, received_at: datetime, currency: Currency,
                                 fmt: MeteringFormat, tiers: int,
                                 price_digits: int) -> BlockTariff | None:
    """None when the meter states no thresholds or no block prices."""
    try:
        n = int(attrs.get(BLOCKS_IN_USE, 0) or 0)
        thresholds = [attrs[block_threshold_id(b)] for b in range(1, min(n, 15) + 1)
                      if block_threshold_id(b) in attrs]
        if not thresholds:
            return None
        scale = (Decimal(int(attrs.get(_MULTIPLIER, 1)) or 1)
                 / Decimal(int(attrs.get(_DIVISOR, 1)) or 1)) * fmt.multiplier / fmt.divisor
        digits = trailing_digits(int(attrs.get(_DIGITS, price_digits)))
        prices = []
        for block in range(1, len(thresholds) + 2):
            raw = attrs.get(no_tier_block_price_id(block))
            if raw is not None and int(raw) != 0xFFFFFFFF:
                prices.append(BlockPrice(0, block, Money(Decimal(int(raw)).scaleb(-digits),
                                                         currency)))
            for tier in range(1, min(tiers, 15) + 1):
                raw = attrs.get(tier_block_price_id(tier, block))
                if raw is not None and int(raw) != 0xFFFFFFFF:
                    prices.append(BlockPrice(tier, block, Money(
                        Decimal(int(raw)).scaleb(-digits), currency)))
        if not prices:
            return None
        unit = _UNITS.get(int(attrs.get(_PERIOD_TYPE, 0)) & 0x0F)
        duration = int(attrs.get(_PERIOD_DURATION, 0))
        start_raw = int(attrs.get(_PERIOD_START, 0))
        if unit is None or duration in (0, 0xFFFFFF) or start_raw in (0, 0xFFFFFFFF):
            raise SEDecodeError("a block tariff without a usable block period")
        return BlockTariff(meter=meter, timestamp=received_at, origin=origin,
                           period_start=from_utc_time(start_raw), period=duration * unit,
                           thresholds_kwh=tuple(Decimal(int(t)) * scale for t in thresholds),
                           prices=tuple(prices))
    except (TypeError, ValueError) as exc:
        raise SEDecodeError(f"bad block attributes: {exc}") from exc


def block_period_from_publish(cmd: Any, received_at: datetime) -> tuple[datetime, timedelta]:
    """PublishBlockPeriod: the period's start and length."""
    unit = _UNITS.get(int(cmd.block_period_duration_type) & 0x0F)
    if unit is None:
        raise SEDecodeError("block period in months: not supported")
    raw = int(cmd.block_period_start_time)
    start = received_at if raw == 0 else from_utc_time(raw)
    return start, int(cmd.block_period_duration) * unit
