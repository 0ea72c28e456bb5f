"""`letterpdf watch`: one build per batch of saves; a broken save keeps the last good PDF."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from letterpdf import BuildOptions, build_letter
from letterpdf.base.errors import LetterError
from letterpdf.build import BuildResult
from letterpdf.watch import watch_letter

from .conftest import DEFAULT_CSV, MakeLetter

#: Each test here builds PDFs.
pytestmark = pytest.mark.slow


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


def test_a_watched_rebuild_equals_a_cold_build(make_letter: MakeLetter, tmp_path: Path) -> None:
    """Watch keeps the laid-out entries in the process and moves them into the next
    build's pages: the PDF must still be a cold build's, byte for byte."""
    sys.path.insert(0, str(Path(__file__).parents[1] / "bench"))
    from names import generate_rows, signatories_csv

    rows = generate_rows(300)
    folder = make_letter(csv=signatories_csv(rows))
    output = tmp_path / "watched" / "letter.pdf"
    csv = folder / "signatories.csv"

    def saves() -> Iterator[set[str]]:
        for k in range(2):  # the second save moves entries the first one kept
            rows.insert(100 + 40 * k, (f"Late Signatory {k}", "Peru", rows[100][2]))
            csv.write_text(signatories_csv(rows), encoding="utf-8")
            yield {str(csv)}

    options = BuildOptions(output=output, resident=True, jobs=1)
    results = list(watch_letter(folder, options, changes=saves()))
    assert all(isinstance(r, BuildResult) for r in results)
    cold = tmp_path / "cold" / "letter.pdf"
    build_letter(folder, BuildOptions(output=cold, cache=False, jobs=1))
    assert output.read_bytes() == cold.read_bytes()


def test_watch_over_a_warm_cache_keeps_what_it_lays_out(
    make_letter: MakeLetter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Started where an earlier build left its heights, watch holds no laid-out entries:
    the first save lays out those of the pages it writes again, here, and keeps them, so
    the next save there lays out only its new name (it laid them out in a worker that
    exited with the build, at every save)."""
    sys.path.insert(0, str(Path(__file__).parents[1] / "bench"))
    from names import generate_rows, signatories_csv

    from letterpdf.annex.measure import Job

    rows = generate_rows(300)
    folder = make_letter(csv=signatories_csv(rows))
    output = tmp_path / "watched" / "letter.pdf"
    build_letter(folder, BuildOptions(output=output, jobs=1))  # the heights, cached
    csv = folder / "signatories.csv"
    laid_out: list[int] = []
    measure = Job.__call__

    def counting(self: Job, chunk: list[tuple[int, int]]) -> object:
        laid_out.append(len(chunk))
        return measure(self, chunk)

    monkeypatch.setattr(Job, "__call__", counting)

    def saves() -> Iterator[set[str]]:
        for k in range(2):
            laid_out.clear()
            rows.insert(100 + k, (f"Late Signatory {k}", "Peru", rows[100][2]))
            csv.write_text(signatories_csv(rows), encoding="utf-8")
            yield {str(csv)}
            counts.append(sum(laid_out))

    counts: list[int] = []
    options = BuildOptions(output=output, resident=True, jobs=2)  # workers write the pages
    results = list(watch_letter(folder, options, changes=saves()))
    assert all(isinstance(r, BuildResult) for r in results)
    assert counts[0] > 50  # the pages after the first new name, laid out and kept
    assert counts[1] == 1  # the second name alone
    cold = tmp_path / "cold" / "letter.pdf"
    build_letter(folder, BuildOptions(output=cold, cache=False, jobs=1))
    assert output.read_bytes() == cold.read_bytes()


def test_an_edited_imported_stylesheet_reaches_cached_and_watched_builds(
    make_letter: MakeLetter, tmp_path: Path
) -> None:
    """style.css @imports names.css: editing names.css must change the annex of a cached
    rebuild and of the next watch build (each equal to a cold build)."""
    sys.path.insert(0, str(Path(__file__).parents[1] / "bench"))
    from names import generate_rows, signatories_csv

    folder = make_letter(csv=signatories_csv(generate_rows(200)), style='@import "names.css";\n')
    imported = folder / "names.css"
    imported.write_text(".names { font-size: 8pt; }\n", encoding="utf-8")
    cached = tmp_path / "cached" / "letter.pdf"
    watched = tmp_path / "watched" / "letter.pdf"
    build_letter(folder, BuildOptions(output=cached, jobs=1))

    def saves() -> Iterator[set[str]]:
        imported.write_text(".names { font-size: 11pt; }\n", encoding="utf-8")
        yield {str(imported)}

    options = BuildOptions(output=watched, resident=True, jobs=1)
    first, second = watch_letter(folder, options, changes=saves())
    assert isinstance(first, BuildResult) and isinstance(second, BuildResult)
    assert second.annex_pages > first.annex_pages  # the larger names took more pages
    build_letter(folder, BuildOptions(output=cached, jobs=1))
    cold = tmp_path / "cold" / "letter.pdf"
    build_letter(folder, BuildOptions(output=cold, cache=False, jobs=1))
    assert cached.read_bytes() == cold.read_bytes() == watched.read_bytes()


def test_ctrl_c_stops_watching_with_exit_status_0(make_letter: MakeLetter, tmp_path: Path) -> None:
    folder = make_letter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "letterpdf", "watch", str(folder), "-o", str(tmp_path / "o.pdf")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # As in a terminal: a suite started in the background (`make test &`) ignores
        # SIGINT, and Python would not turn an inherited "ignore" into KeyboardInterrupt.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().startswith("Watching ")
    assert "first build" in proc.stdout.readline()  # built, now waiting for saves
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert out.strip() == f"Stopped watching {folder}."
    assert "Aborted" not in err and "Traceback" not in err
