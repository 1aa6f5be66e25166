"""A HAN client whose meters report on time sleeps between reports: the staleness watcher
wakes at the first moment a meter could be stale, not on a one-second tick, and still
says at once when a frame is refused."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from bridge.model import ConnectionState, SourceStatus
from bridge.sources.sim import SimSource

EVENING = datetime(2026, 1, 14, 18, 0, tzinfo=UTC)


async def test_an_idle_han_at_real_speed_arms_no_timer_within_five_seconds():
    source = SimSource(seed=3, speed=1, start=EVENING, solar=False)
    await source.start()
    loop = asyncio.get_running_loop()
    armed: list[tuple[float, str]] = []
    call_at = loop.call_at

    def recording(when: float, callback: Callable[..., Any], *args: Any,
                  **kwargs: Any) -> asyncio.TimerHandle:
        armed.append((when - loop.time(), repr(callback)))
        return call_at(when, callback, *args, **kwargs)

    try:
        await asyncio.sleep(0.3)  # set-up's own requests are answered
        idle: asyncio.Future[None] = loop.create_future()
        loop.call_later(2.5, idle.set_result, None)  # armed before recording starts
        loop.call_at = recording  # type: ignore[method-assign]
        await idle
        loop.call_at = call_at  # type: ignore[method-assign]
        early = [(round(delay, 2), what) for delay, what in armed if delay < 5.0]
        assert not early, early
        assert len(source.meters) == 2  # connected to both meters all along
    finally:
        loop.call_at = call_at  # type: ignore[method-assign]
        await source.stop()


async def test_a_meter_that_falls_silent_is_stale_at_its_deadline_and_fresh_again():
    """Three of its periods without news (at speed 60: 30 s of the meter's = 0.5 s), then
    fresh when it reports, then stale again: the watcher re-arms for each deadline."""
    source = SimSource(seed=3, speed=60, start=EVENING, solar=False)
    stream = source.subscribe()
    await source.start()
    try:
        home = source.homes[0]
        for _round in range(2):
            await home.stop()
            async with asyncio.timeout(5):
                while True:
                    update = await stream.get()
                    if (isinstance(update, SourceStatus)
                            and update.state == ConnectionState.STALE
                            and update.meter is not None
                            and update.meter.eui64 == home.esme_eui64):
                        break
            home.start()
            async with asyncio.timeout(5):
                while True:
                    update = await stream.get()
                    if (isinstance(update, SourceStatus) and update.meter is not None
                            and update.state == ConnectionState.CONNECTED):
                        break
    finally:
        await source.stop()
