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


#: Explicit bidi embeddings, overrides and isolates (UAX #9, X1-X10): inside a name they
#: would print part of it reversed or out of order. Dropped from names, and reported.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: Characters that print nothing and mean nothing in a name: zero-width space, word
#: joiner, byte order mark, invisible operators, Mongolian vowel separator, Hangul
#: fillers, tag characters. Dropped, and reported (they break search and copying).
INVISIBLE = frozenset(
    "\u200b\u2060\ufeff\u2061\u2062\u2063\u2064\u180e\u115f\u1160\u3164\uffa0"
    + "".join(chr(c) for c in range(0xE0000, 0xE0080))
)
#: Bidi marks: invisible, but they place neutral characters (brackets, digits) in mixed
#: right-to-left and left-to-right names. Kept, and reported.
BIDI_MARKS = frozenset("\u200e\u200f\u061c")
#: Zero-width joiner and non-joiner: part of the spelling in Arabic-script, Indic and
#: other joining scripts, and of emoji sequences, where they are kept and not reported;
#: elsewhere kept, and reported.
JOINERS = frozenset("\u200c\u200d")
#: Scripts in which ZWJ and ZWNJ shape the letters around them.
_JOINING_SCRIPTS = frozenset(
    {
        *("Arab", "Syrc", "Mong", "Nkoo", "Phag", "Mand", "Adlm", "Rohg", "Thaa"),
        *("Deva", "Beng", "Guru", "Gujr", "Orya", "Taml", "Telu", "Knda", "Mlym", "Sinh"),
        *("Khmr", "Mymr", "Tibt", "Laoo", "Thai", "Bali", "Java", "Sund", "Tglg", "Limb"),
    }
)
_DROPPED = "".join(sorted(BIDI_CONTROLS | INVISIBLE))
_DROP = re.compile(f"[{re.escape(_DROPPED)}]")
_SUSPECT = re.compile(f"[{re.escape(_DROPPED + ''.join(BIDI_MARKS | JOINERS))}]")


def without_controls(text: str) -> str:
    """``text`` with the bidi controls and invisible characters a name must not hold."""
    return _DROP.sub("", text) if _DROP.search(text) else text


def control_characters(text: str) -> tuple[tuple[str, bool], ...]:
    """Each bidi control or invisible character ``text`` holds that is worth a word,
    once, in order, with whether it is dropped from the printed name: ZWJ and ZWNJ
    inside a joining script or an emoji sequence are spelling, not listed."""
    if not _SUSPECT.search(text):
        return ()
    found: dict[str, bool] = {}
    for i, char in enumerate(text):
        if char in found or not _SUSPECT.match(char):
            continue
        if char in JOINERS and _joins(text, i):
            continue
        found[char] = char not in BIDI_MARKS and char not in JOINERS
    return tuple(found.items())


def _joins(text: str, i: int) -> bool:
    """Whether the joiner at ``i`` stands between letters of a joining script, or in an
    emoji sequence."""
    from fontTools.unicodedata import script

    before = next((c for c in reversed(text[:i]) if not unicodedata.combining(c)), "")
    after = text[i + 1 : i + 2]
    if any(c and _pictographic(c) for c in (before, after)):
        return True
    return bool(before) and script(before) in _JOINING_SCRIPTS


def _pictographic(char: str) -> bool:
    """Emoji and pictographs (the blocks Extended_Pictographic mostly covers)."""
    code = ord(char)
    return 0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF or char == "\ufe0f"


def describe(char: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed')}"
