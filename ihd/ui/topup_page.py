"""Top up: an on-screen keypad for the 20-digit code, checked before it is sent.

The last digit of a GB UTRN is a check digit (GBCS 14.8): as soon as all 20 digits are
in, a mistyped or swapped digit is caught here, as GB prepayment displays do, and the
code is not sent (a meter would only refuse it and count a code error).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bridge.model import TopUpCode, TopUpCodeError, TopUpResult
from bridge.utrn import check_digit_ok
from ihd.i18n import tr
from ihd.ui import friendly_words, when
from ihd.ui.state import DisplayState
from ihd.ui.status_words import error_words
from ihd.ui.tasks import spawn
from ihd.ui.widgets import Card, label
from ihd.ui.words import refused_words, top_up_words

LENGTH = TopUpCode.GB_UTRN_LENGTH
SendTopUp = Callable[[TopUpCode], Awaitable[TopUpResult]]


def mistyped_text() -> str:
    """Looked up when shown, in the language of the moment."""
    return tr("A digit is mistyped: please check the code and correct it.")


class TopUpPage(QWidget):
    def __init__(self, state: DisplayState, send: SendTopUp) -> None:
        super().__init__()
        self.state = state
        self._send = send
        self.digits = ""
        self._task: asyncio.Task[None] | None = None
        outer = QHBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        left = QVBoxLayout()
        left.addWidget(label(tr("Enter your 20-digit top-up code"), name="title"))
        self.code = label("", name="medium", align=Qt.AlignmentFlag.AlignCenter)
        self.code.setAccessibleName(tr("Top-up code entered"))
        code_row = QHBoxLayout()
        code_row.addWidget(self.code, 1)
        self.clear_button = clear = QPushButton(tr("Clear"))
        clear.setAccessibleName(tr("Clear the code"))
        clear.clicked.connect(self.clear)
        code_row.addWidget(clear)
        left.addLayout(code_row)
        self.hint = label("", name="muted", wrap=True)
        left.addWidget(self.hint)
        keypad = QGridLayout()
        keypad.setSpacing(8)
        self.keys: dict[str, QPushButton] = {}
        for i, key in enumerate("123456789"):
            keypad.addWidget(self._key(key), i // 3, i % 3)
        self.delete_button = delete = QPushButton(tr("⌫ Delete"))
        delete.setAccessibleName(tr("Delete last digit"))
        delete.clicked.connect(self.delete)
        keypad.addWidget(delete, 3, 0)
        keypad.addWidget(self._key("0"), 3, 1)
        # Send sits where a keypad's Enter is: one row less, so the page fits a
        # 1024x600 kiosk even with the credit alert showing.
        self.send_button = QPushButton(tr("Send top-up"))
        self.send_button.setObjectName("primary")
        self.send_button.setAccessibleName(tr("Send top-up to the meter"))
        self.send_button.clicked.connect(self.send)
        keypad.addWidget(self.send_button, 3, 2)
        left.addLayout(keypad)
        self.result = label("", wrap=True)
        self.result.setAccessibleName(tr("Top-up result"))
        left.addWidget(self.result)
        outer.addLayout(left, 3)
        log_card = Card(tr("Recent top-ups"))
        self.credit_now = label("", name="medium", wrap=True)
        self.credit_now.setAccessibleName(tr("Credit now"))
        log_card.layout_.addWidget(self.credit_now)
        self.friendly = label("", wrap=True)  # friendly credit: now, or when it next is
        self.friendly.setAccessibleName(tr("Friendly credit"))
        log_card.layout_.addWidget(self.friendly)
        self.log = QListWidget()
        self.log.setAccessibleName(tr("Top-up log"))
        log_card.layout_.addWidget(self.log)
        outer.addWidget(log_card, 2)
        state.changed.connect(self.refresh_log)
        state.aged.connect(self._show_friendly)  # its minutes left move with the clock
        self.refresh_log()
        self._render()

    def _key(self, digit: str) -> QPushButton:
        button = QPushButton(digit)
        button.setAccessibleName(tr("Digit {digit}").format(digit=digit))
        button.setMinimumWidth(84)
        button.clicked.connect(lambda: self.press(digit))
        self.keys[digit] = button
        return button

    def press(self, digit: str) -> None:
        if len(self.digits) < LENGTH:
            self.digits += digit
            self.result.setText("")
        self._render()

    def delete(self) -> None:
        self.digits = self.digits[:-1]
        self._render()

    def clear(self) -> None:
        self.digits = ""
        self._render()

    def keyPressEvent(self, event: object) -> None:
        text = getattr(event, "text", lambda: "")()
        key = getattr(event, "key", lambda: 0)()
        if text.isdigit():
            self.press(text)
        elif key == Qt.Key.Key_Backspace:
            self.delete()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.send()
        else:
            super().keyPressEvent(event)  # type: ignore[arg-type]

    def _render(self) -> None:
        shown = self.digits + "_" * (LENGTH - len(self.digits))
        self.code.setText(" ".join(shown[i:i + 4] for i in range(0, LENGTH, 4)))
        remaining = LENGTH - len(self.digits)
        mistyped = remaining == 0 and not check_digit_ok(self.digits)
        self.hint.setText(mistyped_text() if mistyped
                          else tr("Ready to send.") if remaining == 0
                          else tr("1 more digit.") if remaining == 1
                          else tr("{count} more digits.").format(count=remaining))
        self.hint.setObjectName("warning" if mistyped else "muted")
        self.hint.style().unpolish(self.hint)
        self.hint.style().polish(self.hint)
        self.send_button.setEnabled(remaining == 0 and not mistyped and self._task is None)

    def send(self) -> None:
        try:
            code = TopUpCode.parse(self.digits)
        except TopUpCodeError as exc:
            self.result.setText(error_words(exc))
            return
        if not check_digit_ok(code.digits):
            self.result.setText(mistyped_text())
            return
        self.result.setText(tr("Sending to your meter…"))
        self._task = spawn(self._do_send(code))
        self._render()

    async def _do_send(self, code: TopUpCode) -> None:
        try:
            outcome = await self._send(code)
        except Exception as exc:  # shown in words; the code is kept so it can be resent
            self.result.setText(tr("Not sent: {reason}").format(reason=error_words(exc)))
        else:
            words = top_up_words(outcome.result)
            if outcome.accepted and outcome.value is not None:
                words = "✔ " + tr("{result} {value} added.").format(result=words,
                                                                     value=outcome.value)
                if outcome.credit_remaining is not None:
                    words += " " + tr("Credit now {credit}.").format(
                        credit=outcome.credit_remaining)
                self.digits = ""
            elif not outcome.accepted:
                words = f"✖ {words}"
            self.result.setText(words)
        finally:
            self._task = None
            self._render()

    def _show_friendly(self) -> None:
        friendly = friendly_words.state_now_words(self.state)
        self.friendly.setText(friendly)
        self.friendly.setVisible(bool(friendly))

    def refresh_log(self) -> None:
        prepay = self.state.prepayment
        self.credit_now.setText(tr("Credit now: {credit}").format(
            credit=prepay.credit_remaining) if prepay is not None else "")
        self.credit_now.setVisible(prepay is not None)
        self._show_friendly()
        self.log.clear()
        for record in self.state.top_ups:
            at = when.short_when(self.state.local(record.time))
            if record.result.accepted:
                value = f" {record.value}" if record.value else ""
                line = f"{at}  {record.code_masked[-8:]}{value} — {tr('accepted')}"
            else:  # a refused code added nothing: no "£0.00", and say why
                line = (f"{at}  {record.code_masked[-8:]} — {tr('refused')}: "
                        f"{refused_words(record.result)}")
            self.log.addItem(line)
        if not self.state.top_ups:
            self.log.addItem(tr("No top-ups yet."))
