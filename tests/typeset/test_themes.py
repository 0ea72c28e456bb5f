"""Themes: both built-in themes render the seed letter; a user folder can be a theme."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from letterpdf import BuildOptions, LetterError, build_letter
from letterpdf.base.errors import FrontMatterError
from letterpdf.base.resources import STYLES_DIR
from letterpdf.build import BuildResult
from letterpdf.typeset.themes import builtin_themes, resolve_theme

from ..conftest import ROOT, MakeLetter, pdftotext

#: Each test here builds PDFs.
pytestmark = pytest.mark.slow


def _seed_with_theme(folder: Path, theme: str) -> Path:
    shutil.copytree(ROOT / "content", folder)
    letter = folder / "letter.md"
    letter.write_text(letter.read_text().replace("paper: a4\n", f"paper: a4\ntheme: {theme}\n"))
    return folder


@pytest.fixture(scope="module")
def seed_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuildResult]:
    base = tmp_path_factory.mktemp("themes")
    return {
        theme: build_letter(
            _seed_with_theme(base / theme, theme), BuildOptions(output=base / f"{theme}.pdf")
        )
        for theme in ("classic", "un")
    }


@pytest.mark.parametrize("theme", ["classic", "un"])
def test_each_theme_renders_the_seed_letter(
    seed_builds: dict[str, BuildResult], theme: str
) -> None:
    result = seed_builds[theme]
    assert result.warnings == ()
    text = pdftotext(result.output)
    assert "Joint Letter of Civil Society Organisations" in text
    assert "Dear High Commissioner Bachelet," in text
    assert "International Federation for Human Rights (FIDH)" in text
    reader = PdfReader(result.output)
    assert reader.page_labels[-1] == "A-1"
    assert [item.title for item in reader.outline if not isinstance(item, list)] == [
        "Letter",
        "Signatories",
    ]


def test_the_themes_differ(seed_builds: dict[str, BuildResult]) -> None:
    classic, un = (pdftotext(seed_builds[t].output) for t in ("classic", "un"))
    # un numbers the paragraphs and prints folios as 1/2; classic does neither.
    assert "1. As local, national" in un and "10. Once again" in un
    assert "1. As local" not in classic
    assert "Page 1 of" in classic and "Page 1 of" not in un
    assert "Original: English" in un


def test_builtin_themes() -> None:
    assert builtin_themes() == ("classic", "un")
    assert resolve_theme("un", Path(".")).dirs == (STYLES_DIR / "un", STYLES_DIR / "classic")
    assert resolve_theme("", Path(".")).dirs == (STYLES_DIR / "classic",)


def test_unknown_theme_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FrontMatterError) as e:
        resolve_theme("unn", tmp_path)
    assert str(e.value) == (
        f"{tmp_path / 'letter.md'}: theme 'unn' is neither a built-in theme (classic, un) "
        f"nor a folder (looked for {tmp_path.resolve() / 'unn'}). Did you mean 'un'?"
    )
    (tmp_path / "empty").mkdir()
    with pytest.raises(FrontMatterError, match=r"holds none of letter\.html"):
        resolve_theme("empty", tmp_path)


def test_a_user_theme_folder_overrides_classic_and_is_confined(
    make_letter: MakeLetter, tmp_path: Path
) -> None:
    theme = tmp_path / "house-style"
    theme.mkdir()
    (theme / "letter.css").write_text(
        '@import url("letter-base.css");\n'
        '.letterhead h1::after { content: " (house style)"; }\n'
        '.body { background: url("../../etc/hostname"); }\n'
    )
    (theme / "letter-base.css").write_text(".subject { color: #333; }\n")
    front = "title: Themed\ndate: 2024-01-01\n"
    folder = make_letter(front=front, csv=None)
    # A theme folder outside the letter folder is the user's choice, on the command line.
    options = BuildOptions(output=tmp_path / "themed.pdf", theme="../house-style")
    result = build_letter(folder, options)
    text = pdftotext(result.output)
    assert "Themed (house style)" in text
    assert "Date 1 January 2024" in text  # the template still comes from classic
    assert len(result.warnings) == 1
    assert "refused to load" in result.warnings[0]
    assert "outside the letter folder" in result.warnings[0]


def test_a_broken_theme_template_is_a_letter_error(make_letter: MakeLetter, tmp_path: Path) -> None:
    theme = tmp_path / "bad"
    theme.mkdir()
    (theme / "letter.html").write_text("<p>{{ front.__class__.__mro__ }}</p>\n")
    folder = make_letter(front="title: T\ndate: 2024-01-01\ntheme: bad\n", csv=None)
    theme.rename(folder / "bad")
    with pytest.raises(LetterError, match="the theme template failed"):
        build_letter(folder, BuildOptions(output=tmp_path / "bad.pdf"))
    assert not (tmp_path / "bad.pdf").exists()


@pytest.mark.parametrize("spec", ["..", ".", "/", "~"])
def test_a_theme_folder_may_not_widen_what_the_letter_can_read(tmp_path: Path, spec: str) -> None:
    """theme: .. once let a style.css print a file beside the letter folder."""
    folder = tmp_path / "letter"
    folder.mkdir()
    (tmp_path / "common.css").write_text("body { color: black; }")
    (folder / "common.css").write_text("body { color: black; }")
    with pytest.raises(FrontMatterError, match="holds the letter folder or is a system folder"):
        resolve_theme(spec, folder, chosen=True)
    if spec != ".":  # letter.md may not even name a folder outside the letter folder
        with pytest.raises(FrontMatterError, match="is outside the letter folder"):
            resolve_theme(spec, folder)


def test_un_annex_footer_speaks_the_letters_language(tmp_path: Path) -> None:
    folder = tmp_path / "lettre"
    folder.mkdir()
    (folder / "letter.md").write_text(
        "---\ntitle: Lettre\ndate: 2018-09-05\nlang: fr\ntheme: un\n---\nBonjour.\n"
    )
    (folder / "signatories.csv").write_text("name\nAlpha\n")
    result = build_letter(folder, BuildOptions(output=tmp_path / "out.pdf"))
    annex = PdfReader(result.output).pages[result.letter_pages].extract_text()
    assert "Annexe 1/1" in annex
