"""Rebuild a letter folder on every saved change (``letterpdf watch``).

WeasyPrint, the fonts and the parsed stylesheets stay loaded between builds (see
pdf.get_renderer), and measured entry heights stay in the cache, so a rebuild after a
small change costs about the layout of the annex alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .base.errors import LetterError
from .base.options import BuildOptions
from .build import BuildResult, build_letter
from .output.files import default_output


def watch_letter(
    folder: Path, options: BuildOptions, changes: Iterable[Any] | None = None
) -> Iterator[BuildResult | LetterError]:
    """Build at once, then after each batch of saves; yield each result or error.

    A failed build leaves the last good PDF in place (build_letter writes atomically).
    ``changes`` (for tests) replaces the file watcher: one build per item.
    """
    output = options.output or default_output(folder)
    if changes is None:
        changes = _file_changes(folder, output)
    for _ in _first_then(changes):
        try:
            yield build_letter(folder, options)
        except LetterError as e:
            yield e


def _first_then(changes: Iterable[Any]) -> Iterator[Any]:
    yield None
    yield from changes


def _file_changes(folder: Path, output: Path) -> Iterator[Any]:
    """Batches of saved files in ``folder``, ignoring the output's own folder."""
    from watchfiles import watch

    ignored = output.parent.resolve()

    def wanted(_: Any, path: str) -> bool:
        return not Path(path).resolve().is_relative_to(ignored)

    yield from watch(folder, watch_filter=wanted)
