"""Change of tenancy: GB rules require an IHD to clear the previous occupier's data
before the next one sees the screen. One place does it, whether the operator pressed the
button or the meter announced the change."""

from __future__ import annotations

from collections.abc import Callable

from bridge.model import Money
from ihd.config import Settings
from ihd.controller import Controller
from ihd.kiosk.apply import apply_to_settings, reset_household
from ihd.kiosk.operator_config import OperatorConfig


async def change_of_tenancy(controller: Controller, settings: Settings,
                            save: Callable[[Settings], None],
                            operator: OperatorConfig) -> None:
    """Stop the source, wipe history, messages, top-ups, budget and pairing, and keep
    only what the building's operator set (their config file applies again)."""
    began = controller.now()
    reset_household(settings)
    apply_to_settings(operator, settings)
    settings.household_since = began.isoformat()
    save(settings)  # first: a crash during the wipe must not bring the old pairing back
    # The next household pays in the same money as this one (a US block stays in dollars).
    await controller.wipe_household(Money(settings.budget,
                                          controller.state.daily_budget.currency))
    controller.household_since = began
