"""Run a job over items in forked worker processes, which inherit what the parent loaded."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_JOB: Callable[[Any], Any] | None = None


def fork_map(job: Callable[[T], R], items: Sequence[T], jobs: int) -> Iterator[R]:
    """``map(job, items)`` in order; with ``jobs`` > 1, in forked workers. Forked, not
    spawned: workers inherit the loaded fonts and parsed stylesheets, so pay no start-up.
    ``job`` need not be picklable: it is handed over through a module global."""
    if jobs <= 1 or len(items) <= 1:
        yield from map(job, items)
        return
    global _JOB
    _JOB = job
    try:
        with multiprocessing.get_context("fork").Pool(min(jobs, len(items))) as pool:
            yield from pool.imap(_run, items)
    finally:
        _JOB = None


def _run(item: Any) -> Any:
    assert _JOB is not None
    return _JOB(item)
