"""Only the operator PIN opens a kiosk; guessing is slowed; an unlock does not linger."""

from __future__ import annotations

from ihd.kiosk.lock import FREE_ATTEMPTS, UNLOCK_LASTS_S, OperatorLock
from ihd.kiosk.pin import hash_pin

HASH = hash_pin("2468", salt=b"0123456789abcdef")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_right_pin_unlocks_until_locked_or_idle() -> None:
    clock = Clock()
    lock = OperatorLock(HASH, clock=clock)
    assert not lock.unlocked
    assert lock.attempt("2468").ok and lock.unlocked
    clock.now += UNLOCK_LASTS_S - 1
    lock.touch()  # still working in Settings
    clock.now += UNLOCK_LASTS_S - 1
    assert lock.unlocked
    clock.now += 2
    assert not lock.unlocked  # walked away: locked again
    assert lock.attempt("2468").ok
    lock.lock()
    assert not lock.unlocked


def test_wrong_pins_count_down_then_pause_and_the_pause_doubles() -> None:
    clock = Clock()
    lock = OperatorLock(HASH, clock=clock)
    messages = [lock.attempt("0000").message for _ in range(FREE_ATTEMPTS)]
    assert messages[0] == "Wrong PIN. 4 more tries before a pause."
    assert messages[3] == "Wrong PIN. 1 more try before a pause."
    assert messages[4] == "Wrong PIN. Try again in 30 s."
    # During the pause even the right PIN is not checked.
    result = lock.attempt("2468")
    assert not result.ok and result.message.startswith("Too many wrong PINs")
    clock.now += 31
    assert lock.attempt("1111").message == "Wrong PIN. Try again in 60 s."
    clock.now += 61
    assert lock.attempt("2468").ok


def test_no_pin_configured_means_locked_with_a_reason() -> None:
    result = OperatorLock(None).attempt("1234")
    assert not result.ok and "No operator PIN" in result.message
