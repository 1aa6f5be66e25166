"""What GB meters really send in PublishPrice, decoded as it means.

The frame is a GB gas PublishPrice taken from the DCC's Reference Test Data Set
(RTDS 4.5.0, use case GCS21f, file GCS21f_4.11.1_SUCCESS_RESPONSE_GBCS.HEX, as shipped
in SmartDCCInnovation/gbcs-parser test/rtds): the ZCL frame of its plaintext GBZ
component for cluster 0x0700. GBCS lets a meter append 19 octets after Price that "do
not contain meaningful information and so, if present, should be ignored by all
parties" (quoted in gbcs-parser src/zigbee.ts, parseZsePublishPrice); the second frame is
the DCC's with 19 such octets added. Neither is built with the project's encoder.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from bridge.model import Fuel, MeterIdentity, UnitOfMeasure
from bridge.se import decode

METER = MeterIdentity("00:0d:6f:00:0c:00:00:02", 0x7B, Fuel.GAS)
NOW = datetime(2026, 1, 14, 18, 0, tzinfo=UTC)

DCC_GAS_PUBLISH_PRICE = bytes.fromhex(
    "190500" "00000000" "00" "804a371c" "804a371c" "01" "3a03" "51" "41" "00000000" "a005"
    "80250000")
# 19 octets that mean nothing, chosen so that misreading them shows: a generation price
# of 0x01020304, extended price tier 5, and the rest.
MEANINGLESS = bytes.fromhex("ff" "04030201" "ff" "ffffffff" "ff" "ff" "00" "00" "00" "00"
                            "00" "05" "00")


def _price(frame: bytes):
    _, args = decode.decode_zcl_frame(0x0700, frame)
    return decode.price_from_publish_price(args, meter=METER, origin="t", received_at=NOW)


def test_the_dcc_gas_price_decodes_to_what_it_says():
    assert len(DCC_GAS_PUBLISH_PRICE) == 31
    price = _price(DCC_GAS_PUBLISH_PRICE)
    assert price is not None
    assert price.unit_price.amount == Decimal("0.09600")  # 9600 × 10⁻⁵ £ per m³
    assert price.unit_price.currency.code == "GBP"
    assert price.unit == UnitOfMeasure.M3
    assert price.tier == 1 and price.rate_label == "Tier 1"  # empty label
    assert price.start == NOW  # Start Time 0: now
    assert price.duration == timedelta(minutes=1440)
    assert price.issuer_event_id == 0x1C374A80
    assert price.generation_price is None


def test_gbcs_meaningless_octets_are_not_a_generation_price_or_an_extended_tier():
    assert len(MEANINGLESS) == 19
    plain = _price(DCC_GAS_PUBLISH_PRICE)
    padded = _price(DCC_GAS_PUBLISH_PRICE + MEANINGLESS)
    assert padded == plain
    assert padded is not None and padded.generation_price is None and padded.tier == 1


def test_outside_gb_the_same_octets_are_se_1_2_fields():
    """A North American meter (USD) that sends them means them."""
    usd = bytearray(DCC_GAS_PUBLISH_PRICE + MEANINGLESS)
    usd[3 + 14:3 + 16] = (840).to_bytes(2, "little")
    price = _price(bytes(usd))
    assert price is not None and price.unit_price.currency.code == "USD"
    assert price.generation_price is not None
    assert price.generation_price.amount == Decimal(0x01020304).scaleb(-5)
    assert price.tier == 20  # 15 + Extended Price Tier 5


@pytest.mark.parametrize("start", ["00000000", "ffffffff"])
def test_a_start_time_of_zero_or_all_ones_means_now(start):
    frame = bytearray(DCC_GAS_PUBLISH_PRICE)
    frame[3 + 18:3 + 22] = bytes.fromhex(start)
    price = _price(bytes(frame))
    assert price is not None and price.start == NOW


def test_an_unavailable_price_is_no_price_not_a_number():
    frame = DCC_GAS_PUBLISH_PRICE[:-4] + bytes.fromhex("ffffffff")
    assert _price(frame) is None


def test_until_changed_is_no_end():
    frame = bytearray(DCC_GAS_PUBLISH_PRICE)
    frame[3 + 22:3 + 24] = bytes.fromhex("ffff")
    price = _price(bytes(frame))
    assert price is not None and price.duration is None and price.end is None
