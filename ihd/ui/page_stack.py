"""The window's pages, one shown at a time, each able to scroll.

The window steps its type down until every page fits (MainWindow.fit_to), but large type
with 44 px touch targets cannot always fit a small screen (800x480 with the credit alert
showing). A page that does not fit then scrolls, by finger on a touch screen, instead of
being cut off where nobody can reach it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QScrollArea, QStackedWidget, QWidget

from ihd.ui.widgets import scrolling


class PageStack(QStackedWidget):
    def __init__(self) -> None:
        super().__init__()
        self._holders: dict[QWidget, QScrollArea] = {}

    def add(self, page: QWidget) -> None:
        holder = scrolling(page)
        self._holders[page] = holder
        self.addWidget(holder)

    def bring_up(self, page: QWidget) -> None:
        self.setCurrentWidget(self._holders[page])

    def current(self) -> QWidget | None:
        holder = self.currentWidget()
        return holder.widget() if isinstance(holder, QScrollArea) else None

    def holder(self, page: QWidget) -> QScrollArea:
        return self._holders[page]

    def pages_height(self, width: int | None = None) -> int:
        """The least height at which no page needs to scroll, at `width` where given:
        wrapped text is as tall as the width makes it (a minimum size hint counts it on
        one line, and a page measured so then scrolled on a small screen)."""
        def need(page: QWidget) -> int:
            layout = page.layout()
            hint = page.minimumSizeHint().height()
            if width is None or layout is None or not layout.hasHeightForWidth():
                return hint
            return max(hint, layout.minimumHeightForWidth(width))
        return max((need(page) for page in self._holders), default=0)
