"""Smoke test of the frozen one-folder app, as an installer would get it from
`scripts/package`: the real executables, no venv, no source tree.

Skipped unless OPENIHD_FROZEN_APP names the built folder (dist/openihd); scripts/package
sets it. What it proves: the display starts, draws a page with live data and writes a
real screenshot (so Qt, its platform plugins, pyqtgraph and the data files made it into
the folder); the bridge serves readings; and the bridge needs nothing that the hardening
in ihd-bridge.service forbids (W+X memory, syscalls outside @system-service).
"""

from __future__ import annotations

import ctypes
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from bridge.codec import from_json
from bridge.model import MeterReading

FROZEN = os.environ.get("OPENIHD_FROZEN_APP")
pytestmark = pytest.mark.skipif(
    not FROZEN, reason="set OPENIHD_FROZEN_APP=dist/openihd (scripts/package does)")

APP = Path(FROZEN or ".").resolve()
IHD = APP / "ihd"
BRIDGE = APP / "ihd-bridge"

PR_SET_MDWE = 65
PR_GET_MDWE = 66
PR_MDWE_REFUSE_EXEC_GAIN = 1
NOBODY = 65534


def isolated_env(tmp_path: Path) -> dict[str, str]:
    """A user with nothing: fresh config/data/home, and nothing from the venv or the
    developer's Qt/Python settings that could make a broken bundle look whole."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PYTHON", "QT_", "VIRTUAL_ENV", "LD_", "XDG_"))}
    for name in ("home", "config", "data", "state", "cache"):
        (tmp_path / name).mkdir(exist_ok=True)
    env.update(HOME=str(tmp_path / "home"), XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"), XDG_STATE_HOME=str(tmp_path / "state"),
               XDG_CACHE_HOME=str(tmp_path / "cache"), QT_QPA_PLATFORM="offscreen")
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return env


def run(command: list[str], tmp_path: Path, timeout: float = 120, cwd: Path | None = None,
        preexec_fn: Callable[[], None] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, env=isolated_env(tmp_path), cwd=cwd or tmp_path,
                          capture_output=True, text=True, timeout=timeout,
                          preexec_fn=preexec_fn)


def readings(stdout: str) -> list[MeterReading]:
    lines = [line for line in stdout.splitlines() if line.strip()]
    assert lines, "the bridge printed nothing"
    updates = [from_json(json.loads(line)) for line in lines]  # every line decodes
    return [update for update in updates if isinstance(update, MeterReading)]


def test_folder_has_both_programs_and_the_install_files() -> None:
    for program in (IHD, BRIDGE):
        assert program.is_file() and os.access(program, os.X_OK), program
    assert (APP / "_internal").is_dir()
    for name in ("systemd/ihd-bridge.service", "systemd/openihd-kiosk.service",
                 "linux/org.openihd.Display.desktop", "linux/org.openihd.Display.svg"):
        assert (APP / "share" / name).is_file(), name


@pytest.mark.parametrize("page", ["now", "history"])
def test_display_renders_a_page_with_live_demo_data(tmp_path: Path, page: str) -> None:
    from PySide6.QtGui import QImage

    out = tmp_path / f"{page}.png"
    result = run([str(IHD), "--demo", "--screenshot", str(out), "--page", page,
                  "--after", "3"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = QImage(str(out))
    assert not image.isNull()
    assert (image.width(), image.height()) == (1280, 800)  # ihd's default --size
    # A blank or half-drawn window is one or two colours; a page with text, cards and
    # (on history) a chart has many. Sample a grid rather than read a million pixels.
    colours = Counter(image.pixel(x, y) for x in range(0, 1280, 8) for y in range(0, 800, 8))
    assert len(colours) >= 20, f"only {len(colours)} colours: is the page blank?"
    assert colours.most_common(1)[0][1] < 0.9 * sum(colours.values())
    # The history it recorded went where the user's data goes, not next to the program.
    assert (tmp_path / "data" / "openihd" / "history.sqlite3").exists()


def test_bridge_prints_readings_as_json_lines(tmp_path: Path) -> None:
    result = run([str(BRIDGE), "--sim", "--json", "--duration", "3", "--speed", "60"],
                 tmp_path)
    assert result.returncode == 0, result.stderr
    assert readings(result.stdout), "no MeterReading in 3 s at 60x"


def _mdwe_supported() -> bool:
    libc = ctypes.CDLL(None, use_errno=True)
    return libc.prctl(PR_GET_MDWE, 0, 0, 0, 0) >= 0  # Linux 6.3+


def _refuse_write_execute() -> None:
    """In the child, before exec: the kernel's own version of systemd's
    MemoryDenyWriteExecute=yes (kept across execve)."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_MDWE)")


def _bridge_as_in_the_unit(state: Path) -> list[str]:
    """ExecStart of ihd-bridge.service with the simulator as the meter: HTTPS (TLS keys),
    zeroconf, sqlite state; a loopback address with any free port."""
    return [str(BRIDGE), "--sim", "--json", "--speed", "60", "--duration", "4",
            "--state-dir", str(state), "--listen", "127.0.0.1:0"]


def test_bridge_runs_without_writable_executable_memory(tmp_path: Path) -> None:
    if not _mdwe_supported():
        pytest.skip("kernel without PR_SET_MDWE (Linux < 6.3)")
    state = tmp_path / "bridge-state"
    result = run(_bridge_as_in_the_unit(state), tmp_path, preexec_fn=_refuse_write_execute)
    assert result.returncode == 0, result.stderr
    assert readings(result.stdout)
    assert (state / "bridge.key").exists()


def _syscall_set(group: str) -> set[str]:
    """Expand a systemd syscall group (@name) into syscall names, as this systemd has it."""
    listing = subprocess.run(["systemd-analyze", "syscall-filter", group], check=True,
                             capture_output=True, text=True, timeout=60).stdout
    names: set[str] = set()
    for line in listing.splitlines():
        word = line.strip().split(" ")[0]
        if not line.startswith((" ", "\t")) or not word or word.startswith("#"):
            continue
        names |= _syscall_set(word) if word.startswith("@") else {word}
    return names


def test_bridge_needs_only_the_syscalls_its_unit_allows(tmp_path: Path) -> None:
    """ihd-bridge.service allows @system-service minus @privileged and @resources."""
    if shutil.which("strace") is None or shutil.which("systemd-analyze") is None:
        pytest.skip("needs strace and systemd-analyze (apt install strace systemd)")
    # pytest's tmp_path is private to us; the bridge may run as another user here.
    shared = Path(tempfile.mkdtemp(prefix="openihd-strace-"))
    try:
        command = _bridge_as_in_the_unit(shared / "bridge-state")
        if os.geteuid() == 0:
            # The unit never runs it as root (sqlite, for one, chowns its files when root).
            if shutil.which("setpriv") is None:
                pytest.skip("running as root and setpriv (util-linux) is missing")
            shared.chmod(0o777)
            command = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
                       *command]
        trace = tmp_path / "strace.txt"
        result = run(["strace", "-f", "-qq", "-o", str(trace), *command], tmp_path,
                     cwd=shared)
    finally:
        shutil.rmtree(shared, ignore_errors=True)
    assert result.returncode == 0, result.stderr
    assert readings(result.stdout)
    # Count only what the bridge (and what it starts) calls: from its own execve on.
    text = trace.read_text()
    start = re.search(r'^\d+ +execve\("[^"]*ihd-bridge", .* = 0$', text, flags=re.M)
    assert start, "strace did not see the bridge start"
    used = set(re.findall(r"^\d+ +([a-z0-9_]+)\(", text[start.start():], flags=re.M))
    allowed = _syscall_set("@system-service")
    denied = _syscall_set("@privileged") | _syscall_set("@resources")
    assert used - allowed == set(), "outside SystemCallFilter=@system-service"
    assert used & denied == set(), "in SystemCallFilter=~@privileged @resources"
