"""The operator PIN is never stored in the clear and only the right PIN opens the kiosk."""

from __future__ import annotations

import pytest

from ihd.kiosk.pin import PinError, hash_pin, parse_hash, verify_pin


def test_right_pin_opens_and_wrong_pin_does_not() -> None:
    stored = hash_pin("482913")
    assert verify_pin("482913", stored)
    assert not verify_pin("482914", stored)
    assert not verify_pin("", stored)


def test_the_hash_does_not_contain_the_pin_and_is_salted() -> None:
    first, second = hash_pin("482913"), hash_pin("482913")
    assert "482913" not in first
    assert first != second  # a fresh salt each time: equal PINs do not look equal
    assert verify_pin("482913", second)


def test_same_salt_same_hash_so_a_config_can_be_checked() -> None:
    assert hash_pin("1234", salt=b"s" * 16) == hash_pin("1234", salt=b"s" * 16)


@pytest.mark.parametrize("pin", ["123", "12a4", "", "    "])
def test_short_or_non_digit_pins_are_refused(pin: str) -> None:
    with pytest.raises(PinError, match="at least 4 digits"):
        hash_pin(pin)


@pytest.mark.parametrize("stored", [
    "482913",                                  # a PIN pasted where the hash belongs
    "bcrypt$2b$12$abc",
    "scrypt$16384$8$1$!!!$???",
    "scrypt$3$8$1$c2FsdHNhbHQ$" + "A" * 43,    # n not a power of two
    "scrypt$1073741824$8$1$c2FsdHNhbHQ$" + "A" * 43,  # hostile: minutes of CPU per try
])
def test_malformed_or_hostile_hashes_are_refused_in_words(stored: str) -> None:
    with pytest.raises(PinError):
        parse_hash(stored)
    with pytest.raises(PinError):
        verify_pin("1234", stored)
