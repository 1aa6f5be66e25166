"""Run `ihd-bridge … --json` as a user would, and act once its source says it is up."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).parents[3]


async def bridge_json(*args: str, after: Callable[[], Awaitable[None]] | None = None,
                      seconds: float = 4.0, env: dict[str, str] | None = None) \
        -> list[dict[str, Any]]:
    """Run `ihd-bridge … --json --duration S` and return its lines, doing `after()` once
    the source says it is connected (its first searching/connected SourceStatus line): on
    a busy machine the interpreter's start alone can take longer than any fixed wait."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bridge.cli", *args, "--json", "--duration", str(seconds),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})})
    assert proc.stdout is not None and proc.stderr is not None
    stdout = proc.stdout
    lines: list[dict[str, Any]] = []

    async def read_lines() -> None:
        waiting = after
        async for raw in stdout:
            line = json.loads(raw)
            lines.append(line)
            if waiting is not None and line["type"] == "SourceStatus" \
                    and line["state"] in ("searching", "connected"):
                await waiting()
                waiting = None

    _, err = await asyncio.wait_for(asyncio.gather(read_lines(), proc.stderr.read()), 60)
    await proc.wait()
    assert proc.returncode == 0, err.decode()
    return lines
