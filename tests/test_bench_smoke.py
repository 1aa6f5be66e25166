"""The benchmarks still run as scripts (their names must not shadow the packages)."""

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).parents[1] / "bench"


@pytest.mark.parametrize("script, args, expect", [
    ("bridge.py", ["--homes", "2", "--displays", "4", "--seconds", "1"],
     "report -> display, 2 homes / 4 displays"),
    ("han.py", ["--reads", "5", "--reports", "20"], "report -> decoded reading"),
    ("estate.py", ["--flats", "40", "--updates", "10", "--no-kill"], "ratio update/floor"),
    ("mqtt_resync.py", ["--topics", "60", "--rtt-ms", "4"], "ratio floor/bridge"),
    ("history.py", ["--raw-days", "1", "--years", "1"], "period total year"),
    ("kiosk.py", ["--repeat", "2"], "fit window to 1024x600 (high-contrast)"),
    ("ihd.py", ["--rounds", "1", "--idle", "1", "--settle", "0", "--no-run-script"],
     "cold start to first frame with data"),
    ("pairing_attack.py", ["--homes", "4", "--tries", "12", "--windows", "2"],
     "success rate per window (real codes): measured 0/1"),
])
def test_benchmark_runs_and_prints_its_figures(script, args, expect):
    result = subprocess.run([sys.executable, str(BENCH / script), *args], capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert expect in result.stdout
