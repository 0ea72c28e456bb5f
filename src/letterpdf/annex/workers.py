"""Run tasks in forked worker processes that inherit what the parent loaded and keep
what they lay out between tasks."""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import pickle
import signal
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any

from ..base.logger import LOGGER


def free_cores() -> int:
    """How many processes the annex should use: the cores this process may run on, less
    those other work keeps busy now, at least one. On a laptop that is compiling, or a CI
    runner with a neighbour, a second worker only competes with the parent and the
    neighbour for one core, and makes the build slower than one process.

    "Now" is the kernel's count of runnable tasks (/proc/loadavg), sampled five times in
    40 ms, less this process: the 1-minute load average lags, and counts the build that
    ran just before this one (a script that builds letter after letter)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cores = cores or 1
    samples = []
    for i in range(5):
        try:
            with open("/proc/loadavg", encoding="ascii") as f:
                samples.append(int(f.read().split()[3].split("/")[0]) - 1)
        except (OSError, IndexError, ValueError):
            samples = [round(os.getloadavg()[0])] if hasattr(os, "getloadavg") else [0]
            break
        if i < 4:
            time.sleep(0.01)
    return max(1, min(cores, cores - sorted(samples)[len(samples) // 2]))


class Crew:
    """Up to ``jobs`` forked workers running ``work`` on tasks, or this process.

    Forked, not spawned: workers inherit the loaded fonts and parsed stylesheets (and
    anything this process laid out before), so pay no start-up, and ``work`` need not be
    picklable (tasks and results must be). Workers start with the first run that asks
    for them and live until ``close``, keeping what their tasks leave behind (the
    annex's laid-out entries), so a later task can go to the worker that has what it
    needs. Once started, they run every task.
    """

    def __init__(self, work: Callable[[Any], Any], jobs: int) -> None:
        """``jobs``: at most this many workers; 0 for as many as cores are free."""
        self._work = work
        self._jobs = jobs
        self._pipes: list[Connection] = []
        self._processes: list[Any] = []

    @property
    def jobs(self) -> int:
        """The workers a parallel run uses (decided when first asked: only work large
        enough to share asks)."""
        if not self._jobs:
            self._jobs = free_cores()
            LOGGER.info("%d core(s) free for the annex", self._jobs)
        return self._jobs

    def run(
        self,
        tasks: Sequence[tuple[int | None, Any]],
        *,
        parallel: bool = True,
        meanwhile: Callable[[], None] | None = None,
    ) -> Iterator[tuple[int, int | None, Any]]:
        """Run each ``(worker, task)``, on that worker or (None) the first one free;
        yield ``(index of the task, worker, result)`` as results come. Without
        ``parallel`` (too little work to pay for forking), tasks run in this process
        unless the workers have started already. ``meanwhile`` runs in this process
        once the workers have their first tasks."""
        if not self._pipes and parallel and len(tasks) > 1 and self.jobs > 1:
            self._start()
        if not self._pipes:
            if meanwhile:
                meanwhile()
            for i, (_, task) in enumerate(tasks):
                yield i, None, self._work(task)
            return
        queues: list[list[int]] = [[] for _ in self._pipes]
        anyone: list[int] = []
        for i, (worker, _) in enumerate(tasks):
            (queues[worker % len(queues)] if worker is not None else anyone).append(i)
        busy: dict[Connection, int] = {}
        dead: set[int] = set()

        def feed(w: int) -> None:
            queue = queues[w] or anyone
            if queue and w not in dead:
                i = queue.pop(0)
                busy[self._pipes[w]] = i
                self._pipes[w].send(tasks[i][1])

        for w in range(len(self._pipes)):
            feed(w)
        if meanwhile:
            meanwhile()
        while busy:
            for pipe in wait(list(busy)):
                assert isinstance(pipe, Connection)
                i, w = busy.pop(pipe), self._pipes.index(pipe)
                try:
                    ok, result = pipe.recv()
                except (EOFError, OSError):  # the worker died (killed, out of memory)
                    LOGGER.debug("worker %d stopped; its tasks run in this process", w)
                    dead.add(w)
                    anyone += queues[w]
                    queues[w] = []
                    yield i, None, self._work(tasks[i][1])
                    continue
                if not ok:
                    raise result
                feed(w)
                yield i, w, result
        for i in anyone:  # left over when every worker died
            yield i, None, self._work(tasks[i][1])

    def _start(self) -> None:
        # What this process holds (collation tables, fonts, parsed styles) outlives the
        # workers: freezing it spares them scanning it in every collection, and copying
        # the memory pages the collector would touch.
        gc.freeze()
        context = multiprocessing.get_context("fork")
        for _ in range(self.jobs):
            parent, child = context.Pipe()
            process = context.Process(
                target=_serve, args=(self._work, child, os.getpid()), daemon=True
            )
            process.start()
            child.close()
            self._pipes.append(parent)
            self._processes.append(process)

    def close(self) -> None:
        for pipe in self._pipes:
            with contextlib.suppress(OSError):
                pipe.send(None)
            pipe.close()
        for process in self._processes:
            process.join()
        self._pipes, self._processes = [], []

    def __enter__(self) -> Crew:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _die_with(parent: int) -> None:
    """End this worker when its parent ends, even killed with SIGKILL (which runs no
    clean-up): on Linux the kernel sends SIGKILL to the worker (PR_SET_PDEATHSIG). A
    worker blocked on its pipe would otherwise wait for ever: its siblings hold the
    parent's end of that pipe open."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


#: prctl(2) option: the signal this process gets when its parent dies.
_PR_SET_PDEATHSIG = 1


def _serve(work: Callable[[Any], Any], pipe: Connection, parent: int) -> None:
    _die_with(parent)
    try:
        while (task := pipe.recv()) is not None:
            try:
                result = (True, work(task))
            except Exception as e:  # raised again in the parent
                result = (False, e)
            try:
                pipe.send(result)
            except (pickle.PicklingError, TypeError, AttributeError) as e:
                pipe.send((False, RuntimeError(f"{result[1]!r} ({e})")))
    except (EOFError, OSError):
        pass  # the parent has stopped listening (it gave up on the results)
    except KeyboardInterrupt:
        pass  # Ctrl+C, which the parent reports: no traceback per worker
