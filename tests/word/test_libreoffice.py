"""A real client opens the Word documents: LibreOffice renders them to PDF, and the
PDF's text (poppler) has the letter, its signatories and the page numbers."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import docx
import pdfplumber
import pytest

from letterpdf import BuildOptions
from letterpdf.source.letter import load_letter
from letterpdf.word import DocxResult, build_docx

from ..conftest import FIXTURES, ROOT, pdftotext
from .conftest import render_pdf
from .test_channels import CSV, HRC_FRONT, _expected_groups

pytestmark = pytest.mark.slow

SEED = ROOT / "content"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[DocxResult, Path]]:
    """The seed letter, a 40-name HRC statement and the Arabic letter, as .docx and as
    LibreOffice renders them (one call for the three)."""
    out = tmp_path_factory.mktemp("docx")
    hrc = out / "hrc"
    hrc.mkdir()
    (hrc / "letter.md").write_text(
        f"---\n{HRC_FRONT}---\n\nThe statement.[^1]\n\n[^1]: A/HRC/55/50.\n", encoding="utf-8"
    )
    (hrc / "signatories.csv").write_text(CSV, encoding="utf-8")
    arabic = out / "arabic"
    shutil.copytree(SEED, arabic)
    shutil.copy(FIXTURES / "translations" / "letter.ar.md", arabic)
    results = {
        "seed": build_docx(SEED, BuildOptions(output=out / "seed.docx")),
        "hrc": build_docx(hrc, BuildOptions(output=out / "hrc.docx", profile="hrc-statement")),
        "ar": build_docx(arabic, BuildOptions(output=out / "ar.docx", lang="ar")),
    }
    started = time.perf_counter()
    pdfs = render_pdf(*(r.output for r in results.values()))
    print(f"LibreOffice: 3 documents in {time.perf_counter() - started:.1f} s")
    return {k: (r, pdf) for (k, r), pdf in zip(results.items(), pdfs, strict=True)}


def test_the_seed_letter_renders_whole(rendered: dict[str, tuple[DocxResult, Path]]) -> None:
    result, pdf = rendered["seed"]
    pages = pdftotext(pdf, "-raw")  # in the order LibreOffice wrote it: column by column
    text = re.sub(r"Page \d+ of \d+ ", "", pages)  # a paragraph across pages
    letter = load_letter(SEED)
    body = [
        " ".join(p.text.split())
        for p in docx.Document(str(result.output)).paragraphs
        if p.style is not None and p.style.name == "Normal" and p.text.strip()
    ]
    assert len(body) == 13  # the sender, the subject, the greeting and the ten paragraphs
    for paragraph in body:
        assert paragraph in text
    for line in (letter.front.salutation, letter.front.closing, letter.front.signed_by):
        assert line in text
    for signatory in letter.signatories:
        assert signatory.name in text
    assert "Page 1 of 3" in pages and "Page 3 of 3" in pages  # the fields, as computed


def test_the_annex_columns_stand_side_by_side(
    rendered: dict[str, tuple[DocxResult, Path]],
) -> None:
    _, pdf = rendered["seed"]
    with pdfplumber.open(pdf) as document:
        words = document.pages[-1].extract_words()
    first = next(w for w in words if w["text"] == "International")  # the group's heading
    fidh = next(w for w in words if "FIDH" in w["text"])
    second = next(w for w in words if w["text"] == "Lutheran")
    assert fidh["top"] > first["top"]
    assert second["x0"] > first["x0"] + 100  # the next column
    assert abs(second["top"] - first["top"]) < 5  # at its top, level with the heading


def test_the_hrc_statement_renders_its_co_sponsors_by_status(
    rendered: dict[str, tuple[DocxResult, Path]],
) -> None:
    _, pdf = rendered["hrc"]
    text = pdftotext(pdf, "-raw")
    headings = [
        "Organisations in general consultative status",
        "Organisations in special consultative status",
        "Organisations on the roster",
    ]
    places = [text.index(h) for h in headings]
    assert places == sorted(places)
    expected = _expected_groups()
    for status, heading in zip(("General", "Special", "Roster"), headings, strict=True):
        for name in expected[status]:
            assert heading in text[: text.index(name)]
    assert "also share(s) the views expressed in this statement." in text
    assert text.index("Organisations on the roster") < text.index("The Right to Defend Rights")


def test_the_arabic_letter_renders_right_to_left(
    rendered: dict[str, tuple[DocxResult, Path]],
) -> None:
    result, pdf = rendered["ar"]
    with pdfplumber.open(pdf) as document:
        page = document.pages[0]
        words = page.extract_words()
        width = page.width
    salutation = [w for w in words if "باشليه" in w["text"][::-1] or "باشليه" in w["text"]]
    assert salutation, [w["text"] for w in words[:20]]
    # A right-to-left paragraph starts at the right margin.
    assert max(w["x1"] for w in words if w["top"] == salutation[0]["top"]) > width * 0.8
    assert "صفحة" in pdftotext(pdf) or "ﺻﻔﺤﺔ" in pdftotext(pdf)
    assert result.signatories == 2
