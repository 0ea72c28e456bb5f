"""Recognise a country however a sign-on form spells it, and print it in one form.

Pure lookups over ISO 3166 (pycountry) and CLDR territory names in several languages
(Babel), so "USA", "US", "United States of America" and "Estados Unidos" are one
country, printed as the letter's language names it.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import babel

from ..base.locale import letter_locale
from ..base.memo import remembered

#: Languages whose CLDR country names are recognised ("México", "Italia", "Allemagne"...).
NAME_LANGUAGES = (
    "en", "fr", "es", "pt", "de", "it", "nl", "ar", "ru", "zh", "sw", "id", "tr", "pl",
)  # fmt: skip

#: Common spellings that neither ISO 3166 nor CLDR lists (folded, see fold_country).
_ALIASES = {
    "uk": "GB",
    "u k": "GB",
    "great britain": "GB",
    "britain": "GB",
    "usa": "US",
    "u s": "US",
    "u s a": "US",
    "united states of america": "US",
    "america": "US",
    "ivory coast": "CI",
    "czech republic": "CZ",
    "burma": "MM",
    "drc": "CD",
    "dr congo": "CD",
    "democratic republic of the congo": "CD",
    "democratic republic of congo": "CD",
    "republic of the congo": "CG",
    "holland": "NL",
    "swaziland": "SZ",
    "macedonia": "MK",
    "palestine": "PS",
    "state of palestine": "PS",
    "vatican": "VA",
    "korea": "KR",
    "bosnia": "BA",
    "bosnia and herzegovina": "BA",
}

#: English printed forms where CLDR's short name reads oddly in a signatory list.
_ENGLISH_NAMES = {
    "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
    "MM": "Myanmar",
    "HK": "Hong Kong",
    "MO": "Macao",
    "PS": "State of Palestine",
}

_NOT_WORD = re.compile(r"[^\w]+")


def fold_country(text: str) -> str:
    """Case, accents, punctuation and a leading "the" folded away: the lookup key."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = _NOT_WORD.sub(" ", bare.replace("'", "").replace("\u2019", "")).casefold().split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words)


@functools.cache
def _tables() -> dict[str, dict[str, str]]:
    tables: dict[str, dict[str, str]] = remembered(
        "countries", ("babel", "pycountry", __name__), _build_tables, _valid_tables
    )
    return tables


def _entry(item: tuple[object, object]) -> bool:
    key, code = item
    return isinstance(key, str) and isinstance(code, str) and len(code) == 2


def _valid_tables(data: object) -> bool:
    """The stored tables have the shape _build_tables gives: two maps to ISO codes."""
    return (
        isinstance(data, dict)
        and set(data) == {"index", "codes"}
        and all(
            isinstance(table, dict)
            and all(
                isinstance(k, str) and isinstance(v, str) and len(v) == 2 for k, v in table.items()
            )
            for table in data.values()
        )
    )


def _build_tables() -> dict[str, dict[str, str]]:
    """``index``: folded spelling -> ISO 3166 alpha-2 code; ``codes``: alpha-2 and alpha-3
    codes -> alpha-2. Loading 14 CLDR locales is most of the time."""
    import pycountry

    index: dict[str, str] = {}
    codes = {c.alpha_2 for c in pycountry.countries}
    for lang in NAME_LANGUAGES:
        for code, name in babel.Locale.parse(lang).territories.items():
            if code in codes:
                index.setdefault(fold_country(name), code)
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                index.setdefault(fold_country(value), country.alpha_2)
    index.update(_ALIASES)
    table = {c.alpha_2: c.alpha_2 for c in pycountry.countries}
    table.update({c.alpha_3: c.alpha_2 for c in pycountry.countries})
    return {"index": index, "codes": table}


def _index() -> dict[str, str]:
    """Folded spelling -> ISO 3166 alpha-2 code."""
    return _tables()["index"]


def _codes() -> dict[str, str]:
    """Upper-case ISO alpha-2 and alpha-3 codes -> alpha-2."""
    return _tables()["codes"]


@functools.cache
def recognise_country(text: str) -> str | None:
    """The ISO 3166 alpha-2 code ``text`` names, or None.

    Codes count only in capitals ("US", "FRA"), so an ordinary word is never read as one.
    """
    stripped = text.strip().replace(".", "")
    if stripped.isupper() and stripped in _codes():
        return _codes()[stripped]
    return _index().get(fold_country(text))


@functools.cache
def country_name(code: str, lang: str = "en") -> str:
    """How the letter prints the country: its CLDR name in the letter's language."""
    locale = letter_locale(lang)
    if locale.language == "en" and code in _ENGLISH_NAMES:
        return _ENGLISH_NAMES[code]
    name = locale.territories.get(code) or babel.Locale.parse("en").territories.get(code)
    return str(name or code)


def suggest_country(text: str) -> str | None:
    """The closest known country name to a misspelt one ("Colomba" -> "Colombia")."""
    from rapidfuzz import process

    match = process.extractOne(fold_country(text), _index().keys(), score_cutoff=80)
    return country_name(_index()[match[0]]) if match else None
