"""One line saying who supplies the home and how to reach them, from the meter (Device
Management), shown where a person looks for "who do I call": Messages and Balance."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel

from ihd.i18n import tr
from ihd.ui.state import DisplayState
from ihd.ui.widgets import label


def supplier_words(state: DisplayState) -> str:
    supplier = state.supplier
    if supplier is None or not (supplier.name or supplier.contact):
        return ""
    words = (tr("Your supplier: {name}, {contact}").format(name=supplier.name,
                                                           contact=supplier.contact)
             if supplier.contact else tr("Your supplier: {name}").format(name=supplier.name))
    if supplier.next_name:
        when = (f"{state.local(supplier.next_from).day} {state.local(supplier.next_from):%b}"
                if supplier.next_from is not None else "")
        nxt = (tr("From {day} your supplier is {name}").format(day=when, name=supplier.next_name)
               if when else tr("Your supplier is changing to {name}").format(
                   name=supplier.next_name))
        if supplier.next_contact:
            nxt += f", {supplier.next_contact}"
        words += "\n" + nxt
    return words


class SupplierLine(QObject):
    """A label kept up to date with `supplier_words`; hidden while the meter says nothing.

    A QObject owned by its label, so that Qt cuts the state's connection when the page
    goes: the state outlives pages (a language or theme change builds new ones).
    """

    def __init__(self, state: DisplayState) -> None:
        self.label: QLabel = label("", wrap=True)
        super().__init__(self.label)
        self.state = state
        self.label.setAccessibleName(tr("Your supplier"))
        self.label.hide()
        state.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        words = supplier_words(self.state)
        self.label.setText(words)
        self.label.setVisible(bool(words))
