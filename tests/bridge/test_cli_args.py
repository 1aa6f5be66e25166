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
    (["--sim", "--pcap", "/no/such/folder/x.pcap"], "folder does not exist"),
    (["--sim", "--frobnicate"], "unrecognized arguments"),
    ([], "no Zigbee radio is configured"),
])
def test_bad_arguments_give_one_line_and_status_2(args, words):
    result = _run(*args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert words in lines[0]
    assert result.stdout == ""
