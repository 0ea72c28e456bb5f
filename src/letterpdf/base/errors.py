"""Errors the library raises; the CLI prints their message without a traceback.

Every message names the file (and line, where there is one) and says how to fix it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class LetterError(Exception):
    """A problem with the user's input that stops the build."""

    #: Exit status the CLI uses for this error: 2 for bad input.
    exit_code = 2


class LetterFolderError(LetterError):
    """The letter folder or one of its files is missing or unreadable."""


class FrontMatterError(LetterError):
    """The YAML front matter of letter.md is malformed or has a bad value."""


class SignatoriesError(LetterError):
    """The signatory list cannot be read as a table of names."""


class OutputError(LetterError):
    """The output path cannot be written, or writing it would destroy a file."""


class StrictError(LetterError):
    """Warnings were raised and --strict turns them into a failed build."""

    exit_code = 1


class ConformanceError(LetterError):
    """The file would break the standard it claims (PDF/A, PDF/UA), e.g. a name in a
    character no font has."""

    exit_code = 1


class ProfileError(LetterError):
    """A profile name is unknown, or a profiles.toml entry is malformed."""


class TemplateError(LetterError):
    """A ``{{ ... }}`` expression in the letter body cannot be filled in."""


class PreviewError(LetterError):
    """The PDF cannot be read, or a page asked for is not in it."""


class WordsError(LetterError):
    """A words.toml in the letter folder cannot be read or has an unknown key."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` Did you mean 'subject'?`` for the closest choice, or "" when none is close."""
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" Did you mean {close[0]!r}?" if close else ""
