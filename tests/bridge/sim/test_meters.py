from datetime import UTC, datetime

import pytest

from bridge.se.clusters import CreditStatus
from bridge.se.clusters import TopUpResultType as Result  # the meter speaks wire values
from bridge.sim.meters import (
    Band,
    EmergencyCredit,
    PrepaymentAccount,
    RegisterPair,
    TouTariff,
    gb_time_of_use_tariff,
)
from bridge.sim.utrn import make_utrn

EUI = "00:0d:6f:00:0b:00:00:01"
NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)


def test_valid_code_adds_credit_once_and_reuse_is_a_duplicate():
    account = PrepaymentAccount(meter_eui64=EUI, credit_pence=1000)
    code = make_utrn(EUI, 10, counter=1)
    assert account.top_up(code, NOW) == (Result.Accepted, 1000)
    assert account.credit_pence == 2000
    assert account.top_up(code, NOW) == (Result.Rejected_Duplicate, 0)
    assert account.credit_pence == 2000


def test_invalid_too_large_and_over_max_credit_codes_are_refused():
    account = PrepaymentAccount(meter_eui64=EUI, credit_pence=49_000)
    assert account.top_up("12345678901234567890", NOW)[0] == Result.Rejected_Invalid
    assert account.top_up(make_utrn(EUI, 300, 2), NOW)[0] == Result.Rejected_TooLarge
    assert account.top_up(make_utrn(EUI, 20, 3), NOW)[0] == Result.Rejected_MaxCreditReached
    assert account.credit_pence == 49_000


def test_emergency_credit_is_offered_selected_used_and_repaid_first():
    account = PrepaymentAccount(meter_eui64=EUI, credit_pence=300, debt_pence=0)
    account.charge(150_000)  # 150 p
    assert account.emergency == EmergencyCredit.AVAILABLE
    assert CreditStatus.EMERGENCY_CREDIT_AVAILABLE in account.status()
    assert account.select_emergency_credit()
    account.charge(400_000)  # 400 p: 150 from credit, 250 from emergency credit
    assert account.credit_pence == 0
    assert account.emergency_used_pence == 250
    assert CreditStatus.EMERGENCY_CREDIT_IN_USE in account.status()
    result, value = account.top_up(make_utrn(EUI, 5, 9), NOW)
    assert result == Result.Accepted and value == 500
    assert account.emergency_used_pence == 0
    assert account.credit_pence == 250


def test_credit_exhausted_turns_supply_off_and_top_up_turns_it_back_on():
    account = PrepaymentAccount(meter_eui64=EUI, credit_pence=100, debt_pence=0)
    account.charge(500_000)
    assert not account.supply_on
    assert CreditStatus.CREDIT_EXHAUSTED in account.status()
    result, _ = account.top_up(make_utrn(EUI, 10, 4), NOW)
    assert result == Result.Accepted_SupplyEnabled
    assert account.supply_on


def test_debt_recovery_reduces_debt_and_credit_together():
    account = PrepaymentAccount(meter_eui64=EUI, credit_pence=1000, debt_pence=200)
    account.recover_debt(150)
    account.recover_debt(150)
    assert account.debt_pence == 0
    assert account.credit_pence == 800


def test_register_pair_carries_fractions_exactly():
    registers = RegisterPair(delivered_wh=0)
    for _ in range(1000):
        registers.add(0.0004, 0.0)  # 0.4 Wh each
    assert registers.delivered_wh == 400


def test_tariff_bands_follow_local_time_across_bst():
    tariff = gb_time_of_use_tariff()
    # 16:30 BST is 15:30 UTC: already the peak.
    assert tariff.band_at(datetime(2026, 7, 1, 15, 30, tzinfo=UTC)).label == "Peak"
    # 16:30 GMT is 16:30 UTC in winter.
    assert tariff.band_at(datetime(2026, 12, 1, 15, 30, tzinfo=UTC)).label == "Standard"
    start, end = tariff.band_window(datetime(2026, 12, 1, 17, 0, tzinfo=UTC))
    assert (start.hour, end.hour) == (16, 19)


def test_a_tariff_with_a_gap_is_refused():
    with pytest.raises(ValueError):
        TouTariff("bad", (Band(1, "x", 0, 600, 1), Band(2, "y", 700, 1440, 1)), 0)
