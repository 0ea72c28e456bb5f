"""Every official language of every country prints in its own script, and reads back."""

from __future__ import annotations

import logging
import unicodedata
from pathlib import Path
from typing import Any

import babel
import pikepdf
import pytest
from click.testing import CliRunner

from letterpdf import BuildOptions, build_letter
from letterpdf.build import BuildResult
from letterpdf.cli import cli
from letterpdf.output.textread import missing_names, page_texts
from letterpdf.typeset.fonts import load_faces
from letterpdf.typeset.glyphs import face_coverage

from ..conftest import ROOT, notdef_glyphs, pdftotext
from .official import BABEL_VERSION, official_languages

LETTER = "---\ntitle: Every language\ndate: 2024-01-31\n---\n\nA short letter.\n"


def _folder(tmp: Path, rows: list[tuple[str, str]], front: str = LETTER) -> Path:
    import csv

    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / "letter.md").write_text(front, encoding="utf-8")
    with open(tmp / "signatories.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["name", "country"])
        writer.writerows(rows)
    return tmp


def test_babel_is_the_pinned_version() -> None:
    """CLDR's territory data changes with Babel: a new version comes in deliberately (bump
    BABEL_VERSION and the dev pin in pyproject.toml, then review the fonts)."""
    assert babel.__version__ == BABEL_VERSION


def test_every_official_script_has_a_face() -> None:
    faces = load_faces()
    shipped = {script for face in faces for script in face.scripts}
    needed = {script for row in official_languages() for script in row.scripts}
    assert len(needed) >= 30 and needed <= shipped, sorted(needed - shipped)
    covered = set().union(*(face_coverage(f.path) for f in faces))
    text = "".join(row.text for row in official_languages())
    assert {c for c in text if ord(c) not in covered and not c.isspace()} == set()


def test_the_cjk_face_has_the_spaces() -> None:
    """Pango sets a space between two CJK characters in the CJK face: without U+0020 it
    was a box ("김 민수")."""
    cjk = next(f for f in load_faces() if "Hang" in f.scripts)
    assert {0x20, 0xA0} <= face_coverage(cjk.path)


@pytest.fixture(scope="module")
def every(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    rows = [(row.text, row.territory) for row in official_languages() if row.text]
    folder = _folder(tmp_path_factory.mktemp("every") / "letter", rows)
    return build_letter(folder, BuildOptions(output=folder / "out" / "letter.pdf"))


@pytest.mark.slow
def test_every_language_prints_without_a_box(every: BuildResult) -> None:
    assert len(official_languages()) > 400
    assert notdef_glyphs(every.output) == []
    assert not [w for w in every.warnings if "no font" in w]


@pytest.mark.slow
def test_every_language_reads_back_with_poppler(every: BuildResult) -> None:
    """The text layer gives back each name (NFC, whitespace folded; poppler's own bidi
    marks and line-end hyphenation aside), as pdftotext and `letterpdf check` read it."""
    text = pdftotext(every.output)
    names = [row.text for row in official_languages() if row.text]
    assert missing_names([text], names) == []
    exact = [n for n in names if " ".join(unicodedata.normalize("NFC", n).split()) not in text]
    # Only what poppler itself changes: its RLE/PDF marks around right-to-left lines, and
    # a hyphen it drops at a line end ("Saint-Pierre-et-|Miquelon").
    assert all("-" in n or any(unicodedata.bidirectional(c) in "RAL" for c in n) for n in exact)


@pytest.mark.slow
def test_a_japanese_name_takes_japanese_forms_from_its_country(tmp_path: Path) -> None:
    """Kanji only: the country says which glyph forms (Japan: those of a lang: ja letter;
    China: others). Compared by the CJK face's glyph ids."""
    name = "直骨角今写具画協会"
    english = build_letter(
        _folder(tmp_path / "en", [(name, "Japan")]), BuildOptions(output=tmp_path / "en.pdf")
    )
    china = build_letter(
        _folder(tmp_path / "cn", [(name, "China")]), BuildOptions(output=tmp_path / "cn.pdf")
    )
    japanese = build_letter(
        _folder(tmp_path / "ja", [(name, "")], LETTER.replace("---\n\n", "lang: ja\n---\n\n")),
        BuildOptions(output=tmp_path / "ja.pdf"),
    )
    # The English letter's annex page draws the name alone in the CJK face; the Japanese
    # letter's draws it among its running head's words.
    assert _cjk_glyphs(english.output)
    assert _cjk_glyphs(english.output) <= _cjk_glyphs(japanese.output)
    assert not _cjk_glyphs(english.output) & _cjk_glyphs(china.output)


def _cjk_glyphs(path: Path) -> set[tuple[int, ...]]:
    """The glyph ids of each text the annex page draws in the CJK face."""
    pdf = pikepdf.open(path)
    page = pdf.pages[-1]
    fonts: Any = page.Resources.Font
    cjk = False
    runs = set()
    for instruction in pikepdf.parse_content_stream(page):
        op = str(instruction.operator)
        if op == "Tf":
            cjk = "CJK" in str(fonts[str(instruction.operands[0])].BaseFont)
        elif op == "TJ" and cjk:
            data = b"".join(
                bytes(i) for i in instruction.operands[0] if isinstance(i, pikepdf.String)
            )
            runs.add(tuple(int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)))
    return runs


@pytest.mark.slow
def test_cjk_names_break_between_words(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    rows = [
        ("特定非営利活動法人ヒューマン・ライツ・ナウ名古屋支部", "Japan"),
        ("公益財団法人世界自然保護基金ジャパン（ＷＷＦジャパン）", "Japan"),
        ("참여연대 국제연대위원회", "Republic of Korea"),
        ("香港人權監察", "Hong Kong"),
    ]
    folder = _folder(tmp_path / "cjk", rows)
    (folder / "style.css").write_text(".names { columns: 4 !important; }\n")
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        result = build_letter(folder, BuildOptions(output=tmp_path / "cjk.pdf"))
    assert not [r for r in caplog.records if ".notdef" in r.getMessage()]
    assert notdef_glyphs(result.output) == []
    lines = page_texts(result.output)[-1].splitlines()
    for word in ("名古屋支部", "（ＷＷＦジャパン）", "ヒューマン・ライツ・ナウ", "국제연대위원회"):
        assert any(word in line for line in lines), (word, lines)


@pytest.mark.slow
def test_check_finds_every_printed_name_and_only_the_missing_one(tmp_path: Path) -> None:
    rows = [
        ("مؤسسة الحق", "State of Palestine"),
        ("العربية — عُمان", "Oman"),
        ("मानव अधिकार संगठन", "India"),
        ("हिन्दी — भारत", "India"),
        ("มูลนิธิศักยภาพชุมชน", "Thailand"),
        ("참여연대 국제연대위원회", "Republic of Korea"),
        ("中国人权研究会", "China"),
        ("香港人權監察", "Hong Kong"),
    ]
    folder = _folder(tmp_path / "five", rows)
    result = build_letter(folder, BuildOptions(output=tmp_path / "five.pdf"))
    runner = CliRunner()
    sheet = str(folder / "signatories.csv")
    good = runner.invoke(cli, ["check", str(result.output), "--signatories", sheet])
    assert good.exit_code == 0, good.output
    assert "PASS  signatories: all 8 found in the annex" in good.output
    # The same list with one more name than the PDF prints: exactly that one is missing.
    more = tmp_path / "more.csv"
    more.write_text(
        (folder / "signatories.csv").read_text(encoding="utf-8") + "मराठी — भारत,India\n",
        encoding="utf-8",
    )
    bad = runner.invoke(cli, ["check", str(result.output), "--signatories", str(more)])
    assert bad.exit_code == 1
    assert "FAIL  signatories: 1 not found in the annex: मराठी — भारत" in bad.output


def test_the_seed_letter_loads_no_extra_face() -> None:
    """Only Noto Serif is loaded for a Latin letter: the new faces cost nothing there."""
    from letterpdf.typeset.glyphs import faces_for_text

    text = (ROOT / "content" / "letter.md").read_text(encoding="utf-8")
    assert {f.family for f in faces_for_text(text, "en", load_faces())} == {"Noto Serif"}
