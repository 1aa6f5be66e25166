"""Block pricing from the meter: the Price cluster's block thresholds, period and prices
(read through the virtual HAN from simulated block and TOU+block homes, checked by
Wireshark), PublishBlockPeriod as ami.xml lays it out, and what energy costs across a
threshold."""

from __future__ import annotations

import asyncio
import struct
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from bridge.model import GBP, BlockPrice, BlockTariff, Fuel, MeterIdentity, Money
from bridge.se.blocks import block_period_from_publish
from bridge.se.decode import SEDecodeError, parse_frame
from bridge.se.vocabulary import Price
from bridge.sources.sim import SimSource
from tests.tshark_util import TSHARK, dissect_file

NOW = datetime(2026, 1, 14, 18, 5, tzinfo=UTC)
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
METER = MeterIdentity("00:0d:6f:00:0b:00:00:01", 1, Fuel.ELECTRICITY)


def _blocks() -> BlockTariff:
    return BlockTariff(meter=METER, timestamp=NOW, origin="t",
                       period_start=datetime(2026, 1, 1, tzinfo=UTC), period=timedelta(days=1),
                       thresholds_kwh=(Decimal(8), Decimal(20)),
                       prices=(BlockPrice(0, 1, Money.of("0.20")),
                               BlockPrice(0, 2, Money.of("0.30")),
                               BlockPrice(0, 3, Money.of("0.40")),
                               BlockPrice(2, 1, Money.of("0.10"))))


def test_energy_crossing_thresholds_is_split_between_blocks():
    blocks = _blocks()
    # 7 kWh used: 1 kWh left in block 1, 12 in block 2, 2 in block 3.
    cost = blocks.cost(Decimal(15), Decimal(7), tier=1)
    assert cost == Money.of("0.20") * 1 + Money.of("0.30") * 12 + Money.of("0.40") * 2
    assert blocks.block_at(Decimal("7.99")) == 1 and blocks.block_at(Decimal(8)) == 2
    assert blocks.price(2, 1) == Money.of("0.10")  # a tier's own block price first
    assert blocks.price(2, 2) == Money.of("0.30")  # else the no-tier one
    start, end = blocks.period_containing(datetime(2026, 1, 14, 18, tzinfo=UTC))
    assert (start, end) == (datetime(2026, 1, 14, tzinfo=UTC), datetime(2026, 1, 15, tzinfo=UTC))


def test_publish_block_period_in_ami_xml_order():
    # Provider ID, Issuer Event ID, Start (UTC), Duration (uint24), Control (map8),
    # Duration Type (map8), Tariff Type (enum8), Tariff Resolution Period (enum8).
    frame = bytes([0x19, 5, 0x01]) + struct.pack(
        "<III", 1, 2, int((datetime(2026, 1, 14, tzinfo=UTC) - EPOCH).total_seconds())) \
        + (1440).to_bytes(3, "little") + bytes([0x02, 0x00, 0x00, 0x01])
    _, cmd = parse_frame(Price.cluster_id, frame)
    assert block_period_from_publish(cmd, NOW) == (datetime(2026, 1, 14, tzinfo=UTC),
                                                   timedelta(days=1))
    with pytest.raises(SEDecodeError):
        parse_frame(Price.cluster_id, frame[:-2])


@pytest.mark.parametrize("kind", ["block", "tou-block"])
async def test_a_block_home_states_its_blocks_through_the_han(kind: str, tmp_path: Path):
    from bridge.model import BlockTariff as Blocks

    pcap = tmp_path / "blocks.pcap"
    source = SimSource(seed=1, speed=60, start=NOW, tariff=kind, pcap=pcap)
    heard = asyncio.Event()
    found: list[Blocks] = []
    stream = source.subscribe()

    async def collect() -> None:
        async for update in stream:
            if isinstance(update, Blocks):
                found.append(update)
                heard.set()

    task = asyncio.create_task(collect())
    await source.start()
    try:
        async with asyncio.timeout(20):
            await heard.wait()
            await asyncio.sleep(1)  # the commands that follow the attributes
    finally:
        await source.stop()
        task.cancel()
    blocks = found[0]
    truth = source.homes[0].tariff
    # PublishBlockPeriod and PublishBlockThresholds (asked for after the attributes) agree.
    assert found[-1].period_start == datetime(2026, 1, 14, tzinfo=UTC)
    assert blocks.thresholds_kwh == (Decimal(8),)
    assert blocks.period == timedelta(days=1)
    for tier, band in truth.tiers().items():
        price = Decimal(band.price_milli_pence).scaleb(-5)
        adder = Decimal(truth.block2_adder_milli_pence).scaleb(-5)
        assert blocks.price(tier, 1) == Money(price, GBP)
        assert blocks.price(tier, 2) == Money(price + adder, GBP)
    if TSHARK is None:  # no tshark here: the wire check is skipped, not faked
        return
    packets = dissect_file(pcap)
    assert not [p for p in packets if "_ws.malformed" in p or "_ws.expert" in p]
    ids = {v for p in packets for v in p.get("zbee_zcl_se.price.attr_id", [])}
    assert {"0x0100", "0x0200", "0x0201", "0x0612", "0x0411"} <= ids
    commands = {v for p in packets for v in p.get("zbee_zcl_se.price.cmd.srv_tx.id", [])}
    assert {"0x01", "0x06"} <= commands  # PublishBlockPeriod, PublishBlockThresholds
