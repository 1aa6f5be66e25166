"""The operator's tools and a kiosk start-up as real processes: a PIN hash made by
`ihd kiosk hash-pin`, a config checked line by line, and a display that still starts
(and says what was wrong) when the deployed config has mistakes."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

from ihd.kiosk.pin import verify_pin


def _ihd(*args: str, tmp_path: Path, stdin: str | None = None,
         timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": str(tmp_path / "c"), "XDG_DATA_HOME": str(tmp_path / "d")}
    return subprocess.run([sys.executable, "-m", "ihd.app", *args], env=env, input=stdin,
                          capture_output=True, text=True, timeout=timeout)


def test_hash_pin_makes_a_hash_the_kiosk_accepts(tmp_path: Path) -> None:
    result = _ihd("kiosk", "hash-pin", "--stdin", tmp_path=tmp_path, stdin="482913\n")
    assert result.returncode == 0, result.stderr
    stored = result.stdout.strip()
    assert stored.startswith("scrypt$") and "482913" not in stored
    assert verify_pin("482913", stored) and not verify_pin("482914", stored)
    short = _ihd("kiosk", "hash-pin", "--stdin", tmp_path=tmp_path, stdin="12\n")
    assert short.returncode == 1 and "at least 4 digits" in short.stderr


BAD = """\
[kiosk]
enabled = true
operator_pin_hash = "1234"
[display]
theme = "high-contrast"
language = "cy"
daily_budget = "lots"
[screen]
dim_from = "25:00"
"""


def test_check_config_lists_every_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(BAD)
    result = _ihd("kiosk", "check-config", str(path), tmp_path=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert [line.split(":")[1] for line in lines[:3]] == ["3", "7", "9"]
    good = tmp_path / "good.toml"
    good.write_text('[display]\ntheme = "large"\n')
    ok = _ihd("kiosk", "check-config", str(good), tmp_path=tmp_path)
    assert ok.returncode == 0 and "sets theme" in ok.stdout


def test_a_kiosk_with_a_bad_config_still_starts_and_reports_it(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(BAD)
    out = tmp_path / "kiosk.png"
    result = _ihd("--demo", "--config", str(path), "--speed", "60", "--screenshot", str(out),
                  "--after", "2", "--size", "1024x600", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"{path}:3:" in result.stderr and f"{path}:7:" in result.stderr
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1024, 600)
