"""Starting asyncio work from Qt slots."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger(__name__)


def spawn(coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any] | None:
    """Run `coro` on the app's event loop (qasync). Without a running loop (a widget
    shown outside the app, e.g. in a plain test) the work is skipped, not crashed on."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        coro.close()
        log.debug("no running event loop; %s skipped", coro)
        return None
    return loop.create_task(coro)
