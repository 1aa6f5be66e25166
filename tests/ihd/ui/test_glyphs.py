"""Every character the display can show has a glyph in the font it ships with.

A kiosk has the fonts scripts/setup installs (fonts-dejavu-core) and nothing else: a
symbol missing from them is drawn as an empty box (the "used up" credit alert's ⛔ was).
Checked against the fonts themselves, through Qt's font database, for every string in
the display's code, the bridge's status sentences and the Welsh translations.
"""

from __future__ import annotations

import io
import tokenize
from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics

from ihd.i18n_extract import read_ts

ROOT = Path(__file__).resolve().parents[3]
SHIPPED = ("DejaVu Sans", "DejaVu Sans Mono", "DejaVu Serif")  # fonts-dejavu-core


def _strings_in(path: Path) -> list[str]:
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    return [t.string for t in tokens if t.type == tokenize.STRING]


def _shown_texts() -> dict[str, str]:
    """Each non-ASCII character and one place it comes from."""
    sources = [*sorted((ROOT / "ihd").rglob("*.py")), ROOT / "bridge" / "status_text.py"]
    texts = [(str(p.relative_to(ROOT)), s) for p in sources for s in _strings_in(p)]
    welsh = read_ts(ROOT / "ihd" / "translations" / "openihd_cy.ts")
    texts += [("openihd_cy.ts", s) for pair in welsh.items() for s in pair]
    found: dict[str, str] = {}
    for where, text in texts:
        for char in text:
            if ord(char) > 0x7F and char.isprintable():
                found.setdefault(char, f"{where}: {text[:60]!r}")
    return found


def test_every_character_the_display_shows_has_a_glyph(qapp) -> None:
    families = set(QFontDatabase.families())
    installed = [f for f in SHIPPED if f in families]
    if not installed:
        pytest.skip("fonts-dejavu-core is not installed (scripts/setup installs it)")
    metrics = [QFontMetrics(QFont(f)) for f in installed]
    shown = _shown_texts()
    assert "£" in shown and "’" in shown  # the scan does reach the display's words
    missing = {c: where for c, where in shown.items()
               if not any(m.inFontUcs4(ord(c)) for m in metrics)}
    assert not missing, "drawn as a box: " + "; ".join(
        f"U+{ord(c):04X} {c} ({where})" for c, where in sorted(missing.items()))
