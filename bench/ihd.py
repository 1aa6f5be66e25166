"""Figures for the display, each beside a floor measured in the same run.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/ihd.py [--rounds 3] [--idle 10]

1. Cold start to the first frame showing a reading, and peak memory to then: the real
   `ihd --demo` of this checkout, timed from outside (process start to its "first reading
   on screen" line, peak RSS read from /proc then) against the floor, a process that opens
   a pyqtgraph window with a year of half-hour points (and an empty PySide6 window).
2. Idle on the Now page at real speed: CPU and wake-ups per second (voluntary context
   switches of all its threads, from /proc) of the same process, against the floor's.
3. `./scripts/run` to the first reading on screen against `ihd` started directly, when
   this checkout is set up (scripts/setup's stamp matches; nothing is installed here).
4. Latency from a meter report leaving the emulated meter to the Now page's label
   changing (median, p99), in this process.
5. Frame time while panning a year of half-hourly bars (17,520) in the history chart.

Rounds alternate floor and display; medians are printed, and the median of each round's
own ratio (the machine's load changes between rounds, less within one). The checkout's own
modules are byte-compiled first, as Python leaves them after a first start (or
scripts/setup does): the floor's libraries are installed compiled, and an environment with
PYTHONDONTWRITEBYTECODE set would otherwise compile ~110 modules at every display start.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
# Run as a script, this file's folder comes first on sys.path and its own name would
# shadow the `ihd` package: take the folder off, and measure this checkout's code.
sys.path[:] = [str(ROOT)] + [p for p in sys.path
                             if Path(p or ".").resolve() != Path(__file__).parent.resolve()]
MARK = "first reading on screen"  # ihd.ui.first_frame.MESSAGE, logged by `ihd -v`
SETTLE_S = 10.0  # after the first frame: the demo's start-up work (14 days of the meter's
# log fetched, priced and written) ends about 10 s after start; idle is what follows


# -- the processes measured -------------------------------------------------------------

FLOOR = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import pyqtgraph as pg
app = QApplication([])
widget = pg.PlotWidget()
widget.resize(1280, 800)
xs = [1_700_000_000 + 1800 * i for i in range(17_520)]
widget.addItem(pg.BarGraphItem(x=xs, height=[(i * 37) % 900 / 1000 for i in xs], width=1500))
widget.show()
app.processEvents()
widget.grab()  # the first frame
print("MARK", file=sys.stderr, flush=True)
app.exec()  # an idle Qt app: events as they come, no polling
""".replace("MARK", MARK)

EMPTY = FLOOR.replace("import pyqtgraph as pg\n", "").replace(
    "widget = pg.PlotWidget()", "from PySide6.QtWidgets import QMainWindow\n"
    "widget = QMainWindow()").replace(
    "widget.addItem(pg.BarGraphItem(x=xs, height=[(i * 37) % 900 / 1000 for i in xs], "
    "width=1500))\n", "")


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    return {**env, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"), "PYTHONPATH": str(ROOT)}


def _proc_status(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def _wakeups(pid: int) -> int:
    """Voluntary context switches of every thread: each is the process going to sleep,
    so their rate is how often it is woken."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            for line in (task / "status").read_text().splitlines():
                if line.startswith("voluntary_ctxt_switches:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


def _cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_until_first_frame(argv: list[str], *, idle_s: float = 0.0, settle_s: float = SETTLE_S,
                          cwd: Path = ROOT) -> dict[str, float]:
    """Start `argv`, time it to the MARK line on its stderr (from before the process was
    made), read its peak memory then; then, if `idle_s`, its CPU and wake-ups over that
    long after SETTLE_S more. The process is ended either way."""
    home = Path(tempfile.mkdtemp(prefix="bench-ihd-"))
    t0 = time.monotonic()
    proc = subprocess.Popen(argv, cwd=cwd, env=_env(home), stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seen = threading.Event()
    tail: list[str] = []

    def read() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:  # read to the end: a full pipe would stop the process
            if MARK in line:
                seen.set()
            tail[:] = [*tail, line][-20:]

    threading.Thread(target=read, daemon=True).start()
    try:
        if not seen.wait(120):
            raise RuntimeError(f"{argv[:3]}: no first frame in 120 s: {''.join(tail)}")
        out = {"first_frame_s": time.monotonic() - t0,
               "peak_mb": _proc_status(proc.pid, "VmHWM") / 1024}
        # ./scripts/run execs ihd in the same process: its pid is the display's.
        if idle_s:
            time.sleep(settle_s)
            cpu0, wake0, w0 = _cpu_s(proc.pid), _wakeups(proc.pid), time.monotonic()
            time.sleep(idle_s)
            elapsed = time.monotonic() - w0
            out.update(cpu_pct=(_cpu_s(proc.pid) - cpu0) / elapsed * 100,
                       wakeups_per_s=(_wakeups(proc.pid) - wake0) / elapsed,
                       rss_mb=_proc_status(proc.pid, "VmRSS") / 1024)
        return out
    finally:
        proc.kill()
        proc.wait()


def display_argv() -> list[str]:
    return [sys.executable, "-m", "ihd.app", "--demo", "-v"]


def checkout_is_set_up() -> str | None:
    """None when ./scripts/run would start at once (scripts/setup's stamp matches this
    checkout); else why not. The bench never runs set-up itself."""
    stamp = ROOT / ".venv" / ".openihd-setup-stamp"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    try:
        have = stamp.read_text().split()
    except OSError:
        return "not set up here (no scripts/setup stamp in .venv): run ./scripts/setup"
    if have[:1] != [digest] or have[2:] != [str(ROOT.resolve())]:
        return "set up for another pyproject.toml or folder: ./scripts/run would reinstall"
    return None


# -- in this process -----------------------------------------------------------------------

def report_latency() -> dict[str, float]:
    import qasync
    from PySide6.QtWidgets import QApplication

    from bridge.model import GBP, Money
    from bridge.sources.sim import SimSource
    from ihd.controller import Controller
    from ihd.history.store import HistoryStore
    from ihd.ui.main_window import MainWindow
    from ihd.ui.state import DisplayState

    app = QApplication.instance() or QApplication([])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    result: dict[str, float] = {}

    async def run() -> None:
        state = DisplayState(speed=1.0, daily_budget=Money.of("3", GBP))
        controller = Controller(state, HistoryStore(Path(tempfile.mkdtemp()) / "h.sqlite3"))
        window = MainWindow(state, send_top_up=controller.top_up,
                            confirm=controller.confirm_message,
                            load_series=controller.load_series, choose_demo=lambda: None,
                            set_budget=lambda m: None)
        window.fit_to(1280, 800)
        window.show()
        source = SimSource(seed=1, speed=1.0)
        await controller.attach(source)
        page = window.pages["now"]
        home = source.homes[0]
        await home.stop()  # the meter driven by hand
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


def _median(runs: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def _ratio(over: list[dict[str, float]], under: list[dict[str, float]], key: str) -> float:
    """The median of each round's own ratio."""
    return statistics.median(a[key] / b[key] for a, b in zip(over, under, strict=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="Run with QT_QPA_PLATFORM=offscreen on a machine "
                                            "without a display.")
    parser.add_argument("--rounds", type=int, default=3, help="floor/display rounds")
    parser.add_argument("--idle", type=float, default=10.0, metavar="S",
                        help="seconds of idle measured each round")
    parser.add_argument("--settle", type=float, default=SETTLE_S, metavar="S",
                        help="seconds after the first frame before idle is measured")
    parser.add_argument("--no-run-script", action="store_true",
                        help="skip timing ./scripts/run")
    args = parser.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "ihd"),
                    str(ROOT / "bridge")], check=True)
    floor, empty, display = [], [], []
    for _ in range(args.rounds):
        floor.append(run_until_first_frame([sys.executable, "-c", FLOOR], idle_s=args.idle,
                                           settle_s=args.settle))
        display.append(run_until_first_frame(display_argv(), idle_s=args.idle,
                                             settle_s=args.settle))
    empty.append(run_until_first_frame([sys.executable, "-c", EMPTY]))
    print(f"cold start to first frame with data (median of {args.rounds}): "
          f"{_median(display, 'first_frame_s'):.2f} s; floor (pyqtgraph window with a year "
          f"of points) {_median(floor, 'first_frame_s'):.2f} s, ratio "
          f"{_ratio(display, floor, 'first_frame_s'):.2f} (goal <= 1.5); empty PySide6 "
          f"window {_median(empty, 'first_frame_s'):.2f} s")
    print(f"peak memory to the first frame: {_median(display, 'peak_mb'):.0f} MB; floor "
          f"{_median(floor, 'peak_mb'):.0f} MB, ratio {_ratio(display, floor, 'peak_mb'):.2f} "
          f"(goal <= 1.3); empty window {_median(empty, 'peak_mb'):.0f} MB")
    print(f"idle on Now at real speed, {args.idle:.0f} s: CPU "
          f"{_median(display, 'cpu_pct'):.2f}% of a core (goal <= 0.3), "
          f"{_median(display, 'wakeups_per_s'):.2f} wake-ups/s (goal <= 1), RSS "
          f"{_median(display, 'rss_mb'):.0f} MB; floor (pyqtgraph window) "
          f"{_median(floor, 'cpu_pct'):.2f}%, {_median(floor, 'wakeups_per_s'):.2f} "
          f"wake-ups/s, {_median(floor, 'rss_mb'):.0f} MB")
    print("rounds (display/floor first frame s): " + ", ".join(
        f"{d['first_frame_s']:.2f}/{f['first_frame_s']:.2f}"
        for d, f in zip(display, floor, strict=True)))
    sys.stdout.flush()
    why_not = checkout_is_set_up()
    if args.no_run_script:
        pass
    elif why_not is not None:
        print(f"./scripts/run to first frame: skipped, this checkout is {why_not}")
    else:
        script, direct = [], []
        for _ in range(args.rounds):
            direct.append(run_until_first_frame([str(ROOT / ".venv/bin/ihd"), "--demo",
                                                 "-v"]))
            script.append(run_until_first_frame([str(ROOT / "scripts/run"), "--demo", "-v"]))
        print(f"./scripts/run to first frame: {_median(script, 'first_frame_s'):.2f} s; "
              f"ihd started directly {_median(direct, 'first_frame_s'):.2f} s, ratio "
              f"{_ratio(script, direct, 'first_frame_s'):.2f} (goal <= 1.5)")
    sys.stdout.flush()
    latency = report_latency()
    print(f"meter report -> label: median {latency['latency_median_ms']:.2f} ms, "
          f"p99 {latency['latency_p99_ms']:.2f} ms (200 reports)")
    p = pan_frames()
    print(f"history chart, {p['bars']} half-hour bars: first draw {p['first_draw_ms']:.0f} ms;"
          f" panning frame median {p['frame_median_ms']:.1f} ms, p99 {p['frame_p99_ms']:.1f} ms")
    sys.stdout.flush()
    # PySide6 + pyqtgraph can crash while the interpreter tears widgets down; the
    # figures are printed, so leave without the teardown.
    os._exit(0)


if __name__ == "__main__":
    main()
