"""Install code → preconfigured trust-centre link key.

An SE device is registered with the meter's trust centre (in GB: with the supplier, who
tells the comms hub) by its EUI64 and install code: 6, 8, 12 or 16 random bytes followed
by a CRC-16/X.25 of them, little-endian. Both sides hash the whole code (CRC included) with
the Matyas-Meyer-Oseas AES-MMO hash into the link key the joining device is preconfigured
with; the trust centre then sends the network key encrypted with it.

zigpy already implements the check and the hash (`zigpy.util.convert_install_code`); this
module adds parsing of what a person types and errors in plain words.
"""

from __future__ import annotations

import re

import zigpy.util

CODE_LENGTHS = (6, 8, 12, 16)  # bytes, before the 2-byte CRC


class InstallCodeError(ValueError):
    """An install code that cannot be right; the message is for the person typing it."""


def parse_install_code(text: str | bytes) -> bytes:
    """The install code's bytes, CRC included, from hex as printed on a label or in an
    app ("83FE D340 …", "83:FE:…", with or without the CRC's own label)."""
    if isinstance(text, bytes):
        raw = text
    else:
        digits = re.sub(r"[\s:\-_.]", "", text)
        if not re.fullmatch(r"[0-9A-Fa-f]*", digits):
            raise InstallCodeError("An install code is written in hexadecimal: only the "
                                   "digits 0-9 and letters A-F.")
        if len(digits) % 2:
            raise InstallCodeError(f"This install code has an odd number of digits "
                                   f"({len(digits)}): a digit is missing or extra.")
        raw = bytes.fromhex(digits)
    if len(raw) - 2 not in CODE_LENGTHS:
        raise InstallCodeError(
            f"An install code is 16, 20, 28 or 36 hex digits (6, 8, 12 or 16 bytes and a "
            f"4-digit check); this one has {2 * len(raw)}.")
    expected = install_code_crc(raw[:-2])
    if raw[-2:] != expected:
        raise InstallCodeError(
            f"The install code's check digits do not match (ends {raw[-2:].hex().upper()}, "
            f"the rest gives {expected.hex().upper()}): a digit is probably mistyped.")
    return raw


def install_code_crc(code: bytes) -> bytes:
    """The CRC-16/X.25 that follows `code` on the wire (little-endian)."""
    crc = zigpy.util.CrcX25()
    crc.process(code)
    return bytes(crc.finalbytes(byteorder="little"))


def link_key_from_install_code(text: str | bytes) -> bytes:
    """The 16-byte preconfigured link key for an install code (validated first)."""
    return bytes(zigpy.util.convert_install_code(parse_install_code(text)))
