"""The pairing code and the key exchange that proves it (SPAKE2), for both ends.

The bridge shows one code per home, e.g. `3-4821-0937`: the number before the first dash
says which home's code it is (public), the 8 digits after it are the secret. A display
never sends the secret: both ends run SPAKE2 (python-spake2, the Ed25519 group, as
magic-wormhole uses it) with the secret as the password, and each proves it derived the
same key. So

- an eavesdropper, or a fake bridge advertised on the LAN, learns nothing it could test
  the code against offline; each run of the exchange tests one guess, online;
- the bridge proves the code to the display too (a fake bridge cannot);
- the bridge identity in the exchange is its certificate fingerprint, so a display that
  pinned any other certificate (a man in the middle) derives a different key and stops.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from dataclasses import dataclass

SECRET_DIGITS = 8
DISPLAY_ID = b"OpenIHD display v1"
_CODE = re.compile(r"^\s*([0-9]{1,4})\s*[-\s]\s*([0-9][0-9\s-]*[0-9])\s*$", re.ASCII)


class PairingCodeError(ValueError):
    """Not a pairing code as the bridge shows them."""


@dataclass(frozen=True)
class PairingCode:
    slot: int  # which home's code this is: public, shown first
    secret: str  # ASCII digits

    def __str__(self) -> str:
        half = len(self.secret) // 2
        return f"{self.slot}-{self.secret[:half]}-{self.secret[half:]}"

    @classmethod
    def parse(cls, text: str, secret_digits: int = SECRET_DIGITS) -> PairingCode:
        match = _CODE.match(text)
        secret = re.sub(r"[-\s]", "", match.group(2)) if match else ""
        if match is None or len(secret) != secret_digits or int(match.group(1)) < 1:
            raise PairingCodeError(
                f"A pairing code is a number, a dash and {secret_digits} digits, as the "
                f"bridge shows it (e.g. 3-4821-0937).")
        return cls(int(match.group(1)), secret)


def bridge_id(fingerprint: str) -> bytes:
    return b"OpenIHD bridge v1 " + fingerprint.lower().encode("ascii")


def _password(code: PairingCode) -> bytes:
    return f"{code.slot}:{code.secret}".encode("ascii")


def _confirm(key: bytes, who: bytes) -> bytes:
    return hmac.new(key, b"OpenIHD pairing confirm " + who, hashlib.sha256).digest()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: object, what: str) -> bytes:
    if not isinstance(text, str) or len(text) > 1024:
        raise ValueError(f"{what} must be base64 text.")
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise ValueError(f"{what} must be base64 text.") from None


@dataclass(frozen=True)
class BridgeSide:
    """The bridge's half of one run: its message, its proof, and the proof it expects."""
    message: bytes
    confirm: bytes
    expected: bytes


def bridge_respond(code: PairingCode, fingerprint: str, display_message: bytes) -> BridgeSide:
    """Raises ValueError for a message that is not a SPAKE2 message."""
    from spake2 import SPAKE2_B  # imported when pairing, not by every display start

    spake = SPAKE2_B(_password(code), idA=DISPLAY_ID, idB=bridge_id(fingerprint))
    message = spake.start()
    try:
        key = spake.finish(display_message)
    except Exception as exc:  # hostile bytes: any failure to decode is the same answer
        raise ValueError("That is not a pairing message.") from exc
    return BridgeSide(message, _confirm(key, b"bridge"), _confirm(key, b"display"))


class DisplaySide:
    """The display's half: start, then check the bridge's proof and give its own."""

    def __init__(self, code: PairingCode, fingerprint: str) -> None:
        from spake2 import SPAKE2_A  # imported when pairing, not by every display start

        self._spake = SPAKE2_A(_password(code), idA=DISPLAY_ID, idB=bridge_id(fingerprint))
        self.message = self._spake.start()

    def finish(self, bridge_message: bytes, bridge_confirm: bytes) -> bytes | None:
        """The display's proof, or None if the bridge did not prove the same code."""
        try:
            key = self._spake.finish(bridge_message)
        except Exception:  # a fake bridge's bytes: any failure is the same refusal
            return None
        if not hmac.compare_digest(bridge_confirm, _confirm(key, b"bridge")):
            return None
        return _confirm(key, b"display")
