"""The Word document as python-docx and its XML read it back: the letter, the footer's
fields, the annex's columns, notes, lists, right to left, the same bytes twice."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from letterpdf.cli import cli
from letterpdf.source.letter import load_letter
from letterpdf.word import count_words, docx_text

from ..conftest import FIXTURES, ROOT, MakeLetter
from .conftest import NS, BuildDocx, part, parts, text

SEED = ROOT / "content"


def _paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def test_the_seed_letter_has_every_paragraph_and_signatory(build_word: BuildDocx) -> None:
    result = build_word(SEED)
    letter = load_letter(SEED)
    texts = _paragraphs(result.output)
    front = letter.front
    assert front.salutation in texts
    assert front.closing in texts
    assert front.signed_by in texts
    assert texts[0] == front.title
    for line in front.to:
        assert line in "\n".join(texts)
    body = [p for p in letter.body.split("\n\n") if p.strip()]
    assert len(body) == 10
    for paragraph in body:  # the typographer's quotes and apostrophes, as the PDF prints
        text = paragraph.strip().replace('"', "").replace("'", "\u2019")
        assert any(text == t.replace("\u201c", "").replace("\u201d", "") for t in texts)
    for signatory in letter.signatories:
        assert signatory.name in texts
    assert "5 September 2018" in texts
    assert result.signatories == 2
    assert result.words.total == count_words(result.output.read_bytes()).total


def test_the_annex_is_a_section_with_three_columns(build_word: BuildDocx) -> None:
    path = build_word(SEED).output
    document = part(path, "word/document.xml")
    columns = [int(c.get(f"{{{NS['w']}}}num", 1)) for c in document.iterfind(".//w:cols", NS)]
    assert 3 in columns
    # The columns' section starts on the line after the annex heading (continuous), and
    # the annex starts a new page.
    types = [t.get(f"{{{NS['w']}}}val") for t in document.iterfind(".//w:sectPr/w:type", NS)]
    assert types.count("continuous") >= 2


def test_the_footer_has_page_number_fields(build_word: BuildDocx) -> None:
    path = build_word(SEED).output
    (footer,) = parts(path, "word/footer")
    instructions = [i.text.strip() for i in footer.iterfind(".//w:instrText", NS)]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert text(footer).startswith("Page ")
    assert len(footer.findall(".//w:fldChar", NS)) == 6


@pytest.mark.slow  # builds: keeps the fast selection under 30 s
def test_the_same_input_gives_the_same_bytes(build_word: BuildDocx, tmp_path: Path) -> None:
    first = build_word(SEED).output.read_bytes()
    other = tmp_path / "other.docx"
    env = {**os.environ, "TZ": "Asia/Tokyo"}
    command = [sys.executable, "-m", "letterpdf", "build", str(SEED), "-o", str(other)]
    subprocess.run(command, check=True, env=env, capture_output=True)
    assert other.read_bytes() == first
    env["SOURCE_DATE_EPOCH"] = "1700000000"
    subprocess.run(command, check=True, env=env, capture_output=True)
    assert other.read_bytes() != first


def test_markdown_becomes_word_structure(make_letter: MakeLetter, build_word: BuildDocx) -> None:
    body = (
        "## Background\n\nThe *first* point is **strong**, see [the report]"
        "(https://example.org/report).[^src]\n\n- one\n- two\n\n1. first\n2. second\n\n"
        "> A quotation.\n\n[^src]: A/HRC/55/50, para. 12, at [undocs.org](https://undocs.org).\n"
    )
    path = build_word(make_letter(body=body)).output
    document = docx.Document(str(path))
    styles = {p.text: p.style.name for p in document.paragraphs if p.style is not None}
    assert styles["Background"] == "Heading 2"
    assert styles["A quotation."] == "Quote"
    point = next(p for p in document.paragraphs if p.text.startswith("The first point"))
    assert [r.text for r in point.runs if r.italic] == ["first"]
    assert [r.text for r in point.runs if r.bold] == ["strong"]
    (link,) = point.hyperlinks
    assert (link.text, link.url) == ("the report", "https://example.org/report")
    xml = part(path, "word/document.xml")
    numbered = [p for p in xml.iterfind(".//w:p", NS) if p.find("w:pPr/w:numPr", NS) is not None]
    assert [text(p) for p in numbered] == ["one", "two", "first", "second"]
    notes = part(path, "word/footnotes.xml")
    (note,) = [n for n in notes.iterfind("w:footnote", NS) if n.get(f"{{{NS['w']}}}id") == "1"]
    assert text(note).strip() == "A/HRC/55/50, para. 12, at undocs.org."
    assert xml.find(".//w:footnoteReference", NS) is not None
    assert "undocs.org" in docx_text(path.read_bytes())


def test_an_arabic_letter_runs_right_to_left(tmp_path: Path, build_word: BuildDocx) -> None:
    folder = tmp_path / "letter"
    shutil.copytree(SEED, folder)
    shutil.copy(FIXTURES / "translations" / "letter.ar.md", folder)
    path = build_word(folder, lang="ar").output
    xml = part(path, "word/document.xml")
    body = xml.find("w:body", NS)
    paragraphs = body.findall(".//w:p", NS)
    texts = [p for p in paragraphs if text(p).strip()]
    assert texts and all(p.find("w:pPr/w:bidi", NS) is not None for p in texts)
    sections = body.findall(".//w:sectPr", NS)
    assert sections and all(s.find("w:bidi", NS) is not None for s in sections)
    salutation = next(p for p in texts if "باشليه" in text(p))
    assert salutation.find("w:r/w:rPr/w:rtl", NS) is not None
    # A Latin name inside stays a left-to-right run.
    latin = [r for r in xml.iterfind(".//w:r", NS) if "Amnesty" in text(r)]
    assert latin and latin[0].find("w:rPr/w:rtl", NS) is None
    assert "صفحة" in text(parts(path, "word/footer")[0])


def test_format_pdf_and_docx_writes_both(tmp_path: Path) -> None:
    out = tmp_path / "out" / "letter.pdf"
    args = ["build", str(SEED), "-o", str(out), "--format", "pdf,docx"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert out.is_file() and out.with_suffix(".docx").is_file()
    assert f"Wrote {out.with_suffix('.docx')}: 865 words" in result.output


def test_an_unknown_format_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", str(SEED), "--format", "odt"])
    assert result.exit_code == 2
    assert result.output == (
        "Error: --format 'odt' is not a format: letterpdf writes pdf, docx "
        "(--format pdf,docx writes both).\n"
    )


def test_a_docx_output_path_builds_word(tmp_path: Path) -> None:
    out = tmp_path / "statement.docx"
    result = CliRunner().invoke(cli, ["build", str(SEED), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:2] == b"PK"
    assert not out.with_suffix(".pdf").exists()


def test_a_file_that_is_not_a_word_document_is_not_replaced(tmp_path: Path) -> None:
    out = tmp_path / "notes.docx"
    out.write_text("my notes", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(SEED), "-o", str(out)])
    assert result.exit_code == 2
    assert "exists and is not a Word document" in result.output
    assert out.read_text(encoding="utf-8") == "my notes"


@pytest.mark.parametrize("name", ["hrc-statement", "upr", "uk-evidence"])
def test_word_profiles_build_docx_by_default(name: str, make_letter: MakeLetter) -> None:
    front = "title: T\ndate: 2024-01-01\nstatus: general\n"
    folder = make_letter(front=front)
    result = CliRunner().invoke(cli, ["build", str(folder), "--profile", name])
    assert result.exit_code == 0, result.output
    assert (folder / "build" / "letter.docx").is_file()
    assert not (folder / "build" / "letter.pdf").exists()
    assert result.output.endswith(f", {name}\n")
