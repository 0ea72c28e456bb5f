"""Assemble the letter, the annex and the scanned pages into one PDF with pypdf."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
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
    IndirectObject,
    NameObject,
    NullObject,
    TextStringObject,
)

from ..base.errors import LetterFolderError
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


def read_scan(path: Path, variant: str | None = None) -> bytes:
    """Read a scanned-pages PDF, refusing one that pypdf cannot use or that would break
    the conformance of ``variant``."""
    data = path.read_bytes()
    if variant == "pdf/ua-1":
        raise LetterFolderError(
            f"{path}: scanned pages cannot be tagged for PDF/UA-1 (their text is an image). "
            "Build with --variant pdf/a-2b, or move the scans out of annex/ and send them "
            "as a separate file."
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
    if variant and variant.startswith("pdf/a") and not part:
        raise LetterFolderError(
            f"{path}: not a PDF/A file, so the letter would no longer be {variant.upper()}. "
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
    writer = PdfWriter(clone_from=io.BytesIO(first.data))
    starts = [0]
    for previous, part in zip(parts, rest, strict=False):
        if part.data is None:
            starts.append(starts[-1] + previous.pages)
            continue
        starts.append(len(writer.pages))
        writer.append(io.BytesIO(part.data), import_outline=False)
    if not links:
        _remove_web_links(writer)
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
    return out.getvalue()


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
            pdfua_part=old.pdfua_part,
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
