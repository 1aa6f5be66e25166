"""Install code parsing and link key derivation against published vectors."""

import pytest

from bridge.han.join.install_code import (
    InstallCodeError,
    install_code_crc,
    link_key_from_install_code,
    parse_install_code,
)

# ZigBee's published example (also in Silicon Labs AN1089): code, CRC, derived link key.
CODE = "83FED3407A939723A5C639B26916D505"
CRC = "C3B5"
LINK_KEY = "66B6900981E1EE3CA4206B6B861C02BB"


def test_published_vector_gives_the_published_link_key():
    assert link_key_from_install_code(CODE + CRC) == bytes.fromhex(LINK_KEY)


def test_crc_of_the_published_code():
    assert install_code_crc(bytes.fromhex(CODE)) == bytes.fromhex(CRC)


def test_crc_is_x25_little_endian():
    # CRC-16/X.25's catalogue check value: "123456789" → 0x906E, sent low byte first.
    assert install_code_crc(b"123456789") == bytes([0x6E, 0x90])


@pytest.mark.parametrize("text", [
    "83FE D340 7A93 9723 A5C6 39B2 6916 D505 C3B5",
    "83:fe:d3:40:7a:93:97:23:a5:c6:39:b2:69:16:d5:05:c3:b5",
    "83FED340-7A939723-A5C639B2-6916D505-C3B5",
])
def test_label_formats(text):
    assert parse_install_code(text) == bytes.fromhex(CODE + CRC)
    assert link_key_from_install_code(text) == bytes.fromhex(LINK_KEY)


def test_bytes_are_accepted():
    assert link_key_from_install_code(bytes.fromhex(CODE + CRC)) == bytes.fromhex(LINK_KEY)


@pytest.mark.parametrize("n", [6, 8, 12, 16])
def test_every_code_length_with_its_crc(n):
    code = bytes(range(0x10, 0x10 + n))
    assert len(link_key_from_install_code(code + install_code_crc(code))) == 16


def test_mistyped_digit_is_caught_by_the_crc():
    typo = "83FED3407A939723A5C639B26916D506" + CRC
    with pytest.raises(InstallCodeError, match=r"check digits do not match.*mistyped"):
        parse_install_code(typo)


@pytest.mark.parametrize(("text", "match"), [
    ("83FED3407A939723A5C639B26916D505", "36 hex digits.*has 32"),   # CRC left off
    ("83FED3407A939723A5C639B26916D505C3B", "odd number of digits"),
    ("83FED3407A939723A5C639B26916D5O5C3B5", "hexadecimal"),          # letter O
    ("", "has 0"),
])
def test_malformed_codes(text, match):
    with pytest.raises(InstallCodeError, match=match):
        parse_install_code(text)
