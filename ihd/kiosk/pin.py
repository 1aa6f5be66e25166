"""The operator PIN: stored only as a salted scrypt hash, checked in constant time.

The hash string is self-describing (`scrypt$n$r$p$salt$hash`, base64) so that an operator
can make one on any machine (`ihd kiosk hash-pin`) and paste it into the kiosk config.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

# Interactive-login strength that still checks in well under a second on a Raspberry Pi.
_N, _R, _P = 2**14, 8, 1
MIN_DIGITS = 4


class PinError(ValueError):
    """A PIN or a stored hash that cannot be used, said in words."""


def check_pin_shape(pin: str) -> None:
    if not (pin.isdigit() and len(pin) >= MIN_DIGITS):
        raise PinError(f"An operator PIN is at least {MIN_DIGITS} digits.")


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    check_pin_shape(pin)
    salt = salt if salt is not None else os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return "$".join(["scrypt", str(_N), str(_R), str(_P), _b64(salt), _b64(digest)])


def verify_pin(pin: str, stored: str) -> bool:
    """True if `pin` matches `stored`; a malformed `stored` raises PinError."""
    n, r, p, salt, expected = parse_hash(stored)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, dklen=len(expected))
    return hmac.compare_digest(digest, expected)


def parse_hash(stored: str) -> tuple[int, int, int, bytes, bytes]:
    parts = stored.strip().split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        raise PinError("The operator PIN hash is not one `ihd kiosk hash-pin` made "
                       "(it starts with 'scrypt$').")
    try:
        n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
        salt, expected = _unb64(parts[4]), _unb64(parts[5])
    except ValueError:
        raise PinError("The operator PIN hash is damaged.") from None
    # Bounds keep a hostile config from making each check take minutes or gigabytes.
    if not (2**10 <= n <= 2**20 and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 4
            and len(salt) >= 8 and len(expected) >= 16):
        raise PinError("The operator PIN hash has parameters out of range.")
    return n, r, p, salt, expected


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
