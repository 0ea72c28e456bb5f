"""Dates and language names in the letter's language (CLDR data through Babel)."""

from __future__ import annotations

import datetime as dt
import functools
import re
import sys
import unicodedata

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


def text_direction(text: str) -> str:
    """``rtl`` when the first strong character is right-to-left (the rule of dir="auto")."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def text_lang(text: str) -> str:
    """``ja`` for text with kana, ``ko`` with hangul, else "": CJK glyph forms differ."""
    if _script_characters("Hira", "Kana").search(text):
        return "ja"
    if _script_characters("Hang").search(text):
        return "ko"
    return ""


@functools.cache
def _script_characters(*scripts: str) -> re.Pattern[str]:
    """The characters fontTools' ``script()`` puts in ``scripts``, as a regex class: a
    search is one call per name, where ``script()`` is a bisect per character (0.2 s
    for the 20,000 names a 10,000-name annex prints)."""
    from fontTools.unicodedata import Scripts

    ends = [*Scripts.RANGES[1:], sys.maxunicode + 1]
    return re.compile(
        "["
        + "".join(
            f"{re.escape(chr(start))}-{re.escape(chr(end - 1))}"
            for start, end, value in zip(Scripts.RANGES, ends, Scripts.VALUES, strict=True)
            if value in scripts
        )
        + "]"
    )
