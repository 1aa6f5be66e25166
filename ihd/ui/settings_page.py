"""Settings and first run: choose where readings come from; set the daily budget."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from bridge.model import Money
from ihd.ui.state import DisplayState
from ihd.ui.widgets import Card, label

BUDGET_STEP = Decimal("0.50")


class SettingsPage(QWidget):
    def __init__(self, state: DisplayState, *, choose_demo: Callable[[], None],
                 set_budget: Callable[[Money], None]) -> None:
        super().__init__()
        self.state = state
        self._set_budget = set_budget
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        source = Card("Where your readings come from")
        self.source_now = label("", wrap=True)
        source.layout_.addWidget(self.source_now)
        self.demo_button = QPushButton("Use the demo home")
        self.demo_button.setAccessibleName("Use the demo home")
        self.demo_button.clicked.connect(choose_demo)
        source.layout_.addWidget(self.demo_button)
        source.layout_.addWidget(label(
            "Bridges on your network and Zigbee sticks: not supported in this version yet; "
            "the demo home shows everything the display can do.", name="muted", wrap=True))
        outer.addWidget(source)
        budget = Card("Daily budget")
        row = QHBoxLayout()
        minus = QPushButton("−")
        minus.setAccessibleName("Lower the daily budget")
        minus.clicked.connect(lambda: self.change_budget(-BUDGET_STEP))
        plus = QPushButton("+")
        plus.setAccessibleName("Raise the daily budget")
        plus.clicked.connect(lambda: self.change_budget(BUDGET_STEP))
        self.budget = label("", name="medium")
        row.addWidget(minus)
        row.addWidget(self.budget)
        row.addWidget(plus)
        row.addStretch(1)
        budget.layout_.addLayout(row)
        outer.addWidget(budget)
        outer.addStretch(1)
        state.changed.connect(self.refresh)
        self.refresh()

    def change_budget(self, delta: Decimal) -> None:
        new = self.state.daily_budget.amount + delta
        if new < BUDGET_STEP:
            return
        self.state.daily_budget = Money(new, self.state.daily_budget.currency)
        self._set_budget(self.state.daily_budget)
        self.state.schedule_redraw()
        self.refresh()

    def refresh(self) -> None:
        self.source_now.setText(f"Now: {self.state.source_name or 'nothing chosen yet'}")
        self.budget.setText(f"{self.state.daily_budget} a day")
