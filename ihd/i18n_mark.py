"""`N_("text")` marks text for translation where it is written (pure modules without
Qt); the display translates it with ihd.i18n.tr when it shows it."""


def N_(text: str) -> str:
    return text
