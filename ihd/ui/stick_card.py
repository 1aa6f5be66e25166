"""Settings → A Zigbee stick: find the stick, say what it can do in words, then guide
the person through joining their meter (EUI64 and install code for the supplier, then
searching → joining → authenticating → connected, or why not), or, for a stick that
cannot join a meter, use it as a trial site's coordinator."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem, QPushButton

from bridge.model import SourceStatus
from bridge.sources.base import SourceError
from ihd.i18n import tr
from ihd.ui.status_words import error_words, said_words, state_words, status_words
from ihd.ui.tasks import spawn
from ihd.ui.widgets import Card, label

if TYPE_CHECKING:  # the radio libraries load only when a stick is looked for
    from bridge.han.join.session import JoinResult
    from bridge.han.radio.probe import ProbeResult

FindSticks = Callable[[], Awaitable[list["ProbeResult"]]]
JoinMeter = Callable[["ProbeResult", str, Callable[[SourceStatus], None]],
                     Awaitable["JoinResult"]]
UseCoordinator = Callable[["ProbeResult"], Awaitable[None]]


class StickCard(Card):
    def __init__(self, *, find: FindSticks, join: JoinMeter,
                 use_coordinator: UseCoordinator) -> None:
        super().__init__(tr("A Zigbee stick"))
        self._find, self._join, self._use_coordinator = find, join, use_coordinator
        self.results: list[ProbeResult] = []
        self.find_button = QPushButton(tr("Look for Zigbee sticks"))
        self.find_button.setAccessibleName(tr("Look for Zigbee sticks"))
        self.find_button.clicked.connect(self.search)
        self.layout_.addWidget(self.find_button)
        self.found = QListWidget()
        self.found.setAccessibleName(tr("Zigbee sticks found"))
        self.found.setMaximumHeight(110)
        self.found.currentRowChanged.connect(self._chosen)
        self.layout_.addWidget(self.found)
        row = QHBoxLayout()
        self.install_code = QLineEdit()
        self.install_code.setPlaceholderText(tr("Install code (on the stick's label)"))
        self.install_code.setAccessibleName(tr("Install code"))
        row.addWidget(self.install_code, 1)
        self.join_button = QPushButton(tr("Join my meter"))
        self.join_button.setObjectName("primary")
        self.join_button.setAccessibleName(tr("Join my smart meter's network"))
        self.join_button.clicked.connect(self.join)
        row.addWidget(self.join_button)
        self.coordinator_button = QPushButton(tr("Use for a demo meter"))
        self.coordinator_button.setAccessibleName(
            tr("Use this stick as the coordinator for a demo meter"))
        self.coordinator_button.clicked.connect(self.use_as_coordinator)
        row.addWidget(self.coordinator_button)
        self.layout_.addLayout(row)
        self.progress = label("", wrap=True)
        self.progress.setAccessibleName(tr("Stick set-up progress"))
        self.layout_.addWidget(self.progress)
        self._chosen(-1)

    def chosen(self) -> ProbeResult | None:
        row = self.found.currentRow()
        return self.results[row] if 0 <= row < len(self.results) else None

    def _chosen(self, _row: int) -> None:
        stick = self.chosen()
        self.join_button.setEnabled(stick is not None and stick.can_join_meter)
        self.install_code.setEnabled(stick is not None and stick.can_join_meter)
        self.coordinator_button.setEnabled(stick is not None and stick.radio is not None)

    def search(self) -> None:
        self.progress.setText(tr("Looking… each port takes a few seconds."))
        self.find_button.setEnabled(False)
        spawn(self._search())

    async def _search(self) -> None:
        try:
            self.results = await self._find()
        except Exception as exc:  # in words, on screen
            self.progress.setText(tr("Could not look for sticks: {reason}").format(
                reason=exc))
            return
        finally:
            self.find_button.setEnabled(True)
        self.found.clear()
        for result in self.results:
            item = QListWidgetItem(said_words(result.said))
            item.setToolTip(result.detail)
            self.found.addItem(item)
        usable = [i for i, r in enumerate(self.results) if r.radio is not None]
        if usable:
            self.found.setCurrentRow(usable[0])
            self.progress.setText(tr("Choose the stick, then follow the steps."))
        else:
            self.progress.setText(tr("No Zigbee stick answered. Is it plugged in?"))

    def join(self) -> None:
        stick = self.chosen()
        if stick is None:
            return
        self.join_button.setEnabled(False)
        spawn(self._do_join(stick, self.install_code.text().strip()))

    async def _do_join(self, stick: ProbeResult, code: str) -> None:
        from bridge.han.join.install_code import InstallCodeError  # zigpy: not at start-up

        try:
            result = await self._join(stick, code, self._on_status)
        except InstallCodeError as exc:
            self.progress.setText(f"⚠ {error_words(exc)}")
            return
        except SourceError as exc:  # joined, but reading the meter through it failed
            self.progress.setText(tr("⚠ Joined, but the meter's readings did not come: "
                                     "{reason}").format(reason=error_words(exc)))
            return
        except Exception as exc:  # the stick vanished, the port failed …
            self.progress.setText(tr("⚠ The stick stopped answering: {reason}").format(
                reason=exc))
            return
        finally:
            self._chosen(self.found.currentRow())
        if result.connected:
            self.progress.setText(tr("✔ Joined your smart meter's network and exchanged "
                                     "keys with it."))
        else:
            reason = said_words(result.said) if result.said is not None else result.message
            self.progress.setText(tr("⚠ Not joined: {reason}").format(reason=reason))

    def _on_status(self, status: SourceStatus) -> None:
        self.progress.setText(tr("{state}: {words}").format(state=state_words(status.state),
                                                           words=status_words(status)))

    def use_as_coordinator(self) -> None:
        stick = self.chosen()
        if stick is None:
            return
        self.progress.setText(tr("Starting the stick's own network…"))
        spawn(self._do_coordinator(stick))

    async def _do_coordinator(self, stick: ProbeResult) -> None:
        try:
            await self._use_coordinator(stick)
        except Exception as exc:  # in words, on screen
            self.progress.setText(tr("⚠ Not started: {reason}").format(reason=exc))
            return
        self.progress.setText(tr("✔ The demo meter is read through this stick."))
