"""Run Wireshark's dissectors over frames we produce: an independent decoder for tests."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bridge.pcap import PcapWriter

TSHARK = shutil.which("tshark")
needs_tshark = pytest.mark.skipif(TSHARK is None, reason="tshark is not installed")


def _flatten(obj: Any, out: dict[str, list[str]]) -> dict[str, list[str]]:
    if isinstance(obj, dict):
        for key, value in obj.items():
            if isinstance(value, dict):
                _flatten(value, out)
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, dict):
                        _flatten(item, out)
                    else:
                        out.setdefault(key, []).append(str(item))
            else:
                out.setdefault(key, []).append(str(value))
    return out


def dissect(frames: list[dict[str, Any]], tmp_path: Path) -> list[dict[str, list[str]]]:
    """Write frames (kwargs of PcapWriter.write_zcl without timestamp) to a pcap and
    return tshark's fields for each, flattened to name -> values."""
    path = tmp_path / "frames.pcap"
    with PcapWriter(path) as writer:
        for frame in frames:
            writer.write_zcl(timestamp=datetime(2026, 1, 1, tzinfo=UTC), **frame)
    return dissect_file(path)


def dissect_file(path: Path) -> list[dict[str, list[str]]]:
    assert TSHARK is not None
    command = [TSHARK, "-r", str(path), "-T", "json", "--no-duplicate-keys"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    packets = json.loads(result.stdout)
    return [_flatten(p["_source"]["layers"], {}) for p in packets]
