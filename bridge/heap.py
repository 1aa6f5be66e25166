"""Short garbage-collector pauses for a bridge whose heap is mostly settled.

CPython's full (generation 2) collection walks every object the collector tracks. An
estate bridge holds hundreds of thousands of them for as long as it runs (zigpy's
devices, endpoints and clusters, each meter's state): with 256 simulated homes each full
pass took 0.6-0.9 s on a busy 2-core machine, a stall in every display's stream, and
they come whenever the tracked objects have grown by a quarter. What is settled (the
homes once set up; the streams of displays once they have connected) is moved out of the
collector's sight with `gc.freeze`; everything made later is collected as before.
Garbage cycles among frozen objects would wait for `resettle`, which the server calls
when many streams have ended (the moment it gives memory back anyway).
"""

from __future__ import annotations

import gc


def settle() -> None:
    """After start-up: collect what start-up left behind once, then freeze the rest."""
    gc.collect()
    gc.freeze()


def freeze_new() -> None:
    """Freeze what was made since (a wave of displays connected): no collection pause."""
    gc.freeze()


def resettle() -> None:
    """Many streams ended: let the collector see everything once, then freeze again."""
    gc.unfreeze()
    settle()


def frozen() -> int:
    return gc.get_freeze_count()
