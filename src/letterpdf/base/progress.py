"""The progress line a build shows on a terminal while a long annex is laid out."""

from __future__ import annotations

import time
from collections.abc import Callable


class ProgressLine:
    """After the first second, one line that updates: the annex's entries laid out, then
    its pages written. ``write`` prints text as given (no newline added)."""

    def __init__(self, write: Callable[[str], None]) -> None:
        self.write = write
        self.started = time.perf_counter()
        self.counts: dict[str, tuple[int, int]] = {}
        self.shown = False

    def __call__(self, what: str, done: int, total: int) -> None:
        self.counts[what] = (done, total)
        if time.perf_counter() - self.started > 1.0:
            line = ", ".join(f"{d:,} / {t:,} {w}" for w, (d, t) in self.counts.items())
            self.write(f"\rLaying out the annex: {line}")
            self.shown = True
            if what == "pages" and done >= total:
                self.end()

    def end(self) -> None:
        """End the line (if shown) before anything else is printed; the next letter's
        build starts afresh."""
        if self.shown:
            self.write("\n")
        self.started, self.counts, self.shown = time.perf_counter(), {}, False
