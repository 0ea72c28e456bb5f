"""Raw WordprocessingML where python-docx (1.2) has no API, and nowhere else.

Footnotes and endnotes (their own parts), hyperlinks, PAGE and NUMPAGES fields, section
columns, right-to-left paragraphs and sections, numbering definitions, complex-script
fonts and sizes, custom document properties, and the reproducible zip. Elements are
inserted in the order ECMA-376 gives (python-docx keeps that order only for the
children it knows), so Word opens the file without a repair.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.parts.story import StoryPart
from docx.section import Section
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

_W = nsdecls("w")

#: Child order of w:pPr, w:rPr and w:sectPr (ECMA-376, transitional).
_PPR = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
        "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
        "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
        "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
        "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
        "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
        "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
        "w:sectPr", "w:pPrChange")  # fmt: skip
_RPR = ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
        "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint",
        "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing",
        "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
        "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
        "w:eastAsianLayout", "w:specVanish", "w:oMath")  # fmt: skip
_SECTPR = ("w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr",
           "w:type", "w:pgSz", "w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType",
           "w:pgNumType", "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg",
           "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings",
           "w:sectPrChange")  # fmt: skip


def _put(parent: BaseOxmlElement, child: BaseOxmlElement, order: Sequence[str]) -> None:
    """Replace ``parent``'s child of the same tag with ``child``, in schema order."""
    tag = child.tag.split("}")[1]
    for old in parent.findall(qn(f"w:{tag}")):
        parent.remove(old)
    parent.insert_element_before(child, *order[order.index(f"w:{tag}") + 1 :])


# --- the package ---------------------------------------------------------------------

#: Parts python-docx's template carries that a letter does not need (and that would
#: make the file larger or say "python-docx").
_DROPPED = (
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    RT.CUSTOM_XML,
    RT.THUMBNAIL,
)


def trim_package(doc: Document) -> None:
    """Drop the template's thumbnail, customXml and stylesWithEffects parts."""
    for rels in (doc.part.rels, doc.part.package.rels):
        for rid in [rid for rid, rel in rels.items() if rel.reltype in _DROPPED]:
            rels.pop(rid)


def reproducible_bytes(doc: Document, when: dt.datetime) -> bytes:
    """The document as .docx bytes that depend on its content only: dates from ``when``,
    entries in a fixed order ([Content_Types].xml first), fixed timestamps and modes."""
    props = doc.core_properties
    props.created = props.modified = props.last_printed = when
    props.revision = 1
    props.comments = ""
    props.last_modified_by = "letterpdf"
    buffer = io.BytesIO()
    doc.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    names = source.namelist()
    head = [n for n in ("[Content_Types].xml", "_rels/.rels") if n in names]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in head + sorted(n for n in names if n not in head):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # the same bytes whatever system wrote them
            info.external_attr = 0
            target.writestr(info, source.read(name), compresslevel=9)
    return out.getvalue()


_CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


def set_custom_properties(doc: Document, values: dict[str, str]) -> None:
    """File > Properties > Custom in Word: e.g. the submitter's consultative status, which
    ``letterpdf check`` reads back for the word limit."""
    props = "".join(
        f'<property fmtid="{_FMTID}" pid="{pid}" name="{escape(name)}">'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(sorted(values.items()), start=2)
    )
    xml = f'<Properties xmlns="{_CUSTOM_NS}" xmlns:vt="{_VT_NS}">{props}</Properties>'
    package = doc.part.package
    part = Part(PackURI("/docProps/custom.xml"), _CUSTOM_CT, xml.encode("utf-8"), package)
    package.relate_to(part, _CUSTOM_RT)


def read_custom_properties(archive: zipfile.ZipFile) -> dict[str, str]:
    """The custom properties of a .docx ({} when it has none)."""
    if "docProps/custom.xml" not in archive.namelist():
        return {}
    root = etree.fromstring(archive.read("docProps/custom.xml"))
    return {
        str(p.get("name")): "".join(p.itertext()) for p in root.iter(f"{{{_CUSTOM_NS}}}property")
    }


# --- fonts -----------------------------------------------------------------------------


def set_default_font(doc: Document, font: str, size: float, lang: str, rtl: bool) -> None:
    """The profile's font for every script (Latin, East Asian, complex) and its size, as
    the document default; the theme fonts of the template are dropped, or they would
    win over it."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for child in list(rpr):
        rpr.remove(child)
    half = round(size * 2)
    bidi = lang if rtl else "ar-SA"
    for xml in (
        f'<w:rFonts {_W} w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>',
        f'<w:sz {_W} w:val="{half}"/>',
        f'<w:szCs {_W} w:val="{half}"/>',
        f'<w:lang {_W} w:val="{lang}" w:eastAsia="{lang}" w:bidi="{bidi}"/>',
    ):
        rpr.append(parse_xml(xml))
    for style in styles.findall(qn("w:style")):
        style_rpr = style.find(qn("w:rPr"))
        if style_rpr is None:
            continue
        for tag in ("w:rFonts", "w:color"):
            for el in style_rpr.findall(qn(tag)):
                style_rpr.remove(el)


def set_complex_size(rpr: BaseOxmlElement, size: float) -> None:
    """w:szCs beside w:sz: the size of Arabic or Hebrew text (python-docx sets w:sz only)."""
    _put(rpr, parse_xml(f'<w:szCs {_W} w:val="{round(size * 2)}"/>'), _RPR)


def set_run_rtl(run: Run) -> None:
    """A right-to-left run (Arabic, Hebrew...): w:rtl, and bold and italic for its script."""
    rpr = run._r.get_or_add_rPr()
    _put(rpr, OxmlElement("w:rtl"), _RPR)
    if run.bold:
        _put(rpr, OxmlElement("w:bCs"), _RPR)
    if run.italic:
        _put(rpr, OxmlElement("w:iCs"), _RPR)


# --- paragraphs and sections -------------------------------------------------------------


def set_paragraph_rtl(paragraph: Paragraph) -> None:
    """The paragraph runs right to left (w:bidi): its start side is the right."""
    _put(paragraph._p.get_or_add_pPr(), OxmlElement("w:bidi"), _PPR)


def set_section_rtl(section: Section) -> None:
    """Columns and the gutter run right to left."""
    _put(section._sectPr, OxmlElement("w:bidi"), _SECTPR)


def set_columns(section: Section, count: int, space_twips: int = 425) -> None:
    """``count`` balanced columns in the section, ``space_twips`` apart (425 = 7.5 mm)."""
    cols = parse_xml(f'<w:cols {_W} w:num="{count}" w:space="{space_twips}"/>')
    _put(section._sectPr, cols, _SECTPR)


def end_section(doc: Document, start: WD_SECTION = WD_SECTION.NEW_PAGE) -> Section:
    """End the current section at the last paragraph and start the next one.

    python-docx puts the ending w:sectPr into a new, empty paragraph, a blank line that
    can spill onto a page of its own; it is moved onto the paragraph before.
    """
    section: Section = doc.add_section(start)
    carrier = doc.paragraphs[-1]._p
    before = carrier.getprevious()
    ppr = carrier.pPr
    if (
        ppr is not None
        and ppr.sectPr is not None
        and before is not None
        and before.tag == qn("w:p")
        and before.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is None
    ):
        _put(before.get_or_add_pPr(), ppr.sectPr, _PPR)  # type: ignore[arg-type]
        carrier.getparent().remove(carrier)
    return section


_LIST_XML = (
    '<w:abstractNum {ns} w:abstractNumId="{aid}"><w:multiLevelType w:val="hybridMultilevel"/>'
    "{levels}</w:abstractNum>"
)
_LEVEL_XML = (
    '<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
    '<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
    '<w:pPr><w:ind w:left="{left}" w:hanging="{hanging}"/></w:pPr></w:lvl>'
)


def add_numbering(doc: Document, kind: str) -> int:
    """A new list definition; returns its numId for :func:`number_paragraph`.

    ``kind``: "bullet" (•, ◦, ▪ by level), "ordered" (1., a., i.) or "paragraphs" (the
    paragraph numbers of a submission: "1." hanging in the margin of the text). The
    indents are on the start side, so one definition serves left and right to left.
    """
    numbering = doc.part.numbering_part.element
    used = [int(a) for a in numbering.xpath("./w:abstractNum/@w:abstractNumId")]
    aid = max(used, default=-1) + 1
    levels = []
    for level in range(3):
        left, hanging = 567 * (level + 1), 340
        if kind == "bullet":
            fmt, text = "bullet", "\u2022\u25e6\u25aa"[level]
        elif kind == "ordered":
            fmt, text = ("decimal", "lowerLetter", "lowerRoman")[level], f"%{level + 1}."
        else:  # UN style: the number at the margin, the lines under it flush with it
            fmt, text, left, hanging = "decimal", "%1.", 567 * level, 0
        levels.append(
            _LEVEL_XML.format(level=level, fmt=fmt, text=text, left=left, hanging=hanging)
        )
    element = parse_xml(_LIST_XML.format(ns=_W, aid=aid, levels="".join(levels)))
    first = numbering.find(qn("w:num"))
    if first is not None:  # every w:abstractNum comes before the first w:num
        first.addprevious(element)
    else:
        numbering.append(element)
    return int(numbering.add_num(aid).numId)


def number_paragraph(paragraph: Paragraph, num_id: int, level: int = 0) -> None:
    """Put the paragraph in list ``num_id`` at ``level`` (0 for the first)."""
    numpr = parse_xml(
        f'<w:numPr {_W}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
    )
    _put(paragraph._p.get_or_add_pPr(), numpr, _PPR)


# --- fields and links --------------------------------------------------------------------


def add_field(paragraph: Paragraph, instruction: str, shown: str = "1", rtl: bool = False) -> None:
    """A field Word computes when it lays the page out: PAGE, NUMPAGES..."""
    rpr = "<w:rPr><w:rtl/></w:rPr>" if rtl else ""
    pieces = (
        '<w:fldChar w:fldCharType="begin"/>',
        f'<w:instrText xml:space="preserve"> {instruction} </w:instrText>',
        '<w:fldChar w:fldCharType="separate"/>',
        f"<w:t>{escape(shown)}</w:t>",
        '<w:fldChar w:fldCharType="end"/>',
    )
    for piece in pieces:
        paragraph._p.append(parse_xml(f"<w:r {_W}>{rpr}{piece}</w:r>"))


class Hyperlink:
    """A w:hyperlink in a paragraph; its runs are added like a paragraph's."""

    def __init__(self, paragraph: Paragraph, part: Any, url: str) -> None:
        rid = part.relate_to(url, RT.HYPERLINK, is_external=True)
        self.element = parse_xml(f'<w:hyperlink {nsdecls("w", "r")} r:id="{rid}"/>')
        paragraph._p.append(self.element)
        self.paragraph = paragraph

    def add_run(self, text: str) -> Run:
        element = OxmlElement("w:r")
        self.element.append(element)
        run = Run(element, self.paragraph)
        run.text = text
        run.style = "Hyperlink"
        return run


# --- footnotes and endnotes --------------------------------------------------------------

_NOTES_XML = (
    "<w:{k}s {ns}>"
    '<w:{k} w:type="separator" w:id="-1"><w:p><w:pPr>{bidi}<w:spacing w:after="0"'
    ' w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:{k}>'
    '<w:{k} w:type="continuationSeparator" w:id="0"><w:p><w:pPr>{bidi}<w:spacing w:after="0"'
    ' w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
    "</w:{k}></w:{k}s>"
)


class _Story:
    """What a python-docx Paragraph needs of its parent: the part it lives in."""

    def __init__(self, part: StoryPart) -> None:
        self.part = part


class Notes:
    """The footnotes (or endnotes) part; python-docx has no API for either."""

    def __init__(self, doc: Document, kind: str = "footnote", rtl: bool = False) -> None:
        self.kind, self.style, self.rtl = kind, kind.capitalize(), rtl
        self.next_id = 1
        #: Notes numbered so far (a note with its own mark, such as "*", takes no number).
        self.numbered = 0
        content_type = CT.WML_FOOTNOTES if kind == "footnote" else CT.WML_ENDNOTES
        element = parse_xml(_NOTES_XML.format(k=kind, ns=_W, bidi="<w:bidi/>" if rtl else ""))
        # A StoryPart: styles named in the notes are found through the document part.
        self.part = StoryPart(
            PackURI(f"/word/{kind}s.xml"), content_type, element, doc.part.package
        )
        doc.part.relate_to(self.part, RT.FOOTNOTES if kind == "footnote" else RT.ENDNOTES)
        properties = f'<w:{kind}Pr {_W}><w:numFmt w:val="decimal"/>'
        settings = doc.settings.element
        settings.find(qn("w:compat")).addprevious(
            parse_xml(f'{properties}<w:{kind} w:id="-1"/><w:{kind} w:id="0"/></w:{kind}Pr>')
        )
        # Word reads the number format from the settings, LibreOffice from the section.
        _put(doc.sections[-1]._sectPr, parse_xml(f"{properties}</w:{kind}Pr>"), _SECTPR)

    def add(self, anchor: Paragraph, mark: str = "") -> Paragraph:
        """A note referenced at the end of ``anchor`` (numbered, or with its own ``mark``
        such as "*"); returns the note's paragraph, to add its text to."""
        note_id, self.next_id = self.next_id, self.next_id + 1
        self.numbered += 0 if mark else 1
        rtl = "<w:rtl/>" if self.rtl else ""
        custom = ' w:customMarkFollows="1"' if mark else ""
        shown = f"<w:t>{escape(mark)}</w:t>" if mark else ""
        anchor._p.append(
            parse_xml(
                f'<w:r {_W}><w:rPr><w:rStyle w:val="{self.style}Reference"/>{rtl}</w:rPr>'
                f'<w:{self.kind}Reference{custom} w:id="{note_id}"/>{shown}</w:r>'
            )
        )
        note = parse_xml(f'<w:{self.kind} {_W} w:id="{note_id}"/>')
        self.part.element.append(note)
        element = OxmlElement("w:p")
        note.append(element)
        paragraph = Paragraph(element, _Story(self.part))
        paragraph.style = f"{self.style} Text"
        if self.rtl:
            set_paragraph_rtl(paragraph)
        echo = (
            f"<w:t>{escape(mark)}</w:t>" if mark else f"<w:{self.kind}Ref/>"
        )  # the mark again, at the note's start
        element.append(
            parse_xml(
                f'<w:r {_W}><w:rPr><w:rStyle w:val="{self.style}Reference"/>{rtl}</w:rPr>'
                f"{echo}</w:r>"
            )
        )
        paragraph.add_run(" ")
        return paragraph

    def add_paragraph(self, after: Paragraph) -> Paragraph:
        """A further paragraph of the note that ``after`` is in."""
        element = OxmlElement("w:p")
        after._p.addnext(element)
        paragraph = Paragraph(element, _Story(self.part))
        paragraph.style = f"{self.style} Text"
        if self.rtl:
            set_paragraph_rtl(paragraph)
        return paragraph
