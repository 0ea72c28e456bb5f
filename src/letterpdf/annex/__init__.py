"""Stage 3, the signatory annex laid out fast: measured once, planned, written in ranges.

In: the ordered groups, the theme's annex template and a renderer. Out: the annex pages
as a RenderedPdf (:func:`~letterpdf.annex.layout.layout_annex`). The only package that
reaches into WeasyPrint's box tree.
"""

from .layout import AnnexLayout, RangeOptions, layout_annex
from .transplant import styles_by_position
from .views import PageView

__all__ = ["AnnexLayout", "PageView", "RangeOptions", "layout_annex", "styles_by_position"]
