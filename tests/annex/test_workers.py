"""workers.Crew: tasks reach the worker asked for, workers keep state between runs, a
worker's error is raised here, and a worker that dies has its tasks run here."""

from __future__ import annotations

import os

import pytest

from letterpdf.annex.workers import Crew

#: Each test here builds PDFs.
pytestmark = pytest.mark.slow

PARENT = os.getpid()
KEPT: dict[str, int] = {}


def _work(task: tuple[str, str]) -> tuple[int, int | None]:
    kind, name = task
    if kind == "keep":
        KEPT[name] = os.getpid()
    if kind == "die" and os.getpid() != PARENT:
        os._exit(1)
    if kind == "raise":
        raise ValueError(name)
    if kind == "interrupt" and os.getpid() != PARENT:
        raise KeyboardInterrupt
    return os.getpid(), KEPT.get(name)


def test_tasks_go_to_the_worker_asked_for_which_keeps_its_state() -> None:
    with Crew(_work, 2) as crew:
        first = {i: r for i, _, r in crew.run([(0, ("keep", "a")), (1, ("keep", "b"))])}
        later = {i: r for i, _, r in crew.run([(0, ("read", "a")), (1, ("read", "b"))])}
    assert first[0][0] != first[1][0] != PARENT  # two worker processes
    assert later == {0: (first[0][0], first[0][0]), 1: (first[1][0], first[1][0])}
    assert not KEPT  # the workers kept it, not this process


def test_little_work_runs_here_and_results_come_in_any_order() -> None:
    with Crew(_work, 2) as crew:
        here = list(crew.run([(None, ("read", "x"))] * 3, parallel=False))
    assert [(i, w, r[0]) for i, w, r in here] == [
        (0, None, PARENT),
        (1, None, PARENT),
        (2, None, PARENT),
    ]


def test_a_workers_error_is_raised_here() -> None:
    with Crew(_work, 2) as crew, pytest.raises(ValueError, match="broken"):
        list(crew.run([(None, ("read", "x")), (None, ("raise", "broken"))]))


def test_a_dead_workers_tasks_run_here() -> None:
    with Crew(_work, 2) as crew:
        results = {
            i: r for i, _, r in crew.run([(0, ("die", "")), (0, ("read", "y")), (1, ("read", "z"))])
        }
    assert sorted(results) == [0, 1, 2]
    assert results[0][0] == PARENT


def test_ctrl_c_stops_a_worker_without_a_traceback(capfd: pytest.CaptureFixture[str]) -> None:
    """Ctrl+C reaches the workers too (one process group): the parent says "Aborted!",
    a worker stops without printing its traceback."""
    with Crew(_work, 2) as crew:
        results = {i: r for i, _, r in crew.run([(0, ("interrupt", "")), (1, ("read", "z"))])}
    assert sorted(results) == [0, 1] and results[0][0] == PARENT
    assert "Traceback" not in capfd.readouterr().err
