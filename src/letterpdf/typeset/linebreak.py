"""Whole-paragraph line breaking: the breaks that make a justified paragraph's lines even.

A browser fills each line as full as it can and moves on; the line after a long word then
has to stretch its spaces to two or three times their width. This module chooses all the
breaks of a paragraph together, as TeX does (Knuth and Plass, "Breaking paragraphs into
lines", 1981): every way of setting the paragraph is scored by the badness of its lines
(how far their spaces are from their natural width, stretched or shrunk), plus a cost for
each hyphen, and the cheapest is taken. It knows nothing of WeasyPrint: it gets each
character's advance and the places a line may end (:mod:`.justify` measures them).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, replace

#: The characters a justified line stretches (WeasyPrint widens U+0020 and U+00A0 only;
#: a French U+202F keeps its width).
STRETCHABLE = frozenset(" \u00a0")


@dataclass(frozen=True)
class Breakpoint:
    """A place where a line may end."""

    #: The next line starts at this index of the paragraph's text.
    start: int
    #: The line ends before this index (before the space it breaks at).
    end: int
    #: What breaking here draws at the line's end (a hyphen), in CSS px.
    width: float = 0.0
    #: Added to the demerits of a line ending here (hyphens are not free).
    penalty: float = 0.0
    #: The line ends in a hyphen: one drawn (a hyphenation point) or one in the text.
    hyphen: bool = False
    #: A hyphenation point: the line ends with a drawn hyphen that is not in the text.
    hyphenation: bool = False


@dataclass(frozen=True)
class Paragraph:
    """A paragraph as the line breaker sees it."""

    text: str
    #: Each character's advance in CSS px, as the font sets it in its context (a
    #: ligature's width goes to its first character).
    advances: tuple[float, ...]
    #: Where a line may end, in text order.
    breakpoints: tuple[Breakpoint, ...]
    #: The column's width; the first line is ``indent`` shorter.
    width: float
    #: The natural advance of a word space.
    space: float
    indent: float = 0.0
    #: Set ragged right: spaces keep their width, and the lines are as even in length
    #: as they can be.
    ragged: bool = False


@dataclass(frozen=True)
class Settings:
    """How the breaks are scored (TeX's values where TeX has one)."""

    #: Badness 100 (loose, or tight) for spaces at (1 + stretch) or (1 - stretch) times
    #: their width: a space a fifth too narrow shows as much as one a fifth too wide.
    #: TeX's Computer Modern stretches a space by half its width.
    stretch: float = 0.5
    #: Spaces shrink to (1 - shrink) times their width, never less: Noto Serif's space
    #: is a quarter of an em, three quarters of it a fifth of an em.
    shrink: float = 0.25
    #: No space is stretched past this ratio, unless no set of breaks can do without.
    loosest: float = 1.6
    #: Each line costs this much, so fewer lines are better (TeX's \linepenalty).
    line_penalty: float = 10.0
    #: A break at a hyphenation point (TeX's \hyphenpenalty).
    hyphen_penalty: float = 50.0
    #: A break after a hyphen in the text: some readers join the halves without it
    #: ("co-" and "opt" read as "coopt"), so it costs more than TeX's 50.
    hard_hyphen_penalty: float = 300.0
    #: Two hyphenated lines in a row (TeX's \doublehyphendemerits)...
    double_hyphen_demerits: float = 10000.0
    #: ... and no more than this many (a ladder of hyphens down the right edge), unless
    #: the spaces cannot be kept under ``loosest`` without.
    hyphens_in_a_row: int = 2
    #: The last full line hyphenated (TeX's \finalhyphendemerits).
    final_hyphen_demerits: float = 5000.0
    #: A tight line next to a loose one (TeX's \adjdemerits).
    adjacent_demerits: float = 10000.0
    #: Set ragged right when the best plan still stretches a space past this ratio...
    ragged_above: float = 2.5
    #: ... or past ``loosest`` in a paragraph with a run that cannot break and is
    #: longer than this share of the measure (a long web address).
    ragged_run: float = 1 / 3
    #: Extra shrink per space (CSS px), so no rounding pushes a word to the next line.
    margin: float = 0.05
    #: Ragged right: a line this share of the measure short of it has badness 100
    #: (8 characters or so: a hyphen is worth it only for a much shorter line).
    rag: float = 0.15


@dataclass(frozen=True)
class Lines:
    """The breaks chosen for a paragraph."""

    #: The breakpoints where lines end (the last line ends with the paragraph).
    breaks: tuple[Breakpoint, ...]
    #: Each line's (start, end) in the text, the hyphen left out.
    spans: tuple[tuple[int, int], ...]
    #: Each line's word spaces over their natural width, the last line left out.
    ratios: tuple[float, ...]
    #: What every space of the paragraph must give up (CSS px) for the tight lines to
    #: fit before they are justified (WeasyPrint stretches lines, it never shrinks them).
    shrink: float
    #: Set ragged right (asked for; or a justified paragraph that cannot be set evenly,
    #: whose lines are then planned again as ragged right).
    ragged: bool = False


DEFAULT = Settings()


def break_lines(
    paragraph: Paragraph, settings: Settings = DEFAULT, avoid: frozenset[int] = frozenset()
) -> Lines:
    """The best breaks for ``paragraph``; ``avoid``: indices of breakpoints not to use."""
    solver = _Solver(paragraph, settings, avoid)
    loosest = math.inf if paragraph.ragged else settings.loosest
    chain = solver.solve(loosest, settings.hyphens_in_a_row) or solver.solve(loosest)
    if chain is None:
        # No way to keep every space under ``loosest``: the least loosest line.
        low, high = loosest, 5.0
        if solver.solve(high) is None:
            high = math.inf
        else:
            for _ in range(7):
                middle = (low + high) / 2
                if solver.solve(middle) is None:
                    low = middle
                else:
                    high = middle
        chain = solver.solve(high * 1.0001)
    assert chain is not None  # with no limit on stretch, every paragraph can be set
    lines = solver.lines(chain)
    if lines.ragged and not paragraph.ragged:
        return break_lines(replace(paragraph, ragged=True), settings, avoid)
    return lines


#: A node of the search: (breakpoint number, fitness class, hyphenated lines ending there).
_Node = tuple[int, int, int]


class _Solver:
    def __init__(self, paragraph: Paragraph, settings: Settings, avoid: frozenset[int]) -> None:
        self.p, self.s, self.avoid = paragraph, settings, avoid
        x, spaces = [0.0], [0]
        for char, advance in zip(paragraph.text, paragraph.advances, strict=True):
            x.append(x[-1] + advance)
            spaces.append(spaces[-1] + (char in STRETCHABLE))
        self.x, self.spaces = x, spaces
        # Node b (1..n) is breakpoint b - 1; node 0 the paragraph's start, n + 1 its end.
        self.starts = [0, *(b.start for b in paragraph.breakpoints)]
        self.count = len(paragraph.breakpoints) + 1

    def fit(self, a: int, b: int) -> tuple[float, float, int]:
        """(ratio of the spaces, natural width, spaces) of the line from node a to b; for
        ragged right, the ratio is the line's share of the measure left empty, less 1."""
        p = self.p
        last = b == self.count
        start = self.starts[a]
        end = len(p.text) if last else p.breakpoints[b - 1].end
        extra = 0.0 if last else p.breakpoints[b - 1].width
        natural = self.x[end] - self.x[start] + extra
        room = p.width - (p.indent if a == 0 else 0.0)
        count = self.spaces[end] - self.spaces[start]
        if p.ragged:
            full = last and natural <= room  # a last line that fits is never bad
            return (1.0 if full else 1 + (room - natural) / p.width), natural, count
        if last and natural <= room:
            return 1.0, natural, count
        if count == 0:  # nothing to stretch: only a line that fills the measure is good
            if abs(room - natural) < 1e-6:
                return 1.0, natural, count
            return (math.inf if natural < room else -math.inf), natural, count
        return 1 + (room - natural) / (count * p.space), natural, count

    def solve(self, loosest: float, in_a_row: float = math.inf) -> list[tuple[int, float]] | None:
        """The least-demerits chain of nodes with no line looser than ``loosest`` and no
        more than ``in_a_row`` hyphenated lines in a row: [(node, ratio of the line ending
        there)], or None."""
        s = self.s
        tightest = 1.0 if self.p.ragged else 1 - s.shrink
        scale = s.rag if self.p.ragged else s.stretch
        best: dict[_Node, tuple[float, _Node | None, float]] = {(0, 1, 0): (0.0, None, 1.0)}
        active: dict[int, list[_Node]] = {0: [(0, 1, 0)]}
        for b in range(1, self.count + 1):
            last = b == self.count
            if not last and b - 1 in self.avoid:
                continue
            point = None if last else self.p.breakpoints[b - 1]
            for a in range(b - 1, -1, -1):
                if a not in active:
                    continue
                ratio, _, _ = self.fit(a, b)
                overfull = ratio < tightest - 1e-9
                if overfull and a < b - 1:
                    break  # too long; a line starting earlier is longer still
                if ratio > loosest and not last:
                    continue
                # A run that cannot break and is wider than the measure overflows
                # whatever is done: allowed, at a cost that makes it the last resort.
                badness = 1e6 if overfull else 100 * (abs(ratio - 1) / scale) ** 3
                demerits = (s.line_penalty + badness) ** 2
                if point is not None and point.penalty > 0:
                    demerits += point.penalty**2
                fitness = 1 if self.p.ragged else _fitness(ratio, s)
                hyphen = point is not None and point.hyphen
                for node in active[a]:
                    row = node[2] + 1 if hyphen else 0
                    if row > in_a_row:
                        continue
                    total = best[node][0] + demerits
                    if not last and abs(fitness - node[1]) > 1:
                        total += s.adjacent_demerits
                    if node[2] and hyphen:
                        total += s.double_hyphen_demerits
                    if node[2] and last:
                        total += s.final_hyphen_demerits
                    key = (b, fitness, row)
                    if key not in best or total < best[key][0]:
                        if key not in best:
                            active.setdefault(b, []).append(key)
                        best[key] = (total, node, ratio)
        ends = active.get(self.count)
        if not ends:
            return None
        step: _Node | None = min(ends, key=lambda k: best[k][0])
        chain = []
        while step is not None:
            chain.append((step[0], best[step][2]))
            step = best[step][1]
        return chain[::-1]

    def lines(self, chain: list[tuple[int, float]]) -> Lines:
        p, s = self.p, self.s
        breaks, spans, ratios, shrink = [], [], [], 0.0
        overfull = False
        for (a, _), (b, ratio) in itertools.pairwise(chain):
            last = b == self.count
            _, natural, count = self.fit(a, b)
            room = p.width - (p.indent if a == 0 else 0.0)
            over = natural > room + count * p.space * (0 if p.ragged else s.shrink) + 1e-6
            overfull |= over
            if count and natural + s.margin > room and not p.ragged and not over:
                shrink = max(shrink, (natural + s.margin - room) / count)
            if last:
                spans.append((self.starts[a], len(p.text)))
            else:
                point = p.breakpoints[b - 1]
                breaks.append(point)
                spans.append((self.starts[a], point.end))
                ratios.append(ratio)
        loosest = max(ratios, default=1.0)
        ragged = (
            p.ragged
            or overfull
            or loosest > s.ragged_above
            or (loosest > s.loosest and self.longest_run() > s.ragged_run * p.width)
        )
        return Lines(tuple(breaks), tuple(spans), tuple(ratios), 0.0 if ragged else shrink, ragged)

    def longest_run(self) -> float:
        """The widest stretch of text with no breakpoint in it."""
        edges = [*self.starts, len(self.p.text)]
        return max(self.x[b] - self.x[a] for a, b in itertools.pairwise(edges))


def _fitness(ratio: float, s: Settings) -> int:
    """TeX's fitness classes: 0 tight, 1 decent, 2 loose, 3 very loose."""
    if ratio < 1 - s.shrink / 2:
        return 0
    if ratio <= 1 + s.stretch / 2:
        return 1
    return 2 if ratio <= 1 + s.stretch else 3
