"""The bridge on loopback: real TLS, real aiohttp, real SQLite, two simulated homes."""

from __future__ import annotations

import asyncio
import os
import ssl
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest

from bridge.lan.discovery import browse
from bridge.lan.service import RunningBridge, open_pairing, serve
from bridge.model import Fuel, MeterReading, TopUpCode, TopUpResultCode
from bridge.sim.utrn import make_utrn
from bridge.sources.base import SourceError
from bridge.sources.bridge_client import BridgeClientSource, Pairing, pair_with_bridge
from bridge.sources.sim import SimSource

EVENING = datetime(2026, 1, 14, 18, tzinfo=UTC)


async def _start(tmp_path: Path, *, advertise: bool = False,
                 source: SimSource | None = None) -> tuple[SimSource, RunningBridge, str]:
    source = source or SimSource(seed=1, speed=60, homes=2, start=EVENING, solar=False)
    await source.start()
    running = await serve(source, state_dir=tmp_path / "state", host="127.0.0.1", port=0,
                          advertise=advertise)
    open_pairing(running, source)
    return source, running, f"https://127.0.0.1:{running.port}"


@pytest.fixture
async def bridge(tmp_path: Path):
    source, running, url = await _start(tmp_path)
    yield source, running, url
    await running.stop()
    await source.stop()


def _raw_ssl() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


async def _call(method: str, url: str, **kwargs) -> tuple[int, dict]:
    async with aiohttp.ClientSession() as session, session.request(
            method, url, ssl=_raw_ssl(), **kwargs) as rsp:
        return rsp.status, await rsp.json(content_type=None)


async def _next_reading(source: BridgeClientSource, stream, seconds: float = 10):
    async with asyncio.timeout(seconds):
        while True:
            update = await stream.get()
            if isinstance(update, MeterReading):
                return update


async def test_pairing_with_the_pin_gives_a_token_for_one_home_only(bridge):
    source, running, url = bridge
    fp = running.identity.fingerprint
    flat1 = await pair_with_bridge(url, running.pins["home-1"], "Flat 1 kitchen", fp)
    flat2 = await pair_with_bridge(url, running.pins["home-2"], "Flat 2 hall", fp)
    assert (flat1.premises, flat2.premises) == ("home-1", "home-2")
    with pytest.raises(SourceError, match="No pairing code with that number is open"):
        await pair_with_bridge(url, running.pins["home-1"], "again", fp)  # one code, one display

    display = BridgeClientSource(flat1)
    stream = display.subscribe()
    await display.start()
    try:
        mine = {m.eui64 for m in source.premises["home-1"]}
        assert {m.eui64 for m in display.meters} == mine
        for _ in range(5):
            reading = await _next_reading(display, stream)
            assert reading.meter.eui64 in mine  # never the other flat's data
        other = next(m for m in source.premises["home-2"] if m.fuel == Fuel.ELECTRICITY)
        code = TopUpCode.parse(make_utrn(other.eui64, 5, counter=9))
        with pytest.raises(SourceError, match="not this display"):
            await display.top_up(other, code)
        own = next(m for m in display.meters if m.fuel == Fuel.ELECTRICITY)
        result = await display.top_up(own, TopUpCode.parse(make_utrn(own.eui64, 5, 10)))
        assert result.result == TopUpResultCode.ACCEPTED
    finally:
        await display.stop()


async def test_unauthenticated_malformed_and_oversized_requests_get_4xx(bridge):
    _, running, url = bridge
    status, body = await _call("GET", f"{url}/api/v1/snapshot")
    assert status == 401 and "Pair" in body["error"]
    status, body = await _call("GET", f"{url}/api/v1/snapshot",
                               headers={"Authorization": "Bearer nonsense"})
    assert status == 401
    status, body = await _call("POST", f"{url}/api/v1/pair/start", data=b"{not json")
    assert status == 400 and "JSON" in body["error"]
    status, body = await _call("POST", f"{url}/api/v1/pair/start", json=["a", "list"])
    assert status == 400
    status, _ = await _call("POST", f"{url}/api/v1/pair/start", data=b"x" * 100_000)
    assert status == 413
    status, _ = await _call("GET", f"{url}/api/v1/nothing-here")
    assert status == 404
    token = (await pair_with_bridge(url, running.pins["home-1"], "d",
                                    running.identity.fingerprint)).token
    status, body = await _call("GET", f"{url}/api/v1/updates?since=-4",
                               headers={"Authorization": f"Bearer {token}"})
    assert status == 400
    status, body = await _call("POST", f"{url}/api/v1/top-up", json={"code": "12"},
                               headers={"Authorization": f"Bearer {token}"})
    assert status == 400 and "20 digits" in body["error"]
    for status_body in (body,):
        assert "Traceback" not in str(status_body)


async def test_another_certificate_at_the_same_address_is_refused(bridge):
    _, running, url = bridge
    with pytest.raises(SourceError):
        await pair_with_bridge(url, running.pins["home-1"], "d", "00" * 32)
    pairing = await pair_with_bridge(url, running.pins["home-1"], "d",
                                     running.identity.fingerprint)
    impostor = BridgeClientSource(Pairing(url, "11" * 32, pairing.token, pairing.premises))
    with pytest.raises(SourceError, match="not the bridge"):
        await impostor.start()


async def test_revoked_display_is_refused(bridge):
    _, running, url = bridge
    pairing = await pair_with_bridge(url, running.pins["home-1"], "old tablet",
                                     running.identity.fingerprint)
    device_id = running.devices.list()[0][0].device_id
    assert running.devices.revoke(device_id)
    status, body = await _call("GET", f"{url}/api/v1/snapshot",
                               headers={"Authorization": f"Bearer {pairing.token}"})
    assert status == 401 and "revoked" in body["error"]


async def test_revoking_a_display_closes_its_open_stream_within_a_second(bridge):
    """Revoked from the command line (another process) while streaming: the stream ends
    within a second, the display says why and stops retrying; other displays go on."""
    import subprocess
    import sys
    import time

    from bridge.model import ConnectionState, SourceStatus

    _, running, url = bridge
    fp = running.identity.fingerprint
    old = BridgeClientSource(await pair_with_bridge(url, running.pins["home-1"], "old", fp))
    other = BridgeClientSource(await pair_with_bridge(url, running.pins["home-2"], "o", fp))
    old_stream, other_stream = old.subscribe(), other.subscribe()
    await old.start()
    await other.start()
    try:
        await _next_reading(old, old_stream)
        device_id = next(d.device_id for d, _ in running.devices.list() if d.name == "old")
        await asyncio.to_thread(subprocess.run, [
            sys.executable, "-m", "bridge.cli", "devices", "revoke", str(device_id),
            "--state-dir", str(running.identity.cert_path.parent)], check=True, timeout=60,
            capture_output=True)
        revoked_at = time.monotonic()
        async with asyncio.timeout(5):
            while True:
                update = await old_stream.get()
                if isinstance(update, SourceStatus) and "revoked" in update.detail:
                    break
        assert time.monotonic() - revoked_at < 1.0
        assert update.state == ConnectionState.DISCONNECTED
        received = old.received
        await asyncio.sleep(1.5)
        assert old.received == received  # nothing more, no reconnecting
        await _next_reading(other, other_stream)  # the other flat streams on
    finally:
        await old.stop()
        await other.stop()


async def test_bridge_restart_loses_nothing_and_doubles_nothing(tmp_path: Path):
    source, running, url = await _start(tmp_path)
    pairing = await pair_with_bridge(url, running.pins["home-1"], "d",
                                     running.identity.fingerprint)
    display = BridgeClientSource(pairing, backoff_s=(0.2, 0.5))
    stream = display.subscribe()
    await display.start()
    try:
        await _next_reading(display, stream)
        await running.stop()  # the bridge goes away (same process, same state)
        await asyncio.sleep(0.5)  # updates journal-less meanwhile are the meter's loss
        running = await serve(source, state_dir=tmp_path / "state", host="127.0.0.1",
                              port=running.port, advertise=False)
        seen_before = display.last_seq
        async with asyncio.timeout(15):  # readings queued before the restart come first
            while display.last_seq <= seen_before:
                await _next_reading(display, stream, seconds=15)
        # Everything the journal holds for this home arrived exactly once, in order.
        _status, body = await _call("GET", f"{url}/api/v1/updates?since=0",
                                   headers={"Authorization": f"Bearer {pairing.token}"})
        journal_seqs = [item["seq"] for item in body["updates"]]
        assert display.received == len([s for s in journal_seqs if s <= display.last_seq])
    finally:
        await display.stop()
        await running.stop()
        await source.stop()


async def test_a_display_that_was_off_backfills_exactly_what_it_missed(bridge):
    _, running, url = bridge
    pairing = await pair_with_bridge(url, running.pins["home-1"], "d",
                                     running.identity.fingerprint)
    first = BridgeClientSource(pairing)
    await first.start()
    stream = first.subscribe()
    await _next_reading(first, stream)
    last = first.last_seq
    await first.stop()  # display switched off
    await asyncio.sleep(1.0)
    again = BridgeClientSource(pairing)
    again.last_seq = last  # what it kept
    stream2 = again.subscribe()
    await again.start()
    try:
        reading = await _next_reading(again, stream2)
        assert reading is not None and again.last_seq > last
    finally:
        await again.stop()


async def test_a_new_display_gets_the_meters_own_log_through_the_bridge(bridge):
    """Half hours from before the display was paired come from the meter (GetProfile on
    the bridge's HAN), for this flat's meters only."""
    source, running, url = bridge
    fp = running.identity.fingerprint
    flat1 = await pair_with_bridge(url, running.pins["home-1"], "Flat 1", fp)
    display = BridgeClientSource(flat1)
    await display.start()
    try:
        elec = next(m for m in display.meters if m.fuel == Fuel.ELECTRICITY)
        since = EVENING - timedelta(hours=6)
        got = await display.backfill(elec, since)
        direct = await source.backfill(elec, since)  # what the HAN gives the bridge
        assert got == direct and len(got) >= 10
        assert all(r.meter == elec and r.timestamp > since for r in got)

        other = next(m for m in source.premises["home-2"] if m.fuel == Fuel.ELECTRICITY)
        with pytest.raises(SourceError, match="not this display's"):
            await display.backfill(other, since)
        base = f"{url}/api/v1/profile"
        token = {"Authorization": f"Bearer {flat1.token}"}
        status, body = await _call("GET", base, params={"since": since.isoformat()})
        assert status == 401
        for bad in ("yesterday", "2026-01-14T12:00:00"):  # not a time; no time zone
            status, body = await _call("GET", base, headers=token, params={"since": bad})
            assert status == 400 and "since must" in body["error"]
    finally:
        await display.stop()


async def test_a_display_paired_to_a_bridge_fills_its_history_from_the_meter(
        bridge, tmp_path: Path):
    from ihd.controller import Controller
    from ihd.history.store import HistoryStore

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ihd.ui.state import DisplayState

    _app = QApplication.instance() or QApplication([])
    _, running, url = bridge
    pairing = await pair_with_bridge(url, running.pins["home-1"], "Flat 1",
                                     running.identity.fingerprint)
    store = HistoryStore(tmp_path / "display.sqlite3")
    controller = Controller(DisplayState(speed=60), store, flush_s=0.2)
    try:
        await controller.attach(BridgeClientSource(pairing))
        elec = next(m for m in controller.source.meters if m.fuel == Fuel.ELECTRICITY)
        morning = EVENING.replace(hour=6)

        def morning_filled() -> bool:
            points = store.series(elec, morning, morning + timedelta(hours=1), "half_hour")
            return all(p.energy_kwh is not None for p in points)

        for _ in range(300):  # up to 30 s
            if morning_filled():
                break
            await asyncio.sleep(0.1)
        assert morning_filled()  # hours before the display existed, from the meter's log
    finally:
        await controller.stop()
        store.close()


async def test_zeroconf_advertisement_is_found_on_loopback(tmp_path: Path):
    source, running, _url = await _start(tmp_path, advertise=True,
                                        source=SimSource(seed=3, speed=60, start=EVENING))
    try:
        # Other bridges may be on the LAN: ours is the one on our port. A busy machine
        # may not have announced it within one 2 s browse, so browse again (30 s at most).
        deadline = time.monotonic() + 30
        while True:
            found = await browse(seconds=2.0, interfaces=["127.0.0.1"])
            mine = [b for b in found if b.port == running.port]
            if mine or time.monotonic() > deadline:
                break
        assert mine, found
        assert mine[0].fingerprint == running.identity.fingerprint
        assert mine[0].api == "1"
    finally:
        await running.stop()
        await source.stop()


async def test_a_stuck_display_is_told_to_resync_and_never_delays_the_others(bridge):
    """The fan-out never waits on a display: a full queue is dropped with a resync
    marker (the display backfills from the journal), the others get the update."""
    _source, running, _ = bridge
    server = running.server
    stuck: asyncio.Queue = asyncio.Queue(maxsize=1)
    stuck.put_nowait((0, {"type": "old"}))  # it has not read anything
    healthy: asyncio.Queue = asyncio.Queue(maxsize=100)
    server._displays.setdefault("home-1", set()).update({stuck, healthy})
    async with asyncio.timeout(10):
        item = await healthy.get()
    assert item is not None and item[0] > 0  # the healthy display got a live update
    assert stuck not in server._displays["home-1"]
    assert stuck.get_nowait() is None  # told to resync, nothing else queued for it


def test_devices_list_and_revoke_from_the_command_line(tmp_path: Path):
    import subprocess
    import sys

    from bridge.lan.devices import DeviceRegistry
    from tests.bridge.lan.pairing_util import pair_locally

    state = tmp_path / "state"
    state.mkdir()
    registry = DeviceRegistry(state / "devices.sqlite3")
    pair_locally(registry, "home-1", "Hall tablet")
    registry.close()
    cli = [sys.executable, "-m", "bridge.cli", "devices"]
    listed = subprocess.run([*cli, "list", "--state-dir", str(state)], capture_output=True,
                            text=True, timeout=60, check=True)
    assert "Hall tablet\thome-1\tactive" in listed.stdout
    subprocess.run([*cli, "revoke", "1", "--state-dir", str(state)], check=True, timeout=60,
                   capture_output=True)
    listed = subprocess.run([*cli, "list", "--state-dir", str(state)], capture_output=True,
                            text=True, timeout=60, check=True)
    assert "revoked" in listed.stdout
    missing = subprocess.run([*cli, "revoke", "9", "--state-dir", str(state)],
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode == 1 and "no device 9" in missing.stderr


def test_the_documented_api_is_valid_openapi_and_the_served_api(tmp_path: Path):
    import re

    import yaml
    from openapi_spec_validator import validate

    from bridge.lan.devices import DeviceRegistry
    from bridge.lan.journal import Journal
    from bridge.lan.server import BridgeServer

    doc = yaml.safe_load((Path(__file__).parents[3] / "docs" / "lan-api.yaml").read_text())
    validate(doc)  # OpenAPI 3.1, checked by openapi-spec-validator
    assert doc["openapi"].startswith("3.1")
    documented = {(method.upper(), re.sub(r"\{\w+\}", "{}", path))
                  for path, item in doc["paths"].items() for method in item}
    server = BridgeServer(SimSource(), DeviceRegistry(tmp_path / "d.sqlite3"),
                          Journal(tmp_path / "j.sqlite3"), bridge_id="x", fingerprint="y")
    served = {(route.method, re.sub(r"\{\w+(:[^}]*)?\}", "{}", route.resource.canonical))
              for route in server.app.router.routes()
              if route.resource is not None and route.method != "HEAD"}
    assert documented == served
