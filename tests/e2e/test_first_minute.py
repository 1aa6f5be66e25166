"""What a newcomer meets in the first minute: real processes, as typed in a terminal."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path


def _no_display_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return {**env, "XDG_CONFIG_HOME": str(tmp_path / "c"), "XDG_DATA_HOME": str(tmp_path / "d")}


def test_ihd_without_a_display_says_what_to_do_in_one_line(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "ihd.app", "--demo"],
                            env=_no_display_env(tmp_path), capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "no display" in result.stderr and "--screenshot" in result.stderr
    assert "plugin" not in result.stderr  # not Qt's platform-plugin abort


def test_a_screenshot_needs_no_display_and_may_be_taken_at_once(tmp_path: Path) -> None:
    out = tmp_path / "now.png"
    result = subprocess.run([sys.executable, "-m", "ihd.app", "--demo", "--screenshot",
                             str(out), "--after", "0"], env=_no_display_env(tmp_path),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_ihd_help_names_its_subcommands() -> None:
    result = subprocess.run([sys.executable, "-m", "ihd.app", "--help"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0
    assert "ihd history export" in result.stdout and "ihd kiosk hash-pin" in result.stdout


def test_bridge_json_into_head_ends_quietly() -> None:
    """`ihd-bridge --sim --json | head -n 3`: head closes the pipe; no traceback."""
    bridge = subprocess.Popen([sys.executable, "-m", "bridge.cli", "--sim", "--json"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    head = subprocess.run(["head", "-n", "3"], stdin=bridge.stdout, capture_output=True,
                          text=True, timeout=60)
    assert bridge.stdout is not None
    bridge.stdout.close()  # as the shell does: only head holds the pipe's reading end
    _, err = bridge.communicate(timeout=60)
    assert head.stdout.count("\n") == 3
    assert bridge.returncode == 0
    assert "BrokenPipe" not in err and 'bridge/cli.py"' not in err, err


def _loaded_by_demo_screenshot(tmp_path: Path, *args: str) -> set[str]:
    """Top-level modules whose code ran in a fresh `ihd --demo --screenshot` process (a
    module deferred and never used does not count: bridge/lazy_imports.py)."""
    out = tmp_path / "shot.png"
    code = ("import sys\n"
            "from ihd.app import main\n"
            f"code = main(['--demo', '--screenshot', {str(out)!r}, '--after', '0', "
            f"*{list(args)!r}])\n"
            "from bridge.lazy_imports import is_loaded\n"
            "print(' '.join(sorted(m for m in sys.modules if '.' not in m and is_loaded(m))))\n"
            "sys.exit(code)\n")
    result = subprocess.run([sys.executable, "-c", code], env=_no_display_env(tmp_path),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return set(result.stdout.split())


def test_the_demo_imports_nothing_it_does_not_need(tmp_path: Path) -> None:
    """A demo display starts without bridge discovery (zeroconf), pairing (spake2),
    sqlite-utils, the radio and device libraries, the HTTP and JSON-schema libraries
    zigpy imports only for OTA downloads (aiohttp, jsonschema), and the chart library
    (pyqtgraph, numpy) until History is shown."""
    loaded = _loaded_by_demo_screenshot(tmp_path)
    assert {"PySide6", "zigpy"} <= loaded  # the demo's own stack is there
    unneeded = {"zeroconf", "sqlite_utils", "spake2", "bellows", "aiomqtt",
                "aioraven", "serial_asyncio", "aiohttp", "yarl", "multidict", "jsonschema",
                "pyqtgraph", "numpy"}
    assert not loaded & unneeded, loaded & unneeded


def test_the_chart_library_loads_when_history_is_shown(tmp_path: Path) -> None:
    loaded = _loaded_by_demo_screenshot(tmp_path, "--page", "history")
    assert {"pyqtgraph", "numpy"} <= loaded


def test_ihd_verbose_says_when_the_first_reading_is_on_screen(tmp_path: Path) -> None:
    """`ihd --demo -v` logs the moment its window first paints a reading (bench/ihd.py
    times a display's start by this line): within seconds, with the time it took."""
    env = {**_no_display_env(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen([sys.executable, "-m", "ihd.app", "--demo", "-v"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    limit = threading.Timer(60, proc.kill)  # a display that never shows one ends the wait
    limit.start()
    try:
        assert proc.stderr is not None
        for line in proc.stderr:  # ends only if the process does
            if "first reading on screen" in line:
                break
        else:
            raise AssertionError("the display ended without a first reading on screen")
        seconds = float(line.split("screen")[1].split("s after start")[0])
        assert 0 < seconds < 60, line
    finally:
        limit.cancel()
        proc.kill()
        proc.wait()
