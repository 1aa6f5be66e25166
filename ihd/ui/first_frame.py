"""Says when the window first shows a reading: the moment a person waits for at start.

`ihd -v` logs it ("first reading on screen 1.02 s after start"); bench/ihd.py times a
display's start from outside by waiting for that line. It is the paint of the Now page's
demand figure with a number in it, not the data's arrival: what the screen shows.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel

log = logging.getLogger("ihd.startup")
MESSAGE = "first reading on screen"


class FirstFrame(QObject):
    """Watches `figure` (a label that reads "– kW" until data comes) for its first paint
    with a number, then calls `seen` once and stops watching."""

    def __init__(self, figure: QLabel, started: float,
                 seen: Callable[[float], None] | None = None) -> None:
        super().__init__(figure)
        self._figure = figure
        self._started = started
        self._seen = seen or (lambda s: log.info("%s %.2f s after start", MESSAGE, s))
        figure.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.Paint and watched is self._figure
                and self._figure.text()[:1].isdigit()):
            self._figure.removeEventFilter(self)
            # After this paint has happened: the figure is in the window's backing store.
            self._seen(time.monotonic() - self._started)
        return False
