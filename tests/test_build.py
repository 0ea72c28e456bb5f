"""The assembled PDF, read back: text, pages, labels, outline, metadata, fonts, bytes."""

from __future__ import annotations

import csv
import hashlib
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter

from letterpdf import BuildOptions, LetterError, build_letter
from letterpdf.base.errors import StrictError
from letterpdf.base.resources import FONTS_DIR
from letterpdf.build import BuildResult, build_letters

from .conftest import FIXTURES, ROOT, MakeLetter, pdftotext

#: Each test here builds PDFs.
pytestmark = pytest.mark.slow

SEED = ROOT / "content"
LETTER_TEXT = (FIXTURES / "letter-2018.txt").read_text()  # the source text, verbatim


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seed") / "letter.pdf"
    build_letter(SEED, BuildOptions(output=out))
    return out


def _paragraphs() -> list[str]:
    text = LETTER_TEXT.replace("to the work of the\n\nOHCHR", "to the work of the OHCHR")
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def _typeset(text: str) -> str:
    """The letter's straight quotes and apostrophes, as typography prints them."""
    text = re.sub(r'"(\w)', "\u201c\\1", text)
    text = text.replace('"', "\u201d").replace("'", "\u2019")
    return re.sub(r"\s+", " ", text)


def _without_page_furniture(text: str) -> str:
    """Drop footers and running heads, which pdftotext puts inside a paragraph that turns a page."""
    furniture = (
        r"(-?) ?Page \d+ of \d+ (?:Joint Letter of Civil Society Organisations 5 September 2018 )?"
    )
    # A word hyphenated across the page ("brief-" ... "ings") is joined again.
    return re.sub(furniture, lambda m: "" if m.group(1) else " ", text)


def test_seed_letter_text_is_all_there(seed_pdf: Path) -> None:
    text = _without_page_furniture(pdftotext(seed_pdf))
    assert "Dear High Commissioner Bachelet" in text
    assert "With assurances of our highest consideration" in text
    paragraphs = _paragraphs()
    assert len(paragraphs) == 12  # salutation, 10 paragraphs, closing
    # A real hyphen at a line end ("co-opt") is indistinguishable from a hyphenation
    # point in extracted text, so paragraphs are compared with hyphens removed.
    unhyphenated = text.replace("-", "")
    for paragraph in paragraphs:
        assert _typeset(paragraph).replace("-", "") in unhyphenated, paragraph[:60]
    with open(SEED / "signatories.csv", newline="", encoding="utf-8") as f:
        names = [row["name"] for row in csv.DictReader(f)]
    assert names
    for name in names:
        assert name in text


def test_seed_letter_pages_labels_outline(seed_pdf: Path) -> None:
    reader = PdfReader(seed_pdf)
    assert len(reader.pages) == 3
    assert reader.page_labels == ["1", "2", "A-1"]
    outline: list[Any] = list(reader.outline)
    assert [item.title for item in outline if not isinstance(item, list)] == [
        "Letter",
        "Signatories",
    ]
    assert [item.title for item in outline[2]] == ["International"]
    assert reader.get_destination_page_number(outline[1]) == 2
    for page in reader.pages:
        assert [round(v) for v in page.mediabox] == [0, 0, 595, 842]


def test_seed_letter_metadata(seed_pdf: Path) -> None:
    reader = PdfReader(seed_pdf)
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Joint Letter of Civil Society Organisations"
    assert meta.author == "The undersigned organisations"
    assert meta.subject == "Joint civil society letter on your appointment as High Commissioner"
    assert str(meta["/CreationDate"]) == "D:20180905000000+00'00'"
    assert str(meta["/ModDate"]) == "D:20180905000000+00'00'"
    assert str(reader.root_object["/Lang"]) == "en"


def test_fonts_are_embedded_and_ours(seed_pdf: Path) -> None:
    out = subprocess.run(["pdffonts", str(seed_pdf)], capture_output=True, text=True, check=True)
    rows = out.stdout.splitlines()[2:]
    assert rows
    shipped = {p.stem.split("-")[0] for p in FONTS_DIR.glob("*.ttf")}
    for row in rows:
        name, *_, emb, sub, uni, _obj, _gen = row.split()
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row
        family = name.split("+", 1)[1].replace("-", "")
        assert any(family.startswith(s) for s in shipped), row


def test_same_input_same_bytes(seed_pdf: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.pdf"
    build_letter(SEED, BuildOptions(output=again))
    digest = hashlib.sha256
    assert digest(again.read_bytes()).digest() == digest(seed_pdf.read_bytes()).digest()


def test_signatory_data_prints_literally(
    make_letter: MakeLetter, build: Callable[..., BuildResult]
) -> None:
    folder = make_letter(csv='name,country\n"<b>{{ 7*7 }}</b>",<i>X</i>\n')
    result = build(folder)
    text = pdftotext(result.output)
    assert "<b>{{ 7*7 }}</b>" in text
    assert "<i>X</i>" in text
    assert "49" not in text


def test_markdown_raw_html_is_escaped(
    make_letter: MakeLetter, build: Callable[..., BuildResult]
) -> None:
    folder = make_letter(body='<img src="http://example.org/x.png"> and **bold**\n')
    result = build(folder)
    text = pdftotext(result.output)
    assert "<img src=" in text
    assert "example.org/x.png" in text
    # Nothing was fetched; the only warning says the HTML printed as text.
    assert result.warnings == (
        f"{folder / 'letter.md'} line 12: HTML <img> prints as text; write Markdown "
        "instead: **bold**, *italic*, [text](https://...).",
    )


def test_style_css_cannot_read_outside_files_or_the_network(
    make_letter: MakeLetter, build: Callable[..., BuildResult], tmp_path: Path
) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG not really")
    folder = make_letter(
        style=(
            '@import url("http://example.org/evil.css");\n'
            'body { background: url("file:///etc/passwd"); }\n'
            'h1 { background: url("../secret.png"); }\n'
            '@font-face { font-family: X; src: url("https://example.org/x.woff"); }\n'
        )
    )
    result = build(folder)
    refused = "\n".join(result.warnings)
    style = folder / "style.css"
    for line, url in enumerate(("http://example.org/evil.css", "file:///etc/passwd"), 1):
        assert f"{style} line {line}: refused to load {url!r}" in refused
    assert f"{style} line 3: refused to load {secret.as_uri()!r}" in refused
    raw = result.output.read_bytes()
    assert b"root:" not in raw
    assert b"PNG not really" not in raw


def test_default_styles_raise_no_warnings(
    make_letter: MakeLetter, build: Callable[..., BuildResult], no_warnings: None
) -> None:
    assert build(make_letter()).warnings == ()


def test_strict_fails_and_keeps_the_previous_pdf(
    make_letter: MakeLetter, build: Callable[..., BuildResult]
) -> None:
    folder = make_letter()
    first = build(folder)
    before = first.output.read_bytes()
    (folder / "style.css").write_text('body { background: url("http://example.org/a.png"); }')
    with pytest.raises(StrictError, match=r"1 warning\(s\) and --strict is on"):
        build(folder, strict=True)
    assert first.output.read_bytes() == before


def test_failed_build_leaves_previous_pdf(
    make_letter: MakeLetter, build: Callable[..., BuildResult]
) -> None:
    folder = make_letter()
    first = build(folder)
    record = first.output.with_name("letter.signatories.csv")
    before = first.output.read_bytes(), record.read_bytes()
    (folder / "signatories.csv").write_text("organisation_label\nX\n")
    with pytest.raises(LetterError):
        build(folder)
    assert (first.output.read_bytes(), record.read_bytes()) == before
    # No temporary file left behind; the record of the printed list and the cache of
    # measured entry heights sit beside the PDF.
    assert sorted(p.name for p in first.output.parent.iterdir()) == [
        ".letterpdf-cache",
        first.output.name,
        record.name,
    ]


def test_input_files_are_never_rewritten(
    make_letter: MakeLetter, build: Callable[..., BuildResult]
) -> None:
    folder = make_letter(csv=b"\xef\xbb\xbfname;country\r\nAlpha;France\r\n")
    before = {p: p.read_bytes() for p in folder.iterdir()}
    build(folder)
    assert {p: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before


def test_scanned_pages_paper_and_labels(
    make_letter: MakeLetter, build: Callable[..., BuildResult], tmp_path: Path
) -> None:
    folder = make_letter()
    (folder / "annex").mkdir()
    for name in ("b.pdf", "a.pdf"):
        writer = PdfWriter()
        writer.add_blank_page(width=300, height=400)
        writer.write(folder / "annex" / name)
    result = build(folder, paper="letter")
    reader = PdfReader(result.output)
    assert result.scan_pages == 2
    assert reader.page_labels[-3:] == ["A-1", "S-1", "S-2"]
    assert [round(v) for v in reader.pages[0].mediabox] == [0, 0, 612, 792]
    assert [item.title for item in reader.outline if not isinstance(item, list)] == [
        "Letter",
        "Signatories",
        "Scanned signatures",
    ]


def test_unreadable_scan_is_named(
    make_letter: MakeLetter, build: Callable[..., BuildResult]
) -> None:
    folder = make_letter()
    (folder / "annex").mkdir()
    (folder / "annex" / "scan.pdf").write_bytes(b"not a pdf at all")
    with pytest.raises(LetterError, match=r"scan\.pdf: not a readable PDF"):
        build(folder)


def test_group_headings_never_stand_alone(
    make_letter: MakeLetter, build: Callable[..., BuildResult]
) -> None:
    """Each heading shares its page with its group's first name; long groups run on."""
    rows = ["name,country,group"]
    # 125 one-line names end the first group at the foot of the first annex page (126
    # would move the next heading over): the case where a heading could be orphaned.
    sizes = [125, 20, 41, 3, 29, 60, 2, 17, 33, 5, 48]
    for g, size in enumerate(sizes):
        rows += [
            f"Org {g}-{i} for {'Rights ' * (i % 4 if g else 0)}Work,Chile,Group {g:02d}"
            for i in range(size)
        ]
    result = build(make_letter(csv="\n".join(rows) + "\n"))
    reader = PdfReader(result.output)
    pages = [p.extract_text() for p in reader.pages[result.letter_pages :]]
    assert len(pages) >= 3
    for g, size in enumerate(sizes):
        # A heading is its title (not the running head's "· Group NN") and its count:
        # both must stand on the page of the group's first name.
        title = [i for i, t in enumerate(pages) if re.search(rf"(?<!· )Group {g:02d}\b", t)]
        count = [i for i, t in enumerate(pages) if re.search(rf"\b{size} signatories", t)]
        first = [i for i, t in enumerate(pages) if f"Org {g}-0 for" in t]
        assert title == count == first, (g, title, count, first)
    assert reader.page_labels[result.letter_pages :] == [f"A-{i}" for i in range(1, len(pages) + 1)]
    assert f"Annex, page 2 of {len(pages)}" in pages[1]


def test_refused_url_in_a_windows_1252_stylesheet_is_a_warning(
    make_letter: MakeLetter, build: Callable[..., BuildResult]
) -> None:
    """Locating the refused URL must not trip over a style.css saved in Windows-1252."""
    folder = make_letter()
    (folder / "style.css").write_bytes(
        '/* Thème */\nbody { background: url("http://example.org/a.png"); }\n'.encode("cp1252")
    )
    result = build(folder)
    assert result.warnings == (
        f"{folder / 'style.css'} line 2: refused to load 'http://example.org/a.png': "
        "letterpdf never uses the network; put the file in the letter folder",
    )


def _word_boxes(pdf: Path) -> list[tuple[str, float, float]]:
    """(word, top, bottom) on page 1, in points from the top, from poppler's bounding boxes."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [
        (word, float(top), float(bottom))
        for top, bottom, word in re.findall(
            r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)</word>', html
        )
    ]


def test_long_address_pushes_the_subject_down(
    make_letter: MakeLetter, build: Callable[..., BuildResult]
) -> None:
    """Twelve address lines overflow the 45 mm window; the subject must not print over them."""
    lines = "".join(f"  - Line{i} of the address\n" for i in range(1, 13))
    front = (
        f"title: T\ndate: 2018-09-05\nfrom: [A coalition]\nto:\n{lines}subject: Subjectword here\n"
    )
    result = build(make_letter(front=front))
    boxes = _word_boxes(result.output)
    last_line = max(bottom for word, _, bottom in boxes if word == "Line12")
    subject = min(top for word, top, _ in boxes if word == "Subjectword")
    assert subject > last_line


def test_wide_image_is_scaled_to_the_measure(
    make_letter: MakeLetter, build: Callable[..., BuildResult]
) -> None:
    """A 4,000-pixel-wide picture must shrink to the text width, not run off the page."""
    from PIL import Image

    folder = make_letter(body="A picture:\n\n![chart](chart.png)\n")
    Image.new("RGB", (4000, 300), "navy").save(folder / "chart.png")
    result = build(folder)
    listing = subprocess.run(
        ["pdfimages", "-list", str(result.output)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    assert len(listing) == 1
    columns = listing[0].split()
    drawn_mm = int(columns[3]) / int(columns[12]) * 25.4  # pixels / pixels per inch
    assert drawn_mm == pytest.approx(165, abs=1)  # the measure


def test_unknown_placeholder_names_word_and_line(
    make_letter: MakeLetter, build: Callable[..., BuildResult]
) -> None:
    folder = make_letter(body="First paragraph.\n\nSigned by {{ signatories.cuont }} groups.\n")
    with pytest.raises(LetterError) as e:
        build(folder)
    assert str(e.value).startswith(f"{folder / 'letter.md'} line 14: unknown placeholder 'cuont'.")


def test_document_id_covers_the_annex(
    make_letter: MakeLetter, build: Callable[..., BuildResult]
) -> None:
    """Same letter, different signatories: two documents, two IDs."""
    first = build(make_letter(csv="name\nAlpha Org\n", name="a"))
    second = build(make_letter(csv="name\nBeta Org\n", name="b"))
    ids = [repr(PdfReader(r.output).trailer["/ID"]) for r in (first, second)]
    assert ids[0] != ids[1]


def _word_bottoms_mm(pdf: Path, page: int) -> dict[str, float]:
    """First occurrence of each word on a page -> bottom of its box, in mm from the top."""
    out = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    bottoms: dict[str, float] = {}
    for y, word in re.findall(r'yMax="([\d.]+)">([^<]*)</word>', out):
        bottoms.setdefault(word, float(y) * 25.4 / 72)
    return bottoms


def test_page_one_follows_din_5008_form_b(seed_pdf: Path) -> None:
    """Window envelopes show the addressee only where DIN 5008 puts it (design checklist)."""
    words = _word_bottoms_mm(seed_pdf, 1)
    descent = 0.9  # mm from a box's bottom up to the baseline, at these sizes
    assert abs(words["society"] - 0.7 - 48.6) <= 1.0  # back address ("Civil society ...")
    assert abs(words["Ms."] - descent - 55.0) <= 1.0  # first addressee line
    assert abs(words["SWITZERLAND"] - descent - 84.6) <= 1.0  # last addressee line
    assert abs(words["date"] - descent - 55.0) <= 1.0  # information block, level with it
    assert abs(words["Dear"] - descent - 121.6) <= 1.5  # salutation


def test_same_bytes_from_separate_processes(tmp_path: Path) -> None:
    """No state shared in one process (renderer and font caches) may be what makes them equal."""
    digests = set()
    for run in ("a", "b"):
        out = tmp_path / run / "letter.pdf"
        subprocess.run(
            [sys.executable, "-m", "letterpdf", "-q", "build", str(SEED), "-o", str(out)],
            check=True,
            capture_output=True,
        )
        digests.add(hashlib.sha256(out.read_bytes()).hexdigest())
    assert len(digests) == 1


def test_rebuild_reads_the_letter_from_the_cache_until_an_image_changes(
    make_letter: MakeLetter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PIL import Image

    import letterpdf.typeset.letterpages

    folder = make_letter(body="A picture:\n\n![chart](chart.png)\n")
    Image.new("RGB", (400, 30), "navy").save(folder / "chart.png")
    output = tmp_path / "cached" / "letter.pdf"
    build_letter(folder, BuildOptions(output=output))
    renders: list[str] = []
    real = letterpdf.typeset.letterpages._cached

    def counted(cache: object, key: str) -> object:
        found = real(cache, key)  # type: ignore[arg-type]
        renders.append("cached" if found else "rendered")
        return found

    monkeypatch.setattr(letterpdf.typeset.letterpages, "_cached", counted)
    first = output.read_bytes()
    build_letter(folder, BuildOptions(output=output))
    assert renders and set(renders) == {"cached"} and output.read_bytes() == first
    renders.clear()
    Image.new("RGB", (400, 30), "darkred").save(folder / "chart.png")
    build_letter(folder, BuildOptions(output=output))
    assert "rendered" in renders and output.read_bytes() != first
    cold = tmp_path / "cold" / "letter.pdf"
    build_letter(folder, BuildOptions(output=cold, cache=False))
    assert output.read_bytes() == cold.read_bytes()


def test_each_pdf_keeps_its_own_cache(make_letter: MakeLetter, tmp_path: Path) -> None:
    """Building one language does not prune what the other's next build reads."""
    folder = make_letter()
    (folder / "letter.fr.md").write_text(
        "---\ntitle: Lettre\ndate: 2024-05-01\nto: [Quelqu'un]\nlang: fr\n---\n\nCorps.\n",
        encoding="utf-8",
    )
    output = tmp_path / "out" / "letter.pdf"
    build_letters(folder, BuildOptions(output=output))
    caches = sorted(p.name for p in (output.parent / ".letterpdf-cache").iterdir())
    assert caches == ["letter", "letter.fr"]
    entries = {p: sorted(p.iterdir()) for p in (output.parent / ".letterpdf-cache").iterdir()}
    build_letters(folder, BuildOptions(output=output), langs=("fr",))
    assert {p: sorted(p.iterdir()) for p in entries} == entries


def _same_as_cold(folder: Path, output: Path, tmp_path: Path) -> bool:
    cold = tmp_path / "cold" / "letter.pdf"
    build_letter(folder, BuildOptions(output=cold, cache=False))
    return output.read_bytes() == cold.read_bytes()


def test_an_image_missing_at_the_last_build_is_printed_once_there(
    make_letter: MakeLetter, tmp_path: Path
) -> None:
    from PIL import Image

    folder = make_letter(body="A picture:\n\n![chart](chart.png)\n")
    output = tmp_path / "cached" / "letter.pdf"
    assert any(
        "no such file" in w for w in build_letter(folder, BuildOptions(output=output)).warnings
    )
    Image.new("RGB", (400, 30), "navy").save(folder / "chart.png")
    result = build_letter(folder, BuildOptions(output=output))
    assert not any("no such file" in w for w in result.warnings)
    assert _same_as_cold(folder, output, tmp_path)


def test_a_copied_letter_folder_prints_its_own_images(
    make_letter: MakeLetter, tmp_path: Path
) -> None:
    """The default output, and its cache, are inside the folder: copying last year's
    letter copies its cache, which named the images of the old folder."""
    import shutil

    from PIL import Image

    old = make_letter(body="A picture:\n\n![logo](logo.png)\n", name="old")
    Image.new("RGB", (400, 30), "navy").save(old / "logo.png")
    build_letter(old)
    new = tmp_path / "new"
    shutil.copytree(old, new)
    Image.new("RGB", (400, 30), "darkred").save(new / "logo.png")
    build_letter(new)
    assert _same_as_cold(new, new / "build" / "letter.pdf", tmp_path)


def test_an_imported_stylesheet_that_changed_is_read_again(
    make_letter: MakeLetter, tmp_path: Path
) -> None:
    """The letter's cache is checked against the files its stylesheets import."""
    import letterpdf.typeset.pdf

    folder = make_letter(style='@import "more.css";\n')
    (folder / "more.css").write_text("p { color: #ff0000; }\n", encoding="utf-8")
    output = tmp_path / "cached" / "letter.pdf"
    build_letter(folder, BuildOptions(output=output))
    (folder / "more.css").write_text("p { color: #0000ff; }\n", encoding="utf-8")
    letterpdf.typeset.pdf._RENDERERS.clear()  # as in a new process: more.css is parsed again
    build_letter(folder, BuildOptions(output=output))
    assert _same_as_cold(folder, output, tmp_path)


def test_a_cache_that_cannot_be_pruned_is_no_error(
    make_letter: MakeLetter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only cache folder (a checkout, a shared drive): its entries cannot be
    deleted. The build still writes the PDF and the list it printed, and succeeds."""
    folder = make_letter()
    output = tmp_path / "out" / "letter.pdf"
    build_letter(folder, BuildOptions(output=output))
    for entry in (output.parent / ".letterpdf-cache").rglob("*.entry"):
        entry.write_bytes(entry.read_bytes()[:-1])  # damaged: deleted when read
    real = Path.unlink

    def unlink(self: Path, missing_ok: bool = False) -> None:
        if ".letterpdf-cache" in self.parts:
            raise PermissionError(13, "Permission denied", str(self))
        real(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    (folder / "signatories.csv").write_text(
        "name,country,group\nGamma Union,Peru,National\n", encoding="utf-8"
    )
    result = build_letter(folder, BuildOptions(output=output))
    assert result.signatories == 1 and "Gamma Union" in pdftotext(output)
    assert "Gamma Union" in (output.parent / "letter.signatories.csv").read_text("utf-8")
