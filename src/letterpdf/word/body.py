"""The letter body's Markdown tokens (the PDF's own parse) as Word paragraphs and runs:
headings, emphasis, lists, links, quotes, code, and footnotes or endnotes."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from markdown_it.token import Token

from ..typeset.markdown import Body
from .ooxml import Hyperlink, Notes, add_numbering, number_paragraph, set_paragraph_rtl, set_run_rtl

#: Links Word may open; any other target prints as its text.
_SCHEMES = ("http://", "https://", "mailto:")
_MONO = "Courier New"


def direction_runs(text: str) -> list[tuple[str, bool]]:
    """``text`` in pieces of one direction, (piece, right to left); spaces and signs go
    with the piece they stand in. Text with no right-to-left letter is one piece."""
    if not any(unicodedata.bidirectional(c) in ("R", "AL") for c in text):
        return [(text, False)]
    pieces: list[list[str | bool | None]] = []
    for char in text:
        kind = unicodedata.bidirectional(char)
        rtl = True if kind in ("R", "AL", "AN") else False if kind == "L" else None
        if pieces and (rtl is None or pieces[-1][1] in (None, rtl)):
            pieces[-1][0] = str(pieces[-1][0]) + char
            if rtl is not None:
                pieces[-1][1] = rtl
        else:
            pieces.append([char, rtl])
    return [(str(t), bool(r)) for t, r in pieces]


@dataclass
class _Format:
    bold: int = 0
    italic: int = 0
    link: Hyperlink | None = None


@dataclass
class BodyWriter:
    """Writes body tokens into ``doc``; one writer per document (it numbers the lists)."""

    doc: Document
    notes: Notes
    rtl: bool
    justify: bool
    #: numId of the paragraph numbers (UPR, UK evidence), or None.
    paragraph_numbers: int | None = None
    _bullets: int | None = None
    _lists: list[tuple[int, bool]] = field(default_factory=list)  # (numId, first para?)
    _noted: dict[int, int] = field(default_factory=dict)  # Markdown note -> shown number

    def paragraph(self, style: str | None = None) -> Paragraph:
        """A new body paragraph, right to left in an RTL letter."""
        paragraph = self.doc.add_paragraph(style=style)
        if self.rtl:
            set_paragraph_rtl(paragraph)
        return paragraph

    def write(self, body: Body) -> None:
        """Every block of the body, in order."""
        self._blocks(body, body.tokens, None)

    def _blocks(self, body: Body, tokens: Sequence[Token], note: Paragraph | None) -> None:
        """Block tokens; in a note (``note`` is its first paragraph) they go into the note."""
        current: Paragraph | None = None
        in_note, quote = note is not None, 0
        for token in tokens:
            kind = token.type
            if kind == "list_item_open" and self._lists:
                self._lists[-1] = (self._lists[-1][0], True)  # its paragraph gets the number
            elif kind in ("bullet_list_open", "ordered_list_open"):
                self._lists.append((self._list_id(kind == "ordered_list_open"), True))
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self._lists.pop()
            elif kind == "blockquote_open":
                quote += 1
            elif kind == "blockquote_close":
                quote -= 1
            elif kind in ("paragraph_open", "heading_open"):
                if note is not None:
                    current, note = note, None
                elif in_note and current is not None:
                    current = self.notes.add_paragraph(current)
                else:
                    current = self._open(token, quote)
            elif kind == "inline" and current is not None:
                self.inline(current, token.children or [], body)
            elif kind in ("fence", "code_block") and not in_note:
                current = self._code(token.content)
            elif kind == "hr":
                self.paragraph()

    def _open(self, token: Token, quote: int) -> Paragraph:
        if token.type == "heading_open":
            level = min(int(token.tag[1:]), 3)
            return self.paragraph(f"Heading {level}")
        paragraph = self.paragraph("Quote" if quote else None)
        if self.justify:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if self._lists:
            num_id, first = self._lists[-1]
            if first:
                number_paragraph(paragraph, num_id, min(len(self._lists) - 1, 2))
                self._lists[-1] = (num_id, False)
            else:  # a list item's second paragraph: under the text, without a number
                paragraph.paragraph_format.left_indent = Pt(28.35 * len(self._lists))
        elif self.paragraph_numbers is not None and not quote:
            number_paragraph(paragraph, self.paragraph_numbers)
        return paragraph

    def _list_id(self, ordered: bool) -> int:
        """A numbering of its own for each ordered list (each starts at 1); one for bullets."""
        if ordered:
            return add_numbering(self.doc, "ordered")
        if self._bullets is None:
            self._bullets = add_numbering(self.doc, "bullet")
        return self._bullets

    def _code(self, text: str) -> Paragraph:
        paragraph = self.paragraph()
        for i, line in enumerate(text.rstrip("\n").split("\n")):
            if i:
                paragraph.add_run().add_break()
            paragraph.add_run(line).font.name = _MONO
        return paragraph

    def inline(self, paragraph: Paragraph, tokens: Sequence[Token], body: Body) -> None:
        """Inline tokens: text with emphasis, links, breaks, code and note references."""
        fmt = _Format()
        for token in tokens:
            kind = token.type
            if kind == "text":
                self.text(paragraph, token.content, fmt)
            elif kind == "softbreak":
                self.text(paragraph, " ", fmt)
            elif kind == "hardbreak":
                paragraph.add_run().add_break()
            elif kind in ("strong_open", "strong_close"):
                fmt.bold += 1 if kind.endswith("open") else -1
            elif kind in ("em_open", "em_close"):
                fmt.italic += 1 if kind.endswith("open") else -1
            elif kind == "code_inline":
                for run in self.text(paragraph, token.content, fmt):
                    run.font.name = _MONO
            elif kind == "link_open":
                href = str(token.attrs.get("href", ""))
                if href.startswith(_SCHEMES):
                    fmt.link = Hyperlink(paragraph, paragraph.part, href)
            elif kind == "link_close":
                fmt.link = None
            elif kind == "image":
                self.text(paragraph, token.content, fmt)  # its alt text
            elif kind == "footnote_ref":
                self._note(paragraph, int(token.meta["id"]), body)

    def text(self, paragraph: Paragraph, text: str, fmt: _Format | None = None) -> list[Run]:
        """Runs for ``text``, one per direction, bold and italic as ``fmt`` says."""
        fmt = fmt or _Format()
        runs = []
        for piece, rtl in direction_runs(text):
            run = fmt.link.add_run(piece) if fmt.link else paragraph.add_run(piece)
            run.bold = bool(fmt.bold) or None
            run.italic = bool(fmt.italic) or None
            if rtl:
                set_run_rtl(run)
            runs.append(run)
        return runs

    def _note(self, paragraph: Paragraph, number: int, body: Body) -> None:
        if number in self._noted or number not in body.notes:
            # Called again: the same number, as Word would show a cross-reference.
            shown = self._noted.get(number, number + 1)
            paragraph.add_run(str(shown)).font.superscript = True
            return
        note = self.notes.add(paragraph)
        self._noted[number] = self.notes.numbered
        self._blocks(body, body.notes[number], note)
