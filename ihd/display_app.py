"""The running display: one object that owns the Qt application, the history store, the
controller and the window, and wires the pieces the command line and the operator's
config ask for (kiosk, screen care, demo loop, Settings cards, change of tenancy)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable, Coroutine
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import qasync
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from bridge.model import GBP, Money
from bridge.sources.kinds import KINDS
from bridge.status_text import say
from ihd import config, i18n, tenancy
from ihd.controller import Controller
from ihd.history.paths import default_db_path
from ihd.history.store import HistoryError, HistoryStore
from ihd.kiosk import operator_config
from ihd.kiosk.apply import apply_to_settings, needs_pairing
from ihd.kiosk.lock import OperatorLock
from ihd.source_setup import SourceSetup
from ihd.ui.chime import Chime
from ihd.ui.display_card import DisplayCard
from ihd.ui.gui_thread_gc import GuiThreadCollector
from ihd.ui.main_window import MainWindow
from ihd.ui.operator_card import OperatorCard
from ihd.ui.screen_care import ScreenCare
from ihd.ui.state import DisplayState
from ihd.ui.status_words import history_words, said_words
from ihd.ui.stick_card import StickCard
from ihd.ui.zone_card import ZoneCard

if TYPE_CHECKING:  # bellows and the radio libraries load when a stick is looked for
    from bridge.han.join.session import JoinResult
    from bridge.han.radio.probe import ProbeResult
    from bridge.model import SourceStatus
    from ihd.kiosk.demo_loop import Scenario

log = logging.getLogger("ihd")
DEVICE_SOURCES = ("bridge", *KINDS)  # what `resume` opens: a bridge or a device kind


def operator_config_path(args: argparse.Namespace) -> Path | None:
    """--config, else the system-wide file, else one in the user's config folder."""
    if args.config is not None:
        return Path(args.config)
    for candidate in (operator_config.SYSTEM_PATH, config.config_dir() / "kiosk.toml"):
        if candidate.is_file():
            return candidate
    return None


class DisplayApp:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.qt = QApplication.instance() or QApplication(sys.argv[:1])
        path = operator_config_path(args)
        self.operator = (operator_config.load(path) if path is not None
                         else operator_config.OperatorConfig())
        for problem in self.operator.problems:
            log.warning("operator config: %s", problem)
        self.kiosk = bool(args.kiosk or self.operator.kiosk)
        self.settings = config.load()
        # The person's own choice (Aa) wins over the operator's default for the flat.
        self.language = (args.language or self.settings.language or self.operator.language
                         or "en")
        i18n.install(self.language)
        apply_to_settings(self.operator, self.settings)
        zone = self.settings.home_zone  # one zone for every page and the history's days
        self.state = DisplayState(zone=self.settings.chosen_zone,
                                  speed=args.speed if args.demo else 1.0,
                                  daily_budget=Money(self.settings.budget, GBP))
        self.store: HistoryStore | None = None
        try:
            self.store = HistoryStore(args.db or default_db_path(), timezone=zone)
            if self.store.recovered_error:  # said on screen, and already in the log
                self.state.set_history_error(history_words(self.store.recovered_error))
        except HistoryError as exc:
            self.state.set_history_error(i18n.tr("{reason} History is off; live readings "
                                                 "still show.").format(
                                                     reason=history_words(exc)))
        self.controller = Controller(self.state, self.store)
        self.controller.household_since = _parse_time(self.settings.household_since)
        self.controller.on_tenancy_change = lambda _change: self._spawn(
            self.change_of_tenancy())  # the wipe stops the source that announced it
        self.loop = qasync.QEventLoop(self.qt)
        asyncio.set_event_loop(self.loop)
        self.done: asyncio.Future[int] = self.loop.create_future()
        demo_speed = args.speed if args.demo else 1.0
        if args.demo and self.kiosk and args.speed == 1.0:
            demo_speed = self.operator.demo_speed  # a trial-site demo runs faster than life
        self.setup = SourceSetup(self.controller, self.settings, config.save,
                                 speed=demo_speed, seed=args.seed, demo_start=args.start,
                                 demo_home={"payment": getattr(args, "payment", "prepayment"),
                                            "tariff": getattr(args, "tariff", "tou")})
        self.background: list[asyncio.Task[None]] = []
        self.chime = Chime()
        self.collector = GuiThreadCollector(self.qt)  # never free Qt objects off-thread
        self.window = self._build_window()
        from ihd.app import STARTED
        from ihd.ui.first_frame import FirstFrame

        FirstFrame(self.window.pages["now"].power, STARTED)  # type: ignore[attr-defined]

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        self.loop.create_task(coro)

    # -- the window ---------------------------------------------------------------------

    def _build_window(self) -> MainWindow:
        setup, controller = self.setup, self.controller
        window = MainWindow(self.state, send_top_up=controller.top_up,
                            confirm=controller.confirm_message,
                            load_series=controller.load_series, choose_demo=self._choose_demo,
                            set_budget=self._set_budget, find_bridges=setup.find_bridges,
                            pair_bridge=setup.pair_bridge, start_device=setup.start_device,
                            sound=self.chime.play, alert_sound=self.operator.alert_sound,
                            now=controller.now,
                            theme_name=(self.args.theme or self.settings.theme
                                        or self.operator.theme or "standard"))
        settings_page = window.pages["settings"]
        for card in (
            StickCard(find=self._find_sticks, join=self._join_meter,
                      use_coordinator=self._use_coordinator),
            ZoneCard(chosen=self.settings.chosen_zone, set_zone=self._set_zone),
            OperatorCard(wipe=self.change_of_tenancy,
                         leave=window.leave if self.kiosk else None,
                         config_problems=[str(p) for p in self.operator.problems]),
        ):
            settings_page.add_card(card)  # type: ignore[attr-defined]
        window.set_look_card(DisplayCard(theme=window.theme_name, language=self.language,
                                         set_theme=self._set_theme,
                                         set_language=self._set_language))
        if self.kiosk:
            op = self.operator
            window.enable_kiosk(OperatorLock(op.operator_pin_hash))
            window.setWindowFlag(Qt.WindowType.FramelessWindowHint)
            ScreenCare(window, dim_from=op.dim_from, dim_until=op.dim_until,
                       dim_level=op.dim_level, wake_s=op.wake_minutes * 60,
                       shift_px=op.pixel_shift_px, shift_every_s=op.pixel_shift_minutes * 60)
        return window

    def _show(self) -> None:
        drift_px = 2 * self.operator.pixel_shift_px if self.kiosk else 0
        if self.kiosk and self.args.screenshot is None:
            screen = QApplication.primaryScreen().size()
            self.window.fit_to(screen.width(), screen.height(), reserve_px=drift_px)
            self.window.showFullScreen()
        else:
            self.window.fit_to(*self.args.size, reserve_px=drift_px)
            self.window.show()

    # -- what Settings asks for ---------------------------------------------------------

    def _choose_demo(self) -> None:
        if self.controller.source is None or self.settings.source != "demo":
            self._spawn(self.setup.start_demo())
        self.window.show_page("now")

    def _set_budget(self, budget: Money) -> None:
        self.settings.daily_budget = str(budget.amount)
        config.save(self.settings)

    def _set_zone(self, zone: str | None) -> None:
        self.settings.timezone = zone
        config.save(self.settings)
        source = self.controller.source
        self.state.set_zone(zone, abroad=source is not None and source.currency
                            not in (None, GBP))
        self._spawn(self.controller.follow_zone())

    def _set_theme(self, name: str) -> None:
        self.settings.theme = name
        config.save(self.settings)
        self.window.set_theme(name)

    def _set_language(self, code: str) -> None:
        self.settings.language = code
        config.save(self.settings)

    async def _find_sticks(self) -> list[ProbeResult]:
        from ihd import stick_setup

        return await stick_setup.find_sticks()

    async def _join_meter(self, stick: ProbeResult, install_code: str,
                          on_status: Callable[[SourceStatus], None]) -> JoinResult:
        from ihd import stick_setup

        config_ = stick.device_config or {}
        where = f"{stick.port}@{config_.get('baudrate', 115200)}"
        return await stick_setup.join_meter(
            stick, install_code, on_status,
            follow=lambda source: self.setup.follow_joined_stick(source, where))

    async def _use_coordinator(self, stick: ProbeResult) -> None:
        if stick.radio is not None:
            await self.setup.start_device("stick", f"{stick.radio.radio_type}:{stick.port}")

    # -- sources and tenancy ------------------------------------------------------------

    async def start_source(self) -> None:
        args, settings, setup = self.args, self.settings, self.setup
        if args.demo or settings.source == "demo":
            # The simulator (and zigpy) load only for the demo: not at every start.
            from bridge.sources.sim import SimSource
            from ihd.kiosk.demo_loop import DemoLoop

            await setup.start_demo(remember=False)
            if self.kiosk and isinstance(self.controller.source, SimSource):
                demo = DemoLoop(self.controller.source,
                                every_s=self.operator.demo_scenario_seconds,
                                show=self._show_scenario)
                self.background.append(self.loop.create_task(demo.run()))
        elif needs_pairing(self.operator, settings):
            url, pin = settings.bridge_url or "", self.operator.bridge_pairing_pin or ""
            await setup.retrying(lambda: setup.pair_bridge(
                url, settings.bridge_fingerprint or "", pin))
        elif settings.source in DEVICE_SOURCES:
            await setup.resume()
        elif not self.kiosk:
            self.window.show_page("settings")

    def _show_scenario(self, scenario: Scenario) -> None:
        self.state.source_name = i18n.tr("{source} — {scenario}").format(
            source=said_words(say("name.demo")), scenario=i18n.tr(scenario.name))
        self.window.show_page(scenario.page)

    async def change_of_tenancy(self) -> None:
        for task in self.background:
            task.cancel()
        self.background.clear()
        await tenancy.change_of_tenancy(self.controller, self.settings, config.save,
                                        self.operator)
        self.window.credit_alert.policy.silence()
        self._spawn(self.start_source())

    # -- running ------------------------------------------------------------------------

    async def _screenshot(self, path: Path) -> None:
        await asyncio.sleep(self.args.after)
        if self.args.page != "now" or not (self.args.demo and self.kiosk):
            self.window.show_page(self.args.page)  # the demo loop chooses its own page
        await self.controller.flush()
        # Wait for what the page loads (History's series), not for a fixed time.
        await asyncio.sleep(0)  # the page's showEvent has started its load
        page = self.window.pages.get(self.args.page)
        loaded = getattr(page, "loaded", None)
        if loaded is not None:
            await loaded()
        await asyncio.sleep(0)  # one turn of the loop: Qt lays out and draws what loaded
        ok = self.window.grab().save(str(path), "PNG")
        if not ok:
            print(f"ihd: could not write {path}", file=sys.stderr)
        if not self.done.done():
            self.done.set_result(0 if ok else 1)

    async def _lifetime(self) -> int:
        code = await self.done
        for task in self.background:
            task.cancel()
        await self.controller.stop()  # inside the loop: sources and tasks end cleanly
        return code

    def run(self) -> int:
        self._show()
        self._spawn(self.start_source())
        if self.args.screenshot is not None:
            self._spawn(self._screenshot(self.args.screenshot))
        self.qt.aboutToQuit.connect(
            lambda: None if self.done.done() else self.done.set_result(0))
        with self.loop:
            code = self.loop.run_until_complete(self._lifetime())
        if self.store is not None:
            self.store.close()
        return code


def _parse_time(text: str | None) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(text) if text else None
    except ValueError:
        return None
    return parsed if parsed is None or parsed.tzinfo is not None else None
