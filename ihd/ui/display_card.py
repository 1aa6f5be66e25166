"""Settings → How the display looks: the theme (standard, large text, high contrast) and
the language. The theme changes at once; the language when the display next starts
(every label is built in it)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QPushButton

from ihd.i18n import tr
from ihd.i18n_mark import LANGUAGES
from ihd.ui.widgets import Card, choice_buttons, label


def theme_names() -> dict[str, str]:
    return {"standard": tr("Standard"), "large": tr("Large text"),
            "high-contrast": tr("High contrast")}


class DisplayCard(Card):
    def __init__(self, *, theme: str, language: str, set_theme: Callable[[str], None],
                 set_language: Callable[[str], None]) -> None:
        super().__init__(tr("How the display looks"))
        self._set_theme, self._set_language = set_theme, set_language
        self.language_now = language
        self.theme_buttons = self._row(theme_names(), theme, self.choose_theme,
                                       tr("Theme: {name}"))
        self.language_buttons = self._row(LANGUAGES, language, self.choose_language,
                                          tr("Language: {name}"))
        self.note = label("", name="muted", wrap=True)
        self.layout_.addWidget(self.note)

    def _row(self, options: dict[str, str], current: str, choose: Callable[[str], None],
             accessible: str) -> dict[str, QPushButton]:
        row = QHBoxLayout()
        buttons = choice_buttons(row, options, current, choose,
                                 lambda name: accessible.format(name=name))
        row.addStretch(1)
        self.layout_.addLayout(row)
        return buttons

    def choose_theme(self, name: str) -> None:
        self._set_theme(name)

    def choose_language(self, code: str) -> None:
        self._set_language(code)
        self.note.setText(tr("The new language shows when the display next starts.")
                          if code != self.language_now else "")
