"""Translatable text. Every string a person reads goes through `tr`, which asks Qt's
translator (loaded by `install`) and falls back to the English source text.

`scripts/update-translations` collects every `tr("…")` literal into
`ihd/translations/openihd_<lang>.ts` for translators; `pyside6-lrelease` compiles the
`.qm` files the app loads. Placeholders use str.format names: tr("{amount} left").
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

log = logging.getLogger(__name__)

CONTEXT = "OpenIHD"
TRANSLATIONS = Path(__file__).parent / "translations"
_installed: QTranslator | None = None


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def install(language: str) -> bool:
    """Use `language` for every later `tr`; English (the source text) needs no file.
    Returns False (and keeps English) if the translation cannot be loaded."""
    global _installed
    app = QCoreApplication.instance()
    if app is None:
        return False
    if _installed is not None:
        app.removeTranslator(_installed)
        _installed = None
    if language == "en":
        return True
    translator = QTranslator(app)
    path = TRANSLATIONS / f"openihd_{language}.qm"
    if not translator.load(str(path)):
        log.warning("no translation for %r at %s; showing English", language, path)
        return False
    app.installTranslator(translator)
    _installed = translator
    return True
