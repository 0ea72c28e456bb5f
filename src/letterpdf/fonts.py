"""The fonts letterpdf sets text in: only the faces shipped in ``fonts/``.

``fonts/fonts.toml`` lists the faces; :func:`font_face_css` turns it into ``@font-face``
rules, and :func:`isolate_fontconfig` hides every system font from Pango, so the same
input gives the same PDF on any machine.
"""

from __future__ import annotations

import os
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from .resources import FONTS_DIR


@dataclass(frozen=True)
class FontFace:
    """One font file and the CSS family, weight and style it provides."""

    family: str
    path: Path
    weight: int = 400
    style: str = "normal"


def load_faces(fonts_dir: Path = FONTS_DIR) -> tuple[FontFace, ...]:
    """Read ``fonts.toml``: the faces and the CSS family each belongs to."""
    with open(fonts_dir / "fonts.toml", "rb") as f:
        manifest = tomllib.load(f)
    return tuple(
        FontFace(
            family=face["family"],
            path=fonts_dir / face["file"],
            weight=int(face.get("weight", 400)),
            style=face.get("style", "normal"),
        )
        for face in manifest["face"]
    )


def font_face_css(faces: tuple[FontFace, ...]) -> str:
    """``@font-face`` rules for the faces, with file URLs the fetcher allows."""
    return "\n".join(
        f'@font-face {{ font-family: "{face.family}"; src: url("{face.path.as_uri()}"); '
        f"font-weight: {face.weight}; font-style: {face.style}; }}"
        for face in faces
    )


def isolate_fontconfig(fonts_dir: Path = FONTS_DIR) -> None:
    """Point fontconfig at ``fonts/`` alone; call before WeasyPrint loads any font.

    Without this, a character or a family our fonts lack would silently be set in
    whatever font the machine has, and the PDF would differ from machine to machine.
    """
    if os.environ.get("LETTERPDF_FONTCONFIG_DONE") == str(fonts_dir):
        return
    cache = Path(tempfile.gettempdir()) / f"letterpdf-fontconfig-{os.getuid()}"
    cache.mkdir(exist_ok=True)
    conf = cache / "fonts.conf"
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f"  <dir>{escape(str(fonts_dir))}</dir>\n"
        f"  <cachedir>{escape(str(cache))}</cachedir>\n"
        "  <alias><family>serif</family><prefer><family>Noto Serif</family></prefer></alias>\n"
        "  <alias><family>sans-serif</family><prefer><family>Noto Serif</family></prefer></alias>\n"
        "  <alias><family>monospace</family><prefer><family>Noto Serif</family></prefer></alias>\n"
        "</fontconfig>\n"
    )
    if not conf.is_file() or conf.read_text() != text:
        conf.write_text(text)
    os.environ["FONTCONFIG_FILE"] = str(conf)
    os.environ["LETTERPDF_FONTCONFIG_DONE"] = str(fonts_dir)
