"""How much of a signatory sheet is read, in every format, and the errors beyond it."""

from __future__ import annotations

from pathlib import Path

from ..base.errors import SignatoriesError

#: Limits for every sheet format: a sign-on export of 100,000 names is a few megabytes.
MAX_BYTES = 50_000_000
#: Rows read (a header and the signatories) and columns read.
MAX_ROWS = 100_000
MAX_COLUMNS = 200
#: Characters in one cell (the csv module's own limit).
MAX_CELL = 131_072


def too_big(path: Path, what: str) -> SignatoriesError:
    return SignatoriesError(
        f"{path}: {what}, more than a signatory list of {MAX_ROWS:,} names needs; it is not "
        "read. Export only the sheet of signatories (name, country, group) and try again."
    )


def not_a_table(path: Path, what: str) -> SignatoriesError:
    return SignatoriesError(
        f"{path}: this is {what}, not a table of signatories. Export the sheet as CSV "
        "(comma, semicolon or tab) or save it as .xlsx, and put that file here."
    )
