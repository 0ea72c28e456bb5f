"""Build options: one frozen object holds every default."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

#: Paper sizes letterpdf lays out for, and their CSS page size.
PAPER_SIZES = {"a4": "A4", "letter": "letter"}

#: Width of a ``letterpdf preview`` thumbnail in pixels, unless asked otherwise.
PREVIEW_WIDTH = 800

#: PDF variants letterpdf writes; see README "Archival PDF". WeasyPrint's names, and
#: "+ua-1": a tagged PDF/A file that is PDF/UA-1 too (archival and accessible in one).
VARIANTS = (
    "pdf/a-2b",
    "pdf/a-3b",
    "pdf/a-2a",
    "pdf/a-3a",
    "pdf/ua-1",
    "pdf/a-2a+ua-1",
    "pdf/a-3a+ua-1",
    "pdf/x-4",
)


def writer_variant(variant: str | None) -> str | None:
    """What WeasyPrint writes for ``variant``: a "+ua-1" file starts as its tagged PDF/A."""
    return variant.split("+", 1)[0] if variant else None


def tagged(variant: str | None) -> bool:
    """Whether ``variant`` is a tagged PDF (PDF/UA, PDF/A level a): one structure tree,
    so one WeasyPrint document, and no scanned pages."""
    return accessible(variant) or writer_variant(variant) in ("pdf/a-2a", "pdf/a-3a")


def accessible(variant: str | None) -> bool:
    """Whether ``variant`` claims PDF/UA-1."""
    return variant is not None and variant.endswith("ua-1")


def pdfa_part(variant: str | None) -> str:
    """ "2" or "3" for a PDF/A variant, "" otherwise."""
    if variant and variant.startswith("pdf/a-"):
        return variant[len("pdf/a-")]
    return ""


#: What ``letterpdf build --format`` writes: the PDF, and a Word document.
FORMATS = ("pdf", "docx")

#: ECOSOC consultative statuses, in the order an HRC statement lists its co-sponsors
#: (the signatory column ``status`` and the front matter's ``status``).
STATUSES = ("general", "special", "roster")


@dataclass(frozen=True)
class BuildOptions:
    """How to build a letter folder. The CLI reads its defaults from here."""

    #: Where the PDF is written; ``None`` means ``<folder>/build/letter.pdf``.
    output: Path | None = None
    #: Paper size ("a4" or "letter"); ``None`` takes the front matter's ``paper``.
    paper: str | None = None
    #: Turn every warning (refused URL, ignored column...) into a failed build.
    strict: bool = False
    #: PDF variant (one of VARIANTS); ``None`` takes the profile's, then the front matter's.
    variant: str | None = None
    #: Destination profile name (see profiles.toml); ``None`` takes the front matter's.
    profile: str | None = None
    #: Run the preflight check on the PDF just written.
    check: bool = False
    #: Keep measured entry heights in a cache folder beside the output, and reuse them.
    cache: bool = True
    #: Worker processes for measuring a long annex; ``None``: the machine's cores.
    jobs: int | None = None
    #: Keep the laid-out annex entries in this process for the next build (watch mode):
    #: they are measured here, not in workers, so the next build moves them, not lays out.
    resident: bool = False
    #: Called as ``progress(what, done, total)`` while the annex is laid out: ``what`` is
    #: "entries" (measured) or "pages" (written).
    progress: Callable[[str, int, int], None] | None = None
    #: Which letter to build: a translation's language (letter.<lang>.md); None: letter.md.
    lang: str | None = None
    #: What to write, of FORMATS: ``("pdf", "docx")`` writes both, side by side. Empty:
    #: the suffix of ``output`` (.docx), else the profile's format, else a PDF.
    formats: tuple[str, ...] = ()
    #: A theme the user chose (a built-in name or a folder anywhere); None: letter.md's.
    theme: str | None = None
