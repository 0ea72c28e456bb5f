"""``letterpdf signatories check``: a list checked as the build would print it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .base.options import BuildOptions
from .output.profiles import resolve_target
from .source.check import CheckReport, check_path, load_list
from .source.letter import load_letter
from .typeset.fonts import load_faces
from .typeset.glyphs import TextSource, check_glyphs, declared_letter_faces, faces_for_text
from .typeset.themes import resolve_theme


def check_list(path: Path, *, every_pair: bool = False) -> CheckReport:
    """``letterpdf signatories check``: the findings the build reports about the list,
    near-duplicates, and characters no font has, checked against the letter folder's
    fonts and theme (an error where the letter is built as PDF/A or PDF/UA, which a build
    refuses; else a warning)."""
    report = check_path(path, every_pair=every_pair)
    letter = load_letter(path) if path.is_dir() else None
    entries = letter.signatories if letter else load_list(path)[0].entries
    where = str(report.file)
    sources = [
        TextSource(f"{where} line {s.line}", text)
        for s in entries
        for text in (s.name, s.title, s.country)
        if text
    ]
    lang = letter.front.lang if letter else "en"
    faces = faces_for_text(" ".join(s.text for s in sources), lang, load_faces())
    if letter is None:
        glyphs = check_glyphs(sources, faces)
    else:
        target = resolve_target(letter, BuildOptions())
        theme = resolve_theme(letter.front.theme, letter.folder)
        faces = (*faces, *declared_letter_faces(letter, theme))
        glyphs = check_glyphs(sources, faces, "error" if target.variant else "warning")
    findings = sorted((*report.findings, *glyphs), key=lambda f: (f.line, f.kind))
    return replace(report, findings=tuple(findings))
