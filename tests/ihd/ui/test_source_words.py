"""What a source says reaches the screen in the reader's language: every status a source
can give (bridge/status_text.py) is shown in Welsh in the Welsh display, from a real
RAVEn on a pseudo-terminal as from each code; English stays in the logs and `--json`."""

from __future__ import annotations

import ast
import os
import string
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bridge import codec
from bridge.model import GBP, ConnectionState, Money, SourceStatus
from bridge.sources.raven import STATES, RavenSource
from bridge.status_text import NESTED, TEXTS, english, say, status
from ihd import i18n
from ihd.controller import Controller
from ihd.i18n_extract import read_ts
from ihd.ui.main_window import MainWindow
from ihd.ui.state import DisplayState
from tests.bridge.sources.test_corpus import CorpusRaven
from tests.ihd.ui.conftest import wait_until

ROOT = Path(__file__).resolve().parents[3]
# The translators' file, read as XML: the expected words do not come from the code under test.
WELSH = read_ts(ROOT / "ihd" / "translations" / "openihd_cy.ts")


def _args(code: str) -> dict[str, str]:
    """A value for each {name} in the code's sentence: digits and names that no language
    changes, so the translated sentence around them is what differs."""
    names = [n for _, n, _, _ in string.Formatter().parse(TEXTS[code]) if n]
    return {n: "join.no-network" if n.endswith(NESTED) else f"X{i}7"
            for i, n in enumerate(names)}


def _welsh(code: str, args: dict[str, str]) -> str:
    values = {n: WELSH[TEXTS[v]] if n.endswith(NESTED) else v for n, v in args.items()}
    return WELSH[TEXTS[code]].format(**values)


@pytest.fixture
def welsh_window(qtbot):
    assert i18n.install("cy")
    state = DisplayState(daily_budget=Money.of("3.00", GBP))
    window = MainWindow(state, send_top_up=None, confirm=None,  # type: ignore[arg-type]
                        load_series=None, choose_demo=lambda: None,  # type: ignore[arg-type]
                        set_budget=lambda m: None)
    qtbot.addWidget(window)
    yield window
    assert i18n.install("en")


@pytest.mark.parametrize("code", sorted(TEXTS))
def test_every_source_status_is_shown_in_welsh(welsh_window, code: str) -> None:
    args = _args(code)
    said = say(code, **args)
    update = status(datetime.now(UTC), "test", ConnectionState.DISCONNECTED, said,
                    retry_in_s=4)
    welsh_window.state.apply(update)
    welsh_window.refresh_status()
    shown = welsh_window.status.text()
    assert _welsh(code, args) + " Rhoi cynnig arall arni ymhen 4 eiliad." in shown
    if WELSH[TEXTS[code]] != TEXTS[code]:  # a sentence, not only "{reason_said} ({detail})"
        assert english(code, said.args) not in shown
    assert "Trying again" not in shown and "Disconnected" not in shown
    # The English rides along for logs, MQTT and older displays, and survives the LAN.
    assert update.detail == english(code, said.args) + " Trying again in 4 s."
    assert codec.from_json(codec.to_json(update)) == update


def test_a_status_from_an_older_bridge_shows_its_english(welsh_window) -> None:
    # Sent before SourceStatus had codes: no `code`, `args` or `retry_in` in the JSON.
    older = codec.from_json({"type": "SourceStatus", "timestamp": "2026-12-01T10:00:00+00:00",
                             "origin": "bridge", "state": "stale",
                             "detail": "Something only the bridge knows."})
    assert isinstance(older, SourceStatus) and older.code == ""
    welsh_window.state.apply(older)
    welsh_window.refresh_status()
    assert "Something only the bridge knows." in welsh_window.status.text()
    # A newer bridge's code this display does not know: its English, not a blank or crash.
    newer = SourceStatus(timestamp=datetime.now(UTC), origin="bridge",
                         state=ConnectionState.STALE, detail="Words from the future.",
                         code="future.code", args=(("n", "1"),),
                         retry_in=timedelta(seconds=2))
    welsh_window.state.apply(newer)
    welsh_window.refresh_status()
    assert "Words from the future." in welsh_window.status.text()


def test_every_code_a_source_names_has_its_words() -> None:
    """Every say("…") written in bridge/ and ihd/ names a sentence in TEXTS (with the
    {names} it fills), and no source hands a person an English-only text: no `_status`
    with a string and no SourceError with a literal or f-string."""
    english_only: list[str] = []
    for path in sorted([*(ROOT / "bridge").rglob("*.py"), *(ROOT / "ihd").rglob("*.py")]):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            first = node.args[0] if node.args else None
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if name in ("say", "TopUpCodeError") and isinstance(first, ast.Constant):
                assert first.value in TEXTS, where
                wanted = {n for _, n, _, _ in string.Formatter().parse(TEXTS[first.value])
                          if n}
                assert {k.arg for k in node.keywords} == wanted, where
            text_arg = node.args[1] if name == "_status" and len(node.args) > 1 else first
            if name in ("_status", "SourceError") and isinstance(
                    text_arg, ast.Constant | ast.JoinedStr) and \
                    "ihd/" not in where and "cli.py" not in where:
                english_only.append(where)
    assert english_only == []
    assert {code for _state, code in STATES.values()} <= set(TEXTS)


async def test_a_raven_that_stops_answering_is_said_in_welsh(welsh_window,
                                                            tmp_path: Path) -> None:
    """A real RAVEn source on a pseudo-terminal: the stick answers at start, then not
    its demand; the status line says so in Welsh, with when it tries again."""
    stick = CorpusRaven({})  # NetworkInfo and MeterList only
    controller = Controller(welsh_window.state, None, flush_s=0.2)
    try:
        await controller.attach(RavenSource(stick.path, poll_s=0.2, timeout_s=0.3))
        await wait_until(lambda: "Ni atebodd y ffon RAVEn" in welsh_window.status.text(), 15)
        shown = welsh_window.status.text()
        assert "Ni atebodd y ffon RAVEn get_instantaneous_demand." in shown
        assert "Rhoi cynnig arall arni ymhen" in shown
        assert "did not answer" not in shown and "Trying again" not in shown
        assert shown.startswith(f"RAVEn ar {stick.path}")  # its name, in Welsh too
        welsh_window.fit_to(1024, 600)
        welsh_window.show()
        await wait_until(lambda: welsh_window.isVisible(), 2)
        shots = Path(os.environ.get("OPENIHD_SCREENSHOTS", tmp_path))
        welsh_window.grab().save(str(shots / "cy-raven-not-answering-1024x600.png"))
    finally:
        await controller.stop()
        stick.close()



def test_the_kiosk_pin_pad_answers_in_welsh(qtbot) -> None:
    from ihd.kiosk.lock import OperatorLock
    from ihd.kiosk.pin import hash_pin
    from ihd.ui.operator_pin_page import OperatorPinPage

    assert i18n.install("cy")
    try:
        page = OperatorPinPage(OperatorLock(hash_pin("2468", salt=b"0123456789abcdef")))
        qtbot.addWidget(page)
        for digit in "0000":
            page.press(digit)
        page.submit()
        assert page.result.text() == "PIN anghywir. 4 cynnig arall cyn saib."
    finally:
        assert i18n.install("en")


def test_a_stick_found_is_described_in_welsh(welsh_window) -> None:
    from bridge.han.radio.probe import ProbeResult
    from ihd.ui.status_words import said_words

    nothing = ProbeResult(port="/dev/ttyUSB7", label="USB serial", attempts=())
    assert nothing.summary == "nothing answered on /dev/ttyUSB7"  # the CLI's English
    assert said_words(nothing.said) == "ni atebodd dim byd ar /dev/ttyUSB7"


async def test_a_full_disk_is_said_in_welsh(welsh_window, tmp_path: Path) -> None:
    """The history file's troubles come from the display's own store: said in Welsh too."""
    from bridge.sources.sim import SimSource
    from ihd.history.store import HistoryStore

    store = HistoryStore(tmp_path / "history.sqlite3")
    controller = Controller(welsh_window.state, store, flush_s=0.2)
    try:
        await controller.attach(SimSource(seed=1, speed=60,
                                          start=datetime(2026, 1, 14, 18, 5, tzinfo=UTC)))
        pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
        store._conn.execute(f"PRAGMA max_page_count = {pages}")
        await wait_until(lambda: not welsh_window.history_warning.isHidden(), 15)
        shown = welsh_window.history_warning.text()
        assert shown == "⚠ " + WELSH["History is not being saved: the disk is full. Live "
                                     "readings still show."]
        assert "disk is full" not in shown
        welsh_window.refresh_status()
        assert welsh_window.status.text().startswith("Cartref arddangos (efelychiad)")
    finally:
        await controller.stop()
        store.close()


def test_a_mistyped_top_up_code_is_said_in_welsh(welsh_window) -> None:
    from bridge.model import TopUpCode, TopUpCodeError
    from ihd.ui.status_words import error_words

    with pytest.raises(TopUpCodeError) as caught:
        TopUpCode.parse("1234 5678")
    assert str(caught.value) == "A top-up code has 20 digits; this one has 8."  # the log's
    assert error_words(caught.value) == "Mae gan god credyd 20 digid; mae gan hwn 8."


def test_the_bridges_own_rate_names_are_said_in_welsh(welsh_window) -> None:
    """A RAVEn, an EAGLE or a meter that names no rate gets one from the bridge ("Tier 2",
    "Price"): the display says it in Welsh; a name the device gave stays as it is."""
    from ihd.ui.words import rate_label

    assert rate_label("Tier 2") == "Haen 2"
    assert rate_label("Price") == "Pris"
    assert rate_label("Super Off-Peak EV") == "Super Off-Peak EV"
