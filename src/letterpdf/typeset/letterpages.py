"""Lay out the letter's own pages, reading them from the build cache when unchanged.

Page 1 prints the document's page total, which depends on the letter's own length, so
the letter is laid out until the total it prints is the one it makes. While signatures
come in, the letter's HTML rarely changes: a rebuild reads its PDF from the cache,
found by the HTML and the render's context, and used only if every file the render read
(images, logos) is still the same.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..base.cache import Cache, CacheEntry, files_read, files_unchanged, hash_key
from .justify import CACHE_KEY as EVEN_LINES
from .pdf import RenderedPdf

#: Pages the letter is first assumed to have.
FIRST_GUESS = 2


def render_letter_pages(
    html_for: Callable[[int], str],
    render: Callable[[str], RenderedPdf],
    *,
    cache: Cache,
    context: str | None,
) -> RenderedPdf:
    """The letter laid out with ``html_for(its own page count)``; ``context`` (None: do
    not cache) keys everything besides the HTML that shapes the bytes."""
    guess, rendered = FIRST_GUESS, None
    for _ in range(3):
        html = html_for(guess)
        key = hash_key("letter", context, EVEN_LINES, html) if context is not None else None
        rendered = _cached(cache, key) if key else None
        if rendered is None:
            rendered = render(html)
            if key:
                cache.put(key, _to_entry(rendered))
        if rendered.pages == guess:
            break
        guess = rendered.pages
    assert rendered is not None
    return rendered


def _to_entry(r: RenderedPdf) -> CacheEntry:
    meta = {
        "pages": r.pages,
        "anchors": r.anchors,
        "refused": [list(x) for x in r.refused],
        "warnings": list(r.warnings),
        "fetched": files_read(r.fetched, r.refused),
    }
    return CacheEntry(meta, r.data)


def _cached(cache: Cache, key: str) -> RenderedPdf | None:
    entry = cache.get(key)
    if entry is None:
        return None
    meta = entry.meta
    try:
        fetched = {str(p): str(d) for p, d in meta["fetched"].items()}
        if not files_unchanged(fetched):
            return None  # an image changed, or appeared
        return RenderedPdf(
            data=entry.data,
            pages=int(meta["pages"]),
            anchors={str(k): int(v) for k, v in meta["anchors"].items()},
            refused=tuple((str(u), str(w)) for u, w in meta["refused"]),
            warnings=tuple(str(w) for w in meta["warnings"]),
            fetched=tuple(Path(p) for p in fetched),
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
