"""The operator's way in on a kiosk: a PIN keypad in front of Settings and of leaving."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ihd.i18n import tr
from ihd.kiosk.lock import OperatorLock
from ihd.ui.widgets import label

MAX_DIGITS = 12


class OperatorPinPage(QWidget):
    accepted = Signal()
    cancelled = Signal()

    def __init__(self, lock: OperatorLock) -> None:
        super().__init__()
        self.lock = lock
        self.digits = ""
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        column = QVBoxLayout()
        column.addWidget(label(tr("Operator PIN"), name="title"))
        column.addWidget(label(tr("Settings are for your housing provider or installer."),
                               name="muted", wrap=True))
        self.entered = label("", name="medium", align=Qt.AlignmentFlag.AlignCenter)
        self.entered.setAccessibleName(tr("PIN entered"))
        column.addWidget(self.entered)
        self.result = label("", wrap=True)
        self.result.setAccessibleName(tr("PIN result"))
        column.addWidget(self.result)
        keypad = QGridLayout()
        keypad.setSpacing(8)
        self.keys: dict[str, QPushButton] = {}
        for i, key in enumerate("1234567890"):
            button = QPushButton(key)
            button.setAccessibleName(tr("Digit {digit}").format(digit=key))
            button.clicked.connect(lambda _=False, k=key: self.press(k))
            self.keys[key] = button
            keypad.addWidget(button, i // 3 if key != "0" else 3, i % 3 if key != "0" else 1)
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.setAccessibleName(tr("Cancel and go back"))
        self.cancel_button.clicked.connect(self.cancel)
        keypad.addWidget(self.cancel_button, 3, 0)
        self.enter_button = QPushButton(tr("Enter"))
        self.enter_button.setObjectName("primary")
        self.enter_button.setAccessibleName(tr("Check the operator PIN"))
        self.enter_button.clicked.connect(self.submit)
        keypad.addWidget(self.enter_button, 3, 2)
        column.addLayout(keypad)
        column.addStretch(1)
        outer.addLayout(column, 2)
        outer.addStretch(1)
        self._render()

    def reset(self) -> None:
        self.digits = ""
        self.result.setText("")
        self._render()

    def press(self, digit: str) -> None:
        if len(self.digits) < MAX_DIGITS:
            self.digits += digit
        self._render()

    def submit(self) -> None:
        attempt = self.lock.attempt(self.digits)
        self.digits = ""
        self._render()
        if attempt.ok:
            self.result.setText("")
            self.accepted.emit()
        else:
            self.result.setText(tr(attempt.text).format(**dict(attempt.args)))

    def cancel(self) -> None:
        self.reset()
        self.cancelled.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text.isdigit():
            self.press(text)
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
        elif event.key() == Qt.Key.Key_Backspace:
            self.digits = self.digits[:-1]
            self._render()
        elif event.key() == Qt.Key.Key_Escape:
            self.cancel()
        else:
            super().keyPressEvent(event)

    def _render(self) -> None:
        self.entered.setText("●" * len(self.digits) or "—")
        self.enter_button.setEnabled(bool(self.digits))
