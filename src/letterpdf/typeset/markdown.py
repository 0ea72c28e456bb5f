"""The letter body's Markdown, parsed once the same way for the PDF and the Word document.

CommonMark with the typographer (the language's quotation marks and spacing) and
footnotes (``[^1]`` and ``[^1]: text``); raw HTML is escaped, never passed through.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from ..base.language import Language


@dataclass(frozen=True)
class Body:
    """The body as tokens: the text, and each footnote's blocks by its number (0 first)."""

    tokens: tuple[Token, ...]
    notes: dict[int, tuple[Token, ...]]
    parser: MarkdownIt
    env: dict[str, Any]


def make_parser(language: Language) -> MarkdownIt:
    """CommonMark, typographer and footnotes, with ``language``'s quotes and spacing."""
    options: dict[str, Any] = {"html": False, "typographer": True}
    if language.quotes:
        options["quotes"] = language.quotes
    md = MarkdownIt("commonmark", options).use(footnote_plugin, inline=False)
    md.enable(["replacements", "smartquotes"])

    def space_punctuation(state: StateCore) -> None:
        for token in state.tokens:
            for child in token.children or ():
                if child.type == "text":
                    child.content = language.spaced(child.content)

    md.core.ruler.push("typographic_spaces", space_punctuation)
    return md


def parse_body(text: str, language: Language) -> Body:
    """The body's tokens, footnote definitions taken out of the flow."""
    md = make_parser(language)
    env: dict[str, Any] = {}
    tokens = md.parse(text, env)
    main: list[Token] = []
    notes: dict[int, list[Token]] = {}
    current: list[Token] | None = None
    for token in tokens:
        if token.type == "footnote_open":
            current = notes.setdefault(int(token.meta["id"]), [])
        elif token.type == "footnote_close":
            current = None
        elif token.type in ("footnote_block_open", "footnote_block_close", "footnote_anchor"):
            continue
        elif current is not None:
            current.append(token)
        else:
            main.append(token)
    return Body(tuple(main), {k: tuple(v) for k, v in notes.items()}, md, env)


def note_inline(body: Body, note: Sequence[Token]) -> str:
    """A footnote as one run of inline HTML (its paragraphs joined by a space), to stand
    in the text where it is called: WeasyPrint floats it to the page's foot."""
    md = body.parser
    renderer: Any = md.renderer  # the HTML renderer: renderInline is not in its protocol
    parts = [
        renderer.renderInline(t.children or [], md.options, body.env)
        for t in note
        if t.type == "inline"
    ]
    return " ".join(str(p) for p in parts if p)


def render_body_html(body: Body) -> str:
    """The body as HTML: each footnote where it is called, as
    ``<span class="footnote">`` (CSS ``float: footnote``); a note called again gets its
    number only."""
    md = body.parser
    seen: set[int] = set()

    def footnote_ref(_: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        number = int(tokens[idx].meta["id"])
        if number in seen or number not in body.notes:
            return f'<sup class="footnote-again">{number + 1}</sup>'
        seen.add(number)
        return f'<span class="footnote">{note_inline(body, body.notes[number])}</span>'

    md.add_render_rule("footnote_ref", footnote_ref)
    return str(md.renderer.render(list(body.tokens), md.options, body.env))
