"""A paragraph's text as WeasyPrint sets it: each character's advance, and where a line
may end.

Advances come from Pango, the shaper WeasyPrint lays text out with (the same fonts,
kerning, ligatures and unrounded positions), each run of one style shaped whole. Lines
may end where Pango would break them (after a space, a hyphen, a dash) and at the
hyphenation points of the dictionary WeasyPrint uses (pyphen, the text's language,
``hyphenate-limit-chars``).
"""

from __future__ import annotations

import re
from typing import Any

from .linebreak import Breakpoint, Settings

SOFT_HYPHEN = "\u00ad"
#: Hyphens a word may hold; a line breaking after one ends in a hyphen.
HYPHENS = frozenset("-\u2010")
_COLLAPSIBLE = " \t\n\r\f"
#: Web and e-mail addresses: never hyphenated.
_ADDRESS = re.compile(r"\S*(?:://|www\.|@)\S*")
_WORD = re.compile(r"[^\W\d_]+")


def flat_text(element: Any) -> tuple[str, list[tuple[Any, str, int]], list[Any]]:
    """The element's text as CSS collapses white space; for each character, where it is
    in the HTML and the element it is set in."""
    chars: list[str] = []
    where: list[tuple[Any, str, int]] = []
    owners: list[Any] = []

    def add(text: str | None, node: Any, attr: str, owner: Any) -> None:
        for index, char in enumerate(text or ""):
            if char in _COLLAPSIBLE:
                if not chars or chars[-1] == " ":
                    continue
                char = " "
            chars.append(char)
            where.append((node, attr, index))
            owners.append(owner)

    def walk(node: Any) -> None:
        add(node.text, node, "text", node)
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            add(child.tail, child, "tail", node)

    walk(element)
    while chars and chars[-1] == " ":
        chars.pop(), where.pop(), owners.pop()
    return "".join(chars), where, owners


def advances(text: str, styles: list[Any]) -> list[float]:
    """Each character's advance, each run of one style shaped on its own."""
    found: list[float] = []
    start = 0
    while start < len(text):
        end = start
        while end < len(text) and styles[end] is styles[start]:
            end += 1
        found += _run_advances(text[start:end], styles[start])
        start = end
    return found


def _run_advances(text: str, style: Any) -> list[float]:
    """The advance of each character of ``text`` set on one line in ``style``."""
    from weasyprint.text.ffi import FROM_UNITS, ffi
    from weasyprint.text.line_break import Layout

    layout = Layout(style)
    layout.set_text(text)
    line, _ = layout.get_first_line()
    data = text.encode()
    # UTF-8 byte offset -> character index
    char_at = [0] * (len(data) + 1)
    index = -1
    for offset, byte in enumerate(data):
        if byte & 0xC0 != 0x80:
            index += 1
        char_at[offset] = index
    advances = [0.0] * len(text)
    run = line.runs
    while run != ffi.NULL:
        item = ffi.cast("PangoGlyphItem *", run.data)
        glyphs, start = item.glyphs, item.item.offset
        for i in range(glyphs.num_glyphs):
            cluster = char_at[start + glyphs.log_clusters[i]]
            advances[cluster] += glyphs.glyphs[i].geometry.width * FROM_UNITS
        run = run.next
    layout.deactivate()
    return advances


def text_width(text: str, style: Any) -> float:
    return sum(_run_advances(text, style))


def breakpoints(
    text: str, styles: list[Any], block: Any, settings: Settings
) -> tuple[list[Breakpoint], list[bool]]:
    """Where a line may end: Pango's break opportunities (after a space, a hyphen, a
    dash...), and the hyphenation points of the words WeasyPrint would hyphenate."""
    from weasyprint.text.line_break import get_log_attrs

    attrs = get_log_attrs(text, block["lang"])
    found: dict[int, tuple[Breakpoint, bool]] = {}
    for i in range(1, len(text)):
        if not attrs[i].is_line_break:
            continue
        before = text[i - 1]
        if before == " ":
            point = Breakpoint(i, i - 1)
        elif before == SOFT_HYPHEN:
            point = _hyphenation(i, styles[i - 1], settings)
        else:
            hyphen = before in HYPHENS
            penalty = settings.hard_hyphen_penalty if hyphen else settings.hyphen_penalty
            point = Breakpoint(i, i, penalty=penalty, hyphen=hyphen)
        found[i] = (point, True)
    addresses = [m.span() for m in _ADDRESS.finditer(text)]
    for word in _WORD.finditer(text):
        style = styles[word.start()]
        if style["hyphens"] != "auto" or any(a <= word.start() < b for a, b in addresses):
            continue
        around = text[max(0, word.start() - 1) : word.end() + 1]
        if SOFT_HYPHEN in around:
            continue  # the writer's own soft hyphens decide
        if HYPHENS.intersection(around):
            continue  # a compound breaks at its own hyphen only ("Technical-as-" is ugly)
        for position in _hyphenation_points(word.group(), style):
            at = word.start() + position
            found.setdefault(at, (_hyphenation(at, style, settings), False))
    ordered = [found[i] for i in sorted(found)]
    return [p for p, _ in ordered], [n for _, n in ordered]


def _hyphenation(at: int, style: Any, settings: Settings) -> Breakpoint:
    hyphen = text_width(style["hyphenate_character"], style)
    return Breakpoint(at, at, hyphen, settings.hyphen_penalty, hyphen=True, hyphenation=True)


def _hyphenation_points(word: str, style: Any) -> list[int]:
    """Where the dictionary of the text's language lets ``word`` break, within the
    style's ``hyphenate-limit-chars`` (as WeasyPrint hyphenates)."""
    total, left, right = style["hyphenate_limit_chars"]
    if len(word) < total or not style["lang"]:
        return []
    dictionary = _dictionary(style["lang"], left, right)
    return list(dictionary.positions(word)) if dictionary else []


_DICTIONARIES: dict[tuple[str, int, int], Any] = {}


def _dictionary(lang: str, left: int, right: int) -> Any:
    import pyphen

    key = (lang, left, right)
    if key not in _DICTIONARIES:
        found = pyphen.language_fallback(lang)
        _DICTIONARIES[key] = found and pyphen.Pyphen(lang=found, left=left, right=right)
    return _DICTIONARIES[key]
