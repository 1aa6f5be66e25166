"""Colours and the Qt style sheet: calm, high contrast, large type, touch-sized controls.

Text/background pairs are chosen for at least 4.5:1 contrast (WCAG AA); colour is never
the only signal: every state also has words and a symbol.
"""

from __future__ import annotations

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

TOUCH_MIN_PX = 56

def style(scale: float = 1.0) -> str:
    """The style sheet; `scale` < 1 for small screens (a 7-inch 1024x600 kiosk)."""

    def px(size: int) -> int:
        return max(12, round(size * scale))

    touch = max(44, round(TOUCH_MIN_PX * scale))
    return f"""
QWidget {{ background: {BACKGROUND}; color: {TEXT}; font-size: {px(20)}px; }}
QLabel#muted, QLabel[muted="true"] {{ color: {MUTED}; }}
QLabel#big {{ font-size: {px(64)}px; font-weight: 600; }}
QLabel#medium {{ font-size: {px(34)}px; font-weight: 600; }}
QLabel#title {{ font-size: {px(28)}px; font-weight: 600; color: {TEXT}; }}
QFrame#card {{ background: {SURFACE}; border-radius: 14px; }}
QFrame#card QLabel {{ background: transparent; }}
QPushButton {{
    background: {SURFACE}; color: {TEXT}; border: 2px solid #2c3a48; border-radius: 12px;
    min-height: {touch}px; min-width: {touch}px; padding: 6px 16px;
    font-size: {px(22)}px;
}}
QPushButton:checked {{ background: #24527a; border-color: {ACCENT}; }}
QPushButton:focus {{ border: 3px solid {ACCENT}; }}
QPushButton:disabled {{ color: #7d8894; border-color: #243140; }}
QPushButton#primary {{ background: #1f5f99; border-color: {ACCENT}; font-weight: 600; }}
QPushButton#primary:disabled {{ background: {SURFACE}; border-color: #243140; }}
QPushButton#nav {{ font-size: {px(19)}px; padding: 4px 6px; }}
QProgressBar {{ background: {SURFACE}; border-radius: 8px; min-height: 26px;
               color: {TEXT}; text-align: center; font-size: {px(16)}px; }}
QProgressBar::chunk {{ background: {ACCENT}; border-radius: 8px; }}
QLabel#status {{ background: {SURFACE}; padding: 6px 12px; font-size: {px(18)}px; }}
QLabel#warning {{ background: {WARNING_BG}; color: {WARNING_TEXT}; padding: 8px 12px;
                  border-radius: 8px; font-size: {px(20)}px; }}
QListWidget {{ background: {SURFACE}; border-radius: 12px; font-size: {px(19)}px; }}
"""


STYLE = style()
