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

import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Any

from ..base.cache import Cache, CacheEntry, hash_key
from ..base.errors import TemplateError
from ..base.logger import LOGGER
from ..source.signatories import Group
from ..typeset.pdf import RenderedPdf
from .measure import CHUNK, Job, cached_probe, entry_key, measure, probe_theme, round_px
from .plan import AnnexMetrics, PlannedPage, plan_pages
from .ranges import RANGE_PAGES, RangeJob, RangeSpec, Writer, padding_for, range_key, render_ranges
from .transplant import Columns, forget_all_but
from .views import ColumnView, PageView, Probe, Progress, SegmentView, Template
from .workers import Crew

#: What a template writes for each planned page; without it, the theme cannot plan.
PLANNED_MARK = 'class="annex-page"'


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
    probe = cached_probe(cache, context) or probe_theme(groups, template, renderer)
    if probe is None:
        return _flow(groups, template, renderer)
    cache.put(hash_key("probe", context), CacheEntry(asdict(probe)))
    context = hash_key(context, repr(probe))
    keys = tuple(tuple(entry_key(context, s, g.title) for s in g.members) for g in groups)
    job = Job(groups, template, renderer, probe, keys)
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
        metrics, holders = measure(
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
                before=functools.partial(_keep_here, render) if resident else None,
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


def _keep_here(render: RangeJob | None, specs: Sequence[RangeSpec]) -> None:
    """Watch: lay out in this process, and keep, the entries of the ranges to render
    whose boxes it lacks (their heights came from the cache). A worker would lay them
    out as well, but exits with the build; kept here, the next save moves them."""
    if render is None or render.measure is None:
        return
    missing = render.unkept(specs)
    for start in range(0, len(missing), CHUNK):
        render.measure(missing[start : start + CHUNK])


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
            out.append((round_px(sum(group.entries[a:b]) - group.spacing), run))
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


@dataclass(frozen=True)
class _Dispatch:
    """A crew's work: measuring a chunk of entries, or rendering a range."""

    measure: Job
    render: RangeJob | None

    def __call__(self, task: tuple[str, Any]) -> Any:
        kind, payload = task
        if kind == "measure":
            return self.measure(payload)
        assert self.render is not None
        return self.render(payload)
