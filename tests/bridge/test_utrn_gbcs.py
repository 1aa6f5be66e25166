"""UTRN layout and check digit against the DCC's published vectors.

Vectors from SmartDCCInnovation/gbcs-parser test/utrn.test.ts and README.md, with the
value, value class and counter the test that made each one states (counter 0x100000000
→ counter bits 1, 0x400000000 → 4). The DCC's MACs need its supplier prepayment key,
which is not published, so only the meter could verify them; the layout, offset and
check digit are what a display can check.
"""

import pytest

from bridge.utrn import (
    PTD_OFFSET,
    Ptut,
    UtrnError,
    ValueClass,
    check_digit,
    check_digit_ok,
    parse_utrn,
)

DCC_UTRNS = [
    # code, value, class, counter bits (utrn.test.ts 'nominal-1', 'nominal-2'; README)
    ("73943333457189043313", 100, ValueClass.POUNDS, 1),
    ("73947252416745201637", 1234, ValueClass.PENCE, 4),
    ("73942983744751930738", 150, ValueClass.PENCE, 1),
]
# utrn.test.ts 'verhoeff': the last digit is the check digit of the first 19.
DCC_CHECK_DIGIT_VECTORS = ["73943333457189043313", "74301825837596672005",
                           "73946144332040217315", "73947252416745201637"]


@pytest.mark.parametrize(("code", "value", "value_class", "counter_bits"), DCC_UTRNS)
def test_dcc_utrns_decode_to_their_stated_value_class_and_counter(code, value, value_class,
                                                                  counter_bits):
    ptut = parse_utrn(code)
    assert (ptut.value, ptut.value_class, ptut.counter_bits) == (value, value_class,
                                                                 counter_bits)
    assert ptut.utrn() == code  # and the layout round-trips


@pytest.mark.parametrize("code", DCC_CHECK_DIGIT_VECTORS)
def test_dcc_check_digit_vectors(code):
    assert check_digit(code[:-1]) == code[-1]
    assert check_digit_ok(code)


def test_dcc_ptd_of_the_largest_value():
    # utrn.test.ts 'nominal-value-max': 8191 pounds, counter 0x100000000.
    number = 7394368095646343255 - PTD_OFFSET
    high = number >> 32
    assert ((high >> 15) & 0x3FF, (high >> 13) & 0b11, high & 0x1FFF) == (1, 1, 8191)


def test_every_single_digit_mistype_is_caught():
    code = DCC_UTRNS[0][0]
    for position in range(20):
        for digit in "0123456789":
            if digit != code[position]:
                typo = code[:position] + digit + code[position + 1:]
                assert not check_digit_ok(typo), (position, digit)


def test_swapped_neighbours_are_caught():
    code = DCC_UTRNS[1][0]
    for i in range(19):
        if code[i] != code[i + 1]:
            swapped = code[:i] + code[i + 1] + code[i] + code[i + 2:]
            assert not check_digit_ok(swapped), i


@pytest.mark.parametrize(("code", "reason"), [
    ("7394333345718904331", "20 digits"),
    ("73943333457189043314", "mistyped"),
    ("7430182583759667200" + "5", "reserved"),  # a check-digit vector, class 11
    ("00000000000000000003", "range"),  # check digit right, number below the offset
])
def test_malformed_codes_say_what_is_wrong(code, reason):
    with pytest.raises(UtrnError, match=reason):
        parse_utrn(code)


def test_ptut_fields_are_bounded():
    with pytest.raises(UtrnError):
        Ptut(counter_bits=1024, value_class=ValueClass.PENCE, value=1, mac=0)
    with pytest.raises(UtrnError):
        Ptut(counter_bits=0, value_class=ValueClass.PENCE, value=8192, mac=0)


def test_consumer_top_up_carries_the_utrn_as_the_dcc_parser_reads_it():
    """ConsumerTopUp's Top Up Code: length 20, then the digits as ASCII characters; the
    DCC's parser (gbcs-parser parseZclUtrn) takes character − 0x30 for each of the 19
    digits and subtracts the PTD offset."""
    from bridge.model import TopUpCode
    from bridge.se.clusters import Prepayment
    from bridge.se.decode import encode_top_up_code

    code = DCC_UTRNS[1][0]
    body = Prepayment.ServerCommandDefs.consumer_top_up.schema(
        originating_device=2, top_up_code=encode_top_up_code(TopUpCode(code))).serialize()
    assert body[:2] == bytes([0x02, 20])
    chars = body[2:]
    ptd = 0
    for ch in chars[:19]:
        ptd = ptd * 10 + (ch - 0x30)
    ptut = ptd - PTD_OFFSET
    assert (ptut >> 32) & 0x1FFF == 1234  # the value the DCC's test states
