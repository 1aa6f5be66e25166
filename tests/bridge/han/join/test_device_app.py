"""Join + CBKE, then the HAN client on the joined stick — all through bellows' real
serial/ASH/EZSP stack on a pty. Behind the scripted NCP sits a simulated GB home (ESME, and
the comms hub with the gas mirror as the trust centre at 0x0000, as in GB); see ezsp_peer.py
for what the peer plays and what it does not (no encryption is applied)."""

import asyncio
import time
from datetime import UTC, datetime
from decimal import Decimal

import bellows.types as bt
import pytest
import zigpy.exceptions
import zigpy.types as t

from bridge.han.join.certificates import Suite
from bridge.han.join.device_app import EzspDeviceApplication
from bridge.han.join.ncp import SeNcp
from bridge.han.join.session import JoinSession
from bridge.han.se_profile import with_smart_energy
from bridge.model import (
    ConnectionState,
    Fuel,
    MeterReading,
    PrepaymentState,
    Price,
    SourceStatus,
    TopUpCode,
    TopUpResultCode,
)
from bridge.sim.clock import SimClock
from bridge.sim.home import SimHome
from bridge.sim.radio import VirtualAir
from bridge.sim.utrn import make_utrn
from bridge.sources.base import SourceError
from bridge.sources.joined_stick import JoinedStickSource, device_app_config
from tests.bridge.han.join.ezsp_peer import (
    STICK_EUI64,
    STICK_NWK,
    EzspPeer,
    MeterScript,
    _be,
    cert_283k1,
)
from tests.bridge.han.join.test_session import FAST, INSTALL_CODE, LINK_KEY

EVENING = datetime(2026, 1, 14, 18, 0, tzinfo=UTC)
WINDOW = 0.3  # Match Descriptor answers gathered for this long (real sticks: seconds)


def gb_home(seed=1):
    air = VirtualAir()
    home = SimHome(air, SimClock(start=EVENING), seed=seed, solar=False)
    # In GB the comms hub is coordinator and trust centre: it answers at NWK 0x0000.
    del air.nodes[home.hub.nwk]
    home.hub.nwk = 0x0000
    air.add_node(home.hub)
    hub = t.EUI64.convert(home.hub_eui64)
    script = MeterScript(link_key=LINK_KEY, tc_eui64=hub,
                         meter_certs={Suite.CBKE_283K1: cert_283k1(_be(hub))})
    return air, home, script


async def joined_ncp(peer):
    ncp = await SeNcp.open({"path": peer.path})
    try:
        result = await JoinSession(ncp, INSTALL_CODE, timeouts=FAST).run()
    except BaseException:
        await ncp.close()
        raise
    assert result.connected, result.message
    return ncp, result


async def collect(stream, predicate, wait_s=5.0):
    async with asyncio.timeout(wait_s):
        while True:
            update = await stream.get()
            assert update is not None, "source stopped"
            if predicate(update):
                return update


async def first_of_each(stream, wanted, wait_s=5.0):
    """The first update matching each predicate, in whatever order they come."""
    seen = {}
    async with asyncio.timeout(wait_s):
        while len(seen) < len(wanted):
            update = await stream.get()
            assert update is not None, "source stopped"
            for name, predicate in wanted.items():
                if name not in seen and predicate(update):
                    seen[name] = update
    return seen


@pytest.mark.parametrize("version", [13, 18])
async def test_join_then_meter_data_and_a_top_up_through_the_joined_stick(version):
    air, home, script = gb_home()
    async with EzspPeer(script, version=version) as peer:
        peer.ncp.attach_air(air)
        ncp, result = await joined_ncp(peer)
        joined_at = datetime.now(UTC)
        resets = peer.names().count("version")
        source = JoinedStickSource({"path": peer.path}, ncp=ncp,
                                   trust_centre_ieee=result.meter_certificate.subject_eui64,
                                   match_window_s=WINDOW)
        stream = source.subscribe()
        await source.start()
        try:
            fuels = {m.fuel: m for m in source.meters}
            assert set(fuels) == {Fuel.ELECTRICITY, Fuel.GAS}
            elec, gas = fuels[Fuel.ELECTRICITY], fuels[Fuel.GAS]
            assert elec.eui64 == home.esme_eui64
            assert (gas.eui64, gas.endpoint) == (home.hub_eui64, 0x7B)  # found, not assumed
            seen = await first_of_each(stream, {
                "electricity": lambda u: isinstance(u, MeterReading) and u.meter == elec,
                "gas": lambda u: isinstance(u, MeterReading) and u.meter == gas,
                "price": lambda u: isinstance(u, Price) and u.meter == elec,
                "prepayment": lambda u: isinstance(u, PrepaymentState)})
            first_reading_s = (min(seen["electricity"].timestamp, seen["gas"].timestamp)
                               - joined_at).total_seconds()
            assert seen["electricity"].energy_delivered_kwh is not None
            assert seen["gas"].energy_delivered_kwh is not None
            assert seen["price"].unit_price.amount > 0
            before = seen["prepayment"]

            code = TopUpCode.parse(make_utrn(elec.eui64, 10, counter=42))
            top_up = await source.top_up(elec, code)
            assert top_up.result is TopUpResultCode.ACCEPTED
            assert top_up.value is not None and top_up.value.amount == Decimal("10.00")
            assert len(home.account.top_up_log) == 1  # the simulated meter took it
            after = await collect(stream, lambda u: isinstance(u, PrepaymentState) and
                                  u.credit_remaining.amount > before.credit_remaining.amount)
            gained = after.credit_remaining.amount - before.credit_remaining.amount
            assert Decimal("9.90") <= gained <= Decimal("10.00")  # a little use meanwhile
        finally:
            await source.stop()
    print(f"\nEZSP v{version}: join+CBKE {result.elapsed_s * 1000:.0f} ms, "
          f"first reading {first_reading_s * 1000:.0f} ms after the join")
    assert first_reading_s < 5.0

    unicasts = [a for n, a in peer.ncp.received if n == "sendUnicast"]
    options = [((a.get("apsFrame") or a.get("aps_frame")).profileId,
                (a.get("apsFrame") or a.get("aps_frame")).clusterId,
                (a.get("apsFrame") or a.get("aps_frame")).options) for a in unicasts]
    encrypted = bt.EmberApsOption.APS_OPTION_ENCRYPTION
    # SE clusters went APS-encrypted through the app; ZDO and Key Establishment did not.
    se = [o for p, c, o in options if p == 0x0109 and c != 0x0800]
    assert se and all(encrypted in o for o in se)
    assert all(encrypted not in o for p, c, o in options if p == 0 or c == 0x0800)
    # The meters were found by one Match Descriptor broadcast for Metering.
    (broadcast,) = [a for n, a in peer.ncp.received if n == "sendBroadcast"]
    aps = broadcast.get("apsFrame") or broadcast.get("aps_frame")
    assert (aps.profileId, aps.clusterId) == (0, 0x0006)
    assert peer.names().count("version") == resets  # adopted: no reset, no renegotiation


@pytest.mark.parametrize("ncp_knows_tc", [True, False])
async def test_a_stick_joined_earlier_is_opened_afresh_and_rejoins_from_its_nvm(ncp_knows_tc):
    air, _home, script = gb_home()
    script.ncp_knows_tc = ncp_knows_tc  # False: the trust centre's EUI64 comes from ZDO
    async with EzspPeer(script) as peer:
        peer.ncp.attach_air(air)
        ncp, _result = await joined_ncp(peer)
        await ncp.close()
        app = with_smart_energy(EzspDeviceApplication)(
            device_app_config({"path": peer.path}), match_window_s=WINDOW)
        await app.startup(auto_form=False)
        try:
            assert app.state.node_info.nwk == STICK_NWK
            assert app.state.node_info.ieee == STICK_EUI64
            assert app.state.network_info.pan_id == 0x1A62
            assert app.state.network_info.channel == 11
            tc = app.get_device(nwk=0x0000)
            assert str(tc.ieee) == _home.hub_eui64
            assert str(app.get_device(nwk=_home.esme.nwk).ieee) == _home.esme_eui64
        finally:
            await app.shutdown()
    names = peer.names()
    since_reset = names[len(names) - names[::-1].index("version"):]
    # EZSP forgets endpoints at a reset: ours again, then the network back from NVM
    assert since_reset.index("addEndpoint") < since_reset.index("networkInit")
    asked_tc = [a for n, a in peer.ncp.received if n == "sendUnicast"
                and (a.get("apsFrame") or a.get("aps_frame")).clusterId == 0x0001
                and (a.get("indexOrDestination", a.get("nwk"))) == 0x0000]
    assert len(asked_tc) == (0 if ncp_knows_tc else 1)  # IEEE_addr_req to the TC


async def test_a_stick_that_never_joined_is_told_in_words():
    air, _home, script = gb_home()
    async with EzspPeer(script) as peer:
        peer.ncp.attach_air(air)
        source = JoinedStickSource({"path": peer.path}, match_window_s=WINDOW)
        with pytest.raises(SourceError, match="the stick has not joined a meter's network "
                                              "yet"):
            await source.start()
        await source.stop()
        app = with_smart_energy(EzspDeviceApplication)(device_app_config({"path": peer.path}))
        with pytest.raises(zigpy.exceptions.NetworkNotFormed):
            await app.startup(auto_form=False)


async def test_a_joined_stick_that_cannot_get_back_on_the_network_is_told_in_words():
    air, _home, script = gb_home()
    async with EzspPeer(script) as peer:
        peer.ncp.attach_air(air)
        ncp, _result = await joined_ncp(peer)
        await ncp.close()
        script.join_answers = False  # the meter is off or out of range
        source = JoinedStickSource({"path": peer.path}, request_timeout_s=0.5)
        with pytest.raises(SourceError, match="could not get back onto the meter's network "
                                              r"within 0\.5 s — is the meter in range"):
            await source.start()
        await source.stop()


async def test_a_stick_that_does_not_answer_is_told_in_words():
    async with EzspPeer(None, answer=False) as peer:
        started = time.monotonic()
        source = JoinedStickSource({"path": peer.path}, open_timeout_s=1.0)
        with pytest.raises(SourceError, match="is not answering"):
            await source.start()
        assert time.monotonic() - started < 2.0
        await source.stop()


async def test_failed_delivery_is_a_delivery_error_and_the_clients_words():
    air, home, script = gb_home()
    async with EzspPeer(script) as peer:
        peer.ncp.attach_air(air)
        ncp, result = await joined_ncp(peer)
        source = JoinedStickSource({"path": peer.path}, ncp=ncp, request_timeout_s=1.0,
                                   trust_centre_ieee=result.meter_certificate.subject_eui64,
                                   match_window_s=WINDOW)
        stream = source.subscribe()
        await source.start()
        try:
            elec = next(m for m in source.meters if m.fuel is Fuel.ELECTRICITY)
            await collect(stream, lambda u: isinstance(u, SourceStatus)
                          and u.state is ConnectionState.CONNECTED)
            air.unplugged = True  # the ESME is out of reach: no APS ACK comes back
            metering = source.han._state(elec).endpoint.metering
            with pytest.raises(zigpy.exceptions.DeliveryError,
                               match="not delivered to 0x3A71: ZIGBEE_DELIVERY_FAILED"):
                await metering.read_attributes([0x0000], allow_cache=False)
            with pytest.raises(SourceError, match=r"The meter did not answer \(get interval "
                                                  r"data\)\."):
                await source.backfill(elec, EVENING)
            code = TopUpCode.parse(make_utrn(elec.eui64, 5, counter=7))
            assert (await source.top_up(elec, code)).result is TopUpResultCode.NO_ANSWER
            assert home.account.top_up_log == []
        finally:
            await source.stop()
