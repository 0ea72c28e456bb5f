"""What others' tools say of our files: an independent PDF/A and PDF/UA validator
(page-validation), pdfplumber's walk of the structure tree, poppler's reading order, and
qpdf's uncompressed copy searched for data that must not be there."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import page
import pdfplumber
import pikepdf
import pytest
from pdfplumber.structure import PDFStructElement, PDFStructTree

from letterpdf import BuildOptions, build_letter
from letterpdf.output.preflight import PreflightReport, run_preflight
from letterpdf.output.profiles import get_profile

from ..conftest import FIXTURES, ROOT

#: Each test here builds PDFs.
pytestmark = pytest.mark.slow

#: The builds the issue lists, and the validator profiles each must pass.
BUILDS: dict[str, tuple[BuildOptions, tuple[str, ...]]] = {
    "2b": (BuildOptions(variant="pdf/a-2b"), ("2b",)),
    "3b": (BuildOptions(variant="pdf/a-3b"), ("3b",)),
    "2a": (BuildOptions(variant="pdf/a-2a"), ("2a",)),
    "3a": (BuildOptions(variant="pdf/a-3a"), ("3a",)),
    "ua1": (BuildOptions(variant="pdf/ua-1"), ("ua1",)),
    "un": (BuildOptions(profile="un"), ("2a", "ua1")),
    "archive": (BuildOptions(profile="archive"), ("3a", "ua1")),
}
#: The seed letter's two signatories, and 400 from a real published list.
LIST_400 = FIXTURES / "owinfs_covid19_2020.csv"
EMAIL = "jane.doe@example.org"
PHONE = "+41 22 555 01 23"

Build = Callable[[str, str], Path]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """``built("400", "un")``: the letter built once per list and build, on demand."""
    work = tmp_path_factory.mktemp("validators")
    folders = {"seed": ROOT / "content", "400": work / "l400"}
    shutil.copytree(ROOT / "content", folders["400"])
    shutil.copy(LIST_400, folders["400"] / "signatories.csv")
    done: dict[tuple[str, str], Path] = {}

    def build(letter: str, name: str) -> Path:
        if (letter, name) not in done:
            out = work / f"{letter}-{name}.pdf"
            build_letter(folders[letter], replace(BUILDS[name][0], output=out))
            done[letter, name] = out
        return done[letter, name]

    return build


def _preflight(path: Path, build: str) -> PreflightReport:
    profile = BUILDS[build][0].profile
    return run_preflight(path, profile=get_profile(profile) if profile else None)


@pytest.mark.parametrize("letter", ["seed", "400"])
@pytest.mark.parametrize("build", list(BUILDS))
def test_an_independent_validator_passes(built: Build, letter: str, build: str) -> None:
    path = built(letter, build)
    for profile in BUILDS[build][1]:
        report = page.validate_pdf(path, profile=profile)
        assert report.is_compliant, [(f.rule_id, f.message) for f in report.failures]
    # `letterpdf check` agrees, and says the validator judged the file.
    preflight = _preflight(path, build)
    assert preflight.ok, [f.text() for f in preflight.findings if not f.ok]
    (finding,) = [f for f in preflight.findings if f.kind == "validator"]
    assert finding.message.startswith("page-validation 0.11.0 finds the file PDF/")


@pytest.mark.parametrize(
    ("plant", "profile", "rule"),
    [
        # PDF/A: no output intent, so device colour has no meaning.
        (lambda pdf: pdf.Root.__delitem__("/OutputIntents"), "2a", "PDFA2A-DEVICE-RGB-001"),
        # PDF/UA: not marked as tagged.
        (lambda pdf: pdf.Root.__delitem__("/MarkInfo"), "ua1", "PDFUA1-TAGGED-DOCUMENT"),
        # PDF/UA: no natural language.
        (lambda pdf: pdf.Root.__delitem__("/Lang"), "ua1", "PDFUA1-TEXT-LANGUAGE"),
    ],
)
def test_a_planted_violation_fails(
    built: Build, tmp_path: Path, plant: Callable[[pikepdf.Pdf], None], profile: str, rule: str
) -> None:
    bad = tmp_path / "bad.pdf"
    with pikepdf.open(built("seed", "un")) as pdf:
        plant(pdf)
        pdf.save(bad)
    report = page.validate_pdf(bad, profile=profile)
    assert not report.is_compliant
    assert any(f.rule_id.startswith(rule) for f in report.failures), report.failures
    (finding,) = [f for f in _preflight(bad, "un").findings if f.kind == "validator"]
    assert not finding.ok and "page-validation 0.11.0: not PDF/" in finding.message


def test_check_says_when_no_validator_is_installed(
    built: Build, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "page", None)  # import page raises ImportError
    report = _preflight(built("seed", "un"), "un")
    (finding,) = [f for f in report.findings if f.kind == "validator"]
    assert finding.severity == "warning" and "page-validation is not installed" in finding.message
    assert report.ok  # our own checks still pass the file


@pytest.mark.parametrize("build", ["2b", "un", "archive"])
def test_header_fonts_and_attachments(built: Build, build: str) -> None:
    path = built("400", build)
    assert path.read_bytes().startswith(b"%PDF-1.7\n")  # PDF/A-2 and -3 and PDF/UA-1
    with pikepdf.open(path) as pdf:
        # ISO 32000-1, 9.6.4: each font subset has a tag of its own.
        programs: dict[str, set[tuple[int, int]]] = {}
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                stream = next(obj[k] for k in ("/FontFile", "/FontFile2", "/FontFile3") if k in obj)
                programs.setdefault(str(obj.FontName), set()).add(stream.objgen)
        assert len(programs) >= 2 and all(len(s) == 1 for s in programs.values()), programs
        attached = [f.objgen for f in pdf.Root.get("/AF", [])]
        assert len(attached) == len(set(attached)) == (build == "archive")


def test_archive_carries_only_the_printed_columns(tmp_path: Path) -> None:
    """A sign-on export keeps contact details in its own columns: they never reach the PDF,
    in any stream, compressed or not, nor in the attached list."""
    folder = tmp_path / "letter"
    shutil.copytree(ROOT / "content", folder)
    rows = list(csv.DictReader((ROOT / "content" / "signatories.csv").open(encoding="utf-8")))
    fields = [*rows[0], "url", "note", "email"]
    with (folder / "signatories.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fields)
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {**row, "url": f"tel:{PHONE}", "note": f"contact {EMAIL}", "email": EMAIL}
            )
    out = tmp_path / "archive.pdf"
    build_letter(folder, BuildOptions(output=out, profile="archive"))
    plain = tmp_path / "plain.pdf"  # every stream decompressed, every object on its own
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(out), str(plain)], check=True)
    for data in (out.read_bytes(), plain.read_bytes()):
        for needle in (EMAIL, PHONE, "example.org"):
            for encoding in ("utf-8", "utf-16-be"):
                assert needle.encode(encoding) not in data
    with pikepdf.open(out) as pdf:
        (name,) = pdf.attachments
        text = pdf.attachments[name].get_file().read_bytes().decode()
    header = next(csv.reader(io.StringIO(text)))
    assert header == ["name", "country", "group", "title"]
    assert "FIDH" in text


# The structure tree, walked with pdfplumber (its reader, not ours).


def _tree(path: Path) -> tuple[list[PDFStructElement], dict[tuple[int, int], str]]:
    """The structure elements in document order, and the text of each marked-content
    item by (page, MCID)."""
    with pdfplumber.open(path) as pdf:
        texts: dict[tuple[int, int], str] = {}
        for number, pg in enumerate(pdf.pages, start=1):
            for char in pg.chars:
                if char.get("mcid") is not None:
                    key = (number, char["mcid"])
                    texts[key] = texts.get(key, "") + char["text"]
        tree = PDFStructTree(pdf)

        def walk(elements: list[PDFStructElement]) -> Iterator[PDFStructElement]:
            for element in elements:
                yield element
                yield from walk(element.children)

        return list(walk(tree.children)), texts


def _drawn(path: Path) -> set[tuple[int, int]]:
    """(page, MCID) of the marked-content items that draw something, nested marked
    content included (a hyphenated line's /ActualText span sits inside its MCID's, and
    pdfplumber gives its characters no MCID)."""
    drawn: set[tuple[int, int]] = set()
    with pikepdf.open(path) as pdf:
        for number, pg in enumerate(pdf.pages, start=1):
            stack: list[int | None] = []
            for instruction in pikepdf.parse_content_stream(pg):
                op, operands = str(instruction.operator), instruction.operands
                if op in ("BDC", "BMC"):
                    props = operands[1] if op == "BDC" else None
                    own = props.get("/MCID") if isinstance(props, pikepdf.Dictionary) else None
                    stack.append(int(own) if own is not None else (stack[-1] if stack else None))
                elif op == "EMC" and stack:
                    stack.pop()
                elif op in _DRAWING and stack and (mcid := stack[-1]) is not None:
                    drawn.add((number, mcid))
    return drawn


_DRAWING = {"Tj", "TJ", "'", '"', "Do", "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "sh"}


def _empty(element: PDFStructElement, drawn: set[tuple[int, int]]) -> bool:
    own = any((element.page_number, m) in drawn for m in element.mcids or ())
    return not own and all(_empty(c, drawn) for c in element.children)


def _text(element: PDFStructElement, texts: dict[tuple[int, int], str]) -> str:
    own = "".join(texts.get((element.page_number or 0, m), "") for m in element.mcids or ())
    inner = " ".join(_text(c, texts) for c in element.children)
    return re.sub(r"\s+", " ", f"{own} {inner}").strip()


def _pages(element: PDFStructElement) -> set[int]:
    pages = {element.page_number or 0} if element.mcids else set()
    for child in element.children:
        pages |= _pages(child)
    return pages


@pytest.mark.parametrize("letter", ["seed", "400"])
def test_structure_a_screen_reader_walks(built: Build, letter: str) -> None:
    path = built(letter, "un")
    elements, texts = _tree(path)
    # No empty element: each draws something (or holds elements that do).
    drawn = _drawn(path)
    assert not [e.type for e in elements if _empty(e, drawn)]
    # Lists hold items, not lists.
    for element in elements:
        if element.type == "L":
            assert {c.type for c in element.children} == {"LI"}
    # The information block: label/value pairs, the label a row header.
    (table,) = [e for e in elements if e.type == "Table"]
    rows = [e for e in elements if e.type == "TR"]
    assert len(rows) == 4
    for row in rows:
        assert [c.type for c in row.children] == ["TH", "TD"]
    assert "5 September 2018" in _text(table, texts)
    # The annex: each group's heading, then its count, then its one list.
    heads = [i for i, e in enumerate(elements) if e.type == "H2"][1:]  # [0]: the subject
    rows_csv = list(csv.DictReader((ROOT / "content" / "signatories.csv").open()))
    if letter == "400":
        rows_csv = list(csv.DictReader(LIST_400.open(encoding="utf-8")))
    groups = Counter(r["group"] for r in rows_csv)
    assert len(heads) == len(groups)
    for n, start in enumerate(heads):
        end = heads[n + 1] if n + 1 < len(heads) else len(elements)
        group = elements[start:end]
        title = _text(group[0], texts)
        count = next(e for e in group[1:] if e.type == "P")
        assert re.fullmatch(rf"{groups[title]} signatories", _text(count, texts))
        lists = [e for e in group if e.type == "L"]
        assert len(lists) == 1, f"{title}: {len(lists)} lists"
        assert group.index(count) < group.index(lists[0])
        items = [c for c in lists[0].children if c.type == "LI"]
        # One item per name (the list holds one duplicate the build drops).
        assert groups[title] - 1 <= len(items) <= groups[title]
    # A paragraph that crosses a page is one paragraph: its first line on page 1 and its
    # next on page 2 are in the same P.
    paragraphs = [e for e in elements if e.type == "P"]
    (crossing,) = [p for p in paragraphs if len(_pages(p)) > 1]
    assert _pages(crossing) == {1, 2}
    assert "As High Commissioner, you have a unique" in _text(crossing, texts)
    assert "briefings to the HRC" in _text(crossing, texts)


def test_untagged_reading_order_puts_each_heading_before_its_names(built: Build) -> None:
    text = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(built("400", "2b")), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    flat = re.sub(r"\s+", " ", text)
    rows = list(csv.DictReader(LIST_400.open(encoding="utf-8")))
    order = list(dict.fromkeys(r["group"] for r in rows))
    starts = [flat.index(f"{group} {sum(r['group'] == group for r in rows)}") for group in order]
    assert flat.index("List of signatories") < starts[0]
    assert starts == sorted(starts)
    bounds = [*starts[1:], len(flat)]
    for row in rows:
        i = order.index(row["group"])
        # Long names wrap (at a slash, too): compare without spaces.
        start = re.sub(r"\s+", "", row["name"])[:16]
        assert start in flat[starts[i] : bounds[i]].replace(" ", ""), row["name"]
