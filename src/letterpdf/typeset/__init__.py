"""Stage 2, the letter set in type: themes, HTML templates, fonts, the WeasyPrint renderer.

In: a Letter, its ordered groups and the Language. Out: HTML, and the letter's own
pages as a :class:`~letterpdf.typeset.pdf.RenderedPdf` (cached). Files are fetched only
from the letter folder, the theme, ``styles/`` and ``fonts/``.
"""
