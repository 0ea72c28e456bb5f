"""The preflight fails, with the right reason, on files made to break each rule."""

from __future__ import annotations

import json
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from letterpdf import BuildOptions, build_letter
from letterpdf.cli import cli
from letterpdf.output.preflight import run_preflight
from letterpdf.output.profiles import get_profile
from letterpdf.source.signatories import Signatory

from ..conftest import ROOT

#: Each test here builds PDFs.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """content/ built for the un profile: passes every check under it."""
    path = tmp_path_factory.mktemp("preflight") / "good.pdf"
    build_letter(ROOT / "content", BuildOptions(output=path, profile="un"))
    return path


def _check(path: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", str(path), *args])
    return result.exit_code, result.output


def _failures(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("FAIL")]


def test_good_file_passes(good: Path) -> None:
    code, output = _check(good, "--profile", "un")
    assert code == 0, output
    assert output.rstrip().endswith("all checks passed")


def test_encrypted(good: Path, tmp_path: Path) -> None:
    bad = tmp_path / "encrypted.pdf"
    with pikepdf.open(good) as pdf:
        pdf.save(bad, encryption=pikepdf.Encryption(owner="owner", user=""))
    code, output = _check(bad)
    assert code == 1
    assert (
        "FAIL  encryption: encrypted; portals and PDF/A refuse it. "
        "Next: remove the password: `qpdf --decrypt IN.pdf OUT.pdf`."
    ) in _failures(output)


def test_password_protected(good: Path, tmp_path: Path) -> None:
    bad = tmp_path / "locked.pdf"
    with pikepdf.open(good) as pdf:
        pdf.save(bad, encryption=pikepdf.Encryption(owner="owner", user="secret"))
    code, output = _check(bad)
    assert code == 1
    assert _failures(output) == [
        "FAIL  encryption: needs a password to open. "
        "Next: remove the password: `qpdf --decrypt IN.pdf OUT.pdf`."
    ]


def test_font_not_embedded(tmp_path: Path) -> None:
    bad = tmp_path / "helvetica.pdf"
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    pdf.add_blank_page(page_size=(595.28, 841.89))
    page = pdf.pages[0]
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.Contents = pdf.make_stream(b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET")
    pdf.save(bad)
    code, output = _check(bad)
    assert code == 1
    assert (
        "FAIL  fonts: not embedded: Helvetica. "
        "Next: rebuild it with letterpdf build, which embeds every font."
    ) in _failures(output)
    assert "PASS  text: extractable on every page" in output  # only the font is at fault


def test_a3_page_under_court_us(good: Path, tmp_path: Path) -> None:
    bad = tmp_path / "a3.pdf"
    with pikepdf.open(good) as pdf:
        pdf.pages[1].MediaBox = pikepdf.Array([0, 0, 841.89, 1190.55])
        del pdf.pages[1].obj["/TrimBox"]
        pdf.save(bad)
    code, output = _check(bad, "--profile", "court-us")
    assert code == 1
    assert (
        "FAIL  page size: pages 1, 3 are A4 portrait; page 2 is A3 portrait; "
        "the court-us profile wants US Letter portrait. Next: rebuild with --profile court-us "
        "(letterpdf build FOLDER --profile court-us), or --paper letter."
    ) in _failures(output)


def test_over_the_size_limit(good: Path, tmp_path: Path) -> None:
    bad = tmp_path / "big.pdf"
    with pikepdf.open(good) as pdf:
        # 11 MB of stored, uncompressible-by-choice padding: over un's 10 MB.
        pdf.Root.Padding = pdf.make_stream(b"letterpdf " * 1_100_000)
        pdf.save(bad, compress_streams=False)
    code, output = _check(bad, "--profile", "un")
    assert code == 1
    assert (
        "FAIL  file size: 11.05 MB, over the 10 MB limit of the un profile. Next: make the "
        "images and scans in the letter folder smaller (scans at 300 dpi: `ocrmypdf "
        "--optimize 3`), then rebuild."
    ) in _failures(output)


def test_annex_missing_one_signatory(good: Path, tmp_path: Path) -> None:
    csv = tmp_path / "signatories.csv"
    original = (ROOT / "content" / "signatories.csv").read_text(encoding="utf-8")
    csv.write_text(original + "Gamma Coalition for Rights,,International\n", encoding="utf-8")
    code, output = _check(good, "--signatories", str(csv))
    assert code == 1
    assert _failures(output) == [
        "FAIL  signatories: 1 not found in the annex: Gamma Coalition for Rights. Next: "
        "rebuild the letter with this list (letterpdf build FOLDER), or compare the lists: "
        "letterpdf signatories diff OLD NEW."
    ]


def test_plain_pdf_fails_a_profile_that_wants_pdfa(tmp_path: Path) -> None:
    plain = tmp_path / "plain.pdf"
    build_letter(ROOT / "content", BuildOptions(output=plain))
    code, output = _check(plain, "--profile", "archive")
    assert code == 1
    failures = _failures(output)
    step = ". Next: rebuild with --profile archive (letterpdf build FOLDER --profile archive)."
    assert failures[:3] == [
        "FAIL  pdf/a: no PDF/A identification; the archive profile wants PDF/A-3A" + step,
        "FAIL  pdf/ua: no PDF/UA identification in XMP" + step,
        "FAIL  tagged: no structure tree (not a tagged PDF)" + step,
    ]
    # The independent validator agrees, on both counts.
    assert failures[3].startswith("FAIL  validator: page-validation 0.11.0: not PDF/A-3A, ")
    assert "; not PDF/UA-1, " in failures[3] and failures[3].endswith(step)
    assert len(failures) == 4


def test_embedded_file_and_links_forbidden_by_court_us(good: Path, tmp_path: Path) -> None:
    bad = tmp_path / "attached.pdf"
    with pikepdf.open(good) as pdf:
        pdf.attachments["notes.txt"] = pikepdf.AttachedFileSpec(
            pdf, b"notes", mime_type="text/plain"
        )
        page = pdf.pages[0]
        link = pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Link,
            Rect=[0, 0, 10, 10],
            A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://example.org")),
        )
        page.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(link)]))
        pdf.save(bad)
    report = run_preflight(bad, profile=get_profile("court-us"))
    reasons = {f.kind: f.message.split(". Next: ")[0] for f in report.findings if not f.ok}
    assert reasons["embedded files"] == "notes.txt; the court-us profile forbids embedded files"
    assert reasons["links"] == "1 web link(s); the court-us profile forbids links"
    assert reasons["pdf/a files"] == "PDF/A-2 allows only PDF/A files to be embedded"
    # Each says what to do next: the profile that fixes it.
    assert all(
        "Next: rebuild with --profile court-us" in f.message for f in report.findings if not f.ok
    )


def test_xmp_that_disagrees_with_info(good: Path, tmp_path: Path) -> None:
    bad = tmp_path / "retitled.pdf"
    with pikepdf.open(good) as pdf:
        pdf.docinfo.Title = "Another title"
        pdf.save(bad)
    report = run_preflight(bad)
    failed = [f for f in report.findings if not f.ok]
    assert [f.kind for f in failed] == ["xmp/info"]
    assert "Title" in failed[0].message and "'Another title'" in failed[0].message


def test_json_format(good: Path) -> None:
    code, output = _check(good, "--format", "json", "--profile", "un")
    data = json.loads(output)
    assert code == 0
    assert data["ok"] is True and data["profile"] == "un"
    encryption = next(f for f in data["findings"] if f["kind"] == "encryption")
    assert encryption["severity"] == "pass" and encryption["message"] == "not encrypted"


def test_signatory_names_match_across_line_breaks(tmp_path: Path) -> None:
    """A long name wrapped (and hyphenated) in the annex still counts as found."""
    folder = tmp_path / "letter"
    folder.mkdir()
    (folder / "letter.md").write_text(
        "---\ntitle: T\ndate: 2020-04-30\n---\n\nBody.\n", encoding="utf-8"
    )
    long = "Internationale Arbeitsgemeinschaft für Menschenrechtsverteidigerinnen und Umweltschutz"
    (folder / "signatories.csv").write_text(f"name\n{long}\nAlpha\n", encoding="utf-8")
    out = tmp_path / "o.pdf"
    build_letter(folder, BuildOptions(output=out))
    report = run_preflight(out, signatories=[Signatory(long), Signatory("Alpha")])
    assert report.ok, report.findings


def test_every_fail_line_names_the_option_that_fixes_it(tmp_path: Path) -> None:
    """The seed letter built without a profile, checked for the UN (issue 19)."""
    plain = tmp_path / "plain.pdf"
    build_letter(ROOT / "content", BuildOptions(output=plain))
    code, output = _check(plain, "--profile", "un")
    assert code == 1
    failures = _failures(output)
    assert len(failures) >= 4
    assert all(line.endswith("(letterpdf build FOLDER --profile un).") for line in failures)
    letter = tmp_path / "letter.pdf"
    build_letter(ROOT / "content", BuildOptions(output=letter, paper="letter"))
    (size,) = [f for f in _failures(_check(letter, "--profile", "un")[1]) if "page size" in f]
    assert size.endswith("--profile un (letterpdf build FOLDER --profile un), or --paper a4.")
