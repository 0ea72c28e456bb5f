"""sheets.py: encodings, delimiters, header names, workbooks, and files that are no table."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from letterpdf.base.errors import SignatoriesError
from letterpdf.build import BuildResult
from letterpdf.cli import cli
from letterpdf.source.sheets import load_signatories

from ..conftest import DEFAULT_FRONT, MakeLetter

LIST = (
    "Organisation;País;Type\r\n"
    "Ärzte ohne Grenzen;Deutschland;National\r\n"
    '"Réseau Foi & Justice; antenne France";Côte d\'Ivoire;Regional\r\n'
    "Centro Internazionale Crocevia;Italia;National\r\n"
)
SAVED_AS = {
    "utf-8": LIST.replace(";", ",").replace("Justice, antenne", "Justice; antenne").encode(),
    "utf-8 BOM": b"\xef\xbb\xbf" + LIST.encode("utf-8"),
    "utf-16": LIST.replace(";", "\t").replace("Justice\t", "Justice;").encode("utf-16"),
    "cp1252": LIST.encode("cp1252"),
}


def _rows(path: Path) -> list[tuple[str, str, str, int]]:
    return [(e.name, e.country, e.group, e.line) for e in load_signatories(path).entries]


@pytest.mark.parametrize("encoding", list(SAVED_AS))
def test_encodings_and_delimiters_read_alike(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "signatories.csv"
    path.write_bytes(SAVED_AS[encoding])
    assert _rows(path) == [
        ("Ärzte ohne Grenzen", "Deutschland", "National", 2),
        ("Réseau Foi & Justice; antenne France", "Côte d'Ivoire", "Regional", 3),
        ("Centro Internazionale Crocevia", "Italia", "National", 4),
    ]
    warnings = load_signatories(path).warnings
    assert any("Windows-1252" in w for w in warnings) == (encoding == "cp1252")


@pytest.fixture(scope="module")
def annex_texts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The same list saved four ways, built: the PDF bytes of each."""
    from letterpdf import BuildOptions, build_letter

    out = {}
    for encoding, data in SAVED_AS.items():
        folder = tmp_path_factory.mktemp("enc")
        (folder / "letter.md").write_text(f"---\n{DEFAULT_FRONT}---\n\nBody.\n")
        (folder / "signatories.csv").write_bytes(data)
        pdf = folder / "out" / "letter.pdf"
        build_letter(folder, BuildOptions(output=pdf))
        out[encoding] = pdf.read_bytes()
    return out


@pytest.mark.slow
def test_same_list_any_encoding_gives_the_same_pdf(annex_texts: dict[str, bytes]) -> None:
    first = annex_texts["utf-8"]
    assert all(data == first for data in annex_texts.values())


def test_header_aliases_in_several_languages(tmp_path: Path) -> None:
    path = tmp_path / "signatories.csv"
    path.write_text("Nom de l'organisation,Pays,Catégorie,Colour\nAlpha,France,National,red\n")
    loaded = load_signatories(path)
    assert [(e.name, e.country, e.group) for e in loaded.entries] == [
        ("Alpha", "France", "National")
    ]
    assert loaded.warnings == (f"{path} line 1: column 'Colour' is not a known column; ignored.",)


def test_front_matter_column_mapping(
    make_letter: MakeLetter, build: Callable[..., BuildResult]
) -> None:
    folder = make_letter(
        front=DEFAULT_FRONT + "columns:\n  name: Structure signataire\n  country: Où\n",
        csv="Structure signataire,Où\nAlpha Collectif,Sénégal\n",
    )
    from letterpdf import load_letter

    letter = load_letter(folder)
    assert [(e.name, e.country) for e in letter.signatories] == [("Alpha Collectif", "Senegal")]


def test_xlsx(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Organization name", "Country", "Group"])
    sheet.append(["Alpha", "USA", "National"])
    sheet.append([None, None, None])
    sheet.append(["Beta", 1234, "Global"])
    book.create_sheet("Notes")
    path = tmp_path / "signatories.xlsx"
    book.save(path)
    loaded = load_signatories(path)
    assert _rows(path) == [("Alpha", "USA", "National", 2), ("Beta", "1234", "Global", 4)]
    assert "only the first sheet" in loaded.warnings[0]


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "this is a PDF, not a table"),
        (b"", "the file is empty"),
        (b"  \r\n\r\n", "the file is empty"),
        (bytes(range(256)) * 4, "this is binary data, not a table"),
        (b"PK\x03\x04garbage", "damaged ZIP"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Excel (.xls)"),
        (b"just some words\nno header here\n", "no name column"),
    ],
)
def test_not_a_table_gets_one_clear_error(
    make_letter: MakeLetter, tmp_path: Path, data: bytes, says: str
) -> None:
    folder = make_letter(csv=data)
    with pytest.raises(SignatoriesError, match=str(folder / "signatories.csv")) as info:
        load_signatories(folder / "signatories.csv")
    assert says in str(info.value)
    result = CliRunner().invoke(cli, ["build", str(folder), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2
    assert result.output.count("Error:") == 1 and "Traceback" not in result.output
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.slow
def test_build_never_rewrites_the_signatory_file(
    make_letter: MakeLetter, build: Callable[..., BuildResult]
) -> None:
    folder = make_letter(csv=SAVED_AS["cp1252"])
    path = folder / "signatories.csv"
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    result = build(folder)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in folder.iterdir()) == ["letter.md", "signatories.csv"]
    assert result.output.with_name("letter.signatories.csv").is_file()


@pytest.mark.parametrize(
    "above",
    [
        "Signatories,,\n",  # a title in a merged cell that happens to be a header word
        "Sign-on list: joint letter,,\n,,\n",
        "Signatory,,Details\n",  # a two-row header: the second row names the columns
    ],
)
def test_title_rows_above_the_header_are_skipped(tmp_path: Path, above: str) -> None:
    path = tmp_path / "signatories.csv"
    path.write_text(above + "Organisation,Country,Type\nAlpha,France,National\nBeta,Chile,Local\n")
    loaded = load_signatories(path)
    header = above.count("\n") + 1
    assert [(e.name, e.line) for e in loaded.entries] == [
        ("Alpha", header + 1),
        ("Beta", header + 2),
    ]
    assert loaded.warnings[0] == (
        f"{path} line 1: taken for a title above the header (line {header}); skipped."
    )


def test_unclosed_quote_is_an_error_not_a_lost_list(tmp_path: Path) -> None:
    """A stray quote would swallow every later row into one name."""
    path = tmp_path / "signatories.csv"
    path.write_text('name,country\nAlpha,France\n"Beta, Org,Chile\nGamma,Peru\nDelta,Cuba\n')
    with pytest.raises(SignatoriesError) as info:
        load_signatories(path)
    assert str(info.value) == (
        f'{path} line 3: a quote (") opens a cell and is never closed, so every line after '
        "it would be read as one name. Add the closing quote, or delete the stray one."
    )


def test_multi_line_cell_in_the_last_row_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "signatories.csv"
    path.write_text('name,note\nAlpha,"two\nlines"\n')
    assert [e.name for e in load_signatories(path).entries] == ["Alpha"]
