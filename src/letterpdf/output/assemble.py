"""Assemble the letter, the annex and the scanned pages into one PDF with pypdf."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle
from pypdf.errors import PdfReadError
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    ContentStream,
    DecodedStreamObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NullObject,
    TextStringObject,
)

from ..base.errors import LetterFolderError
from ..base.options import pdfa_part, tagged
from .compact import compact
from .structure import number_tree, struct_elements
from .xmp import Xmp, read_xmp, write_xmp


@dataclass(frozen=True)
class PdfPart:
    """A run of pages with its page-label prefix and outline entries."""

    #: The part's PDF; None when its pages are already at the end of the previous part's
    #: data (a tagged PDF/UA letter and annex come out of WeasyPrint as one document).
    data: bytes | None
    #: Page-label prefix: "" gives 1, 2...; "A-" gives A-1, A-2...
    label_prefix: str
    #: Outline entry for the part's first page.
    outline_title: str
    #: Child outline entries: (title, page index within the part).
    outline_children: tuple[tuple[str, int], ...] = ()
    #: Page count of this part; needed only when the next part's data is None.
    pages: int = 0


@dataclass(frozen=True)
class PdfMetadata:
    """Document information written into the assembled PDF."""

    title: str
    author: str
    subject: str
    lang: str
    #: Creation and modification time, seconds since 1970 (never the wall clock).
    epoch: int
    creator: str = field(default="letterpdf")
    #: The file claims PDF/UA-1 too (a tagged PDF/A file written as "pdf/a-2a+ua-1").
    accessible: bool = False
    #: "PDF/X-4" for a print shop's file, else "".
    pdfx: str = ""
    #: The bleed the print shop trims off (points): the BleedBox around the TrimBox.
    bleed: float = 0.0
    #: The printing condition of a PDF/X file's output intent: its identifier in the ICC
    #: characterization registry ("FOGRA39") and a description, or empty.
    output_condition: tuple[str, str] = ("", "")


def read_scan(path: Path, variant: str | None = None) -> bytes:
    """Read a scanned-pages PDF, refusing one that pypdf cannot use or that would break
    the conformance of ``variant``."""
    data = path.read_bytes()
    if tagged(variant):
        raise LetterFolderError(
            f"{path}: scanned pages cannot be tagged for {str(variant).upper()} (their text is "
            "an image). Build with --variant pdf/a-2b, or move the scans out of annex/ and "
            "send them as a separate file."
        )
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise LetterFolderError(
                f"{path}: the PDF is password-protected. Save an unprotected copy "
                "(print to PDF) and put that in annex/."
            )
        if not reader.pages:
            raise LetterFolderError(f"{path}: the PDF has no pages. Remove it from annex/.")
        xmp = reader.root_object.get("/Metadata")
        part = read_xmp(xmp.get_object().get_data()).pdfa_part if xmp else ""
    except (PdfReadError, ValueError, OSError) as e:
        raise LetterFolderError(
            f"{path}: not a readable PDF ({e}). Scan or export the signed pages again as PDF."
        ) from None
    if pdfa_part(variant) and not part:
        raise LetterFolderError(
            f"{path}: not a PDF/A file, so the letter would no longer be {str(variant).upper()}. "
            "Save the scan as PDF/A from your scanner or PDF software (e.g. 'Save as "
            "PDF/A', or `ocrmypdf --output-type pdfa IN OUT`), or build without --variant."
        )
    return data


def inert_scan(data: bytes, path: Path) -> tuple[bytes, str | None]:
    """A scan without what could act when the letter is opened: JavaScript, launch and
    other actions, form scripts (plain web links stay). Returns the bytes, and a warning
    when something was removed."""
    import pikepdf

    removed: set[str] = set()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        for key in ("/OpenAction", "/AA"):
            if key in root:
                removed.add(key.strip("/"))
                del root[key]
        names = root.get("/Names")
        if names is not None and "/JavaScript" in names:
            removed.add("JavaScript")
            del names["/JavaScript"]
        if "/AcroForm" in root:
            removed.add("form")
            del root["/AcroForm"]
        for page in pdf.pages:
            if "/AA" in page.obj:
                removed.add("AA")
                del page.obj["/AA"]
            for annot in page.obj.get("/Annots", []):
                for key in ("/AA", "/A"):
                    action = annot.get(key)
                    if action is None or (key == "/A" and action.get("/S") == "/URI"):
                        continue
                    removed.add(str(action.get("/S", key)).strip("/"))
                    del annot[key]
        if not removed:
            return data, None
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    what = ", ".join(sorted(removed))
    return out.getvalue(), (
        f"{path}: actions that would run when the letter is opened ({what}) were removed; "
        "web links are kept."
    )


def concatenate_pdfs(pdfs: Sequence[bytes]) -> bytes:
    """Join several PDFs into one, pages in order (for the scanned-pages files)."""
    writer = PdfWriter()
    for data in pdfs:
        writer.append(io.BytesIO(data), import_outline=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def assemble_pdf(parts: Sequence[PdfPart], metadata: PdfMetadata, *, links: bool = True) -> bytes:
    """One PDF: the parts in order, with page labels, an outline and metadata.

    The writer starts from the first part (``clone_from``) so its document-level
    markers (XMP, output intent, /Lang, structure tree) survive; the others are
    appended. ``links=False`` removes web links (some courts refuse them).
    """
    first, *rest = parts
    assert first.data is not None
    # The header says 1.7, which PDF/A-2 and -3 and PDF/UA-1 rest on (pypdf would keep the
    # first part's, or write 1.3).
    writer = PdfWriter(clone_from=io.BytesIO(first.data))
    writer.pdf_header = b"%PDF-1.6" if metadata.pdfx == "PDF/X-4" else b"%PDF-1.7"
    starts = [0]
    for previous, part in zip(parts, rest, strict=False):
        if part.data is None:
            starts.append(starts[-1] + previous.pages)
            continue
        starts.append(len(writer.pages))
        writer.append(io.BytesIO(part.data), import_outline=False)
    if not links:
        _remove_web_links(writer)
    _one_tag_per_subset(writer)
    _attachments_once(writer)
    if metadata.bleed:
        _bleed_boxes(writer, metadata.bleed)
    if "/StructTreeRoot" in writer._root_object:
        _mark_untagged_as_artifacts(writer)
    ends = [*starts[1:], len(writer.pages)]
    for part, start, end in zip(parts, starts, ends, strict=True):
        writer.set_page_label(
            start, end - 1, style=PageLabelStyle.DECIMAL, prefix=part.label_prefix or None, start=1
        )
        parent = writer.add_outline_item(title=part.outline_title, page_number=start)
        for title, page in part.outline_children:
            writer.add_outline_item(title=title, page_number=start + page, parent=parent)
    content = hashlib.sha256()
    for part in parts:  # every part: two letters with different annexes get different IDs
        content.update(part.data or b"")
    _write_metadata(writer, metadata, content.digest())
    out = io.BytesIO()
    writer.write(out)
    return compact(out.getvalue())


def _bleed_boxes(writer: PdfWriter, bleed: float) -> None:
    """Each page's BleedBox is its TrimBox and the bleed around it: the printer's marks
    stand in the slug beyond, and a print shop trims and bleeds where it should."""
    for page in writer.pages:
        trim = page.get("/TrimBox")
        if trim is None:
            continue
        x0, y0, x1, y1 = (float(v) for v in trim)
        media = [float(v) for v in page.mediabox]
        box = [
            max(media[0], x0 - bleed),
            max(media[1], y0 - bleed),
            min(media[2], x1 + bleed),
            min(media[3], y1 + bleed),
        ]
        page[NameObject("/BleedBox")] = ArrayObject(FloatObject(round(v, 4)) for v in box)


def _name_output_condition(writer: PdfWriter, identifier: str, description: str) -> None:
    """Name the output intent's printing condition as the ICC registry does, so a print
    shop's preflight recognises it (WeasyPrint names it after the profile's file)."""
    for intent in writer._root_object.get("/OutputIntents", ArrayObject()):
        intent = intent.get_object()
        if identifier:
            intent[NameObject("/OutputConditionIdentifier")] = TextStringObject(identifier)
            intent[NameObject("/RegistryName")] = TextStringObject("http://www.color.org")
        if description:
            intent[NameObject("/OutputCondition")] = TextStringObject(description)
            intent[NameObject("/Info")] = TextStringObject(description)


def _attachments_once(writer: PdfWriter) -> None:
    """The catalog's /AF with each attached file once (WeasyPrint 70 lists it twice)."""
    files = writer._root_object.get("/AF")
    if files is None:
        return
    seen: dict[Any, Any] = {}
    for ref in files.get_object():
        seen.setdefault(getattr(ref, "idnum", id(ref)), ref)
    writer._root_object[NameObject("/AF")] = ArrayObject(seen.values())


def _one_tag_per_subset(writer: PdfWriter) -> None:
    """Give each font subset a tag of its own (ISO 32000-1, 9.6.4): the letter and the
    annex are written apart, so each holds a subset of the same face under the same
    ``ABCDEF+Name``, and a print shop's RIP that caches fonts by name would draw one's
    glyphs with the other's."""
    programs: dict[str, Any] = {}
    for page in writer.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            inner = descendants[0].get_object() if descendants else font
            descriptor = inner.get("/FontDescriptor")
            if descriptor is None:
                continue
            descriptor = descriptor.get_object()
            program = next(
                (descriptor.raw_get(k) for k in ("/FontFile2", "/FontFile3", "/FontFile")
                 if k in descriptor), None)  # fmt: skip
            name = str(font.get("/BaseFont", ""))
            if "+" not in name or program is None:
                continue
            key = getattr(program, "idnum", id(program))
            if programs.setdefault(name, key) == key:
                continue
            tag = _subset_tag(f"{name}:{len(programs)}")
            renamed = NameObject(f"/{tag}+{name.split('+', 1)[1]}")
            while str(renamed) in programs:
                tag = _subset_tag(str(renamed))
                renamed = NameObject(f"/{tag}+{name.split('+', 1)[1]}")
            programs[str(renamed)] = key
            for holder in {id(x): x for x in (font, inner)}.values():
                holder[NameObject("/BaseFont")] = renamed
            descriptor[NameObject("/FontName")] = renamed


def _subset_tag(seed: str) -> str:
    """Six capital letters from ``seed``: the same file gives the same tags."""
    digest = hashlib.sha256(seed.encode()).digest()
    return "".join(chr(ord("A") + b % 26) for b in digest[:6])


def _pdf_date(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("D:%Y%m%d%H%M%S+00'00'")


def _remove_web_links(writer: PdfWriter) -> None:
    for page in writer.pages:
        annots = page.get("/Annots")
        if annots is None:
            continue
        kept = [
            a
            for a in annots.get_object()
            if not (
                a.get_object().get("/Subtype") == "/Link"
                and a.get_object().get("/A", {}).get("/S") == "/URI"
            )
        ]
        page[NameObject("/Annots")] = ArrayObject(kept)


def _mark_untagged_as_artifacts(writer: PdfWriter) -> None:
    """Make running heads and page numbers pagination artifacts.

    WeasyPrint 70 gives margin-box text marked-content IDs but leaves their structure
    elements out of the tree, so that text is neither tagged content nor an artifact,
    which PDF/UA forbids. Their marked content becomes ``/Artifact`` and their
    parent-tree entries null.
    """
    tree: Any = writer._root_object["/StructTreeRoot"].get_object()
    reachable = struct_elements(tree.get("/K"), _idnum, _deref)
    parents = number_tree(tree["/ParentTree"], _deref)
    for page in writer.pages:
        key = page.get("/StructParents")
        elems = parents.get(int(key)) if key is not None else None
        if elems is None:
            continue
        orphans: set[int] = set()
        for mcid, elem in enumerate(elems):
            ref = getattr(elem, "indirect_reference", None) or elem
            if isinstance(ref, IndirectObject) and ref.idnum not in reachable:
                orphans.add(mcid)
                elems[mcid] = NullObject()
        if not orphans:
            continue
        _artifacts(writer, page, orphans)


def _deref(node: Any) -> Any:
    return node.get_object()


def _idnum(node: Any) -> int | None:
    return node.idnum if isinstance(node, IndirectObject) else None


def _artifacts(writer: PdfWriter, page: PageObject, orphans: set[int]) -> None:
    """Turn the marked content with the MCIDs ``orphans`` into pagination artifacts."""
    if isinstance(page["/Contents"].get_object(), ArrayObject):  # join several streams
        page.replace_contents(ContentStream(page["/Contents"].get_object(), writer))
    stream: Any = page["/Contents"].get_object()

    def artifact(match: re.Match[bytes]) -> bytes:
        orphan = int(match[1]) in orphans
        return b"/Artifact <</Type /Pagination>> BDC" if orphan else match[0]

    stream.set_data(_MARKED.sub(artifact, stream.get_data()))


#: Marked content as WeasyPrint writes it: ``/Span <</MCID 51>> BDC`` (its text is hex
#: strings, so this cannot match inside text).
_MARKED = re.compile(rb"/\w+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")


def _write_metadata(writer: PdfWriter, metadata: PdfMetadata, content_digest: bytes) -> None:
    date = _pdf_date(metadata.epoch)
    info = {
        "/Title": metadata.title,
        "/Author": metadata.author,
        "/Subject": metadata.subject,
        "/Creator": metadata.creator,
        "/Producer": metadata.creator,
        "/CreationDate": date,
        "/ModDate": date,
    }
    if metadata.pdfx:
        info["/Trapped"] = NameObject("/False")
        _name_output_condition(writer, *metadata.output_condition)
    writer.add_metadata({k: v for k, v in info.items() if v})
    writer._root_object[NameObject("/Lang")] = TextStringObject(metadata.lang)
    if "/Metadata" in writer._root_object:
        # PDF/A: the XMP packet must say what the Info dictionary now says.
        packet: Any = writer._root_object["/Metadata"].get_object()
        old = read_xmp(packet.get_data())
        when = dt.datetime.fromtimestamp(metadata.epoch, dt.UTC)
        new = Xmp(
            pdfa_part=old.pdfa_part,
            pdfa_conformance=old.pdfa_conformance,
            pdfua_part=old.pdfua_part or ("1" if metadata.accessible else ""),
            pdfx_version=metadata.pdfx,
            document_id=f"uuid:{uuid.UUID(bytes=content_digest[:16])}" if metadata.pdfx else "",
            title=metadata.title,
            author=metadata.author,
            subject=metadata.subject,
            creator_tool=metadata.creator,
            producer=metadata.creator,
            created=when,
            modified=when,
        )
        stream = DecodedStreamObject()
        stream.set_data(write_xmp(new))
        stream[NameObject("/Type")] = NameObject("/Metadata")
        stream[NameObject("/Subtype")] = NameObject("/XML")
        writer._replace_object(writer._root_object.raw_get("/Metadata"), stream)
    # A document ID from the content, not the clock: the same input gives the same bytes.
    digest = hashlib.md5(repr((metadata, len(writer.pages))).encode(), usedforsecurity=False)
    digest.update(content_digest)
    ident = ByteStringObject(digest.digest())
    writer._ID = ArrayObject([ident, ident])
