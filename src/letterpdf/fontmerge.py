"""Merge the font subsets of a PDF joined from several WeasyPrint documents: one per face.

Each WeasyPrint document embeds its own subset of every face it uses, under the same
BaseFont name (WeasyPrint names a face by a hash of its description). WeasyPrint subsets
with glyph ids kept (HarfBuzz RETAIN_GIDS) and writes Identity-H fonts (CID = glyph id),
so the text of every copy reads the same in a font holding the union of their glyphs.
Here the copies of a face become one font: the original file subset to the union of
glyphs (fontTools, glyph ids kept), the union of the /W widths and of the ToUnicode maps.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from .logger import LOGGER

_BFCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>")


def merge_fonts(pdf: Any, faces: Mapping[str, Path]) -> None:
    """Make every font resource named in ``faces`` (BaseFont -> original file) point to
    one merged font (a pikepdf.Pdf, changed in place). Other faces are left as they are."""
    import pikepdf

    groups: dict[str, list[Any]] = {}
    for font in _fonts(pdf):
        name = str(font.get("/BaseFont", ""))[1:]
        if name in faces and font.get("/Subtype") == pikepdf.Name.Type0:
            groups.setdefault(name, [])
            if not any(font.objgen == f.objgen for f in groups[name]):
                groups[name].append(font)
    merged: dict[tuple[int, int], Any] = {}
    for name, fonts in groups.items():
        if len(fonts) < 2:
            continue
        try:
            keep = _merge(pdf, fonts, faces[name])
        except Exception as e:  # a face that cannot be merged keeps its copies
            LOGGER.debug("cannot merge the subsets of %s: %s", name, e)
            continue
        for font in fonts:
            merged[font.objgen] = keep
    if merged:
        for resources in _resources(pdf):
            table = resources.get("/Font")
            if table is None:
                continue
            for key in list(table.keys()):
                target = merged.get(table[key].objgen)
                if target is not None:
                    table[key] = target


def _merge(pdf: Any, fonts: list[Any], original: Path) -> Any:
    """Turn the first of ``fonts`` into the merged font and return it."""
    import pikepdf

    widths: dict[int, float] = {}
    text: dict[int, bytes] = {}
    for font in fonts:
        descendant = font.DescendantFonts[0]
        for gid, width in _widths(descendant.get("/W", pikepdf.Array())).items():
            widths.setdefault(gid, width)
        if "/ToUnicode" in font:
            for gid, chars in _bfchars(font.ToUnicode.read_bytes()).items():
                text.setdefault(gid, chars)
    keep = fonts[0]
    descendant = keep.DescendantFonts[0]
    descriptor = descendant.FontDescriptor
    key = next(k for k in ("/FontFile2", "/FontFile3") if k in descriptor)
    data = _subset(original.read_bytes(), sorted(widths))
    stream = pikepdf.Stream(pdf, data)
    if key == "/FontFile3":
        stream.Subtype = pikepdf.Name.OpenType
    else:
        stream.Length1 = len(data)
    descriptor[key] = pdf.make_indirect(stream)
    if "/CIDSet" in descriptor:
        del descriptor["/CIDSet"]  # optional, and no longer true
    descendant.W = _widths_array(widths)
    if text:
        keep.ToUnicode = pdf.make_indirect(pikepdf.Stream(pdf, _cmap(text)))
    return keep


def _widths(array: Any) -> dict[int, float]:
    """A /W array (``c [w ...]`` and ``c_first c_last w`` forms) as glyph id -> width."""
    import pikepdf

    items = list(array)
    out: dict[int, float] = {}
    i = 0
    while i < len(items):
        first = int(items[i])
        if isinstance(items[i + 1], pikepdf.Array):
            for offset, width in enumerate(items[i + 1]):
                out[first + offset] = float(width)
            i += 2
        else:
            for gid in range(first, int(items[i + 1]) + 1):
                out[gid] = float(items[i + 2])
            i += 3
    return out


def _widths_array(widths: dict[int, float]) -> Any:
    import pikepdf

    array: list[Any] = []
    run: list[Any] = []
    for gid in sorted(widths):
        if gid - 1 not in widths:
            run = []
            array += [gid, run]
        width = widths[gid]
        run.append(int(width) if width == int(width) else width)
    return pikepdf.Array([a if isinstance(a, int) else pikepdf.Array(a) for a in array])


def _bfchars(cmap: bytes) -> dict[int, bytes]:
    """Glyph id -> UTF-16BE hex of a ToUnicode CMap's bfchar entries (WeasyPrint's form)."""
    out: dict[int, bytes] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for gid, chars in _BFCHAR.findall(block):
            out.setdefault(int(gid, 16), chars)
    return out


def _cmap(text: dict[int, bytes]) -> bytes:
    items = sorted(text.items())
    lines = [
        b"/CIDInit /ProcSet findresource begin",
        b"12 dict begin",
        b"begincmap",
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        b"/CMapName /Adobe-Identity-UCS def",
        b"/CMapType 2 def",
        b"1 begincodespacerange",
        b"<0000> <ffff>",
        b"endcodespacerange",
    ]
    for i in range(0, len(items), 100):
        batch = items[i : i + 100]
        lines.append(f"{len(batch)} beginbfchar".encode())
        lines += [b"<%04x> <%s>" % (gid, chars) for gid, chars in batch]
        lines.append(b"endbfchar")
    lines += [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
    return b"\n".join(lines)


def _subset(font: bytes, gids: list[int]) -> bytes:
    """``font`` cut to ``gids``, glyph ids kept, as WeasyPrint subsets (no hinting, no
    layout tables: the PDF holds positioned glyphs)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options(
        retain_gids=True,
        ignore_missing_glyphs=True,
        notdef_outline=True,
        hinting=False,
        layout_features=[],
        name_IDs=["*"],
        name_languages=["*"],
        drop_tables=[*subset.Options().drop_tables, "GSUB", "GPOS", "GDEF", "BASE", "JSTF"],
    )
    ttfont = TTFont(io.BytesIO(font), recalcTimestamp=False, lazy=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids=[0, *gids])
    subsetter.subset(ttfont)
    out = io.BytesIO()
    ttfont.save(out)
    return out.getvalue()


def _fonts(pdf: Any) -> Iterator[Any]:
    for resources in _resources(pdf):
        table = resources.get("/Font")
        if table is not None:
            yield from table.values()


def _resources(pdf: Any) -> Iterator[Any]:
    """Every resource dictionary of the pages and of the forms they draw, once each."""
    seen: set[tuple[int, int]] = set()
    stack = [page.obj.get("/Resources") for page in pdf.pages]
    while stack:
        resources = stack.pop()
        if resources is None:
            continue
        if resources.is_indirect:
            if resources.objgen in seen:
                continue
            seen.add(resources.objgen)
        yield resources
        xobjects = resources.get("/XObject")
        if xobjects is not None:
            stack += [x.get("/Resources") for x in xobjects.values()]
