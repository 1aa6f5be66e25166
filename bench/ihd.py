"""Figures for the display, each beside a baseline measured in the same run.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/ihd.py

1. Cold start to the first frame showing a reading (fresh process) and peak memory to
   then, against the floor: a process that opens a pyqtgraph window with a year of
   half-hour points (and an empty PySide6 window for reference).
2. CPU, wake-ups per second (voluntary context switches of all threads) and RSS while
   idle on the Now page (10 s, demo at real speed), against the same floor.
3. Latency from a meter report leaving the emulated meter to the Now page's label
   changing (median, p99).
4. Frame time while panning a year of half-hourly bars (17,520) in the history chart.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Run as a script, this file's folder comes first on sys.path and its own name would
# shadow the `ihd` package: take the folder off.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent.resolve()]
IDLE_S = 10.0


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _wakeups() -> int:
    """Context switches of every thread of this process so far: each voluntary one is the
    process going to sleep, so their rate is how often it is woken."""
    total = 0
    for task in Path("/proc/self/task").iterdir():
        try:
            text = (task / "status").read_text()
        except OSError:
            continue
        for line in text.splitlines():
            if line.startswith("voluntary_ctxt_switches:"):
                total += int(line.split()[1])
    return total


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def child_baseline(t0: float) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([])
    window = QMainWindow()
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    window.grab()  # the first frame
    first = time.time() - t0
    cpu0, w0 = _cpu_s(), time.monotonic()
    end = time.monotonic() + IDLE_S
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.05)
    cpu = (_cpu_s() - cpu0) / (time.monotonic() - w0) * 100
    return {"first_frame_s": first, "rss_mb": _rss_mb(), "cpu_pct": cpu}


def child_pyqtgraph(t0: float) -> dict[str, float]:
    """The floor: a window with a pyqtgraph chart of a year of half-hour points."""
    import pyqtgraph as pg
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    widget = pg.PlotWidget()
    widget.resize(1280, 800)
    xs = [1_700_000_000 + 1800 * i for i in range(17_520)]
    widget.addItem(pg.BarGraphItem(x=xs, height=[(i * 37) % 900 / 1000 for i in xs],
                                   width=1500))
    widget.show()
    app.processEvents()
    widget.grab()
    first = time.time() - t0
    cpu0, w0, wake0 = _cpu_s(), time.monotonic(), _wakeups()
    QTimer.singleShot(int(IDLE_S * 1000), app.quit)
    app.exec()  # an idle Qt app: events as they come, no polling
    elapsed = time.monotonic() - w0
    return {"first_frame_s": first, "rss_mb": _rss_mb(), "peak_mb": _peak_mb(),
            "cpu_pct": (_cpu_s() - cpu0) / elapsed * 100,
            "wakeups_per_s": (_wakeups() - wake0) / elapsed}


def child_display(t0: float) -> dict[str, float]:
    import qasync
    from PySide6.QtWidgets import QApplication

    from bridge.model import GBP, Money
    from bridge.sources.sim import SimSource
    from ihd.controller import Controller
    from ihd.history.store import HistoryStore
    from ihd.ui.main_window import MainWindow
    from ihd.ui.state import DisplayState

    app = QApplication([])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    result: dict[str, float] = {}

    async def run() -> None:
        folder = Path(tempfile.mkdtemp())
        state = DisplayState(speed=1.0, daily_budget=Money.of("3", GBP))
        controller = Controller(state, HistoryStore(folder / "h.sqlite3"))
        window = MainWindow(state, send_top_up=controller.top_up,
                            confirm=controller.confirm_message,
                            load_series=controller.load_series, choose_demo=lambda: None,
                            set_budget=lambda m: None)
        window.fit_to(1280, 800)
        window.show()
        source = SimSource(seed=1, speed=1.0)
        await controller.attach(source)
        page = window.pages["now"]
        shown = asyncio.Event()

        def check() -> None:
            if "kW" in page.power.text() and not page.power.text().startswith("–"):
                shown.set()

        state.changed.connect(check)
        check()
        await shown.wait()
        await asyncio.sleep(0)  # the page's own slot runs first; then the frame
        window.grab()
        result["first_frame_s"] = time.time() - t0
        result["peak_at_first_frame_mb"] = _peak_mb()
        await asyncio.sleep(3)  # let backfill and the first history flush finish
        cpu0, w0, wake0 = _cpu_s(), time.monotonic(), _wakeups()
        await asyncio.sleep(IDLE_S)
        elapsed = time.monotonic() - w0
        result["cpu_pct"] = (_cpu_s() - cpu0) / elapsed * 100
        result["wakeups_per_s"] = (_wakeups() - wake0) / elapsed
        result["rss_mb"] = _rss_mb()
        result["peak_mb"] = _peak_mb()

        # Report -> label latency, driving the meter by hand.
        home = source.homes[0]
        await home.stop()
        latencies = []
        for i in range(200):
            home.esme.server(1, 0x0702).attributes[0x0400] = 1000 + 7 * i
            expected = f"{Decimal(1000 + 7 * i) / 1000:.2f} kW"  # as the page formats it
            sent = time.perf_counter()
            home.esme.report_attributes(1, 0x0702, [0x0400])
            deadline = sent + 5
            while not page.power.text().startswith(expected):
                if time.perf_counter() > deadline:
                    raise RuntimeError(f"label never showed {expected}: {page.power.text()}")
                await asyncio.sleep(0.001)
            latencies.append((time.perf_counter() - sent) * 1000)
        latencies.sort()
        result["latency_median_ms"] = statistics.median(latencies)
        result["latency_p99_ms"] = latencies[int(0.99 * len(latencies)) - 1]
        await controller.stop()

    with loop:
        loop.run_until_complete(run())
    return result


def pan_frames() -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    from bridge.model import Fuel, MeterIdentity
    from ihd.history.store import HistoryStore
    from ihd.ui.history_page import HistoryPage
    from ihd.ui.state import DisplayState

    app = QApplication.instance() or QApplication([])
    meter = MeterIdentity("00:0d:6f:00:0b:00:00:01", 1, Fuel.ELECTRICITY)
    store = HistoryStore(Path(tempfile.mkdtemp()) / "h.sqlite3")
    end = datetime(2026, 11, 24, tzinfo=UTC)
    start = end - timedelta(days=365)
    intervals = [(start + timedelta(minutes=30 * i), Decimal((i * 37) % 900) / 1000)
                 for i in range(17_520)]
    store.import_profile(meter, intervals)
    state = DisplayState()
    page = HistoryPage(state, load=None)  # type: ignore[arg-type]
    page.resize(1280, 700)
    page.show()
    page.current = store.series(meter, start, end, "half_hour")
    page.previous = []
    t0 = time.perf_counter()
    page.draw()
    app.processEvents()
    draw_ms = (time.perf_counter() - t0) * 1000
    frames = []
    width = 86400 * 7
    for step in range(120):  # pan a week-wide view across the year
        left = start.timestamp() + step * (365 * 86400 - width) / 120
        t = time.perf_counter()
        page.plot.setXRange(left, left + width, padding=0)
        page.plot.repaint()
        app.processEvents()
        frames.append((time.perf_counter() - t) * 1000)
    frames.sort()
    return {"bars": len(page.current), "first_draw_ms": draw_ms,
            "frame_median_ms": statistics.median(frames), "frame_p99_ms": frames[-2]}


def main() -> None:
    if len(sys.argv) < 3 or sys.argv[1] != "--child":
        import argparse

        argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                epilog="Run with QT_QPA_PLATFORM=offscreen on a machine "
                                       "without a display.").parse_args()
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        t0 = float(sys.argv[3])
        fn = {"baseline": child_baseline, "pyqtgraph": child_pyqtgraph,
              "display": child_display}[sys.argv[2]]
        print(json.dumps(fn(t0)))
        return
    runs = {}
    for kind in ("baseline", "pyqtgraph", "display"):
        t0 = time.time()
        out = subprocess.run([sys.executable, __file__, "--child", kind, repr(t0)],
                             capture_output=True, text=True, timeout=300, check=True)
        runs[kind] = json.loads(out.stdout.strip().splitlines()[-1])
    b, g, d = runs["baseline"], runs["pyqtgraph"], runs["display"]
    print(f"cold start to first frame with data: {d['first_frame_s']:.2f} s; floor "
          f"(pyqtgraph window with a year of points) {g['first_frame_s']:.2f} s, ratio "
          f"{d['first_frame_s'] / g['first_frame_s']:.2f} (goal <= 1.5); empty PySide6 "
          f"window {b['first_frame_s']:.2f} s")
    print(f"peak memory to the first frame: {d['peak_at_first_frame_mb']:.0f} MB; floor "
          f"{g['peak_mb']:.0f} MB, ratio {d['peak_at_first_frame_mb'] / g['peak_mb']:.2f} "
          f"(goal <= 1.3); after {IDLE_S:.0f} s more {d['peak_mb']:.0f} MB")
    print(f"idle on Now at real speed, {IDLE_S:.0f} s: CPU {d['cpu_pct']:.2f}% of a core "
          f"(goal <= 0.3), {d['wakeups_per_s']:.1f} wake-ups/s (goal <= 1), RSS "
          f"{d['rss_mb']:.0f} MB; floor (pyqtgraph window) {g['cpu_pct']:.2f}%, "
          f"{g['wakeups_per_s']:.1f} wake-ups/s, {g['rss_mb']:.0f} MB; empty window "
          f"{b['cpu_pct']:.2f}%, {b['rss_mb']:.0f} MB")
    print(f"meter report -> label: median {d['latency_median_ms']:.2f} ms, "
          f"p99 {d['latency_p99_ms']:.2f} ms (200 reports)")
    p = pan_frames()
    print(f"history chart, {p['bars']} half-hour bars: first draw {p['first_draw_ms']:.0f} ms;"
          f" panning frame median {p['frame_median_ms']:.1f} ms, p99 {p['frame_p99_ms']:.1f} ms")
    sys.stdout.flush()
    # PySide6 + pyqtgraph can crash while the interpreter tears widgets down; the
    # figures are printed, so leave without the teardown.
    os._exit(0)


if __name__ == "__main__":
    main()
