"""The display's words for what the meter and the sources say in codes or in English:
top-up results and the usual names of tariff rates. (bridge.model keeps its English for
logs and the command line; a person reads these, in the display's language.)"""

from __future__ import annotations

import re

from bridge.model import TopUpResultCode
from ihd.i18n import tr
from ihd.i18n_mark import N_

TOP_UP_WORDS = {
    TopUpResultCode.ACCEPTED: N_("Top-up accepted."),
    TopUpResultCode.REJECTED_INVALID: N_("The meter did not accept this code. Check the digits."),
    TopUpResultCode.REJECTED_DUPLICATE: N_("This code has already been used."),
    TopUpResultCode.REJECTED_ERROR: N_("The meter could not apply the top-up. Try again later."),
    TopUpResultCode.REJECTED_MAX_CREDIT: N_("The meter is at its maximum credit."),
    TopUpResultCode.REJECTED_KEYPAD_LOCK: N_("Top-ups are locked on this meter."),
    TopUpResultCode.REJECTED_TOO_LARGE: N_("This top-up is larger than the meter allows."),
    TopUpResultCode.ACCEPTED_SUPPLY_ENABLED: N_("Top-up accepted. Your supply is on."),
    TopUpResultCode.ACCEPTED_SUPPLY_DISABLED: N_("Top-up accepted. Your supply is still off."),
    TopUpResultCode.ACCEPTED_SUPPLY_ARMED:
        N_("Top-up accepted. Press the button on your meter to restore supply."),
    TopUpResultCode.NO_ANSWER: N_("The meter did not answer. Your code was not used; try again."),
}
# Why a code was refused, in a top-up log line.
REFUSED_WORDS = {
    TopUpResultCode.REJECTED_INVALID: N_("code not valid"),
    TopUpResultCode.REJECTED_DUPLICATE: N_("already used"),
    TopUpResultCode.REJECTED_ERROR: N_("meter error"),
    TopUpResultCode.REJECTED_MAX_CREDIT: N_("credit at its maximum"),
    TopUpResultCode.REJECTED_KEYPAD_LOCK: N_("top-ups locked"),
    TopUpResultCode.REJECTED_TOO_LARGE: N_("too large"),
    TopUpResultCode.NO_ANSWER: N_("no answer from the meter"),
}
# The names GB suppliers and the demo give their rates; others are shown as the meter sends.
RATE_LABELS = (N_("Standard"), N_("Off-peak"), N_("Peak"), N_("Day"), N_("Night"),
               N_("Evening and weekend"), N_("Weekend"),
               # What the bridge calls a rate a device gives no name for (bridge/se/
               # decode.py, bridge/sources/raven.py, eagle.py, glow.py).
               N_("Price"), N_("Unit rate"))
# "Tier 3": the bridge's name for an unnamed tier (SE PriceTier), numbered.
TIER_LABEL = re.compile(r"Tier ([0-9]{1,2})")


def top_up_words(result: TopUpResultCode) -> str:
    return tr(TOP_UP_WORDS[result])


def refused_words(result: TopUpResultCode) -> str:
    return tr(REFUSED_WORDS.get(result, N_("refused")))


def rate_label(label: str) -> str:
    """A rate's name in the display's language where it is one of the usual ones."""
    if label in RATE_LABELS:
        return tr(label)
    tier = TIER_LABEL.fullmatch(label)
    return tr("Tier {number}").format(number=tier.group(1)) if tier else label
