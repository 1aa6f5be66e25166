"""What a person would see wrong on a rendered window: text cut off, widgets on top of
one another, a control outside what can be seen or scrolled to, text too small."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QScrollArea,
    QWidget,
)

LEAVES = (QLabel, QAbstractButton, QLineEdit, QListWidget, QProgressBar)
CONTROLS = (QAbstractButton, QLineEdit, QListWidget)


def shown(widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0 and widget.height() > 0


def on_window(widget: QWidget) -> QRect:
    top_left = widget.mapTo(widget.window(), QPoint(0, 0))
    return QRect(top_left, widget.size())


def scroll_content(widget: QWidget) -> QWidget | None:
    """The content widget of the innermost scroll area holding `widget`, if any."""
    parent = widget.parentWidget()
    while parent is not None:
        area = parent.parentWidget()
        if isinstance(area, QScrollArea) or (area is not None
                                             and isinstance(area.parentWidget(), QScrollArea)
                                             and area is area.parentWidget().viewport()):
            scroll = area if isinstance(area, QScrollArea) else area.parentWidget()
            assert isinstance(scroll, QScrollArea)
            return scroll.widget()
        parent = parent.parentWidget()
    return None


def clipped_text(label: QLabel) -> str | None:
    text = label.text()
    if not text or label.textFormat() == Qt.TextFormat.RichText:
        return None
    room = label.contentsRect()
    metrics = label.fontMetrics()
    if label.wordWrap():
        need = label.heightForWidth(label.width())
        if need > label.height() + 1:
            return f"needs {need} px of height, has {label.height()}"
        words = max((metrics.horizontalAdvance(w) for w in text.split()), default=0)
        if words > room.width() + 1:
            return f"a word needs {words} px, has {room.width()}"
        return None
    lines = text.split("\n")
    width = max(metrics.horizontalAdvance(line) for line in lines)
    height = metrics.height() * len(lines)
    if width > room.width() + 1:
        return f"needs {width} px of width, has {room.width()}"
    if height > room.height() + 2:
        return f"needs {height} px of height, has {room.height()}"
    return None


def problems(root: QWidget, *, min_text_px: int = 0) -> list[str]:
    """Everything wrong with how `root` (a shown window) is laid out, in words."""
    found: list[str] = []
    window_rect = QRect(QPoint(0, 0), root.window().size())
    leaves = [w for w in root.findChildren(QWidget) if isinstance(w, LEAVES) and shown(w)
              and all(shown(a) for a in _ancestors(w, root))]
    for w in leaves:
        name = _name(w)
        if isinstance(w, QLabel):
            why = clipped_text(w)
            if why:
                found.append(f"clipped: {name}: {why}")
            px = w.font().pixelSize()
            if w.text() and 0 < px < min_text_px:
                found.append(f"text too small: {name}: {px} px < {min_text_px} px")
        # Inside its parent, and inside the window or a scroll area's content.
        parent = w.parentWidget()
        if parent is not None and not QRect(QPoint(0, 0), parent.size()).contains(
                w.geometry().adjusted(1, 1, -1, -1)):
            found.append(f"outside its parent: {name}")
        if isinstance(w, CONTROLS):
            content = scroll_content(w)
            if content is None and not window_rect.contains(on_window(w).adjusted(1, 1, -1,
                                                                                  -1)):
                found.append(f"control outside the window: {name} at {on_window(w)}")
    # Two leaves on top of one another (not one inside the other's own children).
    for i, a in enumerate(leaves):
        ra = on_window(a)
        for b in leaves[i + 1:]:
            if a.isAncestorOf(b) or b.isAncestorOf(a):
                continue
            if scroll_content(a) is not scroll_content(b):
                continue
            overlap = ra.intersected(on_window(b))
            if overlap.width() > 2 and overlap.height() > 2:
                found.append(f"overlap: {_name(a)} and {_name(b)}")
    return found


def _ancestors(widget: QWidget, root: QWidget) -> list[QWidget]:
    out = []
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        out.append(parent)
        parent = parent.parentWidget()
    return out


def _name(widget: QWidget) -> str:
    text = ""
    if isinstance(widget, QLabel | QAbstractButton):
        text = widget.text()[:40]
    name = widget.objectName()
    inside = " ".join(part for part in (name, repr(text) if text else "") if part)
    return f"{type(widget).__name__}({inside})"
