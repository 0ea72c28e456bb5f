"""workers.Crew: tasks reach the worker asked for, workers keep state between runs, a
worker's error is raised here, and a worker that dies has its tasks run here."""

from __future__ import annotations

import builtins
import io
import os
import time
from typing import Any

import pytest

from letterpdf.annex import workers
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


# How many workers: the cores other work leaves free (no forking: fast).


@pytest.mark.parametrize(
    ("runnable", "cores", "free"),
    [
        (1, 2, 2),  # only this process runs: both cores
        (2, 2, 1),  # a neighbour keeps one core busy: one process, not two fighting
        (5, 2, 1),  # a busy machine: still one
        (2, 8, 7),
    ],
)
def test_free_cores(monkeypatch: pytest.MonkeyPatch, runnable: int, cores: int, free: int) -> None:
    real_open = builtins.open

    def fake_open(path: Any, *args: Any, **kwargs: Any) -> Any:
        if path == "/proc/loadavg":
            return io.StringIO(f"0.50 0.40 0.30 {runnable}/300 4242\n")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", fake_open)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(cores)))
    monkeypatch.setattr(time, "sleep", lambda s: None)
    assert workers.free_cores() == free


def test_an_explicit_job_count_is_kept() -> None:
    assert workers.Crew(lambda task: task, 3).jobs == 3
