"""The supplier line outlives nothing: when its page goes (a language or theme change
builds new pages on the same state), the state's next change must not reach it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent

from bridge.model import GBP, Money
from ihd.ui.state import DisplayState
from ihd.ui.supplier_line import SupplierLine


def test_a_deleted_page_s_supplier_line_is_no_longer_told_of_changes(qtbot) -> None:
    state = DisplayState(daily_budget=Money.of("3.00", GBP))
    line = SupplierLine(state)
    line.label.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    calls: list[str] = []
    state.changed.connect(lambda: calls.append("changed"))
    # Before the fix the line's refresh ran here on a deleted QLabel: RuntimeError,
    # which pytest-qt reports as an exception in the Qt event loop.
    state._emit()
    assert calls == ["changed"]
