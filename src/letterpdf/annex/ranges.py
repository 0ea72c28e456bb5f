"""Render the planned annex in page ranges: each range cached by content, uncached ones in
forked workers, then joined with one font subset per face (see fontmerge.py).

A range is rendered as its own WeasyPrint document with the same template and only its
pages. So that its pages look as they would in one document, it opens with one or two
empty pages that are dropped before writing (the first page of a document is ``:first``,
and left/right pages keep their parity), the page counter is reset to the range's place,
and the footer prints the annex's page total as text (``counter(pages)`` would count the
range's pages). Running heads need nothing: each planned page starts with its group.
"""

from __future__ import annotations

import hashlib
import io
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..base.cache import Cache, CacheEntry, file_sha256, files_read, files_unchanged, hash_key
from ..base.logger import LOGGER
from ..typeset.pdf import Layout, RenderedPdf
from .fontmerge import merge_fonts
from .transplant import Columns, Entry, fill, kept
from .workers import Crew

#: Planned pages per range: small enough that adding a name re-renders little of a long
#: annex, big enough that the fixed cost of a document stays small.
RANGE_PAGES = 2
#: Fewer uncached ranges than this are rendered in-process: forking would not pay.
PARALLEL_FROM = 2
#: Most ranges laid out as one frame document (consecutive ones, in one worker).
BATCH = 8

#: Writes a laid-out range as a rendered part (WeasyPrint's write_pdf, the variant, epoch).
Writer = Callable[[Layout], RenderedPdf]


@dataclass(frozen=True)
class RangeSpec:
    """One range: its first page's place in the annex (from 0), HTML, CSS and page count."""

    first: int
    pages: int
    #: The range's pages (annex.PageView), for the template.
    views: tuple[Any, ...]
    css: str
    #: Empty pages that open the document, dropped before writing.
    padding: int
    key: str
    #: The same pages with empty columns (annex.PageView), for the template, and what
    #: goes in each column (see transplant.py); None: the pages are laid out whole.
    frame: tuple[Any, ...] | None = None
    columns: tuple[Columns, ...] = ()


@dataclass(frozen=True)
class RenderedRange:
    """A range written as PDF, with what the join needs to know about it."""

    data: bytes
    #: HTML id -> page index inside the range.
    anchors: dict[str, int]
    warnings: tuple[str, ...]
    refused: tuple[tuple[str, str], ...]
    #: BaseFont name -> SHA-256 of the font file it subsets (faces fontmerge may merge).
    faces: dict[str, str]
    #: Files the layout read (images in the annex's CSS...) -> SHA-256 (cache.files_read):
    #: a cached range is used only while they are unchanged.
    files: dict[str, str] = field(default_factory=dict)


def padding_for(first: int) -> int:
    """Empty pages before a range starting at page ``first``: none for the first range,
    else one or two, so the range's first page is not ``:first`` and keeps its parity."""
    return 0 if first == 0 else 2 - first % 2


def render_ranges(
    specs: Sequence[RangeSpec],
    crew: Crew,
    *,
    cache: Cache,
    font_files: Sequence[Path],
    holders: Mapping[str, int],
    before: Callable[[list[RangeSpec]], None] | None = None,
    meanwhile: Callable[[], None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> RenderedPdf | None:
    """Render (or read from the cache) each range and join them as one PDF; call
    ``before`` with the ranges to render before the workers get them, ``meanwhile``
    while they render, ``progress`` with the pages done so far.

    ``crew`` renders a task ``("range", spec)`` with a RangeJob. A range goes to the
    worker that ``holders`` says keeps most of its laid-out entries (see transplant.py).
    None if a range does not come out with its planned page count: the caller renders
    the annex as one document instead.
    """
    found: dict[int, RenderedRange] = {}
    for i, spec in enumerate(specs):
        entry = cache.get(spec.key)
        if entry is not None and (cached := _from_entry(entry)) is not None:
            found[i] = cached
    todo = [i for i in range(len(specs)) if i not in found]
    if before and todo:
        before([specs[i] for i in todo])
    parallel = len(todo) >= PARALLEL_FROM
    batches = _batches(specs, todo, holders, crew.jobs if parallel else 1)
    tasks = [(worker, ("ranges", tuple(specs[i] for i in batch))) for worker, batch in batches]
    done = sum(specs[i].pages for i in found)
    if progress:
        progress(done)
    for t, _, rendered in crew.run(tasks, parallel=parallel, meanwhile=meanwhile):
        for i, one in zip(batches[t][1], rendered, strict=True):
            if one is None:
                LOGGER.info("annex range at page %d did not keep its plan", specs[i].first + 1)
                return None
            cache.put(specs[i].key, _to_entry(one))
            found[i] = one
            done += specs[i].pages
        if progress:
            progress(done)
    LOGGER.debug("annex ranges: %d cached, %d rendered", len(specs) - len(todo), len(todo))
    ranges = [found[i] for i in range(len(specs))]
    return _join(specs, ranges, font_files)


def _join(
    specs: Sequence[RangeSpec], ranges: Sequence[RenderedRange], font_files: Sequence[Path]
) -> RenderedPdf:
    import pikepdf

    digests = {file_sha256(p): p for p in font_files}
    faces = {
        name: digests[digest]
        for r in ranges
        for name, digest in r.faces.items()
        if digest in digests
    }
    with pikepdf.open(io.BytesIO(ranges[0].data)) as pdf:
        for r in ranges[1:]:
            with pikepdf.open(io.BytesIO(r.data)) as part:
                pdf.pages.extend(part.pages)
        merge_fonts(pdf, faces)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, compress_streams=True)
    anchors = {
        anchor: spec.first + page
        for spec, r in zip(specs, ranges, strict=True)
        for anchor, page in r.anchors.items()
    }
    return RenderedPdf(
        data=out.getvalue(),
        pages=sum(spec.pages for spec in specs),
        anchors=anchors,
        refused=tuple(dict.fromkeys(x for r in ranges for x in r.refused)),
        warnings=tuple(dict.fromkeys(w for r in ranges for w in r.warnings)),
    )


def range_key(context: str, content: str, css: str) -> str:
    """The cache key of a range: everything that shapes its bytes."""
    return hash_key("range", context, content, css)


def _to_entry(r: RenderedRange) -> CacheEntry:
    meta = {
        "anchors": r.anchors,
        "warnings": list(r.warnings),
        "refused": [list(x) for x in r.refused],
        "faces": r.faces,
        "files": r.files,
    }
    return CacheEntry(meta, r.data)


def _from_entry(entry: CacheEntry) -> RenderedRange | None:
    meta = entry.meta
    try:
        files = {str(k): str(v) for k, v in meta["files"].items()}
        if not files_unchanged(files):
            return None
        return RenderedRange(
            data=entry.data,
            anchors={str(k): int(v) for k, v in meta["anchors"].items()},
            warnings=tuple(str(w) for w in meta["warnings"]),
            refused=tuple((str(u), str(w)) for u, w in meta["refused"]),
            faces={str(k): str(v) for k, v in meta["faces"].items()},
            files=files,
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _batches(
    specs: Sequence[RangeSpec], todo: Sequence[int], holders: Mapping[str, int], jobs: int
) -> list[tuple[int | None, list[int]]]:
    """Runs of consecutive ranges, each for the worker keeping most of its entries (or
    any), at most BATCH long and, when no worker keeps them, split among the workers."""
    size = min(BATCH, max(1, -(-len(todo) // jobs)))
    batches: list[tuple[int | None, list[int]]] = []
    for i in todo:
        worker = _holder(specs[i], holders)
        if batches:
            last_worker, last = batches[-1]
            limit = BATCH if worker is not None else size
            if last_worker == worker and last[-1] == i - 1 and len(last) < limit:
                last.append(i)
                continue
        batches.append((worker, [i]))
    return batches


def _holder(spec: RangeSpec, holders: Mapping[str, int]) -> int | None:
    """The worker keeping most of the range's laid-out entries, if any does."""
    found = Counter(
        holders[key]
        for page in spec.columns
        for _, run in page
        for _, _, key, _ in run
        if key in holders
    )
    return found.most_common(1)[0][0] if found else None


@dataclass(frozen=True)
class RangeJob:
    """Renders consecutive ranges: laid out as one frame with the kept entry boxes moved
    in, then written one by one; else each laid out whole."""

    renderer: Any
    write: Writer
    #: Lays out (and keeps) entries, given as (group, index): the annex's measuring job.
    measure: Callable[[list[tuple[int, int]]], object] | None
    #: The template's HTML for pages (annex.PageView) that start at a page (from 0).
    html: Callable[[int, list[Any]], str]

    def __call__(self, specs: tuple[RangeSpec, ...]) -> list[RenderedRange | None]:
        framed = self._framed(specs)
        if framed is None and len(specs) > 1:
            # Each range on its own: whether a range is framed or laid out whole (which
            # differ in their bytes) must not depend on the ranges batched with it. (Its
            # entries are measured by now: one whose box was not kept cannot be moved.)
            return [
                out
                for spec in specs
                for out in (self((spec,)) if self._movable(spec) else [self._whole(spec)])
            ]
        if framed is None:
            return [self._whole(spec) for spec in specs]
        layout, pages = framed
        out: list[RenderedRange | None] = []
        for spec in specs:
            out.append(self._written(layout, pages[: spec.pages]))
            pages = pages[spec.pages :]
        return out

    def _whole(self, spec: RangeSpec) -> RenderedRange | None:
        layout = self.renderer.layout(self.html(spec.first, list(spec.views)), spec.css)
        pages = layout.document.pages[spec.padding :]
        if len(pages) != spec.pages:
            return None
        return self._written(layout, pages)

    def _written(self, layout: Layout, pages: list[Any]) -> RenderedRange:
        document = layout.document.copy(pages)
        rendered = self.write(Layout(document, layout.refused, layout.warnings, layout.fetched))
        return RenderedRange(
            data=rendered.data,
            anchors=rendered.anchors,
            warnings=rendered.warnings,
            refused=rendered.refused,
            faces=_faces(document),
            files=files_read(rendered.fetched, rendered.refused),
        )

    def _framed(self, specs: tuple[RangeSpec, ...]) -> tuple[Layout, list[Any]] | None:
        """The ranges laid out as one frame, the entries moved in; None if they cannot be
        (the pages of a frame are those of separate ones: each planned page opens with
        its group, and the footer prints the total as text)."""
        if self.measure is None:
            return None
        missing = self.unkept(specs)
        if missing:
            self.measure(missing)
        if any(s.frame is None for s in specs):
            return None
        columns = tuple(page for spec in specs for page in spec.columns)
        views = [view for spec in specs for view in spec.frame or ()]
        layout = self.renderer.layout(self.html(specs[0].first, views), specs[0].css)
        pages = fill(layout.document, specs[0].padding, columns)
        return None if pages is None else (layout, pages)

    def unkept(self, specs: Sequence[RangeSpec]) -> list[tuple[int, int]]:
        """The entries to move into ``specs``' frames whose boxes this process lacks."""
        return [
            (g, i)
            for spec in specs
            if spec.frame is not None
            for page in spec.columns
            for g, i, key, _ in _run(page)
            if not kept(key)
        ]

    def _movable(self, spec: RangeSpec) -> bool:
        """Whether the range may be framed: its entries' boxes kept once measured."""
        keys = (key for page in spec.columns for _, _, key, _ in _run(page))
        return self.measure is not None and spec.frame is not None and all(map(kept, keys))


def _run(page: Columns) -> Iterator[Entry]:
    """The entries of a planned page's columns."""
    for _, run in page:
        yield from run


def _faces(document: Any) -> dict[str, str]:
    """The faces written that fontmerge can rebuild from their file: static outline fonts
    whose glyphs are all in the font (WeasyPrint keeps glyph ids when it subsets)."""
    from weasyprint.text.fonts import get_hb_object_data

    faces = {}
    for font in document.fonts.values():
        if font.bitmap or font.missing or font.used_in_forms or "fvar" in font.tables:
            continue
        name = font.name.decode().lstrip("/")
        if name not in _DIGESTS:  # a face's file is hashed once per process, not per range
            _DIGESTS[name] = hashlib.sha256(get_hb_object_data(font.hb_face)).hexdigest()
        faces[name] = _DIGESTS[name]
    return faces


#: BaseFont name (a hash of the face's description) -> SHA-256 of its font file.
_DIGESTS: dict[str, str] = {}
