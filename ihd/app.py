"""`ihd`: the In-Home Display.

    ihd [--demo] [--speed N] [--seed N] [--db PATH]
    ihd --screenshot FILE [--page now|history|tariff|balance|topup|messages|settings]
        [--after S] [--size WxH] [--demo …]
    ihd --kiosk [--config FILE]     full screen; Settings and leaving need the operator PIN
    ihd --demo --kiosk              the trial-site demo: scenarios in a loop
    ihd history export …            (see `ihd history --help`)
    ihd kiosk hash-pin | check-config FILE

Opens with the last source; on first run it asks (the demo is one choice).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from pathlib import Path
from typing import NoReturn

from bridge.model import GBP, Money

log = logging.getLogger("ihd")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 1280x800, not {text!r}") from None
    if not (320 <= width <= 7680 and 240 <= height <= 4320):
        raise argparse.ArgumentTypeError(f"size out of range: {text}")
    return width, height


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be greater than 0: {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    from ihd.kiosk.operator_config import LANGUAGES, THEMES
    from ihd.ui.main_window import PAGES

    parser = _Parser(prog="ihd", description="OpenIHD, the open In-Home Display.")
    parser.add_argument("--demo", action="store_true", help="run on the built-in simulator")
    parser.add_argument("--speed", type=_positive, default=1.0,
                        help="demo: simulated seconds per real second")
    parser.add_argument("--seed", type=int, default=1, help="demo: which simulated home")
    parser.add_argument("--db", type=Path, help="history file (default: user data folder)")
    parser.add_argument("--screenshot", type=Path, metavar="FILE",
                        help="render a page with live data to a PNG and exit")
    parser.add_argument("--page", choices=PAGES, default="now")
    parser.add_argument("--after", type=_positive, default=3.0, metavar="S",
                        help="screenshot: seconds of live data first (default 3)")
    parser.add_argument("--size", type=_size, default=(1280, 800), metavar="WxH")
    parser.add_argument("--kiosk", action="store_true",
                        help="full screen; Settings and leaving need the operator PIN")
    parser.add_argument("--config", type=Path, metavar="FILE",
                        help="operator config (default /etc/openihd/kiosk.toml if present)")
    parser.add_argument("--theme", choices=THEMES, help="standard, large or high-contrast")
    parser.add_argument("--language", choices=LANGUAGES, help="en or cy (Welsh)")
    parser.add_argument("-v", "--verbose", action="store_true")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["history"]:
        from ihd.history.cli import main as history_main

        return history_main(argv[1:])
    if argv[:1] == ["kiosk"]:
        from ihd.kiosk.cli import main as kiosk_main

        return kiosk_main(argv[1:])
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if args.screenshot is not None and not os.environ.get("DISPLAY") \
            and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return run(args)


def operator_config_path(args: argparse.Namespace) -> Path | None:
    """--config, else the system-wide file, else one in the user's config folder."""
    from ihd import config
    from ihd.kiosk.operator_config import SYSTEM_PATH

    if args.config is not None:
        return Path(args.config)
    for candidate in (SYSTEM_PATH, config.config_dir() / "kiosk.toml"):
        if candidate.is_file():
            return candidate
    return None


def run(args: argparse.Namespace) -> int:
    import qasync
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from bridge.sources.sim import SimSource
    from ihd import config, i18n, tenancy
    from ihd.controller import Controller
    from ihd.history.paths import default_db_path
    from ihd.history.store import HistoryError, HistoryStore
    from ihd.kiosk import operator_config
    from ihd.kiosk.apply import apply_to_settings, needs_pairing
    from ihd.kiosk.demo_loop import DemoLoop, Scenario
    from ihd.kiosk.lock import OperatorLock
    from ihd.source_setup import SourceSetup
    from ihd.ui.chime import Chime
    from ihd.ui.main_window import MainWindow
    from ihd.ui.operator_card import OperatorCard
    from ihd.ui.screen_care import ScreenCare
    from ihd.ui.state import DisplayState

    app = QApplication.instance() or QApplication(sys.argv[:1])
    op_path = operator_config_path(args)
    operator = (operator_config.load(op_path) if op_path is not None
                else operator_config.OperatorConfig())
    for problem in operator.problems:
        log.warning("operator config: %s", problem)
    kiosk = bool(args.kiosk or operator.kiosk)
    settings = config.load()
    i18n.install(args.language or operator.language or settings.language)
    apply_to_settings(operator, settings)
    state = DisplayState(speed=args.speed if args.demo else 1.0,
                         daily_budget=Money(settings.budget, GBP))
    store = None
    try:
        store = HistoryStore(args.db or default_db_path())
    except HistoryError as exc:
        state.set_history_error(f"{exc} History is off; live readings still show.")
    controller = Controller(state, store)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    done: asyncio.Future[int] = loop.create_future()
    demo_speed = args.speed if args.demo else 1.0
    if args.demo and kiosk and args.speed == 1.0:
        demo_speed = operator.demo_speed  # a trial-site demo runs faster than life
    setup = SourceSetup(controller, settings, config.save, speed=demo_speed, seed=args.seed)
    background: list[asyncio.Task[None]] = []

    def start_demo() -> None:
        if controller.source is None or settings.source != "demo":
            loop.create_task(setup.start_demo())
        window.show_page("now")

    def set_budget(budget: Money) -> None:
        settings.daily_budget = str(budget.amount)
        config.save(settings)

    chime = Chime()
    window = MainWindow(state, send_top_up=controller.top_up,
                        confirm=controller.confirm_message,
                        load_series=controller.load_series, choose_demo=start_demo,
                        set_budget=set_budget, find_bridges=setup.find_bridges,
                        pair_bridge=setup.pair_bridge, start_device=setup.start_device,
                        sound=chime.play, alert_sound=operator.alert_sound,
                        theme_name=args.theme or operator.theme or settings.theme)

    def show_scenario(scenario: Scenario) -> None:
        state.source_name = f"Demo home (simulated) — {scenario.name}"
        window.show_page(scenario.page)

    async def start_source() -> None:
        if args.demo or settings.source == "demo":
            await setup.start_demo(remember=False)
            if kiosk and isinstance(controller.source, SimSource):
                demo = DemoLoop(controller.source, every_s=operator.demo_scenario_seconds,
                                show=show_scenario)
                background.append(loop.create_task(demo.run()))
        elif needs_pairing(operator, settings):
            assert settings.bridge_url is not None and operator.bridge_pairing_pin
            await setup.retrying(lambda: setup.pair_bridge(
                settings.bridge_url or "", settings.bridge_fingerprint or "",
                operator.bridge_pairing_pin or ""))
        elif settings.source in ("bridge", "glow", "raven", "eagle", "stick"):
            await setup.resume()
        elif not kiosk:
            window.show_page("settings")

    async def change_of_tenancy() -> None:
        for task in background:
            task.cancel()
        background.clear()
        await tenancy.change_of_tenancy(controller, settings, config.save, operator)
        window.credit_alert.policy.silence()
        loop.create_task(start_source())

    def meter_announced_tenancy_change(_change: object) -> None:
        # The wipe stops the source that delivered this: run it as its own task.
        loop.create_task(change_of_tenancy())

    controller.on_tenancy_change = meter_announced_tenancy_change

    def leave_kiosk() -> None:
        window.leave()

    from bridge.han.radio.probe import ProbeResult
    from ihd import stick_setup
    from ihd.ui.display_card import DisplayCard
    from ihd.ui.stick_card import StickCard

    async def use_coordinator(stick: ProbeResult) -> None:
        if stick.radio is not None:
            await setup.start_device("stick", f"{stick.radio.radio_type}:{stick.port}")

    window.pages["settings"].add_card(StickCard(  # type: ignore[attr-defined]
        find=stick_setup.find_sticks, join=stick_setup.join_meter,
        use_coordinator=use_coordinator))
    def set_theme(name: str) -> None:
        settings.theme = name
        config.save(settings)
        window.set_theme(name)

    def set_language(code: str) -> None:
        settings.language = code
        config.save(settings)

    window.pages["settings"].add_card(DisplayCard(  # type: ignore[attr-defined]
        theme=window.theme_name, language=args.language or operator.language
        or settings.language, set_theme=set_theme, set_language=set_language))
    window.pages["settings"].add_card(OperatorCard(  # type: ignore[attr-defined]
        wipe=change_of_tenancy, leave=leave_kiosk if kiosk else None,
        config_problems=[str(p) for p in operator.problems]))
    if kiosk:
        window.enable_kiosk(OperatorLock(operator.operator_pin_hash))
        window.setWindowFlag(Qt.WindowType.FramelessWindowHint)
        ScreenCare(window, dim_from=operator.dim_from, dim_until=operator.dim_until,
                   dim_level=operator.dim_level, wake_s=operator.wake_minutes * 60,
                   shift_px=operator.pixel_shift_px,
                   shift_every_s=operator.pixel_shift_minutes * 60)
    drift_px = 2 * operator.pixel_shift_px if kiosk else 0
    if kiosk and args.screenshot is None:
        screen = QApplication.primaryScreen().size()
        window.fit_to(screen.width(), screen.height(), reserve_px=drift_px)
        window.showFullScreen()
    else:
        window.fit_to(*args.size, reserve_px=drift_px)
        window.show()
    loop.create_task(start_source())

    if args.screenshot is not None:
        async def shoot() -> None:
            await asyncio.sleep(args.after)
            if args.page != "now" or not (args.demo and kiosk):
                window.show_page(args.page)
            await controller.flush()
            await asyncio.sleep(0.5)  # let the page draw what it loaded
            ok = window.grab().save(str(args.screenshot), "PNG")
            if not ok:
                print(f"ihd: could not write {args.screenshot}", file=sys.stderr)
            if not done.done():
                done.set_result(0 if ok else 1)
        loop.create_task(shoot())

    def quitting() -> None:
        if not done.done():
            done.set_result(0)

    app.aboutToQuit.connect(quitting)

    async def lifetime() -> int:
        code = await done
        for task in background:
            task.cancel()
        await controller.stop()  # inside the loop: sources and tasks end cleanly
        return code

    with loop:
        code = loop.run_until_complete(lifetime())
    if store is not None:
        store.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
