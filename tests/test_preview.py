"""``letterpdf preview``: PNGs of pages chosen by their printed labels."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from letterpdf.base.errors import PreviewError
from letterpdf.cli import cli
from letterpdf.preview import select_pages

from .conftest import MakeLetter

#: Each test here builds PDFs.
pytestmark = pytest.mark.slow

LABELS = ["1", "2", "A-1", "A-2", "S-1"]


def test_select_pages_by_label_then_number() -> None:
    source = Path("x.pdf")
    assert select_pages("1,A-1", LABELS, source) == (0, 2)
    assert select_pages(" S-1 , 4 ", LABELS, source) == (4, 3)
    assert select_pages("all", LABELS, source) == (0, 1, 2, 3, 4)
    with pytest.raises(PreviewError) as e:
        select_pages("B-1", LABELS, source)
    assert str(e.value) == (
        "x.pdf: no page 'B-1'. Its pages are 1, 2, A-1, A-2, S-1; give labels or page "
        "numbers separated by commas, e.g. --pages 1,A-1, or --pages all."
    )


def test_preview_a_folder_then_its_pdf(make_letter: MakeLetter, tmp_path: Path) -> None:
    folder = make_letter()
    runner = CliRunner()
    out = tmp_path / "proofs"
    result = runner.invoke(
        cli, ["preview", str(folder), "--pages", "1,A-1", "-w", "300", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["letter-1.png", "letter-A-1.png"]
    with Image.open(out / "letter-1.png") as image:
        assert image.size == (300, 425)  # A4 at 300 px wide, rounded up
        darkest, _ = image.convert("L").getextrema()
        assert isinstance(darkest, int) and darkest < 64  # text was drawn, not a blank page
    pdf = folder / "build" / "letter.pdf"
    result = runner.invoke(cli, ["preview", str(pdf), "--pages", "A-2"])
    assert result.exit_code == 2
    assert result.output == (
        f"Error: {pdf}: no page 'A-2'. Its pages are 1, A-1; give labels or page numbers "
        "separated by commas, e.g. --pages 1,A-1, or --pages all.\n"
    )
    result = runner.invoke(cli, ["preview", str(pdf), "-w", "200"])
    assert result.exit_code == 0
    assert result.output == f"Wrote {folder / 'build' / 'letter-1.png'}\n"
