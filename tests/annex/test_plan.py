"""The annex planner: every entry placed once, in order, within the columns' height."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from letterpdf.annex.plan import AnnexMetrics, GroupMetrics, PlannedPage, plan_pages

heights = st.floats(min_value=8.0, max_value=60.0, allow_nan=False)
groups = st.builds(
    GroupMetrics,
    heading=st.floats(min_value=10.0, max_value=50.0),
    top=st.just(0.0),
    tail=st.floats(min_value=0.0, max_value=20.0),
    entries=st.lists(heights, min_size=1, max_size=120).map(tuple),
    spacing=st.sampled_from([0.0, 4.0]),
)
metrics = st.builds(
    AnnexMetrics,
    columns=st.integers(min_value=1, max_value=4),
    page=st.floats(min_value=120.0, max_value=900.0),
    head=st.floats(min_value=0.0, max_value=100.0),
    groups=st.lists(groups, min_size=1, max_size=6).map(tuple),
)


def placed(pages: tuple[PlannedPage, ...]) -> list[tuple[int, int]]:
    return [
        (segment.group, i)
        for page in pages
        for segment in page.segments
        for start, stop in segment.columns
        for i in range(start, stop)
    ]


@settings(max_examples=300, deadline=None)
@given(metrics)
def test_every_entry_once_in_reading_order(m: AnnexMetrics) -> None:
    expected = [(g, i) for g, group in enumerate(m.groups) for i in range(len(group.entries))]
    assert placed(plan_pages(m)) == expected


@settings(max_examples=300, deadline=None)
@given(metrics)
def test_columns_stay_within_the_page(m: AnnexMetrics) -> None:
    pages = plan_pages(m)
    assert pages[0].head and not any(p.head for p in pages[1:])
    for page in pages:
        used = m.head if page.head else 0.0
        for n, segment in enumerate(page.segments):
            group = m.groups[segment.group]
            assert 0 < len(segment.columns) <= m.columns
            tallest = max(sum(group.entries[a:b]) for a, b in segment.columns)
            oversize = all(b - a == 1 for a, b in segment.columns)
            top = group.heading if segment.heading else group.top
            # Only an entry taller than a page may overflow, alone at the top of a page.
            assert used + top + tallest <= m.page + group.spacing + 0.05 or (oversize and n == 0)
            used += top + tallest + group.tail


@settings(max_examples=200, deadline=None)
@given(metrics)
def test_a_heading_never_ends_a_page_alone(m: AnnexMetrics) -> None:
    for page in plan_pages(m):
        for segment in page.segments:
            if segment.heading:
                assert segment.columns[0][0] == 0  # the first entry is under its heading


@settings(max_examples=100, deadline=None)
@given(metrics)
def test_deterministic(m: AnnexMetrics) -> None:
    assert plan_pages(m) == plan_pages(m)


def test_the_last_columns_are_balanced() -> None:
    group = GroupMetrics(heading=20.0, top=0.0, tail=10.0, entries=(10.0,) * 30)
    (page,) = plan_pages(AnnexMetrics(columns=3, page=500.0, head=0.0, groups=(group,)))
    assert page.segments[0].columns == ((0, 10), (10, 20), (20, 30))


def test_a_full_page_fills_column_by_column() -> None:
    group = GroupMetrics(heading=0.0, top=0.0, tail=0.0, entries=(10.0,) * 70)
    first, second = plan_pages(AnnexMetrics(columns=3, page=200.0, head=0.0, groups=(group,)))
    assert first.segments[0].columns == ((0, 20), (20, 40), (40, 60))
    assert second.segments[0].columns == ((60, 64), (64, 68), (68, 70))


def test_a_heading_without_room_for_an_entry_moves_on() -> None:
    one = GroupMetrics(heading=10.0, top=0.0, tail=0.0, entries=(10.0,) * 3 * 18)
    two = GroupMetrics(heading=15.0, top=0.0, tail=0.0, entries=(10.0,) * 2)
    first, second = plan_pages(AnnexMetrics(columns=3, page=200.0, head=0.0, groups=(one, two)))
    assert [s.group for s in first.segments] == [0]
    assert second.segments[0].heading and second.segments[0].group == 1
