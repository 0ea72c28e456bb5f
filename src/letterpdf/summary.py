"""The one line a build ends with, for a PDF or a Word document."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .build import BuildResult

if TYPE_CHECKING:
    from .word import DocxResult


def human_size(size: int) -> str:
    """``38 KB``, ``1.2 MB``."""
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def summary_line(result: BuildResult | DocxResult) -> str:
    """``Wrote build/letter.pdf: 3 pages (2 letter, 1 annex), 2 signatories, 38 KB, 1.1 s``."""
    if not isinstance(result, BuildResult):
        return result.summary()
    warned = f", {len(result.warnings)} warning(s)" if result.warnings else ""
    return (
        f"Wrote {result.output}: {result.pages} page{'' if result.pages == 1 else 's'} "
        f"({result.letter_pages} letter, "
        f"{result.annex_pages} annex"
        + (f", {result.scan_pages} scanned" if result.scan_pages else "")
        + f"), {result.signatories} signator{'y' if result.signatories == 1 else 'ies'}"
        + (f" ({result.changes.summary()} since the last build)" if result.changes else "")
        + f", {human_size(result.size)}, {result.seconds:.1f} s{warned}"
        + (f", {result.variant.upper()}" if result.variant else "")
    )
