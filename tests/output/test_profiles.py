"""Profiles: the data file, user profiles, and what they do to a build."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pikepdf
import pytest
from hypothesis import given
from hypothesis import strategies as st

from letterpdf import BuildOptions, build_letter
from letterpdf.base.errors import LetterError, ProfileError
from letterpdf.output.profiles import BUILTIN_PROFILES, get_profile, load_profiles, resolve_target
from letterpdf.output.xmp import Xmp, parse_pdf_date, read_xmp, write_xmp
from letterpdf.source.letter import load_letter
from letterpdf.source.sheets import format_signatories_csv, load_signatories
from letterpdf.source.signatories import Signatory, normalise_text

from ..conftest import MakeLetter


def test_builtin_profiles() -> None:
    profiles = load_profiles()
    assert {"un", "court-us", "archive", "print"} <= set(profiles)
    assert profiles["court-us"].paper == "letter" and not profiles["court-us"].links
    assert profiles["un"].variant == profiles["court-us"].variant == "pdf/a-2a+ua-1"
    assert profiles["archive"].variant == "pdf/a-3a+ua-1" and profiles["archive"].embedded_files
    assert profiles["print"].variant == "pdf/x-4"
    assert profiles["print"].bleed == "3mm" and profiles["print"].marks == "crop"
    assert "letterpdf" in BUILTIN_PROFILES.parts  # inside the package: ships in the wheel


def test_user_profile_adds_and_replaces(tmp_path: Path) -> None:
    (tmp_path / "profiles.toml").write_text(
        '[ngo-portal]\nsummary = "Our portal"\nmax_size_mb = 2\n\n'
        '[un]\nsummary = "UN, smaller"\nvariant = "pdf/a-2b"\nmax_size_mb = 5\n'
    )
    assert get_profile("ngo-portal", tmp_path).max_size_mb == 2
    assert get_profile("un", tmp_path).max_size_mb == 5
    assert get_profile("un").max_size_mb == 10


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            '[x]\nsummary = "x"\nmax_sise_mb = 1\n',
            "unknown key 'max_sise_mb'. Did you mean 'max_size_mb'?",
        ),
        ('[x]\nsummary = "x"\nvariant = "pdf/a-1b"\n', "variant 'pdf/a-1b' is not one of"),
        ("[x]\npaper = 'a4'\n", "no 'summary'"),
        ("[x\n", "not valid TOML"),
    ],
)
def test_bad_user_profile(tmp_path: Path, toml: str, message: str) -> None:
    (tmp_path / "profiles.toml").write_text(toml)
    with pytest.raises(ProfileError, match=re.escape(message)):
        get_profile("x", tmp_path)


def test_unknown_profile_suggests() -> None:
    with pytest.raises(
        ProfileError, match=re.escape("unknown profile 'court'. Did you mean 'court-us'")
    ):
        get_profile("court")


def test_command_line_beats_profile_beats_front_matter(make_letter: MakeLetter) -> None:
    folder = make_letter(front="title: T\ndate: 2020-04-30\nvariant: pdf/ua-1\nprofile: court-us\n")
    letter = load_letter(folder)
    assert resolve_target(letter, BuildOptions()).variant == "pdf/a-2a+ua-1"
    assert resolve_target(letter, BuildOptions()).paper == "letter"
    target = resolve_target(letter, BuildOptions(variant="pdf/a-3b", paper="a4", profile="un"))
    assert (target.variant, target.paper, target.profile and target.profile.name) == (
        "pdf/a-3b",
        "a4",
        "un",
    )
    assert not target.attach_csv  # un forbids embedded files
    plain = make_letter(front="title: T\ndate: 2020-04-30\nvariant: pdf/ua-1\n", name="p")
    assert resolve_target(load_letter(plain), BuildOptions()).variant == "pdf/ua-1"


def test_bad_variant_in_front_matter(make_letter: MakeLetter) -> None:
    folder = make_letter(front="title: T\ndate: 2020-04-30\nvariant: pdf/a-1b\n")
    with pytest.raises(LetterError, match=r"letter\.md line 4: variant 'pdf/a-1b' is not one of"):
        load_letter(folder)


@pytest.mark.slow
def test_court_us_build(make_letter: MakeLetter, tmp_path: Path) -> None:
    folder = make_letter(body="See [our site](https://example.org) for more.\n")
    out = tmp_path / "court.pdf"
    result = build_letter(folder, BuildOptions(output=out, profile="court-us", check=True))
    assert result.report is not None and result.report.ok, result.report
    with pikepdf.open(out) as pdf:
        assert [float(x) for x in pdf.pages[0].mediabox] == [0, 0, 612, 792]
        assert not any("/Annots" in page.obj and len(page.Annots) for page in pdf.pages)
    plain = tmp_path / "plain.pdf"
    build_letter(folder, BuildOptions(output=plain))
    with pikepdf.open(plain) as pdf:  # the same letter keeps its link without the profile
        assert any("/Annots" in page.obj for page in pdf.pages)


@pytest.mark.slow
def test_print_build_is_pdf_x4(make_letter: MakeLetter, tmp_path: Path) -> None:
    """No PDF/X validator installs here: the ISO 15930-7 points a print shop's preflight
    looks at, read with pikepdf."""
    out = tmp_path / "print.pdf"
    result = build_letter(make_letter(), BuildOptions(output=out, profile="print", check=True))
    assert result.report is not None and result.report.ok, result.report
    assert out.read_bytes().startswith(b"%PDF-1.6")  # PDF/X-4 is based on PDF 1.6
    mm = 72 / 25.4
    with pikepdf.open(out) as pdf:
        # A named CMYK output intent with its ICC profile embedded.
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFX"
        assert str(intent.OutputConditionIdentifier) == "FOGRA39"
        profile = intent.DestOutputProfile
        assert profile.N == 4 and profile.read_bytes()[16:20] == b"CMYK"
        # Identification: version in the XMP (and in Info for old RIPs), trapping declared.
        meta = pdf.open_metadata()
        assert meta["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
        assert meta["xmpMM:DocumentID"] and meta["xmpMM:VersionID"]
        assert pdf.trailer.Info.Trapped == "/False"
        assert "/ID" in pdf.trailer
        assert "/Encrypt" not in pdf.trailer
        for page in pdf.pages:
            media = [float(x) for x in page.mediabox]
            trim = [float(x) for x in page.TrimBox]
            bleed = [float(x) for x in page.BleedBox]
            assert trim[2] - trim[0] == pytest.approx(595.28, abs=0.5)  # A4
            # The bleed is 3 mm around the trim; the marks stand beyond it, in the slug.
            assert bleed == pytest.approx(
                [trim[0] - 3 * mm, trim[1] - 3 * mm, trim[2] + 3 * mm, trim[3] + 3 * mm], abs=0.1
            )
            assert media[0] < bleed[0] and media[2] > bleed[2]
            content = b"".join(
                c.read_bytes()
                for c in ([page.Contents] if "/Length" in page.Contents else page.Contents)
            )
            # Colour is CMYK only: no RGB operator, and text black is K alone.
            assert not re.search(rb"\b(rg|RG)\b|/DeviceRGB", content)
            assert b"/DeviceCMYK cs\n0 0 0 1 scn" in content
        trim_box = [float(x) for x in pdf.pages[0].TrimBox]
        left, bottom, right, top = [float(x) for x in pdf.pages[0].BleedBox]
        # Lines beyond the trim are the printer's marks (fold marks stand inside the page).
        marks = [
            (x0, y0, x1, y1)
            for x0, y0, x1, y1 in _lines(pdf.pages[0])
            if x0 < trim_box[0] or y0 < trim_box[1] or x1 > trim_box[2] or y1 > trim_box[3]
        ]
        assert len(marks) >= 8, "no crop marks"  # two at each corner
        for x0, y0, x1, y1 in marks:  # every mark outside the bleed
            assert (
                x1 <= left + 0.01 or x0 >= right - 0.01 or y1 <= bottom + 0.01 or y0 >= top - 0.01
            )


def _lines(
    page: pikepdf.Page | pikepdf.Object, matrix: pikepdf.Matrix | None = None
) -> list[tuple[float, float, float, float]]:
    """The straight lines drawn on ``page`` and in its forms, in page coordinates."""
    lines = []
    matrix = pikepdf.Matrix() if matrix is None else matrix
    stack: list[pikepdf.Matrix] = []
    start = (0.0, 0.0)
    resources = page.Resources if "/Resources" in page else pikepdf.Dictionary()
    for instruction in pikepdf.parse_content_stream(page):
        op, operands = str(instruction.operator), instruction.operands
        if op == "q":
            stack.append(matrix)
        elif op == "Q":
            matrix = stack.pop()
        elif op == "cm":
            matrix = pikepdf.Matrix(*[float(o) for o in operands]) @ matrix
        elif op == "m":
            start = matrix.transform((float(operands[0]), float(operands[1])))
        elif op == "l":
            x, y = matrix.transform((float(operands[0]), float(operands[1])))
            lines.append((min(start[0], x), min(start[1], y), max(start[0], x), max(start[1], y)))
        elif op == "Do":
            form = resources.XObject[str(operands[0])]
            if form.Subtype == "/Form":
                inner = pikepdf.Matrix(*[float(v) for v in form.get("/Matrix", [1, 0, 0, 1, 0, 0])])
                lines += _lines(form, inner @ matrix)
    return lines


_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30).map(normalise_text)


@given(
    st.builds(
        Xmp,
        pdfa_part=st.sampled_from(["", "2", "3"]),
        pdfa_conformance=st.sampled_from(["", "B"]),
        title=_text,
        author=_text,
        subject=_text,
        created=st.none()
        | st.datetimes(timezones=st.just(dt.UTC)).map(lambda d: d.replace(microsecond=0)),
    )
)
def test_xmp_round_trip(xmp: Xmp) -> None:
    assert read_xmp(write_xmp(xmp)) == xmp


def test_pdf_dates() -> None:
    when = dt.datetime(2018, 9, 5, tzinfo=dt.UTC)
    assert parse_pdf_date("D:20180905000000+00'00'") == when
    assert parse_pdf_date("D:20180905020000+02'00'") == when
    assert parse_pdf_date("D:20180905000000Z") == when
    assert parse_pdf_date("yesterday") is None


@given(
    st.lists(
        st.builds(
            Signatory,
            name=_text.filter(bool),
            country=_text,
            group=_text,
            individual=st.booleans(),
            title=_text,
        ),
        min_size=1,
        max_size=5,
    )
)
@pytest.mark.slow
def test_signatory_csv_reads_back(
    tmp_path_factory: pytest.TempPathFactory, entries: list[Signatory]
) -> None:
    path = tmp_path_factory.mktemp("csv") / "s.csv"
    path.write_bytes(format_signatories_csv(tuple(entries)))
    loaded = load_signatories(path)
    assert [(s.name, s.country, s.group, s.individual, s.title) for s in loaded.entries] == [
        (s.name, s.country, s.group, s.individual, s.title) for s in entries
    ]
