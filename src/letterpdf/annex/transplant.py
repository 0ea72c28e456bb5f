"""Lay each annex entry out once per build: move measured entry boxes into planned pages.

The measuring pass (annex.py) already breaks every entry into lines at the column's
width. Laying the planned pages out again with the same entries would break every line
a second time, the most expensive part of a render. Instead, a planned page is laid out
as a *frame*: the same template, each column an empty list as tall as its entries (the
template's ``column.height``), and the measured entry boxes are then moved into their
columns. WeasyPrint draws boxes where they stand, so the page prints as if laid out whole.

Only entries whose boxes do not depend on where they stand are moved: no generated
content (list markers and ``::before``/``::after`` may print counters), no backgrounds
(WeasyPrint positions them during layout), no running strings or bookmarks, no entry shifted
by ``position: relative``. A page whose
entries are not all movable, or whose frame is not as planned, is laid out whole. Nor
are entries moved when a stylesheet picks elements by their place among their siblings
(``li:nth-child(even)``, ``li:first-child``, ``li + li``): a moved entry would keep the
style of its place in the measuring layout, not take that of its place in its column.

Boxes are kept per process (forked workers keep their own), under the entry's height
cache key, which names both the entry and everything that shapes it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

#: An entry of a planned column: its group, index, key and measured height (CSS px).
Entry = tuple[int, int, str, float]
#: A planned column: its height (CSS px) and its entries.
Column = tuple[float, tuple[Entry, ...]]
#: A planned page's columns, in document order.
Columns = tuple[Column, ...]

#: Entry key -> its laid-out box, and the box and each box inside it with its offset
#: from the top left of the column it was laid out in.
_KEPT: dict[str, tuple[Any, tuple[tuple[Any, float, float], ...]]] = {}
#: Digits kept of a moved box's position (CSS px). Positions are set from the offsets
#: found when the entry was laid out, never from where an earlier build moved it, and
#: rounded: the offsets differ by float noise between layouts, the bytes must not.
_DIGITS = 4


#: A selector that depends on an element's siblings: structural pseudo-classes, and the
#: ``+`` and ``~`` combinators (not ``~=``).
_BY_POSITION = re.compile(
    r":(nth-|first-child|last-child|only-child|first-of-type|last-of-type|only-of-type|has\()"
    r"|\+|~(?!=)",
    re.IGNORECASE,
)


def styles_by_position(css: str) -> bool:
    """Whether a stylesheet has a selector that picks elements by their siblings (a false
    alarm only costs speed: the pages are laid out whole)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    css = re.sub(r"\{[^{}]*\}", "{}", css)  # declarations: what is left is selectors
    return bool(_BY_POSITION.search(css))


def keep(key: str, box: Any, column: Any) -> None:
    """Keep an entry's box, laid out in ``column``, if it can be moved."""
    if _movable(box):
        x, y = column.content_box_x(), box.position_y
        offsets = tuple((b, b.position_x - x, b.position_y - y) for b in descendants(box))
        _KEPT[key] = (box, offsets)


def kept(key: str) -> bool:
    return key in _KEPT


def forget_all_but(keys: Iterable[str]) -> None:
    """Drop the boxes of entries no longer printed (watch mode keeps the rest)."""
    wanted = set(keys)
    for key in [k for k in _KEPT if k not in wanted]:
        del _KEPT[key]


def fill(document: Any, first: int, columns: Sequence[Columns]) -> list[Any] | None:
    """The pages of ``document`` from ``first`` on, their frame columns filled with the
    kept entry boxes; None if a frame is not as planned or an entry box is missing."""
    from weasyprint.document import Page

    pages = document.pages[first:]
    if len(pages) != len(columns):
        return None
    entries = [e for page in columns for _, run in page for e in run]
    keys = [key for _, _, key, _ in entries]
    if len(set(keys)) != len(keys) or not all(k in _KEPT for k in keys):
        return None
    filled = []
    for page, planned in zip(pages, columns, strict=True):
        lists = list(column_lists(page._page_box))
        if len(lists) != len(planned):
            return None
        for box, (height, run) in zip(lists, planned, strict=True):
            if abs(box.height - height) > 1e-3:
                return None  # the template does not print column.height
            x, y = box.content_box_x(), box.content_box_y()
            children = []
            for _, _, key, step in run:
                entry, offsets = _KEPT[key]
                for b, dx, dy in offsets:
                    b.position_x = round(x + dx, _DIGITS)
                    b.position_y = round(y + dy, _DIGITS)
                children.append(entry)
                y += step
            box.children = children
        filled.append(Page(page._page_box))
    return filled


def column_lists(page: Any) -> Iterator[Any]:
    """The lists of names (``ul.names``/``ol.names``) in a laid-out page, in order."""
    for box in descendants(page):
        if getattr(box, "element_tag", None) in ("ul", "ol") and has_class(box, "names"):
            yield box


def _movable(box: Any) -> bool:
    # An entry shifted down or up (position: relative) stands off the place its offsets
    # start from: moved, it would lose the shift.
    shift = (box.style["top"], box.style["bottom"])
    if box.style["position"] == "relative" and shift != ("auto", "auto"):
        return False
    for b in descendants(box):
        tag = getattr(b, "element_tag", "") or ""
        if "::" in tag or getattr(b, "background", None) is not None:
            return False
        if getattr(b, "bookmark_label", None) or b.style["string_set"] != "none":
            return False
    return True


def has_class(box: Any, name: str) -> bool:
    """Whether a laid-out box comes from an element of class ``name``."""
    element = getattr(box, "element", None)
    return element is not None and name in (element.get("class") or "").split()


def descendants(box: Any) -> Iterator[Any]:
    """A laid-out box and every box inside it, in document order."""
    yield box
    for child in getattr(box, "children", ()):
        yield from descendants(child)
