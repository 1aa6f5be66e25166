"""Exceptions in words for a person."""

from __future__ import annotations


def error_words(exc: BaseException) -> str:
    """The first message in an exception's chain: radio libraries and zigpy wrap the
    real error in exceptions of their own with no text, and a bare TimeoutError has none."""
    seen: BaseException | None = exc
    while seen is not None:
        if str(seen):
            return str(seen)
        seen = seen.__cause__ or seen.__context__
    return type(exc).__name__
