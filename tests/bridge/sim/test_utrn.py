from decimal import Decimal

import pytest

from bridge.sim.utrn import decode_utrn, demo_codes, make_utrn

EUI = "00:0d:6f:00:0b:00:00:01"
OTHER = "00:0d:6f:00:0b:00:01:01"


def test_code_is_twenty_digits_and_carries_value_and_counter():
    code = make_utrn(EUI, Decimal("12.34"), counter=7)
    assert len(code) == 20 and code.isdigit()
    token = decode_utrn(code, EUI)
    assert token is not None
    assert token.value_minor == 1234
    assert token.counter == 7


def test_whole_pound_values_beyond_the_pence_range_use_the_pound_value_class():
    token = decode_utrn(make_utrn(EUI, 200, counter=1), EUI)
    assert token is not None and token.value_minor == 20_000


def test_code_for_another_meter_or_with_a_wrong_digit_is_invalid():
    code = make_utrn(EUI, 10, counter=3)
    assert decode_utrn(code, OTHER) is None
    flipped = code[:-1] + str((int(code[-1]) + 1) % 10)
    assert decode_utrn(flipped, EUI) is None
    assert decode_utrn("99999999999999999999", EUI) is None  # above 2**64
    assert decode_utrn("1234", EUI) is None


@pytest.mark.parametrize("amount", [0, -5, Decimal("0.001")])
def test_amounts_that_cannot_be_encoded_are_refused(amount):
    with pytest.raises(ValueError):
        make_utrn(EUI, amount, counter=1)


def test_demo_codes_are_valid_and_distinct():
    codes = demo_codes(EUI)
    assert len(set(codes)) == 3
    assert all(decode_utrn(c, EUI) is not None for c in codes)
