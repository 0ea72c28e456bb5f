"""Even justified lines, breaks a reader expects, and page furniture by paper (issue 16).

The seed letter is built on A4 and US Letter, in English and in French, and its pages are
read back: word spaces from the glyphs' positions (bench/spacing.py), words with poppler
and pdfium, rules and marks with pdfplumber.
"""

from __future__ import annotations

import logging
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from letterpdf import BuildOptions, build_letter
from letterpdf.build import BuildResult
from letterpdf.output.textread import _pdfium_texts

from ..conftest import FIXTURES, ROOT, MakeLetter, normalise_extracted, pdftotext

sys.path.insert(0, str(ROOT / "bench"))
from spacing import measure

pytestmark = pytest.mark.slow

MM = 72 / 25.4
#: (language, paper) of each build; "court-us" is the profile (US Letter, PDF/A-2b).
BUILDS = {
    "en-a4": ("en", "a4"),
    "en-letter": ("en", "letter"),
    "fr-a4": ("fr", "a4"),
    "fr-letter": ("fr", "letter"),
    "court-us": ("en", None),
}


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("seed") / "letter"
    shutil.copytree(ROOT / "content", folder)
    shutil.copy(FIXTURES / "translations" / "letter.fr.md", folder)
    return folder


@pytest.fixture(scope="module")
def built(seed: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuildResult]:
    out = tmp_path_factory.mktemp("justified")
    results = {}
    for name, (lang, paper) in BUILDS.items():
        options = BuildOptions(
            output=out / f"{name}.pdf",
            paper=paper,
            lang=lang,
            profile="court-us" if name == "court-us" else None,
        )
        results[name] = build_letter(seed, options)
    return results


def _letter_pages(result: BuildResult) -> range:
    return range(1, result.letter_pages + 1)


@pytest.mark.parametrize("name", ["en-a4", "en-letter", "fr-a4", "fr-letter"])
def test_word_spaces_are_even(built: dict[str, BuildResult], name: str) -> None:
    """Each justified line's spaces over the natural space: at most 1.6x, median at most
    1.15x (WeasyPrint alone: 3.07x and 1.41x on A4, 2.98x and 1.43x on US Letter)."""
    result = built[name]
    spacing = measure(result.output, _letter_pages(result))
    assert len(spacing.lines) > 40  # the classic theme stays justified
    assert spacing.max <= 1.6, spacing.loosest()
    assert spacing.median <= 1.15
    assert spacing.min >= 0.75 - 0.01  # no space shrinks below three quarters


@pytest.mark.parametrize("name", list(BUILDS))
def test_no_page_ends_on_a_hyphen(built: dict[str, BuildResult], name: str) -> None:
    result = built[name]
    with pdfplumber.open(result.output) as pdf:
        for number in _letter_pages(result):
            lines = _lines(pdf.pages[number - 1])
            body = [text for baseline, text in lines if 25 < baseline < 270]
            assert not body[-1].endswith(("-", "\u2010", "\u00ad")), (number, body[-1])


@pytest.mark.parametrize("name", ["en-a4", "fr-a4"])
def test_no_ladder_of_hyphens(built: dict[str, BuildResult], name: str) -> None:
    """At most two hyphenated lines in a row (more only where spaces would otherwise
    stretch past 1.6x)."""
    result = built[name]
    with pdfplumber.open(result.output) as pdf:
        ends = [
            text.endswith("\u2010")
            for page in pdf.pages[: result.letter_pages]
            for _, text in _lines(page)
        ]
    runs = "".join("h" if e else " " for e in ends).split()
    assert max(map(len, runs)) <= 2


def _lines(page: Any) -> list[tuple[float, str]]:
    """(baseline in mm from the top, text) of each line, top to bottom."""
    rows: dict[float, list[Any]] = {}
    for char in page.chars:
        rows.setdefault(round((page.height - char["matrix"][5]) / MM, 1), []).append(char)
    return [
        (y, "".join(c["text"] for c in sorted(rows[y], key=lambda c: c["x0"])).strip())
        for y in sorted(rows)
    ]


def test_court_us_has_no_page_holding_only_the_closing(built: dict[str, BuildResult]) -> None:
    result = built["court-us"]
    assert result.letter_pages == 3
    with pdfplumber.open(result.output) as pdf:
        lines = _lines(pdf.pages[result.letter_pages - 1])
    texts = [t for _, t in lines]
    closing = texts.index("With assurances of our highest consideration,")
    body = [t for t in texts[:closing] if not t.startswith("Joint Letter of Civil")]
    assert len(body) >= 2, texts  # at least two lines of the last paragraph come along


@pytest.mark.parametrize("space", [0, 4, 8, 12, 16, 20, 24])
def test_the_closing_takes_two_lines_along(
    make_letter: MakeLetter, tmp_path: Path, space: int
) -> None:
    """However the pages fall (the subject pushed down by ``space`` mm), the page with
    the closing has at least two lines of the last paragraph above it."""
    body = (ROOT / "content" / "letter.md").read_text("utf-8").split("---\n", 2)[2]
    front = (ROOT / "content" / "letter.md").read_text("utf-8").split("---\n", 2)[1]
    folder = make_letter(front=front, body=body, style=f".subject {{ margin-top: {space}mm; }}")
    result = build_letter(folder, BuildOptions(output=tmp_path / "out.pdf"))
    with pdfplumber.open(result.output) as pdf:
        for page in pdf.pages[: result.letter_pages]:
            texts = [t for y, t in _lines(page) if 25 < y < 270]
            if "With assurances of our highest consideration," in texts:
                assert texts.index("With assurances of our highest consideration,") >= 2


@pytest.mark.parametrize("name", ["en-a4", "en-letter", "fr-a4", "court-us"])
@pytest.mark.parametrize("reader", ["poppler", "pdfium"])
def test_every_word_of_the_letter_extracts_whole(
    built: dict[str, BuildResult], seed: Path, name: str, reader: str
) -> None:
    """No break the plan forces shows in the text: the words a reader gets from the
    letter pages are the letter's words (a hyphenation hyphen is an incidental one)."""
    result = built[name]
    source = seed / ("letter.fr.md" if name.startswith("fr") else "letter.md")
    known = _words(source.read_text("utf-8")) | _words(_FURNITURE)
    if reader == "poppler":
        text = pdftotext(result.output, "-l", str(result.letter_pages))
    else:
        pages = _pdfium_texts(result.output)[: result.letter_pages]
        text = normalise_extracted(re.sub("\ufffe\r?\n?", "", " ".join(pages)))
    unknown = sorted(_words(text) - known)
    assert unknown == []
    assert "\u2060" not in text  # the word joiners that steer the breaks are no text


#: The words of the page furniture and the information block (words.toml).
_FURNITURE = (
    "page of sur date original pages annex annexe english anglais september septembre "
    "les organisations soussignées"
)


def _words(text: str) -> set[str]:
    """The words of ``text``, in lower case; numbers left out."""
    text = text.replace("\u2019", "'").replace("\u00ad", "").casefold()
    return {w for w in re.findall(r"\w+(?:['-]\w+)*", text) if not w.isdigit()}


def test_lines_are_set_as_planned(seed: Path, tmp_path: Path, caplog: Any) -> None:
    """WeasyPrint breaks every planned paragraph where the plan says (a debug message
    names any that it set otherwise)."""
    with caplog.at_level(logging.DEBUG, logger="letterpdf"):
        build_letter(seed, BuildOptions(output=tmp_path / "out.pdf", cache=False))
    planned = [r.getMessage() for r in caplog.records if "planned" in r.getMessage()]
    assert planned and all(" 0 set otherwise" in m for m in planned), planned


@pytest.mark.parametrize(
    ("name", "marks"), [("en-a4", [105.0, 148.5, 210.0]), ("en-letter", [93.0, 186.0])]
)
def test_fold_marks_follow_the_paper(
    built: dict[str, BuildResult], name: str, marks: list[float]
) -> None:
    with pdfplumber.open(built[name].output) as pdf:
        first = sorted({round(e["top"] / MM * 2) / 2 for e in _marks(pdf.pages[0])})
        later = [e for page in pdf.pages[1:] for e in _marks(page)]
    assert first == marks
    assert later == []  # none on later letter pages, none on the annex


def _marks(page: Any) -> list[Any]:
    """The short rules at the left edge of the paper."""
    return [e for e in page.edges if e["x0"] < 10 * MM and e["orientation"] == "h"]


@pytest.mark.parametrize("name", ["en-a4", "en-letter"])
def test_one_running_head_rule_on_every_page_but_the_first(
    built: dict[str, BuildResult], name: str
) -> None:
    result = built[name]
    with pdfplumber.open(result.output) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            rules = {
                (round(e["x0"] / MM), round(e["x1"] / MM))
                for e in page.edges
                if e["orientation"] == "h" and abs(e["top"] / MM - 19.5) < 0.5
            }
            assert rules == (set() if number == 1 else {(25, round(page.width / MM) - 20)})


def test_the_first_annex_page_has_the_running_head(built: dict[str, BuildResult]) -> None:
    result = built["en-a4"]
    with pdfplumber.open(result.output) as pdf:
        lines = _lines(pdf.pages[result.letter_pages])
    assert lines[0] == (17.0, "Annex · List of signatories5 September 2018")


def test_the_sender_is_printed_once_on_page_one(built: dict[str, BuildResult]) -> None:
    text = pdftotext(built["en-a4"].output, "-l", "1")
    assert text.count("Civil society organisations from every region") == 1


def test_annex_columns_end_where_the_letter_text_does(
    make_letter: MakeLetter, tmp_path: Path
) -> None:
    """The deepest baseline of a full annex page is the letter's, never below it."""
    csv = (FIXTURES / "owinfs_covid19_2020.csv").read_text("utf-8")
    folder = make_letter(
        front=(ROOT / "content" / "letter.md").read_text("utf-8").split("---\n", 2)[1],
        body=(ROOT / "content" / "letter.md").read_text("utf-8").split("---\n", 2)[2],
        csv=csv,
    )
    result = build_letter(folder, BuildOptions(output=tmp_path / "out.pdf"))
    with pdfplumber.open(result.output) as pdf:
        deepest = [
            max(y for y, _ in _lines(page) if y < 275)
            for page in pdf.pages[: result.letter_pages + result.annex_pages - 1]
        ]
    letter, annex = deepest[0], deepest[result.letter_pages :]
    assert letter == pytest.approx(267.2, abs=0.2)
    assert max(annex) <= letter + 0.1
    assert statistics.mean(annex) > letter - 4


def test_a_country_is_never_split(make_letter: MakeLetter, tmp_path: Path) -> None:
    """Not at its hyphen, not at its spaces (names of every length put the country at
    every place in the line); and its characters are the list's."""
    name = "Fundação Xanana Gusmão para a Educação e o Desenvolvimento Comunitário"
    names = [name.rsplit(" ", n)[0] for n in range(name.count(" ") + 1)]
    rows = "".join(f"{name},{country},International\n" for name in names for country in _COUNTRIES)
    folder = make_letter(csv="name,country,group\n" + rows)
    result = build_letter(folder, BuildOptions(output=tmp_path / "out.pdf"))
    lines = subprocess.run(
        ["pdftotext", "-raw", "-f", str(result.letter_pages + 1), str(result.output), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    for country in _COUNTRIES:
        assert sum(country in line for line in lines) == len(names), country
    html = (ROOT / "styles" / "classic" / "annex.html").read_text("utf-8")
    assert "\\u00a0" not in html and "\u00a0" not in html


_COUNTRIES = ("Timor-Leste", "Democratic Republic of the Congo", "Guinea-Bissau")


def test_a_tagged_letter_is_as_even_and_passes_both_validators(seed: Path, tmp_path: Path) -> None:
    """PDF/UA-1 in French (the most hyphenated of the four): the same even lines, and
    letterpdf's check and an independent validator both pass."""
    import page

    out = tmp_path / "ua.pdf"
    result = build_letter(seed, BuildOptions(output=out, lang="fr", variant="pdf/ua-1", check=True))
    assert result.report is not None and result.report.ok, result.report
    assert page.validate_pdf(str(out), profile="ua1").is_compliant
    spacing = measure(out, _letter_pages(result))
    assert spacing.max <= 1.6 and spacing.median <= 1.15


def test_right_to_left_paragraphs_are_planned_too(
    make_letter: MakeLetter, tmp_path: Path, caplog: Any
) -> None:
    sentence = (
        "نحن منظمات المجتمع المدني المحلية والوطنية والإقليمية والدولية من كل أنحاء "
        "العالم، نتقدم إليكم بأحر التهاني بمناسبة تعيينكم مفوضة الأمم المتحدة السامية "
        "لحقوق الإنسان، ومنها Amnesty International (AI) و FIDH."
    )
    folder = make_letter(
        front="title: رسالة\ndate: 2018-09-05\nlang: ar\n", body=f"{sentence} " * 5 + "\n"
    )
    with caplog.at_level(logging.DEBUG, logger="letterpdf"):
        result = build_letter(folder, BuildOptions(output=tmp_path / "ar.pdf", cache=False))
    planned = [r.getMessage() for r in caplog.records if "planned" in r.getMessage()]
    assert planned and all(" 0 set otherwise" in m for m in planned), planned
    spacing = measure(result.output, _letter_pages(result))
    assert len(spacing.lines) >= 4 and spacing.max <= 1.6
    text = pdftotext(result.output, "-l", str(result.letter_pages))
    assert "Amnesty International" in text and "\u2060" not in text


def test_a_ragged_right_letter_is_planned_too(
    make_letter: MakeLetter, tmp_path: Path, caplog: Any
) -> None:
    """``.body { text-align: left }``: natural spaces, an even rag, few hyphens, no line
    past the measure."""
    front, body = (ROOT / "content" / "letter.md").read_text("utf-8").split("---\n", 2)[1:]
    folder = make_letter(front=front, body=body, style=".body { text-align: left; }")
    with caplog.at_level(logging.DEBUG, logger="letterpdf"):
        result = build_letter(folder, BuildOptions(output=tmp_path / "out.pdf", cache=False))
    planned = [r.getMessage() for r in caplog.records if "planned" in r.getMessage()]
    assert planned and all("(10 ragged), 0 set otherwise" in m for m in planned), planned
    ends = []
    with pdfplumber.open(result.output) as pdf:
        for page in pdf.pages[: result.letter_pages]:
            rows: dict[float, list[Any]] = {}
            for char in page.chars:
                if abs(char["size"] - 11) < 0.01:  # the body's size
                    rows.setdefault(round(page.height - char["matrix"][5], 1), []).append(char)
            ends += [
                max(c["x1"] for c in row) / MM
                for row in rows.values()
                if min(c["x0"] for c in row) < 26 * MM  # lines, not the information block
            ]
    assert max(ends) <= 190.1  # nothing past the measure (165 mm from 25 mm)
    assert statistics.median(ends) > 178  # lines fill most of it
    assert pdftotext(result.output).count("\u00ad") <= 3
