"""``letterpdf new``: the scaffold holds every front-matter key, builds, and never overwrites."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from letterpdf.cli import cli
from letterpdf.scaffold import letter_template, new_letter
from letterpdf.source.frontmatter import front_matter_keys, parse_letter_text

from .conftest import pdftotext


def test_template_has_every_key_with_its_doc_as_a_comment() -> None:
    text = letter_template(dt.date(2024, 3, 1))
    front_text = text.split("---\n")[1]
    data = yaml.safe_load(front_text)
    lines = front_text.splitlines()
    # Keys without a default value are there too, commented out ("#variant:").
    unset = [line[1:-1] for line in lines if line.startswith("#") and line.endswith(":")]
    keys = [key for key, _ in front_matter_keys()]
    assert sorted([*data, *unset]) == sorted(keys)
    for key, field in front_matter_keys():
        at = next(i for i, line in enumerate(lines) if line.lstrip("#").startswith(f"{key}:"))
        assert lines[at - 1].startswith("# "), key
        first_words = " ".join(field.metadata["doc"].split()[:4])
        comment = " ".join(line[2:] for line in lines[:at] if line.startswith("# "))
        assert first_words in comment, key
    front, _, _ = parse_letter_text(text, Path("letter.md"))
    assert front.date == dt.date(2024, 3, 1)
    assert front.theme == "classic"


@pytest.mark.slow
def test_new_then_build(tmp_path: Path) -> None:
    folder = tmp_path / "campaign"
    runner = CliRunner()
    result = runner.invoke(cli, ["new", str(folder)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == [
        "README.md",
        "letter.md",
        "signatories.csv",
        "style.css",
    ]
    assert (folder / "signatories.csv").read_text().startswith("name,")
    out = tmp_path / "campaign.pdf"
    result = runner.invoke(cli, ["build", str(folder), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = pdftotext(out)
    assert "Joint letter on ..." in text
    assert "We, the undersigned 0 organisations" in text


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_new_refuses_a_non_empty_folder_and_changes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "campaign"
    folder.mkdir()
    (folder / "letter.md").write_text("my own letter\n")
    (folder / "notes.txt").write_text("keep me\n")
    before = _snapshot(folder)
    result = CliRunner().invoke(cli, ["new", str(folder)])
    assert result.exit_code == 2
    assert result.output == (
        f"Error: {folder}: the folder is not empty (it holds letter.md, notes.txt); "
        "letterpdf new never overwrites files. Give the name of a new or empty folder.\n"
    )
    assert _snapshot(folder) == before


def test_new_fills_an_empty_folder_and_refuses_a_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert len(new_letter(empty, dt.date(2024, 1, 1))) == 4
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    result = CliRunner().invoke(cli, ["new", str(a_file)])
    assert result.exit_code == 2
    assert "is a file, not a folder" in result.output
    assert a_file.read_text() == "x"
