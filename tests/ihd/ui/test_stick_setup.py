"""Settings → A Zigbee stick, as a person uses it, against a scripted Silicon Labs stick
on a pseudo-terminal (bellows' real serial/ASH/EZSP stack on our side): the stick is
found and said in words, a mistyped install code is caught before the radio is touched,
and the join goes searching → joining → authenticating → connected, or says why not."""

from __future__ import annotations

from PySide6.QtCore import Qt

from bridge.han.join.session import JoinTimeouts
from bridge.han.radio.probe import probe_sticks
from ihd import stick_setup
from ihd.ui.stick_card import StickCard
from tests.bridge.han.join.ezsp_peer import EzspPeer, MeterScript
from tests.ihd.ui.conftest import wait_until

INSTALL_CODE = "83FED3407A939723A5C639B26916D505C3B5"  # ZigBee's published test vector
LINK_KEY = bytes.fromhex("66B6900981E1EE3CA4206B6B861C02BB")
FAST = JoinTimeouts(scan_duration_exp=0, join=2.0, response=2.0, announced_cap=0.0,
                    ncp_crypto=2.0)


def tap(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


async def _card(qtbot, peer, used: list[object], seen: list[str] | None = None):
    async def use(stick):
        used.append(stick)

    def join(stick, code, on_status):
        def said(status):
            if seen is not None:
                seen.append(status.detail)
            on_status(status)
        return stick_setup.join_meter(stick, code, said, timeouts=FAST)

    card = StickCard(find=lambda: probe_sticks([peer.path], timeout=10), join=join,
                     use_coordinator=use)
    qtbot.addWidget(card)
    card.show()
    tap(qtbot, card.find_button)
    await wait_until(lambda: card.found.count() == 1, seconds=30)
    return card


async def test_found_joined_and_authenticated(qtbot):
    seen: list[str] = []
    async with EzspPeer(MeterScript(link_key=LINK_KEY)) as peer:
        card = await _card(qtbot, peer, [], seen)
        assert card.found.item(0).text().startswith(f"Silicon Labs EZSP stick on {peer.path}"
                                                    " — can join a smart meter's network")
        assert card.join_button.isEnabled()
        card.install_code.setText(INSTALL_CODE)
        tap(qtbot, card.join_button)
        await wait_until(lambda: card.progress.text().startswith(("✔", "⚠")), seconds=30)
    assert card.progress.text() == ("✔ Joined your smart meter's network and exchanged "
                                    "keys with it.")
    assert seen[0] == ("This stick is 00:0d:6f:00:0a:bc:de:f0. Your supplier registers it "
                       "with this number and its install code.")
    assert peer.ncp.link_key_stored is True


async def test_a_mistyped_install_code_is_caught_before_the_radio_is_used(qtbot):
    async with EzspPeer(MeterScript(link_key=LINK_KEY)) as peer:
        card = await _card(qtbot, peer, [])
        before = len(peer.names())
        card.install_code.setText(INSTALL_CODE[:-1] + "4")  # last CRC digit wrong
        tap(qtbot, card.join_button)
        await wait_until(lambda: card.progress.text().startswith("⚠"), seconds=10)
        assert len(peer.names()) == before  # not one command sent
    assert "install code" in card.progress.text().lower()
    assert card.join_button.isEnabled()  # can try again


async def test_the_meter_refusing_is_said_in_words(qtbot):
    script = MeterScript(link_key=LINK_KEY, on_initiate=("terminate", 1, 30))
    async with EzspPeer(script) as peer:
        card = await _card(qtbot, peer, [])
        card.install_code.setText(INSTALL_CODE)
        tap(qtbot, card.join_button)
        await wait_until(lambda: card.progress.text().startswith(("✔", "⚠")), seconds=30)
    assert card.progress.text() == ("⚠ Not joined: the meter refused key establishment")


async def test_a_stick_without_a_certificate_offers_the_demo_meter_only(qtbot):
    from bridge.han.join.certificates import Suite

    used: list[object] = []
    script = MeterScript(link_key=LINK_KEY, suite_certs={Suite.CBKE_283K1: None,
                                                         Suite.CBKE_163K1: None})
    async with EzspPeer(script) as peer:
        card = await _card(qtbot, peer, used)
        assert "no Smart Energy certificate" in card.found.item(0).text()
        assert not card.join_button.isEnabled() and not card.install_code.isEnabled()
        assert card.coordinator_button.isEnabled()
        tap(qtbot, card.coordinator_button)
        await wait_until(lambda: card.progress.text().startswith(("✔", "⚠")))
    assert [getattr(s, "port", None) for s in used] == [peer.path]


async def test_nothing_plugged_in(qtbot):
    async def nothing():
        return []

    card = StickCard(find=nothing, join=stick_setup.join_meter,
                     use_coordinator=nothing)  # type: ignore[arg-type]
    qtbot.addWidget(card)
    tap(qtbot, card.find_button)
    await wait_until(lambda: "No Zigbee stick answered" in card.progress.text())
    assert not card.join_button.isEnabled() and not card.coordinator_button.isEnabled()


async def test_after_the_join_the_display_shows_the_meter_through_the_stick(qtbot):
    """The whole path a household takes: find, join, and then live readings on screen
    from the simulated GB home behind the scripted stick (comms hub as trust centre)."""
    from bridge.model import GBP, Fuel, Money
    from ihd.controller import Controller
    from ihd.ui.state import DisplayState
    from tests.bridge.han.join.test_device_app import gb_home

    air, home, script = gb_home()
    state = DisplayState(daily_budget=Money.of("3.00", GBP))
    controller = Controller(state, None)
    async with EzspPeer(script) as peer:
        peer.ncp.attach_air(air)
        home.start()

        def join(stick, code, on_status):
            return stick_setup.join_meter(stick, code, on_status, timeouts=FAST,
                                          follow=controller.attach)

        async def nothing(_stick):
            return None

        card = StickCard(find=lambda: probe_sticks([peer.path], timeout=10), join=join,
                         use_coordinator=nothing)
        qtbot.addWidget(card)
        tap(qtbot, card.find_button)
        await wait_until(lambda: card.found.count() == 1, seconds=30)
        card.install_code.setText(INSTALL_CODE)
        tap(qtbot, card.join_button)
        await wait_until(lambda: card.progress.text().startswith(("✔", "⚠")), seconds=30)
        assert card.progress.text().startswith("✔ Joined"), card.progress.text()
        await wait_until(lambda: state.electricity is not None
                         and state.electricity.demand_kw is not None, seconds=15)
        assert {m.fuel for m in state.meters} == {Fuel.ELECTRICITY, Fuel.GAS}
        assert controller.source is not None
        assert controller.source.name.endswith("(joined to the meter)")
        await home.stop()
        await controller.stop()
