"""Logos: the letterhead image and the signatories' logos, checked and sized for print.

A logo that is missing or cannot be read is reported as a warning and left out; it
never stops the build. Logos in the grid are scaled to the same area, so a wide
wordmark and a square emblem carry about the same visual weight.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..source.letter import Letter
from ..source.signatories import Signatory

#: Above this many signatories the annex lists names only, even with a logo column.
LOGO_GRID_MAX = 40
#: Letterhead logo: fitted into this box (mm).
LETTERHEAD_BOX = (60.0, 18.0)
#: Grid logos: each has this area (mm²) unless the box below clips it.
GRID_LOGO_AREA = 170.0
#: Grid logos: the box each one must fit (mm).
GRID_LOGO_BOX = (32.0, 16.0)


class ImageUnreadable(Exception):
    """The file is not an image letterpdf can place."""


@dataclass(frozen=True)
class Logo:
    """An image file checked to be readable, with the size it is printed at."""

    url: str
    width_mm: float
    height_mm: float

    @property
    def style(self) -> str:
        """Inline CSS for the ``<img>``."""
        return f"width: {self.width_mm:.2f}mm; height: {self.height_mm:.2f}mm"


@dataclass(frozen=True)
class Branding:
    """The images a letter shows, and what could not be shown."""

    letterhead: Logo | None = None
    #: Signatory -> logo, for those whose logo could be read.
    logos: dict[Signatory, Logo] | None = None
    warnings: tuple[str, ...] = ()

    @property
    def grid(self) -> bool:
        """Whether the annex is a grid of logos rather than a list of names."""
        return self.logos is not None


def load_branding(letter: Letter) -> Branding:
    """Check and size the letterhead logo and the signatories' logos."""
    warnings: list[str] = []
    letterhead = None
    if letter.front.logo:
        where = f"{letter.folder / 'letter.md'}: logo"
        letterhead = _load(letter.front.logo, letter.folder, where, warnings, _fit_letterhead)
    with_logo = [s for s in letter.signatories if s.logo]
    logos: dict[Signatory, Logo] | None = None
    if with_logo and len(letter.signatories) > LOGO_GRID_MAX:
        warnings.append(
            f"{letter.signatories_file}: {len(letter.signatories)} signatories, more than "
            f"{LOGO_GRID_MAX}: the annex lists names and shows no logos."
        )
    elif with_logo:
        logos = {}
        for s in with_logo:
            where = f"{letter.signatories_file} line {s.line}: logo"
            logo = _load(s.logo, letter.folder, where, warnings, _fit_grid)
            if logo:
                logos[s] = logo
    return Branding(letterhead, logos, tuple(warnings))


def logo_size(aspect: float, area: float, box: tuple[float, float]) -> tuple[float, float]:
    """Width and height (mm) of an image of ``aspect`` (w/h) with ``area``, clipped to ``box``."""
    width, height = math.sqrt(area * aspect), math.sqrt(area / aspect)
    scale = min(1.0, box[0] / width, box[1] / height)
    return width * scale, height * scale


def grid_columns(count: int) -> int:
    """Columns for a logo grid of ``count`` cells: the fewest empty cells in the last row.

    Ties go to 4 columns, then to more columns (a shorter grid).
    """
    if count <= 4:
        return max(count, 1)
    return min((5, 4, 3), key=lambda c: ((-count) % c, c != 4, -c))


def _fit_letterhead(aspect: float) -> tuple[float, float]:
    return logo_size(aspect, LETTERHEAD_BOX[0] * LETTERHEAD_BOX[1], LETTERHEAD_BOX)


def _fit_grid(aspect: float) -> tuple[float, float]:
    return logo_size(aspect, GRID_LOGO_AREA, GRID_LOGO_BOX)


def _load(
    name: str,
    folder: Path,
    where: str,
    warnings: list[str],
    fit: Callable[[float], tuple[float, float]],
) -> Logo | None:
    if re.match(r"^[a-z][a-z0-9+.-]*://", name, re.IGNORECASE):
        warnings.append(
            f"{where} {name!r}: letterpdf never fetches from the network; "
            "put the image in the letter folder and give its file name."
        )
        return None
    path = (folder / name).resolve()
    if not path.is_relative_to(folder):
        warnings.append(f"{where} {name!r} is outside the letter folder; copy the image into it.")
        return None
    if not path.is_file():
        warnings.append(f"{where} {name!r}: no such file in {folder}; check the file name.")
        return None
    try:
        aspect = image_aspect(path)
    except ImageUnreadable as e:
        warnings.append(
            f"{where} {name!r} cannot be read as an image ({e}); left out. "
            "Save it again as PNG, JPEG or SVG."
        )
        return None
    width, height = fit(aspect)
    return Logo(path.as_uri(), width, height)


def image_aspect(path: Path) -> float:
    """Width over height of a PNG, JPEG or SVG file, as it will be drawn."""
    if path.suffix.lower() == ".svg":
        return _svg_aspect(path)
    from PIL import Image

    try:
        with Image.open(path) as image:
            image.load()  # decode it all: a truncated or corrupt file fails here
            width, height = image.size
            if image.getexif().get(0x0112) in (5, 6, 7, 8):  # EXIF says: rotated a quarter turn
                width, height = height, width
    except Exception as e:  # Pillow raises many kinds for bad data
        raise ImageUnreadable(str(e) or type(e).__name__) from None
    if not width or not height:
        raise ImageUnreadable("it has no pixels")
    return width / height


_LENGTH = re.compile(r"^\s*([0-9.]+)\s*(px|pt|mm|cm|in)?\s*$")


def _svg_aspect(path: Path) -> float:
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as e:
        raise ImageUnreadable(f"not valid SVG: {e}") from None
    if not root.tag.endswith("svg"):
        raise ImageUnreadable("not an SVG image (no <svg> root element)")
    box = root.get("viewBox", "").replace(",", " ").split()
    if len(box) == 4:
        try:
            width, height = float(box[2]), float(box[3])
        except ValueError:
            width = height = 0
        if width > 0 and height > 0:
            return width / height
    sizes = [_LENGTH.match(root.get(attr, "")) for attr in ("width", "height")]
    if sizes[0] and sizes[1] and float(sizes[0][1]) > 0 and float(sizes[1][1]) > 0:
        return float(sizes[0][1]) / float(sizes[1][1])
    return 1.0
