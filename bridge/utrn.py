"""GB top-up codes (UTRNs) as GBCS section 14 lays them out. Pure: no keys, no I/O.

A UTRN is 20 decimal digits: a 19-digit Prepayment Token Decimal (PTD) followed by a
check digit (GBCS 14.8, a Verhoeff variant with its own inverse table). The PTD is the
64-bit Prepayment Top-up Token (PTUT) plus a fixed offset, 7394156990786306048, which
makes every PTD exactly 19 digits. The PTUT's high 32 bits are 7 zero bits, 10 bits of
the supplier's originator counter (its bits 32-41), a 2-bit value class (00 pence,
01 pounds) and a 13-bit value; the low 32 bits are a MAC (AES-GCM, see
`bridge.sim.utrn`). Layout, offset and tables as in Smart DCC's open-source GBCS parser
(SmartDCCInnovation/gbcs-parser, src/utrn.ts), whose published test vectors this
module's tests decode.

The check digit lets a display say "a digit is mistyped" before anything is sent, as
GB prepayment displays do; only the meter can check the MAC.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

PTD_OFFSET = 7394156990786306048
UTRN_LENGTH = 20
MAX_VALUE = 0x1FFF  # 13 bits
COUNTER_BITS = 10

# GBCS table 14.8a (permutation), 14.8b (multiplication), 14.8c (inverse).
_P = ((0, 1, 2, 3, 4, 5, 6, 7, 8, 9), (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
      (5, 8, 0, 3, 7, 9, 6, 1, 4, 2), (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
      (9, 4, 5, 3, 1, 2, 6, 8, 7, 0), (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
      (2, 7, 9, 3, 8, 0, 6, 4, 1, 5), (7, 0, 4, 6, 9, 1, 3, 2, 5, 8))
_D = ((0, 1, 2, 3, 4, 5, 6, 7, 8, 9), (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
      (2, 3, 4, 0, 1, 7, 8, 9, 5, 6), (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
      (4, 0, 1, 2, 3, 9, 5, 6, 7, 8), (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
      (6, 5, 9, 8, 7, 1, 0, 4, 3, 2), (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
      (8, 7, 6, 5, 9, 3, 2, 1, 0, 4), (9, 8, 7, 6, 5, 4, 3, 2, 1, 0))
_INV = (1, 2, 6, 7, 5, 8, 3, 0, 9, 4)


class UtrnError(ValueError):
    """Digits that are not a well-formed UTRN (before any MAC check)."""


class ValueClass(enum.IntEnum):
    PENCE = 0b00  # value in 1/100 of the currency unit
    POUNDS = 0b01  # value in whole currency units


def check_digit(digits: str) -> str:
    """The GBCS check digit for a string of digits (GBCS 14.8)."""
    if not digits or not digits.isascii() or not digits.isdigit():
        raise UtrnError("a check digit is computed over digits only")
    acc, k = 0, 4
    for ch in digits:
        acc = _D[acc][_P[k][int(ch)]]
        k = (k + 1) % 8
    return str(_INV[acc])


def check_digit_ok(code: str) -> bool:
    """True when the last digit of a 20-digit code is its GBCS check digit."""
    return (len(code) == UTRN_LENGTH and code.isascii() and code.isdigit()
            and check_digit(code[:-1]) == code[-1])


@dataclass(frozen=True, slots=True)
class Ptut:
    """The fields of a Prepayment Top-up Token."""

    counter_bits: int  # bits 32-41 of the originator counter
    value_class: ValueClass
    value: int  # 0..8191 in the value class's unit
    mac: int  # 32 bits

    def __post_init__(self) -> None:
        if not 0 <= self.counter_bits < 1 << COUNTER_BITS:
            raise UtrnError(f"counter bits {self.counter_bits} do not fit 10 bits")
        if not 0 <= self.value <= MAX_VALUE:
            raise UtrnError(f"value {self.value} is outside 0..{MAX_VALUE}")
        if not 0 <= self.mac <= 0xFFFFFFFF:
            raise UtrnError("the MAC is 32 bits")

    @property
    def high_dword(self) -> int:
        """The 32 bits the MAC covers: 0000000 | counter | class | value."""
        return (self.counter_bits << 15) | (int(self.value_class) << 13) | self.value

    @property
    def value_minor(self) -> int:
        """The value in minor units (pence)."""
        return self.value * (100 if self.value_class == ValueClass.POUNDS else 1)

    def to_int(self) -> int:
        return (self.high_dword << 32) | self.mac

    def utrn(self) -> str:
        ptd = str(PTD_OFFSET + self.to_int())
        return ptd + check_digit(ptd)


def parse_utrn(code: str) -> Ptut:
    """The PTUT inside a 20-digit UTRN; UtrnError says what is wrong."""
    if len(code) != UTRN_LENGTH or not code.isascii() or not code.isdigit():
        raise UtrnError(f"a UTRN is {UTRN_LENGTH} digits")
    if check_digit(code[:-1]) != code[-1]:
        raise UtrnError("the check digit does not match: a digit is mistyped")
    number = int(code[:-1]) - PTD_OFFSET
    if not 0 <= number < 1 << 64:
        raise UtrnError("the number is outside the UTRN range")
    high, mac = number >> 32, number & 0xFFFFFFFF
    if high >> 25:
        raise UtrnError("the PTUT's leading bits are not zero")
    value_class = (high >> 13) & 0b11
    if value_class not in (ValueClass.PENCE, ValueClass.POUNDS):
        raise UtrnError(f"value class {value_class:02b} is reserved")
    return Ptut(counter_bits=(high >> 15) & 0x3FF, value_class=ValueClass(value_class),
                value=high & MAX_VALUE, mac=mac)
