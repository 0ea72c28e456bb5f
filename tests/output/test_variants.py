"""Archival variants on the real content folder, judged by independent tools too."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from letterpdf import BuildOptions, LetterError, build_letter
from letterpdf.cli import cli

from ..conftest import ROOT

#: Each test here builds PDFs.
pytestmark = pytest.mark.slow

VARIANTS = ("pdf/a-2b", "pdf/a-3b", "pdf/ua-1")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """content/ built once per variant (and once plain)."""
    out = tmp_path_factory.mktemp("variants")
    paths = {}
    for variant in (*VARIANTS, None):
        path = out / f"{(variant or 'plain').replace('/', '_')}.pdf"
        build_letter(ROOT / "content", BuildOptions(output=path, variant=variant))
        paths[variant or "plain"] = path
    return paths


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


@pytest.mark.parametrize("variant", [*VARIANTS, "plain"])
def test_qpdf_pdffonts_pdfinfo_agree(built: dict[str, Path], variant: str) -> None:
    path = built[variant]
    assert "No syntax or stream encoding errors" in _run("qpdf", "--check", str(path))
    fonts = _run("pdffonts", str(path)).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # emb column
    info = dict(
        (k.strip(), v.strip())
        for k, v in (line.split(":", 1) for line in _run("pdfinfo", str(path)).splitlines())
    )
    assert info["Title"] == "Joint Letter of Civil Society Organisations"
    assert info["Author"] == "The undersigned organisations"
    assert info["Pages"] == "3"
    assert info["Encrypted"] == "no"
    assert info["Tagged"] == ("yes" if variant == "pdf/ua-1" else "no")


@pytest.mark.parametrize(("variant", "part"), [("pdf/a-2b", "2"), ("pdf/a-3b", "3")])
def test_pdfa_markers_survive_assembly(built: dict[str, Path], variant: str, part: str) -> None:
    with pikepdf.open(built[variant]) as pdf:
        meta = pdf.open_metadata()
        assert meta.pdfa_status == f"{part}B"
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == "/GTS_PDFA1"
        assert "sRGB" in str(intent.OutputConditionIdentifier)
        assert isinstance(intent.DestOutputProfile, pikepdf.Stream)
        assert str(pdf.Root.Lang) == "en"
        ident = pdf.trailer.ID
        assert len(ident) == 2 and len(bytes(ident[0])) == 16
        # XMP and Info say the same, read by pikepdf rather than our own reader.
        info = pdf.docinfo
        assert meta["dc:title"] == str(info.Title)
        assert meta["dc:creator"] == [str(info.Author)]
        assert meta["dc:description"] == str(info.Subject)
        assert meta["pdf:Producer"] == str(info.Producer)
        assert meta["xmp:CreatorTool"] == str(info.Creator)
        assert meta["xmp:CreateDate"].startswith("2018-09-05T00:00:00")
        assert str(info.CreationDate).startswith("D:20180905000000")


def test_pdfa3b_carries_the_signatory_csv(built: dict[str, Path]) -> None:
    with pikepdf.open(built["pdf/a-3b"]) as pdf:
        assert list(pdf.attachments) == ["signatories.csv"]
        spec = pdf.attachments["signatories.csv"]
        assert spec.obj.AFRelationship == "/Data"
        assert spec.obj.objgen in {f.objgen for f in pdf.Root.AF}
        text = spec.get_file().read_bytes().decode()
        # The file's own dates are the letter's, not the clock's.
        assert str(spec.get_file().obj.Params.ModDate).startswith("D:20180905")
    rows = text.splitlines()
    assert rows[0].startswith("name,country,group")
    assert rows[1].startswith("International Federation for Human Rights (FIDH),")
    assert len(rows) == 3


@pytest.mark.parametrize("variant", ["pdf/a-2b", "pdf/ua-1", "plain"])
def test_only_pdfa3b_has_attachments(built: dict[str, Path], variant: str) -> None:
    with pikepdf.open(built[variant]) as pdf:
        assert not pdf.attachments


def test_pdfua_every_page_is_tagged(built: dict[str, Path]) -> None:
    """Each marked content item on each page leads, through /P, up to the tree root,
    and each parent lists the child: an upward walk, unlike the preflight's."""
    with pikepdf.open(built["pdf/ua-1"]) as pdf:
        assert pdf.open_metadata()["pdfuaid:part"] == "1"
        root = pdf.Root.StructTreeRoot
        nums = root.ParentTree.Nums
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        labels = PdfReader(built["pdf/ua-1"]).page_labels
        assert labels == ["1", "2", "A-1"]
        for page in pdf.pages:
            data = b"".join(
                s.read_bytes()
                for s in (
                    [page.Contents] if isinstance(page.Contents, pikepdf.Stream) else page.Contents
                )
            )
            mcids = [int(m) for m in re.findall(rb"/MCID (\d+)", data)]
            assert mcids, "page has no tagged content"
            elems = parents[int(page.StructParents)]
            for mcid in mcids:
                _assert_reaches_root(elems[mcid], root)
            # Untagged text would be outside BDC/EMC: every BT sits inside marked content.
            depth = 0
            for op in pikepdf.parse_content_stream(page):
                name = str(op.operator)
                depth += name in ("BDC", "BMC")
                depth -= name == "EMC"
                if name == "BT":
                    assert depth > 0


def _assert_reaches_root(elem: Any, root: Any) -> None:
    seen = 0
    while elem.objgen != root.objgen:
        parent = elem.P
        kids = parent.K if isinstance(parent.K, pikepdf.Array) else [parent.K]
        assert any(isinstance(k, pikepdf.Dictionary) and k.objgen == elem.objgen for k in kids)
        elem, seen = parent, seen + 1
        assert seen < 100


@pytest.mark.parametrize("variant", ["pdf/a-3b", "pdf/a-2b"])
def test_check_passes_untagged_pdfa(built: dict[str, Path], variant: str) -> None:
    csv = str(ROOT / "content" / "signatories.csv")
    args = ["check", str(built[variant]), "--signatories", csv]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "FAIL" not in result.output
    assert f"PASS  pdf/a: {variant.upper()} identified in XMP" in result.output
    assert "PASS  signatories: all 2 found in the annex" in result.output


def test_pdfua_passes_an_independent_validator(built: dict[str, Path]) -> None:
    import page

    assert page.validate_pdf(str(built["pdf/ua-1"]), profile="ua1").is_compliant


def test_check_passes_on_pdfua(built: dict[str, Path]) -> None:
    result = CliRunner().invoke(cli, ["check", str(built["pdf/ua-1"])])
    assert result.exit_code == 0, result.output
    assert "PASS  tagged: every page's content is reachable" in result.output


def test_archival_build_is_reproducible(built: dict[str, Path], tmp_path: Path) -> None:
    again = tmp_path / "again.pdf"
    build_letter(ROOT / "content", BuildOptions(output=again, variant="pdf/a-3b"))
    assert again.read_bytes() == built["pdf/a-3b"].read_bytes()


def test_build_check_runs_preflight(tmp_path: Path) -> None:
    out = tmp_path / "a2b.pdf"
    args = ["build", str(ROOT / "content"), "--profile", "un", "-o", str(out), "--check"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "PDF/A-2A+UA-1" in result.output.splitlines()[0]
    assert "PASS  embedded files: none" in result.output
    assert result.output.rstrip().endswith("all checks passed")


def _letter_with_scan(tmp_path: Path, scan: Path) -> Path:
    folder = tmp_path / "letter"
    shutil.copytree(ROOT / "content", folder)
    (folder / "annex").mkdir()
    shutil.copy(scan, folder / "annex" / "signed.pdf")
    return folder


def test_scan_that_is_pdfa_is_kept_and_file_stays_pdfa(
    built: dict[str, Path], tmp_path: Path
) -> None:
    folder = _letter_with_scan(tmp_path, built["pdf/a-2b"])
    out = tmp_path / "out.pdf"
    result = build_letter(folder, BuildOptions(output=out, variant="pdf/a-2b", check=True))
    assert result.scan_pages == 3
    assert result.report is not None and result.report.ok, result.report
    with pikepdf.open(out) as pdf:
        assert pdf.open_metadata().pdfa_status == "2B"


def test_scan_that_is_not_pdfa_is_refused(built: dict[str, Path], tmp_path: Path) -> None:
    folder = _letter_with_scan(tmp_path, built["plain"])
    with pytest.raises(LetterError, match=r"signed\.pdf: not a PDF/A file.*PDF/A-2B.*ocrmypdf"):
        build_letter(folder, BuildOptions(output=tmp_path / "o.pdf", variant="pdf/a-2b"))


def test_scans_are_refused_for_pdfua(built: dict[str, Path], tmp_path: Path) -> None:
    folder = _letter_with_scan(tmp_path, built["pdf/a-2b"])
    out = tmp_path / "o.pdf"
    result = CliRunner().invoke(
        cli, ["build", str(folder), "-o", str(out), "--variant", "pdf/ua-1"]
    )
    assert result.exit_code == 2
    assert "cannot be tagged for PDF/UA-1" in result.output
    assert not out.exists()
