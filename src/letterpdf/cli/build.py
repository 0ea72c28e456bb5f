"""``letterpdf build`` and ``letterpdf watch``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..base.errors import LetterError
from ..base.options import PAPER_SIZES, VARIANTS, BuildOptions
from .app import DEFAULTS, cli, echo_report, human_size, jobs_option, letter_options, progress_line

if TYPE_CHECKING:  # the commands import the library when they run: --help stays light
    from ..build import BuildResult
    from ..output.preflight import PreflightReport
    from ..word import DocxResult


@cli.command()
@letter_options
@click.option(
    "--paper",
    type=click.Choice(list(PAPER_SIZES), case_sensitive=False),
    default=DEFAULTS.paper,
    help="Paper size; overrides the front matter's 'paper'.",
)
@click.option(
    "--strict",
    is_flag=True,
    default=DEFAULTS.strict,
    help="Fail (exit 1) on any warning instead of building anyway.",
)
@click.option(
    "--variant",
    type=click.Choice(VARIANTS, case_sensitive=False),
    default=DEFAULTS.variant,
    help="Archival PDF variant; overrides the profile's and the front matter's 'variant'.",
)
@click.option(
    "--profile",
    default=DEFAULTS.profile,
    help="Destination profile (un, court-us, archive, print, or one in FOLDER/profiles.toml).",
)
@click.option(
    "--check",
    is_flag=True,
    default=DEFAULTS.check,
    help="Run `letterpdf check` on the new PDF; exit 1 if a check fails.",
)
@jobs_option
@click.option(
    "--lang",
    "langs",
    multiple=True,
    help="Build only this language (repeatable): letter.md's, or a letter.LANG.md's.",
)
@click.option(
    "--format",
    "formats",
    metavar="pdf|docx|pdf,docx",
    callback=lambda _c, _p, value: tuple(f for f in (value or "").lower().split(",") if f),
    help="Write a PDF, a Word document, or both.  [default: the profile's, else pdf]",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Lay everything out again; neither read nor write the cache beside the PDF.",
)
def build(
    folder: Path,
    output: Path | None,
    paper: str | None,
    strict: bool,
    variant: str | None,
    profile: str | None,
    check: bool,
    jobs: int | None,
    langs: tuple[str, ...],
    formats: tuple[str, ...],
    theme: str | None,
    no_cache: bool,
) -> None:
    """Build FOLDER (default: content) into one PDF per language, or a Word document.

    The PDF holds the letter pages, the signatory annex and any scanned pages
    from FOLDER/annex/. It is replaced only when the build succeeds. Each
    translation FOLDER/letter.LANG.md gives one more PDF (letter.LANG.pdf),
    with the same annex in its language. --format docx writes a .docx
    beside it, for the channels that take Word only.

    \b
    Examples:
        letterpdf build content -o build/letter.pdf
        letterpdf build my-letter --paper letter --strict
        letterpdf build my-letter --profile un --check
        letterpdf build my-letter --lang fr --lang ar
        letterpdf build my-statement --profile hrc-statement   # a .docx
    """
    progress = progress_line()
    options = BuildOptions(
        output=output,
        paper=paper,
        strict=strict,
        variant=variant,
        profile=profile,
        check=check,
        jobs=jobs,
        progress=progress,
        formats=formats,
        theme=theme,
        cache=not no_cache,
    )
    from ..build import build_letters

    for result in build_letters(folder, options, langs):
        if progress:
            progress.end()
        _echo_result(result)


def _echo_result(result: BuildResult | DocxResult) -> None:
    from ..build import BuildResult

    if not isinstance(result, BuildResult):
        _echo_report_of(result.summary(), result.report)
        return
    warned = f", {len(result.warnings)} warning(s)" if result.warnings else ""
    _echo_report_of(
        f"Wrote {result.output}: {result.pages} page{'' if result.pages == 1 else 's'} "
        f"({result.letter_pages} letter, "
        f"{result.annex_pages} annex"
        + (f", {result.scan_pages} scanned" if result.scan_pages else "")
        + f"), {result.signatories} signator{'y' if result.signatories == 1 else 'ies'}"
        + (f" ({result.changes.summary()} since the last build)" if result.changes else "")
        + f", {human_size(result.size)}, {result.seconds:.1f} s{warned}"
        + (f", {result.variant.upper()}" if result.variant else ""),
        result.report,
    )


def _echo_report_of(summary: str, report: PreflightReport | None) -> None:
    """The summary line, then the check's report if the build ran one (exit 1 if failed)."""
    click.echo(summary)
    if report:
        echo_report(report, "text")
        if not report.ok:
            raise SystemExit(1)


@cli.command()
@letter_options
@jobs_option
def watch(folder: Path, output: Path | None, jobs: int | None, theme: str | None) -> None:
    """Rebuild the letter in FOLDER every time a file in it is saved.

    Prints one line per build. A save that breaks the letter prints the
    error and keeps the last good PDF. Stop with Ctrl+C (exit status 0).

    \b
    Example:
        letterpdf watch content
    """
    from ..watch import watch_letter

    click.echo(f"Watching {folder} (Ctrl+C to stop)")
    options = BuildOptions(output=output, jobs=jobs, resident=True, theme=theme)
    try:
        for result in watch_letter(folder, options):
            if isinstance(result, LetterError):
                click.echo(f"Error: {result} (kept the last good PDF)", err=True)
                continue
            changes = result.changes.summary() if result.changes else "first build"
            click.echo(
                f"{result.pages} pages, {result.signatories} signatories, {changes}, "
                f"{result.seconds:.2f} s"
            )
    except KeyboardInterrupt:  # Ctrl+C is how watching ends: not a failure
        click.echo(f"Stopped watching {folder}.")
