"""Markdown footnotes in the PDF: set at the foot of the page that calls them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest

from letterpdf.base.language import make_language
from letterpdf.build import BuildResult
from letterpdf.typeset.markdown import parse_body, render_body_html

from ..conftest import MakeLetter, pdftotext

BODY = (
    "The first paragraph calls a note.[^a] It goes on.\n\n"
    "The second calls another[^b] and the first again.[^a]\n\n"
    "[^a]: See A/HRC/55/50, *para.* 12, at [undocs.org](https://undocs.org).\n"
    "[^b]: The second note.\n"
)


def test_a_note_stands_where_it_is_called() -> None:
    html = render_body_html(parse_body(BODY, make_language("en")))
    assert html.count('<span class="footnote">') == 2
    assert (
        'a note.<span class="footnote">See A/HRC/55/50, <em>para.</em> 12, at '
        '<a href="https://undocs.org">undocs.org</a>.</span> It goes on.'
    ) in html
    assert '<sup class="footnote-again">1</sup>' in html  # called again: its number
    assert "footnotes-list" not in html and "[^" not in html


@pytest.mark.slow
def test_notes_print_at_the_foot_of_the_page(
    make_letter: MakeLetter, build: Callable[..., BuildResult], no_warnings: None
) -> None:
    result = build(make_letter(body=BODY))
    text = pdftotext(result.output)
    assert "1. See A/HRC/55/50, para. 12, at undocs.org." in text
    assert "2. The second note." in text
    with pdfplumber.open(result.output) as pdf:
        page = pdf.pages[0]
        words = page.extract_words()
    note = next(w for w in words if w["text"] == "undocs.org.")
    last_body = next(w for w in words if w["text"] == "Yours")  # the closing
    assert note["top"] > last_body["top"] + 100  # at the foot, below the letter's text
    assert note["top"] > page.height * 0.6
    assert Path(result.output).is_file()
