"""The install files under packaging/: the promises they make to whoever deploys them.

The bridge unit's hardening is what lets a housing association run it on a shared
machine: it can write only its state folder, open only USB serial devices, and comes
back after a crash. The kiosk comes back whatever happens. The validators
(`systemd-analyze verify`, `desktop-file-validate`) run when installed; the same files
are also parsed here so the checks that matter never depend on them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SYSTEMD = ROOT / "packaging" / "systemd"
LINUX = ROOT / "packaging" / "linux"
BRIDGE_UNIT = SYSTEMD / "ihd-bridge.service"
KIOSK_UNIT = SYSTEMD / "openihd-kiosk.service"
DESKTOP = LINUX / "org.openihd.Display.desktop"
AUTOSTART = LINUX / "autostart" / "org.openihd.Kiosk.desktop"
ICON = LINUX / "org.openihd.Display.svg"

Unit = dict[str, dict[str, list[str]]]


def parse_unit(path: Path) -> Unit:
    """systemd's syntax: sections, repeatable keys (kept in order), `\\` line continuation,
    # and ; comments. configparser cannot keep repeated keys, hence this."""
    sections: Unit = {}
    current: dict[str, list[str]] | None = None
    pending = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = pending + raw.strip()
        pending = ""
        if not line or line[0] in "#;":
            continue
        if line.endswith("\\"):
            pending = line[:-1] + " "
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        assert current is not None, f"{path.name}: {line!r} before any [section]"
        key, sep, value = line.partition("=")
        assert sep, f"{path.name}: not key=value: {line!r}"
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def last(unit: Unit, section: str, key: str) -> str:
    """The value systemd uses for a single-valued key: the last one set."""
    values = unit.get(section, {}).get(key)
    assert values, f"[{section}] {key}= is not set"
    return values[-1]


def every(unit: Unit, section: str, key: str) -> list[str]:
    """A list-valued key as systemd accumulates it (an empty assignment resets it)."""
    items: list[str] = []
    for value in unit.get(section, {}).get(key, []):
        items = [] if value == "" else [*items, value]
    return items


@pytest.fixture(scope="module")
def bridge() -> Unit:
    return parse_unit(BRIDGE_UNIT)


@pytest.fixture(scope="module")
def kiosk() -> Unit:
    return parse_unit(KIOSK_UNIT)


# --- the bridge ------------------------------------------------------------------------


def test_bridge_writes_only_its_state_dir(bridge: Unit) -> None:
    assert last(bridge, "Service", "ProtectSystem") == "strict"
    assert last(bridge, "Service", "ProtectHome") in ("yes", "true", "tmpfs")
    assert last(bridge, "Service", "PrivateTmp") == "yes"
    assert last(bridge, "Service", "StateDirectory") == "openihd-bridge"
    # ...and it is told to keep its state there, not in a home it cannot see.
    assert "--state-dir ${STATE_DIRECTORY}" in last(bridge, "Service", "ExecStart")
    # No ReadWritePaths= punching holes in ProtectSystem=strict.
    assert "ReadWritePaths" not in bridge["Service"]


def test_bridge_runs_as_its_own_unprivileged_user(bridge: Unit) -> None:
    service = bridge["Service"]
    assert last(bridge, "Service", "DynamicUser") == "yes" or (
        "User" in service and last(bridge, "Service", "User") != "root")
    assert last(bridge, "Service", "NoNewPrivileges") == "yes"
    assert last(bridge, "Service", "CapabilityBoundingSet") == ""
    assert "dialout" in last(bridge, "Service", "SupplementaryGroups").split()


def test_bridge_can_open_only_serial_devices(bridge: Unit) -> None:
    assert last(bridge, "Service", "DevicePolicy") == "closed"
    allowed = every(bridge, "Service", "DeviceAllow")
    assert allowed, "DevicePolicy=closed with no DeviceAllow: the stick could not be opened"
    for entry in allowed:
        device, _, mode = entry.partition(" ")
        assert device in ("char-ttyUSB", "char-ttyACM"), entry
        assert set(mode) <= set("rw"), entry  # no 'm' (mknod)
    # PrivateDevices=yes would hide /dev/ttyUSB* from the bridge altogether.
    assert bridge["Service"].get("PrivateDevices", ["no"])[-1] in ("no", "false")


def test_bridge_network_and_syscalls_are_limited(bridge: Unit) -> None:
    families = set(" ".join(every(bridge, "Service", "RestrictAddressFamilies")).split())
    assert families == {"AF_UNIX", "AF_INET", "AF_INET6", "AF_NETLINK"}
    assert "@system-service" in every(bridge, "Service", "SystemCallFilter")
    assert last(bridge, "Service", "MemoryDenyWriteExecute") == "yes"


def test_bridge_restarts_after_a_crash_but_not_on_a_config_mistake(bridge: Unit) -> None:
    assert last(bridge, "Service", "Restart") == "on-failure"
    assert float(last(bridge, "Service", "RestartSec")) == 5
    # Exit status 2 is ihd-bridge's usage error; restarting cannot fix it.
    assert "2" in last(bridge, "Service", "RestartPreventExitStatus").split()
    assert last(bridge, "Install", "WantedBy") == "multi-user.target"


def test_bridge_command_uses_real_ihd_bridge_options(bridge: Unit) -> None:
    from bridge.cli import build_parser

    known = {option for action in build_parser()._actions for option in action.option_strings}
    command = last(bridge, "Service", "ExecStart").split()
    assert command[0] == "/opt/openihd/ihd-bridge"
    used = {word for word in command[1:] if word.startswith("--")}
    assert used <= known, used - known
    # The example environment file's sources must parse too.
    env = (SYSTEMD / "ihd-bridge.env").read_text(encoding="utf-8")
    sources = re.findall(r"^#?OPENIHD_SOURCE=(.*)$", env, flags=re.M)
    assert len(sources) >= 4
    for source in sources:
        build_parser().parse_args(source.split())
    for mqtt in re.findall(r"^#?OPENIHD_MQTT=(.*)$", env, flags=re.M):
        build_parser().parse_args(["--sim", *mqtt.split()])


# --- the kiosk -------------------------------------------------------------------------


def test_kiosk_runs_the_display_in_cage_with_the_operator_config(kiosk: Unit) -> None:
    command = last(kiosk, "Service", "ExecStart").split()
    assert Path(command[0]).name == "cage"
    app = command[command.index("--") + 1:]
    assert app == ["/opt/openihd/ihd", "--kiosk", "--config", "/etc/openihd/kiosk.toml"]


def test_kiosk_restarts_always_as_a_dedicated_user_on_tty1(kiosk: Unit) -> None:
    assert last(kiosk, "Service", "Restart") == "always"
    assert last(kiosk, "Service", "User") not in ("", "root")
    assert last(kiosk, "Service", "TTYPath") == "/dev/tty1"
    assert "getty@tty1.service" in every(kiosk, "Unit", "Conflicts")
    # cage needs a logind session for the screen and input devices.
    pam = last(kiosk, "Service", "PAMName")
    assert (SYSTEMD / f"{pam}.pam").exists()
    assert last(kiosk, "Install", "WantedBy") == "graphical.target"


def test_kiosk_environment_asks_qt_for_wayland() -> None:
    env = dict(line.split("=", 1) for line in
               (SYSTEMD / "openihd-kiosk.env").read_text(encoding="utf-8").splitlines()
               if line and not line.startswith("#"))
    assert env["QT_QPA_PLATFORM"] == "wayland"


def _units_with_stub_programs(tmp_path: Path) -> list[Path]:
    """Copies of the units whose programs exist: verify rejects an ExecStart it cannot
    find, and /opt/openihd (or cage) is not installed on a build machine."""
    stubs = tmp_path / "bin"
    stubs.mkdir()
    for name in ("ihd", "ihd-bridge", "cage"):
        stub = stubs / name
        stub.write_text("#!/bin/sh\n")
        stub.chmod(0o755)
    copies = []
    for unit in (BRIDGE_UNIT, KIOSK_UNIT):
        text = unit.read_text(encoding="utf-8")
        text = text.replace("/opt/openihd/", f"{stubs}/").replace("/usr/bin/cage", f"{stubs}/cage")
        copy = tmp_path / unit.name
        copy.write_text(text, encoding="utf-8")
        copies.append(copy)
    return copies


def test_systemd_analyze_verify(tmp_path: Path) -> None:
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed (apt install systemd)")
    units = _units_with_stub_programs(tmp_path)
    result = subprocess.run(["systemd-analyze", "verify", "--man=no", *map(str, units)],
                            capture_output=True, text=True, timeout=60)
    # verify exits 0 on unknown keys and bad values too, printing a warning: any mention
    # of our units is a finding.
    findings = [line for line in (result.stdout + result.stderr).splitlines()
                if any(unit.name in line for unit in units)]
    assert result.returncode == 0 and not findings, result.stdout + result.stderr


# --- desktop files and icon ------------------------------------------------------------


def parse_desktop(path: Path) -> dict[str, dict[str, str]]:
    groups: dict[str, dict[str, str]] = {}
    group: dict[str, str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            group = groups.setdefault(line[1:-1], {})
            continue
        assert group is not None, f"{path.name}: {line!r} before [Desktop Entry]"
        key, sep, value = line.partition("=")
        assert sep and key == key.strip(), f"{path.name}: bad line {line!r}"
        assert key not in group, f"{path.name}: {key} twice"
        group[key] = value
    return groups


def test_desktop_entry_starts_ihd_with_our_icon() -> None:
    entry = parse_desktop(DESKTOP)["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Exec"].split()[0] == "ihd"
    assert entry["Icon"] == ICON.stem == DESKTOP.stem  # icon and entry share the app id
    assert {"Utility", "Monitor"} <= set(filter(None, entry["Categories"].split(";")))
    assert entry["Terminal"] == "false"


def test_autostart_entry_starts_the_kiosk() -> None:
    entry = parse_desktop(AUTOSTART)["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Exec"].split()[:2] == ["ihd", "--kiosk"]
    assert entry["Icon"] == ICON.stem
    assert entry.get("NoDisplay") == "true"  # not a second menu item


@pytest.mark.parametrize("path", [DESKTOP, AUTOSTART], ids=lambda p: p.name)
def test_desktop_file_validate(path: Path) -> None:
    if shutil.which("desktop-file-validate") is None:
        pytest.skip("desktop-file-validate is not installed (apt install desktop-file-utils)")
    result = subprocess.run(["desktop-file-validate", str(path)], capture_output=True,
                            text=True, timeout=60)
    # Hints are suggestions; errors and warnings are not.
    problems = [line for line in result.stdout.splitlines() if ": hint: " not in line]
    assert result.returncode == 0 and not problems, result.stdout + result.stderr


def test_icon_is_svg_with_a_square_viewbox() -> None:
    root = ET.parse(ICON).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    x, y, width, height = (float(v) for v in root.attrib["viewBox"].replace(",", " ").split())
    assert (x, y) == (0, 0) and width == height > 0
    # Hand-written and self-contained: no external images or scripts.
    for element in root.iter():
        assert not element.tag.endswith(("}image", "}script")), element.tag
