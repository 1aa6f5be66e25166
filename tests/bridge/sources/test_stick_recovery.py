"""A Zigbee stick pulled out mid-run and put back: the source says so in words, keeps its
subscribers, reopens the stick (which rejoins from its own memory) and the meter data
and commands flow again, with no restart of the display or the bridge.

The joined stick runs bellows' real serial/ASH/EZSP stack against the scripted NCP on a
pty: "pulled out" is the pty's far end closing, which bellows notices by itself. The
coordinator stick runs on the virtual radio, which reports the loss the way zigpy radio
libraries do (`connection_lost`)."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from datetime import UTC, datetime
from pathlib import Path

from bridge.han.join.ncp import SeNcp
from bridge.han.join.session import JoinSession
from bridge.model import (
    ConnectionState,
    Fuel,
    MeterReading,
    SourceStatus,
    TopUpCode,
    TopUpResultCode,
)
from bridge.sim.clock import SimClock
from bridge.sim.home import SimHome
from bridge.sim.radio import VirtualAir, register_air, unregister_air
from bridge.sim.utrn import make_utrn
from bridge.sources.joined_stick import JoinedStickSource
from bridge.sources.zigbee_stick import VIRTUAL, ZigbeeStickSource
from tests.bridge.han.join.ezsp_peer import EzspPeer
from tests.bridge.han.join.test_device_app import WINDOW, collect, first_of_each, gb_home
from tests.bridge.han.join.test_session import FAST, INSTALL_CODE

EVENING = datetime(2026, 1, 14, 18, 0, tzinfo=UTC)


def lost(update: object) -> bool:
    return (isinstance(update, SourceStatus) and update.meter is None
            and update.state == ConnectionState.DISCONNECTED)


def source_connected(update: object) -> bool:
    return (isinstance(update, SourceStatus) and update.meter is None
            and update.state == ConnectionState.CONNECTED)


async def test_a_joined_stick_pulled_out_and_put_back_is_reopened(tmp_path: Path) -> None:
    air, home, script = gb_home()
    port = tmp_path / "ttyUSB0"  # like /dev/serial/by-id/…: the same name when put back
    first = EzspPeer(script)
    await first.__aenter__()
    first.ncp.attach_air(air)
    port.symlink_to(first.path)
    ncp = await SeNcp.open({"path": str(port)})
    result = await JoinSession(ncp, INSTALL_CODE, timeouts=FAST).run()
    assert result.connected, result.message
    source = JoinedStickSource({"path": str(port)}, ncp=ncp,
                               trust_centre_ieee=result.meter_certificate.subject_eui64,
                               match_window_s=WINDOW, request_timeout_s=1.0)
    source.reopen_backoff_s = (0.2, 0.4)
    stream = source.subscribe()
    second: EzspPeer | None = None
    try:
        await source.start()
        elec = next(m for m in source.meters if m.fuel == Fuel.ELECTRICITY)
        await collect(stream, lambda u: isinstance(u, MeterReading) and u.meter == elec)

        await first.__aexit__(None, None, None)  # pulled out
        gone = await collect(stream, lost, wait_s=5)
        assert gone.detail.startswith("Lost the stick (")
        assert gone.detail.endswith("Trying to reopen it…")
        # While it is out, each attempt says why it failed; the stream stays open.
        retry = await collect(stream, lost, wait_s=5)
        assert "Trying again in" in retry.detail

        second = EzspPeer(script)  # put back: the same NCP, its NVM still joined
        second.ncp.joined = True
        await second.__aenter__()
        second.ncp.attach_air(air)
        port.unlink()
        port.symlink_to(second.path)
        back = await first_of_each(stream, {
            "connected": source_connected,
            "reading": lambda u: isinstance(u, MeterReading) and u.meter == elec},
            wait_s=10)
        after = back["reading"]
        assert after.energy_delivered_kwh is not None
        assert "networkInit" in second.names()  # rejoined from NVM, no new join or CBKE
        assert "joinNetwork" not in second.names()
        # Commands go through the reopened stick.
        code = TopUpCode.parse(make_utrn(elec.eui64, 5, counter=3))
        assert (await source.top_up(elec, code)).result is TopUpResultCode.ACCEPTED
        assert len(home.account.top_up_log) == 1
    finally:
        await source.stop()
        if second is not None:
            await second.__aexit__(None, None, None)
    async with asyncio.timeout(2):  # the subscriber's stream ended only at stop()
        while await stream.get() is not None:
            pass
    assert not [t for t in threading.enumerate() if t.name.startswith("bellows")]


@contextlib.asynccontextmanager
async def trial_site(name: str, backoff_s: tuple[float, float]):
    """A coordinator stick on the virtual radio with a simulated home on its network."""
    air = VirtualAir()
    home = SimHome(air, SimClock(start=EVENING, speed=60), seed=3, solar=False)
    path = register_air(name, air)
    source = ZigbeeStickSource(VIRTUAL, path, discovery_timeout_s=10)
    source.reopen_backoff_s = backoff_s
    stream = source.subscribe()
    try:
        await source.start()
        home.start()
        yield air, source, stream
    finally:
        await home.stop()
        await asyncio.wait_for(source.stop(), 5)
        unregister_air(name)


async def test_a_coordinator_stick_pulled_out_and_put_back_is_reopened() -> None:
    async with trial_site("recovery-site", (0.1, 0.2)) as (air, source, stream):
        await collect(stream, lambda u: isinstance(u, MeterReading), wait_s=10)

        air.pull_stick()
        gone = await collect(stream, lost)
        assert gone.detail == ("Lost the stick (virtual radio unplugged). "
                               "Trying to reopen it…")
        refused = await collect(stream, lost)
        assert "is unplugged" in refused.detail
        assert source.meters == ()  # nothing pretends to be read meanwhile

        air.plug_back()
        back = await first_of_each(stream, {
            "connected": source_connected,
            "reading": lambda u: isinstance(u, MeterReading)}, wait_s=10)
        assert {m.fuel for m in source.meters} == {Fuel.ELECTRICITY, Fuel.GAS}
        assert back["reading"].origin == "virtual:virtual://recovery-site"


async def test_a_stop_while_the_stick_is_out_ends_the_retries() -> None:
    async with trial_site("recovery-stop", (0.05, 0.05)) as (air, _source, stream):
        air.pull_stick()
        await collect(stream, lost)
    air.plug_back()
    await asyncio.sleep(0.2)
    assert air.app is None  # no retry reopened the stick after the stop
    assert all(t.get_name() != "zigbee-stick-recovery" for t in asyncio.all_tasks())
