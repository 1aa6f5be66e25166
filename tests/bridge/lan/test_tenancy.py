"""A change of tenancy on the bridge: once it takes effect, the journal, the snapshot and
the meter's log that a display can get start at the new household; the previous
occupier's 30 days are gone from the bridge."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp

from bridge.codec import from_json
from bridge.lan.service import open_pairing, serve
from bridge.model import MeterReading, TenancyChangeControl
from bridge.sources.bridge_client import pair_with_bridge
from bridge.sources.sim import SimSource

EVENING = datetime(2026, 1, 14, 18, tzinfo=UTC)


def _insecure() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


async def _until(check: Callable[[], bool], seconds: float) -> None:
    for _ in range(int(seconds * 10)):
        if check():
            return
        await asyncio.sleep(0.1)
    raise AssertionError("not within the time")


async def _get(url: str, token: str, **params: str) -> dict:
    async with aiohttp.ClientSession() as session, session.get(
            url, params=params, headers={"Authorization": f"Bearer {token}"},
            ssl=_insecure()) as rsp:
        assert rsp.status == 200, await rsp.text()
        return await rsp.json()


async def test_a_display_paired_after_a_change_of_tenancy_sees_nothing_from_before(
        tmp_path: Path) -> None:
    source = SimSource(seed=7, speed=60, homes=1, start=EVENING, solar=False)
    await source.start()
    running = await serve(source, state_dir=tmp_path / "state", host="127.0.0.1", port=0,
                          advertise=False)
    url = f"https://127.0.0.1:{running.port}"
    try:
        home = source.homes[0]
        await _until(lambda: home.hub.server(1, 0x0708).bound, 20)  # publishes to bound
        journal = running.server.journal

        def journalled(after: datetime | None) -> bool:
            """A reading of this home's in the journal (from `after` on, if given)."""
            return any(isinstance(u, MeterReading) and (after is None or u.timestamp >= after)
                       for u in (from_json(body) for _, body in journal.since("home-1", 0)))

        # The previous occupier's readings are journalled (waited for, not a fixed 2 s).
        await _until(lambda: journalled(None), 30)
        effective = (home.clock.now() + timedelta(minutes=3)).replace(microsecond=0)
        home.announce_change_of_tenancy(effective, int(
            TenancyChangeControl.CLEAR_IHD_DATA_CONSUMER))
        await _until(lambda: "home-1" in running.server.household_since, 30)
        assert running.server.household_since["home-1"] == effective
        await _until(lambda: journalled(effective), 30)  # the new household's first readings
        open_pairing(running, source)
        pairing = await pair_with_bridge(url, running.pins["home-1"], "new tenant",
                                         running.identity.fingerprint)

        updates = (await _get(f"{url}/api/v1/updates", pairing.token, since="0"))["updates"]
        readings = [u for u in (from_json(e["update"]) for e in updates)
                    if isinstance(u, MeterReading)]
        assert readings and all(r.timestamp >= effective for r in readings)
        snapshot = await _get(f"{url}/api/v1/snapshot", pairing.token)
        first_seq = updates[0]["seq"]
        assert all(e["seq"] >= first_seq for e in snapshot["updates"])
        profile = await _get(f"{url}/api/v1/profile", pairing.token,
                             since=(EVENING - timedelta(days=7)).isoformat())
        intervals = [from_json(i) for i in profile["intervals"]]
        assert all(r.timestamp > effective for r in intervals)  # half hours ending after it
    finally:
        await running.stop()
        await source.stop()

    # After a restart the bridge still knows when this household began.
    running = await serve(source, state_dir=tmp_path / "state", host="127.0.0.1", port=0,
                          advertise=False)
    try:
        assert running.server.household_since["home-1"] == effective
    finally:
        await running.stop()


async def test_a_bridge_restarted_before_the_change_takes_effect_still_acts_on_it(
        tmp_path: Path) -> None:
    source = SimSource(seed=8, speed=60, homes=1, start=EVENING, solar=False)
    await source.start()
    state = tmp_path / "state"
    running = await serve(source, state_dir=state, host="127.0.0.1", port=0,
                          advertise=False)
    try:
        home = source.homes[0]
        await _until(lambda: home.hub.server(1, 0x0708).bound, 20)
        effective = (home.clock.now() + timedelta(minutes=8)).replace(microsecond=0)
        home.announce_change_of_tenancy(effective, int(
            TenancyChangeControl.CLEAR_IHD_DATA_CONSUMER))
        await _until(lambda: running.journal.tenancies_due().get("home-1") == effective, 20)
        await running.stop()  # restarted while the change is still to come
        running = await serve(source, state_dir=state, host="127.0.0.1", port=0,
                              advertise=False)
        await _until(lambda: running.server.household_since.get("home-1") == effective, 30)
        await asyncio.sleep(0.5)
        assert running.journal.tenancies_due() == {}
    finally:
        await running.stop()
        await source.stop()
