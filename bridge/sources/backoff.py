"""The one reconnect policy every source and the display's set-up use.

Wait `first` seconds after a failure, doubling up to `longest`; a success starts again
from `first`. Kept in one place so every "trying again in N s" a person reads means the
same thing, wherever it comes from (said as SourceStatus.retry_in: bridge/status_text.py
gives it words, in the reader's language on the display).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field


@dataclass
class Backoff:
    first: float = 1.0
    longest: float = 30.0
    _next: float = field(init=False, default=0.0)

    def __post_init__(self) -> None:
        if not 0 < self.first <= self.longest:
            raise ValueError(f"back-off needs 0 < first <= longest, got {self.first}, "
                             f"{self.longest}")
        self._next = self.first

    @classmethod
    def of(cls, pair: tuple[float, float]) -> Backoff:
        return cls(*pair)

    @property
    def delay(self) -> float:
        """The wait the next failure will cost (for "trying again in N s")."""
        return self._next

    def succeeded(self) -> None:
        self._next = self.first

    def failed(self) -> float:
        """Note a failure; the delay to wait now (and double the next one)."""
        delay = self._next
        self._next = min(self._next * 2, self.longest)
        return delay

    async def wait(self) -> None:
        """Note a failure and wait its delay."""
        await asyncio.sleep(self.failed())
