"""Who supplies the home, from the meter: Device Management's Provider Name and Contact
Details, and PublishChangeOfSupplier, as ami.xml lays them out, through the virtual HAN
(checked by Wireshark) and on the screen where a person looks for who to call."""

from __future__ import annotations

import asyncio
import struct
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bridge.model import Supplier
from bridge.se.decode import SEDecodeError, parse_frame
from bridge.se.supplier import change_of_supplier_fields, supplier_fields
from bridge.se.vocabulary import DeviceManagement
from bridge.sources.sim import SimSource
from ihd.controller import Controller
from ihd.ui.main_window import MainWindow
from ihd.ui.state import DisplayState
from tests.ihd.ui.conftest import wait_until
from tests.tshark_util import TSHARK, dissect_file

NOW = datetime(2026, 1, 20, 18, 5, tzinfo=UTC)
SWITCH = datetime(2026, 2, 1, tzinfo=UTC)
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)

# Built by hand in ami.xml's order: current provider, issuer event, tariff type, proposed
# provider, implementation time, change control, name and contact (octet strings).
CHANGE_OF_SUPPLIER = bytes([0x19, 3, 0x01]) + struct.pack(
    "<IIBIII", 0xABCD, 9, 0x00, 0x1234, int((SWITCH - EPOCH).total_seconds()), 0) \
    + b"\x0bNew Energy." + b"\x0d0800 111 2222"


def test_a_change_of_supplier_frame_parses_in_ami_xml_order():
    hdr, cmd = parse_frame(DeviceManagement.cluster_id, CHANGE_OF_SUPPLIER)
    assert hdr.command_id == DeviceManagement.ClientCommandDefs.publish_change_of_supplier.id
    assert change_of_supplier_fields(cmd) == {
        "provider_id": 0xABCD, "next_provider_id": 0x1234, "next_name": "New Energy.",
        "next_contact": "0800 111 2222", "next_from": SWITCH}
    with pytest.raises(SEDecodeError):
        parse_frame(DeviceManagement.cluster_id, CHANGE_OF_SUPPLIER[:-3])


def test_provider_attributes():
    ids = {a.name: a.id for a in DeviceManagement.attributes.values()}
    fields = supplier_fields({ids["provider_id"]: 7, ids["provider_name"]: b"Acme Power ",
                              ids["provider_contact_details"]: b"0800 1"})
    assert fields == {"provider_id": 7, "name": "Acme Power", "contact": "0800 1"}


async def test_the_hub_names_the_supplier_and_announces_a_new_one(qtbot, tmp_path: Path):
    pcap = tmp_path / "dm.pcap"
    source = SimSource(seed=1, speed=60, start=NOW, pcap=pcap)
    state = DisplayState(speed=60)
    controller = Controller(state, None, flush_s=0.2)
    window = MainWindow(state, send_top_up=controller.top_up,
                        confirm=controller.confirm_message, load_series=controller.load_series,
                        choose_demo=lambda: None, set_budget=lambda m: None, now=controller.now)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    seen: list[Supplier] = []
    stream = source.subscribe()

    async def collect() -> None:
        async for update in stream:
            if isinstance(update, Supplier):
                seen.append(update)

    task = asyncio.create_task(collect())
    await controller.attach(source)
    try:
        await wait_until(lambda: state.supplier is not None)
        supplier = state.supplier
        assert supplier is not None
        assert (supplier.name, supplier.contact) == ("OpenIHD Energy", "0800 000 0123")
        window.show_page("messages")
        line = window.pages["messages"].supplier_line.label  # type: ignore[attr-defined]
        await wait_until(line.isVisible)
        assert line.text() == "Your supplier: OpenIHD Energy, 0800 000 0123"
        source.homes[0].announce_change_of_supplier(SWITCH, provider_id=0x1234,
                                                    name="New Energy", contact="0800 111 2222")
        await wait_until(lambda: state.supplier is not None and bool(state.supplier.next_name))
        await wait_until(lambda: "New Energy" in line.text())
        assert line.text().splitlines()[1] == ("From 1 Feb your supplier is New Energy, "
                                               "0800 111 2222")
        balance_line = window.pages["balance"].supplier_line.label  # type: ignore[attr-defined]
        assert balance_line.text() == line.text()
    finally:
        await controller.stop()
        task.cancel()
    assert seen[-1].next_from == SWITCH
    if TSHARK is None:  # no tshark here: the wire check is skipped, not faked
        return
    packets = dissect_file(pcap)
    assert not [p for p in packets if "_ws.malformed" in p or "_ws.expert" in p]
    fields: dict[str, list[str]] = {}
    for p in packets:
        for name, values in p.items():
            fields.setdefault(name.rsplit(".", 1)[-1], []).extend(values)
    # Wireshark reads the announcement as we sent it.
    assert fields["provider_proposed_provider_name"] == ["New Energy"]
    assert fields["provider_proposed_provider_contact_details"] == ["0800 111 2222"]
    assert fields["proposed_provider_id"] == ["0x00001234"]
