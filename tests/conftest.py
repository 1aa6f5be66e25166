"""Suite-wide fixtures."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _closed_widgets_and_garbage_freed_between_tests() -> Iterator[None]:
    """Windows a test closed are deleted, and cyclic garbage collected, on the main
    thread between tests.

    pytest-qt closes each widget and calls deleteLater(), but the deferred deletion only
    happens on an event loop's return, which a test suite never makes: every window stayed
    alive, each later language switch or screen change went through all of them (tests
    slowed from 0.2 s to 5 s each over a run), and their timers kept firing into closed
    stores.

    Cyclic garbage is collected here and not during a test: as in the display
    (ihd.ui.gui_thread_gc), Python would otherwise collect it in whichever thread
    allocates, and a test's history query in a worker thread freed an earlier test's Qt
    timers there ("Timers cannot be stopped from another thread", then a segmentation
    fault in processEvents).
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        widgets = sys.modules.get("PySide6.QtWidgets")
        if widgets is not None and widgets.QApplication.instance() is not None:
            from PySide6.QtCore import QCoreApplication, QEvent

            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.collect(0)  # nothing was collected during the test: its garbage is all young
        if was_on:
            gc.enable()
