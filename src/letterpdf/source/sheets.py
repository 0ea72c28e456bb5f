"""Load the signatory spreadsheet export: find the file, decode it, map its columns.

Reads CSV/TSV (UTF-8 with or without BOM, UTF-16 as Excel writes it, Windows-1252 with
a warning; comma, semicolon or tab) and .xlsx workbooks. The file is only ever read.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from ..base.errors import SignatoriesError, did_you_mean
from ..base.text import BIDI_CONTROLS, BIDI_MARKS, control_characters, describe
from .limits import MAX_BYTES, MAX_ROWS, not_a_table, too_big
from .signatories import Signatory, normalise_text
from .workbook import read_workbook

#: Signatory file names looked for in a letter folder, in this order.
SIGNATORY_FILES = ("signatories.csv", "signatories.tsv", "signatories.txt", "signatories.xlsx")

#: Column -> header names that mean it (compared with case, accents and punctuation folded).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": (
        "name", "names", "organisation", "organization", "organisations", "organizations",
        "organisation name", "organization name", "name of organisation",
        "name of organization", "org", "org name", "signatory", "signatories",
        "endorser", "endorsing organisation", "endorsing organization", "full name",
        "nom", "nom de l'organisation", "organisme", "structure", "signataire",
        "organización", "nombre", "nombre de la organización", "entidad",
        "organização", "nome", "nome da organização", "organisatie", "naam",
        "organisation (name)", "organizzazione", "nome dell'organizzazione",
    ),
    "country": (
        "country", "countries", "country/territory", "country or territory", "nation",
        "pays", "país", "pais", "land", "paese", "staat",
    ),
    "group": (
        "group", "scope", "type", "category", "level", "type of organisation",
        "type of organization", "groupe", "catégorie", "grupo", "categoría", "tipo",
        "gruppe", "kategorie",
    ),
    "individual": (
        "individual", "person", "individuel", "individual signatory", "individual or organisation",
        "individuo", "persona", "pessoa",
    ),
    "title": (
        "title", "role", "position", "affiliation", "role and affiliation", "fonction",
        "titre", "cargo", "función", "rolle",
    ),
    "url": ("url", "website", "web", "site", "web site", "site web", "sitio web", "homepage"),
    "note": ("note", "notes", "comment", "comments", "remarque", "nota", "observaciones"),
    "logo": ("logo", "logo file", "image"),
    "status": (
        "status", "consultative status", "ecosoc status", "ecosoc", "ecosoc consultative status",
        "statut", "statut consultatif", "estatus", "estatus consultivo", "status consultivo",
    ),
}  # fmt: skip

_TRUE = {"1", "yes", "y", "true", "x", "oui", "sí", "si", "sim", "ja", "individual", "person"}
_NOT_WORD = re.compile(r"[^\w]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _header_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", bare.casefold()).split())


_HEADER_INDEX = {
    _header_key(alias): column for column, names in HEADER_ALIASES.items() for alias in names
}
COLUMNS = tuple(HEADER_ALIASES)


def find_signatory_file(folder: Path) -> Path | None:
    """The signatory list in a letter folder, or None. A folder where the file should be
    is an error (a zip unpacked into the wrong place), not "no signatories"."""
    for name in SIGNATORY_FILES:
        path = folder / name
        if path.is_dir():
            raise SignatoriesError(
                f"{path}: is a folder, not a signatory list. Put the exported sheet there as a "
                "file (or remove the folder if the letter has no signatories)."
            )
        if path.is_file():
            return path
    return None


@dataclass(frozen=True)
class LoadedSignatories:
    """The rows of a signatory file, and what was ignored while reading it."""

    entries: tuple[Signatory, ...]
    warnings: tuple[str, ...]


def load_signatories(path: Path, columns: Mapping[str, str] | None = None) -> LoadedSignatories:
    """Read a signatory file into Signatory rows, text normalised (the file is never written).

    ``columns`` maps a column (``name``, ``country``...) to the header that holds it, for
    headers no alias covers (front matter ``columns``).
    """
    warnings: list[str] = []
    try:
        if path.stat().st_size > MAX_BYTES:
            raise too_big(path, f"is {path.stat().st_size / 1e6:.0f} MB")
        data = path.read_bytes()
    except OSError as e:
        raise SignatoriesError(
            f"{path}: cannot be read ({e.strerror}). Check that you may read it (and close "
            "it if another program holds it open), or export the sheet again."
        ) from None
    rows = read_workbook(data, path, warnings) if data[:4] == b"PK\x03\x04" else None
    if rows is None:
        text = _decode(data, path, warnings)
        rows = _read_csv(text, path)
    rows = [(line, row) for line, row in rows if any(c.strip() for c in row)]
    if len(rows) > MAX_ROWS:
        raise too_big(path, f"has {len(rows):,} rows (at most {MAX_ROWS:,} are read)")
    if not rows:
        raise SignatoriesError(
            f"{path}: no rows. Export the sheet again with a header line such as "
            "'name,country,group' and one signatory per line."
        )
    start = _header_row(rows, columns or {})
    for line, _ in rows[:start]:
        warnings.append(
            f"{path} line {line}: taken for a title above the header "
            f"(line {rows[start][0]}); skipped."
        )
    (header_line, header), *body = rows[start:]
    mapping = _map_header(header, header_line, path, columns or {}, warnings)
    entries = []
    for line, row in body:
        raw = {col: _unmarked(row[i]) if i < len(row) else "" for col, i in mapping.items()}
        warnings += _control_warnings(raw, path, line)
        cells = {col: normalise_text(value) for col, value in raw.items()}
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
                status=_status(cells.get("status", ""), path, line, warnings),
                line=line,
            )
        )
    return LoadedSignatories(tuple(entries), tuple(warnings))


#: How a sheet writes each ECOSOC status (folded); none and blank mean no status.
_STATUS_WORDS = {
    "general": ("general", "general consultative status", "général", "generale", "gen"),
    "special": ("special", "special consultative status", "spécial", "especial", "spe"),
    "roster": ("roster", "liste", "lista", "ros"),
    "": ("", "none", "no", "non", "-", "n/a", "na", "aucun", "ninguno", "sin estatus"),
}
_STATUS_INDEX = {_header_key(w): status for status, words in _STATUS_WORDS.items() for w in words}


def _status(value: str, path: Path, line: int, warnings: list[str]) -> str:
    """``general``, ``special``, ``roster``, or "" (no consultative status)."""
    key = _header_key(value)
    if key in _STATUS_INDEX:
        return _STATUS_INDEX[key]
    hint = did_you_mean(key, ("general", "special", "roster", "none"))
    warnings.append(
        f"{path} line {line}: status {value!r} is not General, Special, Roster or none; "
        f"read as none (no consultative status).{hint}"
    )
    return ""


#: Columns printed in the annex: whose invisible characters are reported, and all a
#: PDF/A-3 file's attached list holds.
PRINTED_COLUMNS = ("name", "country", "group", "title")
_CONTROL_WHY = {
    True: "{char}, which would {harm}; left out of the printed text",
    False: "{char}, an invisible {what}; kept. Delete it in the sheet if it is a stray",
}


def _control_warnings(cells: Mapping[str, str], path: Path, line: int) -> list[str]:
    """One warning per bidi control or invisible character in a printed cell."""
    found = []
    for column in PRINTED_COLUMNS:
        value = cells.get(column, "")
        for char, dropped in control_characters(value) if not value.isascii() else ():
            harm = (
                "print part of it reversed or out of order"
                if char in BIDI_CONTROLS
                else "split it for search and copying"
            )
            what = (
                "direction mark" if char in BIDI_MARKS else "joiner outside a script that uses it"
            )
            reason = _CONTROL_WHY[dropped].format(char=describe(char), harm=harm, what=what)
            found.append(f"{path} line {line}: {column} {_shown(value)} has {reason}.")
    return found


def _shown(value: str) -> str:
    """A cell in a message: quoted, escapes visible, cut at 80 characters."""
    text = value if len(value) <= 80 else value[:77] + "..."
    return repr(text)


def _header_row(rows: Sequence[tuple[int, list[str]]], explicit: Mapping[str, str]) -> int:
    """Index of the header: of the first rows, the one naming the most known columns.

    Exports often carry a title (a merged cell) or a two-row header above the real one.
    """
    known = set(_HEADER_INDEX) | {_header_key(h) for h in explicit.values()}
    scores = [sum(_header_key(c) in known for c in row) for _, row in rows[:5]]
    return scores.index(max(scores))


def _decode(data: bytes, path: Path, warnings: list[str]) -> str:
    """UTF-8 (BOM or not), UTF-16 (BOM, or Excel's without), else Windows-1252 with a warning."""
    if not data.strip():
        raise SignatoriesError(
            f"{path}: the file is empty. Export the sheet again with a header line "
            "such as 'name,country,group' and one signatory per line."
        )
    if data.startswith(b"%PDF"):
        raise not_a_table(path, "a PDF")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise not_a_table(path, "an old Excel (.xls) or Word file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _checked(data.decode("utf-16", errors="replace"), path)
    head = data[:200]
    if len(head) >= 4 and head[1::2].count(0) > len(head) // 4 and not head[0::2].count(0):
        return _checked(data.decode("utf-16-le", errors="replace"), path)
    if len(head) >= 4 and head[0::2].count(0) > len(head) // 4 and not head[1::2].count(0):
        return _checked(data.decode("utf-16-be", errors="replace"), path)
    if b"\x00" in data[:4096]:
        raise not_a_table(path, "binary data")
    try:
        return _checked(data.decode("utf-8-sig"), path)
    except UnicodeDecodeError:
        pass
    lines = data.removeprefix(b"\xef\xbb\xbf").split(b"\n")
    bad = [n for n, line in enumerate(lines, 1) if not _is_utf8(line)]
    utf8 = [n for n, line in enumerate(lines, 1) if not line.isascii() and _is_utf8(line)]
    if not utf8:
        warnings.append(
            f"{path}: not UTF-8; read as Windows-1252. Check the accents in the PDF, "
            "or export as 'CSV UTF-8' to be sure."
        )
        return _checked(data.decode("cp1252", errors="replace"), path)
    # Mostly UTF-8, with lines pasted in from another program: each line as it is written.
    for number in bad:
        warnings.append(
            f"{path} line {number}: not UTF-8 like the rest of the file; read as "
            "Windows-1252. Check its accents in the PDF, and save the file as UTF-8."
        )
    return _checked(
        "\n".join(
            line.decode("utf-8") if _is_utf8(line) else line.decode("cp1252", errors="replace")
            for line in lines
        ),
        path,
    )


def _unmarked(cell: str) -> str:
    """A cell without the ``'`` that keeps a spreadsheet from running it as a formula."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA) else cell


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _checked(text: str, path: Path) -> str:
    if len(_CONTROL.findall(text[:4096])) > 2:
        raise not_a_table(path, "binary data")
    return text


def _delimiter(text: str, path: Path) -> str:
    """The separator the header line uses most: comma, semicolon or tab."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    first = re.sub(r'"[^"]*"', "", first)  # separators inside quoted headers do not count
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    if counts[best]:
        return best
    return "\t" if path.suffix.lower() == ".tsv" else ","


def _read_csv(text: str, path: Path) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text, path))
    rows = []
    start = 1
    try:
        for row in reader:
            rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as e:
        raise SignatoriesError(
            f"{path} line {start}: {e}. Check the quotes on that line."
        ) from None
    if rows and any("\n" in cell for cell in rows[-1][1]) and _unclosed_quote(text, reader):
        raise SignatoriesError(
            f'{path} line {rows[-1][0]}: a quote (") opens a cell and is never closed, so every '
            "line after it would be read as one name. Add the closing quote, or delete the "
            "stray one."
        )
    return rows


def _unclosed_quote(text: str, reader: Any) -> bool:
    """Whether the file ends inside a quoted cell (the lenient reader hides it)."""
    strict = csv.reader(io.StringIO(text, newline=""), dialect=reader.dialect, strict=True)
    try:
        for _ in strict:
            pass
    except csv.Error as e:
        return "end of data" in str(e)
    return False


def _map_header(
    cells: Sequence[str],
    line: int,
    path: Path,
    explicit: Mapping[str, str],
    warnings: list[str],
) -> dict[str, int]:
    keys = [_header_key(c) for c in cells]
    columns: dict[str, int] = {}
    for column, header in explicit.items():
        if _header_key(header) not in keys:
            found = ", ".join(repr(c) for c in cells)
            raise SignatoriesError(
                f"{path} line {line}: no column {header!r} for {column!r} (front matter "
                f"'columns'); the header has {found}. Write the header exactly as in the sheet."
            )
        columns[column] = keys.index(_header_key(header))
    for i, (cell, key) in enumerate(zip(cells, keys, strict=True)):
        if i in columns.values():
            continue
        known = _HEADER_INDEX.get(key)
        if known and known not in columns:
            columns[known] = i
        elif key:
            warnings.append(f"{path} line {line}: column {cell!r} is not a known column; ignored.")
    if "name" not in columns:
        found = ", ".join(repr(c) for c in cells) or "nothing"
        raise SignatoriesError(
            f"{path} line {line}: no name column (found {found}). Name the column of "
            "organisation names 'name' or 'Organisation', or map it in the front matter: "
            "columns: {name: 'Your header'}."
        )
    return columns


def format_signatories_csv(entries: Iterable[Signatory], columns: Sequence[str] = COLUMNS) -> bytes:
    """The list as UTF-8 CSV with the standard header (the build's record of what it
    printed, the PDF/A-3 attachment). A cell a spreadsheet would take for a formula
    (``=``, ``+``, ``-``, ``@``, tab, CR first) starts with ``'``, as OWASP advises;
    :func:`load_signatories` reads it back without the mark. The ``status`` column is
    there only where the list has one."""
    entries = tuple(entries)
    with_status = any(e.status for e in entries)
    names = [
        f.name
        for f in fields(Signatory)
        if f.name in columns and (f.name != "status" or with_status)
    ]
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    for entry in entries:
        writer.writerow(
            [_inert("yes" if entry.individual else "") if n == "individual"
             else _inert(getattr(entry, n)) for n in names]
        )  # fmt: skip
    return out.getvalue().encode("utf-8")


#: What makes a spreadsheet read a cell as a formula.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _inert(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA) else cell
