"""What a source says, in the reader's language.

Sources say what happened as a code and its arguments (bridge.status_text); here the
code's English becomes the reader's words through Qt's translator. A status from a
bridge newer than this display (a code it does not know) shows the bridge's English.
"""

from __future__ import annotations

import logging

from bridge.model import ConnectionState, SourceStatus
from bridge.status_text import NESTED, RETRY, TEXTS, Said, of_error
from ihd.i18n import tr
from ihd.i18n_mark import N_

log = logging.getLogger(__name__)

STATE_WORDS = {ConnectionState.STARTING: N_("Starting"), ConnectionState.SEARCHING:
               N_("Searching"), ConnectionState.JOINING: N_("Joining"),
               ConnectionState.AUTHENTICATING: N_("Authenticating"),
               ConnectionState.CONNECTED: N_("Connected"), ConnectionState.STALE: N_("Stale"),
               ConnectionState.DISCONNECTED: N_("Disconnected"),
               ConnectionState.FAILED: N_("Failed")}


def state_words(state: ConnectionState) -> str:
    return tr(STATE_WORDS.get(state, state.value.capitalize()))


def _translated(code: str, args: tuple[tuple[str, str], ...]) -> str | None:
    """The code's words in the reader's language; None where this display cannot say
    them (an unknown code, or a translation whose placeholders do not fit)."""
    if code not in TEXTS:
        return None
    values = {}
    for name, value in args:
        if name.endswith(NESTED):
            if value not in TEXTS:
                return None
            values[name] = tr(TEXTS[value])
        else:
            values[name] = value
    try:
        return tr(TEXTS[code]).format(**values)
    except (KeyError, IndexError, ValueError):  # a damaged translation: say it in English
        log.warning("translation of %r does not fit its arguments", code)
        try:
            return TEXTS[code].format(**values)
        except (KeyError, IndexError, ValueError):
            return None


def said_words(said: Said) -> str:
    if not said.code:  # words made elsewhere (another program's error text)
        return said.english()
    return _translated(said.code, said.args) or said.english()


def error_words(exc: BaseException) -> str:
    """A SourceError, a history file's error (or any error) said in the reader's language
    where it has a code or marked text."""
    if isinstance(getattr(exc, "text", None), str) and isinstance(getattr(exc, "values", None),
                                                                  dict):
        return history_words(exc)
    return said_words(of_error(exc))


def retry_words(seconds: float) -> str:
    return tr(RETRY).format(seconds=f"{seconds:g}")


def status_words(status: SourceStatus) -> str:
    """The status's words (and when the source tries again) in the reader's language."""
    words = _translated(status.code, status.args) if status.code else None
    if words is None:
        return status.detail  # from an older or newer bridge: its English as it is
    if status.retry_in is not None:
        words += " " + retry_words(status.retry_in.total_seconds())
    return words


def history_words(exc: BaseException) -> str:
    """A history file's trouble (ihd.history.store.HistoryError: its N_-marked `text` and
    `values`) in the reader's language; any other error's own words."""
    text, values = getattr(exc, "text", None), getattr(exc, "values", None)
    if not isinstance(text, str) or not isinstance(values, dict):
        return str(exc)
    try:
        return tr(text).format(**values) if values else tr(text)
    except (KeyError, IndexError, ValueError):  # a damaged translation: say it in English
        return str(exc)
