"""Top-up codes (UTRNs) for the simulated prepayment meter: real GBCS format, demo keys.

Codes are laid out exactly as GBCS section 14 says (`bridge.utrn`: offset, check digit,
PTUT fields); the MAC is computed as Smart DCC's GBCS parser computes it
(SmartDCCInnovation/gbcs-parser src/utrn.ts and src/crypto.ts):
- key: ECDH on P-256 between the supplier's prepayment key-agreement key and the meter's
  key-agreement key, then the GBCS section 4 KDF (SHA-256 over 00000001 | shared secret |
  algorithm id 60857406080300 | originator | 09 01 | counter | meter ID), first 16 bytes;
- MAC: AES-128-GCM with an empty plaintext, IV = originator ID | 00000000, additional
  data 11 | 0000000000 | originator | meter ID | 01 | counter | PTUT high 32 bits; the
  PTUT's low 32 bits are the last 4 bytes of the 16-byte tag.
The KDF and GCM steps are tested against the DCC's published vectors.

Real keys come from the supplier's and the meter's certificates. The simulator derives a
demo supplier key from a fixed seed and each meter's key from its EUI-64, so a code made
for one simulated meter fails on another, and nothing here is a real secret.

The originator counter of a UTRN has its low 32 bits zero (the DCC parser's note); the
PTUT carries its bits 32-41. `counter` below is that top-up number (counter >> 32). The
meter rebuilds the full number from the 10 bits and the highest number it has accepted,
tries the candidates around it and keeps the one whose MAC verifies.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import deque
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from bridge.utrn import COUNTER_BITS, MAX_VALUE, Ptut, UtrnError, ValueClass, parse_utrn

DEMO_SUPPLIER_ID = bytes.fromhex("4F50454E49484400")  # "OPENIHD\0": plainly not a real ID
DEMO_SEED = b"openihd-demo-prepayment-keys"
COUNTER_CACHE = 100
_KDF_ALGORITHM_ID = bytes.fromhex("60857406080300")
_KDF_COMMAND = bytes.fromhex("0901")  # GBCS: the MAC of a command (mode 'command')
_P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


@dataclass(frozen=True)
class DecodedUtrn:
    counter: int  # the top-up number: originator counter >> 32
    value_minor: int  # in 1/100 currency unit


def kdf(private_key: ec.EllipticCurvePrivateKey, public_key: ec.EllipticCurvePublicKey,
        originator: bytes, recipient: bytes, counter: bytes) -> bytes:
    """GBCS section 4 key derivation for a command MAC: a 16-byte AES key."""
    secret = private_key.exchange(ec.ECDH(), public_key)
    other_info = _KDF_ALGORITHM_ID + originator + _KDF_COMMAND + counter + recipient
    return hashlib.sha256(b"\x00\x00\x00\x01" + secret + other_info).digest()[:16]


def gcm_tag(key: bytes, originator: bytes, aad: bytes) -> bytes:
    """The 16-byte GCM tag over `aad` alone, IV = originator ID | 00000000 (GBCS)."""
    encryptor = Cipher(algorithms.AES(key), modes.GCM(originator + bytes(4))).encryptor()
    encryptor.authenticate_additional_data(aad)
    encryptor.finalize()
    return encryptor.tag


def _demo_key(label: bytes) -> ec.EllipticCurvePrivateKey:
    scalar = int.from_bytes(hashlib.sha256(DEMO_SEED + label).digest(), "big")
    return ec.derive_private_key(scalar % (_P256_ORDER - 1) + 1, ec.SECP256R1())


@lru_cache(maxsize=1)
def supplier_key() -> ec.EllipticCurvePrivateKey:
    return _demo_key(b"supplier-prepayment-ka")


@lru_cache(maxsize=1024)
def meter_key(eui64: str) -> ec.EllipticCurvePrivateKey:
    return _demo_key(b"meter-ka:" + _meter_id(eui64))


def _meter_id(eui64: str) -> bytes:
    return bytes.fromhex(eui64.replace(":", "").replace("-", ""))


def mac(high_dword: int, full_counter: int, key: bytes, meter_id: bytes,
        originator: bytes = DEMO_SUPPLIER_ID) -> int:
    aad = (b"\x11" + bytes(5) + originator + meter_id + b"\x01"
           + full_counter.to_bytes(8, "big") + high_dword.to_bytes(4, "big"))
    return int.from_bytes(gcm_tag(key, originator, aad)[-4:], "big")


def _key_for(eui64: str, full_counter: int, *, supplier_side: bool) -> bytes:
    meter_id = _meter_id(eui64)
    counter = full_counter.to_bytes(8, "big")
    if supplier_side:
        return kdf(supplier_key(), meter_key(eui64).public_key(), DEMO_SUPPLIER_ID, meter_id,
                   counter)
    return kdf(meter_key(eui64), supplier_key().public_key(), DEMO_SUPPLIER_ID, meter_id,
               counter)


def make_utrn(eui64: str, amount_pounds: Decimal | int, counter: int) -> str:
    """A valid 20-digit code adding `amount_pounds` to the meter `eui64`; `counter` is the
    supplier's top-up number for this meter (1, 2, 3 …)."""
    amount = Decimal(amount_pounds)
    if amount <= 0:
        raise ValueError("amount must be positive")
    pence = amount * 100
    if pence == pence.to_integral_value() and pence <= MAX_VALUE:
        value_class, value = ValueClass.PENCE, int(pence)
    elif amount == amount.to_integral_value() and amount <= MAX_VALUE:
        value_class, value = ValueClass.POUNDS, int(amount)
    else:
        raise ValueError(f"cannot encode {amount} in a UTRN value")
    if not 0 <= counter < 1 << 32:
        raise ValueError("counter must be 0..2**32-1")
    full = counter << 32
    unsigned = Ptut(counter_bits=counter & 0x3FF, value_class=value_class, value=value, mac=0)
    key = _key_for(eui64, full, supplier_side=True)
    signed = Ptut(counter_bits=unsigned.counter_bits, value_class=value_class, value=value,
                  mac=mac(unsigned.high_dword, full, key, _meter_id(eui64)))
    return signed.utrn()


def decode_utrn(code: str, eui64: str, highest_accepted: int = 0) -> DecodedUtrn | None:
    """The token inside a code, or None if it is not a valid code for this meter.

    The full top-up number is rebuilt from its 10 bits near `highest_accepted`."""
    try:
        ptut = parse_utrn(code)
    except UtrnError:
        return None
    block = highest_accepted >> COUNTER_BITS
    for high in (block, block + 1, block - 1):
        if high < 0:
            continue
        candidate = (high << COUNTER_BITS) | ptut.counter_bits
        full = candidate << 32
        if full >> 64:
            continue
        expected = mac(ptut.high_dword, full, _key_for(eui64, full, supplier_side=False),
                       _meter_id(eui64))
        if hmac.compare_digest(expected.to_bytes(4, "big"), ptut.mac.to_bytes(4, "big")):
            return DecodedUtrn(counter=candidate, value_minor=ptut.value_minor)
    return None


class UtrnLedger:
    """The meter's memory of accepted top-up numbers (duplicate detection)."""

    def __init__(self) -> None:
        self._seen: deque[int] = deque(maxlen=COUNTER_CACHE)

    @property
    def highest(self) -> int:
        return max(self._seen, default=0)

    def seen(self, counter: int) -> bool:
        return counter in self._seen

    def accept(self, counter: int) -> None:
        self._seen.append(counter)


def demo_codes(eui64: str, amounts: tuple[int, ...] = (5, 10, 20)) -> list[str]:
    """A few valid codes for a demo meter, with counters well away from test ones."""
    return [make_utrn(eui64, amount, 900 + i) for i, amount in enumerate(amounts)]
