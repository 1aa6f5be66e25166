"""The Qt-free half of translation: `N_("text")` marks text where it is written (pure
modules); the display translates it with ihd.i18n.tr when it shows it. LANGUAGES is the
one list of languages the display ships (a .qm in ihd/translations for each but English).
"""

LANGUAGES = {"en": "English", "cy": "Cymraeg"}


def N_(text: str) -> str:
    return text
