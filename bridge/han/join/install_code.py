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

from bridge.status_text import Said, say

CODE_LENGTHS = (6, 8, 12, 16)  # bytes, before the 2-byte CRC


class InstallCodeError(ValueError):
    """An install code that cannot be right; the message is for the person typing it
    (`said`: the same, for the display to put into the reader's language)."""

    def __init__(self, said: Said) -> None:
        super().__init__(said.english())
        self.said = said


def parse_install_code(text: str | bytes) -> bytes:
    """The install code's bytes, CRC included, from hex as printed on a label or in an
    app ("83FE D340 …", "83:FE:…", with or without the CRC's own label)."""
    if isinstance(text, bytes):
        raw = text
    else:
        digits = re.sub(r"[\s:\-_.]", "", text)
        if not re.fullmatch(r"[0-9A-Fa-f]*", digits):
            raise InstallCodeError(say("code.not-hex"))
        if len(digits) % 2:
            raise InstallCodeError(say("code.odd", digits=len(digits)))
        raw = bytes.fromhex(digits)
    if len(raw) - 2 not in CODE_LENGTHS:
        raise InstallCodeError(say("code.length", digits=2 * len(raw)))
    expected = install_code_crc(raw[:-2])
    if raw[-2:] != expected:
        raise InstallCodeError(say("code.check", ends=raw[-2:].hex().upper(),
                                   expected=expected.hex().upper()))
    return raw


def install_code_crc(code: bytes) -> bytes:
    """The CRC-16/X.25 that follows `code` on the wire (little-endian)."""
    crc = zigpy.util.CrcX25()
    crc.process(code)
    return bytes(crc.finalbytes(byteorder="little"))


def link_key_from_install_code(text: str | bytes) -> bytes:
    """The 16-byte preconfigured link key for an install code (validated first)."""
    return bytes(zigpy.util.convert_install_code(parse_install_code(text)))
