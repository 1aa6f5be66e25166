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
