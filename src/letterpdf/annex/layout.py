"""Lay the signatory annex out as planned pages: measure each entry once, plan, render.

WeasyPrint's multi-column layout lays each line out several times (a fit pass, then
balancing passes), and its cost grows faster than the list. Here:

1. a small probe render of the theme (with the user's CSS) gives the column count, gap
   and width, and the page height;
2. the entries are laid out once in a plain column of that width, on a very tall page,
   and their heights read from WeasyPrint's layout tree; heights are cached by entry and
   style, so a rebuild measures only new entries, and a long list is measured in forked
   worker processes;
3. plan.py places the entries on pages and columns as balanced multicol would;
4. the theme's template lays the planned pages out explicitly (floated column lists, no
   multicol), so each entry is laid out once more: in page ranges, each cached by its
   content and rendered in forked workers (ranges.py), joined with one font subset per
   face; or as ONE document when the theme's footer counts the pages itself.

A theme whose annex template does not emit planned pages, a logo grid, and any plan that
does not render to the planned page count fall back to the one-document multicol render.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from itertools import pairwise
from typing import Any

from ..base.cache import Cache, CacheEntry, hash_key
from ..base.errors import TemplateError
from ..base.logger import LOGGER
from ..source.signatories import Group, Signatory
from ..typeset.pdf import RenderedPdf
from .plan import AnnexMetrics, GroupMetrics, PlannedPage, plan_pages
from .ranges import RANGE_PAGES, RangeJob, RangeSpec, Writer, padding_for, range_key, render_ranges
from .transplant import Columns, column_lists, descendants, forget_all_but, has_class, keep
from .workers import Crew

#: What a template writes for each planned page; without it, the theme cannot plan.
PLANNED_MARK = 'class="annex-page"'
#: Entries measured per layout; also the step of the progress report.
CHUNK = 500
#: Fewer new entries than this are measured in-process: forking would not pay.
PARALLEL_FROM = 600
#: Height of the page the entries are measured on (CSS px): tall enough for any group.
_TALL = 10_000_000

Progress = Callable[[str, int, int], None]
#: Renders the annex template: None for one flow, else the planned pages.
Template = Callable[[tuple[Group, ...], Sequence["PageView"] | None], str]


@dataclass(frozen=True)
class ColumnView:
    """A column of a planned page, for the template."""

    #: The first entry's number in its group, from 1 (``<ol start>``).
    start: int
    members: tuple[Signatory, ...]
    #: Set (CSS px) when the column is laid out empty, as a frame for its measured
    #: entries (see transplant.py): the template gives the list this height.
    height: float | None = None


@dataclass(frozen=True)
class SegmentView:
    """A group's part on a planned page, for the template."""

    #: The group's place in the annex, from 1 (its heading's id is ``group-N``).
    number: int
    group: Group
    heading: bool
    columns: tuple[ColumnView, ...]


@dataclass(frozen=True)
class PageView:
    """A planned page, for the template."""

    head: bool
    segments: tuple[SegmentView, ...]


@dataclass(frozen=True)
class Probe:
    """The annex's geometry, read from a small render of the theme (CSS px)."""

    columns: int
    column_width: float
    gap: float
    #: The list's offsets inside its group: left, top and bottom (margin+border+padding).
    left: float
    top: float
    bottom: float
    page_width: float
    page_height: float

    def css(self, *, measuring: bool = False) -> str:
        """CSS that sets the planned columns side by side, each as wide as a column.

        A column's last entry drops its bottom margin (as multicol truncates it at a
        break), so a column that ends with it overhanging stays on its page.
        """
        last = (
            "" if measuring else ".names-columns li:last-child { margin-bottom: 0 !important; }\n"
        )
        return last + (
            ".annex-page + .annex-page { break-before: page; }\n"
            f".names-columns {{ margin: {self.top}px 0 {self.bottom}px {self.left}px; }}\n"
            '.names-columns::after { content: ""; display: block; clear: both; }\n'
            f".names-columns > .names {{ float: left; width: {self.column_width}px; "
            "columns: auto !important; margin: 0 !important; padding: 0 !important; "
            "border: 0 !important; }\n"
            f".names-columns > .names + .names {{ margin-left: {self.gap}px !important; }}\n"
        )


@dataclass(frozen=True)
class AnnexLayout:
    """The laid-out annex (a pdf.Layout), or the annex already written in page ranges."""

    layout: Any
    planned: bool
    rendered: RenderedPdf | None = None


@dataclass(frozen=True)
class RangeOptions:
    """How to render the planned annex in cached page ranges."""

    write: Writer
    #: CSS that prints a fixed page total in the footer.
    footer: Callable[[int], str]
    #: Font files the embedded faces may come from (to merge their subsets).
    font_files: tuple[Any, ...]
    #: What else shapes the written bytes (variant, date), for the ranges' cache keys.
    key: str


def layout_annex(
    groups: tuple[Group, ...],
    template: Template,
    renderer: Any,
    *,
    cache: Cache,
    context: str,
    planned: bool = True,
    jobs: int = 1,
    progress: Progress | None = None,
    ranges: RangeOptions | None = None,
    meanwhile: Callable[[int], None] | None = None,
    resident: bool = False,
) -> AnnexLayout:
    """Lay the annex out as planned pages, or as one flow when the theme cannot plan.

    ``context`` is a key of everything that shapes the layout besides the entries
    (stylesheets, fonts, template, versions, how the PDF is written): cached heights and
    page ranges are found under it. With ``ranges``, the planned pages are written in
    cached page ranges (``rendered``); without, laid out as one document.
    """
    if not planned or PLANNED_MARK not in template(groups, [PageView(True, ())]):
        return _flow(groups, template, renderer)
    probe = _cached_probe(cache, context) or _probe(groups, template, renderer)
    if probe is None:
        return _flow(groups, template, renderer)
    cache.put(hash_key("probe", context), CacheEntry(asdict(probe)))
    context = hash_key(context, repr(probe))
    keys = tuple(tuple(entry_key(context, s, g.title) for s in g.members) for g in groups)
    job = _Job(groups, template, renderer, probe, keys)
    render = (
        RangeJob(
            renderer,
            ranges.write,
            job,
            lambda first, views: template(
                groups, [PageView(False, ())] * padding_for(first) + views
            ),
        )
        if ranges is not None
        else None
    )
    # Watch keeps the boxes of entries still printed; a build keeps none once it is done
    # (a translation's build, in the same process, has boxes of its own).
    if resident:
        forget_all_but(k for ks in keys for k in ks)
    with Crew(_Dispatch(job, render), jobs) as crew, _forgetting(not resident):
        metrics, holders = _measure(
            groups, keys, probe, crew, cache, context, progress, parallel=not resident
        )
        plan = plan_pages(metrics)
        if ranges is not None:
            specs = _ranges(groups, template, plan, metrics, keys, probe, context, ranges)
            rendered = render_ranges(
                specs,
                crew,
                cache=cache,
                font_files=ranges.font_files,
                holders=holders,
                meanwhile=(lambda: meanwhile(len(plan))) if meanwhile else None,
                progress=(lambda done: progress("pages", done, len(plan))) if progress else None,
            )
            if rendered is not None:
                return AnnexLayout(None, planned=True, rendered=rendered)
    views = _views(plan, groups)
    layout = renderer.layout(template(groups, views), probe.css())
    if len(layout.document.pages) != len(plan):
        LOGGER.info(
            "planned %d annex pages, WeasyPrint made %d: one-flow render instead",
            len(plan),
            len(layout.document.pages),
        )
        return _flow(groups, template, renderer)
    return AnnexLayout(layout, planned=True)


@contextmanager
def _forgetting(forget: bool) -> Iterator[None]:
    try:
        yield
    finally:
        if forget:
            forget_all_but(())


def _ranges(
    groups: tuple[Group, ...],
    template: Template,
    plan: Sequence[PlannedPage],
    metrics: AnnexMetrics,
    keys: tuple[tuple[str, ...], ...],
    probe: Probe,
    context: str,
    options: RangeOptions,
) -> list[RangeSpec]:
    """The planned pages cut into ranges of RANGE_PAGES, each with its pages for the
    template, its CSS, and its frame: the same pages with empty columns, to move the
    measured entries into. A range's key hashes its frame's HTML and its entries' keys
    (which hash what is printed of them): the HTML of all its entries is not needed."""
    specs = []
    footer = options.footer(len(plan))
    views = _views(plan, groups)
    columns = [_columns(page, metrics, keys) for page in plan]
    frames = _views(plan, groups, columns)
    for first in range(0, len(plan), RANGE_PAGES):
        last = first + RANGE_PAGES
        padding = padding_for(first)
        css = (
            probe.css()
            + footer
            + f"\n@page :first {{ counter-reset: page {first + 1 - padding}; }}"
        )
        frame: tuple[PageView, ...] | None = tuple(frames[first:last])
        try:
            frame_html = template(groups, [PageView(False, ())] * padding + list(frame or ()))
        except TemplateError:  # a theme's template that reads a column's members (its
            frame = None  # first name, say) cannot print it empty: laid out whole
            frame_html = template(groups, [PageView(False, ())] * padding + views[first:last])
        key = range_key(context + options.key, frame_html + repr(columns[first:last]), css)
        specs.append(
            RangeSpec(
                first,
                len(views[first:last]),
                tuple(views[first:last]),
                css,
                padding,
                key,
                frame,
                tuple(columns[first:last]),
            )
        )
    return specs


def _columns(
    page: PlannedPage, metrics: AnnexMetrics, keys: tuple[tuple[str, ...], ...]
) -> Columns:
    """A planned page's columns: each one's height and entries (see transplant.py). A
    column is as tall as its entries, less the spacing under its last one."""
    out = []
    for s in page.segments:
        group = metrics.groups[s.group]
        for a, b in s.columns:
            run = tuple((s.group, i, keys[s.group][i], group.entries[i]) for i in range(a, b))
            out.append((_round(sum(group.entries[a:b]) - group.spacing), run))
    return tuple(out)


def _flow(groups: tuple[Group, ...], template: Template, renderer: Any) -> AnnexLayout:
    return AnnexLayout(renderer.layout(template(groups, None)), planned=False)


def _views(
    plan: Sequence[PlannedPage],
    groups: tuple[Group, ...],
    frames: Sequence[Columns] | None = None,
) -> list[PageView]:
    """The planned pages for the template; with ``frames``, their columns empty, as tall
    as given."""

    def column(p: int, s: int, c: int, a: int, b: int) -> ColumnView:
        members = groups[plan[p].segments[s].group].members
        if frames is None:
            return ColumnView(a + 1, members[a:b])
        n = sum(len(seg.columns) for seg in plan[p].segments[:s]) + c
        return ColumnView(a + 1, (), frames[p][n][0])

    return [
        PageView(
            page.head,
            tuple(
                SegmentView(
                    seg.group + 1,
                    groups[seg.group],
                    seg.heading,
                    tuple(column(p, s, c, a, b) for c, (a, b) in enumerate(seg.columns)),
                )
                for s, seg in enumerate(page.segments)
            ),
        )
        for p, page in enumerate(plan)
    ]


def _cached_probe(cache: Cache, context: str) -> Probe | None:
    """The probe of an earlier build with the same stylesheets, template and fonts."""
    entry = cache.get(hash_key("probe", context))
    try:
        if entry is None:
            return None
        meta = {k: float(v) for k, v in entry.meta.items()}
        return Probe(**{**meta, "columns": int(meta["columns"])})  # type: ignore[arg-type]
    except (TypeError, ValueError, KeyError):
        return None


def _probe(groups: tuple[Group, ...], template: Template, renderer: Any) -> Probe | None:
    """Render the head and one entry in one flow; read the list's columns and the page."""
    small = (replace(groups[0], members=groups[0].members[:1]),)
    page = renderer.layout(template(small, None)).document.pages[0]._page_box
    names = next(column_lists(page), None)
    if names is None:
        return None
    style = names.style
    width, gap = names.width, style["column_gap"]
    gap = style["font_size"] if gap == "normal" else gap.value
    count, column_width = style["column_count"], style["column_width"]
    fit = 1 if column_width == "auto" else int((width + gap) // (column_width.value + gap))
    if count == "auto":
        columns = 1 if column_width == "auto" else max(1, fit)
    else:
        columns = count if column_width == "auto" else max(1, min(count, fit))
    return Probe(  # floats throughout, so a probe read from the cache has the same repr
        columns=int(columns),
        column_width=float((width - (columns - 1) * gap) / columns),
        gap=float(gap),
        left=float(names.margin_left + names.border_left_width + names.padding_left),
        top=float(names.margin_top + names.border_top_width + names.padding_top),
        bottom=float(names.margin_bottom + names.border_bottom_width + names.padding_bottom),
        page_width=float(page.margin_width()),
        page_height=float(page.height),
    )


def entry_key(context: str, entry: Signatory, group: str = "") -> str:
    """The height cache's key of an entry: what the template prints of it, the title of
    its group (printed around it, so a stylesheet may style the entries of a group), and
    the style."""
    printed = (entry.name, entry.title, entry.country, entry.individual, entry.url, entry.note)
    return hash_key(context, repr((*printed, group)))[:24]


def _measure(
    groups: tuple[Group, ...],
    keys: tuple[tuple[str, ...], ...],
    probe: Probe,
    crew: Crew,
    cache: Cache,
    context: str,
    progress: Progress | None,
    *,
    parallel: bool = True,
) -> tuple[AnnexMetrics, dict[str, int]]:
    """Heights of the head, the headings and every entry: cached ones read, others laid
    out (in workers if ``parallel`` and worth it); and which worker keeps which entry."""
    entry = cache.get(context)
    known: dict[str, float] = dict(entry.meta.get("heights", {})) if entry else {}
    todo = [(g, i) for g, ks in enumerate(keys) for i, k in enumerate(ks) if k not in known]
    parallel = parallel and len(todo) >= PARALLEL_FROM
    # Each worker gets one run of the list, so a page's entries are mostly in one worker.
    parts = crew.jobs if parallel else 1
    tasks: list[tuple[int | None, tuple[str, list[tuple[int, int]]]]] = []
    for w in range(parts):
        part = todo[len(todo) * w // parts : len(todo) * (w + 1) // parts]
        worker = w if parts > 1 else None
        tasks += [(worker, ("measure", part[i : i + CHUNK])) for i in range(0, len(part), CHUNK)]
    tasks = tasks or [(None, ("measure", []))]
    total = sum(len(ks) for ks in keys)
    done = total - len(todo)
    results: dict[int, _Measured] = {}
    holders: dict[str, int] = {}
    for index, worker, measured in crew.run(tasks, parallel=parallel):
        results[index] = measured
        done += measured.count
        if progress:
            progress("entries", done, total)
        for (g, i), height in measured.entries.items():
            known[keys[g][i]] = height
            if worker is not None:
                holders[keys[g][i]] = worker
    first = results[0]
    cache.put(context, CacheEntry({"heights": {k: known[k] for ks in keys for k in ks}}))
    return AnnexMetrics(
        columns=probe.columns,
        page=probe.page_height,
        head=first.head,
        groups=tuple(
            GroupMetrics(
                heading=first.groups[g][0],
                top=first.groups[g][1],
                tail=first.groups[g][2],
                spacing=first.groups[g][3],
                entries=tuple(known[k] for k in ks),
            )
            for g, ks in enumerate(keys)
        ),
    ), holders


@dataclass(frozen=True)
class _Measured:
    """What one measuring layout found (CSS px, rounded so any chunking gives the same)."""

    count: int
    head: float
    #: Per group: heading, top (continued), tail, spacing.
    groups: tuple[tuple[float, float, float, float], ...]
    #: (group, index) -> height.
    entries: dict[tuple[int, int], float]


@dataclass(frozen=True)
class _Dispatch:
    """A crew's work: measuring a chunk of entries, or rendering a range."""

    measure: _Job
    render: RangeJob | None

    def __call__(self, task: tuple[str, Any]) -> Any:
        kind, payload = task
        if kind == "measure":
            return self.measure(payload)
        assert self.render is not None
        return self.render(payload)


@dataclass(frozen=True)
class _Job:
    groups: tuple[Group, ...]
    template: Template
    renderer: Any
    probe: Probe
    #: Each entry's height cache key, under which its laid-out box is kept.
    keys: tuple[tuple[str, ...], ...]

    def __call__(self, chunk: list[tuple[int, int]]) -> _Measured:
        """Lay out each group's heading and first entry, with and without the heading, and
        ``chunk``'s entries in one plain column; read the heights, keep the boxes."""
        wanted: list[list[int]] = [[0] for _ in self.groups]
        for g, i in chunk:
            if i:
                wanted[g].append(i)
        segments = []
        for g, group in enumerate(self.groups):
            members = tuple(group.members[i] for i in wanted[g])
            segments.append(SegmentView(g + 1, group, True, (ColumnView(1, members),)))
            segments.append(SegmentView(g + 1, group, False, (ColumnView(1, members[:1]),)))
        html = self.template(self.groups, [PageView(True, tuple(segments))])
        css = (
            self.probe.css(measuring=True)
            + f"@page {{ size: {self.probe.page_width}px {_TALL}px; }}"
        )
        page = self.renderer.layout(html, css).document.pages[0]._page_box
        parts = _segments(page)
        ends = [box.position_y for box, _, _ in parts[1:]]
        ends.append(parts[-1][0].position_y + parts[-1][0].margin_height())
        tops = [(box.position_y, lis, end) for (box, _, lis), end in zip(parts, ends, strict=True)]
        requested = set(chunk)
        head = tops[0][0] - page.content_box_y()
        metrics: list[tuple[float, float, float, float]] = []
        entries: dict[tuple[int, int], float] = {}
        for g in range(len(self.groups)):
            (top, lis, end), (ctop, clis, _) = tops[2 * g], tops[2 * g + 1]
            heights = [b.position_y - a.position_y for a, b in pairwise(lis)]
            heights.append(lis[-1].margin_height())
            bottom = lis[-1].position_y + heights[-1]
            metrics.append(
                (
                    _round(lis[0].position_y - top),
                    _round(clis[0].position_y - ctop),
                    _round(end - bottom),
                    _round(lis[-1].margin_bottom),
                )
            )
            entries.update(((g, i), _round(h)) for i, h in zip(wanted[g], heights, strict=True))
            for i, box in zip(wanted[g], lis, strict=True):
                if (g, i) in requested:
                    keep(self.keys[g][i], box, parts[2 * g][1])
        # The kept boxes live as long as the process: left to the cycle collector, they
        # made each chunk slower than the one before (0.9 s for 400 entries, not 0.55 s).
        # (A handful of entries, as in watch, is not worth a full collection.)
        if len(chunk) >= CHUNK // 5:
            gc.collect()
            gc.freeze()
        return _Measured(
            count=len(chunk),
            head=_round(head),
            groups=tuple(metrics),
            entries={k: v for k, v in entries.items() if k in requested},
        )


def _round(value: float) -> float:
    return round(value, 3)


def _segments(page: Any) -> list[tuple[Any, Any, list[Any]]]:
    """Each segment box of the planned page, with its first column and that column's
    entry boxes."""
    from weasyprint.formatting_structure.boxes import BlockBox

    found = []
    for box in descendants(page):
        if has_class(box, "annex-page"):
            for child in box.children:
                column = next((b for b in descendants(child) if has_class(b, "names")), None)
                if column is not None:
                    lis = [
                        b
                        for b in column.children
                        if isinstance(b, BlockBox) and getattr(b, "element_tag", None) == "li"
                    ]
                    found.append((child, column, lis))
            break
    return found
