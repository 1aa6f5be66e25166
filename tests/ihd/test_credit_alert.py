"""Low and emergency credit raise an alert; its sound can be silenced and comes back
only when things get worse, or after a top-up and a new low."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bridge.model import CreditStatus, Fuel, MeterIdentity, Money, PrepaymentState
from ihd.credit_alert import REPEAT_S, AlertLevel, AlertPolicy, alert_level, alert_text

METER = MeterIdentity("00:11:22:33:44:55:66:77", 1, Fuel.ELECTRICITY)
AT = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)
OK = CreditStatus.CREDIT_OK | CreditStatus.EMERGENCY_CREDIT_ENABLED


def prepay(credit: str, status: CreditStatus, *, emergency: str = "5.00",
           warning: str | None = "2.00") -> PrepaymentState:
    return PrepaymentState(METER, AT, "t", Money.of(credit), Money.of(emergency),
                           Money.of("0"), status,
                           low_credit_warning=Money.of(warning) if warning else None)


@pytest.mark.parametrize(("state", "level"), [
    (None, AlertLevel.NONE),
    (prepay("12.00", OK), AlertLevel.NONE),
    (prepay("1.50", OK), AlertLevel.LOW),  # under the meter's own warning level
    (prepay("3.00", OK | CreditStatus.LOW_CREDIT), AlertLevel.LOW),  # the meter says so
    (prepay("3.00", OK, warning=None), AlertLevel.NONE),
    (prepay("0", OK | CreditStatus.EMERGENCY_CREDIT_IN_USE, emergency="4.10"),
     AlertLevel.EMERGENCY),
    (prepay("0", OK | CreditStatus.EMERGENCY_CREDIT_IN_USE, emergency="0"),
     AlertLevel.EXHAUSTED),
])
def test_levels(state: PrepaymentState | None, level: AlertLevel) -> None:
    assert alert_level(state) == level


def test_the_words_say_how_much_is_left() -> None:
    state = prepay("1.50", OK)
    assert alert_text(state, AlertLevel.LOW) == "⚠ Low credit: £1.50 left. Top up soon."
    emergency = prepay("0", OK | CreditStatus.EMERGENCY_CREDIT_IN_USE, emergency="4.10")
    assert "£4.10 left" in alert_text(emergency, AlertLevel.EMERGENCY)


def test_sound_on_reaching_a_level_repeats_until_silenced_and_returns_when_worse() -> None:
    policy = AlertPolicy()
    assert not policy.update(AlertLevel.NONE, 0)
    assert policy.update(AlertLevel.LOW, 1)           # reached: sound
    assert not policy.update(AlertLevel.LOW, 60)      # not again at once
    assert policy.update(AlertLevel.LOW, 1 + REPEAT_S)  # reminder
    policy.silence()
    assert policy.silenced
    assert not policy.update(AlertLevel.LOW, 1 + 3 * REPEAT_S)  # silenced: quiet
    assert policy.update(AlertLevel.EMERGENCY, 2 + 3 * REPEAT_S)  # worse: sound again
    policy.silence()
    assert not policy.update(AlertLevel.LOW, 3 + 3 * REPEAT_S)  # better, still quiet
    assert not policy.update(AlertLevel.NONE, 4 + 3 * REPEAT_S)  # topped up
    assert not policy.silenced
    assert policy.update(AlertLevel.LOW, 5 + 3 * REPEAT_S)  # a new low alerts again


def test_sound_can_be_switched_off_by_the_operator() -> None:
    policy = AlertPolicy(sound_enabled=False)
    assert not policy.update(AlertLevel.EXHAUSTED, 0)
    assert policy.level == AlertLevel.EXHAUSTED
