"""From cumulative register readings to half-hourly energy. Pure, no I/O.

Between two consecutive readings the energy (register difference) is spread over the
half hours the pair spans in proportion to time, i.e. linear interpolation of the
register. A pair is not used when:
- the register went backwards (meter reset or replaced): the later reading is a new
  baseline, never a negative interval. Unless the register comes back to where it was
  within `max_gap_s`, at a power the supply can deliver: then the low readings were a
  device's placeholder, not a reset (a rebooting EAGLE reports 0 kWh for minutes,
  home-assistant/core#80302), and they are dropped as glitches so the energy is measured
  from the last good reading rather than every later reading being an impossible jump;
- the readings are further apart than `max_gap_s`: the half hours between stay a gap;
- the implied average power is beyond what the supply can deliver (`max_kw`): a glitch
  such as a uint48 wrap or a corrupted value; the later reading is discarded and the
  next pair is measured from the earlier one.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

HALF_HOUR_S = 1800


def floor_half_hour(ts: int) -> int:
    return ts - ts % HALF_HOUR_S


@dataclass
class Accumulated:
    """Energy and covered seconds per half-hour start (unix seconds)."""

    wh: dict[int, float] = field(default_factory=dict)
    covered_s: dict[int, float] = field(default_factory=dict)
    resets: int = 0
    glitches: list[int] = field(default_factory=list)  # timestamps of rejected readings

    def add(self, start: int, wh: float, seconds: float) -> None:
        self.wh[start] = self.wh.get(start, 0.0) + wh
        self.covered_s[start] = self.covered_s.get(start, 0.0) + seconds


def spread(t0: int, r0: int, t1: int, r1: int, into: Accumulated, *, not_before: int) -> None:
    """Spread the energy r1 - r0 between t0 and t1 over half hours from `not_before` on."""
    total = r1 - r0
    duration = t1 - t0
    if duration <= 0:
        return
    t = max(t0, not_before)
    while t < t1:
        start = floor_half_hour(t)
        end = min(t1, start + HALF_HOUR_S)
        seconds = end - t
        into.add(start, total * seconds / duration, seconds)
        t = end


def accumulate(readings: Sequence[tuple[int, int]], *, not_before: int, max_gap_s: int,
               max_kw: float) -> Accumulated:
    """Half-hour energy from (timestamp, register Wh) readings sorted by time."""
    out = Accumulated()
    if not readings:
        return out
    wh, covered = out.wh, out.covered_s
    readings = _without_placeholders(readings, out, max_gap_s=max_gap_s, max_kw=max_kw)
    prev_t, prev_r = readings[0]
    for t, r in itertools.islice(readings, 1, None):
        if t == prev_t:
            continue
        if r < prev_r:
            out.resets += 1
            prev_t, prev_r = t, r
            continue
        hours = (t - prev_t) / 3600
        if (r - prev_r) / 1000 > max_kw * hours:
            out.glitches.append(t)
            continue
        if t - prev_t <= max_gap_s:
            start = prev_t - prev_t % HALF_HOUR_S
            if prev_t >= not_before and t <= start + HALF_HOUR_S:
                # Both in one half hour (10 s readings, nearly every pair): all of it
                # there, the same figures spread() adds (total * d / d is total).
                total, seconds = r - prev_r, t - prev_t
                wh[start] = wh.get(start, 0.0) + total * seconds / seconds
                covered[start] = covered.get(start, 0.0) + seconds
            else:
                spread(prev_t, prev_r, t, r, out, not_before=not_before)
        prev_t, prev_r = t, r
    return out


def _without_placeholders(readings: Sequence[tuple[int, int]], out: Accumulated, *,
                          max_gap_s: int, max_kw: float) -> Sequence[tuple[int, int]]:
    """The readings without runs that dip below the register and come back to it: those
    are a device's stand-in values (recorded in `out.glitches`), not a meter reset."""
    if all(a[1] <= b[1] for a, b in itertools.pairwise(readings)):
        return readings  # the register never stepped down: nearly every call
    kept: list[tuple[int, int]] = []
    i, n = 0, len(readings)
    while i < n:
        t, r = readings[i]
        if kept and r < kept[-1][1]:
            back = _comes_back(readings, i, kept[-1], max_gap_s=max_gap_s, max_kw=max_kw)
            if back is not None:
                out.glitches.extend(ts for ts, _ in readings[i:back])
                i = back
                continue
        kept.append((t, r))
        i += 1
    return kept


def _comes_back(readings: Sequence[tuple[int, int]], i: int, good: tuple[int, int], *,
                max_gap_s: int, max_kw: float) -> int | None:
    """Index of the first reading from `i` on back at `good`'s register or above, reached
    from `good` at a power the supply can deliver and within `max_gap_s`; else None."""
    good_t, good_r = good
    for j in range(i, len(readings)):
        t, r = readings[j]
        if t - good_t > max_gap_s:
            return None
        if r >= good_r:
            return j if (r - good_r) / 1000 <= max_kw * (t - good_t) / 3600 else None
    return None


def half_hours(start: int, end: int) -> Iterable[int]:
    t = floor_half_hour(start)
    while t < end:
        yield t
        t += HALF_HOUR_S
