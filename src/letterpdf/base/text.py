"""What a piece of text is written in: its direction, and the CJK language its script marks."""

from __future__ import annotations

import functools
import re
import sys
import unicodedata


def text_direction(text: str) -> str:
    """``rtl`` when the first strong character is right-to-left (the rule of dir="auto")."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def text_lang(text: str) -> str:
    """``ja`` for text with kana, ``ko`` with hangul, else "": CJK glyph forms differ."""
    if _script_characters("Hira", "Kana").search(text):
        return "ja"
    if _script_characters("Hang").search(text):
        return "ko"
    return ""


@functools.cache
def _script_characters(*scripts: str) -> re.Pattern[str]:
    """The characters fontTools' ``script()`` puts in ``scripts``, as a regex class: a
    search is one call per name, where ``script()`` is a bisect per character (0.2 s
    for the 20,000 names a 10,000-name annex prints)."""
    from fontTools.unicodedata import Scripts

    ends = [*Scripts.RANGES[1:], sys.maxunicode + 1]
    return re.compile(
        "["
        + "".join(
            f"{re.escape(chr(start))}-{re.escape(chr(end - 1))}"
            for start, end, value in zip(Scripts.RANGES, ends, Scripts.VALUES, strict=True)
            if value in scripts
        )
        + "]"
    )
