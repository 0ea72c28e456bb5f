"""The planned annex: every name printed, same bytes cached/parallel as cold, a damaged
cache ignored, the same pages as the one-flow multicol render, and page ranges that read
and weigh as one document."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

import letterpdf.annex.layout
import letterpdf.annex.measure
import letterpdf.annex.ranges
import letterpdf.build
from letterpdf import BuildOptions, build_letter
from letterpdf.annex.transplant import fill as transplant_fill
from letterpdf.base.cache import cache_dir_for
from letterpdf.source.sheets import load_signatories

from ..conftest import DEFAULT_FRONT, FIXTURES, ROOT, normalise_extracted, pdftotext

sys.path.insert(0, str(ROOT / "bench"))
from names import generate_rows, signatories_csv

#: Each test here builds PDFs.
pytestmark = pytest.mark.slow

LISTS = {
    "generated": signatories_csv(generate_rows(300)),
    "covid": (FIXTURES / "owinfs_covid19_2020.csv").read_text(encoding="utf-8"),
}


def _folder(root: Path, name: str, csv: str) -> Path:
    folder = root / name
    folder.mkdir()
    (folder / "letter.md").write_text(f"---\n{DEFAULT_FRONT}---\n\nBody.\n", encoding="utf-8")
    (folder / "signatories.csv").write_text(csv, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """Each list built cold in one process, then cached in forked workers, then one flow."""
    root = tmp_path_factory.mktemp("annex")
    out: dict[str, dict[str, Path]] = {}
    with pytest.MonkeyPatch.context() as mp:
        # Small chunks, so a short list is measured in two forked workers.
        mp.setattr(letterpdf.annex.measure, "CHUNK", 60)
        mp.setattr(letterpdf.annex.measure, "PARALLEL_FROM", 100)
        # Small ranges, so a short list makes several, rendered in forked workers.
        mp.setattr(letterpdf.annex.layout, "RANGE_PAGES", 2)
        mp.setattr(letterpdf.annex.ranges, "PARALLEL_FROM", 2)
        for name, csv in LISTS.items():
            folder = _folder(root, name, csv)
            kinds = ("cold", "cached", "flow", "single")
            paths = {k: root / f"{name}-{k}" / "letter.pdf" for k in kinds}
            build_letter(folder, BuildOptions(output=paths["cold"], cache=False, jobs=1))
            cached = BuildOptions(output=paths["cached"], jobs=2)
            build_letter(folder, cached)  # fills the cache (forked workers)
            build_letter(folder, cached)  # reads it
            if name == "generated":  # the planned pages as one WeasyPrint document
                with pytest.MonkeyPatch.context() as single:
                    single.setattr(letterpdf.build, "_range_options", lambda *a: None)
                    build_letter(folder, BuildOptions(output=paths["single"], cache=False))
            mp.setattr(letterpdf.annex.layout, "PLANNED_MARK", "no theme writes this")
            build_letter(folder, BuildOptions(output=paths["flow"], cache=False))
            mp.setattr(letterpdf.annex.layout, "PLANNED_MARK", 'class="annex-page"')
            out[name] = paths
    return out


@pytest.mark.parametrize("name", LISTS)
def test_cached_parallel_build_equals_a_cold_one(
    builds: dict[str, dict[str, Path]], name: str
) -> None:
    paths = builds[name]
    assert paths["cached"].read_bytes() == paths["cold"].read_bytes()
    assert any(cache_dir_for(paths["cached"]).iterdir())


@pytest.mark.parametrize("name", LISTS)
def test_every_name_is_printed(builds: dict[str, dict[str, Path]], name: str) -> None:
    # pypdf, not pdftotext: poppler drops a hyphen that ends a line ("Non-Governmental").
    pages = PdfReader(builds[name]["cached"]).pages
    text = "".join(" ".join(page.extract_text() for page in pages).split())
    folder = builds[name]["cold"].parent
    (folder / "signatories.csv").write_text(LISTS[name], encoding="utf-8")
    names = {e.name for e in load_signatories(folder / "signatories.csv").entries}
    missing = [n for n in names if "".join(normalise_extracted(n).split()) not in text]
    assert len(names) > 100
    assert not missing


@pytest.mark.parametrize("name", LISTS)
def test_planned_pages_match_the_one_flow_render(
    builds: dict[str, dict[str, Path]], name: str
) -> None:
    """Same page count and the same text (where columns break may differ by an entry)."""
    planned, flow = builds[name]["cold"], builds[name]["flow"]
    assert planned.read_bytes() != flow.read_bytes()  # the planned layout was used
    # The same characters: lines may wrap elsewhere (an entry moved to the next column).
    assert sorted("".join(pdftotext(planned).split())) == sorted("".join(pdftotext(flow).split()))
    assert len(PdfReader(planned).pages) == len(PdfReader(flow).pages)


def test_a_damaged_cache_entry_is_ignored(
    builds: dict[str, dict[str, Path]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(letterpdf.annex.layout, "RANGE_PAGES", 2)
    folder = _folder(tmp_path, "damaged", LISTS["generated"])
    output = tmp_path / "out" / "letter.pdf"
    build_letter(folder, BuildOptions(output=output, jobs=1))
    entries = sorted(cache_dir_for(output).glob("*.entry"))
    assert len(entries) > 2  # the heights and the page ranges
    for entry in entries:
        data = bytearray(entry.read_bytes())
        data[len(data) // 2] ^= 0xFF
        entry.write_bytes(bytes(data))
    build_letter(folder, BuildOptions(output=output, jobs=1))
    assert output.read_bytes() == builds["generated"]["cold"].read_bytes()


def test_a_rebuild_after_adding_a_name_equals_a_cold_build(
    builds: dict[str, dict[str, Path]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ranges before the new name come from the cache; the PDF is a cold build's."""
    monkeypatch.setattr(letterpdf.annex.layout, "RANGE_PAGES", 2)
    rows = generate_rows(300)
    rows.insert(150, generate_rows(301)[-1])
    cold = tmp_path / "cold" / "letter.pdf"
    folder = _folder(tmp_path, "plus", signatories_csv(rows))
    build_letter(folder, BuildOptions(output=cold, cache=False, jobs=1))
    cached = tmp_path / "cached" / "letter.pdf"
    cache = cache_dir_for(cached)
    shutil.copytree(cache_dir_for(builds["generated"]["cached"]), cache)
    before = {p.name for p in cache.glob("*.entry")}
    build_letter(folder, BuildOptions(output=cached, jobs=1))
    assert cached.read_bytes() == cold.read_bytes()
    # The heights entry, and the ranges before the new name.
    assert len(before & {p.name for p in cache.glob("*.entry")}) >= 2


def test_ranges_read_and_weigh_as_one_document(builds: dict[str, dict[str, Path]]) -> None:
    """Same text as the planned pages written as one document (page numbers, running
    heads), each face embedded once in the annex, and about the same size."""
    ranges, single = builds["generated"]["cached"], builds["generated"]["single"]
    assert ranges.read_bytes() != single.read_bytes()
    # The same words (poppler may read the columns of a page in another order).
    assert sorted(pdftotext(ranges).split()) == sorted(pdftotext(single).split())
    assert "Annex, page 3 of" in pdftotext(ranges).replace("\u00a0", " ")
    assert ranges.stat().st_size <= 1.3 * single.stat().st_size
    reader = PdfReader(ranges)
    annex = reader.pages[len(reader.pages) - _annex_pages(single) :]
    fonts: dict[str, set[int]] = {}
    for page in annex:
        resources: Any = page["/Resources"]
        for ref in resources["/Font"].values():
            fonts.setdefault(str(ref.get_object()["/BaseFont"]), set()).add(ref.idnum)
    assert len(fonts) >= 2
    assert all(len(ids) == 1 for ids in fonts.values()), fonts


def _annex_pages(pdf: Path) -> int:
    return len(PdfReader(pdf).pages) - 1  # the test letter is one page


@pytest.mark.parametrize("name", ["generated", "covid"])
def test_un_theme_numbers_on_across_columns(
    tmp_path: Path, name: str, caplog: pytest.LogCaptureFixture
) -> None:
    folder = _folder(tmp_path, "un", LISTS[name])
    text = (folder / "letter.md").read_text(encoding="utf-8")
    (folder / "letter.md").write_text(text.replace("---\n\n", "theme: un\n---\n\n", 1))
    output = tmp_path / "out" / "letter.pdf"
    with caplog.at_level("INFO", logger="letterpdf"):
        build_letter(folder, BuildOptions(output=output, cache=False))
    # The planned layout held: a country floated out of its entry once broke the plan.
    assert not [r for r in caplog.records if "one-flow render instead" in r.getMessage()]
    if name != "generated":
        return
    numbers = [int(w[:-1]) for w in pdftotext(output).split() if w[:-1].isdigit() and w[-1] == "."]
    assert max(numbers) >= 60  # the biggest group (Africa, 66) numbers on past its columns


@pytest.mark.parametrize("frames", ["classic", "a theme without column heights"])
def test_entries_are_moved_into_frames_or_laid_out_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, frames: str
) -> None:
    """The classic template frames every planned page, so each entry is laid out once; a
    theme's template that does not print ``column.height`` gets whole pages instead."""
    folder = _folder(tmp_path, "frames", LISTS["generated"])
    if frames != "classic":
        theme = folder / "mytheme"
        theme.mkdir()
        template = (ROOT / "styles" / "classic" / "annex.html").read_text(encoding="utf-8")
        assert "column.height" in template
        (theme / "annex.html").write_text(
            template.replace("column.height is not none", "false"), encoding="utf-8"
        )
        letter = folder / "letter.md"
        letter.write_text(letter.read_text().replace("---\n\n", "theme: mytheme\n---\n\n", 1))
    filled: list[bool] = []
    real = transplant_fill

    def fill(*args: Any) -> Any:
        pages = real(*args)
        filled.append(pages is not None)
        return pages

    monkeypatch.setattr(letterpdf.annex.ranges, "fill", fill)
    output = tmp_path / "out" / "letter.pdf"
    build_letter(folder, BuildOptions(output=output, cache=False, jobs=1))
    assert filled
    assert all(filled) if frames == "classic" else not any(filled)
    text = "".join(" ".join(p.extract_text() for p in PdfReader(output).pages).split())
    names = {e.name for e in load_signatories(folder / "signatories.csv").entries}
    assert all("".join(normalise_extracted(n).split()) in text for n in names)


def test_progress_counts_entries_then_pages(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "progress", LISTS["generated"])
    seen: list[tuple[str, int, int]] = []
    output = tmp_path / "out" / "letter.pdf"
    result = build_letter(
        folder, BuildOptions(output=output, jobs=1, progress=lambda *a: seen.append(a))
    )
    entries = [s for s in seen if s[0] == "entries"]
    pages = [s for s in seen if s[0] == "pages"]
    assert entries[-1] == ("entries", 300, 300) and pages[-1][1:] == (result.annex_pages,) * 2
    assert seen.index(entries[-1]) < seen.index(pages[0])  # measured, then written
    assert [d for _, d, _ in pages] == sorted(d for _, d, _ in pages)


def test_a_range_is_framed_or_whole_whatever_it_is_batched_with(tmp_path: Path) -> None:
    """An entry with a background cannot be moved, so its range is laid out whole; the
    ranges batched with it are still framed (as they are when batched otherwise, by
    another number of workers), and the PDF is a cold build's."""
    rtl = ("جمعية حقوق الإنسان في القاهرة", "Égypte", "Middle East and North Africa")
    folder = _folder(tmp_path, "background", signatories_csv([*generate_rows(300), rtl]))
    (folder / "style.css").write_text(".name[dir=rtl] { background: #ff0; }\n", encoding="utf-8")
    cold, parallel = tmp_path / "cold" / "letter.pdf", tmp_path / "parallel" / "letter.pdf"
    build_letter(folder, BuildOptions(output=cold, cache=False, jobs=1))
    build_letter(folder, BuildOptions(output=parallel, cache=False, jobs=2))
    assert parallel.read_bytes() == cold.read_bytes()


@pytest.mark.parametrize("selector", ["li:nth-child(even)", "li:first-child", "li + li"])
def test_a_style_by_place_among_siblings_gets_the_one_flow_render(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, selector: str
) -> None:
    """Planned columns are lists of their own and entries are measured in chunks, so a
    style by place among siblings (zebra stripes) would style, and size, entries by their
    place in a chunk or a column, not in the group: -j 1 and -j 2 differed. Such styles
    get the one-flow render, the same whichever way it is built."""
    folder = _folder(tmp_path, "zebra", LISTS["generated"])
    style = f".names {selector} {{ color: #c00; font-weight: bold; }}\n"
    (folder / "zebra.css").write_text(style, encoding="utf-8")  # found through @import too
    (folder / "style.css").write_text('@import "zebra.css";\n', encoding="utf-8")
    filled: list[object] = []
    monkeypatch.setattr(letterpdf.annex.ranges, "fill", lambda *a: filled.append(a))
    cold, parallel = tmp_path / "cold" / "letter.pdf", tmp_path / "parallel" / "letter.pdf"
    build_letter(folder, BuildOptions(output=cold, cache=False, jobs=1))
    build_letter(folder, BuildOptions(output=parallel, jobs=2))
    build_letter(folder, BuildOptions(output=parallel, jobs=2))  # from the cache
    assert parallel.read_bytes() == cold.read_bytes()
    assert not filled


def test_an_entry_moved_to_a_group_styled_otherwise_is_measured_again(tmp_path: Path) -> None:
    """Entries are cached (heights) and kept (boxes) by what is printed of them; the group
    they are printed in is part of that: a cached rebuild placed the entries moved into a
    bold group with their old heights, and their lines overprinted the next entries."""
    rows = generate_rows(300)
    folder = _folder(tmp_path, "groups", signatories_csv(rows))
    style = '.group[data-title="Europe"] .name { font-weight: bold; letter-spacing: 0.05em; }\n'
    (folder / "style.css").write_text(style, encoding="utf-8")
    cached = tmp_path / "cached" / "letter.pdf"
    build_letter(folder, BuildOptions(output=cached, jobs=1))
    africa = [i for i, row in enumerate(rows) if row[2] == "Africa"][:20]
    for i in africa:
        rows[i] = (rows[i][0], rows[i][1], "Europe")
    (folder / "signatories.csv").write_text(signatories_csv(rows), encoding="utf-8")
    build_letter(folder, BuildOptions(output=cached, jobs=1))
    cold = tmp_path / "cold" / "letter.pdf"
    build_letter(folder, BuildOptions(output=cold, cache=False, jobs=1))
    assert cached.read_bytes() == cold.read_bytes()


def test_a_theme_that_reads_a_columns_members_gets_whole_pages(tmp_path: Path) -> None:
    """A theme's template may print a column's first name (as a dictionary does); its
    frame (empty columns) cannot be printed, so its pages are laid out whole."""
    folder = _folder(tmp_path, "members", LISTS["generated"])
    theme = folder / "mytheme"
    theme.mkdir()
    template = (ROOT / "styles" / "classic" / "annex.html").read_text(encoding="utf-8")
    first = '<p class="from">{{ column.members[0].name[:3] }}</p>\n    <ul class="names"'
    (theme / "annex.html").write_text(template.replace('<ul class="names"', first, 1))
    letter = folder / "letter.md"
    letter.write_text(letter.read_text().replace("---\n\n", "theme: mytheme\n---\n\n", 1))
    output = tmp_path / "out" / "letter.pdf"
    build_letter(folder, BuildOptions(output=output, cache=False, jobs=1))
    text = "".join(" ".join(p.extract_text() for p in PdfReader(output).pages).split())
    names = {e.name for e in load_signatories(folder / "signatories.csv").entries}
    assert all("".join(normalise_extracted(n).split()) in text for n in names)


def test_entries_shifted_by_relative_positioning_get_whole_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry's shift down (``position: relative; top``) was dropped when it was moved
    (its offsets start from where it stood, shifted): such entries are not moved."""
    folder = _folder(tmp_path, "positioned", LISTS["generated"])
    style = ".names li { position: relative; top: 10px; }\n"
    (folder / "style.css").write_text(style, encoding="utf-8")
    framed = tmp_path / "framed" / "letter.pdf"
    build_letter(folder, BuildOptions(output=framed, cache=False, jobs=1))
    monkeypatch.setattr(letterpdf.annex.ranges, "fill", lambda *a: None)
    whole = tmp_path / "whole" / "letter.pdf"
    build_letter(folder, BuildOptions(output=whole, cache=False, jobs=1))
    assert framed.read_bytes() == whole.read_bytes()


def test_a_changed_image_of_the_annex_css_reaches_a_cached_rebuild(tmp_path: Path) -> None:
    """The page ranges are cached by their content; an image their CSS loads is checked
    too: a new band.png must be printed by a rebuild, as by a cold build."""
    from PIL import Image

    folder = _folder(tmp_path, "band", LISTS["generated"])
    (folder / "style.css").write_text(
        ".group h2 { background: url(band.png) repeat-x; }\n", encoding="utf-8"
    )
    Image.new("RGB", (8, 8), "navy").save(folder / "band.png")
    cached = tmp_path / "cached" / "letter.pdf"
    build_letter(folder, BuildOptions(output=cached, jobs=1))
    first = cached.read_bytes()
    Image.new("RGB", (8, 8), "darkred").save(folder / "band.png")
    build_letter(folder, BuildOptions(output=cached, jobs=1))
    cold = tmp_path / "cold" / "letter.pdf"
    build_letter(folder, BuildOptions(output=cold, cache=False, jobs=1))
    assert cached.read_bytes() == cold.read_bytes() != first


def test_a_country_wider_than_a_column_stays_inside_it(make_letter: Any, tmp_path: Path) -> None:
    """A country is kept on one line unless it is longer than a column: the UN's
    "United Kingdom of Great Britain and Northern Ireland" ran into the right margin."""
    import pdfplumber

    rows = "".join(f"Organisation {i},United Kingdom,National\n" for i in range(30))
    folder = make_letter(csv="name,country,group\n" + rows + "Timor Group,Timor-Leste,National\n")
    result = build_letter(folder, BuildOptions(output=tmp_path / "uk.pdf", cache=False))
    with pdfplumber.open(result.output) as pdf:
        for page in pdf.pages[result.letter_pages :]:
            right = max(c["x1"] for c in page.chars)
            assert right <= float(page.width) - 20 / 25.4 * 72 + 1, right  # the 20 mm margin
    text = pdftotext(result.output)
    assert "Great Britain and Northern Ireland" in text.replace("\n", " ")
    assert any("Timor-Leste" in line for line in text.splitlines())  # short: never split
