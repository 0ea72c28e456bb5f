"""Every official language of every country, in its own script: test data from CLDR.

For every territory in CLDR's territory language data (as Babel ships it) and every
language that is official, de facto official or regionally official there
(``get_official_languages(territory, regional=True, de_facto=True)``), with locale data in
Babel: the language's name for itself and the country's name in that language, and the
scripts they are written in (CLDR's likely script for the locale, and the scripts of
those names). Nothing here is hand-picked; the Babel version is pinned in pyproject.toml
(the ``dev`` extra), so a CLDR update comes in deliberately.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

from babel import Locale, localedata
from babel.core import get_global
from babel.languages import get_official_languages
from fontTools.unicodedata import script

#: The Babel release the derivation was last reviewed with (CLDR 49).
BABEL_VERSION = "2.19.0"
_NEUTRAL = {"Zyyy", "Zinh", "Zzzz"}
#: ISO 15924 codes that name a mix of scripts: the scripts of their letters.
_COMPOSITE = {
    "Jpan": ("Hani", "Hira", "Kana"),
    "Kore": ("Hang", "Hani"),
    "Hans": ("Hani",),
    "Hant": ("Hani",),
    "Hanb": ("Hani", "Bopo"),
}


@dataclass(frozen=True)
class Official:
    """An official language of a territory, and its names in its own script."""

    territory: str
    language: str
    locale: str
    #: The language's name for itself ("ქართული").
    name: str
    #: The territory's name in that language ("საქართველო").
    country: str
    scripts: frozenset[str]

    @property
    def text(self) -> str:
        """A signatory name made of the two: "ქართული — საქართველო" (or the one CLDR has)."""
        return " — ".join(part for part in (self.name, self.country) if part)


def _likely_script(locale_id: str) -> str | None:
    likely: Mapping[str, str] = get_global("likely_subtags")
    parts = locale_id.split("_")
    if len(parts) > 1 and len(parts[1]) == 4:
        return parts[1]
    for key in (locale_id, parts[0]):
        found = likely.get(key, "").split("_")
        if len(found) > 1 and len(found[1]) == 4:
            return found[1]
    return None


def _letters(text: str) -> set[str]:
    return {script(char) for char in text} - _NEUTRAL


@functools.cache
def official_languages() -> tuple[Official, ...]:
    """One row per (territory, official language) that Babel has locale data for. CLDR has
    no names for two of them (mn_Mong, iu_Latn): their ``name`` and ``country`` are ""."""
    rows = []
    for territory in sorted(get_global("territory_languages")):
        for language in get_official_languages(territory, regional=True, de_facto=True):
            locale_id = next(
                (i for i in (f"{language}_{territory}", language) if localedata.exists(i)), None
            )
            if locale_id is None:
                continue
            locale = Locale.parse(locale_id)
            name = locale.languages.get(language.split("_")[0]) or ""
            country = locale.territories.get(territory) or ""
            likely = _likely_script(locale_id)
            scripts = set(_COMPOSITE.get(likely, (likely,)) if likely else ())
            rows.append(
                Official(
                    territory,
                    language,
                    locale_id,
                    name,
                    country,
                    frozenset(scripts | _letters(name + country)),
                )
            )
    return tuple(rows)
