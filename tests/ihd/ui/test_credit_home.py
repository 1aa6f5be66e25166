"""A home on credit (not prepayment) sees its account on the Balance page: the bill so
far, the projected bill, the billing period, the last payment and the bill for all fuels,
as the meter states them; a prepayment home still sees its credit. The real window and
the simulated home through zigpy."""

from __future__ import annotations

from datetime import UTC, datetime

from bridge.model import GBP, Money, PaymentMode
from bridge.sources.sim import SimSource
from tests.ihd.ui.conftest import live_window, settle, wait_until

JANUARY = datetime(2026, 1, 20, 18, 5, tzinfo=UTC)


async def _window(qtbot, payment: str):
    return await live_window(qtbot, SimSource(seed=1, speed=60, start=JANUARY,
                                              payment=payment))


async def test_a_credit_home_sees_its_bill_not_a_prepayment_balance(qtbot):
    window, state, controller = await _window(qtbot, "credit")
    try:
        await wait_until(lambda: (a := state.credit_account) is not None
                         and a.last_payment is not None and a.consolidated_bill is not None)
        window.show_page("balance")
        page = window.pages["balance"]
        page.refresh()  # type: ignore[attr-defined]
        await settle(0.1)
        account_view = page.account_view  # type: ignore[attr-defined]
        assert account_view.isVisible() and not page.prepay_view.isVisible()  # type: ignore[attr-defined]
        account = state.credit_account
        assert account is not None and account.payment_mode == PaymentMode.CREDIT
        assert account_view.bill.text() == str(account.bill_to_date)
        assert account_view.period.text() == ("Electricity since 1 Jan, in the billing period "
                                              "to 31 Jan")
        assert account_view.projected.text() == str(account.projected_bill)
        assert account_view.payment.text() == "£95.00 paid on 5 Jan (received)"
        assert "Next payment due 5 Feb" in account_view.payment_note.text()
        assert account_view.all_fuels.text() == str(account.consolidated_bill)
        assert state.prepayment is None  # nothing to top up
    finally:
        await controller.stop()


async def test_a_prepayment_home_still_sees_its_credit(qtbot):
    window, state, controller = await _window(qtbot, "prepayment")
    try:
        await wait_until(lambda: state.prepayment is not None)
        window.show_page("balance")
        page = window.pages["balance"]
        page.refresh()  # type: ignore[attr-defined]
        await settle(0.1)
        assert page.prepay_view.isVisible()  # type: ignore[attr-defined]
        assert not page.account_view.isVisible()  # type: ignore[attr-defined]
        assert state.credit_account is None
    finally:
        await controller.stop()


async def test_low_credit_does_not_contradict_emergency_credit(qtbot):
    """£3.40 is below the £5 low-credit warning but above the meter's £2 emergency credit
    threshold: the Balance page warns of low credit and says emergency credit comes below
    £2, never "not available until your credit is low". Below £2 the meter offers it."""
    window, state, controller = await _window(qtbot, "prepayment")
    try:
        await wait_until(lambda: state.prepayment is not None)
        source = controller.source
        assert isinstance(source, SimSource)
        source.homes[0].set_credit(340)
        await wait_until(lambda: (p := state.prepayment) is not None
                         and p.credit_remaining == Money.of("3.40", GBP))
        window.show_page("balance")
        page = window.pages["balance"]
        page.refresh()  # type: ignore[attr-defined]
        await settle(0.1)
        prepay = state.prepayment
        assert prepay is not None and prepay.low_credit
        assert prepay.emergency_credit_threshold == Money.of("2.00", GBP)  # from the wire
        words = page.ec_state.text()  # type: ignore[attr-defined]
        assert words == ("Not available yet: the meter offers it when your credit falls "
                         "below £2.00")
        assert "until your credit is low" not in words
        source.homes[0].set_credit(150)
        await wait_until(lambda: (p := state.prepayment) is not None
                         and p.credit_remaining == Money.of("1.50", GBP))
        page.refresh()  # type: ignore[attr-defined]
        assert page.ec_state.text().startswith("Available")  # type: ignore[attr-defined]
    finally:
        await controller.stop()
