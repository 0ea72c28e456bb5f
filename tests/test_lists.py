"""`signatories check` and `build` give one verdict on a list: the same findings, the same
severity, the same wording."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from letterpdf import BuildOptions, build_letter
from letterpdf.cli import cli
from letterpdf.lists import check_list

from .conftest import FIXTURES, ROOT, MakeLetter, pdftotext

CONTROLS = (
    "name,country\n"
    "Human Rights\u202eWatch Evil,USA\n"
    "Amnesty\u200bInternational,United Kingdom\n"
    "\u0645\u0646\u0638\u0645\u0629\u200c\u062d\u0642\u0648\u0642,Egypt\n"
    "Foo\u200dBar,France\n"
)


def _build_findings(folder: Path, tmp_path: Path) -> set[tuple[int, str]]:
    result = build_letter(folder, BuildOptions(output=tmp_path / "out" / "letter.pdf"))
    sheet = str(folder / "signatories.csv")
    found = set()
    for warning in result.warnings:
        where, _, message = warning.partition(": ")
        if where.startswith(sheet):
            line = where.removeprefix(sheet).removeprefix(" line ")
            found.add((int(line) if line else 0, message))
    return found


@pytest.mark.slow
@pytest.mark.parametrize(
    "csv",
    [
        "owinfs_covid19_2020.csv",
        "owinfs_transform_wto_2021.csv",
        "owinfs_ldc_trips_2021.csv",
        "owinfs_unctad13_2012.csv",
        "controls",
    ],
)
def test_check_reports_what_the_build_reports(
    csv: str, make_letter: MakeLetter, tmp_path: Path
) -> None:
    text = CONTROLS if csv == "controls" else (FIXTURES / csv).read_text(encoding="utf-8")
    folder = make_letter(csv=text)
    built = _build_findings(folder, tmp_path)
    report = check_list(folder)
    checked = {(f.line, f.message) for f in report.findings if f.kind != "near-duplicate"}
    assert checked == built
    # and with the same severity: the build writes its PDF, so none is an error
    assert report.errors == 0


def test_a_right_to_left_override_cannot_reverse_a_name(
    make_letter: MakeLetter, tmp_path: Path
) -> None:
    folder = make_letter(csv=CONTROLS)
    result = build_letter(folder, BuildOptions(output=tmp_path / "letter.pdf"))
    text = pdftotext(result.output)
    assert "Human RightsWatch Evil" in text  # logical order: the override left out
    assert "AmnestyInternational" in text
    messages = "\n".join(result.warnings)
    assert "line 2: name 'Human Rights\\u202eWatch Evil' has U+202E RIGHT-TO-LEFT OVERRIDE" in (
        messages
    )
    assert "line 3: name 'Amnesty\\u200bInternational' has U+200B ZERO WIDTH SPACE" in messages
    assert "U+200C" not in messages  # a non-joiner inside Arabic is spelling
    assert "line 5: name 'Foo\\u200dBar' has U+200D ZERO WIDTH JOINER" in messages
    check = CliRunner().invoke(cli, ["signatories", "check", str(folder)])
    assert check.exit_code == 0
    assert "signatories.csv:2: warning: name 'Human Rights\\u202eWatch Evil' has U+202E" in (
        check.output
    )
    assert "signatories.csv:3: warning: name 'Amnesty\\u200bInternational' has U+200B" in (
        check.output
    )


def test_the_seed_letter_checks_clean(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content", folder)
    assert check_list(folder).findings == ()
