"""`ihd-bridge --sim --json --pcap` as a user runs it: a real subprocess."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from bridge.codec import from_json
from bridge.model import MeterReading, PrepaymentState, Price
from bridge.utrn import parse_utrn
from tests.tshark_util import dissect_file, needs_tshark

CMD = [sys.executable, "-m", "bridge.cli", "--sim", "--json", "--speed", "120"]


def test_json_lines_are_updates_and_pcap_holds_every_frame(tmp_path: Path) -> None:
    pcap = tmp_path / "han.pcap"
    result = subprocess.run([*CMD, "--duration", "3", "--pcap", str(pcap)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    updates = [from_json(json.loads(line)) for line in result.stdout.splitlines()]
    kinds = {type(u) for u in updates}
    assert {MeterReading, Price, PrepaymentState} <= kinds
    assert "accepts top-up codes" in result.stderr
    assert pcap.stat().st_size > 24
    # The printed codes are real-format GB UTRNs: 20 digits, GBCS check digit, a value.
    line = next(x for x in result.stderr.splitlines() if "accepts top-up codes" in x)
    codes = re.findall(r"\b\d{20}\b", line)
    assert len(codes) == 3
    assert [parse_utrn(c).value_minor for c in codes] == [500, 1000, 2000]


@needs_tshark
def test_wireshark_decodes_the_capture_as_zigbee_smart_energy(tmp_path: Path) -> None:
    pcap = tmp_path / "han.pcap"
    subprocess.run([*CMD, "--duration", "2", "--pcap", str(pcap)], capture_output=True,
                   timeout=120, check=True)
    packets = dissect_file(pcap)
    assert len(packets) > 30
    se = [p for p in packets if any(k.startswith("zbee_zcl_se.") for k in p)]
    # Both directions: the display's reads and the meter's answers and pushes.
    assert any("zbee_zcl_se.price.rate_label" in p for p in se)
    assert any(p.get("zbee_zcl.dir") == ["0"] for p in se)
    assert any(p.get("zbee_zcl.dir") == ["1"] for p in se)
    assert not [p for p in packets if "_ws.malformed" in p]


@needs_tshark
def test_killed_bridge_leaves_a_capture_that_opens(tmp_path: Path) -> None:
    pcap = tmp_path / "killed.pcap"
    proc = subprocess.Popen([*CMD, "--pcap", str(pcap)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (not pcap.exists() or pcap.stat().st_size < 4000):
            time.sleep(0.1)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    packets = dissect_file(pcap)  # check=True: tshark must read it without error
    assert len(packets) > 10
