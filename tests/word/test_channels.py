"""The Word profiles: an HRC statement's co-sponsors by status and its word limit, a UPR
submission's numbered paragraphs and endnotes, UK written evidence's heading; and
``letterpdf check`` on a .docx."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from click.testing import CliRunner

from letterpdf.cli import cli
from letterpdf.source.sheets import format_signatories_csv, load_signatories

from ..conftest import MakeLetter
from .conftest import NS, BuildDocx, part, text

WORDS = ("Action", "Rights", "Justice", "Voice", "Forum", "Network", "Centre", "Alliance")
PLACES = ("Andean", "Baltic", "Coastal", "Delta", "Eastern")
#: 40 rows, statuses interleaved as a sign-on form exports them.
STATUS_CYCLE = ("Special", "none", "General", "Special", "", "Roster", "Special", "General")
CSV = "name,country,status\n" + "".join(
    f"{PLACES[i % 5]} {WORDS[i % 8]} {'Association' if i % 2 else 'Coalition'} {i + 1},"
    f"Chile,{STATUS_CYCLE[i % 8]}\n"
    for i in range(40)
)
HRC_FRONT = """\
title: The Right to Defend Rights
date: 2024-05-01
status: general
"""


def _text(words: int) -> str:
    """A body of ``words`` words, in paragraphs of 100."""
    paragraphs = [" ".join(["defenders"] * 100)] * (words // 100)
    if words % 100:
        paragraphs.append(" ".join(["defenders"] * (words % 100)))
    return "\n\n".join(paragraphs) + "\n"


def _expected_groups() -> dict[str, list[str]]:
    rows = [line.split(",") for line in CSV.splitlines()[1:]]
    return {s: [r[0] for r in rows if r[2] == s] for s in ("General", "Special", "Roster")}


def test_hrc_co_sponsors_by_status_and_the_others_in_the_title_footnote(
    make_letter: MakeLetter, build_word: BuildDocx, no_warnings: None
) -> None:
    body = "The statement.[^1]\n\n[^1]: A/HRC/55/50.\n"
    result = build_word(make_letter(front=HRC_FRONT, body=body, csv=CSV), profile="hrc-statement")
    document = docx.Document(str(result.output))
    by_style: dict[str, list[str]] = {}
    for p in document.paragraphs:
        by_style.setdefault(p.style.name if p.style else "", []).append(p.text)
    assert [t.split("\n")[0] for t in by_style["Signatory Group"]] == [
        "Organisations in general consultative status",
        "Organisations in special consultative status",
        "Organisations on the roster",
    ]
    expected = _expected_groups()
    assert [t.split("\n")[1] for t in by_style["Signatory Group"]] == [
        f"{len(expected[s])} signatories" for s in ("General", "Special", "Roster")
    ]
    # Each group sorted by name, in the order General, Special, Roster.
    assert by_style["Signatory"] == [n for s in expected.values() for n in sorted(n for n in s)]
    assert by_style["Signatories Heading"] == ["Submitted by"]
    (title,) = by_style["Title"]
    assert title == "The Right to Defend Rights*"
    # Those without status (none, or blank) are named in the footnote to the title.
    notes = part(result.output, "word/footnotes.xml")
    texts = [text(n) for n in notes.iterfind("w:footnote", NS)]
    others = sorted(r.split(",")[0] for r in CSV.splitlines()[1:] if r.endswith((",none", ",")))
    assert len(others) == 10
    assert (
        f"* {', '.join(others)}, NGO(s) without consultative status, also share(s) the views "
        "expressed in this statement." in texts
    )
    # Times New Roman 12, justified; footnotes 10; the title bold at the text's size.
    assert document.styles["Title"].font.size.pt == 12
    assert document.styles["Title"].font.bold
    assert document.styles["Footnote Text"].font.size.pt == 10
    defaults = part(result.output, "word/styles.xml").find(".//w:rPrDefault//w:rFonts", NS)
    assert defaults.get(f"{{{NS['w']}}}ascii") == "Times New Roman"
    # Only the statement and its own footnote count, not the lists of names.
    assert (result.words.text, result.words.notes) == (7, 1)  # the title and text, the note
    assert result.signatories == 40 and result.footnoted == 10
    assert result.summary().startswith(
        f"Wrote {result.output}: 8 of 2,000 words (text and notes; 1 in notes; "
        "the signatory list does not count), 40 signatories (10 in the title's footnote)"
    )


def test_hrc_refuses_a_text_over_2000_words(make_letter: MakeLetter, tmp_path: Path) -> None:
    folder = make_letter(front=HRC_FRONT, body=_text(2_100), csv=CSV)
    out = tmp_path / "statement.docx"
    result = CliRunner().invoke(
        cli, ["build", str(folder), "--profile", "hrc-statement", "-o", str(out)]
    )
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {folder / 'letter.md'}: 2,105 words (text and notes; the signatory list does "
        "not count), 105 over the 2,000 allowed for an organisation in general consultative "
        f"status (hrc-statement); {out} was not written. Cut 105 words from the text or its "
        "notes.\n"
    )
    assert not out.exists()


def test_special_status_allows_1500_words(make_letter: MakeLetter, build_word: BuildDocx) -> None:
    front = HRC_FRONT.replace("general", "special")
    folder = make_letter(front=front, body=_text(1_600), csv=CSV)
    result = CliRunner().invoke(cli, ["build", str(folder), "--profile", "hrc-statement"])
    assert result.exit_code == 1
    assert (
        "1,605 words" in result.output
        and "the 1,500 allowed for an organisation in special consultative status" in result.output
    )
    assert build_word(make_letter(front=front, body=_text(1_400), csv=CSV), profile="hrc-statement")


def test_hrc_needs_the_submitters_status(make_letter: MakeLetter) -> None:
    folder = make_letter(front=HRC_FRONT.replace("status: general\n", ""), csv=CSV)
    result = CliRunner().invoke(cli, ["build", str(folder), "--profile", "hrc-statement"])
    assert result.exit_code == 2
    assert "Add a line to the front matter: 'status: general'" in result.output


def test_a_misspelt_status_is_a_warning(make_letter: MakeLetter, tmp_path: Path) -> None:
    folder = make_letter(csv="name,status\nAlpha,Genral\nBeta,Special\n")
    loaded = load_signatories(folder / "signatories.csv")
    assert [e.status for e in loaded.entries] == ["", "special"]
    assert loaded.warnings == (
        f"{folder / 'signatories.csv'} line 2: status 'Genral' is not General, Special, "
        "Roster or none; read as none (no consultative status). Did you mean 'general'?",
    )
    # The build's record of the list has the column only where the list has it.
    header = b"name,country,group,individual,title,url,note,logo"
    assert format_signatories_csv(loaded.entries).split(b"\n")[0] == header + b",status"
    plain = folder.parent / "plain.csv"
    plain.write_text("name\nAlpha\n", encoding="utf-8")
    assert format_signatories_csv(load_signatories(plain).entries).split(b"\n")[0] == header


def test_upr_numbers_its_paragraphs_and_uses_endnotes(
    make_letter: MakeLetter, build_word: BuildDocx
) -> None:
    body = (
        "First point.[^1]\n\nSecond point.\n\n## Recommendations\n\nThird point.\n\n"
        "[^1]: Report of the Working Group, A/HRC/52/1.\n"
    )
    result = build_word(make_letter(body=body), profile="upr")
    xml = part(result.output, "word/document.xml")
    numbered = [
        text(p) for p in xml.iterfind(".//w:p", NS) if p.find("w:pPr/w:numPr", NS) is not None
    ]
    assert numbered == ["First point.", "Second point.", "Third point."]
    num_ids = {
        p.find("w:pPr/w:numPr/w:numId", NS).get(f"{{{NS['w']}}}val")
        for p in xml.iterfind(".//w:p", NS)
        if p.find("w:pPr/w:numPr", NS) is not None
    }
    assert len(num_ids) == 1  # one numbering: 1., 2., 3. across the headings
    numbering = part(result.output, "word/numbering.xml")
    (num,) = [n for n in numbering.iterfind("w:num", NS) if n.get(f"{{{NS['w']}}}numId") in num_ids]
    abstract_id = num.find("w:abstractNumId", NS).get(f"{{{NS['w']}}}val")
    (abstract,) = [
        a
        for a in numbering.iterfind("w:abstractNum", NS)
        if a.get(f"{{{NS['w']}}}abstractNumId") == abstract_id
    ]
    level = abstract.find("w:lvl", NS)
    assert level.find("w:numFmt", NS).get(f"{{{NS['w']}}}val") == "decimal"
    assert level.find("w:lvlText", NS).get(f"{{{NS['w']}}}val") == "%1."
    # The reference is an endnote; the submitters are named at the start.
    endnotes = part(result.output, "word/endnotes.xml")
    assert "Report of the Working Group, A/HRC/52/1." in [
        text(n).strip() for n in endnotes.iterfind("w:endnote", NS)
    ]
    paragraphs = [p.text for p in docx.Document(str(result.output)).paragraphs]
    assert paragraphs.index("Submitted by") < paragraphs.index("Test Letter")
    assert paragraphs.index("Alpha Org, France") < paragraphs.index("Test Letter")
    assert result.limit is not None and result.limit.words == 5_630  # two names: joint


def test_uk_evidence_carries_the_heading(make_letter: MakeLetter, build_word: BuildDocx) -> None:
    front = "title: Evidence\ndate: 2024-01-01\nsigned_by: Rights Watch UK\n"
    result = build_word(make_letter(front=front), profile="uk-evidence")
    document = docx.Document(str(result.output))
    first = document.paragraphs[0]
    assert first.text == "Written evidence submitted by Rights Watch UK"
    assert first.style is not None and first.style.name == "Heading 1"
    defaults = part(result.output, "word/styles.xml").find(".//w:rPrDefault//w:rFonts", NS)
    assert defaults.get(f"{{{NS['w']}}}ascii") == "Arial"
    texts = [p.text for p in document.paragraphs if p.text]  # the annex inside, at the end
    assert texts[-5:] == [
        "List of signatories",
        "International\n1 signatory",
        "Beta Network",
        "National\n1 signatory",
        "Alpha Org, France",
    ]


def test_uk_evidence_over_3000_words_is_a_warning(make_letter: MakeLetter) -> None:
    folder = make_letter(body=_text(3_100))
    result = CliRunner().invoke(cli, ["build", str(folder), "--profile", "uk-evidence"])
    assert result.exit_code == 0
    assert "3,109 words" in result.output and "was written anyway" in result.output
    strict = CliRunner().invoke(cli, ["build", str(folder), "--profile", "uk-evidence", "--strict"])
    assert strict.exit_code == 1


def test_check_reads_the_status_and_counts_words(
    make_letter: MakeLetter, build_word: BuildDocx
) -> None:
    result = build_word(
        make_letter(front=HRC_FRONT, body=_text(1_700), csv=CSV), profile="hrc-statement"
    )
    args = ["check", str(result.output), "--profile", "hrc-statement"]
    checked = CliRunner().invoke(cli, args)
    assert checked.exit_code == 0, checked.output
    assert (
        "PASS  words: 1,705 words (1,705 text, 0 in notes), within the 2,000 for general status"
        in checked.output
    )
    assert "PASS  fonts: Times New Roman only, as hrc-statement asks" in checked.output
    assert "PASS  macros: no macros" in checked.output
    # The same file, said to come from an organisation in special status, is over.
    with zipfile.ZipFile(result.output) as archive:
        entries = {n: archive.read(n) for n in archive.namelist()}
    entries["docProps/custom.xml"] = entries["docProps/custom.xml"].replace(
        b">general<", b">special<"
    )
    entries["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0"
    changed = result.output.with_name("changed.docx")
    with zipfile.ZipFile(changed, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    failed = CliRunner().invoke(cli, ["check", str(changed), "--profile", "hrc-statement"])
    assert failed.exit_code == 1
    assert (
        "FAIL  words: 1,705 words (1,705 text, 0 in notes), 205 over the 1,500 for special status"
        in failed.output
    )
    assert "FAIL  macros: holds macros (VBA)" in failed.output


def test_check_names_every_missing_signatory(
    make_letter: MakeLetter, build_word: BuildDocx
) -> None:
    folder = make_letter()
    result = build_word(folder)
    other = folder.parent / "more.csv"
    other.write_text("name\nAlpha Org\nGamma Union\n", encoding="utf-8")
    checked = CliRunner().invoke(cli, ["check", str(result.output), "--signatories", str(other)])
    assert checked.exit_code == 1
    assert "FAIL  signatories: 1 name(s) missing: 'Gamma Union'" in checked.output
    bad = folder.parent / "bad.docx"
    bad.write_text("not a zip", encoding="utf-8")
    failed = CliRunner().invoke(cli, ["check", str(bad)])
    assert failed.exit_code == 1
    assert "FAIL  format: not a Word document" in failed.output
