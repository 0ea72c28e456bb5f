"""The ``letterpdf`` command line: parse options, call the library, report.

The only package that imports click. Each command's module imports the library when the
command runs, so ``letterpdf --help`` stays light.
"""

from __future__ import annotations

import warnings

from . import build, check, start
from .app import cli

__all__ = ["build", "check", "cli", "main", "start"]


def main() -> None:
    """Entry point of the ``letterpdf`` console script."""
    # A huge photo is downsampled anyway; Pillow's "decompression bomb" notice is noise.
    warnings.filterwarnings("ignore", message=r"Image size \(\d+ pixels\) exceeds limit")
    cli(prog_name="letterpdf")


if __name__ == "__main__":  # pragma: no cover
    main()
