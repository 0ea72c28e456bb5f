"""The line breaker alone: a paragraph of made-up widths, no WeasyPrint."""

from __future__ import annotations

import math
from dataclasses import replace

from letterpdf.typeset.linebreak import Breakpoint, Paragraph, break_lines

SPACE = 4.0


def _paragraph(words: list[str], width: float, hyphens: dict[int, int] | None = None) -> Paragraph:
    """Words of 10 px a letter, 4 px spaces; ``hyphens``: {word index: letters before a
    hyphenation point}, whose hyphen is 5 px wide."""
    text = " ".join(words)
    advances = tuple(SPACE if c == " " else 10.0 for c in text)
    points, at = [], 0
    for number, word in enumerate(words):
        if hyphens and number in hyphens:
            cut = at + hyphens[number]
            points.append(Breakpoint(cut, cut, 5.0, 50.0, hyphen=True, hyphenation=True))
        at += len(word)
        if number < len(words) - 1:
            points.append(Breakpoint(at + 1, at))
            at += 1
    return Paragraph(text, advances, tuple(points), width, SPACE)


def _first_fit(paragraph: Paragraph) -> list[float]:
    """The word-space ratios of the lines a browser sets (each line as full as it fits)."""
    ratios, start, room = [], 0, paragraph.width
    text, x = paragraph.text, [0.0]
    for a in paragraph.advances:
        x.append(x[-1] + a)
    fitting = None
    for point in paragraph.breakpoints:
        if x[point.end] - x[start] <= room:
            fitting = point
            continue
        assert fitting is not None
        spaces = text[start : fitting.end].count(" ")
        ratios.append(1 + (room - x[fitting.end] + x[start]) / (spaces * SPACE))
        start = fitting.start
        fitting = point
    return ratios


#: Words whose first-fit lines are uneven (one line's spaces over twice their width).
UNEVEN = [
    "aaaaaaaaa",
    "bb",
    "cccccccc",
    "dddd",
    "eeee",
    "ff",
    "gg",
    "hhhhhh",
    "iiiii",
    "jjjjj",
    "aaaa",
    "bbbbb",
    "cc",
    "dd",
]


def test_the_whole_paragraph_is_more_even_than_line_by_line() -> None:
    paragraph = _paragraph(UNEVEN, 200.0)
    assert max(_first_fit(paragraph)) > 2.0
    lines = break_lines(paragraph)
    assert max(lines.ratios) <= 1.25
    assert not lines.ragged


def test_a_line_that_needs_it_shrinks_its_spaces() -> None:
    # 19 letters and 2 spaces (198 px) in 196 px: each space gives up 1 px (and a hair).
    paragraph = _paragraph(["aaaaaaa", "bbbbbb", "cccccc", "ddd"], 196.0)
    lines = break_lines(paragraph)
    assert lines.spans[0] == (0, 21)
    assert lines.ratios[0] == 0.75
    assert math.isclose(lines.shrink, 1.0 + 0.05 / 2)


def test_a_hyphen_is_used_only_when_it_pays() -> None:
    # "aaaaaaaaa bbbbb-" fills 150 px with its space at 1.25; without the hyphen the
    # first line is a lone word or too long.
    words = ["aaaaaaaaa", "bbbbbbbbbb", "ccccc", "dd"]
    assert break_lines(_paragraph(words, 300.0, {1: 5})).breaks == ()  # one line
    tight = break_lines(_paragraph(words, 150.0, {1: 5}))
    assert [b.hyphenation for b in tight.breaks] == [True]
    assert tight.ratios == (1.25,)


def test_an_avoided_break_is_not_taken() -> None:
    words = ["aaaaaaaaa", "bbbbbbbbbb", "ccccc", "dd"]
    paragraph = _paragraph(words, 150.0, {1: 5})
    hyphen = next(i for i, b in enumerate(paragraph.breakpoints) if b.hyphen)
    lines = break_lines(paragraph, avoid=frozenset({hyphen}))
    assert not any(b.hyphen for b in lines.breaks)


def test_a_long_unbreakable_run_sets_the_paragraph_ragged() -> None:
    words = ["see", "https://example.org/a/very/long/address", "now", "please"]
    lines = break_lines(_paragraph(words, 420.0))
    assert lines.ragged


def test_the_last_line_is_not_stretched() -> None:
    lines = break_lines(_paragraph(["aaaa", "bb", "cccc", "dd", "ee"], 130.0))
    assert len(lines.spans) == len(lines.ratios) + 1
    assert lines.spans[-1][1] == len("aaaa bb cccc dd ee")


def test_ragged_right_lines_fit_and_end_evenly() -> None:
    paragraph = replace(_paragraph(UNEVEN, 200.0), ragged=True)
    lines = break_lines(paragraph)
    widths = [sum(paragraph.advances[a:b]) for a, b in lines.spans]
    assert lines.ragged and lines.shrink == 0
    assert len(widths) > 1 and max(widths) <= 200.0
    assert min(widths[:-1]) >= 140.0  # the rag: no line far short but the last
