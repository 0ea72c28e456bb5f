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
    assert profiles["archive"].variant == "pdf/a-3b" and profiles["archive"].embedded_files
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
    assert resolve_target(letter, BuildOptions()).variant == "pdf/a-2b"
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
def test_print_build_has_bleed_and_marks(make_letter: MakeLetter, tmp_path: Path) -> None:
    out = tmp_path / "print.pdf"
    result = build_letter(make_letter(), BuildOptions(output=out, profile="print", check=True))
    assert result.report is not None and result.report.ok, result.report
    with pikepdf.open(out) as pdf:
        page = pdf.pages[0]
        media = [float(x) for x in page.mediabox]
        trim = [float(x) for x in page.TrimBox]
        bleed = 3 / 25.4 * 72
        assert trim[2] - trim[0] == pytest.approx(595.28, abs=0.5)
        assert media[2] - media[0] == pytest.approx(595.28 + 2 * bleed, abs=0.5)


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
