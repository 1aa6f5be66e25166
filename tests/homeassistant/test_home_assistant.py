"""A real Home Assistant as the peer: its MQTT integration on our broker, the entities it
makes from the bridge's discovery, a top-up from its text box, and its Energy dashboard's
own validation of our sensors.

Slow (Home Assistant starts in ~30 s and compiles statistics only every 5 minutes) and
needs a separate venv: run `scripts/test-homeassistant`, which makes the venv and sets
OPENIHD_HA_VENV. Skipped otherwise.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.bridge.mqtt.broker import Broker, free_port, needs_mosquitto

REPO = Path(__file__).resolve().parents[2]
VENV = Path(os.environ.get("OPENIHD_HA_VENV", "")) if os.environ.get("OPENIHD_HA_VENV") \
    else None
HASS = VENV / "bin" / "hass" if VENV else None

pytestmark = [
    pytest.mark.homeassistant,
    needs_mosquitto,
    pytest.mark.skipif(HASS is None or not HASS.exists(),
                       reason="needs Home Assistant in its own venv: run "
                              "scripts/test-homeassistant (sets OPENIHD_HA_VENV)"),
    pytest.mark.timeout(900),
]

CONFIG = """\
homeassistant:
  name: OpenIHD test
  latitude: 51.5
  longitude: -0.1
  elevation: 0
  unit_system: metric
  time_zone: Europe/London
  currency: GBP
  country: GB
http:
  server_host: 127.0.0.1
  server_port: {port}
api:
config:
onboarding:
energy:
recorder:
  commit_interval: 1
"""


class HomeAssistant:
    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.folder = folder
        folder.mkdir()
        (folder / "configuration.yaml").write_text(CONFIG.format(port=self.port))
        self.log = folder / "ha.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self.token = ""
        self._ids = 0

    def start(self) -> None:
        assert HASS is not None
        with self.log.open("wb") as log:
            # --skip-pip: everything is installed by scripts/test-homeassistant
            self.proc = subprocess.Popen([str(HASS), "-c", str(self.folder), "--skip-pip"],
                                         stdout=log, stderr=subprocess.STDOUT)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    async def wait_up(self, session: aiohttp.ClientSession, seconds: float = 300) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.proc is not None and self.proc.poll() is None, self.tail()
            try:
                async with session.get(f"{self.base}/api/onboarding") as answer:
                    if answer.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(1)
        raise AssertionError(f"Home Assistant did not answer: {self.tail()}")

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]

    async def onboard(self, session: aiohttp.ClientSession) -> None:
        """Onboarding's first step over REST, as the web UI does it, then a token."""
        client_id = f"{self.base}/"
        async with session.post(f"{self.base}/api/onboarding/users", json={
                "client_id": client_id, "name": "Test", "username": "test",
                "password": "openihd-test-password", "language": "en"}) as answer:
            assert answer.status == 200, await answer.text()
            code = (await answer.json())["auth_code"]
        async with session.post(f"{self.base}/auth/token", data={
                "grant_type": "authorization_code", "code": code,
                "client_id": client_id}) as answer:
            self.token = (await answer.json())["access_token"]

    async def rest(self, session: aiohttp.ClientSession, path: str,
                   body: dict[str, Any]) -> dict[str, Any]:
        async with session.post(f"{self.base}{path}", json=body, headers={
                "Authorization": f"Bearer {self.token}"}) as answer:
            assert answer.status == 200, await answer.text()
            return await answer.json()

    async def ws(self, ws: aiohttp.ClientWebSocketResponse, kind: str, **body: Any) -> Any:
        self._ids += 1
        await ws.send_json({"id": self._ids, "type": kind, **body})
        while True:
            message = await ws.receive_json()
            if message.get("id") == self._ids:
                assert message["success"], message
                return message["result"]


@needs_mosquitto
async def test_home_assistant_makes_our_entities_and_its_energy_dashboard_takes_them(
        tmp_path: Path) -> None:
    broker = Broker(tmp_path / "broker")
    broker.start()
    ha = HomeAssistant(tmp_path / "ha")
    started = time.monotonic()
    ha.start()
    bridge_err = tmp_path / "bridge.err"
    bridge = None
    timings: dict[str, float] = {}
    try:
        async with aiohttp.ClientSession() as session:
            await ha.wait_up(session)
            timings["ha_up_s"] = time.monotonic() - started
            await ha.onboard(session)
            # The MQTT integration, set up through its config flow as the UI does.
            flow = await ha.rest(session, "/api/config/config_entries/flow",
                                 {"handler": "mqtt", "show_advanced_options": False})
            assert flow["step_id"] == "broker", flow
            entry = await ha.rest(session, f"/api/config/config_entries/flow/"
                                           f"{flow['flow_id']}",
                                  {"broker": "127.0.0.1", "port": broker.port})
            assert entry["type"] == "create_entry" and entry["result"]["state"] == "loaded"

            bridge = _start_bridge(broker.url, bridge_err)
            bridge_started = time.monotonic()
            async with session.ws_connect(f"{ha.base}/api/websocket") as ws:
                await ws.receive_json()
                await ws.send_json({"type": "auth", "access_token": ha.token})
                assert (await ws.receive_json())["type"] == "auth_ok"
                entities = await _wait_for_entities(ha, ws)
                timings["entities_after_bridge_start_s"] = time.monotonic() - bridge_started
                states = await _wait_for_states(ha, ws, entities)
                _check_entities(entities, states)
                await _check_devices(ha, ws, entities)
                await _check_top_up(ha, ws, entities, bridge_err)
                validated = await _check_energy_dashboard(ha, ws, entities)
                timings["energy_validate_clean_after_bridge_start_s"] = \
                    time.monotonic() - bridge_started
                timings["energy_validate_polls"] = validated
                # A bridge that dies: its Last Will makes every entity unavailable.
                bridge.send_signal(signal.SIGKILL)
                bridge.wait(timeout=10)
                killed = time.monotonic()
                await _wait_unavailable(ha, ws, entities)
                timings["unavailable_after_sigkill_s"] = time.monotonic() - killed
    finally:
        if bridge is not None and bridge.poll() is None:
            bridge.terminate()
            bridge.wait(timeout=30)
        ha.stop()
        broker.stop()
    print("home assistant timings:", json.dumps({k: round(v, 1) for k, v in
                                                timings.items()}))


def _start_bridge(url: str, err_path: Path) -> subprocess.Popen[bytes]:
    with err_path.open("w") as err:
        return subprocess.Popen(
            [sys.executable, "-m", "bridge.cli", "--sim", "--speed", "60",
             "--mqtt-publish", url, "--mqtt-top-up", "--mqtt-bridge-id", "ha-test"],
            cwd=REPO, stdout=subprocess.DEVNULL, stderr=err)


def _demo_code(err_path: Path) -> str:
    text = err_path.read_text()
    match = re.search(r"accepts top-up codes: (\d{20})", text)
    assert match, text
    return match.group(1)


def by_unique_id(entities: list[dict[str, Any]]) -> dict[str, str]:
    return {e["unique_id"]: e["entity_id"] for e in entities if e["platform"] == "mqtt"}


ELEC = "openihd_ha_test_electricity_000d6f000b000001_1"
GAS = "openihd_ha_test_gas_000d6f000c000002_123"
EXPECTED = {
    f"{ELEC}_power": ("power", "measurement", "kW"),
    f"{ELEC}_import": ("energy", "total_increasing", "kWh"),
    f"{ELEC}_export": ("energy", "total_increasing", "kWh"),
    f"{ELEC}_cost_today": ("monetary", "total", "GBP"),
    f"{ELEC}_unit_price": (None, "measurement", "GBP/kWh"),
    f"{ELEC}_standing_charge": ("monetary", None, "GBP"),
    f"{ELEC}_credit": ("monetary", "total", "GBP"),
    f"{ELEC}_emergency_credit": ("monetary", "total", "GBP"),
    f"{ELEC}_emergency_credit_state": ("enum", None, None),
    f"{ELEC}_debt": ("monetary", "total", "GBP"),
    f"{ELEC}_message": (None, None, None),
    f"{ELEC}_top_up": (None, None, None),
    f"{ELEC}_top_up_result": (None, None, None),
    f"{GAS}_import": ("energy", "total_increasing", "kWh"),
    f"{GAS}_volume": ("gas", "total_increasing", "m³"),
    f"{GAS}_unit_price": (None, "measurement", "GBP/kWh"),
    "openihd_ha_test_bridge": ("connectivity", None, None),
    "openihd_ha_test_meter_link": ("enum", None, None),
}


async def _wait_for_entities(ha: HomeAssistant, ws: aiohttp.ClientWebSocketResponse,
                             seconds: float = 120) -> dict[str, str]:
    deadline = time.monotonic() + seconds
    found: dict[str, str] = {}
    while time.monotonic() < deadline:
        found = by_unique_id(await ha.ws(ws, "config/entity_registry/list"))
        if set(EXPECTED) <= set(found):
            return found
        await asyncio.sleep(1)
    raise AssertionError(f"missing entities: {sorted(set(EXPECTED) - set(found))}")


NO_STATE_YET = {f"{ELEC}_top_up", f"{ELEC}_top_up_result"}  # until a top-up


async def _wait_for_states(ha: HomeAssistant, ws: aiohttp.ClientWebSocketResponse,
                           entities: dict[str, str], seconds: float = 60
                           ) -> dict[str, dict[str, Any]]:
    """Entities come first, then their availability and state messages."""
    deadline = time.monotonic() + seconds
    waiting: list[str] = []
    while time.monotonic() < deadline:
        states = {s["entity_id"]: s for s in await ha.ws(ws, "get_states")}
        waiting = [u for u in EXPECTED if u not in NO_STATE_YET
                   and states[entities[u]]["state"] in ("unavailable", "unknown")]
        if not waiting:
            return states
        await asyncio.sleep(1)
    raise AssertionError(f"no state for {waiting}")


async def _wait_unavailable(ha: HomeAssistant, ws: aiohttp.ClientWebSocketResponse,
                            entities: dict[str, str], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    states: dict[str, Any] = {}
    power, bridge = entities[f"{ELEC}_power"], entities["openihd_ha_test_bridge"]
    while time.monotonic() < deadline:
        states = {s["entity_id"]: s["state"] for s in await ha.ws(ws, "get_states")}
        if states[power] == "unavailable" and states[bridge] == "off":
            return
        await asyncio.sleep(0.5)
    raise AssertionError(f"after SIGKILL: power {states.get(power)}, "
                         f"bridge {states.get(bridge)}")


def _check_entities(entities: dict[str, str], states: dict[str, dict[str, Any]]) -> None:
    for unique_id, (device_class, state_class, unit) in EXPECTED.items():
        state = states[entities[unique_id]]
        attributes = state["attributes"]
        assert (attributes.get("device_class"), attributes.get("state_class"),
                attributes.get("unit_of_measurement")) == (device_class, state_class, unit), \
            (unique_id, attributes)
        if state_class is not None:
            float(state["state"])  # a number Home Assistant can keep statistics of
    assert states[entities["openihd_ha_test_bridge"]]["state"] == "on"
    assert states[entities[f"{ELEC}_emergency_credit_state"]]["state"] in \
        states[entities[f"{ELEC}_emergency_credit_state"]]["attributes"]["options"]
    assert states[entities[f"{ELEC}_message"]]["state"].startswith("Welcome")


async def _check_devices(ha: HomeAssistant, ws: aiohttp.ClientWebSocketResponse,
                         entities: dict[str, str]) -> None:
    registry = await ha.ws(ws, "config/entity_registry/list")
    device_of = {e["unique_id"]: e["device_id"] for e in registry if e["platform"] == "mqtt"}
    devices = {d["id"]: d for d in await ha.ws(ws, "config/device_registry/list")}
    elec = {device_of[u] for u in EXPECTED if u.startswith(ELEC)}
    gas = {device_of[u] for u in EXPECTED if u.startswith(GAS)}
    assert len(elec) == 1 and len(gas) == 1 and elec != gas  # one device per meter
    bridge = device_of["openihd_ha_test_bridge"]
    for device_id in (*elec, *gas):
        assert devices[device_id]["via_device_id"] == bridge
    assert devices[elec.pop()]["name"] == "Home-1 electricity meter"


async def _check_top_up(ha: HomeAssistant, ws: aiohttp.ClientWebSocketResponse,
                        entities: dict[str, str], bridge_err: Path) -> None:
    """Type a demo meter's valid code into the text box; the meter's answer comes back."""
    code = _demo_code(bridge_err)
    text = entities[f"{ELEC}_top_up"]
    await ha.ws(ws, "call_service", domain="text", service="set_value",
                service_data={"value": code}, target={"entity_id": text})
    result = entities[f"{ELEC}_top_up_result"]
    deadline = time.monotonic() + 60
    states: dict[str, Any] = {}
    while time.monotonic() < deadline:
        states = {s["entity_id"]: s for s in await ha.ws(ws, "get_states")}
        if states[result]["state"].startswith("Top-up accepted"):
            break
        await asyncio.sleep(1)
    assert states[result]["state"].startswith("Top-up accepted"), states[result]
    assert states[result]["attributes"]["accepted"] is True
    shown = states[text]["state"]
    assert shown.endswith(code[-4:]) and code[:16] not in shown  # the box shows it masked


async def _check_energy_dashboard(ha: HomeAssistant, ws: aiohttp.ClientWebSocketResponse,
                                  entities: dict[str, str]) -> int:
    """Grid import with our unit price, export, gas (kWh, priced per kWh as GB gas is);
    then Home Assistant's own energy/validate must find nothing wrong. Its statistics
    exist after the recorder's 5-minute compile, so wait for up to two of them."""
    prefs = {"energy_sources": [
        {"type": "grid", "cost_adjustment_day": 0,
         "flow_from": [{"stat_energy_from": entities[f"{ELEC}_import"], "stat_cost": None,
                        "entity_energy_price": entities[f"{ELEC}_unit_price"],
                        "number_energy_price": None}],
         "flow_to": [{"stat_energy_to": entities[f"{ELEC}_export"],
                      "stat_compensation": None, "entity_energy_price": None,
                      "number_energy_price": 0.15}]},
        {"type": "gas", "stat_energy_from": entities[f"{GAS}_import"], "stat_cost": None,
         "entity_energy_price": entities[f"{GAS}_unit_price"], "number_energy_price": None},
    ], "device_consumption": []}
    await ha.ws(ws, "energy/save_prefs", **prefs)
    deadline = time.monotonic() + 660
    waited = 0
    issues: list[Any] = []
    while time.monotonic() < deadline:
        result = await ha.ws(ws, "energy/validate")
        issues = [i for source in result["energy_sources"] for i in source]
        kinds = {i["type"] for i in issues}
        if not issues:
            return waited
        # Only the statistics' absence may be waited out; anything else is our fault.
        assert kinds == {"statistics_not_defined"}, json.dumps(issues, indent=1)
        waited += 1
        await asyncio.sleep(15)
    raise AssertionError(f"energy/validate still says: {json.dumps(issues, indent=1)}")
