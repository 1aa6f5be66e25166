"""Choosing a device the household already owns, from Settings."""

from __future__ import annotations

import socket
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from bridge.model import GBP, Money
from ihd import config
from ihd.controller import Controller
from ihd.history.store import HistoryStore
from ihd.source_setup import SourceSetup
from ihd.ui.main_window import MainWindow
from ihd.ui.state import DisplayState
from tests.bridge.sources.brokers import needs_mosquitto
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
        page.device_fields["raven"]["port"].setText(raven.path)
        qtbot.mouseClick(page.device_buttons["raven"], Qt.MouseButton.LeftButton)
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
    page.device_fields["glow"]["address"].setText(f"127.0.0.1:{port}")
    qtbot.mouseClick(page.device_buttons["glow"], Qt.MouseButton.LeftButton)
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
        page.device_fields["eagle"]["cloud_id"].setText(CLOUD_ID)
        page.device_fields["eagle"]["install_code"].setText(INSTALL_CODE)
        page.device_fields["eagle"]["host"].setText(f"127.0.0.1:{port}")
        qtbot.mouseClick(page.device_buttons["eagle"], Qt.MouseButton.LeftButton)
        await wait_until(lambda: "Connected" in page.device_result.text(), 10)
        await wait_until(lambda: window.pages["now"].power.text().startswith("1.23 kW"), 15)
        saved = (tmp_path / "s.json")
        assert saved.stat().st_mode & 0o777 == 0o600  # the install code is a credential
        assert config.load(saved).source == "eagle"
    finally:
        await controller.stop()
        await runner.cleanup()


@needs_mosquitto
async def test_a_glow_behind_a_login_with_its_own_prefix_from_settings(qtbot, tmp_path: Path):
    from tests.bridge.sources.brokers import mosquitto
    from tests.bridge.sources.test_glow_broker_setup import elec, publish

    with mosquitto(tmp_path, users={"flat12": "s3cret pw"}) as broker:
        _settings, _state, controller, window = _window(tmp_path)
        qtbot.addWidget(window)
        page = window.pages["settings"]
        boxes = page.device_fields["glow"]
        assert boxes["password"].echoMode() == QLineEdit.EchoMode.Password
        boxes["address"].setText(f"127.0.0.1:{broker.port}")
        boxes["prefix"].setText("block-b/flat12")
        boxes["user"].setText("flat12")
        boxes["password"].setText("s3cret pw")
        try:
            qtbot.mouseClick(page.device_buttons["glow"], Qt.MouseButton.LeftButton)
            await wait_until(lambda: "Connected" in page.device_result.text(), 15)
            await publish(broker.port, ("block-b/flat12/A1B2C3D4E5F6/SENSOR/electricitymeter",
                                        elec(1234.5, 0.75)),
                          username="flat12", password="s3cret pw")
            await wait_until(lambda: window.pages["now"].power.text().startswith("0.75 kW"),
                             15)
            remembered = config.load(tmp_path / "s.json").glow_mqtt
            assert remembered == (f"mqtt://flat12:s3cret%20pw@127.0.0.1:{broker.port}"
                                  "/block-b/flat12")
            assert "s3cret" not in window.pages["now"].state.source_name  # not on screen
        finally:
            await controller.stop()


async def test_a_wrong_glow_password_from_settings_is_said_as_a_refused_login(
        qtbot, tmp_path: Path):
    from tests.bridge.sources.brokers import mosquitto

    with mosquitto(tmp_path, users={"flat12": "right"}) as broker:
        _settings, _state, controller, window = _window(tmp_path)
        qtbot.addWidget(window)
        page = window.pages["settings"]
        page.device_fields["glow"]["address"].setText(f"127.0.0.1:{broker.port}")
        page.device_fields["glow"]["user"].setText("flat12")
        page.device_fields["glow"]["password"].setText("wrong")
        qtbot.mouseClick(page.device_buttons["glow"], Qt.MouseButton.LeftButton)
        await wait_until(lambda: "Not connected" in page.device_result.text(), 20)
        assert "refused the login" in page.device_result.text()
        await controller.stop()


def test_settings_rows_come_from_the_registry_and_their_texts_are_translatable(qtbot,
                                                                               tmp_path):
    from bridge.sources.kinds import KINDS
    from ihd.ui.settings_page import DEVICE_TEXTS

    _settings, _state, _controller, window = _window(tmp_path)
    qtbot.addWidget(window)
    page = window.pages["settings"]
    assert set(page.device_fields) == {k.name for k in KINDS.values() if k.fields}
    for kind in KINDS.values():
        for field in kind.fields:
            assert field.label in DEVICE_TEXTS and field.placeholder in DEVICE_TEXTS
        if kind.fields:
            assert kind.button in DEVICE_TEXTS and kind.button_name in DEVICE_TEXTS


@needs_mosquitto
async def test_a_glow_publishing_under_another_prefix_is_said_on_the_status_line(
        qtbot, tmp_path: Path):
    from tests.bridge.sources.brokers import mosquitto
    from tests.bridge.sources.test_glow_broker_setup import elec, publish

    with mosquitto(tmp_path) as broker:
        _settings, _state, controller, window = _window(tmp_path)
        qtbot.addWidget(window)
        page = window.pages["settings"]
        page.device_fields["glow"]["address"].setText(f"127.0.0.1:{broker.port}")
        try:
            qtbot.mouseClick(page.device_buttons["glow"], Qt.MouseButton.LeftButton)
            await wait_until(lambda: "Connected" in page.device_result.text(), 15)
            # Not "connected to the Glow": only the broker has answered so far.
            await wait_until(lambda: "waiting for the Glow device" in window.status.text())
            await publish(broker.port, ("flat42/A1B2C3D4E5F6/SENSOR/electricitymeter",
                                        elec(1234.5, 0.75)))
            await wait_until(lambda: "set the topic prefix to 'flat42'"
                             in window.status.text(), 15)
        finally:
            await controller.stop()
