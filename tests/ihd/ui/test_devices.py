"""Choosing a device the household already owns, from Settings."""

from __future__ import annotations

import socket
from pathlib import Path

from PySide6.QtCore import Qt

from bridge.model import GBP, Money
from ihd import config
from ihd.controller import Controller
from ihd.history.store import HistoryStore
from ihd.source_setup import SourceSetup
from ihd.ui.main_window import MainWindow
from ihd.ui.state import DisplayState
from tests.bridge.sources.test_raven import EmulatedRaven
from tests.ihd.ui.conftest import wait_until


def _window(tmp_path: Path):
    settings = config.Settings()
    state = DisplayState(daily_budget=Money.of("5", GBP))
    controller = Controller(state, HistoryStore(tmp_path / "h.sqlite3"), flush_s=0.2)
    setup = SourceSetup(controller, settings, lambda s: config.save(s, tmp_path / "s.json"))
    window = MainWindow(state, send_top_up=controller.top_up,
                        confirm=controller.confirm_message, load_series=controller.load_series,
                        choose_demo=lambda: None, set_budget=lambda m: None,
                        start_device=setup.start_device)
    return settings, state, controller, window


async def test_use_a_raven_stick_and_see_its_readings(qtbot, tmp_path: Path):
    raven = EmulatedRaven()
    _settings, _state, controller, window = _window(tmp_path)
    qtbot.addWidget(window)
    page = window.pages["settings"]
    try:
        page.raven_port.setText(raven.path)
        qtbot.mouseClick(page.raven_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: "Connected" in page.device_result.text(), 10)
        await wait_until(lambda: window.pages["now"].power.text().startswith("1.23 kW"), 15)
        assert config.load(tmp_path / "s.json").source == "raven"
        assert config.load(tmp_path / "s.json").raven_port == raven.path
    finally:
        await controller.stop()
        raven.close()


async def test_a_glow_device_that_does_not_answer_is_said_in_words(qtbot, tmp_path: Path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings, _state, controller, window = _window(tmp_path)
    qtbot.addWidget(window)
    page = window.pages["settings"]
    page.glow_address.setText(f"127.0.0.1:{port}")
    qtbot.mouseClick(page.glow_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: "Not connected" in page.device_result.text(), 20)
    assert "did not answer" in page.device_result.text()
    assert settings.source is None  # nothing remembered that does not work
    assert controller.source is None
    await wait_until(lambda: "No source chosen" in window.status.text())
    await controller.stop()


async def test_use_an_eagle_with_its_label_credentials(qtbot, tmp_path: Path):
    from aiohttp import web

    from tests.bridge.sources.test_eagle import CLOUD_ID, INSTALL_CODE, EmulatedEagle

    emulated = EmulatedEagle()
    runner = web.AppRunner(emulated.app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    port = runner.addresses[0][1]
    _settings, _, controller, window = _window(tmp_path)
    qtbot.addWidget(window)
    page = window.pages["settings"]
    try:
        page.eagle_cloud_id.setText(CLOUD_ID)
        page.eagle_install_code.setText(INSTALL_CODE)
        page.eagle_host.setText(f"127.0.0.1:{port}")
        qtbot.mouseClick(page.eagle_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: "Connected" in page.device_result.text(), 10)
        await wait_until(lambda: window.pages["now"].power.text().startswith("1.23 kW"), 15)
        saved = (tmp_path / "s.json")
        assert saved.stat().st_mode & 0o777 == 0o600  # the install code is a credential
        assert config.load(saved).source == "eagle"
    finally:
        await controller.stop()
        await runner.cleanup()
