"""Screen care on a kiosk: dim at night on the operator's schedule, wake on a touch or
a key (that first touch only wakes: it never presses a button the person could not see),
and move the whole picture a pixel at a time so nothing burns in."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from datetime import time as clock_time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from ihd.kiosk.screen_care import in_dim_window, pixel_offset

WAKING_EVENTS = (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress)
MARGIN_PX = 0  # the window's own margin; the drift is added around it


class _DimOverlay(QWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.alpha = 0
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAccessibleName("Screen dimmed for the night; touch to wake")
        self.hide()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(0, 0, 0, self.alpha))


class ScreenCare(QObject):
    def __init__(self, window: QMainWindow, *, dim_from: clock_time | None,
                 dim_until: clock_time | None, dim_level: float = 0.3,
                 wake_s: float = 120.0, shift_px: int = 6, shift_every_s: float = 180.0,
                 local_now: Callable[[], datetime] = datetime.now,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        super().__init__(window)
        self.window = window
        self.dim_from, self.dim_until = dim_from, dim_until
        self.dim_level = dim_level
        self.wake_s = wake_s
        self.shift_px, self.shift_every_s = shift_px, shift_every_s
        self._local_now, self._monotonic = local_now, monotonic
        self._started = monotonic()
        self._awake_until = 0.0
        self.overlay = _DimOverlay(window)
        self.overlay.alpha = round(255 * (1 - dim_level))
        self.offset = (0, 0)
        window.installEventFilter(self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.update)
        self._timer.start(5_000)
        self.update()

    @property
    def dimmed(self) -> bool:
        return self.overlay.isVisible()

    def update(self) -> None:
        night = in_dim_window(self._local_now().time(), self.dim_from, self.dim_until)
        dim = night and self._monotonic() >= self._awake_until
        if dim != self.dimmed:
            self.overlay.setGeometry(self.window.rect())
            self.overlay.setVisible(dim)
            self.overlay.raise_()
        self._shift()

    def wake(self) -> None:
        self._awake_until = self._monotonic() + self.wake_s
        self.update()

    def _shift(self) -> None:
        dx, dy = pixel_offset(self._monotonic() - self._started, self.shift_px,
                              self.shift_every_s)
        if (dx, dy) == self.offset:
            return
        self.offset = (dx, dy)
        central = self.window.centralWidget()
        layout = central.layout() if central is not None else None
        if layout is not None:
            base = self.shift_px + MARGIN_PX
            layout.setContentsMargins(base + dx, base + dy, base - dx, base - dy)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Resize:
            self.overlay.setGeometry(self.window.rect())
        elif event.type() in WAKING_EVENTS:
            if self.dimmed:
                self.wake()
                return True  # this touch was only to wake the screen
            if in_dim_window(self._local_now().time(), self.dim_from, self.dim_until):
                self._awake_until = self._monotonic() + self.wake_s  # still in use
        return False
