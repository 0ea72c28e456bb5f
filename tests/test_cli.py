"""The CLI end to end: exit codes and the exact first line of each error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter

from letterpdf import __version__
from letterpdf.cli import cli

from .conftest import MakeLetter


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_version() -> None:
    assert invoke("--version") == (0, f"letterpdf, version {__version__}\n")


@pytest.mark.parametrize("command", [[], ["build"]])
def test_help_teaches_with_an_example(command: list[str]) -> None:
    code, out = invoke(*command, "--help")
    assert code == 0
    assert "Example" in out
    assert "letterpdf build" in out


def test_missing_folder(tmp_path: Path) -> None:
    code, out = invoke("build", str(tmp_path / "nope"))
    assert code == 2
    assert out.startswith(f"Error: {tmp_path / 'nope'}: no such folder.")
    assert "Traceback" not in out


def test_missing_letter_md(tmp_path: Path) -> None:
    code, out = invoke("build", str(tmp_path))
    assert code == 2
    assert out == (
        f"Error: {tmp_path / 'letter.md'}: not found. A letter folder needs letter.md: "
        "YAML front matter between two '---' lines, then the letter in Markdown.\n"
    )


def test_malformed_front_matter(make_letter: MakeLetter) -> None:
    folder = make_letter(raw_letter="---\ntitle: [unclosed\n---\nBody\n")
    code, out = invoke("build", str(folder))
    assert code == 2
    assert out.startswith(f"Error: {folder / 'letter.md'} line ")
    assert "malformed front matter" in out
    assert out.count("\n") == 1


def test_csv_without_name_column(make_letter: MakeLetter) -> None:
    folder = make_letter(csv="org_label;land\nAlpha;France\n")
    code, out = invoke("build", str(folder))
    assert code == 2
    assert out == (
        f"Error: {folder / 'signatories.csv'} line 1: no name column (found 'org_label', "
        "'land'). Name the column of organisation names 'name' or 'Organisation', or map it "
        "in the front matter: columns: {name: 'Your header'}.\n"
    )


@pytest.mark.slow
def test_python_dash_m(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "letterpdf", "build", str(tmp_path / "nope")],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("Error: ")
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("target", ["letter.md", "signatories.csv", "style.css", "annex/a.pdf"])
def test_output_never_overwrites_an_input(make_letter: MakeLetter, target: str) -> None:
    folder = make_letter(style="p { color: #333; }")
    (folder / "annex").mkdir()
    writer = PdfWriter()
    writer.add_blank_page(width=300, height=400)
    writer.write(folder / "annex" / "a.pdf")
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    code, out = invoke("build", str(folder), "-o", str(folder / target))
    assert code == 2
    assert out.startswith(f"Error: {folder / target}: ")
    assert "is one of the letter's input files" in out
    assert out.count("\n") == 1
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


def test_output_in_annex_folder_is_refused(make_letter: MakeLetter) -> None:
    """A PDF written into annex/ would come back as a scanned page at the next build."""
    folder = make_letter()
    code, out = invoke("build", str(folder), "-o", str(folder / "annex" / "letter.pdf"))
    assert code == 2
    assert "annex/" in out
    assert not (folder / "annex" / "letter.pdf").exists()


def test_output_that_is_not_a_pdf_is_not_replaced(make_letter: MakeLetter, tmp_path: Path) -> None:
    notes = tmp_path / "notes.odt"
    notes.write_bytes(b"PK\x03\x04 my notes")
    code, out = invoke("build", str(make_letter()), "-o", str(notes))
    assert code == 2
    assert out.startswith(f"Error: {notes}: exists and is not a PDF")
    assert notes.read_bytes() == b"PK\x03\x04 my notes"


def test_unwritable_output_is_one_clear_error(make_letter: MakeLetter, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    code, out = invoke("build", str(make_letter()), "-o", str(blocker / "letter.pdf"))
    assert code == 2
    assert out.startswith(f"Error: {blocker / 'letter.pdf'}: cannot be written (")
    assert "Traceback" not in out
    assert out.count("\n") == 1


def test_paper_and_variant_ignore_case(make_letter: MakeLetter, tmp_path: Path) -> None:
    """`--paper A4` is how people write it; the front matter already accepts it."""
    out = tmp_path / "x.pdf"
    code, text = invoke("build", str(make_letter()), "-o", str(out), "--paper", "A4")
    assert code == 0, text
    assert [round(v) for v in PdfReader(out).pages[0].mediabox] == [0, 0, 595, 842]


@pytest.mark.slow
def test_scan_warnings_from_pypdf_do_not_leak(make_letter: MakeLetter, tmp_path: Path) -> None:
    """pypdf's own log lines ('EOF marker not found') must not add to the one message."""
    folder = make_letter()
    (folder / "annex").mkdir()
    (folder / "annex" / "scan.pdf").write_bytes(b"%PDF-1.4\ngarbage\n")
    proc = subprocess.run(
        [sys.executable, "-m", "letterpdf", "build", str(folder), "-o", str(tmp_path / "x.pdf")],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"Error: {folder / 'annex' / 'scan.pdf'}: not a readable PDF")
    assert proc.stderr.count("\n") == 1


def test_summary_of_a_one_page_letter(make_letter: MakeLetter, tmp_path: Path) -> None:
    folder = make_letter(csv=None)
    code, out = invoke("build", str(folder), "-o", str(tmp_path / "one.pdf"))
    assert code == 0
    assert f"Wrote {tmp_path / 'one.pdf'}: 1 page (1 letter, 0 annex), 0 signatories" in out


@pytest.mark.slow
@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_and_verbose_go_before_or_after_the_command(
    make_letter: MakeLetter, tmp_path: Path, where: str
) -> None:
    folder = make_letter(csv="name,country,group\nAlpha Org,Atlantis,National\n")
    build = ["build", str(folder), "-o", str(tmp_path / "o.pdf")]

    def run(flag: str) -> str:
        args = [flag, *build] if where == "before" else [*build, flag]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        return result.output

    assert "Warning: " in run("-v") and "Step 1 - " in run("-v")
    quiet = run("-q")
    assert "Warning: " not in quiet and quiet.startswith("Wrote ")
