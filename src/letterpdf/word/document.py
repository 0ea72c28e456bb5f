"""The Word document: the letter (or statement) and its signatories, laid out in sections."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import docx
from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

from ..output.profiles import Profile
from ..source.letter import Letter
from ..source.signatories import Signatory
from ..typeset.markdown import Body
from .body import BodyWriter
from .ooxml import (
    Notes,
    add_field,
    add_numbering,
    end_section,
    reproducible_bytes,
    set_columns,
    set_complex_size,
    set_custom_properties,
    set_default_font,
    set_paragraph_rtl,
    set_section_rtl,
    trim_package,
)
from .statement import Listing

#: Paper sizes in cm (portrait).
PAPER_CM = {"a4": (21.0, 29.7), "letter": (21.59, 27.94)}

#: Paragraph styles of the signatory list: what a word count leaves out (see count.py).
LIST_STYLES = ("Signatories Heading", "Signatory Group", "Signatory")


@dataclass(frozen=True)
class Content:
    """What goes into the document, decided by the build."""

    letter: Letter
    body: Body
    listing: Listing
    profile: Profile
    paper: str
    #: The date in the document's properties.
    when: dt.datetime
    #: The annex's note, placeholders filled in.
    annex_note: str = ""
    #: The footnote to the title ("" for none): HRC names without consultative status.
    title_note: str = ""


def write_docx(content: Content) -> bytes:
    """The .docx bytes: the same content gives the same bytes."""
    letter, profile = content.letter, content.profile
    front, language = letter.front, letter.language
    rtl = language.rtl
    doc = docx.Document()
    trim_package(doc)
    _page(doc, content.paper)
    set_default_font(doc, profile.font, profile.font_size, language.tag, rtl)
    _styles(doc, profile)
    notes = Notes(doc, "endnote" if profile.notes == "endnotes" else "footnote", rtl)
    title_notes = notes if notes.kind == "footnote" or not content.title_note else None
    if title_notes is None:
        title_notes = Notes(doc, "footnote", rtl)
    numbers = add_numbering(doc, "paragraphs") if profile.numbered_paragraphs else None
    writer = BodyWriter(doc, notes, rtl, profile.justify, numbers)
    _footer(doc, writer, letter.language.words.page_footer, rtl)

    if profile.heading:
        heading = profile.heading.replace("{signed_by}", front.signed_by)
        writer.text(writer.paragraph("Heading 1"), heading.replace("{title}", front.title))
    if profile.signatories == "start" and content.listing.groups:
        _signatories(doc, writer, content, start=True)
    title = writer.paragraph("Title")
    writer.text(title, language.prose(front.title))
    if content.title_note:
        writer.text(title_notes.add(title, mark="*"), content.title_note)
    if profile.letter_form:
        _letter_head(writer, letter, profile.font_size)
    writer.write(content.body)
    if profile.letter_form:
        for text in (front.closing, front.signed_by):
            if text:
                writer.text(writer.paragraph("Closing"), language.prose(text))
    if profile.signatories == "annex" and content.listing.groups:
        end_section(doc, WD_SECTION.NEW_PAGE)
        _signatories(doc, writer, content, start=False)
    if rtl:
        for section in doc.sections:
            set_section_rtl(section)
    properties = doc.core_properties
    properties.title, properties.subject = front.title, front.subject
    properties.author, properties.language = front.signed_by, front.lang
    properties.keywords = profile.name
    set_custom_properties(
        doc,
        {"letterpdf profile": profile.name or "none", "Consultative status": front.status},
    )
    return reproducible_bytes(doc, content.when)


def _page(doc: Document, paper: str) -> None:
    width, height = PAPER_CM[paper]
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(width), Cm(height)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.5)


def _styles(doc: Document, profile: Profile) -> None:
    """Sizes from the profile: the title and headings in the text's size, bold."""
    size, styles = profile.font_size, doc.styles
    normal = styles["Normal"]
    normal.paragraph_format.space_after = Pt(size * 0.6)
    for name, grow in (("Title", 6 if profile.letter_form else 0), ("Heading 1", 2),
                       ("Heading 2", 1), ("Heading 3", 0)):  # fmt: skip
        style = styles[name]
        rpr = style.element.get_or_add_rPr()
        style.font.size, style.font.bold, style.font.italic = Pt(size + grow), True, False
        style.font.color.rgb = RGBColor(0, 0, 0)
        set_complex_size(rpr, size + grow)
        style.paragraph_format.space_before = Pt(size)
        style.paragraph_format.space_after = Pt(size * 0.5)
        for border in style.element.findall(".//{*}pBdr"):
            border.getparent().remove(border)
    styles["Title"].paragraph_format.space_before = Pt(0)
    for kind in ("Footnote", "Endnote"):
        text = styles.add_style(f"{kind} Text", WD_STYLE_TYPE.PARAGRAPH)
        text.base_style = normal
        text.font.size = Pt(profile.note_size)
        set_complex_size(text.element.get_or_add_rPr(), profile.note_size)
        text.paragraph_format.space_after = Pt(0)
        if profile.justify:
            text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        styles.add_style(f"{kind} Reference", WD_STYLE_TYPE.CHARACTER).font.superscript = True
    link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.font.underline = True
    link.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    for name, bold, after in (("Signatories Heading", True, size * 0.5),
                              ("Signatory Group", True, 0), ("Signatory", False, 0),
                              ("Closing", False, size), ("Address", False, size)):  # fmt: skip
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.bold = bold or None
        style.paragraph_format.space_after = Pt(after)
    entry = styles["Signatory"].paragraph_format  # a long name's next lines stand in
    entry.left_indent, entry.first_line_indent = Cm(0.4), Cm(-0.4)
    entry.widow_control = True
    styles["Signatory Group"].paragraph_format.space_before = Pt(size * 0.5)
    styles["Signatory Group"].paragraph_format.keep_with_next = True
    styles["Signatories Heading"].font.size = Pt(size + 1)


def _footer(doc: Document, writer: BodyWriter, pattern: str, rtl: bool) -> None:
    """ "Page {page} of {pages}" in the letter's language, with PAGE and NUMPAGES fields;
    the later sections take the same footer."""
    paragraph = doc.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if rtl:
        set_paragraph_rtl(paragraph)
    for piece in re.split(r"(\{pages?\})", pattern):
        if piece in ("{page}", "{pages}"):
            add_field(paragraph, "PAGE" if piece == "{page}" else "NUMPAGES", rtl=rtl)
        elif piece:
            writer.text(paragraph, piece)


def _letter_head(writer: BodyWriter, letter: Letter, size: float) -> None:
    """Under the title: the sender, the addressee, the date, the subject, the greeting."""
    front, language = letter.front, letter.language
    if front.sender:
        for run in writer.text(writer.paragraph(), " · ".join(front.sender)):
            run.font.size = Pt(max(size - 2, 7))
    if front.to:
        address = writer.paragraph("Address")
        for i, line in enumerate(front.to):
            if i:
                address.add_run().add_break()
            writer.text(address, line)
    date = writer.paragraph("Address")
    date.alignment = WD_ALIGN_PARAGRAPH.RIGHT  # in a right-to-left paragraph: the left
    writer.text(date, language.date(front.date))
    if front.subject:
        subject = writer.paragraph()
        for run in writer.text(subject, language.prose(front.subject)):
            run.bold = True
    if front.salutation:
        writer.text(writer.paragraph(), language.prose(front.salutation))


def _signatories(doc: Document, writer: BodyWriter, content: Content, start: bool) -> None:
    """The list in a section of its own with columns, after a full-width heading: the
    annex ("List of signatories" and its note), or at the start ("Submitted by")."""
    letter, listing, words = content.letter, content.listing, content.letter.language.words
    heading = words.submitted_by if start else letter.front.annex_title
    writer.text(writer.paragraph("Signatories Heading"), letter.language.prose(heading))
    if content.annex_note and not start:
        writer.text(writer.paragraph("Signatory"), content.annex_note)
    section = end_section(doc, WD_SECTION.CONTINUOUS)
    set_columns(section, content.profile.columns)
    for group in listing.groups:
        title = writer.paragraph("Signatory Group")
        writer.text(title, group.title or letter.front.annex_title)
        title.add_run().add_break()
        for run in writer.text(title, words.count(len(group.members))):
            run.bold, run.italic = False, True
        for entry in group.members:  # co-sponsors by their ECOSOC names alone
            shown = entry.name if content.profile.group_by == "status" else _entry(entry)
            writer.text(writer.paragraph("Signatory"), shown)
    # Word balances the columns of a section that a continuous section break ends;
    # LibreOffice, when an empty section follows them (before the text: one empty
    # paragraph; at the end, the document's last section is empty).
    set_columns(end_section(doc, WD_SECTION.CONTINUOUS), 1)
    if start:
        doc.add_section(WD_SECTION.CONTINUOUS)


def _entry(entry: Signatory) -> str:
    """As the PDF's annex prints it: the name, the role of an individual, the country."""
    return entry.name + "".join(f", {x}" for x in (entry.title, entry.country) if x)
