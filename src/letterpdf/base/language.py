"""The letter's language, decided once: its words, locale, direction, dates and numbers.

:func:`make_language` is called once, when the letter folder is loaded; every later
stage takes the :class:`Language` it is handed instead of looking words and locales up
again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import babel
import babel.numbers

from .locale import (
    format_long_date,
    language_direction,
    language_name,
    letter_locale,
    primary_language,
)
from .words import QUOTES, Words, load_words, smart_quotes, typographic_spaces


@dataclass(frozen=True)
class Language:
    """One letter's language: what every stage prints in it, and how."""

    #: The BCP 47 tag as the front matter gives it ("en", "fr", "pt-BR").
    tag: str
    #: The words letterpdf prints (built-in table, overlaid by the folder's words.toml).
    words: Words
    #: The CLDR locale for dates, numbers and plural rules.
    locale: babel.Locale = field(repr=False, compare=False)

    @property
    def primary(self) -> str:
        """The language subtag alone: ``pt`` for ``pt-BR``."""
        return primary_language(self.tag)

    @property
    def direction(self) -> str:
        """``rtl`` for Arabic, Hebrew, Persian...; ``ltr`` otherwise."""
        return language_direction(self.tag)

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    @property
    def name(self) -> str:
        """The language's name for itself, capitalised: English, Français."""
        return language_name(self.tag)

    @property
    def quotes(self) -> str | None:
        """Quotation marks for the Markdown typographer, or None for English ones."""
        return QUOTES.get(self.primary)

    def language_name(self, tag: str) -> str:
        """Another language's name in this one, as CLDR writes it: "English" in English,
        "anglais" in French (the 'Original' of a translation)."""
        name = self.locale.languages.get(primary_language(tag))
        return str(name) if name else language_name(tag)

    def date(self, date: dt.date) -> str:
        """A date written out: ``5 September 2018``, ``5 septembre 2018``."""
        return format_long_date(date, self.tag)

    def number(self, n: int) -> str:
        """A count with the language's grouping: ``10,000``, ``10 000``."""
        return babel.numbers.format_decimal(n, locale=self.locale)

    def count(self, n: int) -> str:
        """``12 signatories``, in the plural form the language wants for ``n``."""
        return self.words.count(n)

    def prose(self, text: str) -> str:
        """Curly quotes and the language's spacing, as the Markdown body gets them."""
        return typographic_spaces(smart_quotes(text, self.tag), self.tag)

    def spaced(self, text: str) -> str:
        """The language's spacing around punctuation (French: before ; : ! ?)."""
        return typographic_spaces(text, self.tag)


def make_language(tag: str, folder: Path | None = None) -> Language:
    """The Language for ``tag``, with the words of ``folder``'s words.toml, if any."""
    return Language(tag=tag, words=load_words(tag, folder), locale=letter_locale(tag))
