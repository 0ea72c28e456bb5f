"""Load a letter folder: ``letter.md`` (YAML front matter + Markdown) and its parts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..base.errors import LetterFolderError
from ..base.files import inside, outside_message
from ..base.language import Language, make_language
from .check import letter_countries, review_signatories
from .countries import CountryStyle
from .frontmatter import FrontMatter, parse_letter_text, read_letter_text
from .sheets import find_signatory_file, load_signatories
from .signatories import Signatory


@dataclass(frozen=True)
class Letter:
    """Everything read from a letter folder, before any rendering."""

    #: The letter folder, resolved.
    folder: Path
    #: The front matter, checked, a translation's laid over letter.md's.
    front: FrontMatter
    #: The letter's language, decided here once: words, locale, direction, dates.
    language: Language
    #: The file the front matter and body come from: letter.md, or letter.<lang>.md.
    source: Path
    #: The Markdown body, as written (Jinja expressions not yet filled in).
    body: str
    #: Line of letter.md where the body starts, for messages.
    body_line: int
    #: The signatory list, normalised, nameless and repeated rows dropped (and said so).
    signatories: tuple[Signatory, ...]
    #: What loading ignored or guessed, one sentence each (``--strict`` makes them fatal).
    warnings: tuple[str, ...]
    #: The signatory file, or None when the folder has none.
    signatories_file: Path | None
    #: The user's ``style.css``, loaded after the theme's styles.
    style_css: Path | None
    #: Scanned signed pages (``annex/*.pdf``), in name order.
    scans: tuple[Path, ...]

    @property
    def input_files(self) -> tuple[Path, ...]:
        """Every file the build reads from the letter folder (never to be written)."""
        optional = (
            self.signatories_file,
            self.style_css,
            self.folder / "profiles.toml",
            self.folder / "words.toml",
        )
        return (
            self.folder / "letter.md",
            *find_translations(self.folder).values(),
            *(p for p in optional if p),
            *self.scans,
        )


def find_translations(folder: Path) -> dict[str, Path]:
    """Language -> ``letter.<lang>.md`` beside letter.md (``fr`` -> letter.fr.md)."""
    return {p.name[len("letter.") : -len(".md")]: p for p in sorted(folder.glob("letter.?*.md"))}


def load_letter(folder: Path, lang: str | None = None) -> Letter:
    """Read and check a letter folder; raise a LetterError that says what to fix.

    ``lang`` picks a translation, ``letter.<lang>.md``: its front matter overlays
    letter.md's (date, paper, addressees... need not be repeated), and its body replaces
    letter.md's. ``None``, or letter.md's own ``lang``, reads letter.md.
    """
    folder = Path(folder)
    if folder.is_file():
        raise LetterFolderError(
            f"{folder}: is a file; give the folder that holds letter.md: "
            f"letterpdf build {folder.parent}"
        )
    if not folder.is_dir():
        raise LetterFolderError(
            f"{folder}: no such folder. Give the folder that holds letter.md "
            "(e.g. `letterpdf build content`), or create one with `letterpdf new DIR`."
        )
    source = folder / "letter.md"
    if not source.is_file():
        raise LetterFolderError(
            f"{source}: not found. A letter folder needs letter.md: YAML front matter "
            "between two '---' lines, then the letter in Markdown."
        )
    if not inside(source, folder):
        raise LetterFolderError(outside_message(source, "letter.md"))
    front, body, body_line = parse_letter_text(read_letter_text(source), source)
    if lang is not None and lang != front.lang:
        translations = find_translations(folder)
        if lang not in translations:
            known = ", ".join([front.lang, *translations])
            raise LetterFolderError(
                f"{folder / f'letter.{lang}.md'}: not found; this letter is in {known}. "
                f"Write the translation in letter.{lang}.md, or build one of those."
            )
        source = translations[lang]
        if not inside(source, folder):
            raise LetterFolderError(outside_message(source, source.name))
        front, body, body_line = parse_letter_text(read_letter_text(source), source, base=front)
    sig_file = find_signatory_file(folder)
    entries: tuple[Signatory, ...] = ()
    settings = (sig_file, folder / "style.css", folder / "words.toml", folder / "profiles.toml")
    refused = [p for p in settings if p is not None and p.exists() and not inside(p, folder)]
    warnings = tuple(outside_message(path, path.name) for path in refused)
    if sig_file in refused:
        sig_file = None
    if sig_file:
        listed, said = _reviewed_list(sig_file, front.columns, letter_countries(front, folder))
        entries = listed
        warnings += said
    warnings += raw_html_warnings(body, body_line, source)
    style = folder / "style.css"
    scans, others, linked = _annex_files(folder / "annex", folder)
    warnings += tuple(
        f"{p}: not a PDF, so not in the letter; save the signed pages as PDF in annex/."
        for p in others
    )
    warnings += tuple(
        outside_message(p, p.name if p.is_file() else "the annex folder") for p in linked
    )
    language = make_language(front.lang, folder)
    if language.words.missing:
        warnings += (_missing_words(source, language),)
    return Letter(
        source=source,
        folder=folder.resolve(),
        front=front,
        language=language,
        body=body,
        body_line=body_line,
        signatories=entries,
        warnings=warnings,
        signatories_file=sig_file,
        style_css=style if style.is_file() and inside(style, folder) else None,
        scans=scans,
    )


_Reviewed = tuple[tuple[Signatory, ...], tuple[str, ...]]
#: The last lists read and reviewed, by content: `watch` reads the list again on every
#: save, and a save of letter.md or a theme leaves it as it was.
_REVIEWED: dict[tuple[str, str, str, CountryStyle], _Reviewed] = {}


def _reviewed_list(path: Path, columns: dict[str, str], countries: CountryStyle) -> _Reviewed:
    """The list in ``path``, reviewed, and what loading and review said of it."""
    import hashlib

    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        digest = ""  # load_signatories says what is wrong
    key = (str(path), digest, repr(sorted(columns.items())), countries)
    if digest and key in _REVIEWED:
        return _REVIEWED[key]
    loaded = load_signatories(path, columns)
    review = review_signatories(loaded.entries, path, countries)
    result = review.entries, loaded.warnings + tuple(f.text() for f in review.findings)
    if digest:
        _REVIEWED.clear()  # one list at a time: a letter's, or its translation's (same)
        _REVIEWED[key] = result
    return result


def raw_html_warnings(body: str, body_line: int, source: Path) -> tuple[str, ...]:
    """One warning per line of the body that holds HTML (it prints as text, not markup)."""
    from markdown_it import MarkdownIt

    found: dict[int, str] = {}
    for token in MarkdownIt("commonmark").parse(body):
        line = body_line + (token.map[0] if token.map else 0)
        if token.type == "html_block":
            found.setdefault(line, token.content)
        breaks = 0
        for child in token.children or ():
            breaks += child.type in ("softbreak", "hardbreak")
            if child.type == "html_inline":
                found.setdefault(line + breaks, child.content)
    return tuple(
        f"{source} line {line}: HTML {tag.split()[0].rstrip('>')}> prints as text; write "
        "Markdown instead: **bold**, *italic*, [text](https://...)."
        for line, tag in sorted(found.items())
    )


def _missing_words(source: Path, language: Language) -> str:
    """The warning for a language letterpdf has no words for (dates, numbers and plural
    rules come from CLDR; the words around the letter do not)."""
    keys = language.words.missing
    return (
        f"{source}: letterpdf has no words in {language.tag!r} ({language.name}) for "
        f"{', '.join(keys)}: they print in English. Add them to words.toml in the letter "
        f'folder, e.g. [{language.primary}] then {keys[0]} = "..." (see the built-in '
        "src/letterpdf/base/words.toml)."
    )


def _annex_files(
    annex: Path, folder: Path
) -> tuple[tuple[Path, ...], tuple[Path, ...], tuple[Path, ...]]:
    """The scans (``*.pdf``, any case) in file-manager order, the other visible files,
    and what links outside the letter folder (the annex folder, or single scans)."""
    if not annex.is_dir():
        return (), (), ()
    if not inside(annex, folder):
        return (), (), (annex,)

    def order(path: Path) -> list[tuple[int, str]]:
        parts = re.split(r"(\d+)", path.name.casefold())
        return [(int(p), "") if p.isdigit() else (-1, p) for p in parts]

    files = sorted((p for p in annex.iterdir() if p.is_file()), key=order)
    visible = [p for p in files if not p.name.startswith(".")]
    linked = tuple(p for p in visible if not inside(p, folder))
    kept = [p for p in visible if p not in linked]
    return (
        tuple(p for p in kept if p.suffix.lower() == ".pdf"),
        tuple(p for p in kept if p.suffix.lower() != ".pdf"),
        linked,
    )
