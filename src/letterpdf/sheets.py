"""Load the signatory spreadsheet export: find the file, decode it, map its columns."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from .errors import SignatoriesError
from .signatories import Signatory, normalise_text

#: Signatory file names looked for in a letter folder, in this order.
SIGNATORY_FILES = ("signatories.csv", "signatories.tsv")

#: Column -> header names that mean it (compared case- and space-insensitively).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": (
        "name",
        "organisation",
        "organization",
        "organisation name",
        "organization name",
        "org",
        "signatory",
        "nom",
        "nom de l'organisation",
        "organización",
        "organizacion",
        "nombre",
        "nombre de la organización",
    ),
    "country": ("country", "pays", "país", "pais", "land", "country/territory"),
    "group": ("group", "scope", "type", "category", "groupe", "grupo"),
    "individual": ("individual", "person", "individuel"),
    "title": ("title", "role", "affiliation"),
    "url": ("url", "website", "web", "site"),
    "note": ("note", "notes", "comment"),
    "logo": ("logo", "logo file", "image"),
}
_HEADER_INDEX = {alias: column for column, names in HEADER_ALIASES.items() for alias in names}
_TRUE = {"1", "yes", "y", "true", "x", "oui", "sí", "si"}


def find_signatory_file(folder: Path) -> Path | None:
    """The signatory list in a letter folder, or None."""
    return next((folder / n for n in SIGNATORY_FILES if (folder / n).is_file()), None)


@dataclass(frozen=True)
class LoadedSignatories:
    """The rows of a signatory file, and what was ignored while reading it."""

    entries: tuple[Signatory, ...]
    warnings: tuple[str, ...]


def load_signatories(path: Path) -> LoadedSignatories:
    """Read a signatory file into normalised Signatory rows (the file is never written)."""
    warnings: list[str] = []
    text = _decode(path, warnings)
    rows = _read_rows(text, path)
    if not rows:
        warnings.append(f"{path}: the file is empty, so the letter has no annex.")
        return LoadedSignatories((), tuple(warnings))
    header, *body = rows
    columns = _map_header(header[1], path, warnings)
    entries = []
    for line, row in body:
        cells = {col: normalise_text(row[i]) if i < len(row) else "" for col, i in columns.items()}
        if not any(cells.values()):
            continue  # a blank line in the export
        entries.append(
            Signatory(
                name=cells.get("name", ""),
                country=cells.get("country", ""),
                group=cells.get("group", ""),
                individual=cells.get("individual", "").casefold() in _TRUE,
                title=cells.get("title", ""),
                url=cells.get("url", ""),
                note=cells.get("note", ""),
                logo=cells.get("logo", ""),
                line=line,
            )
        )
    return LoadedSignatories(tuple(entries), tuple(warnings))


def _decode(path: Path, warnings: list[str]) -> str:
    data = path.read_bytes()
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SignatoriesError(
            f"{path}: this is not a text table (it holds binary data). "
            "Export the sheet as CSV (comma- or semicolon-separated) and save it here."
        )
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
                continue
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    warnings.append(
        f"{path}: not UTF-8; read as Windows-1252. Export as 'CSV UTF-8' to be sure of accents."
    )
    return data.decode("cp1252", errors="replace")


def _read_rows(text: str, path: Path) -> list[tuple[int, list[str]]]:
    # Only the delimiter is guessed, from the header line alone: names in the rows (a
    # quoted ";", say) can mislead the sniffer. Quoting is always the spreadsheet kind.
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    try:
        delimiter = csv.Sniffer().sniff(header, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = "\t" if path.suffix == ".tsv" else ","
    reader = csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter)
    rows = []
    try:
        for row in reader:
            rows.append((reader.line_num, row))
    except csv.Error as e:
        raise SignatoriesError(
            f"{path} line {reader.line_num}: {e}. Check the quotes on that line."
        ) from None
    return rows


def _map_header(cells: list[str], path: Path, warnings: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for i, cell in enumerate(cells):
        key = normalise_text(cell).casefold()
        column = _HEADER_INDEX.get(key)
        if column and column not in columns:
            columns[column] = i
        elif key:
            warnings.append(f"{path} line 1: column {cell!r} is not a known column; ignored.")
    if "name" not in columns:
        found = ", ".join(repr(c) for c in cells) or "nothing"
        raise SignatoriesError(
            f"{path} line 1: no name column (found {found}). "
            "Name the column of organisation names 'name' or 'Organisation'."
        )
    return columns


def signatories_csv(entries: tuple[Signatory, ...]) -> bytes:
    """The normalised list as UTF-8 CSV, one column per known field (read back the same)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER_ALIASES)
    for s in entries:
        cells = [getattr(s, column) for column in HEADER_ALIASES]
        writer.writerow(["yes" if c is True else "" if c is False else c for c in cells])
    return out.getvalue().encode("utf-8")
