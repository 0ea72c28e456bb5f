"""letterpdf: a joint letter and its signatories, as a print-ready PDF."""

from __future__ import annotations

from .base.errors import LetterError
from .base.options import BuildOptions
from .build import BuildResult, build_letter
from .source.frontmatter import FrontMatter
from .source.letter import Letter, load_letter

__version__ = "0.1.0"

__all__ = [
    "BuildOptions",
    "BuildResult",
    "FrontMatter",
    "Letter",
    "LetterError",
    "__version__",
    "build_letter",
    "load_letter",
]
