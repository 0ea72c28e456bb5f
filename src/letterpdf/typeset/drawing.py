"""The PDF's text layer gives back what was written: ``/ActualText`` where glyphs cannot.

WeasyPrint maps each glyph to the text of the cluster it was first drawn for (one
ToUnicode entry per glyph). A glyph of a reordered or ligated cluster then gets the
wrong text or none ("हिन्दी" came back as "हिदी"), and a glyph two letters share keeps
the first one's (a Uyghur name's final ae read as heh, once an Arabic name had a heh).
Search, copy and screen readers get the wrong name. A line holding such text is drawn
inside a marked-content span whose ``/ActualText`` is the line as written (ISO 32000-1,
14.9.4):

- left to right: lines in a complex script (Indic, Khmer, Myanmar, Tibetan...), lines
  with combining marks, and lines with a letter whose glyph another letter of the same
  document shares;
- right to left, only where the glyphs alone cannot give the line back: vowel signs and
  other marks, joiners, and letters that share a glyph with another letter of the same
  document. poppler and pdfium read the characters of an ``/ActualText`` in the order the
  glyphs are drawn and then reorder the line as right-to-left text, so such a line's
  ``/ActualText`` is given in display order (the Unicode Bidirectional Algorithm's visual
  order), closed by a right-to-left mark so that a trailing vowel sign stays with its
  letter. Those readers then give back the name; a reader that takes ``/ActualText`` as
  logical text reads such a line reversed, which is why plain right-to-left lines keep
  WeasyPrint's glyph mapping.

A word hyphenated at a line end is drawn with its hyphen, but the hyphen is not part of
the text: such a line's ``/ActualText`` ends in a soft hyphen (U+00AD, ISO 32000-1,
14.8.2.2.3: an incidental hyphen), so search and copy find "particularly", and a
screen reader does not say "particu hyphen larly".

Tagging: WeasyPrint builds the structure tree page by page, so a paragraph that runs
onto the next page becomes two paragraphs, and a multi-column list a list of lists. Each
structure element it makes is marked here with the HTML element it stands for (and
whether that is ``aria-hidden``), so that output/structure.py can join the pieces of
one element and drop what a reader should not hear; the marks are removed there.

This is the one place letterpdf changes how WeasyPrint draws and tags: :func:`install`
wraps ``weasyprint.draw.draw_text`` and ``weasyprint.pdf.tags._build_box_tree``;
:func:`configure` tells it which letters share glyphs in the document about to be drawn.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from fontTools.unicodedata import script

from ..base.text import text_direction

#: Scripts whose glyphs map one to one to characters in WeasyPrint's ToUnicode.
_SIMPLE_SCRIPTS = frozenset(
    {"Latn", "Grek", "Cyrl", "Hani", "Hira", "Kana", "Hang", "Bopo", "Zyyy", "Zinh", "Zzzz"}
)
_ASCII = re.compile(r"[\x00-\x7f]*")
#: Marks and joiners: a cluster of several characters or glyphs.
_MARKS = frozenset({"Mn", "Mc", "Me"})
_JOINERS = frozenset("\u200c\u200d")
#: Right-to-left mark: ends a right-to-left ``/ActualText`` (see the module docstring).
RLM = "\u200f"
#: What a line's hyphenation hyphen is in the text layer (an incidental hyphen).
SOFT_HYPHEN = "\u00ad"
#: Draws nothing and is no text: it only keeps a line from breaking (see justify.py).
WORD_JOINER = "\u2060"
#: Glyph features whose single substitutions pick a letter's positional form.
_FORM_FEATURES = frozenset({"isol", "init", "medi", "fina", "locl", "ccmp", "rlig", "calt"})

#: Letters of the document being drawn that share a glyph with another of its letters.
_ambiguous: frozenset[str] = frozenset()
#: Draw colours as CMYK (a print shop's PDF/X file): sRGB greys as black ink alone.
_cmyk = False


@functools.cache
def shared_glyphs(font: Path) -> tuple[frozenset[str], ...]:
    """Groups of characters that a font draws, in some form, with the same glyph
    (its cmap, and the single substitutions of its positional-form features)."""
    from fontTools.ttLib import TTFont

    with TTFont(font, lazy=True) as face:
        cmap = face.getBestCmap() or {}
        forms: list[dict[str, str]] = []
        if "GSUB" in face:
            table = face["GSUB"].table
            wanted = {
                i
                for record in table.FeatureList.FeatureRecord
                if record.FeatureTag in _FORM_FEATURES
                for i in record.Feature.LookupListIndex
            }
            for index in sorted(wanted):
                lookup = table.LookupList.Lookup[index]
                for sub in lookup.SubTable:
                    sub = sub.ExtSubTable if lookup.LookupType == 7 else sub
                    if type(sub).__name__ == "SingleSubst" and sub.mapping:
                        forms.append(sub.mapping)
        owners: dict[str, set[str]] = {}
        for code, glyph in cmap.items():
            glyphs = {glyph} | {m[glyph] for m in forms if glyph in m}
            if unicodedata.category(chr(code))[0] in "LNM":  # spaces and dashes may share
                for g in glyphs:
                    owners.setdefault(g, set()).add(chr(code))
    return tuple({frozenset(o) for o in owners.values() if len(o) > 1})


def configure(text: str, fonts: Iterable[Path], *, cmyk: bool = False) -> None:
    """Say which letters of ``text`` (all a document prints) share a glyph with another
    of its letters in ``fonts``; lines holding one get ``/ActualText``. ``cmyk``: the
    document goes to a print shop (see :func:`cmyk`)."""
    global _ambiguous, _cmyk
    _cmyk = cmyk
    present = set(text)
    _ambiguous = frozenset(
        char
        for font in fonts
        for group in shared_glyphs(font)
        if len(group & present) > 1
        for char in group & present
    )


@functools.lru_cache(maxsize=65536)
def _needs(text: str, rtl: bool, ambiguous: frozenset[str]) -> bool:
    if _ASCII.fullmatch(text):
        return False
    for char in set(text):
        if ord(char) < 0x80:
            continue
        if char in ambiguous or char in _JOINERS or unicodedata.category(char) in _MARKS:
            return True
        if not rtl and script(char) not in _SIMPLE_SCRIPTS:
            return True
    return False


def needs_actual_text(text: str, rtl: bool = False) -> bool:
    """Whether the glyphs of a line may not give ``text`` back (see the module docstring)."""
    return _needs(text, rtl, _ambiguous)


def actual_text(text: str, rtl: bool = False) -> str:
    """The ``/ActualText`` of a line: NFC, without the word joiners that only steer line
    breaking (:mod:`.justify`); in display order when right to left."""
    text = unicodedata.normalize("NFC", text.replace(WORD_JOINER, ""))
    if not rtl:
        return text
    from bidi import get_display

    return str(get_display(text + RLM, base_dir="R"))


def _hyphenated(textbox: Any) -> str:
    """The hyphen WeasyPrint added where it broke a word at this line's end, or ""."""
    style = textbox.style
    hyphen = str(style["hyphenate_character"])
    text = textbox.text
    if style["hyphens"] == "none" or not hyphen or not text.endswith(hyphen):
        return ""
    # A hyphen the text itself holds is part of it: WeasyPrint's own is the
    # hyphenate-character (U+2010 by default), which letters do not type.
    return hyphen if hyphen not in text[: -len(hyphen)] else ""


@functools.cache
def install() -> None:
    """Wrap WeasyPrint's text drawing once per process (workers inherit it)."""
    import pydyf
    import weasyprint.draw as draw

    original = draw.draw_text

    def draw_text(stream: Any, textbox: Any, *args: Any, **kwargs: Any) -> Any:
        text = textbox.text
        rtl = textbox.style["direction"] == "rtl" or text_direction(text) == "rtl"
        hyphen = _hyphenated(textbox)
        if not text.strip() or not (hyphen or needs_actual_text(text, rtl)):
            return original(stream, textbox, *args, **kwargs)
        if hyphen:  # the hyphen WeasyPrint drew, after the soft hyphen it broke at, if any
            text = text[: -len(hyphen)].removesuffix(SOFT_HYPHEN) + SOFT_HYPHEN
        actual = actual_text(text, rtl)
        span = pydyf.Dictionary({"ActualText": pydyf.String(actual)})
        stream.begin_marked_content("Span", span)
        try:
            return original(stream, textbox, *args, **kwargs)
        finally:
            stream.end_marked_content()

    draw.draw_text = draw_text
    _mark_structure()
    _print_colours()


def cmyk(red: float, green: float, blue: float) -> tuple[float, float, float, float]:
    """An sRGB colour as ink: a grey (black text, grey labels and rules) as black ink
    alone, any other colour by the naive formula (no colour management: write
    ``device-cmyk()`` in a stylesheet for exact inks)."""
    black = 1 - max(red, green, blue)
    if black >= 1:
        return (0.0, 0.0, 0.0, 1.0)
    if red == green == blue:
        return (0.0, 0.0, 0.0, round(black, 4))
    return tuple(  # type: ignore[return-value]
        round(x, 4) for x in ((1 - red - black) / (1 - black), (1 - green - black) / (1 - black),
                              (1 - blue - black) / (1 - black), black)
    )  # fmt: skip


def _print_colours() -> None:
    from tinycss2.color5 import Color
    from weasyprint.pdf.stream import Stream

    original = Stream.set_color

    def set_color(self: Any, color: Any, stroke: bool = False) -> Any:
        if _cmyk and color.space in ("srgb", "hsl", "hwb"):
            red, green, blue = color.to("srgb").coordinates
            color = Color("device-cmyk", cmyk(red, green, blue), color.alpha)
        return original(self, color, stroke)

    Stream.set_color = set_color


#: What output/structure.py reads off a structure element: the HTML element it stands
#: for (elements of one data-struct name count as one), and whether it is aria-hidden.
ELEMENT_KEY = "LetterpdfElement"
HIDDEN_KEY = "LetterpdfHidden"


def _mark_structure() -> None:
    import weasyprint.pdf.tags as tags

    original = tags._build_box_tree
    names: dict[str, int] = {}

    def build(box: Any, *args: Any) -> Any:
        for element in original(box, *args):
            source = getattr(box, "element", None)
            if source is not None and ELEMENT_KEY not in element:
                shared = source.get("data-struct")
                key = names.setdefault(shared, len(names) + 1) if shared else id(source)
                element[ELEMENT_KEY] = -key if shared else key
                if source.get("aria-hidden") == "true":
                    element[HIDDEN_KEY] = "true"  # written as the PDF boolean
            yield element

    tags._build_box_tree = build
