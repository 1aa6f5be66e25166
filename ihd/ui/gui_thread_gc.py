"""Cyclic garbage collected on the GUI thread only.

Python's collector runs in whichever thread happens to allocate when a threshold is
crossed. The display allocates heavily in worker threads (history queries run in
`asyncio.to_thread`), so a page or state object left in a reference cycle could be freed
there: Qt then says "Timers cannot be stopped from another thread" and can crash (the
test suite did, in processEvents). As pyqtgraph's GarbageCollector does for the same
reason, automatic collection is turned off and a timer on the GUI thread collects each
generation once its threshold is passed. Reference counting, which frees nearly
everything, is unaffected.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

CHECK_EVERY_MS = 10_000  # one wake-up in ten seconds: the idle display's budget is 1/s


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None, every_ms: int = CHECK_EVERY_MS) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(every_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def check(self) -> int:
        """Collect the oldest generation whose threshold is passed; the objects freed."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        for generation in (2, 1, 0):
            if counts[generation] > thresholds[generation]:
                return gc.collect(generation)
        return 0

    def stop(self) -> None:
        """Back to Python's own collection (the app is closing, or a test is done)."""
        self._timer.stop()
        gc.enable()
