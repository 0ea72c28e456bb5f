"""Merge the font subsets of a PDF joined from several WeasyPrint documents: one per face.

Each WeasyPrint document embeds its own subset of every face it uses, under the same
BaseFont name (WeasyPrint names a face by a hash of its description). WeasyPrint subsets
with glyph ids kept (HarfBuzz RETAIN_GIDS) and writes Identity-H fonts (CID = glyph id),
so the text of every copy reads the same in a font holding the union of their glyphs.
Here the copies of a face become one font: the original file subset to the union of
glyphs (HarfBuzz, glyph ids kept), the union of the /W widths and of the ToUnicode maps.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ..base.logger import LOGGER

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
    layout tables: the PDF holds positioned glyphs). HarfBuzz when the library is there
    (milliseconds), else fontTools (about half a second for a Noto face)."""
    return _hb_subset(font, gids) or _fonttools_subset(font, gids)


_HB_CDEF = """
typedef struct hb_blob_t hb_blob_t; typedef struct hb_face_t hb_face_t;
typedef struct hb_set_t hb_set_t; typedef struct hb_subset_input_t hb_subset_input_t;
hb_blob_t *hb_blob_create(const char *, unsigned int, int, void *, void *);
void hb_blob_destroy(hb_blob_t *);
const char *hb_blob_get_data(hb_blob_t *, unsigned int *);
hb_face_t *hb_face_create(hb_blob_t *, unsigned int);
hb_blob_t *hb_face_reference_blob(hb_face_t *);
void hb_face_destroy(hb_face_t *);
void hb_set_add(hb_set_t *, unsigned int);
unsigned int hb_tag_from_string(const char *, int);
hb_subset_input_t *hb_subset_input_create_or_fail(void);
void hb_subset_input_destroy(hb_subset_input_t *);
hb_set_t *hb_subset_input_glyph_set(hb_subset_input_t *);
hb_set_t *hb_subset_input_set(hb_subset_input_t *, int);
void hb_subset_input_set_flags(hb_subset_input_t *, unsigned int);
hb_face_t *hb_subset_or_fail(hb_face_t *, const hb_subset_input_t *);
"""
#: HB_SUBSET_FLAGS_NO_HINTING | RETAIN_GIDS | DESUBROUTINIZE | NOTDEF_OUTLINE
_HB_FLAGS = 0x1 | 0x2 | 0x4 | 0x40
_HB_DROP_TABLE_SET = 3
_HB_DROPPED = (b"BASE", b"DSIG", b"GDEF", b"GPOS", b"GSUB", b"JSTF", b"LTSH", b"PCLT", b"SVG ")


def _hb_subset(font: bytes, gids: list[int]) -> bytes | None:
    try:
        import cffi

        ffi = cffi.FFI()
        ffi.cdef(_HB_CDEF)
        hb = ffi.dlopen("libharfbuzz-subset.so.0")
    except (ImportError, OSError):
        return None
    buffer = ffi.from_buffer(font)
    blob = hb.hb_blob_create(buffer, len(font), 1, ffi.NULL, ffi.NULL)  # 1: read-only
    face = hb.hb_face_create(blob, 0)
    subset_input = hb.hb_subset_input_create_or_fail()
    try:
        glyphs = hb.hb_subset_input_glyph_set(subset_input)
        for gid in (0, *gids):
            hb.hb_set_add(glyphs, gid)
        dropped = hb.hb_subset_input_set(subset_input, _HB_DROP_TABLE_SET)
        for tag in _HB_DROPPED:
            hb.hb_set_add(dropped, hb.hb_tag_from_string(tag, -1))
        hb.hb_subset_input_set_flags(subset_input, _HB_FLAGS)
        subset = hb.hb_subset_or_fail(face, subset_input)
        if subset == ffi.NULL:
            return None
        out = hb.hb_face_reference_blob(subset)
        length = ffi.new("unsigned int *")
        data = bytes(ffi.buffer(hb.hb_blob_get_data(out, length), length[0]))
        hb.hb_blob_destroy(out)
        hb.hb_face_destroy(subset)
        return data or None
    finally:
        hb.hb_subset_input_destroy(subset_input)
        hb.hb_face_destroy(face)
        hb.hb_blob_destroy(blob)


def _fonttools_subset(font: bytes, gids: list[int]) -> bytes:
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
