"""Friendly credit crosses the LAN bridge: a paired display's snapshot has the meter's
friendly-credit calendar (a kind of update of its own, never mistaken for the time-of-use
calendar) and the prepayment state's friendly-credit fields, and its BridgeClientSource
hands both to the display as the model objects they were. Real TLS on loopback."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from zoneinfo import ZoneInfo

from bridge.codec import from_json
from bridge.model import FriendlyCreditCalendar, PrepaymentState, TariffCalendar
from bridge.sources.bridge_client import BridgeClientSource, pair_with_bridge
from tests.bridge.lan.test_bridge_lan import EVENING, _call, bridge

__all__ = ["bridge"]  # the fixture, shared with the bridge's main tests
LONDON = ZoneInfo("Europe/London")


async def test_friendly_credit_reaches_a_paired_display(bridge):
    _source, running, url = bridge
    pairing = await pair_with_bridge(url, running.pins["home-1"], "d",
                                     running.identity.fingerprint)
    token = {"Authorization": f"Bearer {pairing.token}"}
    async with asyncio.timeout(20):  # the HAN client asks for the calendars after set-up
        while True:
            _status, body = await _call("GET", f"{url}/api/v1/snapshot", headers=token)
            kinds = {item["update"]["type"] for item in body["updates"]}
            if {"FriendlyCreditCalendar", "TariffCalendar", "PrepaymentState"} <= kinds:
                break
            await asyncio.sleep(0.2)
    by_type = {item["update"]["type"]: from_json(item["update"]) for item in body["updates"]}
    friendly = by_type["FriendlyCreditCalendar"]
    assert isinstance(friendly, FriendlyCreditCalendar)
    assert isinstance(by_type["TariffCalendar"], TariffCalendar)  # both kept, apart
    # Wednesday 14 January 2026, 18:00: in the evening's friendly hours, to 10:00.
    period = friendly.period_at(EVENING, LONDON)
    assert period is not None and period[1].astimezone(LONDON).hour == 10
    prepay = by_type["PrepaymentState"]
    assert isinstance(prepay, PrepaymentState)
    assert prepay.friendly_credit_in_use is False and prepay.next_friendly_credit is not None

    display = BridgeClientSource(pairing)
    stream = display.subscribe()
    await display.start()
    try:
        async with asyncio.timeout(15):
            while not isinstance(update := await stream.get(), FriendlyCreditCalendar):
                pass
        assert update == friendly
        assert update.next_period(EVENING, LONDON) == friendly.next_period(EVENING, LONDON)
        assert update.periods(EVENING, EVENING + timedelta(days=7), LONDON)
    finally:
        await display.stop()
