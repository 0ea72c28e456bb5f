"""Read the first sheet of an .xlsx workbook, within the limits every sheet format has."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from ..base.errors import SignatoriesError
from .limits import MAX_BYTES, MAX_CELL, MAX_COLUMNS, MAX_ROWS, not_a_table, too_big


def read_workbook(
    data: bytes, path: Path, warnings: list[str]
) -> list[tuple[int, list[str]]] | None:
    """Rows of the first sheet of an .xlsx workbook (line = spreadsheet row number)."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise not_a_table(path, "a damaged ZIP or Excel file") from None
    if "xl/workbook.xml" not in names:
        what = "an OpenDocument (.ods) file" if "content.xml" in names else "a ZIP archive"
        raise not_a_table(path, what)
    _check_unpacked_size(data, path)
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many types for a damaged workbook
        raise SignatoriesError(
            f"{path}: the workbook cannot be read ({e}). Open it in Excel and save it again, "
            "or export it as CSV."
        ) from None
    try:
        sheet = book.worksheets[0]
        if len(book.worksheets) > 1:
            warnings.append(
                f"{path}: only the first sheet ({sheet.title!r}) is read; "
                f"the other {len(book.worksheets) - 1} are ignored."
            )
        rows = []
        for number, values in enumerate(
            sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1
        ):
            if number > MAX_ROWS:
                raise too_big(path, f"has more than {MAX_ROWS:,} rows")
            cells = [_cell_text(v) for v in values]
            if any(len(c) > MAX_CELL for c in cells):
                raise SignatoriesError(
                    f"{path} line {number}: a cell holds more than {MAX_CELL:,} characters; "
                    "it is not a name. Check that row in the sheet."
                )
            rows.append((number, cells))
        return rows
    finally:
        book.close()


def _check_unpacked_size(data: bytes, path: Path) -> None:
    """Refuse a workbook that unpacks to more than MAX_BYTES (a "zip bomb": 7 KB that
    would make a 173-page annex, or 300 KB that would take 5.8 GB), measured by
    unpacking, not by the sizes the archive claims."""
    import zipfile

    total = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            with archive.open(info) as member:
                while chunk := member.read(1 << 20):
                    total += len(chunk)
                    if total > MAX_BYTES:
                        raise too_big(path, f"unpacks to more than {MAX_BYTES / 1e6:.0f} MB")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    return str(value)
