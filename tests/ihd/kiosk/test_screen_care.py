"""Night dimming follows the operator's schedule; the picture drifts slowly, never far."""

from __future__ import annotations

import itertools
from datetime import time

from ihd.kiosk.screen_care import in_dim_window, pixel_offset


def test_a_window_across_midnight() -> None:
    start, end = time(22, 30), time(6, 45)
    assert in_dim_window(time(23, 0), start, end)
    assert in_dim_window(time(2, 0), start, end)
    assert in_dim_window(time(22, 30), start, end)
    assert not in_dim_window(time(6, 45), start, end)
    assert not in_dim_window(time(12, 0), start, end)


def test_a_window_within_a_day_and_no_window() -> None:
    assert in_dim_window(time(14, 0), time(13, 0), time(15, 0))
    assert not in_dim_window(time(15, 0), time(13, 0), time(15, 0))
    assert not in_dim_window(time(3, 0), None, None)
    assert not in_dim_window(time(3, 0), time(1, 0), time(1, 0))


def test_the_picture_moves_a_pixel_or_so_per_step_and_stays_within_the_radius() -> None:
    every = 180.0
    positions = [pixel_offset(i * every, 6, every) for i in range(200)]
    assert all(dx * dx + dy * dy <= 6.5 ** 2 for dx, dy in positions)
    moves = [abs(a[0] - b[0]) + abs(a[1] - b[1]) for a, b in itertools.pairwise(positions)]
    assert max(moves) <= 2
    assert len(set(positions)) >= 20  # it visits many places, not two
    # Within a step it stays put (no visible jitter).
    assert pixel_offset(10.0, 6, every) == pixel_offset(170.0, 6, every)


def test_shift_off() -> None:
    assert pixel_offset(1e6, 0, 180) == (0, 0)
