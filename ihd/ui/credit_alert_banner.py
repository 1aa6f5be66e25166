"""The low-credit alert on every page: words and a symbol on a warning colour, a sound,
and a Silence button. Top up goes straight to the keypad."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton

from ihd.credit_alert import AlertLevel, AlertPolicy, alert_level, alert_text
from ihd.i18n import tr
from ihd.ui import friendly_words
from ihd.ui.state import DisplayState
from ihd.ui.widgets import label


class CreditAlertBanner(QFrame):
    def __init__(self, state: DisplayState, *, sound: Callable[[], None],
                 go_top_up: Callable[[], None], sound_enabled: bool = True) -> None:
        super().__init__()
        self.setObjectName("alert")
        self.setAccessibleName(tr("Credit alert"))
        self.state = state
        self.policy = AlertPolicy(sound_enabled=sound_enabled)
        self._sound = sound
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        self.text = label("", wrap=True)
        self.text.setAccessibleName(tr("Credit alert"))
        row.addWidget(self.text, 1)
        self.top_up_button = QPushButton(tr("Top up"))
        self.top_up_button.setAccessibleName(tr("Top up now"))
        self.top_up_button.clicked.connect(go_top_up)
        row.addWidget(self.top_up_button)
        self.silence_button = QPushButton(tr("Silence"))
        self.silence_button.setAccessibleName(tr("Silence the credit alert"))
        self.silence_button.clicked.connect(self.silence)
        row.addWidget(self.silence_button)
        self.hide()
        state.changed.connect(self.refresh)
        # Reminders come with time, not data: the timer runs only while one can be due.
        self._repeat = QTimer(self)
        self._repeat.setInterval(30_000)
        self._repeat.timeout.connect(self.refresh)

    def refresh(self) -> None:
        prepayment = self.state.prepayment
        level = alert_level(prepayment)
        if self.policy.update(level, time.monotonic()):
            self._sound()
        reminding = (level != AlertLevel.NONE and self.policy.sound_enabled
                     and not self.policy.silenced)
        if not reminding:
            self._repeat.stop()
        elif not self._repeat.isActive():
            self._repeat.start()
        if level == AlertLevel.NONE or prepayment is None:
            self.hide()
            return
        friendly = friendly_words.state_now_words(self.state)
        _week, friendly_state = self.state.friendly_credit()
        if friendly_state is not None and friendly_state.in_use and friendly:
            # The supply is on with nothing left: say until when, not "may switch off".
            self.text.setText(tr("⚠ No credit left. {friendly}").format(friendly=friendly))
        else:
            self.text.setText(alert_text(prepayment, level, tr))
        self.silence_button.setVisible(self.policy.sound_enabled and not self.policy.silenced)
        self.show()

    def silence(self) -> None:
        self.policy.silence()
        self._repeat.stop()
        self.silence_button.hide()

