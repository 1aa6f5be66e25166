"""`ihd`: the In-Home Display.

    ihd [--demo] [--speed N] [--seed N] [--db PATH]
    ihd --screenshot FILE [--page now|history|tariff|balance|topup|messages|settings]
        [--after S] [--size WxH] [--demo …]
    ihd history export …            (see `ihd history --help`)

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
    parser.add_argument("-v", "--verbose", action="store_true")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["history"]:
        from ihd.history.cli import main as history_main

        return history_main(argv[1:])
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if args.screenshot is not None and not os.environ.get("DISPLAY") \
            and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return run(args)


def run(args: argparse.Namespace) -> int:
    import qasync
    from PySide6.QtWidgets import QApplication

    from ihd import config
    from ihd.controller import Controller
    from ihd.history.paths import default_db_path
    from ihd.history.store import HistoryError, HistoryStore
    from ihd.source_setup import SourceSetup
    from ihd.ui.main_window import MainWindow
    from ihd.ui.state import DisplayState

    app = QApplication.instance() or QApplication(sys.argv[:1])
    settings = config.load()
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

    setup = SourceSetup(controller, settings, config.save,
                        speed=args.speed if args.demo else 1.0, seed=args.seed)

    def start_demo() -> None:
        if controller.source is None or settings.source != "demo":
            loop.create_task(setup.start_demo())
        window.show_page("now")

    def set_budget(budget: Money) -> None:
        settings.daily_budget = str(budget.amount)
        config.save(settings)

    window = MainWindow(state, send_top_up=controller.top_up,
                        confirm=controller.confirm_message,
                        load_series=controller.load_series, choose_demo=start_demo,
                        set_budget=set_budget, find_bridges=setup.find_bridges,
                        pair_bridge=setup.pair_bridge, start_device=setup.start_device)
    window.fit_to(*args.size)
    window.show()
    if args.demo or settings.source == "demo":
        loop.create_task(setup.start_demo(remember=False))
    elif settings.source in ("bridge", "glow", "raven", "eagle"):
        loop.create_task(setup.resume())
    else:
        window.show_page("settings")

    if args.screenshot is not None:
        async def shoot() -> None:
            await asyncio.sleep(args.after)
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
        await controller.stop()  # inside the loop: sources and tasks end cleanly
        return code

    with loop:
        code = loop.run_until_complete(lifetime())
    if store is not None:
        store.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
