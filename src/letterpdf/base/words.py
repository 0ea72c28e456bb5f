"""Words printed around a letter in its language, and the language's typographic habits.

Built-in tables live in ``words.toml`` beside this module; a ``words.toml`` in the letter
folder overrides any word or group heading. Plural forms follow CLDR (through Babel).
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import WordsError, did_you_mean
from .files import inside
from .locale import letter_locale, primary_language

BUILTIN_WORDS = Path(__file__).with_name("words.toml")
USER_WORDS = "words.toml"


@dataclass(frozen=True)
class Words:
    """The words of one language; see words.toml for what each is."""

    lang: str
    annex: str
    annex_title: str
    signed_by: str
    individuals: str
    date: str
    original: str
    pages: str
    page_footer: str
    annex_footer: str
    #: CLDR plural category ("one", "few", "other"...) -> "{n} signatories".
    signatories: dict[str, str]
    outline_letter: str
    outline_signatories: str
    outline_scans: str
    label_annex: str
    label_scans: str
    #: Word documents: the heading of the list of submitters, the headings of an HRC
    #: statement's co-sponsors by status, and its footnote naming the others.
    submitted_by: str
    status_general: str
    status_special: str
    status_roster: str
    also_share: str
    #: Group heading (casefolded) -> the heading as printed.
    groups: dict[str, str] = field(default_factory=dict)

    def count(self, n: int) -> str:
        """``12 signatories``, in the plural form the language wants for ``n``."""
        form = letter_locale(self.lang).plural_form(n)
        pattern = self.signatories.get(form) or self.signatories.get("other", "{n}")
        return pattern.replace("{n}", str(n))

    def group(self, title: str) -> str:
        """A group heading as this language prints it (unchanged when not in the table)."""
        return self.groups.get(title.casefold(), title)

    def footer_css(self, part: str, pages: int | None = None) -> str:
        """The page footer of ``part`` ("letter", "annex") as a CSS custom property, for
        the themes' ``content: var(--letterpdf-footer)``; ``--letterpdf-annex`` is the word
        "Annex" and ``--letterpdf-pages`` the page total, for themes that build their own
        footer. ``pages`` prints that total instead
        of ``counter(pages)`` (a range of the annex rendered on its own)."""
        pattern = self.annex_footer if part == "annex" else self.page_footer
        return (
            f":root {{ --letterpdf-footer: {_css_content(pattern, pages)}; "
            f"--letterpdf-annex: {_css_content(self.annex)}; "
            f"--letterpdf-pages: {_css_content('{pages}', pages)}; }}"
        )


_FIELDS = {f.name for f in dataclasses.fields(Words)} - {"lang"}


def load_words(lang: str, folder: Path | None = None) -> Words:
    """The words for ``lang``: English, overlaid by the built-in table, then the user's."""
    builtin = _read_toml(BUILTIN_WORDS)
    own = folder / USER_WORDS if folder else None
    # A words.toml that links outside the folder is not read (load_letter says so).
    user = _read_toml(own) if own and own.is_file() and inside(own, own.parent) else {}
    primary = primary_language(lang)
    for name, table in user.items():
        if not isinstance(table, dict):
            raise WordsError(
                f"{folder and folder / USER_WORDS}: {name!r} must be a table such as "
                f'[{name}] with keys like annex = "...".'
            )
        _check_keys(table, folder / USER_WORDS if folder else BUILTIN_WORDS, name)
    merged: dict[str, Any] = {}
    groups: dict[str, str] = {}
    for table in (builtin["en"], builtin.get(primary, {}), user.get(primary, {})):
        merged.update({k: v for k, v in table.items() if k != "groups"})
        groups.update({str(k).casefold(): str(v) for k, v in table.get("groups", {}).items()})
    return Words(lang=lang, groups=groups, **merged)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        raise WordsError(
            f'{path}: {e}. Each line is key = "words"; a table starts with [fr].'
        ) from None


def _check_keys(table: dict[str, Any], path: Path, lang: str) -> None:
    for key in table:
        if key not in _FIELDS:
            hint = did_you_mean(key, _FIELDS)
            raise WordsError(
                f"{path} [{lang}]: unknown key {key!r}.{hint} "
                f"Known keys: {', '.join(sorted(_FIELDS))}."
            )


def _css_content(pattern: str, pages: int | None = None) -> str:
    """``Page {page} of {pages}`` as a CSS content value with page counters."""
    parts = re.split(r"(\{pages?\})", pattern)
    tokens = []
    for part in parts:
        if part == "{page}":
            tokens.append("counter(page)")
        elif part == "{pages}":
            tokens.append("counter(pages)" if pages is None else f'"{pages}"')
        elif part:
            tokens.append('"' + part.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return " ".join(tokens) or '""'


#: Languages whose typography puts a no-break space before ; : ! ? and inside « ».
_SPACED_PUNCTUATION = frozenset({"fr"})
#: Quotation marks the Markdown typographer uses, per language (double, then single).
QUOTES = {"fr": "«»‹›", "es": "«»“”", "ru": "«»„“"}  # noqa: RUF001

_NARROW = "\u202f"
_NBSP = "\u00a0"
_SPACES = f" {_NBSP}{_NARROW}"
_BEFORE = f"(?<=[^\\s;:!?{_NBSP}{_NARROW}«])[{_SPACES}]?"
_AFTER = r"(?=\s|$|[»)\]”’\"'.,…;:!?])"  # noqa: RUF001
_TIGHT = re.compile(_BEFORE + r"([;!?])" + _AFTER)
_COLON = re.compile(_BEFORE + r":" + _AFTER)
_OPEN = re.compile(f"«[{_SPACES}]?")
_CLOSE = re.compile(f"(?<=[^\\s])[{_SPACES}]?»")


def smart_quotes(text: str, lang: str) -> str:
    """Straight quotes as the language's curly ones, as the Markdown body gets them:
    ``d'organisations`` takes an apostrophe, ``"x"`` English or French quotation marks."""
    quotes = QUOTES.get(primary_language(lang), "\u201c\u201d\u2018\u2019")
    out: list[str] = []
    for i, char in enumerate(text):
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        opening = before.isspace() or before in "([{\u2014\u2013-/"
        if char == '"':
            out.append(quotes[0] if opening else quotes[1])
        elif char == "'":
            apostrophe = before.isalnum() and (
                after.isalnum() or after.isspace() or after in ".,;:!?"
            )
            out.append("\u2019" if apostrophe else quotes[2] if opening else quotes[3])
        else:
            out.append(char)
    return "".join(out)


def typographic_spaces(text: str, lang: str) -> str:
    """French spacing: a narrow no-break space before ; ! ? and a no-break space before :
    and inside « »; other languages are returned unchanged.

    Only punctuation that ends a word is touched: ``10:30``, ``https://`` and ``?id=3``
    stay as written.
    """
    if primary_language(lang) not in _SPACED_PUNCTUATION:
        return text
    text = _TIGHT.sub(_NARROW + r"\1", text)
    text = _COLON.sub(_NBSP + ":", text)
    text = _OPEN.sub("«" + _NBSP, text)
    return _CLOSE.sub(_NBSP + "»", text)
