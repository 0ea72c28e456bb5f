"""What the annex template sees of a planned page, and the geometry a probe reads."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..source.signatories import Group, Signatory

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
    #: The list's font size (CSS px) and line height, which its columns keep.
    font_size: float = 16.0
    line_height: str = "normal"

    def css(self, *, measuring: bool = False) -> str:
        """CSS that sets the planned columns side by side, each as wide as a column.

        A column's last entry drops its bottom margin (as multicol truncates it at a
        break), so a column that ends with it overhanging stays on its page. The columns
        are flex items, not floats: floats are painted before the text around them, so a
        reader of an untagged PDF (copying the list into a spreadsheet) got the names
        before their own group's heading.
        """
        last = (
            "" if measuring else ".names-columns li:last-child { margin-bottom: 0 !important; }\n"
        )
        return last + (
            ".annex-page + .annex-page { break-before: page; }\n"
            f".names-columns {{ margin: {self.top}px 0 {self.bottom}px {self.left}px; "
            "white-space: nowrap; font-size: 0; line-height: 0; }\n"
            f".names-columns > .names {{ display: inline-block; vertical-align: top; "
            f"white-space: normal; font-size: {self.font_size}px; line-height: {self.line_height}; "
            f"width: {self.column_width}px; "
            "columns: auto !important; margin: 0 !important; padding: 0 !important; "
            "border: 0 !important; }\n"
            f".names-columns > .names + .names {{ margin-left: {self.gap}px !important; }}\n"
        )
