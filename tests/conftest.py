"""Suite-wide fixtures."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _delete_closed_widgets() -> Iterator[None]:
    """Windows a test closed are deleted before the next test starts.

    pytest-qt closes each widget and calls deleteLater(), but the deferred deletion only
    happens on an event loop's return, which a test suite never makes: every window stayed
    alive, and each later language switch or screen change went through all of them (tests
    slowed from 0.2 s to 5 s each over a run), and their timers kept firing into closed
    stores. Deleting them here makes each test start with only its own widgets.
    """
    yield
    widgets = sys.modules.get("PySide6.QtWidgets")
    if widgets is None or widgets.QApplication.instance() is None:
        return
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
