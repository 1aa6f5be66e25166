"""Cumulative registers from consumer devices, with their glitches kept out of the totals.

Devices occasionally send one absurd register value (Glow owners report readings "out by
billions") or a value lower than before. Neither may reach the totals, but neither may
freeze them: a lone spike is rejected and the next sane value flows; a value that goes
backwards is held. If the device keeps sending consistent values the guard disagrees with
(the spike came first, or the meter was exchanged), the guard follows the meter after a
few of them. Every rejection is counted; each run of rejections is logged once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from decimal import Decimal

log = logging.getLogger(__name__)

# A home draws at most this many units (kWh, m³) per hour; 250 is a large 3-phase supply,
# well above any domestic gas meter's m³/h. Anything faster is a glitch.
MAX_PER_HOUR = Decimal(250)
# Allowance for clocks and rounding between two values close together in time.
SLACK = Decimal(10)
# This many consistent values in a row that the guard rejected: the meter is right.
FOLLOW_AFTER = 3


@dataclass
class _Register:
    value: Decimal
    at: float
    rejected_run: int = 0
    candidate: Decimal | None = None
    candidate_at: float = 0.0
    candidate_count: int = 0


@dataclass
class RegisterGuard:
    """Decides, per register, whether a new cumulative value is a reading or a glitch."""

    clock: Callable[[], float] = time.monotonic
    rejected: int = 0  # all rejections so far, for the log and tests
    _registers: dict[Hashable, _Register] = field(default_factory=dict)

    @staticmethod
    def _plausible(old: Decimal, old_at: float, new: Decimal, now: float) -> bool:
        hours = Decimal(max(now - old_at, 0.0)) / 3600
        return old <= new <= old + SLACK + MAX_PER_HOUR * hours

    def accept(self, key: Hashable, value: Decimal | None, name: str = "register") \
            -> Decimal | None:
        """`value` if it is a reading, None if it is a glitch (or absent, or zero: a device
        that does not know its register sends 0)."""
        if value is None or value == 0:
            return None
        now = self.clock()
        register = self._registers.get(key)
        if register is None:
            self._registers[key] = _Register(value, now)
            return value
        if self._plausible(register.value, register.at, value, now):
            if register.rejected_run:
                log.info("%s is sane again at %s after %d rejected value(s)", name, value,
                         register.rejected_run)
            self._registers[key] = _Register(value, now)
            return value
        # A glitch, or the meter disagreeing with us: which, the next values will tell.
        if register.candidate is not None and self._plausible(
                register.candidate, register.candidate_at, value, now):
            register.candidate_count += 1
        else:
            register.candidate_count = 1
        register.candidate, register.candidate_at = value, now
        if register.candidate_count >= FOLLOW_AFTER:
            log.warning("%s has read consistently from %s for %d values: following the "
                        "meter", name, value, FOLLOW_AFTER)
            self._registers[key] = _Register(value, now)
            return value
        self.rejected += 1
        register.rejected_run += 1
        if register.rejected_run == 1:
            what = "went backwards" if value < register.value else "jumped implausibly"
            log.warning("%s %s: %s after %s; rejected (further rejections are not logged "
                        "until it is sane again)", name, what, value, register.value)
        return None
