"""Destination profiles: what a UN portal, a court or an archive wants from the PDF, and
what a channel that takes Word only (an HRC statement, a UPR submission) wants from it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..base.errors import LetterError, OutputError, ProfileError, did_you_mean
from ..base.files import inside, shorten
from ..base.options import (
    FORMATS,
    PAPER_SIZES,
    STATUSES,
    VARIANTS,
    BuildOptions,
    accessible,
    pdfa_part,
    tagged,
)
from ..base.resources import STYLES_DIR
from ..source.letter import Letter
from ..source.sheets import PRINTED_COLUMNS, format_signatories_csv
from ..source.signatories import Group
from ..typeset.pdf import PdfAttachment, PdfOutput
from .assemble import PdfMetadata

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

    # Word documents (--format docx); see README "Word for the channels that refuse PDF".
    #: What ``letterpdf build`` writes when --format is not given: "pdf" or "docx".
    format: str = "pdf"
    #: The font named for every script, its size and the size of notes, in points.
    font: str = "Times New Roman"
    font_size: float = 11
    note_size: float = 9
    #: Justify the text.
    justify: bool = False
    #: Number the text's paragraphs: 1., 2., ...
    numbered_paragraphs: bool = False
    #: Markdown notes ([^1]) as "footnotes" or "endnotes".
    notes: str = "footnotes"
    #: A line above everything else; {signed_by} and {title} are filled in.
    heading: str = ""
    #: Where the signatory list goes: "annex" (a section at the end) or "start".
    signatories: str = "annex"
    #: "group": the list's groups, as the PDF prints them; "status": HRC co-sponsors by
    #: ECOSOC status (general, special, roster), the others in a footnote to the title.
    group_by: str = "group"
    #: Columns of the signatory list.
    columns: int = 3
    #: The letter's address, date, salutation and closing (false for a statement).
    letter_form: bool = True
    #: The most words the text and its notes may have: a number, or one per submitter's
    #: status ({general = 2000, special = 1500, roster = 1500}), or for a submission by
    #: one organisation and a joint one ({single = 2815, joint = 5630}).
    word_limit: int | dict[str, int] | None = None
    #: Above the limit: "error" (nothing is written, exit 1) or "warning".
    over_limit: str = "error"


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
    for key in ("embedded_files", "links", "justify", "numbered_paragraphs", "letter_form"):
        if key in table and not isinstance(table[key], bool):
            raise ProfileError(f"{where}: {key} must be true or false, not {table[key]!r}.")
    _choice(table, "format", FORMATS, where)
    _choice(table, "notes", ("footnotes", "endnotes"), where)
    _choice(table, "signatories", ("annex", "start"), where)
    _choice(table, "group_by", ("group", "status"), where)
    _choice(table, "over_limit", ("error", "warning"), where)
    for key in ("font_size", "note_size", "columns"):
        value = table.get(key, 1)
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise ProfileError(f"{where}: {key} must be a positive number, not {value!r}.")
    for key in ("font", "heading"):
        if key in table and not isinstance(table[key], str):
            raise ProfileError(f"{where}: {key} must be text in quotes, not {table[key]!r}.")
    _word_limit(table.get("word_limit"), where)
    return Profile(name=name, **table)


def _word_limit(limit: object, where: str) -> None:
    if limit is None or (isinstance(limit, int) and not isinstance(limit, bool) and limit > 0):
        return
    if isinstance(limit, dict) and limit:
        keys = set(limit)
        numbers = all(isinstance(v, int) and not isinstance(v, bool) for v in limit.values())
        if numbers and (keys <= set(STATUSES) or keys <= {"single", "joint"}):
            return
    raise ProfileError(
        f"{where}: word_limit must be a number of words (word_limit = 3000), or one per "
        "status (word_limit = {general = 2000, special = 1500, roster = 1500}), or for one "
        "organisation and a joint submission (word_limit = {single = 2815, joint = 5630})."
    )


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
    #: Why the variant is not the profile's (scanned pages cannot be tagged), or "".
    note: str = ""

    @property
    def attach_csv(self) -> bool:
        """Embed the signatory list: PDF/A-3, unless the profile forbids embedded files."""
        allowed = self.profile is None or self.profile.embedded_files
        return pdfa_part(self.variant) == "3" and allowed

    @property
    def bleed_mm(self) -> float:
        """The bleed the print shop trims off, in millimetres (0 for none)."""
        bleed = self.profile.bleed if self.profile else None
        if not bleed:
            return 0.0
        number = float(re.sub(r"[a-z]+$", "", bleed.strip()))
        return number * {"mm": 1, "cm": 10, "pt": 25.4 / 72, "in": 25.4}.get(
            re.sub(r"^[0-9.]+", "", bleed.strip()) or "mm", 1
        )

    def pdf_output(self, groups: tuple[Group, ...]) -> PdfOutput:
        """The variant, and for PDF/A-3 the list as an attachment: exactly what the annex
        prints, since a sign-on export's private columns (e-mails and phone numbers in
        url and note) must never leave in the PDF."""
        if not self.attach_csv:
            return PdfOutput(self.variant)
        entries = tuple(s for g in groups for s in g.members)
        data = format_signatories_csv(entries, columns=PRINTED_COLUMNS)
        csv = PdfAttachment("signatories.csv", data, "Data", "The signatories, as printed")
        return PdfOutput(self.variant, (csv,))

    def metadata(self, letter: Letter, epoch: int) -> PdfMetadata:
        """The document information and the identifications the file claims."""
        front = letter.front
        return PdfMetadata(
            title=front.title,
            author=front.signed_by,
            subject=front.subject,
            lang=front.lang,
            epoch=epoch,
            accessible=accessible(self.variant),
            pdfx="PDF/X-4" if self.variant == "pdf/x-4" else "",
            bleed=self.bleed_mm * 72 / 25.4,
            output_condition=PRINT_CONDITION if self.variant == "pdf/x-4" else ("", ""),
        )

    def page_css(self) -> str:
        """The @page rule for the paper size, bleed and printer's marks. With marks, the
        sheet holds a slug beyond the bleed, for the marks to stand outside it (the
        PDF's BleedBox is then set to the bleed alone, see assemble.py)."""
        rules = [f"size: {PAPER_SIZES[self.paper]};"]
        marks = self.profile.marks if self.profile else None
        if self.bleed_mm:
            rules.append(f"bleed: {self.bleed_mm + (SLUG_MM if marks else 0):g}mm;")
        if marks:
            rules.append(f"marks: {marks};")
        css = f"@page {{ {' '.join(rules)} }}"
        if self.variant == "pdf/x-4":
            css += (
                f'\n@color-profile device-cmyk {{ src: url("{PRINT_PROFILE.as_uri()}"); '
                "components: c, m, y, k; }"
            )
        return css


def resolve_target(letter: Letter, options: BuildOptions) -> Target:
    """Settle profile, variant and paper: the command line beats the profile, and the
    profile beats the front matter."""
    name = options.profile or letter.front.profile
    profile = get_profile(name, letter.folder) if name else None
    variant = options.variant or (profile and profile.variant) or letter.front.variant
    paper = options.paper or (profile and profile.paper) or letter.front.paper
    note = ""
    if letter.scans and tagged(variant) and not options.variant and pdfa_part(variant):
        # Scanned pages are images, which cannot be tagged: the file stays archival.
        plain = f"pdf/a-{pdfa_part(variant)}b"
        note = (
            f"{letter.folder / 'annex'}: scanned pages cannot be tagged, so this PDF is "
            f"{plain.upper()}, not {str(variant).upper()}. For an accessible file, send the "
            "scans as a file of their own."
        )
        variant = plain
    return Target(profile=profile, variant=variant, paper=paper, note=note)


def resolve_formats(options: BuildOptions, profile: str | None, folder: Path) -> tuple[str, ...]:
    """What to write: ``--format``; else a .docx ``-o``; else the profile's format (the
    command line's profile, then the front matter's); else a PDF."""
    if options.formats:
        for fmt in options.formats:
            if fmt.strip() not in FORMATS:
                raise OutputError(
                    f"--format {fmt!r} is not a format: letterpdf writes {', '.join(FORMATS)} "
                    "(--format pdf,docx writes both)."
                )
        return tuple(f for f in FORMATS if f in {f.strip() for f in options.formats})
    if options.output is not None and options.output.suffix.lower() == ".docx":
        return ("docx",)
    name = options.profile or profile
    return (get_profile(name, folder).format,) if name else ("pdf",)


#: Beyond the bleed, where the printer's marks stand (millimetres).
SLUG_MM = 9.0
#: The CMYK output intent of a PDF/X-4 file (FOGRA39: offset, coated paper).
PRINT_PROFILE = STYLES_DIR / "icc" / "FOGRA39L.icc"
#: Its printing condition, as the ICC characterization registry names it.
PRINT_CONDITION = ("FOGRA39", "Offset printing, coated paper (ISO 12647-2:2004, FOGRA39)")

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
