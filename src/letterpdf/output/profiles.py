"""Destination profiles: what a UN portal, a court or an archive wants from the PDF."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..base.errors import LetterError, ProfileError, did_you_mean
from ..base.files import inside, shorten
from ..base.options import PAPER_SIZES, VARIANTS, BuildOptions
from ..source.letter import Letter

#: The built-in profiles; ships inside the package.
BUILTIN_PROFILES = Path(__file__).resolve().parent / "profiles.toml"
#: A letter folder's own profiles, added to (or replacing) the built-in ones.
USER_PROFILES = "profiles.toml"


@dataclass(frozen=True)
class Profile:
    """One destination's requirements, as read from a profiles.toml table."""

    name: str
    #: One line: where this profile is for.
    summary: str
    #: Page size the letter is laid out on and checked for; None leaves it to the letter.
    paper: str | None = None
    #: PDF variant to write ("pdf/a-2b", ...); None writes a plain PDF.
    variant: str | None = None
    #: False: any embedded file fails the check. True (and PDF/A-3b): the signatory
    #: list is embedded as signatories.csv.
    embedded_files: bool = True
    #: False: web links are removed when building, and any link fails the check.
    links: bool = True
    #: Largest file the destination accepts, in MB (10**6 bytes); None for no limit.
    max_size_mb: float | None = None
    #: CSS length of bleed around each page, for a print shop.
    bleed: str | None = None
    #: Printer's marks (CSS ``marks``): "crop", "cross" or "crop cross".
    marks: str | None = None


_FIELDS = {f.name for f in dataclasses.fields(Profile)} - {"name"}


def load_profiles(folder: Path | None = None) -> dict[str, Profile]:
    """The built-in profiles, plus those in ``folder/profiles.toml`` if there is one."""
    profiles = _read(BUILTIN_PROFILES)
    own = folder / USER_PROFILES if folder is not None else None
    # A profiles.toml that links outside the folder is not read (load_letter says so).
    if own is not None and own.is_file() and inside(own, own.parent):
        profiles.update(_read(own))
    return profiles


def get_profile(name: str, folder: Path | None = None) -> Profile:
    """The profile called ``name``; a ProfileError lists the known ones."""
    profiles = load_profiles(folder)
    if name in profiles:
        return profiles[name]
    if name.lower() in profiles:  # "UN" means "un"
        return profiles[name.lower()]
    hint = did_you_mean(name, profiles)
    where = f" or {folder / USER_PROFILES}" if folder is not None else ""
    raise ProfileError(
        f"unknown profile {name!r}.{hint} Known profiles: {', '.join(profiles)} "
        f"(from {BUILTIN_PROFILES.name}{where})."
    )


def _read(path: Path) -> dict[str, Profile]:
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        raise ProfileError(
            f"{path}: not valid TOML ({e}). Each profile is a [name] table."
        ) from None
    profiles = {}
    for name, table in data.items():
        if not isinstance(table, dict):
            raise ProfileError(f"{path}: {name!r} is not a table. Write it as [{name}].")
        profiles[name] = _profile(name, table, path)
    return profiles


def _profile(name: str, table: dict[str, Any], path: Path) -> Profile:
    where = f"{path} [{name}]"
    for key in table:
        if key not in _FIELDS:
            hint = did_you_mean(key, _FIELDS)
            raise ProfileError(
                f"{where}: unknown key {key!r}.{hint} Known keys: {', '.join(sorted(_FIELDS))}."
            )
    if "summary" not in table:
        raise ProfileError(f"{where}: no 'summary'. Add a line such as summary = \"My portal\".")
    _choice(table, "paper", tuple(PAPER_SIZES), where)
    _choice(table, "variant", VARIANTS, where)
    size = table.get("max_size_mb")
    if size is not None and (isinstance(size, bool) or not isinstance(size, int | float)):
        raise ProfileError(f"{where}: max_size_mb must be a number of megabytes, e.g. 10.")
    for key in ("embedded_files", "links"):
        if key in table and not isinstance(table[key], bool):
            raise ProfileError(f"{where}: {key} must be true or false, not {table[key]!r}.")
    return Profile(name=name, **table)


def _choice(table: dict[str, Any], key: str, allowed: tuple[str, ...], where: str) -> None:
    if key in table and table[key] not in allowed:
        raise ProfileError(
            f"{where}: {key} {table[key]!r} is not one of {', '.join(map(repr, allowed))}."
        )


@dataclass(frozen=True)
class Target:
    """Where the PDF is going: the profile, and the variant and paper it settles on."""

    profile: Profile | None
    variant: str | None
    paper: str

    @property
    def attach_csv(self) -> bool:
        """Embed the signatory list: PDF/A-3b, unless the profile forbids embedded files."""
        return self.variant == "pdf/a-3b" and (self.profile is None or self.profile.embedded_files)

    def page_css(self) -> str:
        """The @page rule for the paper size, bleed and printer's marks."""
        rules = [f"size: {PAPER_SIZES[self.paper]};"]
        if self.profile and self.profile.bleed:
            rules.append(f"bleed: {self.profile.bleed};")
        if self.profile and self.profile.marks:
            rules.append(f"marks: {self.profile.marks};")
        return f"@page {{ {' '.join(rules)} }}"


def resolve_target(letter: Letter, options: BuildOptions) -> Target:
    """Settle profile, variant and paper: the command line beats the profile, and the
    profile beats the front matter."""
    name = options.profile or letter.front.profile
    profile = get_profile(name, letter.folder) if name else None
    variant = options.variant or (profile and profile.variant) or letter.front.variant
    paper = options.paper or (profile and profile.paper) or letter.front.paper
    return Target(profile=profile, variant=variant, paper=paper)


#: The latest time a PDF date can hold (31 December 9999).
_LAST_EPOCH = 253_402_300_799


def source_date_epoch(date: dt.date) -> int:
    """``SOURCE_DATE_EPOCH`` if set, else the letter's date at midnight UTC."""
    env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if env.isdigit():
        if int(env) > _LAST_EPOCH:
            raise LetterError(
                f"SOURCE_DATE_EPOCH={shorten(env, 40)} is past the year 9999, which a PDF date "
                "cannot hold. Give seconds since 1970 (e.g. `date +%s`), or unset it to use "
                "the letter's date."
            )
        return int(env)
    return int(dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC).timestamp())
