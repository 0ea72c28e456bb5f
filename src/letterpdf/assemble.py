"""Assemble the letter, the annex and the scanned pages into one PDF with pypdf."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, ByteStringObject, NameObject, TextStringObject

from .errors import LetterFolderError


@dataclass(frozen=True)
class PdfPart:
    """A run of pages with its page-label prefix and outline entries."""

    data: bytes
    #: Page-label prefix: "" gives 1, 2...; "A-" gives A-1, A-2...
    label_prefix: str
    #: Outline entry for the part's first page.
    outline_title: str
    #: Child outline entries: (title, page index within the part).
    outline_children: tuple[tuple[str, int], ...] = ()


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


def read_scan(path: Path) -> bytes:
    """Read a scanned-pages PDF, refusing one that pypdf cannot use."""
    data = path.read_bytes()
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise LetterFolderError(
                f"{path}: the PDF is password-protected. Save an unprotected copy "
                "(print to PDF) and put that in annex/."
            )
        if not reader.pages:
            raise LetterFolderError(f"{path}: the PDF has no pages. Remove it from annex/.")
    except (PdfReadError, ValueError, OSError) as e:
        raise LetterFolderError(
            f"{path}: not a readable PDF ({e}). Scan or export the signed pages again as PDF."
        ) from None
    return data


def concatenate_pdfs(pdfs: Sequence[bytes]) -> bytes:
    """Join several PDFs into one, pages in order (for the scanned-pages files)."""
    writer = PdfWriter()
    for data in pdfs:
        writer.append(io.BytesIO(data), import_outline=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def assemble_pdf(parts: Sequence[PdfPart], metadata: PdfMetadata) -> bytes:
    """One PDF: the parts in order, with page labels, an outline and metadata.

    The writer starts from the first part (``clone_from``) so its document-level
    markers (XMP, output intent, /Lang) survive; the others are appended.
    """
    first, *rest = parts
    writer = PdfWriter(clone_from=io.BytesIO(first.data))
    starts = [0]
    for part in rest:
        starts.append(len(writer.pages))
        writer.append(io.BytesIO(part.data), import_outline=False)
    ends = [*starts[1:], len(writer.pages)]
    for part, start, end in zip(parts, starts, ends, strict=True):
        writer.set_page_label(
            start, end - 1, style=PageLabelStyle.DECIMAL, prefix=part.label_prefix or None, start=1
        )
        parent = writer.add_outline_item(title=part.outline_title, page_number=start)
        for title, page in part.outline_children:
            writer.add_outline_item(title=title, page_number=start + page, parent=parent)
    _write_metadata(writer, metadata)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _pdf_date(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("D:%Y%m%d%H%M%S+00'00'")


def _write_metadata(writer: PdfWriter, metadata: PdfMetadata) -> None:
    date = _pdf_date(metadata.epoch)
    writer.add_metadata(
        {
            "/Title": metadata.title,
            "/Author": metadata.author,
            "/Subject": metadata.subject,
            "/Creator": metadata.creator,
            "/Producer": metadata.creator,
            "/CreationDate": date,
            "/ModDate": date,
        }
    )
    writer._root_object[NameObject("/Lang")] = TextStringObject(metadata.lang)
    # A document ID from the content, not the clock: the same input gives the same bytes.
    digest = hashlib.md5(repr((metadata, len(writer.pages))).encode(), usedforsecurity=False)
    ident = ByteStringObject(digest.digest())
    writer._ID = ArrayObject([ident, ident])
