"""`ihd-bridge join` as an installer runs it on a Pi: a real process, the scripted
Silicon Labs stick on a pty, each step said on stderr."""

import asyncio
import subprocess
import sys

from tests.bridge.han.join.ezsp_peer import EzspPeer, MeterScript
from tests.bridge.han.join.test_session import INSTALL_CODE, LINK_KEY


async def _join(peer_path: str, code: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bridge.cli", "join", "--device", peer_path,
        "--install-code", code, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    async with asyncio.timeout(60):
        _, err = await process.communicate()
    assert process.returncode is not None
    return process.returncode, err.decode()


async def test_join_says_each_step_and_succeeds():
    async with EzspPeer(MeterScript(link_key=LINK_KEY)) as peer:
        code, err = await _join(peer.path, INSTALL_CODE)
    assert code == 0, err
    lines = err.splitlines()
    assert lines[0].startswith(f"Silicon Labs EZSP stick on {peer.path} — can join")
    assert lines[1] == ("ihd-bridge: starting: This stick is 00:0d:6f:00:0a:bc:de:f0. Your "
                        "supplier registers it with this number and its install code.")
    said = [line.split(":")[1].strip() for line in lines[2:]]
    assert said[0] == "searching" and said[-1] == "connected"
    assert "authenticating" in said


async def test_a_refusing_meter_is_status_1_with_the_reason():
    script = MeterScript(link_key=LINK_KEY, on_initiate=("terminate", 1, 30))
    async with EzspPeer(script) as peer:
        code, err = await _join(peer.path, INSTALL_CODE)
    assert code == 1
    assert "failed: the meter refused key establishment" in err


def test_a_mistyped_install_code_is_one_line_and_status_2():
    result = subprocess.run([sys.executable, "-m", "bridge.cli", "join", "--device",
                             "/dev/null", "--install-code", "83FED3407A93"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "install code" in result.stderr.lower()
