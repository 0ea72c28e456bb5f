"""Read a PDF's text the way a reader does, and find names in it.

poppler (``pdftotext``, where poppler-utils is installed) reads the text as the
acceptance tests and most Linux tools do; pdfium (``pypdfium2``, always installed) as
Chrome does. pypdf is not used: it returns garbage for subset CJK and Indic fonts, and
the check then called printed names missing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

#: Invisible in print, added or dropped by readers: bidi controls and marks, soft hyphens.
_INVISIBLE = re.compile(
    "[\u0002\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\ufffe]"
)
#: What a reader may change: spacing and hyphens at a line end; and brackets, which
#: poppler mirrors in a left-to-right name on a page it reads right to left ("(FIDH)"
#: comes back as ")FIDH(").
_NOT_COMPARED = re.compile(r"[\s\u2010\u2011()\[\]{}-]+")


def reader() -> str:
    """ "poppler" where ``pdftotext`` is installed, else "pdfium"."""
    return "poppler" if shutil.which("pdftotext") else "pdfium"


def page_texts(path: Path) -> list[str]:
    """The text of each page; [] for a file no reader can open."""
    if reader() == "poppler":
        done = subprocess.run(
            ["pdftotext", "-q", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            timeout=120,
            check=False,
        )
        if done.returncode == 0:
            pages = done.stdout.decode("utf-8", "replace").split("\f")
            return pages[:-1] if pages and not pages[-1].strip() else pages
    return _pdfium_texts(path)


def _pdfium_texts(path: Path) -> list[str]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        return []
    try:
        return [str(page.get_textpage().get_text_range()) for page in pdf]
    finally:
        pdf.close()


def text_key(text: str) -> str:
    """A name or a page as compared: NFKC, case folded, without what readers add or drop
    (spacing, line-end hyphens, bidi controls, soft hyphens)."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    return _NOT_COMPARED.sub("", text.casefold())


def _rtl(name: str) -> bool:
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in name)


def _bare(text: str) -> str:
    """:func:`text_key` without combining marks."""
    return "".join(c for c in text_key(text) if not unicodedata.combining(c))


def missing_names(pages: Sequence[str], names: Iterable[str]) -> list[str]:
    """The names that are not in the pages' text.

    pdfium gives the letters of a right-to-left line's ``/ActualText`` in an order of its
    own (see typeset/drawing.py), so with pdfium a right-to-left name counts as found
    when the letters of each of its words are there as one word, in any order.
    """
    text = " ".join(pages)
    haystack = text_key(text)
    words = {_letters(w) for w in text.split()} if reader() == "pdfium" else None
    missing = []
    for name in names:
        if not name.strip() or text_key(name) in haystack:
            continue
        if words is not None and _rtl(name) and all(_letters(w) in words for w in name.split()):
            continue
        missing.append(name)
    return missing


def _letters(word: str) -> str:
    return "".join(sorted(c for c in _bare(word) if c.isalnum()))
