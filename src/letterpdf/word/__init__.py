"""Stage 5: the letter as a Word document, for the channels that refuse PDF.

In: a letter folder (the same ``Letter``, Markdown tokens and ordered signatories as the
PDF) and a destination profile (``hrc-statement``, ``upr``, ``uk-evidence``, or none).
Out: .docx bytes written with python-docx (raw WordprocessingML only in ``ooxml.py``),
the same for the same input; the word count the channel's limit applies to; and
``letterpdf check`` for a .docx (opens, no macros, size, fonts, words, names).
"""

from __future__ import annotations

from .build import DocxResult, build_docx, docx_output
from .check import WordCount, check_docx, count_words, docx_text
from .statement import WordLimitError

__all__ = [
    "DocxResult",
    "WordCount",
    "WordLimitError",
    "build_docx",
    "check_docx",
    "count_words",
    "docx_output",
    "docx_text",
]
