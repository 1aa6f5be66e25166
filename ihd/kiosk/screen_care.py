"""Screen care for displays that never switch off: night dimming and burn-in avoidance.

Pure schedule arithmetic here; `ihd.ui.screen_care` applies it to the window.
"""

from __future__ import annotations

import math
from datetime import time


def in_dim_window(now: time, dim_from: time | None, dim_until: time | None) -> bool:
    """Is `now` (local wall-clock time) inside the night window? The window may span
    midnight (22:30 → 06:45), and an empty one (from == until) never dims."""
    if dim_from is None or dim_until is None or dim_from == dim_until:
        return False
    if dim_from < dim_until:
        return dim_from <= now < dim_until
    return now >= dim_from or now < dim_until


def pixel_offset(elapsed_s: float, shift_px: int, every_s: float) -> tuple[int, int]:
    """Where to draw the whole screen, in pixels from centre, after `elapsed_s`.

    Every `every_s` the picture moves one step along a slow circle of radius `shift_px`:
    static edges (the page buttons, the status line) never sit on the same pixels for
    long, and a step of a pixel or two is too small for anyone to notice.
    """
    if shift_px <= 0 or every_s <= 0:
        return 0, 0
    steps_per_turn = max(8, round(2 * math.pi * shift_px))  # about a pixel per step
    step = int(elapsed_s // every_s) % steps_per_turn
    angle = 2 * math.pi * step / steps_per_turn
    return round(shift_px * math.cos(angle)), round(shift_px * math.sin(angle))
