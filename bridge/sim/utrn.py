"""Top-up codes (UTRNs) for the simulated prepayment meter.

A GB UTRN is 20 decimal digits: a 64-bit number = a 32-bit Prepayment Top-Up Token (PTUT)
and a 32-bit MAC computed by the supplier. PTUT bit layout (GBCS ch. 14 as quoted in the
Silicon Labs prepayment plugin; one source): 3-bit lead (0), 4-bit sub-class (0), 2-bit
value class (0 = value in 1/100 currency unit, 1 = whole units), 13-bit value, 10-bit
originator counter. The meter rejects a code whose MAC does not verify (invalid) and one
whose counter it has already accepted (duplicate); it keeps the last 100 counters.

The real MAC uses the supplier's keys; the simulator uses HMAC-SHA256 over the PTUT and
the meter's EUI64 with a demo key, so codes made for one meter fail on another.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import deque
from dataclasses import dataclass
from decimal import Decimal

DEMO_SUPPLIER_KEY = b"openihd-demo-supplier-key"
COUNTER_CACHE = 100
VALUE_CLASS_PENCE = 0
VALUE_CLASS_POUNDS = 1


@dataclass(frozen=True)
class DecodedUtrn:
    counter: int
    value_minor: int  # in 1/100 currency unit


def _mac(ptut: int, eui64: str, key: bytes) -> int:
    msg = ptut.to_bytes(4, "big") + bytes.fromhex(eui64.replace(":", ""))
    return int.from_bytes(hmac.new(key, msg, hashlib.sha256).digest()[:4], "big")


def make_utrn(eui64: str, amount_pounds: Decimal | int, counter: int,
              key: bytes = DEMO_SUPPLIER_KEY) -> str:
    """A valid 20-digit code adding `amount_pounds` to the meter `eui64`."""
    amount = Decimal(amount_pounds)
    if amount <= 0:
        raise ValueError("amount must be positive")
    pence = amount * 100
    if pence == pence.to_integral_value() and pence < 2**13:
        value_class, value = VALUE_CLASS_PENCE, int(pence)
    elif amount == amount.to_integral_value() and amount < 2**13:
        value_class, value = VALUE_CLASS_POUNDS, int(amount)
    else:
        raise ValueError(f"cannot encode {amount} in a UTRN value")
    if not 0 <= counter < 2**10:
        raise ValueError("counter must be 0..1023")
    ptut = (value_class << 23) | (value << 10) | counter
    number = (ptut << 32) | _mac(ptut, eui64, key)
    return f"{number:020d}"


def decode_utrn(code: str, eui64: str, key: bytes = DEMO_SUPPLIER_KEY) -> DecodedUtrn | None:
    """The token inside a code, or None if it is not a valid code for this meter."""
    if len(code) != 20 or not code.isdigit():
        return None
    number = int(code)
    if number >= 2**64:
        return None
    ptut, mac = number >> 32, number & 0xFFFFFFFF
    if ptut >> 25 != 0:  # lead and sub-class must be zero
        return None
    if not hmac.compare_digest(mac.to_bytes(4, "big"),
                               _mac(ptut, eui64, key).to_bytes(4, "big")):
        return None
    value_class = (ptut >> 23) & 0x3
    value = (ptut >> 10) & 0x1FFF
    if value_class == VALUE_CLASS_PENCE:
        minor = value
    elif value_class == VALUE_CLASS_POUNDS:
        minor = value * 100
    else:
        return None
    return DecodedUtrn(counter=ptut & 0x3FF, value_minor=minor)


class UtrnLedger:
    """The meter's memory of accepted counters (duplicate detection)."""

    def __init__(self) -> None:
        self._seen: deque[int] = deque(maxlen=COUNTER_CACHE)

    def seen(self, counter: int) -> bool:
        return counter in self._seen

    def accept(self, counter: int) -> None:
        self._seen.append(counter)


def demo_codes(eui64: str, amounts: tuple[int, ...] = (5, 10, 20)) -> list[str]:
    """A few valid codes for a demo meter, with counters well away from test ones."""
    return [make_utrn(eui64, amount, 900 + i) for i, amount in enumerate(amounts)]
