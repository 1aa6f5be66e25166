"""Who may reach Settings or leave a kiosk: the operator, with the PIN.

Guessing is slowed down (a pause that doubles after repeated wrong PINs) and an unlock
does not last: it ends when the operator leaves Settings or after a few idle minutes, so
the next tenant never finds the kiosk open.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from ihd.i18n_mark import N_
from ihd.kiosk.pin import PinError, verify_pin

FREE_ATTEMPTS = 5
FIRST_PAUSE_S = 30.0
MAX_PAUSE_S = 15 * 60.0
UNLOCK_LASTS_S = 5 * 60.0


@dataclass(frozen=True)
class Attempt:
    """What a PIN attempt came to: `text` (English, marked for the translators) with its
    {names} in `args`; the display says it in the reader's language."""

    ok: bool
    text: str
    args: tuple[tuple[str, str], ...] = ()

    @property
    def message(self) -> str:
        """In English, for logs and tests."""
        return self.text.format(**dict(self.args))


def _wait(text_s: str, text_min: str, seconds: int) -> Attempt:
    if seconds < 120:
        return Attempt(False, text_s, (("seconds", str(seconds)),))
    return Attempt(False, text_min, (("minutes", str(seconds // 60)),))


class OperatorLock:
    def __init__(self, pin_hash: str | None, *,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.pin_hash = pin_hash
        self._clock = clock
        self._failures = 0
        self._paused_until = 0.0
        self._unlocked_until = 0.0

    @property
    def unlocked(self) -> bool:
        return self._clock() < self._unlocked_until

    def touch(self) -> None:
        """The operator is still busy in Settings: keep it open a little longer."""
        if self.unlocked:
            self._unlocked_until = self._clock() + UNLOCK_LASTS_S

    def lock(self) -> None:
        self._unlocked_until = 0.0

    def attempt(self, pin: str) -> Attempt:
        now = self._clock()
        if self.pin_hash is None:
            return Attempt(False, N_("No operator PIN is set in the kiosk config, so this "
                                     "display stays locked. Ask your housing provider."))
        if now < self._paused_until:
            wait = int(self._paused_until - now) + 1
            return _wait(N_("Too many wrong PINs. Try again in {seconds} s."),
                         N_("Too many wrong PINs. Try again in {minutes} min."), wait)
        try:
            right = verify_pin(pin, self.pin_hash)
        except PinError as exc:
            return Attempt(False, N_("The operator PIN in the kiosk config cannot be used: "
                                     "{reason}"), (("reason", str(exc)),))
        if right:
            self._failures = 0
            self._unlocked_until = now + UNLOCK_LASTS_S
            return Attempt(True, N_("Unlocked."))
        self._failures += 1
        if self._failures >= FREE_ATTEMPTS:
            pause = min(FIRST_PAUSE_S * 2 ** (self._failures - FREE_ATTEMPTS), MAX_PAUSE_S)
            self._paused_until = now + pause
            return _wait(N_("Wrong PIN. Try again in {seconds} s."),
                         N_("Wrong PIN. Try again in {minutes} min."), int(pause))
        left = FREE_ATTEMPTS - self._failures
        if left == 1:
            return Attempt(False, N_("Wrong PIN. 1 more try before a pause."))
        return Attempt(False, N_("Wrong PIN. {left} more tries before a pause."),
                       (("left", str(left)),))
