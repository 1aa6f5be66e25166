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


def test_a_demo_started_at_a_chosen_time_shows_that_time(tmp_path: Path) -> None:
    """Trial sites and the docs show a winter evening whatever the hour of the visit."""
    import sqlite3
    from datetime import UTC, datetime

    out = tmp_path / "now.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": str(tmp_path / "c"), "XDG_DATA_HOME": str(tmp_path / "d")}
    result = subprocess.run([sys.executable, "-m", "ihd.app", "--demo", "--speed", "60",
                             "--start", "2026-01-14T18:05:00+00:00", "--screenshot", str(out),
                             "--after", "2"], env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    db = sqlite3.connect(tmp_path / "d" / "openihd" / "history.sqlite3")
    newest = db.execute("SELECT max(ts) FROM readings").fetchone()[0]
    db.close()
    seen = datetime.fromtimestamp(newest, UTC)
    assert datetime(2026, 1, 14, 18, 5, tzinfo=UTC) <= seen < datetime(2026, 1, 14, 19,
                                                                         tzinfo=UTC)


def test_a_start_that_is_not_a_time_is_one_line_and_status_2() -> None:
    result = subprocess.run([sys.executable, "-m", "ihd.app", "--demo", "--start", "teatime"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "2026-01-14T18:00" in result.stderr


def test_a_damaged_history_file_never_stops_the_display(tmp_path: Path) -> None:
    """A worn SD card in a kiosk: the display starts, says what happened, and keeps a
    fresh history; the damaged file is kept beside it."""
    out = tmp_path / "now.png"
    data_dir = tmp_path / "d" / "openihd"
    data_dir.mkdir(parents=True)
    (data_dir / "history.sqlite3").write_bytes(b"\x00not a database" * 1000)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": str(tmp_path / "c"), "XDG_DATA_HOME": str(tmp_path / "d")}
    result = subprocess.run([sys.executable, "-m", "ihd.app", "--demo", "--speed", "60",
                             "--screenshot", str(out), "--after", "2"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "history.sqlite3" in result.stderr
    assert [p.name.split(".damaged-")[0] for p in data_dir.iterdir()
            if ".damaged-" in p.name] == ["history.sqlite3"]
    import sqlite3

    conn = sqlite3.connect(data_dir / "history.sqlite3")
    assert conn.execute("SELECT COUNT(*) FROM meters").fetchone()[0] > 0  # a fresh history
    conn.close()
