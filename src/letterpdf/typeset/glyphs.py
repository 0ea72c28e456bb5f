"""Glyph preflight: find, before rendering, every character no chosen font can print.

fontconfig sees only ``fonts/``, so a character our faces lack would print as an empty
box ("tofu"). Each text is checked against the faces that will set it (see
:func:`faces_for_text`), and each miss is reported with its file, line and code points.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont
from fontTools.unicodedata import script_extension

from ..base.errors import ConformanceError
from ..base.findings import Finding
from ..base.resources import FONTS_DIR, STYLES_DIR
from ..base.text import describe
from ..source.letter import Letter
from .fonts import NEUTRAL_SCRIPTS, FontFace, choose_faces, declared_faces, text_scripts
from .themes import Theme

#: Categories that need no glyph: controls, format characters (ZWJ, bidi marks, soft
#: hyphen) and spaces, which the shaper draws as blank advance.
_NO_GLYPH_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


@dataclass(frozen=True)
class TextSource:
    """A piece of text to check and where it comes from ("signatories.csv line 7")."""

    where: str
    text: str


#: How to print a character no shipped face has: the fix a glyph finding names.
ADD_A_FONT = (
    "to print them, put a font that has them (e.g. a Noto face, OFL) in the letter folder "
    'and declare it in style.css: @font-face { font-family: "Extra"; src: url(Extra.ttf); } '
    'html { font-family: "Noto Serif", "Extra"; }'
)


def glyph_finding(where: str, text: str, missing: tuple[str, ...], severity: str) -> Finding:
    """A text with characters no face has: where, which text, which characters, the fix."""
    file, _, line = where.partition(" line ")
    chars = ", ".join(describe(c) for c in missing)
    shown = text if len(text) <= 60 else text[:57] + "..."
    return Finding(
        severity,
        "glyph",
        file,
        int(line) if line.isdigit() else 0,
        f"{shown!r} has characters no font of the letter has ({chars}); they would print as "
        f"empty boxes; {ADD_A_FONT}.",
    )


@functools.cache
def face_coverage(path: Path) -> frozenset[int]:
    """The code points a font file maps to glyphs (its cmap), read once per process."""
    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap() or ())


def needs_glyph(char: str) -> bool:
    """False for controls, format characters, spaces and variation selectors."""
    code = ord(char)
    if 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF:
        return False
    return unicodedata.category(char) not in _NO_GLYPH_CATEGORIES


def uncovered(text: str, faces: Iterable[FontFace]) -> tuple[str, ...]:
    """The characters of ``text`` that need a glyph and that none of ``faces`` has."""
    covered = _covered(tuple(dict.fromkeys(f.path for f in faces)))
    return tuple(sorted(c for c in set(text).difference(covered) if needs_glyph(c)))


@functools.lru_cache(maxsize=16)
def _covered(paths: tuple[Path, ...]) -> frozenset[str]:
    """The characters the faces have (as text: a set difference then runs in C)."""
    return frozenset(chr(code) for p in paths for code in face_coverage(p))


def faces_for_text(text: str, lang: str, faces: Iterable[FontFace]) -> tuple[FontFace, ...]:
    """The faces to load for ``text``: the ``always`` ones, and those of its scripts.

    A neutral character (punctuation such as the ideographic comma) that the first choice
    lacks brings in a face of a script that uses it, so ``、`` alone still finds the CJK face.
    """
    faces = tuple(faces)
    scripts = set(text_scripts(text))
    chosen = choose_faces(faces, scripts, lang)
    extra = {s for c in uncovered(text, chosen) for s in script_extension(c)} - NEUTRAL_SCRIPTS
    if extra - scripts:
        chosen = choose_faces(faces, scripts | extra, lang)
    return chosen


def check_glyphs(
    sources: Iterable[TextSource], faces: Iterable[FontFace], severity: str = "warning"
) -> tuple[Finding, ...]:
    """One finding per source with characters that ``faces`` cannot print."""
    faces = tuple(faces)
    findings = []
    for source in sources:
        missing = uncovered(source.text, faces)
        if missing:
            findings.append(glyph_finding(source.where, source.text, missing, severity))
    return tuple(findings)


def letter_sources(letter: Letter) -> tuple[TextSource, ...]:
    """Every line of the letter file (and of letter.md under a translation), and every
    signatory's name, title, country and note, each with its file and line."""
    files = dict.fromkeys((letter.folder / "letter.md", letter.source))
    sources = [
        TextSource(f"{path} line {number}", line)
        for path in files
        if path.is_file()
        for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1)
    ]
    where = letter.signatories_file or letter.folder
    sources += [
        TextSource(f"{where} line {s.line}", text)
        for s in letter.signatories
        for text in (s.name, s.title, s.country, s.note)
        if text
    ]
    return tuple(sources)


def check_letter_glyphs(
    letter: Letter, html: str, faces: Iterable[FontFace], severity: str = "warning"
) -> tuple[Finding, ...]:
    """Check the letter's own text, then what letterpdf adds around it (``html``: dates,
    country names, words.toml), reporting each missing character once."""
    faces = tuple(faces)
    names = (t for s in letter.signatories for t in (s.name, s.title, s.country, s.note))
    paths = dict.fromkeys((letter.source, letter.folder / "letter.md"))
    files = (p.read_text("utf-8", "replace") for p in paths if p.is_file())
    everything = "".join(set("".join((*names, *files, html))))
    if not uncovered(everything, faces):  # the usual case: one set difference, in C
        return ()
    sources = letter_sources(letter)
    findings = check_glyphs(sources, faces, severity)
    reported = {c for s in sources for c in uncovered(s.text, faces)}
    rest = tuple(c for c in uncovered(html, faces) if c not in reported)
    if rest:
        where = f"words letterpdf adds to the {letter.front.lang!r} letter (words.toml, dates)"
        findings += (glyph_finding(where, "".join(rest), rest, severity),)
    return findings


def declared_letter_faces(letter: Letter, theme: Theme) -> tuple[FontFace, ...]:
    """The faces the theme's stylesheets and the letter's style.css declare: their
    glyphs count for what the letter can print."""
    stylesheets = [*theme.stylesheets("letter"), *theme.stylesheets("annex")]
    if letter.style_css:
        stylesheets.append(letter.style_css)
    allowed = (letter.folder, STYLES_DIR, FONTS_DIR, *theme.dirs)
    return declared_faces(dict.fromkeys(stylesheets), allowed)


def letter_glyph_warnings(
    letter: Letter, theme: Theme, variant: str | None, html: str, faces: tuple[FontFace, ...]
) -> tuple[str, ...]:
    """Characters no font has, shipped or declared in the theme's or the user's CSS: a
    warning in a plain PDF (they print as empty boxes); an error in a PDF/A or PDF/UA file,
    which may not show a glyph that stands for no character."""
    faces = (*faces, *declared_letter_faces(letter, theme))
    severity = "error" if variant else "warning"
    findings = check_letter_glyphs(letter, html, faces, severity)
    if variant and findings:
        standard = variant.upper()
        raise ConformanceError(
            f"{len(findings)} text(s) with characters no font has, and a {standard} file "
            "may not print a glyph that stands for no character; nothing was written:\n"
            + "\n".join(f"  - {f.text()}" for f in findings)
        )
    return tuple(f.text() for f in findings)
