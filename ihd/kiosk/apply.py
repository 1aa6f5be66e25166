"""What an operator's config does to the display's own settings.

What the file sets wins (a kiosk's tenant cannot reach Settings to change it anyway);
what it leaves out stays as the display has it. A bridge given by address is paired on
first start with the pairing PIN from the file; a different address drops the old pairing.
"""

from __future__ import annotations

from bridge.sources.kinds import KINDS
from ihd.config import Settings
from ihd.kiosk.operator_config import OperatorConfig


def apply_to_settings(operator: OperatorConfig, settings: Settings) -> None:
    if operator.daily_budget is not None:
        settings.daily_budget = str(operator.daily_budget)
    if operator.timezone is not None:
        settings.timezone = operator.timezone
    if operator.source is None:
        return
    settings.source = operator.source
    if operator.source == "bridge" and operator.bridge_url is not None:
        url = operator.bridge_url.rstrip("/")
        if settings.bridge_url != url:
            settings.bridge_url = url
            settings.bridge_token = settings.bridge_premises = None
            settings.bridge_last_seq, settings.bridge_epoch = 0, None
            settings.bridge_fingerprint = operator.bridge_fingerprint
    elif (kind := KINDS.get(operator.source)) is not None:
        setattr(settings, kind.setting, getattr(operator, kind.config_key))


def needs_pairing(operator: OperatorConfig, settings: Settings) -> bool:
    """A bridge named in the file that this display has not paired with yet."""
    return (settings.source == "bridge" and settings.bridge_token is None
            and settings.bridge_url is not None and operator.bridge_pairing_pin is not None)


def reset_household(settings: Settings) -> None:
    """Back to a first start: no source, no pairing, the default budget."""
    fresh = Settings()
    for name in Settings.__dataclass_fields__:
        setattr(settings, name, getattr(fresh, name))
