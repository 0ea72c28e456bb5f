"""Check a signatory list for what embarrasses a coalition: doubles, typos, stray cells.

:func:`check_signatories` is pure (entries in, findings out); :func:`check_path` loads a
file or a letter folder first. Errors are what would print wrong (a doubled or nameless
row); warnings are what deserves a look (a near-duplicate, an unknown country).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..base.errors import SignatoriesError
from ..base.files import inside, outside_message
from ..base.findings import Finding
from .countries import suggest_country
from .frontmatter import read_front_matter
from .sheets import find_signatory_file, load_signatories
from .signatories import (
    Signatory,
    SignatoryDiff,
    dedupe_signatories,
    diff_signatories,
    loose_key,
    name_key,
    normalise_signatories,
)

#: Names at least this similar (rapidfuzz ratio, 0-100, after folding) are near-duplicates.
NEAR_DUPLICATE_SCORE = 90.0
#: A name longer than this is probably two names, a name with its address, or a typo.
LONG_NAME = 120


@dataclass(frozen=True)
class CheckReport:
    """All findings for one signatory file."""

    file: Path
    entries: int
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (``--format json``)."""
        return {
            "file": str(self.file),
            "entries": self.entries,
            "errors": self.errors,
            "warnings": self.warnings,
            "findings": [asdict(f) for f in self.findings],
        }


@dataclass(frozen=True)
class Review:
    """A signatory list as the build prints it, and every finding about it."""

    file: Path
    #: The entries printed: normalised; nameless and repeated rows left out.
    entries: tuple[Signatory, ...]
    findings: tuple[Finding, ...]


def review_signatories(rows: Sequence[Signatory], file: Path, lang: str) -> Review:
    """Normalise the rows, leave out nameless and repeated ones, and report what the
    build and ``signatories check`` both report (an organisation in two groups, odd
    names, unknown countries...): one list of findings, the same in both."""
    where = str(file)
    findings: list[Finding] = []
    if not rows:
        findings.append(
            Finding("warning", "empty-list", where, 0, "a header but no signatories; no annex.")
        )
    named = []
    for entry in normalise_signatories(rows, lang):
        if entry.name:
            named.append(entry)
        else:
            message = "no name; the row is left out. Fill in the name or delete the row."
            findings.append(Finding("warning", "empty-name", where, entry.line, message))
    kept, dropped = dedupe_signatories(named)
    for repeat, first in dropped:
        findings.append(
            Finding(
                "warning",
                "duplicate",
                where,
                repeat.line,
                f"{repeat.name!r} repeats line {first.line}; printed once. "
                "Delete one of the two rows.",
                other_line=first.line,
            )
        )
    said: set[str] = set()  # an unknown country is reported once, at its first line
    for finding in check_signatories(kept, where, near_duplicates=False):
        if finding.message not in said:
            said.add(finding.message)
            findings.append(finding)
    return Review(file, kept, tuple(sorted(findings, key=lambda f: (f.line, f.kind))))


def load_list(path: Path) -> tuple[Review, tuple[str, ...]]:
    """A signatory file, or the one in a letter folder, reviewed; and what loading it
    ignored. A letter folder's front matter is honoured (its ``columns`` and ``lang``)."""
    front = read_front_matter(path) if path.is_dir() else None
    file = find_signatory_file(path) if path.is_dir() else path
    if file is None:
        raise SignatoriesError(
            f"{path}: no signatory list here. Put the list in {path / 'signatories.csv'} "
            "(or .tsv, .xlsx), or give the file itself."
        )
    if not file.is_file():
        raise SignatoriesError(f"{file}: no such file. Give a .csv, .tsv or .xlsx file.")
    if path.is_dir() and not inside(file, path):
        raise SignatoriesError(outside_message(file, file.name))
    loaded = load_signatories(file, front.columns if front else None)
    review = review_signatories(loaded.entries, file, front.lang if front else "en")
    return review, loaded.warnings


def check_path(path: Path, *, every_pair: bool = False) -> CheckReport:
    """Check a signatory file, or the one in a letter folder: what the build reports,
    and near-duplicates (a judgement call the build leaves to this check), one finding
    per cluster of them, or with ``every_pair`` one per pair."""
    review, warnings = load_list(path)
    file = str(review.file)
    loading = tuple(
        Finding("warning", "loading", file, _line_of(w), w.split(": ", 1)[-1]) for w in warnings
    )
    distinct = list({name_key(e.name): e for e in reversed(review.entries)}.values())[::-1]
    near = tuple(_near_duplicates(distinct, file, every_pair=every_pair))
    findings = sorted((*loading, *review.findings, *near), key=lambda f: (f.line, f.kind))
    return CheckReport(review.file, len(review.entries), tuple(findings))


def diff_paths(old: Path, new: Path) -> SignatoryDiff:
    """What changed from one list (file or letter folder) to another."""
    return diff_signatories(load_list(old)[0].entries, load_list(new)[0].entries)


def _line_of(message: str) -> int:
    match = re.search(r" line (\d+):", message)
    return int(match.group(1)) if match else 0


def check_signatories(
    entries: Sequence[Signatory], file: str, *, near_duplicates: bool = True
) -> tuple[Finding, ...]:
    """Every finding for the list, in line order; ``near_duplicates=False`` skips the
    slowest check (a judgement call, which the build does not report)."""
    findings: list[Finding] = []
    by_key: dict[str, list[Signatory]] = defaultdict(list)
    for entry in entries:
        if not entry.name:
            findings.append(
                Finding("warning", "empty-name", file, entry.line, "no name; fill it in or delete")
            )
            continue
        by_key[name_key(entry.name)].append(entry)
        findings.extend(_cell_findings(entry, file))
    for same in by_key.values():
        findings.extend(_duplicate_findings(same, file))
    if near_duplicates:
        findings.extend(_near_duplicates([s[0] for s in by_key.values()], file))
    findings.extend(_truncated(entries, file))
    return tuple(sorted(findings, key=lambda f: (f.line, f.kind)))


_WORD = re.compile(r"\w+")


def _truncated(entries: Sequence[Signatory], file: str) -> list[Finding]:
    """Names cut short by a form's field limit: "The United Methodist Church - General
    Board of Chu". The last word starts a longer word of the same name and is a word of
    no other name (so "... - South Africa" beside "African" is not taken for one)."""
    named = [(entry, _WORD.findall(entry.name)) for entry in entries]
    vocabulary = Counter(w for _, words in named for w in {w.casefold() for w in words})
    found = []
    for entry, words in named:
        if len(words) < 2 or not entry.name[-1:].isalnum():
            continue
        last = words[-1].casefold()
        if vocabulary[last] != 1:
            continue
        longer = [w for w in words[:-1] if len(w) > len(last) and w.casefold().startswith(last)]
        if longer:
            found.append(
                Finding(
                    "warning",
                    "truncated",
                    file,
                    entry.line,
                    f"{entry.name!r} may be cut short: {words[-1]!r} looks like the start of "
                    f"{longer[0]!r}. Check the name in the sign-on form.",
                )
            )
    return found


def _cell_findings(entry: Signatory, file: str) -> list[Finding]:
    found = []
    if len(entry.name) > LONG_NAME:
        found.append(
            Finding(
                "warning",
                "long-name",
                file,
                entry.line,
                f"name is {len(entry.name)} characters long: {entry.name[:60]!r}...; "
                "check it is one name and not cut short or merged with another.",
            )
        )
    parts = _several(entry.name)
    if parts:
        found.append(
            Finding(
                "warning",
                "several-names",
                file,
                entry.line,
                f"{entry.name!r} looks like {len(parts)} organisations in one cell "
                f"({', '.join(map(repr, parts))}); give each its own row if so.",
            )
        )
    if entry.country and not entry.country_code:
        hint = suggest_country(entry.country)
        found.append(
            Finding(
                "warning",
                "unknown-country",
                file,
                entry.line,
                f"country {entry.country!r} not recognised; printed as written."
                + (f" Did you mean {hint!r}?" if hint else ""),
            )
        )
    return found


_OUTSIDE_BRACKETS = re.compile(r"\([^()]*\)|\[[^\]]*\]")
_ACRONYM = re.compile(r"^[A-Z0-9&.\-+]{2,}$")


def _several(name: str) -> list[str]:
    """The parts of a cell that holds several names, or [] for one name.

    A semicolon, a line break or " | " always splits; commas split only when at least
    three parts are left and two of them are acronyms ("X Council, PIANGO, FELA"),
    because one name often holds commas ("Union of Food, Agricultural, Hotel... Workers").
    """
    flat = _OUTSIDE_BRACKETS.sub("", name)
    for separator in (";", "\n", " | "):
        if separator in flat:
            return [p.strip() for p in name.split(separator) if p.strip()]
    parts = [p.strip() for p in flat.split(",") if p.strip()]
    acronyms = sum(1 for p in parts if _ACRONYM.match(p))
    if len(parts) >= 3 and acronyms >= 2:
        return [p.strip() for p in name.split(",") if p.strip()]
    return []


def _duplicate_findings(same: list[Signatory], file: str) -> list[Finding]:
    first, *rest = same
    found = []
    for entry in rest:
        if entry.group.casefold() != first.group.casefold():
            kind = "two-groups"
            message = (
                f"{entry.name!r} is in group {entry.group!r} and, on line {first.line}, in "
                f"{first.group!r}; it would be printed twice. Keep the row in one group."
            )
        else:
            kind = "duplicate"
            message = (
                f"{entry.name!r} repeats line {first.line}"
                + ("" if entry.name == first.name else f" ({first.name!r})")
                + "; delete one of the two rows."
            )
        found.append(Finding("warning", kind, file, entry.line, message, other_line=first.line))
    return found


def _near_duplicates(
    entries: Sequence[Signatory], file: str, *, every_pair: bool = False
) -> list[Finding]:
    """Names at least NEAR_DUPLICATE_SCORE similar, one finding per cluster of them (a
    pair, or many names that differ in a number), or with ``every_pair`` one per pair.

    Comparing every pair is quadratic (10,000 names: 50 million comparisons). Names are
    sorted twice, by their folded text and by that text reversed, and each is compared
    with its _WINDOW neighbours in both orders: near-duplicates share a beginning or an
    end (a typo, a missing "The", an added acronym), and that finds every near-duplicate
    pair of the four real lists in tests/fixtures, in time that grows with the list.
    """
    from rapidfuzz import fuzz

    keys = [loose_key(e.name) for e in entries]
    pairs: dict[tuple[int, int], float] = {}
    for order in (sorted(range(len(keys)), key=lambda i: keys[i]),
                  sorted(range(len(keys)), key=lambda i: keys[i][::-1])):  # fmt: skip
        for n, i in enumerate(order):
            for j in order[n + 1 : n + 1 + _WINDOW]:
                pair = (min(i, j), max(i, j))
                if pair in pairs or (keys[i] == keys[j] and not keys[i]):
                    continue
                score = fuzz.ratio(keys[i], keys[j], score_cutoff=NEAR_DUPLICATE_SCORE)
                if score:
                    pairs[pair] = score
    if every_pair:
        return [_pair_finding(entries, i, j, score, file) for (i, j), score in pairs.items()]
    return [_cluster_finding(entries, members, pairs, file) for members in _clusters(pairs)]


#: Neighbours each name is compared with, in each sort order.
_WINDOW = 12


def _clusters(pairs: dict[tuple[int, int], float]) -> list[list[int]]:
    """The connected groups of near-duplicate pairs, each in list order."""
    parent: dict[int, int] = {}

    def root(i: int) -> int:
        while parent.setdefault(i, i) != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in pairs:
        parent[root(i)] = root(j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in sorted(parent):
        groups[root(i)].append(i)
    return list(groups.values())


def _pair_finding(entries: Sequence[Signatory], i: int, j: int, score: float, file: str) -> Finding:
    a, b = sorted((entries[i], entries[j]), key=lambda e: e.line)
    how = (
        "differs only in punctuation, accents or a leading 'The'"
        if score >= 99.95
        else f"similarity {score:.0f}%"
    )
    return Finding(
        "warning",
        "near-duplicate",
        file,
        b.line,
        f"{b.name!r} is close to {a.name!r} on line {a.line} ({how}); "
        "if they are one organisation, keep one row.",
        other_line=a.line,
        score=round(score, 1),
    )


#: Names a cluster's finding shows; the rest are counted (``--all`` lists every pair).
_SHOWN = 4


def _cluster_finding(
    entries: Sequence[Signatory],
    members: list[int],
    pairs: dict[tuple[int, int], float],
    file: str,
) -> Finding:
    if len(members) == 2:
        i, j = members
        return _pair_finding(entries, i, j, pairs[(i, j)], file)
    named = sorted((entries[i] for i in members), key=lambda e: e.line)
    shown = "; ".join(f"{e.name!r} (line {e.line})" for e in named[:_SHOWN])
    more = f"; and {len(named) - _SHOWN:,} more" if len(named) > _SHOWN else ""
    return Finding(
        "warning",
        "near-duplicate",
        file,
        named[1].line,
        f"{len(named):,} names are close to one another: {shown}{more}. If some are one "
        "organisation, keep one row each; `signatories check --all` lists every pair.",
        other_line=named[0].line,
    )
