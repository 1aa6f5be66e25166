"""Bad command lines get one line on stderr and exit status 2."""

import subprocess
import sys

import pytest


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bridge.cli", *args], capture_output=True,
                          text=True, timeout=60)


@pytest.mark.parametrize("args, words", [
    (["--sim", "--speed", "0"], "must be greater than 0"),
    (["--sim", "--speed", "fast"], "not a number"),
    (["--sim", "--duration", "-1"], "must be greater than 0"),
    (["--sim", "--meters", "0"], "must be at least 1"),
    (["--sim", "--max-displays", "0"], "must be at least 1"),
    (["--sim", "--pcap", "/no/such/folder/x.pcap"], "folder does not exist"),
    (["--sim", "--frobnicate"], "unrecognized arguments"),
    ([], "choose a source"),
    (["--source", "stick"], "Say which stick: --radio TYPE --device PORT"),
    (["--source", "stick", "--radio", "cc2531", "--device", "/dev/ttyUSB0"],
     "Unknown radio type 'cc2531'"),
])
def test_bad_arguments_give_one_line_and_status_2(args, words):
    result = _run(*args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert words in lines[0]
    assert result.stdout == ""


def test_a_stick_that_is_not_plugged_in_is_status_1_in_words(tmp_path):
    result = _run("--source", "stick", "--radio", "ezsp", "--device", "/dev/ttyUSB-gone",
                  "--state-dir", str(tmp_path))
    assert result.returncode == 1
    assert "No stick at /dev/ttyUSB-gone. Is it plugged in?" in result.stderr


def test_sticks_on_a_port_where_nothing_answers(tmp_path):
    import os
    import pty

    controller, peripheral = pty.openpty()  # a serial port with nothing on the other end
    port = os.ttyname(peripheral)
    try:
        result = _run("sticks", port, "--timeout", "0.5", "-v")
    finally:
        os.close(controller)
        os.close(peripheral)
    assert result.returncode == 1
    assert result.stdout.startswith(f"nothing answered on {port}")
    assert "Silicon Labs EZSP stick: " in result.stdout  # -v: what each library said


def test_a_bad_max_displays_in_the_environment_is_named_not_ignored():
    import os

    result = subprocess.run([sys.executable, "-m", "bridge.cli", "--sim", "--duration", "1"],
                            capture_output=True, text=True, timeout=60,
                            env={**os.environ, "IHD_BRIDGE_MAX_DISPLAYS": "lots"})
    assert result.returncode == 2
    assert "IHD_BRIDGE_MAX_DISPLAYS must be a whole number" in result.stderr
