"""The estate view: health from many bridges behind bridged brokers, what needs a visit
first, and a killed bridge turning offline."""

from __future__ import annotations

import asyncio
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bridge.mqtt.estate import Condition, Estate, render
from tests.bridge.mqtt.broker import Broker, free_port, needs_mosquitto, retained

REPO = Path(__file__).resolve().parents[3]
NOW = datetime(2026, 1, 14, 18, tzinfo=UTC)


def _health(home: str, **changes) -> bytes:
    health = {"bridge": "b", "building": "Maple House", "home": home, "label": home,
              "timestamp": (NOW - timedelta(seconds=30)).isoformat(),
              "source_state": "connected", "source_detail": "", "stick_lost": False,
              "meters": [{"meter": "e", "fuel": "electricity", "state": "connected",
                          "last_reading_at": (NOW - timedelta(seconds=10)).isoformat()}],
              "meters_heard": 1, "last_reading_at": (NOW - timedelta(seconds=10)).isoformat(),
              "displays_paired": 1, "displays_online": 1, "errors": []}
    health.update(changes)
    return json.dumps(health).encode()


def test_rows_put_what_needs_a_visit_first():
    estate = Estate()
    old = (NOW - timedelta(hours=1)).isoformat()
    for topic, payload in [
        ("openihd/a/status", b"online"), ("openihd/b/status", b"online"),
        ("openihd/c/status", b"offline"),
        ("openihd/a/flat-1/health", _health("flat-1")),
        ("openihd/a/flat-2/health", _health("flat-2", displays_online=0)),
        ("openihd/a/flat-3/health", _health("flat-3", errors=["The meter refused"])),
        ("openihd/b/flat-4/health", _health("flat-4", meters=[
            {"meter": "e", "fuel": "electricity", "state": "connected",
             "last_reading_at": old}], last_reading_at=old)),
        ("openihd/b/flat-5/health", _health("flat-5", stick_lost=True,
                                            source_detail="No stick at /dev/ttyUSB0.")),
        ("openihd/b/flat-6/health", _health("flat-6", meters_heard=0, meters=[])),
        ("openihd/c/flat-7/health", _health("flat-7")),
        ("openihd/c/flat-9/health", _health("flat-9")),
        ("openihd/d/status", b"online"),  # its building lost the way to this broker
        ("openihd/d/flat-10/health", _health("flat-10", timestamp=old)),
        ("openihd/c/flat-8/health", b"{not json"),
        ("openihd/e/status", b"online"),  # a bridge whose stick never found a meter
        ("openihd/e/info", b'{"building": "Yew Walk", "homes": []}'),
        ("elsewhere/x/status", b"online"),
    ]:
        estate.ingest(topic, payload, NOW)
    rows = estate.rows(NOW)
    assert [(r.label, r.condition) for r in rows] == [
        ("flat-7", Condition.BRIDGE_OFFLINE),
        ("flat-9", Condition.BRIDGE_OFFLINE),
        ("flat-10", Condition.NOT_REPORTING),
        ("flat-5", Condition.STICK_LOST),
        ("flat-6", Condition.NO_METER),
        ("(bridge)", Condition.NO_METER),
        ("flat-4", Condition.METER_SILENT),
        ("flat-3", Condition.ERRORS),
        ("flat-2", Condition.DISPLAY_OFFLINE),
        ("flat-1", Condition.OK),
    ]
    assert estate.malformed == 1
    assert rows[2].detail == "no report for 60 min"
    assert rows[3].detail == "No stick at /dev/ttyUSB0."
    assert rows[6].detail == "silent: electricity 60 min"
    text = render(rows, NOW)
    assert text.splitlines()[0].startswith("OpenIHD estate — 10 flats: 2 bridge offline, "
                                           "1 not reporting, 1 stick lost, 2 no meter,")
    assert "stick lost" in text.splitlines()[6]
    # A bridge retired by clearing its retained status disappears with its flats.
    estate.ingest("openihd/c/status", b"", NOW)
    assert "flat-7" not in [r.label for r in estate.rows(NOW)]


def _estate_json(url: str) -> dict:
    result = subprocess.run([sys.executable, "-m", "bridge.cli", "estate", "--mqtt", url,
                             "--json", "--settle", "1"], cwd=REPO, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _wait_estate(url: str, predicate, seconds: float = 90) -> dict:
    deadline = time.monotonic() + seconds
    view: dict = {}
    while time.monotonic() < deadline:
        view = _estate_json(url)
        if predicate(view):
            return view
        time.sleep(1)
    raise AssertionError(f"estate never got there: {json.dumps(view, indent=1)}")


def _bridge(url: str, bridge_id: str, building: str, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bridge.cli", "--sim", "--speed", "30",
         "--mqtt-publish", url, "--mqtt-bridge-id", bridge_id, "--mqtt-building", building,
         "--mqtt-share", "health", "--no-ha-discovery", *extra],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})


@needs_mosquitto
def test_two_buildings_behind_bridged_brokers_appear_together(tmp_path: Path):
    central = Broker(tmp_path / "central")
    central.start()
    buildings = []
    for name in ("maple", "oak"):
        # mosquitto's own bridge: the building broker forwards openihd/# to the central
        # one, retained flags and Last Wills included.
        broker = Broker(tmp_path / name, extra=(
            f"connection to-central\naddress 127.0.0.1:{central.port}\n"
            f"remote_clientid {name}-broker\ntopic openihd/# out 1\n"))
        broker.start()
        buildings.append(broker)
    maple = _bridge(buildings[0].url, "maple-pi", "Maple House", "--meters", "2")
    oak = _bridge(buildings[1].url, "oak-pi", "Oak Court", "--seed", "7")
    try:
        view = _wait_estate(central.url, lambda v: len(v["flats"]) == 3 and all(
            f["condition"] == "ok" for f in v["flats"]))
        assert sorted((f["building"], f["home"]) for f in view["flats"]) == [
            ("Maple House", "home-1"), ("Maple House", "home-2"), ("Oak Court", "home-1")]
        assert all(f["meters_heard"] == 2 for f in view["flats"])

        os.kill(maple.pid, signal.SIGKILL)  # no goodbye: only its Last Will says so
        maple.wait(timeout=10)
        killed = time.monotonic()
        view = _wait_estate(central.url, lambda v: [f["condition"] for f in v["flats"]] == [
            "bridge offline", "bridge offline", "ok"], seconds=60)
        assert time.monotonic() - killed < 45  # within keep-alive × 1.5
        assert [f["building"] for f in view["flats"]] == ["Maple House", "Maple House",
                                                           "Oak Court"]
        # Health only: nothing about anyone's use reached the central broker.
        topics = asyncio.run(retained(central.port))
        assert topics and not [t for t in topics if t.endswith(("/reading", "/cost",
                                                                "/prepayment", "/price"))]
    finally:
        for proc in (maple, oak):
            if proc.poll() is None:
                proc.terminate()
            proc.wait(timeout=20)
        for broker in (*buildings, central):
            broker.stop()


@needs_mosquitto
def test_the_terminal_view_shows_the_table_and_stops_on_sigterm(tmp_path: Path):
    broker = Broker(tmp_path / "b")
    broker.start()
    bridge = _bridge(broker.url, "elm-pi", "Elm Yard")
    view = subprocess.Popen([sys.executable, "-m", "bridge.cli", "estate", "--mqtt",
                             broker.url], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    # The view's own output is read as it comes: it is stopped once it has shown the ok
    # flat, not after a fixed 2 s that a busy machine may not be ready in.
    shown: list[str] = []
    showing = threading.Event()

    def read_view() -> None:
        assert view.stdout is not None
        for line in view.stdout:
            shown.append(line)
            if "1 flats: 1 ok" in line:
                showing.set()

    reader = threading.Thread(target=read_view, daemon=True)
    reader.start()
    try:
        _wait_estate(broker.url, lambda v: any(f["condition"] == "ok" for f in v["flats"]))
        showing.wait(60)
        view.send_signal(signal.SIGTERM)
        view.wait(timeout=20)
        reader.join(20)
        assert view.stderr is not None
        out, err = "".join(shown), view.stderr.read()
    finally:
        if view.poll() is None:
            view.kill()
        bridge.terminate()
        bridge.wait(timeout=20)
        broker.stop()
    assert view.returncode == 0, err
    assert "OpenIHD estate — 1 flats: 1 ok" in out
    assert "Elm Yard" in out and "STATE" in out


def test_estate_needs_a_broker_url():
    result = subprocess.run([sys.executable, "-m", "bridge.cli", "estate", "--mqtt",
                             "ftp://x"], cwd=REPO, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2
    assert "starts mqtt:// or mqtts://" in result.stderr


def test_estate_says_when_the_broker_cannot_be_reached():
    result = subprocess.run([sys.executable, "-m", "bridge.cli", "estate", "--mqtt",
                             f"mqtt://127.0.0.1:{free_port()}", "--json"], cwd=REPO,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "cannot reach mqtt://127.0.0.1:" in result.stderr


@needs_mosquitto
def test_json_follow_prints_a_document_per_change(tmp_path: Path):
    """For monitoring scripts: the estate as it changes, one JSON document a line."""
    broker = Broker(tmp_path / "b")
    broker.start()
    bridge = _bridge(broker.url, "fir-pi", "Fir Close")
    view = subprocess.Popen([sys.executable, "-m", "bridge.cli", "estate", "--mqtt",
                             broker.url, "--json", "--follow"], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    lines: queue.Queue[str] = queue.Queue()
    assert view.stdout is not None
    stdout = view.stdout
    threading.Thread(target=lambda: [lines.put(line) for line in stdout],
                     daemon=True).start()

    def next_matching(want: str, seconds: float = 60) -> dict:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                doc = json.loads(lines.get(timeout=1))
            except queue.Empty:
                continue
            if [f["condition"] for f in doc["flats"]] == [want]:
                return doc
        raise AssertionError(f"no document with {want}")

    try:
        ok = next_matching("ok")
        assert ok["flats"][0]["building"] == "Fir Close"
        bridge.terminate()  # a clean stop says 'offline' itself, before any Will
        bridge.wait(timeout=30)
        offline = next_matching("bridge offline")
        assert offline["flats"][0]["detail"].startswith("bridge offline for")
    finally:
        if bridge.poll() is None:
            bridge.kill()
        view.terminate()
        view.wait(timeout=20)
        broker.stop()


@needs_mosquitto
def test_the_documented_deployment_tls_uplink_and_health_only_forwarding(tmp_path: Path):
    """docs/estate.md's set-up: the building broker bridges to the central one over TLS
    (bridge_cafile) and forwards only status, info and health. Even a bridge told to
    share everything cannot get a tenant's readings past it."""
    from tests.bridge.mqtt.test_tls import make_ca_and_server

    folder = tmp_path / "pki"
    folder.mkdir()
    ca, cert, key = make_ca_and_server(folder)
    tls_port = free_port()
    central = Broker(tmp_path / "central", extra=(
        f"listener {tls_port} 127.0.0.1\ncafile {ca}\ncertfile {cert}\nkeyfile {key}\n"))
    central.start()
    building = Broker(tmp_path / "building", extra=(
        f"connection estate\naddress 127.0.0.1:{tls_port}\nbridge_cafile {ca}\n"
        "remote_clientid ash-house\ncleansession true\n"
        "topic openihd/+/status out 1\ntopic openihd/+/info out 1\n"
        "topic openihd/+/+/health out 1\n"))
    building.start()
    # A bridge "misconfigured" to share everything, with Home Assistant discovery on.
    bridge = subprocess.Popen(
        [sys.executable, "-m", "bridge.cli", "--sim", "--speed", "30", "--mqtt-publish",
         building.url, "--mqtt-bridge-id", "ash-pi", "--mqtt-building", "Ash House",
         "--mqtt-share", "all"], cwd=REPO, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    url = f"mqtts://127.0.0.1:{tls_port}"
    try:
        deadline = time.monotonic() + 90
        flats: list[dict] = []
        while time.monotonic() < deadline and not flats:
            result = subprocess.run(
                [sys.executable, "-m", "bridge.cli", "estate", "--mqtt", url, "--mqtt-ca",
                 str(ca), "--json"], cwd=REPO, capture_output=True, text=True, timeout=60)
            assert result.returncode == 0, result.stderr
            flats = [f for f in json.loads(result.stdout)["flats"] if f["condition"] == "ok"]
            time.sleep(0.5)
        assert [(f["building"], f["home"]) for f in flats] == [("Ash House", "home-1")]
        inside = asyncio.run(retained(building.port))
        reaching_central = asyncio.run(retained(central.port))
    finally:
        bridge.terminate()
        bridge.wait(timeout=30)
        building.stop()
        central.stop()
    use = ("/reading", "/cost", "/prepayment", "/price", "/messages")
    assert [t for t in inside if t.endswith(use)]  # the building broker has them …
    assert not [t for t in reaching_central if t.endswith(use)]  # … the estate does not
    assert not [t for t in reaching_central if t.startswith("homeassistant/")]
    assert "openihd/ash-pi/home-1/health" in reaching_central
