"""Small building blocks shared by the pages."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

K = TypeVar("K")


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


def choice_buttons(row: QBoxLayout, options: Mapping[K, str], selected: K,
                   on_pick: Callable[[K], None],
                   accessible: Callable[[str], str]) -> dict[K, QPushButton]:
    """A row of checkable buttons of which one is checked. Not an exclusive QButtonGroup:
    Qt lets Tab reach only the checked button of one, and keyboard users must reach
    every choice."""
    buttons: dict[K, QPushButton] = {}

    def pick(key: K) -> None:
        for other, button in buttons.items():
            button.setChecked(other == key)
        on_pick(key)

    for key, text in options.items():
        button = QPushButton(text)
        button.setCheckable(True)
        button.setChecked(key == selected)
        button.setAccessibleName(accessible(text))
        button.clicked.connect(lambda _=False, k=key: pick(k))
        row.addWidget(button)
        buttons[key] = button
    return buttons
