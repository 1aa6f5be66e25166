"""The trial-site demo: `ihd --demo --kiosk` plays the moments people ask about — low
credit, emergency credit, friendly credit, a top-up, a price change, a supplier message —
one after the other, for ever, on the simulated home. Each moment changes the simulated meter; the
display learns of it over the virtual Zigbee network like any real change."""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bridge.model import Fuel, TopUpCode
from bridge.sim.utrn import make_utrn
from bridge.sources.base import SourceError
from bridge.sources.sim import SimSource
from ihd.i18n_mark import N_

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Scenario:
    name: str
    page: str  # where the display goes to show it
    act: Callable[[DemoLoop], Awaitable[None]]


async def _low_credit(demo: DemoLoop) -> None:
    demo.home.set_credit(340)


async def _emergency_credit(demo: DemoLoop) -> None:
    demo.home.set_credit(0, emergency_used_pence=180)


async def _friendly_credit(demo: DemoLoop) -> None:
    # Credit and emergency credit both used up: in friendly-credit hours (evenings,
    # weekends, bank holidays) the meter keeps the supply on, and the display says so.
    acct = demo.home.account
    demo.home.set_credit(-150, emergency_used_pence=acct.emergency_limit_pence)


async def _top_up(demo: DemoLoop) -> None:
    meter = next(m for m in demo.source.meters if m.fuel == Fuel.ELECTRICITY)
    # £20: enough to pay back the emergency and friendly credit the scenarios before used.
    code = make_utrn(demo.home.esme_eui64, 20, next(demo.counters))
    try:
        await demo.source.top_up(meter, TopUpCode.parse(code))
    except SourceError as exc:
        log.info("demo top-up failed: %s", exc)


async def _price_rise(demo: DemoLoop) -> None:
    demo.home.change_prices(+20)
    demo.raised = True


async def _message(demo: DemoLoop) -> None:
    demo.home.send_message_now()


async def _back_to_normal(demo: DemoLoop) -> None:
    if demo.raised:
        demo.home.change_prices(-17)  # about where it was: 1.2 × 0.83 ≈ 1
        demo.raised = False
    demo.home.set_credit(1840)


# Names marked for the translators: the status line says them (ihd/display_app.py).
SCENARIOS = (
    Scenario(N_("Low credit"), "balance", _low_credit),
    Scenario(N_("Emergency credit"), "balance", _emergency_credit),
    Scenario(N_("Friendly credit"), "balance", _friendly_credit),
    Scenario(N_("A top-up"), "topup", _top_up),
    Scenario(N_("A price change"), "tariff", _price_rise),
    Scenario(N_("A message from the supplier"), "messages", _message),
    Scenario(N_("Back to normal"), "now", _back_to_normal),
)


class DemoLoop:
    def __init__(self, source: SimSource, *, every_s: float,
                 show: Callable[[Scenario], None]) -> None:
        self.source = source
        self.home = source.homes[0]
        self.every_s = every_s
        self.show = show
        self.raised = False
        # Top-up counters the demo meter has not seen, wrapping within the UTRN's 10 bits.
        self.counters = (n % 1024 for n in itertools.count(1))
        self.played: list[str] = []

    async def run(self, rounds: int | None = None) -> None:
        """Play the scenarios in order; `rounds` None means for ever."""
        for round_ in itertools.count():
            if rounds is not None and round_ >= rounds:
                return
            for scenario in SCENARIOS:
                try:
                    await scenario.act(self)
                except Exception:  # a demo that stops is worse than one step skipped
                    log.exception("demo scenario %r failed", scenario.name)
                self.played.append(scenario.name)
                self.show(scenario)
                await asyncio.sleep(self.every_s)
