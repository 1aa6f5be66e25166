"""Paired displays that open streams from the start of a long backlog and never read:
the bridge's memory stays bounded, each display gets only a few streams, and the memory
goes back to the system when they are gone. A real bridge process (bench/hostile_streams.py
with small numbers; its figures are in the issue's closing note)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).parents[3] / "bench" / "hostile_streams.py"


def test_streams_that_never_read_hold_bounded_memory() -> None:
    result = subprocess.run(
        [sys.executable, str(BENCH), "--displays", "10", "--streams", "5", "--journal",
         "5000", "--seconds", "4"], capture_output=True, text=True, timeout=600,
        cwd=Path(__file__).parents[3])
    assert result.returncode == 0, result.stderr[-3000:]
    m = re.search(r"(\d+) admitted, (\d+) refused; RSS (\d+) MB -> peak (\d+) MB .* -> after "
                  r"(\d+) MB", result.stdout)
    assert m, result.stdout
    admitted, refused, before, peak, after = map(int, m.groups())
    assert (admitted, refused) == (40, 10)  # four streams per display, the fifth refused
    assert peak - before < 60  # was ~7 MB per stream before pages and caps
    assert after < peak
