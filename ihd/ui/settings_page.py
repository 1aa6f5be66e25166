"""Settings and first run: choose where readings come from; set the daily budget."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bridge.lan.pairing import PairingCode, PairingCodeError
from bridge.model import Money
from bridge.sources.kinds import KINDS, SourceKind
from ihd.i18n import tr
from ihd.i18n_mark import N_
from ihd.ui.state import DisplayState
from ihd.ui.status_words import error_words
from ihd.ui.tasks import spawn
from ihd.ui.widgets import Card, label, scrolling

if TYPE_CHECKING:  # zeroconf loads only when bridges are looked for
    from bridge.lan.discovery import FoundBridge

BUDGET_STEP = Decimal("0.50")
FindBridges = Callable[[], Awaitable[list["FoundBridge"]]]
PairBridge = Callable[[str, str, str], Awaitable[None]]  # url, fingerprint or "", PIN
StartDevice = Callable[[str, str], Awaitable[None]]  # a registry kind, its set-up line
# The registry's Settings texts (bridge/sources/kinds.py), marked here for translators;
# test_settings_texts checks every one is.
DEVICE_TEXTS = (
    N_("Glow MQTT address"), N_("Glow display's address, e.g. 192.168.1.30:1883"),
    N_("Glow topic prefix"), N_("Prefix: glow"), N_("Glow broker user"),
    N_("User (optional)"), N_("Glow broker password"), N_("Password"),
    N_("Use Glow"), N_("Use the Glow device"),
    N_("RAVEn serial port"), N_("RAVEn / EMU-2 serial port, e.g. /dev/ttyACM0"),
    N_("Use RAVEn"), N_("Use the RAVEn stick"),
    N_("EAGLE Cloud ID"), N_("EAGLE install code"), N_("Install code (on the label)"),
    N_("EAGLE address"), N_("Address (optional)"), N_("Use EAGLE"), N_("Use the EAGLE gateway"))


class SettingsPage(QWidget):
    def __init__(self, state: DisplayState, *, choose_demo: Callable[[], None],
                 set_budget: Callable[[Money], None], find_bridges: FindBridges | None = None,
                 pair_bridge: PairBridge | None = None,
                 start_device: StartDevice | None = None) -> None:
        super().__init__()
        self._start_device = start_device
        self.state = state
        self._set_budget = set_budget
        self._find_bridges = find_bridges
        self._pair_bridge = pair_bridge
        # Scrolls on a small kiosk screen rather than forcing the window taller.
        content = QWidget()
        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(scrolling(content))
        outer = QVBoxLayout(content)
        outer.setContentsMargins(16, 12, 16, 12)
        # What a tenant changes: first. Device set-up, done once, after it.
        budget = Card(tr("Daily budget"))
        row = QHBoxLayout()
        minus = QPushButton("−")
        minus.setAccessibleName(tr("Lower the daily budget"))
        minus.clicked.connect(lambda: self.change_budget(-BUDGET_STEP))
        plus = QPushButton("+")
        plus.setAccessibleName(tr("Raise the daily budget"))
        plus.clicked.connect(lambda: self.change_budget(BUDGET_STEP))
        self.budget = label("", name="medium")
        row.addWidget(minus)
        row.addWidget(self.budget)
        row.addWidget(plus)
        row.addStretch(1)
        budget.layout_.addLayout(row)
        outer.addWidget(budget)
        source = Card(tr("Where your readings come from"))
        self.source_now = label("", wrap=True)
        source.layout_.addWidget(self.source_now)
        self.demo_button = QPushButton(tr("Use the demo home"))
        self.demo_button.setAccessibleName(tr("Use the demo home"))
        self.demo_button.clicked.connect(choose_demo)
        source.layout_.addWidget(self.demo_button)
        outer.addWidget(source)
        bridges = Card(tr("A bridge on your network"))
        row = QHBoxLayout()
        self.search_button = QPushButton(tr("Search for bridges"))
        self.search_button.setAccessibleName(tr("Search for bridges"))
        self.search_button.clicked.connect(self.search)
        row.addWidget(self.search_button)
        self.address = QLineEdit()
        self.address.setPlaceholderText(tr("or type its address, e.g. https://192.168.1.20:8443"))
        self.address.setAccessibleName(tr("Bridge address"))
        row.addWidget(self.address, 1)
        bridges.layout_.addLayout(row)
        self.found = QListWidget()
        self.found.setAccessibleName(tr("Bridges found"))
        self.found.setMaximumHeight(120)
        bridges.layout_.addWidget(self.found)
        pin_row = QHBoxLayout()
        self.pin = QLineEdit()
        self.pin.setPlaceholderText(tr("Pairing code shown by the bridge, e.g. 3-4821-0937"))
        self.pin.setAccessibleName(tr("Pairing code"))
        self.pin.setMaxLength(24)
        pin_row.addWidget(self.pin)
        self.pair_button = QPushButton(tr("Pair"))
        self.pair_button.setObjectName("primary")
        self.pair_button.setAccessibleName(tr("Pair with the bridge"))
        self.pair_button.clicked.connect(self.pair)
        pin_row.addWidget(self.pair_button)
        bridges.layout_.addLayout(pin_row)
        self.bridge_result = label("", wrap=True)
        bridges.layout_.addWidget(self.bridge_result)
        outer.addWidget(bridges)
        devices = Card(tr("A device you already have"))
        # One row per kind the household may own, as the registry describes it.
        self.device_fields: dict[str, dict[str, QLineEdit]] = {}
        self.device_buttons: dict[str, QPushButton] = {}
        for kind in KINDS.values():
            if kind.fields:
                devices.layout_.addLayout(self._device_row(kind))
        self.device_result = label("", wrap=True)
        devices.layout_.addWidget(self.device_result)
        outer.addWidget(devices)
        outer.addStretch(1)
        self._outer = outer
        state.changed.connect(self.refresh)
        self.refresh()

    def add_card(self, card: QWidget) -> None:
        """A card below the others (before the closing stretch)."""
        self._outer.insertWidget(self._outer.count() - 1, card)

    def search(self) -> None:
        if self._find_bridges is None:
            return
        self.bridge_result.setText(tr("Searching…"))
        spawn(self._search())

    async def _search(self) -> None:
        assert self._find_bridges is not None
        found = await self._find_bridges()
        self.found.clear()
        for bridge in found:
            item = QListWidgetItem(tr("Bridge {name} at {address}").format(
                name=bridge.bridge_id, address=f"{bridge.host}:{bridge.port}"))
            item.setData(256, (bridge.url, bridge.fingerprint))  # Qt.UserRole
            self.found.addItem(item)
        if found:
            self.found.setCurrentRow(0)
            self.bridge_result.setText(tr("Found {count}. Enter the PIN it shows.").format(
                count=len(found)))
        else:
            self.bridge_result.setText(tr("No bridge answered. Type its address instead."))

    def pair(self) -> None:
        if self._pair_bridge is None:
            return
        item = self.found.currentItem()
        if self.address.text().strip():
            url, fingerprint = self.address.text().strip().rstrip("/"), ""
        elif item is not None:
            url, fingerprint = item.data(256)
        else:
            self.bridge_result.setText(tr("Search for a bridge or type its address first."))
            return
        pin = self.pin.text().strip()
        try:
            PairingCode.parse(pin)
        except PairingCodeError:
            self.bridge_result.setText(tr("Type the code as the bridge shows it, e.g. "
                                          "3-4821-0937."))
            return
        self.bridge_result.setText(tr("Pairing…"))
        spawn(self._pair(url, fingerprint, pin))

    async def _pair(self, url: str, fingerprint: str, pin: str) -> None:
        assert self._pair_bridge is not None
        try:
            await self._pair_bridge(url, fingerprint, pin)
        except Exception as exc:  # in words, on screen
            self.bridge_result.setText(tr("Not paired: {reason}").format(reason=error_words(exc)))
            return
        self.pin.clear()
        self.bridge_result.setText(tr("✔ Paired. Readings come from the bridge now."))
        self.refresh()

    def _device_row(self, kind: SourceKind) -> QHBoxLayout:
        row = QHBoxLayout()
        boxes: dict[str, QLineEdit] = {}
        for field in kind.fields:
            box = QLineEdit()
            box.setPlaceholderText(tr(field.placeholder))
            box.setAccessibleName(tr(field.label))
            if field.secret:
                box.setEchoMode(QLineEdit.EchoMode.Password)
            # A row of many boxes gives the address the room its example needs.
            wide = field is kind.fields[0] and len(kind.fields) > 3
            row.addWidget(box, 3 if wide else 1)
            boxes[field.key] = box
        button = QPushButton(tr(kind.button))
        button.setAccessibleName(tr(kind.button_name))
        button.clicked.connect(lambda: self.use_kind(kind.name))
        row.addWidget(button)
        self.device_fields[kind.name], self.device_buttons[kind.name] = boxes, button
        return row

    def use_kind(self, name: str) -> None:
        """The row's boxes as the kind's one line of set-up, then connect."""
        kind = KINDS[name]
        values = {key: box.text() for key, box in self.device_fields[name].items()}
        missing = [f for f in kind.fields if not f.optional and not values[f.key].strip()]
        if missing:
            self.device_result.setText(tr("Fill in: {fields}").format(
                fields=", ".join(tr(f.label) for f in missing)))
            return
        self._use_device(name, kind.compose(values))

    def _use_device(self, kind: str, where: str) -> None:
        if self._start_device is None:
            return
        if not where:
            self.device_result.setText(tr("Type the address or port first."))
            return
        self.device_result.setText(tr("Connecting…"))
        spawn(self._do_use_device(kind, where))

    async def _do_use_device(self, kind: str, where: str) -> None:
        assert self._start_device is not None
        try:
            await self._start_device(kind, where)
        except Exception as exc:  # in words, on screen
            self.device_result.setText(tr("Not connected: {reason}").format(
                reason=error_words(exc)))
            return
        self.device_result.setText(tr("✔ Connected. Readings come from it now."))
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
        self.source_now.setText(tr("Now: {source}").format(
            source=self.state.source_name or tr("nothing chosen yet")))
        self.budget.setText(tr("{budget} a day").format(budget=self.state.daily_budget))
