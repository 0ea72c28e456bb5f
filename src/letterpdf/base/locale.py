"""CLDR through Babel: the locale of a language tag, its dates, its name, its direction."""

from __future__ import annotations

import datetime as dt

import babel
import babel.dates

#: Where a bare language code would pick a regional habit we do not want
#: (CLDR's "en" is US English: "September 5, 2018"), the locale to use instead.
_DEFAULT_REGION = {"en": "en_GB"}


def letter_locale(lang: str) -> babel.Locale:
    """The Babel locale for a BCP 47 tag; British English for "en", unknown tags too."""
    tag = lang.replace("-", "_")
    try:
        return babel.Locale.parse(_DEFAULT_REGION.get(tag, tag))
    except (ValueError, babel.UnknownLocaleError):
        return babel.Locale.parse("en_GB")


def format_long_date(date: dt.date, lang: str) -> str:
    """``5 September 2018`` in English, ``5 septembre 2018`` in French."""
    return babel.dates.format_date(date, format="long", locale=letter_locale(lang))


def language_name(lang: str) -> str:
    """The language's own name for itself, capitalised: English, Français."""
    name = letter_locale(lang).get_language_name() or lang
    return name[:1].upper() + name[1:]


def language_direction(lang: str) -> str:
    """``rtl`` for languages written right to left (Arabic, Hebrew, Persian...), else ``ltr``."""
    return "rtl" if letter_locale(lang).character_order == "right-to-left" else "ltr"


def primary_language(lang: str) -> str:
    """``fr`` for ``fr-CA``, ``zh`` for ``zh_Hant``."""
    return lang.replace("_", "-").split("-")[0].lower()
