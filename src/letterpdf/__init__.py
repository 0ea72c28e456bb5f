"""letterpdf: a joint letter and its signatories, as a print-ready PDF."""

from __future__ import annotations

from .build import BuildResult, build_letter
from .errors import LetterError
from .letter import FrontMatter, Letter, load_letter
from .options import BuildOptions

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
