"""Settings → The home's time zone, for a home whose meter does not state one (a North
American RAVEn or EAGLE: UTC times, no zone). A GB comms hub states its zone, which wins."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox

from bridge.timezones import PREFERRED_ZONES
from ihd.home_zone import computer_zone
from ihd.i18n import tr
from ihd.ui.widgets import Card, label


class ZoneCard(Card):
    def __init__(self, *, chosen: str | None, set_zone: Callable[[str | None], None]) -> None:
        super().__init__(tr("The home's time zone"))
        self._set_zone = set_zone
        self.choice = QComboBox()
        self.choice.setAccessibleName(tr("The home's time zone"))
        self.choice.addItem(tr("Not set: the meter's, else Europe/London"), None)
        zones = list(dict.fromkeys([*PREFERRED_ZONES, computer_zone(), *([chosen] if chosen
                                                                          else [])]))
        for zone in zones:
            self.choice.addItem(zone.replace("_", " "), zone)
        self.choice.setCurrentIndex(max(0, self.choice.findData(chosen)) if chosen else 0)
        self.choice.activated.connect(self._chosen)
        self.layout_.addWidget(self.choice)
        self.layout_.addWidget(label(tr("Times on every page are in this zone. A meter that "
                                        "states its zone (GB smart meters do) overrides it."),
                                     name="muted", wrap=True))

    def _chosen(self, index: int) -> None:
        self._set_zone(self.choice.itemData(index))
