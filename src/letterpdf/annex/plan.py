"""Plan the annex pages: which entries go in which column of which page (pure, no I/O).

Given the measured heights of the group headings and entries, this places them the way
one continuous flow with CSS ``columns: N; column-fill: balance`` would: a page that a
group runs past fills its columns one after the other; where a group ends, its columns are
balanced (the least column height that holds the rest, found by binary search); a heading
goes to the next page unless its first entry fits under it; an entry is never split. The
annex then renders these pages explicitly, laying each entry out once (see annex.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

#: Slack for rounding in the measured heights (CSS px): multicol lets a line overhang by a hair.
EPSILON = 0.01


@dataclass(frozen=True)
class GroupMetrics:
    """Measured heights of one group, in CSS px."""

    #: From the top of the group to its first entry, heading included.
    heading: float
    #: The same for a page that continues the group (no heading).
    top: float
    #: From the bottom of the group's last entry to the top of the next group.
    tail: float
    #: Each entry's height, its spacing to the next one included.
    entries: tuple[float, ...]
    #: The spacing under an entry (its bottom margin): a column may end with it
    #: overhanging, as a margin is truncated where the column or page breaks.
    spacing: float = 0.0


@dataclass(frozen=True)
class AnnexMetrics:
    """What the planner needs to know about the layout, in CSS px."""

    columns: int
    #: Content height of a page.
    page: float
    #: Height the annex head takes on the first page, above the first group.
    head: float
    groups: tuple[GroupMetrics, ...]


@dataclass(frozen=True)
class Segment:
    """A group's part on one page: its heading (if it starts here) and its columns."""

    group: int
    heading: bool
    #: (start, stop) indices into the group's entries, one pair per non-empty column.
    columns: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class PlannedPage:
    """One annex page: the annex head (first page only), then segments top to bottom."""

    head: bool
    segments: tuple[Segment, ...]


def plan_pages(metrics: AnnexMetrics) -> tuple[PlannedPage, ...]:
    """Place every entry of every group on pages and columns, in reading order."""
    pages: list[PlannedPage] = []
    segments: list[Segment] = []
    avail = metrics.page - metrics.head

    def flush() -> None:
        nonlocal segments, avail
        pages.append(PlannedPage(head=not pages, segments=tuple(segments)))
        segments, avail = [], metrics.page

    for g, group in enumerate(metrics.groups):
        heights, start = group.entries, 0
        if not heights:  # a heading alone: give it a page of its own if it does not fit
            if segments and avail < group.heading - EPSILON:
                flush()
            segments.append(Segment(g, True, ()))
            avail -= group.heading + group.tail
            continue
        while start < len(heights):
            top = group.heading if start == 0 else group.top
            fresh = not segments and (bool(pages) or metrics.head <= 0)  # the head is content
            if not fresh and avail + group.spacing + EPSILON < top + heights[start]:
                flush()  # not even the heading and one entry fit: next page
                continue
            cap = avail - top + group.spacing
            stops = _fill(heights, start, metrics.columns, cap, force=fresh)
            if stops[-1] == len(heights):
                stops = _fill(
                    heights,
                    start,
                    metrics.columns,
                    _balance(heights, start, metrics.columns, cap),
                    force=True,
                )
                height = max(_sum(heights, a, b) for a, b in _pairs(start, stops))
                segments.append(Segment(g, start == 0, _pairs(start, stops)))
                avail -= top + height + group.tail
                start = len(heights)
            else:
                segments.append(Segment(g, start == 0, _pairs(start, stops)))
                flush()
                start = stops[-1]
    if segments or not pages:
        flush()
    return tuple(pages)


def _pairs(start: int, stops: Sequence[int]) -> tuple[tuple[int, int], ...]:
    bounds = [start, *stops]
    return tuple((a, b) for a, b in pairwise(bounds) if b > a)


def _sum(heights: Sequence[float], a: int, b: int) -> float:
    return sum(heights[a:b])


def _fill(
    heights: Sequence[float], start: int, columns: int, cap: float, *, force: bool
) -> list[int]:
    """Fill up to ``columns`` columns of height ``cap`` in order; the stop of each column.

    With ``force``, a column that would stay empty takes one entry anyway (an entry
    taller than a page must go somewhere).
    """
    stops: list[int] = []
    i = start
    for _ in range(columns):
        used = 0.0
        while i < len(heights) and used + heights[i] <= cap + EPSILON:
            used += heights[i]
            i += 1
        if used == 0.0 and i < len(heights) and force and (not stops or stops[-1] == start):
            i += 1
        stops.append(i)
        if i == len(heights):
            break
    return stops


def _balance(heights: Sequence[float], start: int, columns: int, cap: float) -> float:
    """The least column height, at most ``cap``, that holds ``heights[start:]`` in columns."""
    low = max(heights[start:])
    if _fits(heights, start, columns, low):
        return low
    high = max(cap, low)
    for _ in range(40):
        middle = (low + high) / 2
        if _fits(heights, start, columns, middle):
            high = middle
        else:
            low = middle
    return high


def _fits(heights: Sequence[float], start: int, columns: int, cap: float) -> bool:
    return _fill(heights, start, columns, cap, force=False)[-1] == len(heights)
