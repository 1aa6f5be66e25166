"""Small building blocks shared by the pages."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QBoxLayout,
    QComboBox,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QVBoxLayout,
    QWidget,
)

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


def scrolling(content: QWidget) -> QScrollArea:
    """`content` in a frameless area that scrolls up and down when it does not fit: by
    finger on a touch screen (a mouse still presses buttons at once), and to whichever
    control has the keyboard focus. The area itself is never a Tab stop: nothing would
    show where the focus went."""
    area = QScrollArea()
    area.setWidget(content)
    area.setWidgetResizable(True)  # the content fills the area whenever it fits
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.TouchGesture)
    return area


def keyboard_focus_only(root: QWidget) -> None:
    """Buttons, lists and choices under `root` take the focus from the keyboard (Tab)
    only: a tap or a click chooses without leaving a focus ring that looks like a second
    selection. Text boxes keep click focus: they need it to be typed in."""
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QAbstractButton | QAbstractItemView | QComboBox) and \
                widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
            widget.setFocusPolicy(Qt.FocusPolicy.TabFocus)
