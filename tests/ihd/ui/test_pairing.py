"""First run with a bridge: find it on the network, enter its PIN, see the home's data;
restart the display: it opens with the bridge and does not receive anything twice."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from bridge.lan.service import open_pairing, serve
from bridge.model import GBP, Money
from bridge.sources.sim import SimSource
from ihd import config
from ihd.controller import Controller
from ihd.history.store import HistoryStore
from ihd.source_setup import SourceSetup
from ihd.ui.main_window import MainWindow
from ihd.ui.state import DisplayState
from tests.ihd.ui.conftest import wait_until

EVENING = datetime(2026, 1, 14, 18, tzinfo=UTC)


def _display(tmp_path: Path, settings: config.Settings):
    state = DisplayState(daily_budget=Money.of("3", GBP))
    controller = Controller(state, HistoryStore(tmp_path / "h.sqlite3"), flush_s=0.2)
    setup = SourceSetup(controller, settings, lambda s: config.save(s, tmp_path / "s.json"),
                        discovery_interfaces=["127.0.0.1"])
    window = MainWindow(state, send_top_up=controller.top_up,
                        confirm=controller.confirm_message, load_series=controller.load_series,
                        choose_demo=lambda: None, set_budget=lambda m: None,
                        find_bridges=setup.find_bridges, pair_bridge=setup.pair_bridge)
    return state, controller, setup, window


@pytest.fixture
async def bridge(tmp_path: Path):
    source = SimSource(seed=2, speed=60, homes=2, start=EVENING, solar=False)
    await source.start()
    running = await serve(source, state_dir=tmp_path / "bridge", host="127.0.0.1", port=0)
    open_pairing(running, source)
    yield source, running
    await running.stop()
    await source.stop()


async def test_find_pair_and_follow_a_bridge_then_reopen(qtbot, tmp_path: Path, bridge):
    source, running = bridge
    settings = config.Settings()
    state, controller, _setup, window = _display(tmp_path, settings)
    qtbot.addWidget(window)
    window.show()
    window.show_page("settings")
    page = window.pages["settings"]
    # Other bridges may answer too (a block of flats has several): pick ours, as a
    # person would by the address it shows.
    qtbot.mouseClick(page.search_button, Qt.MouseButton.LeftButton)
    ours = f":{running.port}"
    await wait_until(lambda: any(ours in page.found.item(i).text()
                                 for i in range(page.found.count())), 10)
    page.found.setCurrentRow(next(i for i in range(page.found.count())
                                  if ours in page.found.item(i).text()))
    page.pin.setText("000000")  # the old 6-digit PINs are not codes any more
    qtbot.mouseClick(page.pair_button, Qt.MouseButton.LeftButton)
    assert "as the bridge shows it" in page.bridge_result.text()
    page.pin.setText("2-0000-0000")  # the right home, a wrong secret
    qtbot.mouseClick(page.pair_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: "Not paired" in page.bridge_result.text(), 15)
    page.pin.setText(running.pins["home-2"])
    qtbot.mouseClick(page.pair_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: "Paired" in page.bridge_result.text(), 15)
    await wait_until(lambda: state.electricity is not None
                     and state.electricity.demand_kw is not None, 15)
    home2 = {m.eui64 for m in source.premises["home-2"]}
    assert {m.eui64 for m in state.meters} <= home2  # this flat only
    await wait_until(lambda: "Bridge https://127.0.0.1" in window.status.text())
    await wait_until(lambda: config.load(tmp_path / "s.json").bridge_last_seq > 0, 10)
    # The number is kept with the journal's identity it belongs to (a restored journal
    # would otherwise starve this display).
    assert config.load(tmp_path / "s.json").bridge_epoch == running.journal.epoch
    await controller.stop()

    # The display restarts: it opens with the bridge and carries on after what it had.
    saved = config.load(tmp_path / "s.json")
    assert saved.source == "bridge" and saved.bridge_token and saved.bridge_premises == "home-2"
    state2, controller2, setup2, window2 = _display(tmp_path / "again", saved)
    qtbot.addWidget(window2)
    had = saved.bridge_last_seq
    await setup2.attach_bridge()
    await wait_until(lambda: state2.electricity is not None
                     and state2.electricity.reading is not None, 15)
    follower = controller2.source
    # It asked for what came after what it had (exactly-once is proven in the LAN tests).
    assert follower is not None and follower.last_seq > had  # type: ignore[attr-defined]
    await controller2.stop()


async def test_typed_address_learns_and_pins_the_certificate(qtbot, tmp_path: Path, bridge):
    _, running = bridge
    settings = config.Settings()
    _state, controller, _setup, window = _display(tmp_path, settings)
    qtbot.addWidget(window)
    page = window.pages["settings"]
    page.address.setText(f"https://127.0.0.1:{running.port}")
    page.pin.setText(running.pins["home-1"])
    qtbot.mouseClick(page.pair_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: "Paired" in page.bridge_result.text(), 15)
    assert settings.bridge_fingerprint == running.identity.fingerprint
    await controller.stop()
