"""When to warn about prepayment credit, and when to sound the warning. No Qt.

Levels rise LOW → EMERGENCY → EXHAUSTED (supply at risk). The banner shows while any
level holds. The sound plays when a level is reached, repeats every few minutes until
someone presses Silence, and after Silence comes back only if things get worse — a
person who has heard it and cannot top up tonight is not nagged all evening.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from bridge.model import EmergencyCreditState, PrepaymentState

REPEAT_S = 10 * 60.0


class AlertLevel(enum.IntEnum):
    NONE = 0
    LOW = 1
    EMERGENCY = 2
    EXHAUSTED = 3


def alert_level(state: PrepaymentState | None) -> AlertLevel:
    if state is None:
        return AlertLevel.NONE
    emergency = state.emergency_credit_state
    if emergency == EmergencyCreditState.EXHAUSTED:
        return AlertLevel.EXHAUSTED
    if emergency == EmergencyCreditState.IN_USE:
        return AlertLevel.EMERGENCY
    warning = state.low_credit_warning
    if state.low_credit or (warning is not None and state.credit_remaining.amount
                            <= warning.amount):
        return AlertLevel.LOW
    return AlertLevel.NONE


def alert_text(state: PrepaymentState, level: AlertLevel,
               tr: Callable[[str], str] = str) -> str:
    """The banner's words; `tr` translates (ihd.i18n.tr in the app: no Qt here)."""
    if level == AlertLevel.EXHAUSTED:
        return tr("⚠ Credit and emergency credit used up: the supply may switch off. "
                  "Top up now.")
    if level == AlertLevel.EMERGENCY:
        return tr("⚠ Using emergency credit: {amount} left. It is paid back from your "
                  "next top-up.").format(amount=state.emergency_credit_remaining)
    if level == AlertLevel.LOW:
        return tr("⚠ Low credit: {amount} left. Top up soon.").format(
            amount=state.credit_remaining)
    return ""


@dataclass
class AlertPolicy:
    """Decides, each time the credit or the clock moves, whether to sound."""

    sound_enabled: bool = True
    level: AlertLevel = AlertLevel.NONE
    silenced_at: AlertLevel = AlertLevel.NONE
    last_sound_s: float | None = None

    def update(self, level: AlertLevel, now_s: float) -> bool:
        """The new level at monotonic time `now_s`; True if the sound should play now."""
        rising = level > self.level
        self.level = level
        if level == AlertLevel.NONE:
            self.silenced_at = AlertLevel.NONE  # topped up: the next low credit alerts again
            self.last_sound_s = None
            return False
        if not self.sound_enabled or level <= self.silenced_at:
            return False
        due = (rising or self.last_sound_s is None
               or now_s - self.last_sound_s >= REPEAT_S)
        if due:
            self.last_sound_s = now_s
        return due

    def silence(self) -> None:
        self.silenced_at = self.level

    @property
    def silenced(self) -> bool:
        return self.level != AlertLevel.NONE and self.level <= self.silenced_at
