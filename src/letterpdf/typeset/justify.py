"""Justified paragraphs set line by line as :mod:`.linebreak` plans them, in WeasyPrint.

WeasyPrint fills each line as full as it can. :func:`set_even_lines` lays the letter out
once, measures every justified paragraph with the shaper WeasyPrint sets it with (Pango:
the same fonts, kerning, ligatures and unrounded advances), plans its breaks, marks the
text so that WeasyPrint can break only there, and lays it out again:

- U+2060 WORD JOINER before the character after each break opportunity not used (after
  the space in "human rights"). It draws nothing and is in no text layer. It only ever
  follows a space, a hyphen or a dash, never a letter inside a word, where it would
  split a ligature and its text ("effacer" would lose its "ff").
- U+00AD SOFT HYPHEN at each hyphenation point used, and ``hyphens: manual``, so
  WeasyPrint draws the hyphen itself (:mod:`.drawing` marks it as an incidental
  hyphen in the text layer).
- ``word-spacing`` less by what the tightest line needs: WeasyPrint stretches a line's
  spaces to fill it, but never shrinks them.

Characters are only ever added, never replaced. Ragged-right paragraphs are planned the
same way (their spaces keep their width), and a justified paragraph that cannot be set
evenly (a long web address) is set ragged right. Left to right and right to left alike;
paragraphs in scripts written without spaces (Chinese, Japanese, Korean, Thai...) and
paragraphs WeasyPrint sets around something else (a picture, a float, a list marker,
generated text) keep WeasyPrint's own breaks.

No line of a page ends in a hyphen: a paragraph whose line does at a page's foot is
planned again without that break (a word split across pages is hard to read).
"""

from __future__ import annotations

import logging
import re
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from . import linebreak
from .linebreak import Lines, Settings
from .shaping import SOFT_HYPHEN, advances, breakpoints, flat_text, text_width

LOGGER = logging.getLogger("letterpdf")

WORD_JOINER = "\u2060"
#: Scripts written without spaces between words: their lines stay WeasyPrint's.
_UNSPACED = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u2e80-\u9fff\uac00-\ud7af"
    "\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]"
)
#: Rounds of planning again for a page that ends in a hyphen.
_ROUNDS = 3
#: What a cached layout planned with must match (the HTML is the one before planning).
CACHE_KEY = f"even lines 1: {linebreak.DEFAULT!r}"


def set_even_lines(render: Callable[[], Any], settings: Settings = linebreak.DEFAULT) -> Any:
    """Lay out with ``render()`` (a WeasyPrint ``Document`` each time, from the same
    parsed HTML), with every justified paragraph set as planned."""
    document = render()
    started = time.perf_counter()
    plans = list(_paragraphs(document, settings))
    planning = time.perf_counter() - started
    if not plans:
        return document
    for round in range(_ROUNDS):
        for plan in plans:
            plan.apply()
        document = render()
        foot = _hyphens_at_page_foot(document, plans)
        if not foot or round == _ROUNDS - 1:
            break
        for plan in plans:
            plan.restore()
        for plan, index in foot:
            plan.avoid(index)
    if LOGGER.isEnabledFor(logging.DEBUG):
        LOGGER.debug(
            "Even lines: %d paragraphs planned in %.1f ms (%d ragged), %d set otherwise",
            len(plans),
            planning * 1000,
            sum(1 for p in plans if p.lines and p.lines.ragged),
            len(_set_otherwise(document, plans)),
        )
    return document


@dataclass
class _Plan:
    """One paragraph: its text as WeasyPrint sees it, where each character lives in the
    HTML, its measure, and the lines chosen."""

    element: Any
    paragraph: linebreak.Paragraph
    #: For each breakpoint, whether Pango would break there anyway (else it is a
    #: dictionary hyphenation point, which needs a soft hyphen to break at).
    natural: tuple[bool, ...]
    #: For each character: (node, "text" or "tail", index in that string).
    where: list[tuple[Any, str, int]]
    word_spacing: float
    settings: Settings
    lines: Lines | None = None
    avoided: frozenset[int] = frozenset()
    _saved: dict[tuple[int, str], tuple[Any, str, str | None]] = field(default_factory=dict)

    def plan(self) -> None:
        self.lines = linebreak.break_lines(self.paragraph, self.settings, self.avoided)

    def avoid(self, index: int) -> None:
        self.avoided |= {index}
        self.plan()

    def apply(self) -> None:
        """Mark the HTML so WeasyPrint breaks where the plan says."""
        assert self.lines is not None
        self._save(self.element, "style")
        style = self.element.get("style")
        css = f"{style};" if style else ""
        chosen = {id(b) for b in self.lines.breaks}
        inserts: list[tuple[Any, str, int, str]] = []
        for point, natural in zip(self.paragraph.breakpoints, self.natural, strict=True):
            used = id(point) in chosen
            if natural and not used:
                inserts.append((*self.where[point.start], WORD_JOINER))
            elif used and not natural:
                inserts.append((*self.where[point.start], SOFT_HYPHEN))
        # From the end of each string, so the indices before stay right.
        for node, attr, index, char in sorted(inserts, key=lambda i: (id(i[0]), i[1], -i[2])):
            self._save(node, attr)
            text = getattr(node, attr)
            setattr(node, attr, text[:index] + char + text[index:])
        css += "hyphens: manual"
        if self.lines.ragged and not self.paragraph.ragged:
            css += "; text-align: start"  # cannot be justified well
        if self.lines.shrink:
            css += f"; word-spacing: {self.word_spacing - self.lines.shrink:.3f}px"
        self.element.set("style", css)

    def restore(self) -> None:
        for node, attr, value in self._saved.values():
            if attr == "style":
                if value is None:
                    node.attrib.pop("style", None)
                else:
                    node.set("style", value)
            else:
                setattr(node, attr, value)
        self._saved.clear()

    def _save(self, node: Any, attr: str) -> None:
        key = (id(node), attr)
        if key not in self._saved:
            value = node.get("style") if attr == "style" else getattr(node, attr)
            self._saved[key] = (node, attr, value)


def _paragraphs(document: Any, settings: Settings) -> Iterator[_Plan]:
    """A plan for each paragraph of ``document`` that can have one."""
    for element, fragments in _blocks(document).items():
        plan = _measure(element, fragments, settings)
        if plan is not None:
            plan.plan()
            yield plan


def _blocks(document: Any) -> dict[Any, list[Any]]:
    """{element: its block boxes, page by page} for the blocks of two lines or more that
    are justified or ragged right."""
    found: dict[Any, list[Any]] = {}
    for page in document.pages:
        for box in _descendants(page._page_box):
            if (
                _own_block(box)
                and box.style["text_align_all"] in ("justify", "start", "left")
                and box.style["visibility"] == "visible"
            ):
                found.setdefault(box.element, []).append(box)
    return {e: f for e, f in found.items() if sum(len(b.children) for b in f) > 1}


def _own_block(box: Any) -> bool:
    """Whether ``box`` is a block of an element's own lines (not of its ``::before``)."""
    from weasyprint.formatting_structure import boxes

    return (
        isinstance(box, boxes.BlockContainerBox)
        and box.element is not None
        and "::" not in (box.element_tag or "")
        and any(isinstance(c, boxes.LineBox) for c in box.children)
    )


def _descendants(box: Any, skip: Callable[[Any], bool] = lambda box: False) -> Iterator[Any]:
    """``box`` and the boxes inside it, but not inside those ``skip`` picks."""
    yield box
    if not skip(box):
        for child in getattr(box, "children", ()) or ():
            yield from _descendants(child, skip)


def _hanging(box: Any) -> bool:
    """Whether ``box`` is generated text that hangs in the margin, taking no room in its
    line (a paragraph number: ``::before`` as an inline block with a negative margin)."""
    from weasyprint.formatting_structure import boxes

    return (
        isinstance(box, boxes.InlineBlockBox)
        and (box.element_tag or "").endswith("::before")
        and abs(box.margin_width()) < 0.01
    )


def _measure(element: Any, fragments: list[Any], settings: Settings) -> _Plan | None:
    """The paragraph measured, or None when WeasyPrint should keep setting it."""
    from weasyprint.formatting_structure import boxes

    block = fragments[0]
    style = block.style
    if (
        style["white_space"] != "normal"
        or style["text_align_last"] not in ("auto", "start", "left")
        or len({round(f.width, 3) for f in fragments}) > 1
    ):
        return None
    styles: dict[Any, Any] = {element: style}
    seen: list[str] = []
    for fragment in fragments:
        for line in fragment.children:
            if not isinstance(line, boxes.LineBox):
                return None  # a block inside the paragraph
            for box in _descendants(line, _hanging):
                if box is line or _hanging(box):
                    continue
                if not isinstance(box, (boxes.TextBox, boxes.InlineBox)) or (
                    "::" in (box.element_tag or "")
                ):
                    return None  # a picture, an inline block, generated text...
                if isinstance(box, boxes.TextBox):
                    styles[box.element] = box.style
                    seen.append(box.text)
    text, where, owners = flat_text(element)
    if not text or _UNSPACED.search(text) or _bare(text) != _bare("".join(seen)):
        return None
    if any(not _same_setting(styles.get(o), style) for o in set(owners)):
        return None
    widths = advances(text, [styles[o] for o in owners])
    points, natural = breakpoints(text, [styles[o] for o in owners], style, settings)
    indent = _first_indent(block)
    if indent is None:
        return None
    ragged = style["text_align_all"] != "justify"
    paragraph = linebreak.Paragraph(
        text, tuple(widths), tuple(points), block.width, text_width(" ", style), indent, ragged
    )
    return _Plan(element, paragraph, tuple(natural), where, style["word_spacing"], settings)


def _same_setting(style: Any, block: Any) -> bool:
    """Whether text in ``style`` breaks and spaces as its paragraph: the plan marks the
    paragraph, and measures text as it is now."""
    return style is not None and all(
        style[name] == block[name]
        for name in ("hyphens", "word_spacing", "white_space", "text_transform", "direction")
    )


def _bare(text: str) -> str:
    """Text with what line breaking adds or drops left out, to compare two versions."""
    return re.sub(f"[\\s{WORD_JOINER}{SOFT_HYPHEN}\u2010]", "", text)


def _first_indent(block: Any) -> float | None:
    """How much shorter the paragraph's first line is (``text-indent``), or None for
    an indent WeasyPrint computes as it lays out (``calc()``)."""
    indent = block.style["text_indent"]
    unit = getattr(indent, "unit", None)
    if unit == "%":
        return float(indent.value) / 100 * float(block.width)
    return float(indent.value) if unit == "px" else None


def _hyphens_at_page_foot(document: Any, plans: list[_Plan]) -> list[tuple[_Plan, int]]:
    """(plan, breakpoint index) for each page whose last line ends in a hyphen."""
    from weasyprint.formatting_structure import boxes

    by_element = {id(p.element): p for p in plans}
    seen: dict[int, int] = {}  # lines of each paragraph on the pages before

    def lines(box: Any) -> Iterator[tuple[_Plan | None, int]]:
        """(plan, line number) of each line in ``box``; (None, 0) for one not planned."""
        plan = by_element.get(id(box.element))
        if plan is not None and _own_block(box):
            for child in box.children:
                if isinstance(child, boxes.LineBox):
                    seen[id(plan)] = seen.get(id(plan), -1) + 1
                    yield plan, seen[id(plan)]
        elif isinstance(box, boxes.LineBox):
            yield None, 0
        else:
            for child in getattr(box, "children", ()) or ():
                yield from lines(child)

    found = []
    for page in document.pages:
        # The root box; the margin boxes (running heads, page numbers) follow it.
        last = deque(lines(page._page_box.children[0]), maxlen=1)
        plan, line = last[0] if last else (None, 0)
        if plan is None or plan.lines is None:
            continue
        if line < len(plan.lines.breaks) and plan.lines.breaks[line].hyphen:
            found.append((plan, plan.paragraph.breakpoints.index(plan.lines.breaks[line])))
    return found


def _set_otherwise(document: Any, plans: list[_Plan]) -> list[_Plan]:
    """The plans whose paragraph WeasyPrint did not break as planned."""
    from weasyprint.formatting_structure import boxes

    laid: dict[int, list[str]] = {}
    for page in document.pages:
        for box in _descendants(page._page_box):
            if _own_block(box):
                laid.setdefault(id(box.element), []).extend(
                    _line_text(line) for line in box.children if isinstance(line, boxes.LineBox)
                )
    wrong = []
    for plan in plans:
        if plan.lines is None:
            continue
        text = plan.paragraph.text
        wanted = [_line_text(text[start:end]) for start, end in plan.lines.spans]
        if laid.get(id(plan.element)) != wanted:
            wrong.append(plan)
    return wrong


def _line_text(line: Any) -> str:
    """A line's characters, without what line breaking adds (a drawn hyphen, joiners)."""
    if not isinstance(line, str):
        from weasyprint.formatting_structure import boxes

        hyphen = line.style["hyphenate_character"]
        texts = [b.text for b in _descendants(line, _hanging) if isinstance(b, boxes.TextBox)]
        line = "".join(texts).removesuffix(hyphen) if texts else ""
    return re.sub(f"[{WORD_JOINER}{SOFT_HYPHEN}]", "", line).strip()
