"""Loading letter.md: front matter keys, types and the messages for bad input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from letterpdf.base.errors import FrontMatterError, LetterFolderError
from letterpdf.source.frontmatter import FrontMatter, parse_letter_text
from letterpdf.source.letter import load_letter

from ..conftest import ROOT

SOURCE = Path("letter.md")


def parse(text: str) -> tuple[FrontMatter, str, int]:
    return parse_letter_text(text, SOURCE)


def test_front_matter_and_body() -> None:
    front, body, line = parse(
        "---\ntitle: T\ndate: 2018-09-05\nfrom: [A, B]\nto: |\n  X\n  Y\npaper: Letter\n---\nHi\n"
    )
    assert front == FrontMatter(
        title="T",
        date=dt.date(2018, 9, 5),
        sender=("A", "B"),
        to=("X", "Y"),
        paper="letter",
        original="en",  # letter.md's own language, unless it says otherwise
    )
    assert body == "Hi\n"
    assert line == 10


def test_unknown_key_names_the_nearest_known_one() -> None:
    with pytest.raises(FrontMatterError) as e:
        parse("---\ntitle: T\ndate: 2018-09-05\nsalutaton: Dear all,\n---\n")
    assert str(e.value).startswith("letter.md line 4: unknown key 'salutaton'. Did you mean")
    assert "'salutation'" in str(e.value)


def test_malformed_yaml_names_the_line() -> None:
    with pytest.raises(FrontMatterError) as e:
        parse('---\ntitle: T\ndate: 2018-09-05\nsubject: "unclosed\n---\nBody\n')
    assert "letter.md line" in str(e.value)
    assert "malformed front matter" in str(e.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Just a letter\n", "line 1: no front matter"),
        ("---\ntitle: T\n", "never closed"),
        ("---\ntitle: T\n---\n", "has no 'date'"),
        ("---\ntitle: T\ndate: 5 Sept\n---\n", "line 3: date '5 Sept' is not a date"),
        ("---\ntitle: T\ndate: 2018-01-01\npaper: a5\n---\n", "paper 'a5' is not one of"),
        ("---\n- a\n- b\n---\n", "must be 'key: value' lines"),
        ("---\ntitle: T\ndate: 2018-01-01\nto: {a: 1}\n---\n", "'to' must be a list of lines"),
    ],
)
def test_bad_front_matter_says_what_to_fix(text: str, expected: str) -> None:
    with pytest.raises(FrontMatterError, match=expected):
        parse(text)


def test_missing_folder_and_letter(tmp_path: Path) -> None:
    with pytest.raises(LetterFolderError, match="no such folder"):
        load_letter(tmp_path / "nowhere")
    with pytest.raises(LetterFolderError, match=r"letter\.md: not found"):
        load_letter(tmp_path)


def test_seed_letter_loads() -> None:
    letter = load_letter(ROOT / "content")
    assert letter.front.salutation == "Dear High Commissioner Bachelet,"
    assert letter.front.closing == "With assurances of our highest consideration,"
    assert letter.front.date == dt.date(2018, 9, 5)
    assert "to the work of the OHCHR, and ensure" in letter.body
    assert "Dear" not in letter.body
    assert len(letter.signatories) >= 2


def test_scans_in_file_manager_order_and_other_files_reported(tmp_path: Path) -> None:
    """Scanners write SCAN.PDF as often as scan.pdf; a photo in annex/ is not silently lost."""
    (tmp_path / "letter.md").write_text("---\ntitle: T\ndate: 2018-09-05\n---\nHi\n")
    annex = tmp_path / "annex"
    annex.mkdir()
    for name in ("scan 10.pdf", "B.PDF", "scan 2.pdf", "a.pdf", "signed page.jpg", ".DS_Store"):
        (annex / name).write_bytes(b"")
    letter = load_letter(tmp_path)
    # In the order a file manager shows them: case ignored, numbers by value.
    assert [p.name for p in letter.scans] == ["a.pdf", "B.PDF", "scan 2.pdf", "scan 10.pdf"]
    assert letter.warnings == (
        f"{annex / 'signed page.jpg'}: not a PDF, so not in the letter; "
        "save the signed pages as PDF in annex/.",
    )


def test_folder_given_as_a_file(tmp_path: Path) -> None:
    (tmp_path / "letter.md").write_text("---\ntitle: T\ndate: 2018-09-05\n---\nHi\n")
    with pytest.raises(LetterFolderError) as e:
        load_letter(tmp_path / "letter.md")
    assert str(e.value) == (
        f"{tmp_path / 'letter.md'}: is a file; give the folder that holds letter.md: "
        f"letterpdf build {tmp_path}"
    )


def test_yaml_words_stay_text() -> None:
    """YAML 1.1 reads `no`, `yes`, `on` as booleans and 010 as 8: a letter means the text."""
    front, _, _ = parse(
        "---\ntitle: Yes\ndate: 2018-09-05\nlang: no\nsubject: 010\nclosing: On\n"
        "to:\n  - No 5\n  - 1e3\n---\n"
    )
    assert (front.title, front.lang, front.subject, front.closing) == ("Yes", "no", "010", "On")
    assert front.to == ("No 5", "1e3")


def test_duplicate_key_is_an_error() -> None:
    with pytest.raises(FrontMatterError) as e:
        parse("---\ntitle: T\ndate: 2018-09-05\ntitle: Again\n---\n")
    assert str(e.value) == "letter.md line 4: 'title' is set twice (lines 2 and 4); keep one."


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("English", "letter.md line 4: lang 'English' is not a language code. Write 'en'."),
        ("français", "letter.md line 4: lang 'français' is not a language code. Write 'fr'."),
        ("en gb", "letter.md line 4: lang 'en gb' is not a language code. Write a code such "
         "as 'en', 'fr', 'es' or 'pt-BR'."),
    ],
)  # fmt: skip
def test_lang_must_be_a_code(lang: str, expected: str) -> None:
    with pytest.raises(FrontMatterError) as e:
        parse(f"---\ntitle: T\ndate: 2018-09-05\nlang: {lang}\n---\n")
    assert str(e.value) == expected


def test_lang_codes_are_tidied() -> None:
    assert parse("---\ntitle: T\ndate: 2018-09-05\nlang: pt_BR\n---\n")[0].lang == "pt-BR"


def test_letter_saved_as_utf16_is_read(tmp_path: Path) -> None:
    """Windows Notepad's "Unicode" is UTF-16 with a byte-order mark: unambiguous, so read it."""
    text = "---\ntitle: Lettre ouverte\ndate: 2018-09-05\n---\nMadame, l\u2019été…\n"
    (tmp_path / "letter.md").write_bytes(text.encode("utf-16"))
    letter = load_letter(tmp_path)
    assert (letter.front.title, letter.body) == ("Lettre ouverte", "Madame, l\u2019été…\n")


def test_letter_not_utf8_names_line_and_character(tmp_path: Path) -> None:
    text = "---\ntitle: T\ndate: 2018-09-05\n---\nFirst line.\nLes droits \u2013 égaux.\n"
    (tmp_path / "letter.md").write_bytes(text.encode("cp1252"))
    with pytest.raises(LetterFolderError) as e:
        load_letter(tmp_path)
    assert str(e.value) == (
        f"{tmp_path / 'letter.md'} line 6: not UTF-8 text (byte 0x96, perhaps '\u2013' in "
        "Windows-1252). Save the file as UTF-8 in your editor (e.g. Notepad: Save as, "
        "Encoding: UTF-8)."
    )


def test_header_only_and_overlong_names_warn(tmp_path: Path) -> None:
    """A list with no names, or a 'name' that is a paragraph, is worth a look before sending."""
    (tmp_path / "letter.md").write_text("---\ntitle: T\ndate: 2018-09-05\n---\nHi\n")
    sheet = tmp_path / "signatories.csv"
    sheet.write_text("name,country\n")
    assert load_letter(tmp_path).warnings == (f"{sheet}: a header but no signatories; no annex.",)
    sheet.write_text("name,country\nAlpha,France\n" + "Word " * 100 + ",Chile\n")
    assert load_letter(tmp_path).warnings == (
        f"{sheet} line 3: name is 499 characters long: 'Word Word Word Word Word Word "
        "Word Word Word Word Word Word '...; check it is one name and not cut short or merged "
        "with another.",
    )


def test_an_organisation_in_two_groups_warns_at_build(tmp_path: Path) -> None:
    """The build printed it twice and said nothing; `signatories check` calls it an error."""
    (tmp_path / "letter.md").write_text("---\ntitle: T\ndate: 2018-09-05\n---\nHi\n")
    sheet = tmp_path / "signatories.csv"
    sheet.write_text("name,group\nAlpha Org,International\nAlpha Org,National\n")
    assert load_letter(tmp_path).warnings == (
        f"{sheet} line 3: 'Alpha Org' is in group 'National' and, on line 2, in "
        "'International'; it would be printed twice. Keep the row in one group.",
    )


def test_raw_html_in_the_body_is_reported_by_line(tmp_path: Path) -> None:
    """HTML prints as text (the body is untrusted), so say so before a reader sees '<b>'."""
    (tmp_path / "letter.md").write_text(
        "---\ntitle: T\ndate: 2018-09-05\n---\nDear all,\n\nWe <b>urge</b> you.\n\n"
        "<div>\nA block.\n</div>\n\nA `<code>` span and 3 < 4 are fine.\n"
    )
    assert load_letter(tmp_path).warnings == (
        f"{tmp_path / 'letter.md'} line 7: HTML <b> prints as text; write Markdown "
        "instead: **bold**, *italic*, [text](https://...).",
        f"{tmp_path / 'letter.md'} line 9: HTML <div> prints as text; write Markdown "
        "instead: **bold**, *italic*, [text](https://...).",
    )


def test_raw_html_line_inside_a_paragraph() -> None:
    from letterpdf.source.letter import raw_html_warnings

    (warning,) = raw_html_warnings("One line\nand <i>two</i>\n", 10, SOURCE)
    assert warning.startswith("letter.md line 11: HTML <i> prints as text")


def test_near_duplicates_are_left_to_signatories_check(tmp_path: Path) -> None:
    """A judgement call: the build does not look for them (the slowest check)."""
    from letterpdf.source.check import check_path

    (tmp_path / "letter.md").write_text("---\ntitle: T\ndate: 2018-09-05\n---\nHi\n")
    (tmp_path / "signatories.csv").write_text("name\nAlpha Network\nThe Alpha Network\n")
    assert load_letter(tmp_path).warnings == ()
    assert [f.kind for f in check_path(tmp_path).findings] == ["near-duplicate"]
