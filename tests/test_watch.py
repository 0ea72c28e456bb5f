"""`letterpdf watch`: one build per batch of saves; a broken save keeps the last good PDF."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from letterpdf import BuildOptions
from letterpdf.build import BuildResult
from letterpdf.errors import LetterError
from letterpdf.watch import watch_letter

from .conftest import DEFAULT_CSV, MakeLetter


def test_rebuilds_reports_changes_and_survives_a_broken_save(
    make_letter: MakeLetter, tmp_path: Path
) -> None:
    folder = make_letter()
    output = tmp_path / "out" / "letter.pdf"
    csv = folder / "signatories.csv"
    good: list[bytes] = []

    def saves() -> Iterator[set[str]]:
        good.append(output.read_bytes())
        csv.write_text("organisation_label\nX\n", encoding="utf-8")  # no name column
        yield {str(csv)}
        assert output.read_bytes() == good[0]  # the last good PDF stays
        csv.write_text(DEFAULT_CSV + "Gamma Union,Peru,National\n", encoding="utf-8")
        yield {str(csv)}

    results = list(watch_letter(folder, BuildOptions(output=output), changes=saves()))
    first, broken, added = results
    assert isinstance(first, BuildResult) and first.signatories == 2
    assert isinstance(broken, LetterError)
    assert isinstance(added, BuildResult) and added.signatories == 3
    assert added.changes is not None and len(added.changes.added) == 1
