"""PNG thumbnails of chosen pages of a letter's PDF, for a proof in a chat message."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from .base.errors import PreviewError
from .base.options import PREVIEW_WIDTH
from .build import build_letter


def select_pages(spec: str, labels: Sequence[str], source: Path) -> tuple[int, ...]:
    """Page indexes for a spec such as ``1,A-1``: page labels, else page numbers; ``all``."""
    if spec.strip().lower() == "all":
        return tuple(range(len(labels)))
    indexes = []
    for item in (part.strip() for part in spec.split(",")):
        if not item:
            continue
        if item in labels:
            indexes.append(labels.index(item))
        elif item.isdigit() and 1 <= int(item) <= len(labels):
            indexes.append(int(item) - 1)
        else:
            raise PreviewError(
                f"{source}: no page {item!r}. Its pages are {_summary(labels)}; give labels "
                "or page numbers separated by commas, e.g. --pages 1,A-1, or --pages all."
            )
    if not indexes:
        raise PreviewError(f"{source}: --pages {spec!r} names no page; e.g. --pages 1,A-1.")
    return tuple(dict.fromkeys(indexes))


def preview(
    source: Path, pages: str = "1", out_dir: Path | None = None, width: int = PREVIEW_WIDTH
) -> tuple[Path, ...]:
    """Write PNGs of ``pages`` of a PDF, or of a letter folder (built first).

    The PNGs are named ``<pdf name>-<page label>.png``, beside the PDF unless ``out_dir``
    is given.
    """
    source = Path(source)
    pdf = build_letter(source).output if source.is_dir() else source
    if not pdf.is_file():
        raise PreviewError(f"{pdf}: no such file. Give a PDF or a letter folder.")
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        labels = list(PdfReader(pdf).page_labels)
    except (PdfReadError, ValueError, OSError) as e:
        raise PreviewError(f"{pdf}: not a readable PDF ({e}). Build it again.") from None
    import pypdfium2 as pdfium

    out_dir = Path(out_dir) if out_dir else pdf.parent
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    document = pdfium.PdfDocument(str(pdf))
    try:
        for index in select_pages(pages, labels, pdf):
            page = document[index]
            bitmap = page.render(scale=width / page.get_width())
            target = out_dir / f"{pdf.stem}-{_safe(labels[index])}.png"
            bitmap.to_pil().save(target, optimize=True)
            written.append(target)
    finally:
        document.close()
    return tuple(written)


def _safe(label: str) -> str:
    return re.sub(r"[^\w.-]+", "_", label) or "page"


def _summary(labels: Sequence[str]) -> str:
    shown = ", ".join(labels[:8])
    return shown + (f", ... ({len(labels)} pages)" if len(labels) > 8 else "")
