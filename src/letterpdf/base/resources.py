"""Where the default styles and fonts live: inside the wheel, or in the repository."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def _data_dir(name: str) -> Path:
    bundled = _PACKAGE / "_data" / name
    if bundled.is_dir():
        return bundled
    # Editable install or source checkout: the repository's own folder is the one source.
    return _PACKAGE.parent.parent / name


STYLES_DIR = _data_dir("styles")
FONTS_DIR = _data_dir("fonts")
