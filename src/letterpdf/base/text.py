"""What a piece of text is written in: its direction, and the CJK language its script marks."""

from __future__ import annotations

import functools
import re
import sys
import unicodedata
from typing import Any


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


#: The glyph forms a Han-only name takes from its country (the script alone does not say).
CJK_BY_COUNTRY = {
    "JP": "ja",
    "CN": "zh-Hans",
    "SG": "zh-Hans",
    "TW": "zh-Hant",
    "HK": "zh-Hant",
    "MO": "zh-Hant",
    "KR": "ko",
    "KP": "ko",
}
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
#: Japanese legal forms BudouX splits ("特定非 / 営利活動法人"): kept whole.
_JA_LEGAL_FORMS = re.compile(
    "(特定非営利活動法人|認定特定非営利活動法人|公益財団法人|公益社団法人|一般財団法人|"
    "一般社団法人|社会福祉法人|認定NPO法人|ＮＰＯ法人|NPO法人|学校法人|宗教法人)"
)
_OPENING = "\uff08(\u300c\u300e\u3010\u3014\u300a\u3008\uff3b[\uff5b{"
_CLOSING = "\uff09)\u300d\u300f\u3011\u3015\u300b\u3009\uff3d]\uff5d}"
#: A phrase longer than this may break inside: it could be wider than a column (a 51 mm
#: column at 8.5 pt holds 17 ideographs).
PHRASE_MAX = 14


def has_han(text: str) -> bool:
    """Whether ``text`` holds Chinese characters (kanji, hanzi, hanja)."""
    return bool(_HAN.search(text))


def cjk_lang(text: str, country_code: str = "") -> str:
    """The glyph forms a name takes: ja for kana, ko for hangul, else its country's for a
    name with Han characters; "" when neither says."""
    return text_lang(text) or (CJK_BY_COUNTRY.get(country_code, "") if has_han(text) else "")


def cjk_phrases(text: str, lang: str) -> tuple[str, ...]:
    """``text`` cut where a Japanese, Chinese or Korean line may break between words:
    BudouX's phrases for Japanese and Chinese (legal forms and brackets kept whole, long
    phrases cut where the script changes), words for Korean. Joined, they are ``text``."""
    primary = lang.split("-")[0].lower()
    if primary == "ko" or (not primary and _HANGUL.search(text)):
        return tuple(re.findall(r"\S+\s*|\s+", text))
    if primary not in ("ja", "zh"):
        return (text,)
    parser = _budoux(lang)
    pieces: list[str] = []
    for part in _JA_LEGAL_FORMS.split(text) if primary == "ja" else (text,):
        if not part:
            continue
        if _JA_LEGAL_FORMS.fullmatch(part):
            pieces.append(part)
            continue
        for phrase in parser.parse(part):
            pieces += _script_runs(phrase) if len(phrase) > PHRASE_MAX else [phrase]
    return tuple(_bracketed(pieces))


@functools.cache
def _budoux(lang: str) -> Any:
    import budoux

    tag = lang.lower()
    if tag.startswith("ja"):
        return budoux.load_default_japanese_parser()
    if "hant" in tag or tag in ("zh-tw", "zh-hk", "zh-mo"):
        return budoux.load_default_traditional_chinese_parser()
    return budoux.load_default_simplified_chinese_parser()


def _script_runs(phrase: str) -> list[str]:
    """A long phrase cut where kanji, kana and Latin meet ("営利活動法人|ヒューマン")."""
    from fontTools.unicodedata import script

    runs: list[str] = []
    last = ""
    for char in phrase:
        kind = script(char)
        kind = last if kind in ("Zyyy", "Zinh") else kind
        if runs and kind == last:
            runs[-1] += char
        else:
            runs.append(char)
        last = kind
    return runs


def _bracketed(pieces: list[str]) -> list[str]:
    """Pieces joined so that nothing breaks inside brackets, and no piece is one lone
    character (a line never starts with "会" alone)."""
    out: list[str] = []
    depth = 0
    for piece in pieces:
        if out and (depth > 0 or len(piece) == 1 or piece[0] in _CLOSING):
            out[-1] += piece
        else:
            out.append(piece)
        depth = max(0, depth + sum(piece.count(c) for c in _OPENING))
        depth = max(0, depth - sum(piece.count(c) for c in _CLOSING))
    return out
