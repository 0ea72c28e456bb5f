"""One finding type for every check: of a signatory list, of a letter's text, of a PDF."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    """One outcome of a check, where it is, and how bad."""

    #: "error" (fails the check), "warning" (worth a look) or "pass".
    severity: str
    #: What was checked: "duplicate", "unknown-country", "fonts", "pdf/a"...
    kind: str
    file: str
    #: Line in ``file`` (0 when the finding is about the whole file).
    line: int
    message: str
    #: The other line involved (the first of a duplicate pair), if any.
    other_line: int | None = None
    #: Similarity of a near-duplicate pair, 0-100.
    score: float | None = None

    @property
    def ok(self) -> bool:
        """False for an error."""
        return self.severity != "error"

    def text(self) -> str:
        """``signatories.csv line 7: message``, as the build's warnings read."""
        where = f"{self.file} line {self.line}" if self.line else self.file
        return f"{where}: {self.message}" if where else self.message

    def as_text(self) -> str:
        """``file:line: warning: message``, as compilers and editors print it."""
        return f"{self.file}:{self.line}: {self.severity}: {self.message}"


def verdict(kind: str, ok: bool, message: str, file: str = "") -> Finding:
    """A check of a whole file that passed or failed."""
    return Finding("pass" if ok else "error", kind, file, 0, message)


_PLACE = re.compile(r"(?P<file>[^:\n]+?)(?: line (?P<line>\d+))?: ")


def message_place(message: str) -> tuple[str, int]:
    """Where a message is about, from its start: ("…/signatories.csv", 7) for
    "…/signatories.csv line 7: …"; line 0 for a whole file. To sort messages by it."""
    match = _PLACE.match(message)
    return (match["file"], int(match["line"] or 0)) if match else ("", 0)
