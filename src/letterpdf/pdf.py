"""Render HTML to PDF with WeasyPrint, reading only files the letter is allowed to use."""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from .fonts import isolate_fontconfig

if TYPE_CHECKING:
    from weasyprint import Document


#: Images are downsampled to print resolution, so a phone photo of a logo stays small.
IMAGE_OPTIONS: dict[str, Any] = {"optimize_images": True, "dpi": 300, "jpeg_quality": 85}


@dataclass(frozen=True)
class PdfAttachment:
    """A file embedded in the PDF (PDF/A-3 allows it; WeasyPrint drops it for PDF/A-2)."""

    name: str
    data: bytes
    #: How the file relates to the document (PDF 2.0 AFRelationship): Data, Source...
    relationship: str
    description: str = ""


@dataclass(frozen=True)
class PdfOutput:
    """How the PDF is written: the variant and the attachments, passed as one value."""

    #: WeasyPrint's ``pdf_variant`` ("pdf/a-2b", "pdf/a-3b", "pdf/ua-1"), or None.
    variant: str | None = None
    attachments: tuple[PdfAttachment, ...] = ()


@dataclass(frozen=True)
class RenderedPdf:
    """A rendered part of the letter (the letter pages, or the annex)."""

    data: bytes
    pages: int
    #: HTML id -> index of the page it lands on, for the outline.
    anchors: dict[str, int]
    #: URLs the fetcher refused, and why: (url, reason).
    refused: tuple[tuple[str, str], ...]
    #: What the renderer ignored (bad CSS...), one sentence each.
    warnings: tuple[str, ...]
    #: The laid-out WeasyPrint Document, kept so parts can be joined (see join_pdfs).
    document: Any = field(default=None, repr=False, compare=False)


def render_pdf(
    html: str,
    *,
    base_dir: Path,
    stylesheets: Sequence[Path],
    extra_css: str,
    allowed_dirs: Sequence[Path],
    epoch: int,
    output: PdfOutput | None = None,
) -> RenderedPdf:
    """Lay out ``html`` and write it as PDF bytes.

    Files are served only from ``allowed_dirs``; anything else (http, https, a file
    elsewhere) is refused and reported in ``warnings``. ``epoch`` (seconds) stands in
    for the clock wherever the writer would stamp the time.
    """
    isolate_fontconfig()
    import weasyprint

    fetcher = _make_fetcher(weasyprint.URLFetcher, [d.resolve() for d in allowed_dirs])
    warnings: list[str] = []
    css = [weasyprint.CSS(string=extra_css, url_fetcher=fetcher)]
    for path in stylesheets:
        # Stylesheets are parsed here, so their syntax warnings can name the file.
        with _collect_warnings() as logged:
            css.append(weasyprint.CSS(filename=str(path), url_fetcher=fetcher))
        warnings += [f"{path}: {m}" for m in logged if not _is_refusal_echo(m, fetcher)]
    with _collect_warnings() as logged:
        document: Document = weasyprint.HTML(
            string=html, base_url=str(base_dir.resolve()) + os.sep, url_fetcher=fetcher
        ).render(stylesheets=css, **IMAGE_OPTIONS)
        data = _write(document, output or PdfOutput(), epoch)
    warnings += [m for m in logged if not _is_refusal_echo(m, fetcher)]
    anchors = {
        anchor: index for index, page in enumerate(document.pages) for anchor in page.anchors
    }
    return RenderedPdf(
        data=data,
        pages=len(document.pages),
        anchors=anchors,
        refused=tuple(fetcher.refused),
        warnings=tuple(warnings),
        document=document,
    )


def join_pdfs(parts: Sequence[RenderedPdf], *, epoch: int, output: PdfOutput) -> bytes:
    """Write several rendered parts as ONE WeasyPrint document (``Document.copy``).

    pypdf cannot merge structure trees, so a tagged PDF (PDF/UA) made of the letter and
    the annex must come out of a single ``write_pdf``. Metadata and language come from
    the first part.
    """
    first = parts[0].document
    return _write(
        first.copy([page for part in parts for page in part.document.pages]), output, epoch
    )


def _write(document: Document, output: PdfOutput, epoch: int) -> bytes:
    import weasyprint

    when = dt.datetime.fromtimestamp(epoch, dt.UTC).replace(tzinfo=None)
    attachments = [
        weasyprint.Attachment(
            file_obj=io.BytesIO(a.data),
            name=a.name,
            description=a.description,
            relationship=a.relationship,
            created=when,
            modified=when,
        )
        for a in output.attachments
    ]
    with _source_date_epoch(epoch):
        data: bytes = document.write_pdf(
            pdf_variant=output.variant, attachments=attachments or None
        )
    return data


def _make_fetcher(base: type[Any], roots: list[Path]) -> Any:
    class LetterFetcher(base):  # type: ignore[misc]
        """Serve files under the allowed folders and data: URLs; refuse everything else."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file", "data"})
            self.refused: list[tuple[str, str]] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(unquote(urlsplit(url).path)).resolve()
                if any(path.is_relative_to(root) for root in roots):
                    if path.is_file():
                        return super().fetch(url, headers)
                    reason = "no such file"
                else:
                    reason = "outside the letter folder, its theme, styles/ and fonts/"
            else:
                reason = "letterpdf never uses the network; put the file in the letter folder"
            self.refused.append((url, reason))
            raise ValueError(f"letterpdf refused {url}")

    return LetterFetcher()


def _is_refusal_echo(message: str, fetcher: Any) -> bool:
    return any(url in message for url, _ in fetcher.refused)


@contextmanager
def _collect_warnings() -> Iterator[list[str]]:
    """Collect WeasyPrint's warnings and errors (bad CSS, failed loads) as messages."""
    messages: list[str] = []

    class Handler(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage().splitlines()[0])

    handler = Handler(logging.WARNING)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)


@contextmanager
def _source_date_epoch(epoch: int) -> Iterator[None]:
    """Font subsetting may stamp the time; make it the letter's, not the clock's."""
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if old is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old
