"""Messages: what the supplier sent, with confirmation where the message asks for it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from bridge.model import MessageImportance, MeterIdentity
from ihd.i18n import tr
from ihd.i18n_mark import N_
from ihd.ui import when
from ihd.ui.state import DisplayState, MessageView
from ihd.ui.status_words import error_words
from ihd.ui.supplier_line import SupplierLine
from ihd.ui.tasks import spawn
from ihd.ui.widgets import Card, label, scrolling

Confirm = Callable[[MeterIdentity, int], Awaitable[None]]
IMPORTANCE = {MessageImportance.LOW: "", MessageImportance.MEDIUM: "",
              MessageImportance.HIGH: N_("Important"), MessageImportance.CRITICAL: N_("Urgent")}
CONFIRM = N_("Confirm I have read this")


class MessagesPage(QWidget):
    def __init__(self, state: DisplayState, confirm: Confirm) -> None:
        super().__init__()
        self.state = state
        self._confirm = confirm
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.addWidget(label(tr("Messages from your supplier"), name="title"))
        self.supplier_line = SupplierLine(state)
        outer.addWidget(self.supplier_line.label)
        self.empty = label(tr("No messages."), name="muted")
        outer.addWidget(self.empty)
        self.list_widget = QWidget()
        self.list_layout = QVBoxLayout(self.list_widget)
        self.list_layout.addStretch(1)
        outer.addWidget(scrolling(self.list_widget), 1)
        self.error = label("", name="warning", wrap=True)
        self.error.hide()
        outer.addWidget(self.error)
        self.cards: dict[tuple[MeterIdentity, int], tuple[Card, QPushButton | None]] = {}
        state.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        for key in list(self.cards):
            if key not in self.state.messages:
                card, _ = self.cards.pop(key)
                card.deleteLater()
        ordered = sorted(self.state.messages.items(),
                         key=lambda kv: kv[1].message.timestamp, reverse=True)
        for key, view in ordered:
            if key not in self.cards:
                self.cards[key] = self._card(key, view)
                self.list_layout.insertWidget(0, self.cards[key][0])
            card, button = self.cards[key]
            if button is not None and view.confirmed:
                button.setText(tr("✔ Confirmed"))
                button.setEnabled(False)
        self.empty.setVisible(not self.state.messages)

    def _card(self, key: tuple[MeterIdentity, int],
              view: MessageView) -> tuple[Card, QPushButton | None]:
        message = view.message
        at = when.short_when(self.state.local(message.start))
        importance = IMPORTANCE[message.importance]
        card = Card(f"{tr(importance)} · {at}" if importance else at)
        card.layout_.addWidget(label(message.text, wrap=True))
        button = None
        if message.confirmation_required:
            row = QHBoxLayout()
            button = QPushButton(tr(CONFIRM))
            button.setObjectName("primary")
            button.setAccessibleName(tr("Confirm message {number}").format(
                number=message.message_id))
            button.clicked.connect(lambda: self._start_confirm(key))
            row.addWidget(button)
            row.addStretch(1)
            card.layout_.addLayout(row)
        return card, button

    def _start_confirm(self, key: tuple[MeterIdentity, int]) -> None:
        spawn(self._do_confirm(key))

    async def _do_confirm(self, key: tuple[MeterIdentity, int]) -> None:
        _, button = self.cards[key]
        if button is not None:
            button.setEnabled(False)
            button.setText(tr("Sending…"))
        try:
            await self._confirm(*key)
        except Exception as exc:  # in words, and the button comes back to try again
            self.error.setText(tr("The confirmation did not reach the meter: {reason}").format(
                reason=error_words(exc)))
            self.error.show()
            if button is not None:
                button.setEnabled(True)
                button.setText(tr(CONFIRM))
            return
        self.error.hide()
        self.state.mark_confirmed(*key)
