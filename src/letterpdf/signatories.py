"""Signatories as data: normalising, grouping and sorting. Pure: no files, no rendering."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Signatory:
    """One row of the signatory list, normalised."""

    name: str
    country: str = ""
    group: str = ""
    individual: bool = False
    title: str = ""
    url: str = ""
    note: str = ""
    #: Logo image file, relative to the letter folder ("" for none).
    logo: str = ""
    #: Line in the source file, for messages (0 when not from a file).
    line: int = 0


@dataclass(frozen=True)
class Group:
    """A heading of the annex and the signatories under it, in print order."""

    title: str
    members: tuple[Signatory, ...]


_SPACE = re.compile(r"\s+")


def normalise_text(value: str) -> str:
    """NFC, whitespace collapsed and trimmed; the meaning is never changed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", value)).strip()


def group_signatories(entries: tuple[Signatory, ...]) -> tuple[Group, ...]:
    """Group entries by their ``group``, groups and members in source order."""
    groups: dict[str, list[Signatory]] = {}
    for entry in entries:
        groups.setdefault(entry.group, []).append(entry)
    return tuple(Group(title, tuple(members)) for title, members in groups.items())


def count_countries(entries: tuple[Signatory, ...]) -> int:
    """How many distinct countries the list names."""
    return len({e.country.casefold() for e in entries if e.country})
