"""Small building blocks shared by the pages."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget


def label(text: str = "", *, name: str | None = None, wrap: bool = False,
          align: Qt.AlignmentFlag | None = None) -> QLabel:
    widget = QLabel(text)
    if name:
        widget.setObjectName(name)
    widget.setWordWrap(wrap)
    if align is not None:
        widget.setAlignment(align)
    return widget


class Card(QFrame):
    """A rounded panel with a small heading."""

    def __init__(self, heading: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(18, 12, 18, 14)
        self.layout_.setSpacing(4)
        self.heading = label(heading, name="muted")
        self.layout_.addWidget(self.heading)
        self.setAccessibleName(heading)
