"""The display's guided set-up for a Zigbee stick: find it, then either join the
household's smart meter (an EZSP stick with a Smart Energy certificate) or run it as the
coordinator of a trial site's demo meter. No Qt: the Settings card calls these."""

from __future__ import annotations

from bridge.han.join.guided import OnStatus, join_meter
from bridge.han.radio.probe import ProbeResult, probe_sticks

__all__ = ["OnStatus", "find_sticks", "join_meter"]  # the join itself: bridge.han.join.guided


async def find_sticks(timeout: float = 8.0) -> list[ProbeResult]:  # noqa: ASYNC109
    return await probe_sticks(timeout=timeout)
