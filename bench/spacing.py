"""Word spaces of a PDF's justified lines, as a reader sees them (issue 16).

For each line set flush at both edges of the text column, each gap between two words (the
left edge of a word's first glyph minus the right edge of the previous word's last glyph)
is divided by the natural advance of the space in that font at that size: 1 is a space as
the font draws it, 1.5 one stretched by half, 0.8 one shrunk by a fifth. Only U+0020 and
U+00A0 separate words (they are what a justified line stretches); a French U+202F belongs
to its word. Lines that do not reach both edges (last lines, headings, the address) and
lines that end a paragraph (a paragraph gap follows) are not justified lines.

`python bench/spacing.py` builds the seed letter on A4 and US Letter, in English and in
French (tests/fixtures/translations/letter.fr.md), prints the figures and writes them to
bench/SPACING.md. The suite checks the same figures (tests/typeset/test_justify.py).
"""

from __future__ import annotations

import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEPARATORS = frozenset(" \u00a0")


@dataclass(frozen=True)
class Spacing:
    """The word spaces of a PDF's justified lines."""

    #: Each justified line: (page number, its text, each gap's ratio to a natural space).
    lines: tuple[tuple[int, str, tuple[float, ...]], ...]

    @property
    def ratios(self) -> list[float]:
        return sorted(r for _, _, gaps in self.lines for r in gaps)

    @property
    def max(self) -> float:
        return max(self.ratios)

    @property
    def median(self) -> float:
        return statistics.median(self.ratios)

    @property
    def min(self) -> float:
        return min(self.ratios)

    def loosest(self, count: int = 3) -> list[tuple[float, int, str]]:
        """The lines with the widest gap: (ratio, page, text)."""
        return sorted(((max(g), p, t) for p, t, g in self.lines), reverse=True)[:count]


def _rows(page: Any) -> list[list[dict[str, Any]]]:
    """The page's characters in lines (one baseline, one size), each left to right."""
    rows: dict[tuple[float, float], list[dict[str, Any]]] = {}
    for char in page.chars:
        if char.get("upright", True):
            key = (round(page.height - char["matrix"][5], 1), round(char["size"], 1))
            rows.setdefault(key, []).append(char)
    return [sorted(rows[k], key=lambda c: c["x0"]) for k in sorted(rows)]


def _words(row: list[dict[str, Any]]) -> tuple[list[list[dict[str, Any]]], list[float]]:
    """The line's words, and the natural width of the space after each but the last."""
    words: list[list[dict[str, Any]]] = [[]]
    spaces: list[float] = []
    for char in row:
        if char["text"] in SEPARATORS:
            if words[-1]:
                words.append([])
                spaces.append(char["x1"] - char["x0"])
        else:
            words[-1].append(char)
    if not words[-1]:
        words.pop()
        spaces = spaces[: len(words) - 1]
    return words, spaces


def measure(pdf: Path, pages: range | None = None, tolerance: float = 0.6) -> Spacing:
    """The justified lines of ``pdf`` (of ``pages``, 1-based, if given)."""
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        chosen = pages or range(1, len(document.pages) + 1)
        laid = [(n, _rows(document.pages[n - 1])) for n in chosen]
    # The column: where most lines of several words start and end; the line pitch.
    starts: Counter[float] = Counter()
    ends: Counter[float] = Counter()
    pitches: Counter[float] = Counter()
    sizes: Counter[float] = Counter()
    for _, rows in laid:
        for row, after in zip(rows, [*rows[1:], None], strict=True):
            words, _ = _words(row)
            if len(words) >= 5:
                starts[round(words[0][0]["x0"])] += 1
                ends[round(words[-1][-1]["x1"])] += 1
                sizes[round(row[0]["size"], 1)] += 1
                if after is not None:
                    pitches[round(after[0]["matrix"][5] - row[0]["matrix"][5], 1)] += 1
    left, right = starts.most_common(1)[0][0], ends.most_common(1)[0][0]
    right = statistics.median(  # to the hundredth: the median end of the lines ending there
        w[-1][-1]["x1"]
        for _, rows in laid
        for w in (_words(row)[0] for row in rows)
        if len(w) >= 2 and abs(w[-1][-1]["x1"] - right) < 1.5
    )
    size = sizes.most_common(1)[0][0]
    pitch = abs(pitches.most_common(1)[0][0])
    lines = []
    for number, rows in laid:
        for row, after in zip(rows, [*rows[1:], None], strict=True):
            words, spaces = _words(row)
            if len(words) < 2 or abs(round(row[0]["size"], 1) - size) > 0.05:
                continue
            x0, x1 = words[0][0]["x0"], words[-1][-1]["x1"]
            if abs(x0 - left) > 1.5 or abs(x1 - right) > tolerance:
                continue  # not flush at both edges
            if after is None or abs(after[0]["matrix"][5] - row[0]["matrix"][5]) > 1.3 * pitch:
                continue  # the paragraph's (or the page's) last line
            gaps = tuple(
                (b[0]["x0"] - a[-1]["x1"]) / space
                for a, b, space in zip(words, words[1:], spaces, strict=False)
            )
            text = " ".join("".join(c["text"] for c in w) for w in words)
            lines.append((number, text, gaps))
    return Spacing(tuple(lines))


#: The builds the figures are for: (name, letter file, paper).
BUILDS = (
    ("English, A4", "letter.md", "a4"),
    ("English, US Letter", "letter.md", "letter"),
    ("French, A4", "letter.fr.md", "a4"),
    ("French, US Letter", "letter.fr.md", "letter"),
)


def main() -> int:
    from letterpdf import BuildOptions, build_letter
    from letterpdf.typeset import justify

    planned = justify.set_even_lines
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "seed"
        shutil.copytree(ROOT / "content", folder)
        shutil.copy(ROOT / "tests/fixtures/translations/letter.fr.md", folder)
        for even in (False, True):
            # WeasyPrint's own breaks first (the same CSS), then letterpdf's.
            justify.set_even_lines = planned if even else lambda render, *_: render()
            for name, source, paper in BUILDS:
                lang = "fr" if ".fr." in source else None
                out = Path(tmp) / f"{paper}-{lang or 'en'}-{even}.pdf"
                options = BuildOptions(output=out, paper=paper, lang=lang, cache=False, jobs=1)
                started = time.perf_counter()
                result = build_letter(folder, options)
                seconds = time.perf_counter() - started
                spacing = measure(out, range(1, result.letter_pages + 1))
                hyphens = sum(t.endswith("\u2010") for _, t, _ in spacing.lines)
                _, page, text = spacing.loosest(1)[0]
                rows.append(
                    f"| {name} | {'letterpdf' if even else 'WeasyPrint'} | {len(spacing.lines)} "
                    f"| {spacing.max:.2f} | {spacing.median:.2f} | {spacing.min:.2f} "
                    f"| {hyphens} | {result.letter_pages} | {seconds:.2f} s "
                    f"| p{page} “{text[:36]}…” |"
                )
    justify.set_even_lines = planned
    table = [
        "| build | lines broken by | justified lines | max | median | min | hyphenated "
        "| letter pages | build | loosest line |",
        "|---|---|---|---|---|---|---|---|---|---|",
        *rows,
    ]
    text = "\n".join(
        [
            "# Word spaces of the seed letter (`python bench/spacing.py`)",
            "",
            "Each justified line's word spaces over the font's natural space (bench/spacing.py"
            " says how); a shrunk space counts below 1. The same stylesheets (the classic"
            " theme, `hyphenate-limit-chars: 5 2 3`), lines broken by WeasyPrint alone, then"
            " by letterpdf. Before issue 16 (limits 10 5 4): A4 3.07 and 1.41, US Letter"
            " 2.98 and 1.43. Build: `build_letter` without cache, all in one process (the"
            " first build loads the fonts).",
            "",
            f"Machine: {platform.machine()}, Python {platform.python_version()}",
            "",
            *table,
            "",
        ]
    )
    print(text)
    (ROOT / "bench" / "SPACING.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
