"""A credit customer's account from the meter: PublishBillingPeriod, PublishCreditPayment
and PublishConsolidatedBill as ami.xml lays them out, Metering's bill attributes, the
payment mode, and a simulated credit home through the virtual HAN checked by Wireshark."""

from __future__ import annotations

import asyncio
import struct
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from bridge.model import GBP, Account, CreditPaymentStatus, PaymentMode, PrepaymentState
from bridge.se import billing
from bridge.se.decode import SEDecodeError, parse_frame
from bridge.se.vocabulary import Price
from bridge.sources.sim import SimSource
from tests.tshark_util import TSHARK, dissect_file

NOW = datetime(2026, 1, 20, 18, 5, tzinfo=UTC)
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def _utc(at: datetime) -> int:
    return int((at - EPOCH).total_seconds())


def _server_frame(command_id: int, payload: bytes) -> bytes:
    return bytes([0x19, 4, command_id]) + payload


def _billing_period(duration: int, duration_type: int) -> bytes:
    # Provider ID, Issuer Event ID, Start Time, Duration (uint24), Duration Type, Tariff Type
    return _server_frame(0x09, struct.pack("<III", 1, 2, _utc(datetime(2026, 1, 1, tzinfo=UTC)))
                         + duration.to_bytes(3, "little") + bytes([duration_type, 0x00]))


CREDIT_PAYMENT = _server_frame(0x0C, struct.pack(
    "<IIIIBII", 1, 2, _utc(datetime(2026, 2, 5, 9, tzinfo=UTC)), 1250, 0x02, 9500,
    _utc(datetime(2026, 1, 5, 9, tzinfo=UTC))) + b"\x04DD01")
CONSOLIDATED_BILL = _server_frame(0x0A, struct.pack("<III", 1, 2, _utc(datetime(
    2026, 1, 1, tzinfo=UTC))) + (1).to_bytes(3, "little") + bytes([0x03, 0x00])
    + struct.pack("<IHB", 12027, 826, 0x20))


@pytest.mark.parametrize(("duration", "unit", "end"), [
    (44_640, 0x00, datetime(2026, 2, 1, tzinfo=UTC)),  # minutes
    (31, 0x01, datetime(2026, 2, 1, tzinfo=UTC)),  # days
    (2, 0x02, datetime(2026, 1, 15, tzinfo=UTC)),  # weeks
    (3, 0x03, datetime(2026, 4, 1, tzinfo=UTC)),  # months
])
def test_a_billing_period_in_each_unit(duration, unit, end):
    _, cmd = parse_frame(Price.cluster_id, _billing_period(duration, unit))
    fields = billing.billing_period_fields(cmd, NOW)
    assert fields == {"period_start": datetime(2026, 1, 1, tzinfo=UTC), "period_end": end}


def test_an_unknown_duration_unit_is_refused():
    _, cmd = parse_frame(Price.cluster_id, _billing_period(1, 0x07))
    with pytest.raises(SEDecodeError):
        billing.billing_period_fields(cmd, NOW)


def test_a_credit_payment_and_a_consolidated_bill_from_hand_built_frames():
    _, cmd = parse_frame(Price.cluster_id, CREDIT_PAYMENT)
    fields = billing.credit_payment_fields(cmd, GBP, 0x20)
    assert fields["last_payment"].amount == Decimal("95.00")
    assert fields["payment_overdue"].amount == Decimal("12.50")
    assert fields["payment_status"] == CreditPaymentStatus.OVERDUE
    assert fields["last_payment_at"] == datetime(2026, 1, 5, 9, tzinfo=UTC)
    assert fields["payment_reference"] == "DD01"
    _, cmd = parse_frame(Price.cluster_id, CONSOLIDATED_BILL)
    fields = billing.consolidated_bill_fields(cmd, NOW)
    assert fields["consolidated_bill"].amount == Decimal("120.27")
    assert fields["period_end"] == datetime(2026, 2, 1, tzinfo=UTC)


def test_bill_attributes_and_the_payment_mode():
    bill, bill_at, projected, projected_at, digits = billing.BILL_ATTRIBUTES
    fields = billing.bill_fields({bill: 5295, bill_at: _utc(NOW), projected: 8308,
                                  projected_at: _utc(NOW), digits: 0x20}, GBP)
    assert fields["bill_to_date"].amount == Decimal("52.95")
    assert fields["projected_bill"].amount == Decimal("83.08")
    assert fields["bill_to_date_at"] == NOW
    assert billing.payment_mode({0x0000: 0x0092}) == PaymentMode.PREPAYMENT
    assert billing.payment_mode({0x0000: 0x0090}) == PaymentMode.CREDIT
    assert billing.payment_mode({}) is None


async def test_a_simulated_credit_home_states_its_account_through_the_han(tmp_path: Path):
    pcap = tmp_path / "credit.pcap"
    source = SimSource(seed=1, speed=60, start=NOW, payment="credit", pcap=pcap)
    accounts: list[Account] = []
    prepayments: list[PrepaymentState] = []
    complete = asyncio.Event()
    stream = source.subscribe()

    async def collect() -> None:
        async for update in stream:
            if isinstance(update, PrepaymentState):
                prepayments.append(update)
            if isinstance(update, Account):
                accounts.append(update)
                if update.consolidated_bill and update.last_payment and update.period_end:
                    complete.set()

    task = asyncio.create_task(collect())
    await source.start()
    try:
        async with asyncio.timeout(20):
            await complete.wait()
        billing_truth = source.homes[0].billing
    finally:
        await source.stop()
        task.cancel()
    account = accounts[-1]
    assert account.payment_mode == PaymentMode.CREDIT
    assert not prepayments  # a credit meter's prepayment registers are not shown
    assert billing_truth is not None
    assert account.bill_to_date is not None and account.bill_to_date.amount > 0
    assert account.projected_bill is not None
    assert account.projected_bill.amount > account.bill_to_date.amount  # mid-month
    assert account.period_start == datetime(2026, 1, 1, tzinfo=UTC)  # GMT: 00:00 local
    assert account.last_payment.amount == Decimal("95.00")  # type: ignore[union-attr]
    assert account.payment_status == CreditPaymentStatus.RECEIVED
    if TSHARK is None:  # no tshark here: the wire check is skipped, not faked
        return
    packets = dissect_file(pcap)
    assert not [p for p in packets if "_ws.malformed" in p or "_ws.expert" in p]
    fields: dict[str, list[str]] = {}
    for p in packets:
        for name, values in p.items():
            fields.setdefault(name, []).extend(values)
    assert fields["zbee_zcl_se.price.credit_payment"] == ["9500"]
    assert fields["zbee_zcl_se.price.credit_payment.status"] == ["1"]
    assert fields["zbee_zcl_se.price.billing_period.duration.timebase"][0] == "0x03"  # months
    assert "0x0a00" in fields["zbee_zcl_se.met.attr_id"]  # bill to date read
