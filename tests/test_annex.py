"""The planned annex: every name printed, same bytes cached/parallel as cold, a damaged
cache ignored, and the same pages as the one-flow multicol render."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

import letterpdf.annex
from letterpdf import BuildOptions, build_letter
from letterpdf.sheets import load_signatories

from .conftest import DEFAULT_FRONT, FIXTURES, ROOT, normalise_extracted, pdftotext

sys.path.insert(0, str(ROOT / "bench"))
from names import generate_rows, signatories_csv  # type: ignore[import-not-found]

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
        mp.setattr(letterpdf.annex, "CHUNK", 60)
        mp.setattr(letterpdf.annex, "PARALLEL_FROM", 100)
        for name, csv in LISTS.items():
            folder = _folder(root, name, csv)
            paths = {k: root / f"{name}-{k}" / "letter.pdf" for k in ("cold", "cached", "flow")}
            build_letter(folder, BuildOptions(output=paths["cold"], cache=False, jobs=1))
            cached = BuildOptions(output=paths["cached"], jobs=2)
            build_letter(folder, cached)  # fills the cache (forked workers)
            build_letter(folder, cached)  # reads it
            mp.setattr(letterpdf.annex, "PLANNED_MARK", "no theme writes this")
            build_letter(folder, BuildOptions(output=paths["flow"], cache=False))
            mp.setattr(letterpdf.annex, "PLANNED_MARK", 'class="annex-page"')
            out[name] = paths
    return out


@pytest.mark.parametrize("name", LISTS)
def test_cached_parallel_build_equals_a_cold_one(
    builds: dict[str, dict[str, Path]], name: str
) -> None:
    paths = builds[name]
    assert paths["cached"].read_bytes() == paths["cold"].read_bytes()
    assert any((paths["cached"].parent / ".letterpdf-cache").iterdir())


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
    builds: dict[str, dict[str, Path]], tmp_path: Path
) -> None:
    folder = _folder(tmp_path, "damaged", LISTS["generated"])
    output = tmp_path / "out" / "letter.pdf"
    build_letter(folder, BuildOptions(output=output))
    (entry,) = (output.parent / ".letterpdf-cache").glob("*.entry")
    data = bytearray(entry.read_bytes())
    data[len(data) // 2] ^= 0xFF
    entry.write_bytes(bytes(data))
    build_letter(folder, BuildOptions(output=output))
    assert output.read_bytes() == builds["generated"]["cold"].read_bytes()


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
