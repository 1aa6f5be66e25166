import asyncio
import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


async def settle(seconds: float = 0.2) -> None:
    """Let both Qt and asyncio run for a while (the app runs them on one loop)."""
    from PySide6.QtWidgets import QApplication

    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    while loop.time() < end:
        QApplication.processEvents()
        await asyncio.sleep(0.01)


async def wait_until(predicate, seconds: float = 10.0) -> None:
    from PySide6.QtWidgets import QApplication

    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    while not predicate():
        if loop.time() > end:
            raise AssertionError("condition not met in time")
        QApplication.processEvents()
        await asyncio.sleep(0.02)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    # Settings and history of the person running the tests are never touched.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


async def live_window(qtbot, source, *, store=None, speed: float = 60,
                      size: tuple[int, int] = (1280, 800)):
    """A main window at `size` fed by `source` through a real Controller, wired as the
    app wires them (top-up, message confirmation, history series, the controller's
    clock); returns (window, state, controller) with the source attached."""
    from bridge.model import GBP, Money
    from ihd.controller import Controller
    from ihd.ui.main_window import MainWindow
    from ihd.ui.state import DisplayState

    state = DisplayState(speed=speed, daily_budget=Money.of("3.00", GBP))
    controller = Controller(state, store, flush_s=0.2)
    window = MainWindow(state, send_top_up=controller.top_up,
                        confirm=controller.confirm_message, load_series=controller.load_series,
                        choose_demo=lambda: None, set_budget=lambda m: None, now=controller.now)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    await controller.attach(source)
    return window, state, controller
