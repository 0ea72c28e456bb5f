"""Merge the letter and its signatories into HTML with the theme's Jinja templates."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import jinja2
import jinja2.sandbox
from jinja2.exceptions import SecurityError
from markupsafe import Markup, escape

from ..base.errors import TemplateError
from ..base.files import shorten
from ..base.text import PHRASE_MAX, cjk_phrases, text_direction, text_lang
from ..base.words import Words
from ..source.letter import Letter
from ..source.signatories import Group, Signatory, count_countries, scope_rank
from .branding import Branding, grid_columns
from .jinja import RenderLimit, render_limited, template_line, text_environment, theme_environment
from .markdown import parse_body, render_body_html


@dataclass(frozen=True)
class SignatoryCounts:
    """What the letter body may say about its signatories: ``{{ signatories.count }}``."""

    count: int
    countries: int
    organisations: int
    individuals: int
    #: Group title -> number of signatories in it.
    groups: dict[str, int]
    #: Scope -> number of organisations in groups of that scope ("international",
    #: "regional", "national", "local"), whatever the groups are called.
    scopes: dict[str, int]
    #: The date the list stands at, as the letter writes dates ("30 April 2020").
    as_of: str


#: Names of the scopes in ``{{ signatories.scopes.national }}``, widest first.
SCOPE_NAMES = ("international", "regional", "national", "local")


def count_signatories(groups: tuple[Group, ...], as_of: str = "") -> SignatoryCounts:
    """Counts over the grouped list, as the annex prints it."""
    entries: tuple[Signatory, ...] = tuple(s for g in groups for s in g.members)
    individuals = sum(1 for s in entries if s.individual)
    scopes = dict.fromkeys(SCOPE_NAMES, 0)
    for group in groups:
        rank = scope_rank(group.title)
        if rank < len(SCOPE_NAMES):
            scopes[SCOPE_NAMES[rank]] += sum(1 for s in group.members if not s.individual)
    return SignatoryCounts(
        count=len(entries),
        countries=count_countries(entries),
        organisations=len(entries) - individuals,
        individuals=individuals,
        groups={g.title: len(g.members) for g in groups},
        scopes=scopes,
        as_of=as_of,
    )


def as_of_date(letter: Letter) -> str:
    """The list's as-of date (front matter ``as_of``, else the letter's date), written out."""
    front = letter.front
    return letter.language.date(front.as_of or front.date)


def render_body(letter: Letter, counts: SignatoryCounts) -> Markup:
    """Fill in ``{{ ... }}`` in the Markdown body (sandboxed), then convert it to HTML.

    Raw HTML in the Markdown is escaped, never passed through: the body is untrusted.
    Markdown footnotes stand where they are called, for CSS ``float: footnote``.
    """
    text = fill_placeholders(letter.body, letter, counts, letter.body_line)
    return Markup(render_body_html(parse_body(text, letter.language)))


def fill_placeholders(text: str, letter: Letter, counts: SignatoryCounts, line: int) -> str:
    """``{{ signatories.count }}`` and the like, filled in by a sandboxed Jinja.

    ``line`` is where ``text`` starts in letter.md, for messages.
    """
    source = letter.source
    try:
        template = text_environment().from_string(text)
        return render_limited(template, signatories=counts, letter=letter.front)
    except jinja2.TemplateSyntaxError as e:
        raise TemplateError(
            f"{source} line {line + (e.lineno or 1) - 1}: {e.message}. Write placeholders as "
            "{{ signatories.count }}; to print braces literally use {{ '{{' }}."
        ) from None
    except jinja2.UndefinedError as e:
        # "'SignatoryCounts object' has no attribute 'cuont'": name the word and its line.
        word = (re.findall(r"'([^']*)'", e.message or "") or [""])[-1]
        where = next(
            (
                f"{source} line {line + n}"
                for n, text_line in enumerate(text.splitlines())
                if word and "{{" in text_line and word in text_line
            ),
            str(source),
        )
        raise TemplateError(
            f"{where}: unknown placeholder {word!r}. Known: signatories.count, "
            "signatories.countries, signatories.organisations, signatories.individuals, "
            "signatories.as_of, signatories.groups['Group name'], "
            "signatories.scopes.international (regional, national, local)."
        ) from None
    except Exception as e:  # any error of the letter's own expression: 1/0, "a" + 1...
        at = template_line(e)
        where = f"{source} line {line + at - 1}" if at else str(source)
        what = "not allowed in a letter" if isinstance(e, SecurityError | RenderLimit) else ""
        raise TemplateError(
            f"{where}: the placeholder cannot be filled in ({shorten(str(e) or type(e).__name__)}"
            f"{'; ' + what if what else ''}). Write placeholders such as "
            "{{ signatories.count }}; to print braces literally use {{ '{{' }}."
        ) from None


def _environment(theme_dir: Path | Sequence[Path]) -> jinja2.Environment:
    return _theme_environment((theme_dir,) if isinstance(theme_dir, Path) else tuple(theme_dir))


@functools.lru_cache(maxsize=16)
def _theme_environment(theme_dirs: tuple[Path, ...]) -> jinja2.Environment:
    """One environment per theme, so each template is compiled once per process (the
    annex template is rendered once per page range); Jinja reloads an edited file."""
    # Sandboxed and limited: a theme may be a folder handed over along with the letter.
    return theme_environment(theme_dirs)


#: Front-matter fields printed as text (the others are dates, paths or option values).
_PROSE = (
    "title",
    "subject",
    "salutation",
    "closing",
    "signed_by",
    "annex_title",
    "annex_note",
    "individuals_title",
)


def _context(letter: Letter, branding: Branding | None, words: Words | None) -> dict[str, Any]:
    front, language = letter.front, letter.language
    # Prose the reader sees gets the body's typography; paths and option values do not.
    spaced: dict[str, Any] = {name: language.prose(getattr(front, name)) for name in _PROSE}
    return {
        "front": replace(front, **spaced),
        "date": language.date(front.date),
        # The language the letter was written in, named in this version's language:
        # "Original: English" on the English letter, "Original : anglais" on the French.
        "language": language.language_name(front.original or front.lang),
        "original_line": language.spaced(
            f"{language.words.original}: {language.language_name(front.original or front.lang)}"
        ),
        "branding": branding or Branding(),
        "grid_columns": grid_columns,
        "dir": language.direction,
        "words": words or language.words,
        "name_attrs": name_attrs,
        "name_html": name_html,
        "country_html": country_html,
    }


def name_attrs(entry: Signatory | str) -> Markup:
    """``dir`` and ``lang`` for a name printed among others: an Arabic name in an English
    annex is set right to left; a Japanese one takes Japanese glyph forms (its script,
    else its country, says which: see signatories.name_languages)."""
    if isinstance(entry, str):
        return _attrs(entry, text_lang(entry))
    return _attrs(entry.name, entry.lang or text_lang(entry.name))


@functools.lru_cache(maxsize=65536)  # each name is printed in several renders a build
def _attrs(name: str, lang: str) -> Markup:
    attrs = f' dir="{text_direction(name)}"'
    if lang:
        attrs += f' lang="{escape(lang)}"'
    return Markup(attrs)


def name_html(entry: Signatory) -> Markup:
    """The name, escaped; a Chinese, Japanese or Korean one as phrases that a line does
    not break inside (unless one alone is wider than the column): WeasyPrint breaks CJK
    text between any two characters, and has no ``word-break: keep-all``."""
    return _phrases(entry.name, entry.lang or text_lang(entry.name))


@functools.lru_cache(maxsize=65536)
def _phrases(name: str, lang: str) -> Markup:
    if not lang or name.isascii():
        return escape(name)
    pieces = cjk_phrases(name, lang)
    if len(pieces) < 2:
        return escape(name)
    return Markup("").join(_together(p, PHRASE_MAX) for p in pieces)


#: Characters up to which a country is kept on one line. A longer UN name ("United
#: Kingdom of Great Britain and Northern Ireland") is wider than an annex column: kept
#: whole, it ran into the margin.
COUNTRY_MAX = 32


def country_html(entry: Signatory) -> Markup:
    """The country, never split (not even at the hyphen of "Timor-Leste") unless it is
    too long for a column."""
    return _together(entry.country, COUNTRY_MAX)


def _together(text: str, limit: int) -> Markup:
    """``text`` on one line when it is short enough to fit one; else free to wrap."""
    if len(text) > limit:
        return escape(text)
    return Markup('<span style="white-space: nowrap">{}</span>').format(text)


def render_letter_html(
    letter: Letter,
    counts: SignatoryCounts,
    *,
    theme_dir: Path | Sequence[Path],
    total_pages: int,
    annex_pages: int = 0,
    branding: Branding | None = None,
    words: Words | None = None,
    paper: str = "a4",
) -> str:
    """The letter pages as HTML; ``annex_pages`` counts the annex and scanned pages;
    ``paper`` ("a4", "letter") lets the theme place its fold marks."""
    return _render(
        theme_dir,
        "letter.html",
        **_context(letter, branding, words),
        body=render_body(letter, counts),
        signatories=counts,
        total_pages=total_pages,
        letter_pages=total_pages - annex_pages,
        annex_pages=annex_pages,
        paper=paper,
    )


def render_annex_html(
    letter: Letter,
    groups: tuple[Group, ...],
    counts: SignatoryCounts,
    *,
    theme_dir: Path | Sequence[Path],
    branding: Branding | None = None,
    pages: Sequence[object] | None = None,
    words: Words | None = None,
) -> str:
    """The signatory annex as HTML; each group heading has the id ``group-N``.

    ``pages``: the planned pages (annex.PageView), or None for one flow of columns.
    """
    note = fill_placeholders(letter.front.annex_note, letter, counts, 2)
    note = letter.language.spaced(note)
    return _render(
        theme_dir,
        "annex.html",
        **_context(letter, branding, words),
        groups=groups,
        signatories=counts,
        annex_note=note,
        pages=pages,
    )


def _render(theme_dir: Path | Sequence[Path], name: str, **context: Any) -> str:
    """Render a theme template; a broken template is the theme author's to fix, named here."""
    try:
        entries = sum(len(g.members) for g in context.get("groups", ()))
        template = _environment(theme_dir).get_template(name)
        return render_limited(template, entries, **context)
    except Exception as e:  # any error of the template's own: its author's to fix
        where = getattr(e, "filename", None) or name
        line = template_line(e)
        message = shorten(str(getattr(e, "message", None) or e or type(e).__name__))
        raise TemplateError(
            f"{where}{f' line {line}' if line else ''}: the theme template failed "
            f"({message}). Fix the template, or remove it from the theme folder to use the "
            "classic one."
        ) from None
