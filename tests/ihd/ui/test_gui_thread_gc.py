"""A page or state object left in a reference cycle is freed on the GUI thread, never in
the worker thread that happened to allocate (history queries run in worker threads):
Qt objects freed off their thread abort with "Timers cannot be stopped from another
thread"."""

from __future__ import annotations

import gc
import threading
from typing import ClassVar

from PySide6.QtCore import QObject, QTimer

from ihd.ui.gui_thread_gc import GuiThreadCollector


class _Page(QObject):
    """A QObject with a running timer, in a cycle with itself, noting where it is freed."""

    freed_on: ClassVar[list[str]] = []

    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.start(60_000)
        self.me = self  # the cycle

    def __del__(self) -> None:
        _Page.freed_on.append(threading.current_thread().name)


def _allocate_in_a_worker() -> None:
    """What a history query does: tens of thousands of container objects."""
    def work() -> None:
        rows = [(i, [i]) for i in range(50_000)]
        assert rows

    worker = threading.Thread(target=work, name="history-worker")
    worker.start()
    worker.join()


def test_a_cycle_with_a_qt_timer_is_freed_on_the_gui_thread(qapp) -> None:
    gc.collect()
    _Page.freed_on.clear()
    collector = GuiThreadCollector(every_ms=60_000)
    try:
        _Page()
        _allocate_in_a_worker()
        assert _Page.freed_on == []  # the worker crossed the thresholds: nothing freed
        collector.check()
        assert _Page.freed_on == [threading.current_thread().name] == ["MainThread"]
    finally:
        collector.stop()
    assert gc.isenabled()  # stopped, Python collects as before


class _Cycle:
    """A plain object in a cycle (no Qt: freeing it in the worker is harmless)."""

    freed_on: ClassVar[list[str]] = []

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        _Cycle.freed_on.append(threading.current_thread().name)


def test_without_it_the_allocating_worker_frees_the_cycle(qapp) -> None:
    # Why the collector exists: Python's own collection runs in the allocating thread.
    gc.enable()  # as in a program (the suite collects between tests instead)
    gc.collect()
    _Cycle.freed_on.clear()
    _Cycle()
    _allocate_in_a_worker()
    assert _Cycle.freed_on == ["history-worker"]
