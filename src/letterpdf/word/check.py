"""Count a Word document's words as a channel counts them, and check a .docx before upload.

Words are counted as Word's Word Count does with "Include textboxes, footnotes and
endnotes" ticked: text split at spaces ("vis-à-vis" and "A/HRC/55/1" are one word),
runs joined within a paragraph, note marks and list numbers left out. The signatory
list (co-sponsors, submitters, the annex, and the footnote to the title naming those
without consultative status) does not count: the channels limit the text and its notes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import qn

from ..base.findings import Finding, verdict
from ..output.preflight import PreflightReport
from ..output.profiles import Profile
from ..output.textread import missing_names
from ..source.signatories import Signatory
from .ooxml import read_custom_properties

_NOTE_MARKS = ("FootnoteReference", "EndnoteReference")
_LIST_STYLES = ("Signatories Heading", "Signatory Group", "Signatory")


@dataclass(frozen=True)
class WordCount:
    """Words of the text (title and headings included) and of its notes."""

    text: int
    notes: int
    #: Names in the signatory list (paragraphs of style "Signatory").
    names: int = 0

    @property
    def total(self) -> int:
        return self.text + self.notes


def count_words(data: bytes) -> WordCount:
    """The words of a .docx's text and its footnotes and endnotes, without the signatory
    list; see the module's docstring for what counts as a word."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return _count(archive)


def _count(archive: zipfile.ZipFile) -> WordCount:
    listing, title = _style_ids(archive)
    body = parse_xml(archive.read("word/document.xml")).find(qn("w:body"))
    texts, names, title_notes = [], 0, set()
    for paragraph in body.iter(qn("w:p")):
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        style_id = style.get(qn("w:val")) if style is not None else ""
        if style_id == title:
            title_notes |= {r.get(qn("w:id")) for r in paragraph.iter(qn("w:footnoteReference"))}
        if style_id in listing:
            names += style_id == listing[-1]
            continue
        texts.append(_text(paragraph))
    notes = []
    for part, kind in (("word/footnotes.xml", "footnote"), ("word/endnotes.xml", "endnote")):
        if part not in archive.namelist():
            continue
        for note in parse_xml(archive.read(part)).iter(qn(f"w:{kind}")):
            if note.get(qn("w:type")) not in (None, "normal"):
                continue  # the separator lines
            if kind == "footnote" and note.get(qn("w:id")) in title_notes:
                continue  # names without consultative status: part of the list
            notes += [_text(p) for p in note.iter(qn("w:p"))]
    return WordCount(_words(texts), _words(notes), names)


def _words(texts: Iterable[str]) -> int:
    return sum(len(t.split()) for t in texts)


def _text(paragraph: Any) -> str:
    """A paragraph's text: its runs joined (a run boundary is not a word boundary), tabs
    and breaks as spaces, note marks and field codes left out."""
    out = []
    for run in paragraph.iter(qn("w:r")):
        style = run.find(f"{qn('w:rPr')}/{qn('w:rStyle')}")
        if style is not None and style.get(qn("w:val")) in _NOTE_MARKS:
            continue
        for child in run:
            if child.tag == qn("w:t"):
                out.append(child.text or "")
            elif child.tag in (qn("w:tab"), qn("w:br"), qn("w:cr")):
                out.append(" ")
    return "".join(out)


def _style_ids(archive: zipfile.ZipFile) -> tuple[tuple[str, ...], str]:
    """The style ids of the signatory list's paragraph styles (the names' last), and the
    title's."""
    ids: dict[str, str] = {}
    if "word/styles.xml" in archive.namelist():
        for style in parse_xml(archive.read("word/styles.xml")).iter(qn("w:style")):
            name = style.find(qn("w:name"))
            if name is not None:
                ids[str(name.get(qn("w:val")))] = str(style.get(qn("w:styleId")))
    listing = tuple(ids.get(n, n.replace(" ", "")) for n in _LIST_STYLES)
    return listing, ids.get("Title", "Title")


def docx_text(data: bytes) -> str:
    """All the text of the document and its notes, paragraphs on lines of their own."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [p for p in archive.namelist() if p.startswith("word/") and p.endswith(".xml")]
        return "\n".join(
            _text(p)
            for part in sorted(parts)
            for p in parse_xml(archive.read(part)).iter(qn("w:p"))
        )


def check_docx(
    path: Path, *, profile: Profile | None = None, signatories: Sequence[Signatory] | None = None
) -> PreflightReport:
    """Check a Word document: that it opens, has no macros, its size, fonts, words and,
    with ``signatories``, that every name is in it."""
    data = path.read_bytes()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
        if "word/document.xml" not in names:
            raise zipfile.BadZipFile("no word/document.xml")
    except zipfile.BadZipFile as e:
        finding = verdict("format", False, f"not a Word document ({e}); save it as .docx")
        return PreflightReport(path, profile.name if profile else None, (finding,))
    with archive:
        findings = [
            verdict("format", True, "a Word document (.docx) that opens"),
            _macros(archive),
            _size(len(data), profile),
            _fonts(archive, profile),
            _word_count(archive, profile),
        ]
    if signatories is not None:
        missing = missing_names([docx_text(data)], (s.name for s in signatories))
        shown = ", ".join(repr(n) for n in missing[:5]) + (" ..." if len(missing) > 5 else "")
        findings.append(
            verdict("signatories", not missing, f"{len(missing)} name(s) missing: {shown}")
            if missing
            else verdict("signatories", True, f"all {len(signatories)} names are in it")
        )
    return PreflightReport(path, profile.name if profile else None, tuple(findings))


def _macros(archive: zipfile.ZipFile) -> Finding:
    types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    found = [n for n in archive.namelist() if "vbaproject" in n.lower() or "vbadata" in n.lower()]
    if found or "macroEnabled" in types:
        return verdict(
            "macros", False, "holds macros (VBA); save it as a plain .docx (Word Document)"
        )
    return verdict("macros", True, "no macros")


def _size(size: int, profile: Profile | None) -> Finding:
    shown = f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{size / 1000:.0f} KB"
    if profile and profile.max_size_mb is not None and size > profile.max_size_mb * 1e6:
        return verdict("size", False, f"{shown}, over the {profile.max_size_mb:g} MB allowed")
    return verdict("size", True, shown)


def _fonts(archive: zipfile.ZipFile, profile: Profile | None) -> Finding:
    """The fonts the document names (styles and text); with a profile, only its font."""
    fonts: set[str] = set()
    for part in ("word/styles.xml", "word/document.xml", "word/footnotes.xml", "word/endnotes.xml"):
        if part in archive.namelist():
            for element in parse_xml(archive.read(part)).iter(qn("w:rFonts")):
                for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                    if value := element.get(qn(attribute)):
                        fonts.add(value)
    named = ", ".join(sorted(fonts)) or "none"
    if profile is not None and profile.format == "docx":
        others = sorted(fonts - {profile.font})
        if others:
            return verdict(
                "fonts",
                False,
                f"names {', '.join(others)} besides {profile.font}, which {profile.name} "
                f"asks for; set the text in {profile.font}",
            )
        return verdict("fonts", True, f"{profile.font} only, as {profile.name} asks")
    return verdict("fonts", True, f"names {named}")


def _word_count(archive: zipfile.ZipFile, profile: Profile | None) -> Finding:
    count = _count(archive)
    counted = f"{count.total:,} words ({count.text:,} text, {count.notes:,} in notes)"
    limit = profile.word_limit if profile else None
    if profile is None or limit is None:
        return verdict("words", True, counted)
    if isinstance(limit, int):
        allowed, rule = limit, profile.name
    elif set(limit) <= {"single", "joint"}:
        key = "joint" if count.names >= 2 else "single"
        allowed, rule = limit[key], f"a {key} submission"
    else:
        status = read_custom_properties(archive).get("Consultative status", "")
        allowed = limit.get(status, min(limit.values()))
        rule = f"{status} status" if status else "the smallest limit (status unknown)"
    if count.total <= allowed:
        return verdict("words", True, f"{counted}, within the {allowed:,} for {rule}")
    message = f"{counted}, {count.total - allowed:,} over the {allowed:,} for {rule}"
    if profile.over_limit == "warning":
        return Finding("warning", "words", "", 0, message)
    return verdict("words", False, message)
