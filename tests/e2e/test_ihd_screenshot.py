"""`ihd --screenshot` as support and docs use it: a real process, offscreen."""

import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.parametrize("page", ["now", "topup"])
def test_screenshot_of_a_page_with_live_demo_data(tmp_path: Path, page: str) -> None:
    out = tmp_path / f"{page}.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": str(tmp_path / "c"), "XDG_DATA_HOME": str(tmp_path / "d")}
    result = subprocess.run([sys.executable, "-m", "ihd.app", "--demo", "--speed", "60",
                             "--screenshot", str(out), "--page", page, "--after", "2",
                             "--size", "1024x600"], env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1024, 600)
    assert (tmp_path / "d" / "openihd" / "history.sqlite3").exists()


def test_bad_size_is_one_line_and_status_2(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "ihd.app", "--size", "big"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "1280x800" in result.stderr
