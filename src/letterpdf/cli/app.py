"""The ``letterpdf`` group, its global options, and what the commands share."""

from __future__ import annotations

import dataclasses
import json
import logging
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..base import __version__
from ..base.errors import LetterError
from ..base.options import BuildOptions

if TYPE_CHECKING:
    from ..output.preflight import PreflightReport

DEFAULTS = BuildOptions()


class _StderrHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        prefix = "Warning: " if record.levelno >= logging.WARNING else ""
        click.echo(f"{prefix}{record.getMessage()}", err=True)


def _setup_logging(verbose: bool, quiet: bool) -> None:
    logger = logging.getLogger("letterpdf")
    logger.handlers[:] = [logging.NullHandler(), _StderrHandler()]
    logger.setLevel(logging.ERROR if quiet else logging.INFO if verbose else logging.WARNING)
    logger.propagate = False
    # pypdf logs its repairs of damaged files; our own message about the file says enough.
    logging.getLogger("pypdf").addHandler(logging.NullHandler())


def human_size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def _verbosity(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        _setup_logging(verbose=param.name == "verbose", quiet=param.name == "quiet")


def _verbosity_options() -> list[click.Parameter]:
    """-v and -q, which every command takes too: `letterpdf build x -q` as `letterpdf -q
    build x`."""
    flags = {"verbose": "Say each step of the build.", "quiet": "Print errors only, no warnings."}
    return [
        click.Option(
            [f"-{name[0]}", f"--{name}"],
            is_flag=True,
            expose_value=False,
            callback=_verbosity,
            help=help,
        )
        for name, help in flags.items()
    ]


class _Group(click.Group):
    group_class = type  # subgroups (`signatories`) are _Groups too

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        cmd.params.extend(_verbosity_options())
        super().add_command(cmd, name)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if ctx.parent is None:  # warnings by default; -v or -q, wherever given, then
            _setup_logging(verbose=False, quiet=False)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LetterError as e:
            click.echo(f"Error: {e}", err=True)
            ctx.exit(e.exit_code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="letterpdf")
def cli() -> None:
    """Turn a joint letter and its signatories into a print-ready PDF.

    A letter folder holds letter.md (YAML front matter, then the letter in
    Markdown), signatories.csv, and optionally style.css and annex/*.pdf
    (scanned signed pages).

    \b
    Example, a letter from start to submission:
        letterpdf new my-letter                  # once: a folder to fill in
        letterpdf signatories check my-letter    # after each new export
        letterpdf build my-letter --profile un --check
        letterpdf preview my-letter --pages 1,A-1

    Run `letterpdf COMMAND --help` for each command's options and examples.
    """


cli.params.extend(_verbosity_options())


def letter_options(f: Any) -> Any:
    """FOLDER, -o and --theme, shared by build and watch."""
    f = click.option(
        "--theme",
        default=DEFAULTS.theme,
        help="A theme of your own: a built-in name or a folder anywhere (letter.md may name "
        "only one inside the letter folder).",
    )(f)
    f = click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Where to write the PDF.  [default: FOLDER/build/letter.pdf]",
    )(f)
    return click.argument("folder", default="content", type=click.Path(path_type=Path))(f)


def jobs_option(f: Any) -> Any:
    return click.option(
        "-j",
        "--jobs",
        type=click.IntRange(min=1),
        default=DEFAULTS.jobs,
        help="Processes measuring a long annex.  [default: the machine's cores]",
    )(f)


class Progress:
    """On a terminal, after the first second, one line that updates: the annex's entries
    laid out, then its pages written. Quiet when stderr is not a terminal."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.counts: dict[str, tuple[int, int]] = {}
        self.shown = False

    def __call__(self, what: str, done: int, total: int) -> None:
        self.counts[what] = (done, total)
        if time.perf_counter() - self.started > 1.0:
            line = ", ".join(f"{d:,} / {t:,} {w}" for w, (d, t) in self.counts.items())
            click.echo(f"\rLaying out the annex: {line}", err=True, nl=False)
            self.shown = True
            if what == "pages" and done >= total:
                self.end()

    def end(self) -> None:
        """End the line (if shown) before anything else is printed; the next letter's
        build starts afresh."""
        if self.shown:
            click.echo(err=True)
        self.started, self.counts, self.shown = time.perf_counter(), {}, False


def progress_line() -> Progress | None:
    return Progress() if sys.stderr.isatty() else None


def echo_report(report: PreflightReport, fmt: str) -> None:
    if fmt == "json":
        data = {**dataclasses.asdict(report), "path": str(report.path), "ok": report.ok}
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    from ..output.preflight import iter_findings

    for line in iter_findings(report):
        click.echo(line)
    failed = sum(not f.ok for f in report.findings)
    click.echo(
        f"{report.path}: " + (f"{failed} check(s) failed" if failed else "all checks passed")
    )
