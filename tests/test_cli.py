"""The CLI end to end: exit codes and the exact first line of each error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

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


def test_python_dash_m(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "letterpdf", "build", str(tmp_path / "nope")],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("Error: ")
    assert "Traceback" not in proc.stderr
