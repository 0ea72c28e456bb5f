"""Themes: a folder of templates and CSS, built in (``styles/NAME``) or the user's own."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..base.errors import FrontMatterError, did_you_mean
from ..base.resources import STYLES_DIR

#: The theme a letter gets when its front matter names none; it also fills the gaps
#: of a user theme (a theme folder may hold only the files it changes).
DEFAULT_THEME = "classic"
#: The files a theme may provide.
THEME_FILES = ("letter.html", "annex.html", "common.css", "letter.css", "annex.css")


@dataclass(frozen=True)
class Theme:
    """Where a letter's templates and stylesheets come from."""

    name: str
    #: Folders searched for each file, first match wins; the last one is the default theme.
    dirs: tuple[Path, ...]

    def file(self, name: str) -> Path:
        """The first folder's copy of ``name``."""
        return next(d / name for d in self.dirs if (d / name).is_file())

    def stylesheets(self, part: str) -> tuple[Path, Path]:
        """``common.css`` then ``{part}.css`` (part is "letter" or "annex")."""
        return self.file("common.css"), self.file(f"{part}.css")

    def rtl_stylesheets(self, part: str) -> tuple[Path, ...]:
        """``rtl.css`` then ``{part}-rtl.css``, each the first folder's copy, where the
        theme has them: the mirrored page of a right-to-left letter."""
        names = ("rtl.css", f"{part}-rtl.css")
        return tuple(self.file(n) for n in names if any((d / n).is_file() for d in self.dirs))


def builtin_themes() -> tuple[str, ...]:
    """Names of the themes shipped with letterpdf."""
    return tuple(sorted(d.name for d in STYLES_DIR.iterdir() if (d / "letter.html").is_file()))


def resolve_theme(spec: str, letter_folder: Path, *, chosen: bool = False) -> Theme:
    """The theme named by the front matter's ``theme:`` (or, ``chosen``, by the user on
    the command line): a built-in name or a folder path.

    A path is relative to the letter folder. A bare name is a built-in theme first;
    write ``./name`` for a folder that has a built-in theme's name. letter.md may name
    only a folder inside the letter folder: a letter handed over by a partner must not
    pick which of your folders letterpdf reads; ``--theme`` may name any.
    """
    default = STYLES_DIR / DEFAULT_THEME
    spec = spec.strip() or DEFAULT_THEME
    known = builtin_themes()
    if spec in known:
        folder = STYLES_DIR / spec
        return Theme(spec, (folder, default) if folder != default else (default,))
    folder = (letter_folder / Path(spec).expanduser()).resolve()
    where = letter_folder / "letter.md"
    if not folder.is_dir():
        hint = did_you_mean(spec, known)
        raise FrontMatterError(
            f"{where}: theme {spec!r} is neither a built-in theme ({', '.join(known)}) "
            f"nor a folder (looked for {folder}).{hint}"
        )
    letter = letter_folder.resolve()
    if not chosen and not folder.is_relative_to(letter):
        raise FrontMatterError(
            f"{where}: theme folder {folder} is outside the letter folder; a letter may name "
            "a built-in theme or a folder inside it. To use a theme folder elsewhere, name "
            f"it yourself on the command line: letterpdf build {letter_folder} --theme {folder}"
        )
    if letter.is_relative_to(folder) or folder in (Path(folder.anchor), Path.home().resolve()):
        # The fetcher serves every file under a theme folder: a folder that holds the
        # letter (``theme: ..``), the home folder or / would open files the letter must
        # not reach.
        raise FrontMatterError(
            f"{where}: theme folder {folder} holds the letter folder or is a system folder; "
            "letterpdf reads every file in a theme folder. Keep the theme in a folder of its "
            "own, e.g. 'theme: ../house-style' holding common.css."
        )
    if not any((folder / name).is_file() for name in THEME_FILES):
        raise FrontMatterError(
            f"{where}: theme folder {folder} holds none of {', '.join(THEME_FILES)}. "
            "Put at least one of them there, e.g. a common.css with your changes."
        )
    return Theme(str(folder), (folder, default))
