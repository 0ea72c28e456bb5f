"""Measure the annex: a probe of the theme's columns, then every entry laid out once.

Each entry is laid out in a plain column of the planned width, its height read from
WeasyPrint's box tree and its box kept (transplant.keep) to be moved into its page.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from itertools import pairwise
from typing import Any

from ..base.cache import Cache, CacheEntry, hash_key
from ..source.signatories import Group, Signatory
from .plan import AnnexMetrics, GroupMetrics
from .transplant import column_lists, descendants, has_class, keep
from .views import ColumnView, PageView, Probe, Progress, SegmentView, Template
from .workers import Crew

#: Entries measured per layout; also the step of the progress report.
CHUNK = 500
#: Fewer new entries than this are measured in-process: forking would not pay.
PARALLEL_FROM = 600
#: Height of the page the entries are measured on (CSS px): tall enough for any group.
_TALL = 10_000_000


def cached_probe(cache: Cache, context: str) -> Probe | None:
    """The probe of an earlier build with the same stylesheets, template and fonts."""
    entry = cache.get(hash_key("probe", context))
    if entry is None:
        return None
    try:  # each field back to its type: JSON keeps 2.0 as 2.0 but line_height as text
        return Probe(**{f.name: _CAST[str(f.type)](entry.meta[f.name]) for f in fields(Probe)})
    except (TypeError, ValueError, KeyError):
        return None


_CAST: dict[str, Callable[[Any], Any]] = {"int": int, "float": float, "str": str}


def probe_theme(groups: tuple[Group, ...], template: Template, renderer: Any) -> Probe | None:
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
        font_size=float(style["font_size"]),
        line_height=_css_line_height(style["line_height"]),
    )


def _css_line_height(value: Any) -> str:
    """A computed line-height as CSS: "normal", a number, or a length."""
    if value == "normal":
        return "normal"
    unit = getattr(value, "unit", None)
    return f"{value.value}{unit}" if unit else str(value)


def entry_key(context: str, entry: Signatory, group: str = "") -> str:
    """The height cache's key of an entry: what the template prints of it, the title of
    its group (printed around it, so a stylesheet may style the entries of a group), and
    the style."""
    printed = (entry.name, entry.title, entry.country, entry.individual, entry.lang)
    return hash_key(context, repr((*printed, group)))[:24]


def measure(
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
class Job:
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
                    round_px(lis[0].position_y - top),
                    round_px(clis[0].position_y - ctop),
                    round_px(end - bottom),
                    round_px(lis[-1].margin_bottom),
                )
            )
            entries.update(((g, i), round_px(h)) for i, h in zip(wanted[g], heights, strict=True))
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
            head=round_px(head),
            groups=tuple(metrics),
            entries={k: v for k, v in entries.items() if k in requested},
        )


def round_px(value: float) -> float:
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
