"""Colours and the Qt style sheet: calm, high contrast, large type, touch-sized controls.

Text/background pairs are chosen for at least 4.5:1 contrast (WCAG AA); colour is never
the only signal: every state also has words and a symbol.
"""

from __future__ import annotations

from dataclasses import dataclass

BACKGROUND = "#10161d"
SURFACE = "#1b2530"
TEXT = "#f2f5f8"
MUTED = "#b7c2cd"
ACCENT = "#7cc4ff"
WARNING_BG = "#5a3d00"
WARNING_TEXT = "#ffe7a8"

# Ambient feedback fields: dark enough that white text passes 4.5:1 on each.
AMBIENT = {
    "low": ("#1d6b45", "●", "#ffffff"),
    "medium": ("#7a5a00", "◆", "#ffffff"),
    "high": ("#9b2c2c", "▲", "#ffffff"),
    "unknown": ("#34414e", "…", "#ffffff"),
}

# High contrast: black fields with a thick border and text in the level's own bright
# colour (each at least 7:1 on black), the symbol and words as in the standard theme.
AMBIENT_HIGH_CONTRAST = {
    "low": ("#000000", "●", "#00ff66"),
    "medium": ("#000000", "◆", "#ffff00"),
    "high": ("#000000", "▲", "#ff8080"),
    "unknown": ("#000000", "…", "#ffffff"),
}


def ambient_colours(theme: str) -> dict[str, tuple[str, str, str]]:
    return AMBIENT_HIGH_CONTRAST if theme == "high-contrast" else AMBIENT


def chart_colours(theme: str) -> tuple[str, str, str, str]:
    """(background, text, this period's bars, the period before's outlines)."""
    if theme == "high-contrast":
        return "#000000", "#ffffff", "#ffff00", "#ffffff"
    return SURFACE, TEXT, ACCENT, MUTED


TOUCH_MIN_PX = 56


@dataclass(frozen=True)
class Palette:
    background: str
    surface: str
    text: str
    muted: str
    accent: str
    warning_bg: str
    warning_text: str
    checked_bg: str  # a selected page button; text on it is `text`
    primary_bg: str  # the main action on a page; text on it is `text`
    border: str
    disabled_text: str
    bar_chunk: str  # the filled part of a progress bar; its percentage text is `text`


STANDARD = Palette(BACKGROUND, SURFACE, TEXT, MUTED, ACCENT, WARNING_BG, WARNING_TEXT,
                   checked_bg="#24527a", primary_bg="#1f5f99", border="#2c3a48",
                   disabled_text="#7d8894", bar_chunk="#2a6496")
# For poor sight: pure black and white, yellow focus and selection, thick borders.
HIGH_CONTRAST = Palette("#000000", "#000000", "#ffffff", "#ffffff", "#ffff00", "#000000",
                        "#ffff00", checked_bg="#00307a", primary_bg="#00307a",
                        border="#ffffff", disabled_text="#a6a6a6", bar_chunk="#0046b8")

# name -> (palette, type scale)
THEMES: dict[str, tuple[Palette, float]] = {
    "standard": (STANDARD, 1.0),
    "large": (STANDARD, 1.3),
    "high-contrast": (HIGH_CONTRAST, 1.15),
}


def style(scale: float = 1.0, theme: str = "standard") -> str:
    """The style sheet for a theme; `scale` < 1 for small screens (a 1024x600 kiosk)."""
    palette, theme_scale = THEMES.get(theme, THEMES["standard"])
    c = palette
    scale = scale * theme_scale
    border_px = 3 if palette is HIGH_CONTRAST else 2

    def px(size: int) -> int:
        return max(12, round(size * scale))

    touch = max(44, round(TOUCH_MIN_PX * min(scale, 1.0)))
    # QSS min-height is the content box: take padding and border off so a button is
    # `touch` tall overall (44 px at least: the WCAG target size) and no taller.
    pad = 6 if scale >= 0.9 else 3
    button_content = touch - 2 * pad - 2 * border_px
    return f"""
QWidget {{ background: {c.background}; color: {c.text}; font-size: {px(20)}px; }}
QLabel#muted, QLabel[muted="true"] {{ color: {c.muted}; }}
QLabel#big {{ font-size: {px(64)}px; font-weight: 600; }}
QLabel#medium {{ font-size: {px(34)}px; font-weight: 600; }}
QLabel#title {{ font-size: {px(28)}px; font-weight: 600; color: {c.text}; }}
QFrame#card {{ background: {c.surface}; border-radius: 14px;
              border: {border_px - 2}px solid {c.border}; }}
QFrame#card QLabel {{ background: transparent; }}
QPushButton {{
    background: {c.surface}; color: {c.text}; border: {border_px}px solid {c.border};
    border-radius: 12px; min-height: {button_content}px; min-width: {button_content}px;
    padding: {pad}px 16px;
    font-size: {px(22)}px;
}}
QPushButton:checked {{ background: {c.checked_bg}; border-color: {c.accent}; }}
QPushButton:focus {{ border: {border_px + 1}px dashed {c.text}; }}
QPushButton:disabled {{ color: {c.disabled_text}; border-color: #243140; }}
QPushButton#primary {{ background: {c.primary_bg}; border-color: {c.accent};
                       font-weight: 600; }}
QPushButton#primary:disabled {{ background: {c.surface}; border-color: #243140; }}
QPushButton#nav {{ font-size: {px(19)}px; padding: 4px 6px; }}
QProgressBar {{ background: {c.surface}; border-radius: 8px; min-height: 26px;
               border: {border_px - 1}px solid {c.border};
               color: {c.text}; text-align: center; font-size: {px(16)}px; }}
QProgressBar::chunk {{ background: {c.bar_chunk}; border-radius: 8px; }}
QLabel#status {{ background: {c.surface}; padding: 6px 12px; font-size: {px(18)}px; }}
QLabel#warning, QFrame#alert QLabel {{ background: {c.warning_bg}; color: {c.warning_text};
                  padding: 8px 12px; border-radius: 8px; font-size: {px(20)}px; }}
QFrame#alert {{ background: {c.warning_bg}; border: {border_px}px solid {c.warning_text};
               border-radius: 8px; }}
QFrame#creditLow {{ background: {c.warning_bg}; border: {border_px}px solid {c.warning_text};
                   border-radius: 14px; }}
QFrame#creditLow QLabel {{ background: transparent; color: {c.warning_text}; }}
QListWidget {{ background: {c.surface}; border-radius: 12px; font-size: {px(19)}px;
              border: {border_px}px solid {c.surface}; }}
QListWidget:focus {{ border: {border_px + 1}px solid {c.accent}; }}
QLineEdit {{ background: {c.surface}; color: {c.text}; border: {border_px}px solid {c.border};
            border-radius: 8px; padding: 6px; }}
QLineEdit:focus {{ border-color: {c.accent}; }}
QScrollBar:vertical {{ background: {c.surface}; width: 16px; margin: 0; border-radius: 8px; }}
QScrollBar::handle:vertical {{ background: {c.muted}; min-height: 48px; border-radius: 8px; }}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: none; }}
"""


STYLE = style()
