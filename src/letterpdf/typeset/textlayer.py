"""The PDF's text layer gives back what was written: ``/ActualText`` on complex-script lines.

WeasyPrint maps each glyph to the text of the cluster it was first drawn for (one
ToUnicode entry per glyph). A glyph of a reordered or ligated cluster then gets the
wrong text or none ("हिन्दी" came back as "हिदी"), and a glyph two letters share takes
the first one's (Persian yeh read as Arabic yeh, Uyghur ae as heh). Search, copy and
screen readers get the wrong name. A line holding such text is drawn inside a
marked-content span whose ``/ActualText`` is the line as written (ISO 32000-1, 14.9.4).

Right to left: poppler and pdfium read the characters of an ``/ActualText`` in the order
the glyphs are drawn (left to right) and then reorder the line as right-to-left text, so
a right-to-left line's ``/ActualText`` is given in display order (the Unicode
Bidirectional Algorithm's visual order), closed by a right-to-left mark so that a
trailing vowel sign stays with its letter. That is what makes those readers give back
the name; a reader that takes ``/ActualText`` as logical text reads such a line
reversed. Right-to-left lines get a span only where their glyphs alone cannot give the
name back: Arabic-script letters (shared glyph forms), vowel signs, joiners.

This is the one place letterpdf changes how WeasyPrint draws: :func:`install` wraps
``weasyprint.draw.draw_text``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

from fontTools.unicodedata import script

from ..base.text import text_direction

#: Scripts whose glyphs map one to one to characters in WeasyPrint's ToUnicode: the
#: lines of these need no ``/ActualText`` (unless they hold combining marks).
_SIMPLE_SCRIPTS = frozenset(
    {"Latn", "Grek", "Cyrl", "Hani", "Hira", "Kana", "Hang", "Bopo", "Zyyy", "Zinh", "Zzzz"}
)
#: Right-to-left text whose glyphs alone may not give it back: Arabic-script letters
#: (shared forms), marks and the joiners.
_RTL_AT_RISK = re.compile(
    r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff\u200c\u200d"
    r"\u0591-\u05c7\u0730-\u074a\u07a6-\u07b0]"
)
_ASCII = re.compile(r"[\x00-\x7f]*")
#: Right-to-left mark: ends a right-to-left ``/ActualText`` (see the module docstring).
RLM = "\u200f"


@functools.lru_cache(maxsize=65536)
def needs_actual_text(text: str, rtl: bool = False) -> bool:
    """Whether the glyphs of a line may not give ``text`` back: a complex script, or a
    combining mark (a cluster of several glyphs, or one glyph for several characters)."""
    if _ASCII.fullmatch(text):
        return False
    if rtl:
        return bool(_RTL_AT_RISK.search(text))
    for char in set(text):
        if ord(char) < 0x80:
            continue
        if unicodedata.category(char) in ("Mn", "Mc", "Me"):
            return True
        if script(char) not in _SIMPLE_SCRIPTS:
            return True
    return False


def actual_text(text: str, rtl: bool = False) -> str:
    """The ``/ActualText`` of a line: NFC; in display order when right to left."""
    text = unicodedata.normalize("NFC", text)
    if not rtl:
        return text
    from bidi import get_display

    return str(get_display(text + RLM, base_dir="R"))


@functools.cache
def install() -> None:
    """Wrap WeasyPrint's text drawing once per process (workers inherit it)."""
    import pydyf
    import weasyprint.draw as draw

    original = draw.draw_text

    def draw_text(stream: Any, textbox: Any, *args: Any, **kwargs: Any) -> Any:
        text = textbox.text
        rtl = textbox.style["direction"] == "rtl" or text_direction(text) == "rtl"
        if not text.strip() or not needs_actual_text(text, rtl):
            return original(stream, textbox, *args, **kwargs)
        span = pydyf.Dictionary({"ActualText": pydyf.String(actual_text(text, rtl))})
        stream.begin_marked_content("Span", span)
        try:
            return original(stream, textbox, *args, **kwargs)
        finally:
            stream.end_marked_content()

    draw.draw_text = draw_text
