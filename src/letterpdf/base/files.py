"""The one gate for the files a build reads: inside the letter folder (or the theme,
``styles/``, ``fonts/``), symlinks resolved first.

Letter folders travel as git repositories and zip files: a ``signatories.csv`` there may
be a link to a private key. A file whose real path lies outside is never opened; the
build says which and why, and ``--strict`` fails.
"""

from __future__ import annotations

from pathlib import Path


def inside(path: Path, *roots: Path) -> bool:
    """Whether ``path``, links resolved, lies within one of ``roots`` (links resolved)."""
    try:
        real = path.resolve()
    except (OSError, RuntimeError):  # a link loop
        return False
    return any(real.is_relative_to(root.resolve()) for root in roots)


def outside_message(path: Path, what: str) -> str:
    """The warning for a refused file; it never quotes the file, which is not read."""
    return (
        f"{path}: {what} is a link to a file outside the letter folder, so it is not read "
        "(letterpdf reads only files inside the letter folder, its theme, styles/ and "
        "fonts/). Copy the file into the letter folder instead of linking to it."
    )


def shorten(text: str, limit: int = 200) -> str:
    """``text`` cut to ``limit`` characters for a message (a 40 MB data: URL, say)."""
    return text if len(text) <= limit else f"{text[: limit - 30]}... ({len(text):,} characters)"
