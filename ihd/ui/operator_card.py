"""Settings for the people who look after the display: a change of tenancy wipe, leaving
kiosk mode, and what was wrong in the operator's config file."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from PySide6.QtWidgets import QHBoxLayout, QPushButton

from ihd.i18n import tr
from ihd.ui.status_words import error_words
from ihd.ui.tasks import spawn
from ihd.ui.widgets import Card, label

WipeHousehold = Callable[[], Awaitable[None]]


class OperatorCard(Card):
    def __init__(self, *, wipe: WipeHousehold | None, leave: Callable[[], None] | None,
                 config_problems: list[str]) -> None:
        super().__init__(tr("New occupier and operator"))
        self._wipe = wipe
        self.layout_.addWidget(label(tr(
            "When someone moves out, clear this home's data so the next person cannot "
            "see it: the history of use, messages, top-ups, the budget and the pairing."),
            wrap=True))
        row = QHBoxLayout()
        self.wipe_button = QPushButton(tr("Clear this home's data"))
        self.wipe_button.setAccessibleName(tr("Clear this home's data for a new occupier"))
        self.wipe_button.clicked.connect(self.ask)
        row.addWidget(self.wipe_button)
        self.confirm_button = QPushButton(tr("Yes, clear everything"))
        self.confirm_button.setObjectName("primary")
        self.confirm_button.setAccessibleName(tr("Confirm: clear all of this home's data"))
        self.confirm_button.clicked.connect(self.confirm)
        self.confirm_button.hide()
        row.addWidget(self.confirm_button)
        self.leave_button = QPushButton(tr("Leave kiosk mode"))
        self.leave_button.setAccessibleName(tr("Leave kiosk mode"))
        if leave is not None:
            self.leave_button.clicked.connect(leave)
        else:
            self.leave_button.hide()
        row.addWidget(self.leave_button)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.result = label("", wrap=True)
        self.result.setAccessibleName(tr("Result"))
        self.layout_.addWidget(self.result)
        self.problems = label("", name="warning", wrap=True)
        self.problems.setAccessibleName(tr("Problems in the operator config"))
        self.layout_.addWidget(self.problems)
        self.show_problems(config_problems)

    def show_problems(self, problems: list[str]) -> None:
        if problems:
            self.problems.setText(tr("⚠ The kiosk config has problems; these lines were "
                                     "left out:") + "\n" + "\n".join(problems))
            self.problems.show()
        else:
            self.problems.hide()

    def ask(self) -> None:
        self.result.setText(tr("This cannot be undone. Press “Yes, clear everything” "
                               "to go on."))
        self.confirm_button.show()
        self.confirm_button.setFocus()

    def confirm(self) -> None:
        self.confirm_button.hide()
        if self._wipe is None:
            return
        self.result.setText(tr("Clearing…"))
        spawn(self._do_wipe())

    async def _do_wipe(self) -> None:
        assert self._wipe is not None
        try:
            await self._wipe()
        except Exception as exc:  # in words, on screen; nothing half-done is hidden
            self.result.setText(tr("Not cleared: {reason}").format(reason=error_words(exc)))
            return
        self.result.setText(tr("✔ Cleared. The display is ready for the next occupier."))
