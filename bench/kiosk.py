"""Figures for the kiosk's own work: what a tenant or operator waits for.

    .venv/bin/python bench/kiosk.py [--repeat N]

- operator PIN check (scrypt n=2^14, r=8): must stay well under a second on a Pi;
  baseline in the same run: one SHA-256 of the same input (what an unsalted, unstretched
  hash would cost a guesser);
- parsing a full kiosk.toml, and one with a syntax error on every other line (the
  recovering parser re-parses once per bad line);
- fitting the window to a 1024x600 screen in each theme (type stepped down until every
  page fits), offscreen Qt.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent.resolve()]

import argparse
import hashlib
import os
import statistics
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def timed(func: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return times


def line(name: str, times: list[float]) -> str:
    return (f"{name:<44} median {statistics.median(times):9.3f} ms   "
            f"max {max(times):9.3f} ms")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    repeat = max(1, min(args.repeat, 1000))

    from ihd.kiosk.operator_config import parse
    from ihd.kiosk.pin import hash_pin, verify_pin

    stored = hash_pin("482913")
    pin_times = timed(lambda: verify_pin("482913", stored), repeat)
    sha_times = timed(lambda: hashlib.sha256(b"482913" + b"s" * 16).digest(), repeat)
    print(line("operator PIN check (scrypt)", pin_times))
    print(line("baseline: one SHA-256", sha_times))
    ratio = statistics.median(pin_times) / max(statistics.median(sha_times), 1e-6)
    print(f"{'ratio scrypt / SHA-256 (cost to a guesser)':<44} {ratio:,.0f}x")

    good = "\n".join([
        "[kiosk]", "enabled = true", f'operator_pin_hash = "{stored}"', "[display]",
        'theme = "large"', 'language = "cy"', 'daily_budget = "4.50"', "[source]",
        'kind = "glow"', 'glow_mqtt = "10.0.0.3:1883"', "[screen]", 'dim_from = "22:30"',
        'dim_until = "06:45"', "dim_level = 0.2", "[demo]", "speed = 60"])
    broken = "\n".join(f"{ln} ===" if i % 2 else ln
                       for i, ln in enumerate(good.splitlines()))
    print(line("parse a full kiosk.toml", timed(lambda: parse(good), repeat)))
    print(line("parse one with 8 bad lines (recovering)", timed(lambda: parse(broken), repeat)))

    from PySide6.QtWidgets import QApplication

    from bridge.model import GBP, Money
    from ihd.ui.main_window import MainWindow
    from ihd.ui.state import DisplayState

    app = QApplication.instance() or QApplication([])

    async def nothing(*_args: object) -> None:
        return None

    for theme_name in ("standard", "large", "high-contrast"):
        window = MainWindow(DisplayState(daily_budget=Money.of("3", GBP)),
                            send_top_up=nothing, confirm=nothing,  # type: ignore[arg-type]
                            load_series=nothing,  # type: ignore[arg-type]
                            choose_demo=lambda: None, set_budget=lambda m: None,
                            theme_name=theme_name)
        fit_times = timed(lambda w=window: w.fit_to(1024, 600, reserve_px=8),
                          max(1, repeat // 4))
        print(line(f"fit window to 1024x600 ({theme_name})", fit_times)
              + f"   scale {window._scale:.2f}")
        window.deleteLater()
    app.processEvents()
    sys.stdout.flush()
    os._exit(0)  # PySide6 can crash at interpreter teardown (see bench/ihd.py)


if __name__ == "__main__":
    sys.exit(main())
