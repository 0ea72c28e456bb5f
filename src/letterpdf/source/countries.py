"""Recognise a country however a sign-on form spells it, and print it the way the UN does.

Pure lookups over letterpdf's own table of the UN's names (countries.toml: the 193
Member States and 2 observer States in English, French and Spanish, former and
informal names, places that are not UN members), ISO 3166 (pycountry) and CLDR's
territory names in fourteen languages (Babel), so "USA", "US", "United States" and
"Estados Unidos" are one country.

How a recognised country is printed is the letter's ``countries:`` style:

- ``un`` (the default): a State by its UN short name in English, French and Spanish
  ("Republic of Korea", "Türkiye", "Viet Nam"), by CLDR's name in other languages
  (unless words.toml names it); a place that is not a UN Member or observer State
  (Kosovo, Taiwan, Hong Kong, England...) as the user wrote it, never renamed;
- ``short``: CLDR's short names ("South Korea", "Turkey"), for every place it names;
- ``as-written``: what the sheet says.

Why not country_converter (which has UN-style regexes): it is GPL-3.0 and needs pandas,
which every build would load; the UN's short names it lacks in French and Spanish.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import babel

from ..base.locale import letter_locale, primary_language
from ..base.memo import remembered

#: Ways to print a country (front matter ``countries``).
COUNTRY_STYLES = ("un", "short", "as-written")
#: Languages whose CLDR country names are recognised ("México", "Italia", "Allemagne"...).
NAME_LANGUAGES = (
    "en", "fr", "es", "pt", "de", "it", "nl", "ar", "ru", "zh", "sw", "id", "tr", "pl",
)  # fmt: skip
#: Languages the UN's own short names are kept in.
UN_LANGUAGES = ("en", "fr", "es")

TABLE = Path(__file__).with_name("countries.toml")

#: English short forms where CLDR's reads oddly in a signatory list (style ``short``).
_ENGLISH_NAMES = {
    "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
    "MM": "Myanmar",
    "HK": "Hong Kong",
    "MO": "Macao",
    "PS": "State of Palestine",
}
#: States whose CLDR name is not the State's ("Palestinian Territories" for the State of
#: Palestine): in a language the UN's table lacks, printed as the user wrote them.
_NOT_CLDR = frozenset({"PS"})
#: Codes a user may type that ISO 3166-1 does not assign (CLDR names them).
_EXTRA_CODES = {"XK": "XK", "XKX": "XK"}

_NOT_WORD = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class Country:
    """What a country cell names."""

    #: ISO 3166-1 alpha-2 (or XK), "" for a place that has none (England).
    code: str
    #: A UN Member or observer State.
    state: bool
    #: Typed as a code ("TW", "FRA"), not a name.
    typed_code: bool = False


@dataclass(frozen=True)
class CountryStyle:
    """How the letter prints countries: its ``countries:`` style, in its language."""

    style: str = "un"
    lang: str = "en"
    #: Code -> name from the letter folder's words.toml, for languages the UN table lacks.
    names: tuple[tuple[str, str], ...] = field(default=())

    def print(self, typed: str) -> tuple[str, str]:
        """The country as printed, and its code ("" when unknown or it has none)."""
        if not typed:
            return "", ""
        found = recognise(typed)
        if found is None:
            return typed, ""
        if self.style == "as-written":
            return typed, found.code
        if found.state and self._keeps_typed(found.code):
            return typed, found.code
        if found.state or (self.style == "short" and found.code):
            return self._name(found.code), found.code
        if found.typed_code and found.code:
            return _cldr_name(found.code, self.lang), found.code
        return typed, found.code

    def _keeps_typed(self, code: str) -> bool:
        """A State whose name would come from CLDR, which misnames it (see _NOT_CLDR)."""
        return code in _NOT_CLDR and self._source(code) == "cldr"

    def _source(self, code: str) -> str:
        primary = primary_language(self.lang)
        if code in dict(self.names):
            return "words"
        if self.style == "un" and primary in UN_LANGUAGES and code in _states():
            return "un"
        if primary == "en" and code in _ENGLISH_NAMES:
            return "english"
        return "cldr"

    def name(self, code: str) -> str:
        """How this style prints the State or territory with ``code``."""
        return self._name(code)

    def _name(self, code: str) -> str:
        source = self._source(code)
        if source == "words":
            return dict(self.names)[code]
        if source == "un":
            return str(_states()[code][primary_language(self.lang)])
        if source == "english":
            return _ENGLISH_NAMES[code]
        return _cldr_name(code, self.lang)


#: The default: the UN's names, in English.
UN_STYLE = CountryStyle()


def fold_country(text: str) -> str:
    """Case, accents, punctuation and a leading "the" folded away: the lookup key."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = _NOT_WORD.sub(" ", bare.replace("'", "").replace("\u2019", "")).casefold().split()
    if words[:1] in (["the"], ["la"], ["le"], ["les"], ["el"], ["los"], ["las"]):
        words = words[1:]
    return " ".join(words)


@functools.cache
def _table() -> dict[str, Any]:
    with open(TABLE, "rb") as f:
        return tomllib.load(f)


def _states() -> dict[str, dict[str, str]]:
    """Code -> UN short names (en, fr, es) of the Member and observer States."""
    states: dict[str, dict[str, str]] = _table()["states"]
    return states


@functools.cache
def _places() -> dict[str, str]:
    """Folded name -> code ("" for none) of the places that are not UN States."""
    out: dict[str, str] = {}
    for place in _table()["place"]:
        code = str(place.get("code", ""))
        for name in place["names"]:
            out[fold_country(name)] = code if len(code) == 2 else ""
    return out


@functools.cache
def ambiguous(text: str) -> tuple[str, ...]:
    """The States a name could mean ("Korea": KR and KP), or () when it is not ambiguous."""
    wanted = fold_country(text)
    for name, codes in _table()["ambiguous"].items():
        if fold_country(name) == wanted:
            return tuple(codes)
    return ()


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
        and all(isinstance(t, dict) and all(map(_entry, t.items())) for t in data.values())
    )


def _build_tables() -> dict[str, dict[str, str]]:
    """``index``: folded spelling -> ISO 3166 alpha-2 code; ``codes``: alpha-2 and alpha-3
    codes -> alpha-2. Loading 14 CLDR locales is most of the time."""
    import pycountry

    index: dict[str, str] = {}
    codes = {c.alpha_2 for c in pycountry.countries} | {"XK"}
    for lang in NAME_LANGUAGES:
        for code, name in babel.Locale.parse(lang).territories.items():
            if code in codes:
                index.setdefault(fold_country(name), code)
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                index.setdefault(fold_country(value), country.alpha_2)
    table = {c.alpha_2: c.alpha_2 for c in pycountry.countries}
    table.update({c.alpha_3: c.alpha_2 for c in pycountry.countries})
    table.update(_EXTRA_CODES)
    return {"index": index, "codes": table}


@functools.cache
def _un_index() -> dict[str, str]:
    """Folded UN names (en, fr, es) and aliases -> code: these win over CLDR's."""
    out = {fold_country(str(n)): code for code, names in _states().items()
           for lang, n in names.items() if lang in UN_LANGUAGES}  # fmt: skip
    out.update({fold_country(name): code for name, code in _table()["alias"].items()})
    return out


@functools.cache
def recognise(text: str) -> Country | None:
    """What ``text`` names: a UN State, a place that is not one, or None (unknown, or
    ambiguous). Codes count only in capitals ("US", "FRA"), so an ordinary word is
    never read as one."""
    stripped = text.strip().replace(".", "")
    codes = _tables()["codes"]
    if stripped.isupper() and stripped in codes:
        code = codes[stripped]
        return Country(code, code in _states(), typed_code=True)
    key = fold_country(text)
    if not key or ambiguous(text):
        return None
    if key in _places():
        return Country(_places()[key], False)
    found = _un_index().get(key) or _tables()["index"].get(key)
    return Country(found, found in _states()) if found else None


def recognise_country(text: str) -> str | None:
    """The ISO 3166 alpha-2 code ``text`` names, or None (a place without one too)."""
    found = recognise(text)
    return found.code or None if found else None


@functools.cache
def _cldr_name(code: str, lang: str) -> str:
    locale = letter_locale(lang)
    name = locale.territories.get(code) or babel.Locale.parse("en").territories.get(code)
    return str(name or code)


def country_name(code: str, lang: str = "en", style: str = "un") -> str:
    """How the letter prints the State or territory with ``code``."""
    return CountryStyle(style, lang)._name(code)


@functools.cache
def suggest_country(text: str, style: CountryStyle = UN_STYLE) -> str | None:
    """The closest known country name to a misspelt one ("Colomba" -> "Colombia"),
    printed in the letter's style. Remembered per spelling: a list repeats its typos."""
    from rapidfuzz import process

    names = {**_tables()["index"], **_un_index()}
    match = process.extractOne(fold_country(text), names.keys(), score_cutoff=80)
    return style._name(names[match[0]]) if match else None


def words_names(names: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """words.toml's ``[lang.countries]`` table, as CountryStyle keeps it."""
    return tuple(sorted((code.upper(), str(name)) for code, name in names.items()))
