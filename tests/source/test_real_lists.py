"""The four real published lists: each builds with every name in the PDF, and `check`
reports the quirks their README describes. Also the check/diff commands and the build's
"+N -M since the last build"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from letterpdf import BuildOptions, build_letter
from letterpdf.cli import cli
from letterpdf.source.check import check_path
from letterpdf.source.sheets import load_signatories

from ..conftest import DEFAULT_FRONT, FIXTURES, MakeLetter, normalise_extracted, pdftotext

#: Each test here builds PDFs.
pytestmark = pytest.mark.slow

LISTS = sorted(p.name for p in FIXTURES.glob("owinfs_*.csv"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Each real list built once: list name -> the PDF's extracted text."""
    texts = {}
    for name in LISTS:
        folder = tmp_path_factory.mktemp(name.removesuffix(".csv"))
        (folder / "letter.md").write_text(
            f"---\n{DEFAULT_FRONT}---\n\nSigned by {{{{ signatories.count }}}} organisations "
            "from {{ signatories.countries }} countries as of {{ signatories.as_of }}.\n"
        )
        (folder / "signatories.csv").write_bytes((FIXTURES / name).read_bytes())
        output = folder / "out" / "letter.pdf"
        build_letter(folder, BuildOptions(output=output))
        # pypdf, not pdftotext: poppler drops a hyphen that ends a line ("Non-Governmental").
        texts[name] = " ".join(page.extract_text() for page in PdfReader(output).pages)
        texts[name + " pdftotext"] = pdftotext(output)
    return texts


@pytest.mark.parametrize("name", LISTS)
def test_every_distinct_name_is_printed(built: dict[str, str], name: str) -> None:
    # Compared without spaces: a line wraps after "-" or "/", and the wrap reads as a space.
    text = "".join(built[name].split())
    names = {e.name for e in load_signatories(FIXTURES / name).entries}
    missing = [n for n in names if "".join(normalise_extracted(n).split()) not in text]
    assert not missing
    assert len(names) > 100


def test_counts_in_the_letter(built: dict[str, str]) -> None:
    # covid19: 400 rows, one repeated in the same group would be dropped; none is.
    assert (
        "Signed by 400 organisations from 89 countries as of 30 April 2020."
        in built[LISTS[0] + " pdftotext"]
    )


def _kinds(name: str) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for f in check_path(FIXTURES / name).findings:
        found.setdefault(f.kind, []).append(f.line)
    return found


def test_check_covid19_org_in_both_groups_and_country_typo() -> None:
    kinds = _kinds("owinfs_covid19_2020.csv")
    assert kinds["two-groups"] == [204]
    assert 170 in kinds["unknown-country"]  # "Colomba"


def test_check_transform_wto_duplicate_and_several_in_one_cell() -> None:
    kinds = _kinds("owinfs_transform_wto_2021.csv")
    assert kinds["duplicate"] == [179]
    assert kinds["several-names"] == [123]
    assert kinds["truncated"] == [35]  # "... General Board of Chu"


def test_check_ldc_trips_near_duplicate_with_the() -> None:
    report = check_path(FIXTURES / "owinfs_ldc_trips_2021.csv")
    near = [f for f in report.findings if f.kind == "near-duplicate"]
    assert [(f.line, f.other_line, f.score) for f in near] == [(101, 45, 100.0)]
    assert report.errors == 0


def test_check_unctad13_long_name() -> None:
    assert _kinds("owinfs_unctad13_2012.csv")["long-name"] == [30]


def test_check_cli_exit_codes_and_json() -> None:
    runner = CliRunner()
    ok = runner.invoke(cli, ["signatories", "check", str(FIXTURES / "owinfs_ldc_trips_2021.csv")])
    assert ok.exit_code == 0
    assert "owinfs_ldc_trips_2021.csv:101: warning: 'The Center for Health" in ok.output
    bad = runner.invoke(
        cli,
        [
            "signatories",
            "check",
            str(FIXTURES / "owinfs_transform_wto_2021.csv"),
            "--format",
            "json",
        ],
    )
    # A repeated row is printed once by the build, which warns: so does the check.
    assert bad.exit_code == 0
    data = json.loads(bad.output)
    assert data["errors"] == 0 and data["entries"] == 200
    assert {"severity", "kind", "file", "line", "message"} <= set(data["findings"][0])
    duplicate = next(f for f in data["findings"] if f["kind"] == "duplicate")
    assert duplicate["severity"] == "warning" and duplicate["line"] == 179
    strict = runner.invoke(
        cli, ["signatories", "check", str(FIXTURES / "owinfs_transform_wto_2021.csv"), "--strict"]
    )
    assert strict.exit_code == 1


def test_diff_and_build_summary(make_letter: MakeLetter, tmp_path: Path) -> None:
    folder = make_letter(csv="name,country\nAlpha,France\nBeta,Peru\nGamma,\n")
    runner = CliRunner()
    output = tmp_path / "out" / "letter.pdf"
    first = runner.invoke(cli, ["build", str(folder), "-o", str(output)])
    assert first.exit_code == 0 and "since the last build" not in first.output
    record = output.with_name("letter.signatories.csv")
    (folder / "signatories.csv").write_text("name,country\nAlpha,Belgium\nGamma,\nDelta,\nEps,\n")
    second = runner.invoke(cli, ["build", str(folder), "-o", str(output)])
    assert "4 signatories (+2 \u22121 ~1 since the last build)" in second.output
    diff = runner.invoke(
        cli, ["signatories", "diff", str(FIXTURES / "owinfs_ldc_trips_2021.csv"), str(record)]
    )
    assert diff.exit_code == 0
    assert diff.output.splitlines()[-1] == "+4 \u2212112"


@pytest.mark.parametrize(
    "name",
    [
        "owinfs_covid19_2020.csv",
        "owinfs_transform_wto_2021.csv",
        "owinfs_ldc_trips_2021.csv",
        "owinfs_unctad13_2012.csv",
    ],
)
def test_near_duplicates_found_without_comparing_every_pair(name: str) -> None:
    """The sorted-neighbourhood search finds every pair that comparing all pairs finds."""
    from rapidfuzz import fuzz

    from letterpdf.source.check import NEAR_DUPLICATE_SCORE, load_list
    from letterpdf.source.signatories import loose_key, name_key

    report = check_path(FIXTURES / name, every_pair=True)
    found = {(f.other_line, f.line) for f in report.findings if f.kind == "near-duplicate"}
    entries = list({name_key(e.name): e for e in load_list(FIXTURES / name)[0].entries}.values())
    every = {
        tuple(sorted((a.line, b.line)))
        for n, a in enumerate(entries)
        for b in entries[n + 1 :]
        if fuzz.ratio(loose_key(a.name), loose_key(b.name)) >= NEAR_DUPLICATE_SCORE
    }
    assert found == every
