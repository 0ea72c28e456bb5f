"""letterpdf: a joint letter and its signatories, as a print-ready PDF.

The public API is imported on first use, so ``import letterpdf`` (and ``letterpdf
--help``) does not load the renderer.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .base import __version__
from .base.errors import LetterError
from .base.options import BuildOptions

if TYPE_CHECKING:
    from .build import BuildResult as BuildResult
    from .build import build_letter as build_letter
    from .source.frontmatter import FrontMatter as FrontMatter
    from .source.letter import Letter as Letter
    from .source.letter import load_letter as load_letter

_LAZY = {
    "BuildResult": ".build",
    "build_letter": ".build",
    "FrontMatter": ".source.frontmatter",
    "Letter": ".source.letter",
    "load_letter": ".source.letter",
}

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


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module 'letterpdf' has no attribute {name!r}")
