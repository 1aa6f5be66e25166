"""Text is translatable, and the Welsh translation that ships is complete, compiled from
its source and safe (no placeholder lost or invented, which would crash a page)."""

from __future__ import annotations

import os
import re
import string
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bridge.model import GBP, Money
from ihd import i18n
from ihd.i18n_extract import compile_qm, read_ts, source_texts
from ihd.ui.main_window import MainWindow
from ihd.ui.state import DisplayState

TS_FILES = sorted(i18n.TRANSLATIONS.glob("openihd_*.ts"))


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_a_second_language_ships() -> None:
    assert [p.stem for p in TS_FILES] == ["openihd_cy"]


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.stem)
def test_every_text_in_the_code_is_translated(ts: Path) -> None:
    texts = source_texts()
    translated = read_ts(ts)
    assert len(texts) > 50
    missing = [t for t in texts if not translated.get(t)]
    assert missing == [], "run scripts/update-translations and translate these"


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.stem)
def test_translations_keep_exactly_the_placeholders(ts: Path) -> None:
    for source, translation in read_ts(ts).items():
        if translation:
            assert _fields(translation) == _fields(source), (source, translation)


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.stem)
def test_the_shipped_qm_is_compiled_from_the_ts(ts: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.qm"
    compile_qm(ts, fresh)
    assert fresh.read_bytes() == ts.with_suffix(".qm").read_bytes()


def test_the_display_speaks_welsh_and_back(qtbot) -> None:
    assert i18n.install("cy")
    try:
        window = MainWindow(DisplayState(daily_budget=Money.of("3.00", GBP)),
                            send_top_up=None, confirm=None,  # type: ignore[arg-type]
                            load_series=None, choose_demo=lambda: None,  # type: ignore[arg-type]
                            set_budget=lambda m: None)
        qtbot.addWidget(window)
        assert [b.text() for b in window.nav_buttons.values()] == [
            "Nawr", "Hanes", "Tariff", "Balans", "Ychwanegu credyd", "Negeseuon",
            "Gosodiadau"]
        assert window.nav_buttons["now"].accessibleName() == "Tudalen Nawr"
        assert window.pages["now"].ambient_words.text() == "Yn aros am y mesurydd"
        assert re.search("Dim ffynhonnell", window.status.text())
    finally:
        assert i18n.install("en")
    assert i18n.tr("Now") == "Now"


def test_an_unknown_language_keeps_english(qapp) -> None:
    assert not i18n.install("xx")
    assert i18n.tr("History") == "History"
