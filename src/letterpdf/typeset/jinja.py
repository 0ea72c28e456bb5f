"""Jinja for untrusted templates: the letter body's placeholders and a partner's theme.

Jinja's sandbox keeps templates away from Python's internals; here it also keeps them
within bounds, so that ``{{ 9**(9**9) }}``, ``{{ 'a'*10**9 }}`` or two nested
``range(100000)`` loops end in one message instead of a hang or gigabytes: powers and
repetitions are bounded, a render has a time limit, and a theme's templates are read
only from inside its folder (links resolved). Every failure is a :class:`TemplateError`
naming the file and line.
"""

from __future__ import annotations

import operator
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

import jinja2
import jinja2.sandbox

from ..base.files import inside

#: Longest string or list a template may make by repetition, and longest output.
MAX_SIZE = 1_000_000
#: Largest integer (in bits) a power may make: 10**300 is fine, 9**(9**9) is not.
MAX_BITS = 4096
#: Seconds a render may take.
TIME_LIMIT = 5.0
#: What each signatory adds to those limits: a list of 10,000 names makes about 1.8
#: million characters of annex in 0.25 s, so these leave room for any honest theme.
ENTRY_SIZE = 2_000
ENTRY_SECONDS = 0.001


class RenderLimit(Exception):
    """A template went beyond a limit (time, size, power)."""


class LimitedSandbox(jinja2.sandbox.SandboxedEnvironment):
    """The sandbox, with powers and repetitions bounded."""

    intercepted_binops = frozenset({"**", "*"})

    def call_binop(self, context: Any, op: str, left: Any, right: Any) -> Any:
        if op == "**":
            return _power(left, right)
        if op == "*":
            for seq, times in ((left, right), (right, left)):
                sized = isinstance(seq, str | list | tuple) and isinstance(times, int)
                if sized and len(seq) * max(times, 0) > MAX_SIZE:
                    raise RenderLimit(
                        f"repeating {len(seq):,} items {times:,} times makes more than {MAX_SIZE:,}"
                    )
            return operator.mul(left, right)
        return super().call_binop(context, op, left, right)


def _power(left: Any, right: Any) -> Any:
    ints = isinstance(left, int) and isinstance(right, int)
    if ints and abs(left) > 1 and right > 0 and left.bit_length() * right > MAX_BITS:
        raise RenderLimit(f"{left} ** {right} is a number too large to print")
    return operator.pow(left, right)


class ThemeLoader(jinja2.FileSystemLoader):
    """Templates from the theme folders only: a template that is a link to a file
    elsewhere (``{% include "secret.html" %}`` linked to a private file) is refused."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        for folder in self.searchpath:
            path = Path(folder) / template
            if path.is_file() and not inside(path, *map(Path, self.searchpath)):
                raise jinja2.TemplateError(
                    f"{template} is a link to a file outside the theme folder, so it is not "
                    "read; copy the file into the theme folder instead of linking to it"
                )
        return super().get_source(environment, template)


def theme_environment(theme_dirs: Sequence[Path]) -> jinja2.Environment:
    """The environment for a theme's templates (autoescaped, limited)."""
    return LimitedSandbox(
        loader=ThemeLoader([str(d) for d in theme_dirs]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def text_environment() -> jinja2.Environment:
    """The environment for placeholders in the letter's own text (no loader: nothing to
    include)."""
    return LimitedSandbox(undefined=jinja2.StrictUndefined, autoescape=False)


def render_limited(template: jinja2.Template, entries: int = 0, **context: Any) -> str:
    """Render within the time and size limits, which grow with the ``entries`` (the
    signatories) the template prints; RenderLimit beyond them."""
    with deadline(TIME_LIMIT + ENTRY_SECONDS * entries):
        text = template.render(**context)
    if len(text) > MAX_SIZE + ENTRY_SIZE * entries:
        raise RenderLimit(f"the text it makes is {len(text):,} characters long")
    return text


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise RenderLimit in the block once ``seconds`` have passed: a timer signal in the
    main thread, a trace function elsewhere (a worker thread of a host program)."""
    message = f"it took longer than {seconds:g} seconds"
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):

        def ring(signum: int, frame: FrameType | None) -> None:
            raise RenderLimit(message)

        previous = signal.signal(signal.SIGALRM, ring)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        return
    end = time.monotonic() + seconds

    def trace(frame: FrameType, event: str, arg: Any) -> Any:
        if time.monotonic() > end:
            raise RenderLimit(message)
        return trace

    old = sys.gettrace()
    sys.settrace(trace)
    try:
        yield
    finally:
        sys.settrace(old)


def template_line(error: BaseException) -> int | None:
    """The template line a runtime error happened on, from Jinja's rewritten traceback."""
    line = getattr(error, "lineno", None)
    if isinstance(line, int):
        return line
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == "<template>"]
    return frames[-1].lineno if frames else None
