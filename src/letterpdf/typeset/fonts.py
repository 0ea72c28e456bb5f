"""The fonts letterpdf sets text in: only the faces shipped in ``fonts/``.

``fonts/fonts.toml`` lists the faces and the scripts each sets; :func:`choose_faces`
picks those a text needs (a CJK face only for Han, kana or hangul), :func:`font_face_css`
turns them into ``@font-face`` rules, and :func:`isolate_fontconfig` hides every system
font from Pango, so the same input gives the same PDF on any machine.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote
from xml.sax.saxutils import escape

from fontTools.unicodedata import script

from ..base.resources import FONTS_DIR


@dataclass(frozen=True)
class FontFace:
    """One font file and the CSS family, weight and style it provides."""

    family: str
    path: Path
    weight: int = 400
    style: str = "normal"
    #: ISO 15924 codes of the scripts the face sets ("Latn", "Arab", "Hani"...).
    scripts: tuple[str, ...] = ()
    #: Language prefixes that prefer this face where several set a script.
    langs: tuple[str, ...] = ()
    #: Loaded for every letter; other faces only when the text has one of their scripts.
    always: bool = False


#: Script codes that belong to no one script (digits, punctuation, combining marks).
NEUTRAL_SCRIPTS = frozenset({"Zyyy", "Zinh", "Zzzz"})


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
            scripts=tuple(face.get("scripts", ())),
            langs=tuple(face.get("lang", ())),
            always=bool(face.get("always", False)),
        )
        for face in manifest["face"]
    )


def text_scripts(text: str) -> frozenset[str]:
    """The scripts a text is written in; digits, punctuation and marks count for none."""
    return frozenset(script(char) for char in set(text)) - NEUTRAL_SCRIPTS


def choose_faces(
    faces: Iterable[FontFace], scripts: Iterable[str], lang: str
) -> tuple[FontFace, ...]:
    """The faces that will set a text in these scripts, in order of preference.

    The ``always`` faces come first; then, per script, faces whose ``lang`` matches the
    letter's language before the others, in manifest order.
    """
    wanted = set(scripts)
    primary = lang.lower().replace("_", "-").split("-")[0]
    faces = tuple(faces)
    chosen = [f for f in faces if f.always] + sorted(
        (f for f in faces if not f.always and wanted.intersection(f.scripts)),
        key=lambda f: primary not in f.langs,
    )
    return tuple(chosen)


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
    # One folder per fonts/ folder: two checkouts (or two versions) of letterpdf on one
    # machine must not rewrite each other's fonts.conf while the other is rendering.
    digest = hashlib.sha256(str(fonts_dir).encode()).hexdigest()[:12]
    cache = Path(tempfile.gettempdir()) / f"letterpdf-fontconfig-{os.getuid()}-{digest}"
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


def declared_faces(stylesheets: Iterable[Path], allowed: Iterable[Path]) -> tuple[FontFace, ...]:
    """The faces a theme's or the user's CSS declares with ``@font-face``: files inside
    the allowed folders only, as the renderer will load them. Their glyphs count when the
    glyph preflight asks which characters a letter can print."""
    import tinycss2

    roots = [d.resolve() for d in allowed]
    faces = []
    for sheet in stylesheets:
        rules = tinycss2.parse_stylesheet(
            sheet.read_text("utf-8", "replace"), skip_comments=True, skip_whitespace=True
        )
        for rule in rules:
            if rule.type != "at-rule" or rule.lower_at_keyword != "font-face" or not rule.content:
                continue
            family = ""
            sources: list[str] = []
            for item in tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True):
                if item.type != "declaration":
                    continue
                if item.lower_name == "font-family":
                    family = "".join(t.value for t in item.value if t.type in ("string", "ident"))
                elif item.lower_name == "src":
                    sources += [u for t in item.value if (u := _url(t))]
            for url in sources:
                path = (sheet.parent / unquote(url.removeprefix("file://"))).resolve()
                if path.is_file() and any(path.is_relative_to(r) for r in roots):
                    faces.append(FontFace(family=family, path=path))
    return tuple(faces)


def _url(token: object) -> str | None:
    """The URL of a ``url(...)`` token, or None."""
    kind = getattr(token, "type", None)
    if kind == "url":
        return str(getattr(token, "value", ""))
    if kind == "function" and getattr(token, "lower_name", "") == "url":
        strings = [a for a in getattr(token, "arguments", ()) if a.type == "string"]
        return str(strings[0].value) if strings else None
    return None
