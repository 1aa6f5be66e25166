"""`ihd`: the In-Home Display.

    ihd [--demo] [--speed N] [--seed N] [--db PATH]
    ihd --screenshot FILE [--page now|history|tariff|balance|topup|messages|settings]
        [--after S] [--size WxH] [--demo …]
    ihd --kiosk [--config FILE]     full screen; Settings and leaving need the operator PIN
    ihd --demo --kiosk              the trial-site demo: scenarios in a loop
    ihd history export | inspect …  (see `ihd history --help`)
    ihd kiosk hash-pin | check-config FILE

Opens with the last source; on first run it asks (the demo is one choice).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import NoReturn

# As near the process's start as this module gets (the few standard modules above are
# already loaded by Python itself): the clock of a person waiting for the first reading.
STARTED = time.monotonic()

log = logging.getLogger("ihd")
NO_DISPLAY = ("ihd: no display here (DISPLAY and WAYLAND_DISPLAY are not set): run it on a "
              "desktop or kiosk session (or set QT_QPA_PLATFORM, e.g. eglfs), or render a "
              "picture with `ihd --demo --screenshot now.png`.")


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


def _not_negative(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {text!r}")
    return value


def _moment(text: str) -> datetime:
    """An ISO 8601 time; without a zone it is the display's local time."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a date and time like 2026-01-14T18:00: {text!r}") from None
    return value if value.tzinfo is not None else value.astimezone()


def build_parser() -> argparse.ArgumentParser:
    from ihd.kiosk.operator_config import LANGUAGES, THEMES
    from ihd.ui.main_window import PAGES

    parser = _Parser(
        prog="ihd", description="OpenIHD, the open In-Home Display.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="subcommands (each has --help):\n"
               "  ihd history export …                 half-hourly energy and cost as CSV "
               "or JSON\n"
               "  ihd history inspect                  what the history file holds\n"
               "  ihd kiosk hash-pin | check-config …  kiosk operator tools")
    parser.add_argument("--demo", action="store_true", help="run on the built-in simulator")
    parser.add_argument("--speed", type=_positive, default=1.0,
                        help="demo: simulated seconds per real second")
    parser.add_argument("--seed", type=int, default=1, help="demo: which simulated home")
    parser.add_argument("--start", type=_moment, metavar="TIME",
                        help="demo: the simulated clock's start, e.g. 2026-01-14T18:00 for a "
                             "winter evening (default: now)")
    parser.add_argument("--payment", choices=("prepayment", "credit"), default="prepayment",
                        help="demo: a prepayment home (top up by code) or a credit home "
                             "(billed monthly)")
    parser.add_argument("--tariff", choices=("tou", "block", "tou-block"), default="tou",
                        help="demo: time-of-use bands, one rate in two daily blocks, or "
                             "both")
    parser.add_argument("--db", type=Path, help="history file (default: user data folder)")
    parser.add_argument("--screenshot", type=Path, metavar="FILE",
                        help="render a page with live data to a PNG and exit")
    parser.add_argument("--page", choices=PAGES, default="now")
    parser.add_argument("--after", type=_not_negative, default=3.0, metavar="S",
                        help="screenshot: seconds of live data first (default 3; 0 for the "
                             "first frame)")
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
    import PySide6.QtCore  # noqa: F401 - first, so that its import check is made cheap

    from ihd import qt_import_check

    qt_import_check.install()  # before the ~300 modules the display imports after Qt
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    headless = not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY")
    if args.screenshot is not None and headless:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if headless and sys.platform == "linux" and not os.environ.get("QT_QPA_PLATFORM"):
        # Qt would abort with a page about platform plugins; say what to do instead.
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    return run(args)


def run(args: argparse.Namespace) -> int:
    from ihd.display_app import DisplayApp

    return DisplayApp(args).run()


if __name__ == "__main__":
    sys.exit(main())
