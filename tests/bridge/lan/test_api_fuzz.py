"""The documented API against the served one, by a third-party OpenAPI fuzzer: schemathesis
generates valid and invalid requests from docs/lan-api.yaml and sends them to a real
bridge process on loopback (TLS, a paired display's token). Every answer must be one the
document names, JSON where it says JSON, never a 500. Bounded: a fixed number of
examples per operation, derandomised so a failure repeats."""

from __future__ import annotations

import asyncio
import os
import re
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import schemathesis
import urllib3
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from bridge.sources.bridge_client import pair_with_bridge

# The bridge's certificate is self-signed (displays pin it); no warning per request.
pytestmark = pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")
ROOT = Path(__file__).parents[3]
SCHEMA = schemathesis.openapi.from_path(ROOT / "docs" / "lan-api.yaml")
EXAMPLES = int(os.environ.get("OPENIHD_FUZZ_EXAMPLES", "30"))  # per operation
SENT: list[int] = []  # status of every request the fuzzer made


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def live_bridge(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    state = tmp_path_factory.mktemp("fuzz") / "state"
    log = state.parent / "bridge.log"
    port = _free_port()
    with log.open("w") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bridge.cli", "--sim", "--meters", "2", "--listen",
             f"127.0.0.1:{port}", "--state-dir", str(state), "--no-advertise"],
            stdout=subprocess.DEVNULL, stderr=err, text=True, cwd=ROOT)
    try:
        url, fingerprint, code = f"https://127.0.0.1:{port}", "", ""
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not code:
            text = log.read_text()
            if m := re.search(r"certificate (\w+)", text):
                fingerprint = m.group(1)
            if m := re.search(r"code for home-1: ([\d-]+)", text):
                code = m.group(1)
            time.sleep(0.2)
        assert code and fingerprint, log.read_text()
        pairing = asyncio.run(pair_with_bridge(url, code, "fuzzer", fingerprint))
        yield url, pairing.token
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        text = log.read_text()
        assert "Traceback" not in text, text[-3000:]  # nothing the fuzzer sent broke it


@pytest.fixture(scope="module")
def session() -> Iterator[requests.Session]:
    urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
    with requests.Session() as s:
        s.verify = False  # the certificate is self-signed; pairing pinned it
        s.hooks["response"].append(lambda rsp, *args, **kwargs: SENT.append(rsp.status_code))
        yield s
    if SENT:
        counts = sorted(Counter(SENT).items())
        print(f"\nfuzz: {len(SENT)} requests, statuses {counts}")


def test_what_the_fuzzer_found_before_stays_fixed(live_bridge, session):
    """Huge numbers, deep nesting, other scripts' digits, unknown methods, over-long
    headers: 4xx in JSON, never a 500 or plain text."""
    url, token = live_bridge
    auth = {"Authorization": f"Bearer {token}"}
    cases = [
        ("GET", "/api/v1/updates?since=" + "9" * 40, {}, None, 400),
        ("GET", "/api/v1/updates?since=%D9%A3", {}, None, 400),  # Arabic-Indic three
        ("POST", "/api/v1/messages/99999999999999999999999/confirm", {}, None, 400),
        ("POST", "/api/v1/pair/start", {}, "[" * 5000 + "]" * 5000, 400),
        ("POST", "/api/v1/pair/start", {}, '{"home": 1e400, "message": "x"}', 400),
        ("POST", "/api/v1/top-up", {}, '{"code": "١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨٩٠"}', 400),
        ("GET", "/api/v1/updates?sinse=4", {}, None, 400),
        ("GET", "/api/v1/info", {"X-Long": "a" * 20_000}, None, 400),
    ]
    for method, path, extra, body, expected in cases:
        rsp = session.request(method, url + path, headers={**auth, **extra},
                              data=None if body is None else body.encode(), timeout=30,
                              verify=False)
        assert rsp.status_code == expected, (path, rsp.status_code, rsp.text[:200])
        assert rsp.headers["Content-Type"].startswith("application/json"), path
        assert "error" in rsp.json() and "Traceback" not in rsp.text
    rsp = session.request("DELETE", f"{url}/api/v1/snapshot", headers=auth, timeout=30,
                          verify=False)
    assert rsp.status_code == 405 and "GET" in rsp.headers["Allow"].split(",")
    assert "error" in rsp.json()


@SCHEMA.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_every_answer_is_documented_and_never_a_server_error(case, live_bridge, session):
    url, token = live_bridge
    # A paired display's token (schemathesis's own check tries the calls without one).
    headers = {"Authorization": f"Bearer {token}"} if case.operation.security else {}
    excluded = []
    if case.operation.path in ("/api/v1/pair/start", "/api/v1/stream"):
        # The schema can say "33 bytes of base64" but not "a point on Ed25519" (a
        # message off the curve is refused, 400), nor "a WebSocket upgrade" (a plain
        # GET of the stream is refused, 400).
        excluded.append(positive_data_acceptance)
    case.call_and_validate(base_url=url, session=session, headers=headers, timeout=30,
                           verify=False, excluded_checks=excluded)
