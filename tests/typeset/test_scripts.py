"""Every script on the page: translations, right to left, fonts per script, glyph preflight.

Names come back from the PDF through pdftotext. Two things of pdftotext are undone first:
the bidi embedding marks it puts around right-to-left runs (U+202A-U+202E), and, for
scripts whose shaping reorders a vowel sign (Devanagari, Thai), the spaces it inserts
where the sign moved. So Indic and Thai names are compared without whitespace, in
pdftotext's default reading or its -raw reading (Thai comes out exact in -raw,
Devanagari in the default), and must also come back exactly from pypdf's extractor.
An Arabic name ending in Latin letters comes back as two runs (both extractors read such
a line left to right), so its order is checked on the page, from the word positions.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from letterpdf import BuildOptions
from letterpdf.build import BuildResult, build_letter, build_letters
from letterpdf.cli import cli
from letterpdf.output.textread import missing_names, page_texts
from letterpdf.typeset.fonts import text_scripts

from ..conftest import FIXTURES, ROOT, pdftotext

#: Each test here builds PDFs.
pytestmark = pytest.mark.slow

SEED = ROOT / "content"
NAMES = {
    "Arab": "مؤسسة الحق",
    "Cyrl": "Правозащитный центр «Мемориал»",
    "Hans": "中国人权研究会",
    "Jpan": "日本弁護士連合会",
    "Kore": "참여연대",
    "Deva": "मानव अधिकार संगठन",
    "Hebr": "בצלם – מרכז המידע הישראלי",
    "Grek": "Ελληνική Ένωση για τα Δικαιώματα του Ανθρώπου",
    "Thai": "มูลนิธิศักยภาพชุมชน",
    "Ethi": "የኢትዮጵያ ሰብአዊ መብቶች ጉባኤ",
    "Mixed": "مركز القاهرة لدراسات حقوق الإنسان CIHRS",
}
LETTER = "---\ntitle: Names from every region\ndate: 2020-04-30\n---\n\nA short letter.\n"
_BIDI_MARKS = re.compile("[\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def translated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuildResult]:
    """The seed letter with a French and an Arabic translation, built to three PDFs."""
    folder = tmp_path_factory.mktemp("seed") / "letter"
    shutil.copytree(SEED, folder)
    for path in (FIXTURES / "translations").glob("letter.*.md"):
        shutil.copy(path, folder)
    results = build_letters(folder, BuildOptions(output=folder / "out" / "letter.pdf"))
    return {r.output.name: r for r in results if isinstance(r, BuildResult)}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """An annex with a name in each of the scripts above."""
    folder = tmp_path_factory.mktemp("world")
    (folder / "letter.md").write_text(LETTER, encoding="utf-8")
    rows = "".join(f"{name},\n" for name in NAMES.values())
    (folder / "signatories.csv").write_text("name,country\n" + rows, encoding="utf-8")
    return build_letter(folder, BuildOptions(output=folder / "out.pdf"))


def _words(pdf: Path, page: int) -> list[tuple[str, float, float, float]]:
    """(word, xMin, xMax, yMin) of one page (1-based), from the glyphs' positions
    (pdfplumber reads glyphs, not a line's /ActualText: this is about where words stand)."""
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        words = doc.pages[page - 1].extract_words(keep_blank_chars=False)
    return [(w["text"], float(w["x0"]), float(w["x1"]), float(w["top"])) for w in words]


def _x(words: list[tuple[str, float, float, float]], text: str) -> float:
    return next(x0 for w, x0, _, _ in words if text in w)


def test_three_pdfs_share_one_annex(translated: dict[str, BuildResult]) -> None:
    assert sorted(translated) == ["letter.ar.pdf", "letter.fr.pdf", "letter.pdf"]
    names = ("International Federation for Human Rights (FIDH)", "(LWF)")
    for result in translated.values():
        assert result.signatories == 2
        pages = page_texts(result.output)[result.letter_pages :]
        assert missing_names(pages, names) == []


def test_french_annex_headings_date_labels(translated: dict[str, BuildResult]) -> None:
    result = translated["letter.fr.pdf"]
    text = pdftotext(result.output)
    for words in (
        "5 septembre 2018",
        "Organisations internationales",
        "Liste des signataires",
        "2 signataires",
        "Annexe, page 1 sur 1",
        f"Page 1 sur {result.letter_pages}",
        "Les organisations soussignées",
    ):
        assert words in text, words
    assert "List of signatories" not in text
    reader = PdfReader(result.output)
    assert reader.page_labels[-1] == "A-1"
    outline: list[Any] = list(reader.outline)
    assert [i.title for i in outline if not isinstance(i, list)] == ["Lettre", "Signataires"]
    assert str(reader.root_object["/Lang"]) == "fr"
    # French spacing: a no-break space before ":" and inside « »
    # (pypdf keeps them; pdftotext turns them into plain spaces).
    raw = "".join(page.extract_text() for page in reader.pages[: result.letter_pages])
    assert "inébranlable\u00a0:" in raw
    assert "«\u00a0dénoncer et stigmatiser\u00a0»" in raw


def test_arabic_reads_right_to_left(translated: dict[str, BuildResult]) -> None:
    result = translated["letter.ar.pdf"]
    width = float(PdfReader(result.output).pages[0].mediabox.width)
    words = _words(result.output, 1)
    first = next(x1 for w, _, x1, _ in words if w == "نحن")  # the body's first word
    assert first > 0.85 * width  # starts at the right margin
    # Latin names and numbers inside, on one line: "Amnesty International" before "FIDH"
    # before 2018, read from the right; the name itself runs left to right.
    y = next(y0 for w, _, _, y0 in words if w == "Amnesty")
    line = [word for word in words if abs(word[3] - y) < 4]
    assert _x(line, "Amnesty") > _x(line, "FIDH") > _x(line, "2018")
    assert _x(line, "Amnesty") < _x(line, "International")
    # The footer moved to the left ("صفحة 1 من 1"; pdftotext reads this one line visually).
    footer = next(x0 for w, x0, _, _ in words if w in ("صفحة", "ةحفص"))
    assert footer < 0.3 * width
    annex = _words(result.output, result.letter_pages + 1)
    assert _x(annex, "(FIDH)") > _x(annex, "(LWF)")  # first column on the right
    english = _words(translated["letter.pdf"].output, 1)
    assert next(x0 for w, x0, _, _ in english if w == "As") < 0.15 * width


def test_every_script_prints_and_reads_back(world: BuildResult) -> None:
    assert world.warnings == ()  # the glyph preflight found no character without a glyph
    default = _BIDI_MARKS.sub("", pdftotext(world.output))
    raw = _BIDI_MARKS.sub("", pdftotext(world.output, "-raw"))
    exact = PdfReader(world.output).pages[-1].extract_text()
    for key, name in NAMES.items():
        if key in ("Deva", "Thai"):
            compact = re.sub(r"\s", "", name)
            assert any(compact in re.sub(r"\s", "", t) for t in (default, raw)), key
            assert name in exact, key
        elif key == "Mixed":
            # An Arabic name ending in Latin: both runs come back, and on the page the
            # Latin run stands at the left end, where a right-to-left reading ends.
            assert "مركز القاهرة لدراسات حقوق الإنسان" in default and "CIHRS" in default
            words = _words(world.output, world.pages)
            y = next(y0 for w, _, _, y0 in words if w == "CIHRS")
            line = [word for word in words if abs(word[3] - y) < 4]
            assert _x(line, "CIHRS") < min(x0 for w, x0, _, _ in line if w != "CIHRS")
        else:
            assert name in default, key


def test_fonts_per_script_and_no_cjk_without_cjk(
    world: BuildResult, translated: dict[str, BuildResult]
) -> None:
    def fonts(pdf: Path) -> set[str]:
        out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
        return {row.split()[0].split("+")[1] for row in out.splitlines()[2:]}

    used = fonts(world.output)
    for family in ("Naskh-Arabic", "CJK", "Hebrew", "Devanagari", "Thai", "Ethiopic"):
        assert any(family in f for f in used), family
    assert not any("CJK" in f for r in translated.values() for f in fonts(r.output))
    assert "Hani" not in text_scripts((SEED / "letter.md").read_text(encoding="utf-8"))


def test_missing_glyph_is_named_and_strict_fails(tmp_path: Path) -> None:
    folder = tmp_path / "pua"
    folder.mkdir()
    (folder / "letter.md").write_text(LETTER, encoding="utf-8")
    (folder / "signatories.csv").write_text(
        "name,country\nAlpha Org,France\nPrivate \ue000 Collective,Chile\n", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["build", str(folder), "--strict"])
    assert result.exit_code == 1
    assert (
        f"{folder / 'signatories.csv'} line 3: 'Private \\ue000 Collective' has characters no "
        "font of the letter has (U+E000 unnamed); they would print as empty boxes; to print "
        "them, put a font that has them"
    ) in result.output
    assert "remove" not in result.output and "replace" not in result.output.lower()
    assert not (folder / "build" / "letter.pdf").exists()
    relaxed = CliRunner().invoke(cli, ["build", str(folder)])
    assert relaxed.exit_code == 0
    assert "Warning: " in relaxed.output and "U+E000" in relaxed.output


@pytest.mark.parametrize("variant", ["pdf/a-2b", "pdf/ua-1"])
def test_a_standard_file_refuses_a_character_no_font_has(tmp_path: Path, variant: str) -> None:
    """PDF/A and PDF/UA forbid glyphs that stand for no character: exit 1, file, line,
    name and code point, nothing written; `signatories check` says the same, as an error."""
    folder = tmp_path / "pua"
    folder.mkdir()
    (folder / "letter.md").write_text(LETTER, encoding="utf-8")
    (folder / "signatories.csv").write_text(
        "name,country\nAlpha Org,France\nPrivate \ue000 Collective,Chile\n", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["build", str(folder), "--variant", variant])
    assert result.exit_code == 1
    assert f"a {variant.upper()} file may not print a glyph" in result.output
    assert f"{folder / 'signatories.csv'} line 3: 'Private \\ue000 Collective'" in result.output
    assert "U+E000" in result.output
    assert not (folder / "build" / "letter.pdf").exists()
    letter = folder / "letter.md"
    letter.write_text(LETTER.replace("---\n\n", f"variant: {variant}\n---\n\n", 1))
    check = CliRunner().invoke(cli, ["signatories", "check", str(folder)])
    assert check.exit_code == 1
    assert "signatories.csv:3: error: 'Private \\ue000 Collective' has characters" in check.output


def test_a_font_declared_in_style_css_counts(tmp_path: Path) -> None:
    """A user who adds a font for a script letterpdf lacks gets a clean build: the glyph
    preflight reads the @font-face rules of style.css."""
    folder = tmp_path / "tifinagh"
    folder.mkdir()
    (folder / "letter.md").write_text(LETTER, encoding="utf-8")
    (folder / "signatories.csv").write_text("name\nAlpha Org\nEA \ue000\n", encoding="utf-8")
    source = ROOT / "fonts" / "NotoSerif-Regular.ttf"
    # A stand-in "user font": a copy of a shipped face with U+E000 mapped to a glyph.
    from fontTools.ttLib import TTFont

    with TTFont(source) as font:
        for table in font["cmap"].tables:
            if table.isUnicode():
                table.cmap[0xE000] = table.cmap[0x41]
        font.save(folder / "Extra.ttf")
    (folder / "style.css").write_text(
        '@font-face { font-family: "Extra"; src: url(Extra.ttf); }\n'
        'html { font-family: "Noto Serif", "Extra"; }\n'
    )
    result = CliRunner().invoke(cli, ["build", str(folder), "--variant", "pdf/a-2b"])
    assert result.exit_code == 0, result.output
    assert "Warning" not in result.output


def test_lang_option_builds_only_that_language(tmp_path: Path) -> None:
    folder = tmp_path / "letter"
    shutil.copytree(SEED, folder)
    shutil.copy(FIXTURES / "translations" / "letter.fr.md", folder)
    result = CliRunner().invoke(cli, ["build", str(folder), "--lang", "fr"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in (folder / "build").glob("*.pdf")] == ["letter.fr.pdf"]
    missing = CliRunner().invoke(cli, ["build", str(folder), "--lang", "de"])
    assert missing.exit_code == 2
    assert missing.output.startswith(f"Error: {folder / 'letter.de.md'}: not found; ")
    assert "this letter is in en, fr." in missing.output
