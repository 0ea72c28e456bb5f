"""Written the way the UN writes: country names, "Original", every language's words."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import babel
import pycountry
import pytest
from click.testing import CliRunner

from letterpdf import BuildOptions, build_letter
from letterpdf.build import build_letters
from letterpdf.cli import cli
from letterpdf.source.countries import _states, recognise

from .conftest import FIXTURES, ROOT, pdftotext

pytestmark = pytest.mark.slow

LETTER = "---\ntitle: T\ndate: 2018-09-05\n{extra}---\n\nA short letter.\n"


def _folder(tmp: Path, rows: list[tuple[str, str]], extra: str = "") -> Path:
    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / "letter.md").write_text(LETTER.format(extra=extra), encoding="utf-8")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "country"])
    writer.writerows(rows)
    (tmp / "signatories.csv").write_text(out.getvalue(), encoding="utf-8")
    return tmp


def _every_state_three_ways() -> list[tuple[str, str, str]]:
    """(code, how it is typed, how it prints) for each State: the UN's name, CLDR's, ISO.
    CLDR's "Palestinian Territories" names a territory, not the State: printed as typed."""
    rows = []
    for code, names in _states().items():
        iso = pycountry.countries.get(alpha_2=code)
        assert iso is not None
        for typed in (names["en"], babel.Locale("en").territories[code], iso.alpha_3):
            found = recognise(typed)
            assert found is not None and found.code == code, typed
            rows.append((code, typed, names["en"] if found.state else typed))
    return rows


def test_every_state_typed_three_ways_prints_the_un_way(tmp_path: Path) -> None:
    rows = _every_state_three_ways()
    listed = [(f"Org {code} {n}", typed) for n, (code, typed, _) in enumerate(rows)]
    folder = _folder(tmp_path / "un", listed)
    result = build_letter(folder, BuildOptions(output=tmp_path / "un.pdf"))
    assert not [w for w in result.warnings if "not recognised" in w]
    record = result.output.with_name("un.signatories.csv").read_text(encoding="utf-8")
    printed = {r["name"]: r["country"] for r in csv.DictReader(io.StringIO(record))}
    assert [printed[name] for name, _ in listed] == [un for _, _, un in rows]
    written = _folder(tmp_path / "written", listed, "countries: as-written\n")
    result = build_letter(written, BuildOptions(output=tmp_path / "written.pdf"))
    record = result.output.with_name("written.signatories.csv").read_text(encoding="utf-8")
    printed = {r["name"]: r["country"] for r in csv.DictReader(io.StringIO(record))}
    assert [printed[name] for name, _ in listed] == [typed for _, typed, _ in rows]


def test_former_names_are_recognised_and_places_printed_as_written(tmp_path: Path) -> None:
    rows = [
        ("Alpha", "Turkey"),
        ("Beta", "Holland"),
        ("Gamma", "Swaziland"),
        ("Delta", "Republic of Korea"),
        ("Epsilon", "Kosovo"),
        ("Zeta", "Taiwan"),
    ]
    result = build_letter(_folder(tmp_path / "l", rows), BuildOptions(output=tmp_path / "o.pdf"))
    assert result.warnings == ()
    text = pdftotext(result.output)
    for printed in ("Türkiye", "Netherlands (Kingdom of the)", "Eswatini", "Republic of Korea"):
        assert printed in text
    assert "Kosovo" in text and "Taiwan" in text


def test_every_language_version_names_the_original(tmp_path: Path) -> None:
    folder = tmp_path / "letter"
    shutil.copytree(ROOT / "content", folder)
    shutil.copy(FIXTURES / "translations" / "letter.fr.md", folder)
    results = {r.output.name: r for r in build_letters(folder, BuildOptions())}
    english = pdftotext(results["letter.pdf"].output)
    french = pdftotext(results["letter.fr.pdf"].output)
    # the information block's label (set in small capitals) and the original's name
    assert "date original annex pages 5 September 2018 English" in english
    assert "date original annexe pages 5 septembre 2018 anglais" in french
    assert "Français" not in french


def test_a_japanese_letter_prints_every_word_in_japanese(tmp_path: Path) -> None:
    rows = [("日本弁護士連合会", "Japan"), ("ヒューマン・ライツ・ナウ", "Japan")]
    folder = _folder(tmp_path / "ja", rows, "lang: ja\n")
    result = build_letter(folder, BuildOptions(output=tmp_path / "ja.pdf"))
    assert result.warnings == ()
    text = pdftotext(result.output)
    for word in ("日付", "原文", "日本語", "ページ数", "附属書", "署名団体一覧", "2 団体"):
        assert word in text, word
    assert "2018年9月5日" in text  # CLDR's date
    assert "1 / 1 ページ" in text  # the footer
    for english in ("Date", "Pages", "signatories", "Annex", "Original"):
        assert english not in text, english


def test_a_language_without_words_warns_naming_each(tmp_path: Path) -> None:
    folder = _folder(tmp_path / "sw", [("Shirika la Haki", "Kenya")], "lang: sw\n")
    result = build_letter(folder, BuildOptions(output=tmp_path / "sw.pdf"))
    assert "5 Septemba 2018" in pdftotext(result.output)  # CLDR's Swahili date
    (warning,) = [w for w in result.warnings if "no words in 'sw'" in w]
    for key in ("annex", "annex_title", "date", "original", "pages", "signatories"):
        assert key in warning
    strict = CliRunner().invoke(cli, ["build", str(folder), "--strict"])
    assert strict.exit_code == 1
    keys = [k for k in warning.split(" for ", 1)[1].split(":", 1)[0].split(", ")]
    words = "".join(f'{k} = "{k}"\n' for k in keys if k != "signatories")
    signatories = 'signatories = { one = "{n} shirika", other = "mashirika {n}" }\n'
    (folder / "words.toml").write_text("[sw]\n" + words + signatories)
    assert build_letter(folder, BuildOptions(output=tmp_path / "sw.pdf")).warnings == ()


def test_an_annex_without_groups_has_one_title_and_one_count(tmp_path: Path) -> None:
    rows = [("Alpha", "France"), ("Beta", "Peru"), ("Gamma", "")]
    result = build_letter(_folder(tmp_path / "l", rows), BuildOptions(output=tmp_path / "o.pdf"))
    annex = pdftotext(result.output, "-f", str(result.pages))
    body = annex.split("ANNEX List of signatories", 1)[1]  # after the running head
    assert "List of signatories" not in body
    assert annex.count("3 signatories") == 1


def test_an_arabic_annex_uses_the_arabic_comma(tmp_path: Path) -> None:
    rows = [("مؤسسة الحق", "State of Palestine")]
    result = build_letter(
        _folder(tmp_path / "ar", rows, "lang: ar\n"), BuildOptions(output=tmp_path / "ar.pdf")
    )
    text = re.sub("[\u202a-\u202e]", "", pdftotext(result.output))
    assert "،" in text and "," not in text
    # CLDR's Arabic name for PS is a territory's: the State is printed as written.
    assert "State of Palestine" in text
