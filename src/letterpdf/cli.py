"""The ``letterpdf`` command line: parse options, call the library, report."""

from __future__ import annotations

import dataclasses
import functools
import json
import logging
import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .base import __version__
from .base.errors import LetterError
from .base.options import PAPER_SIZES, PREVIEW_WIDTH, VARIANTS, BuildOptions
from .base.progress import ProgressLine

if TYPE_CHECKING:  # the commands import the library when they run: --help stays light
    from .build import BuildResult
    from .output.preflight import PreflightReport
    from .source.signatories import Signatory
    from .word import DocxResult

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


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LetterError as e:
            click.echo(f"Error: {e}", err=True)
            ctx.exit(e.exit_code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="letterpdf")
@click.option("-v", "--verbose", is_flag=True, help="Say each step of the build.")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only, no warnings.")
def cli(verbose: bool, quiet: bool) -> None:
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
    _setup_logging(verbose, quiet)


def _letter_options(f: Any) -> Any:
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


def _jobs_option(f: Any) -> Any:
    return click.option(
        "-j",
        "--jobs",
        type=click.IntRange(min=1),
        default=DEFAULTS.jobs,
        help="Processes measuring a long annex.  [default: the machine's cores]",
    )(f)


def _progress() -> ProgressLine | None:
    """Progress on a terminal only; quiet when stderr is not one."""
    echo = functools.partial(click.echo, err=True, nl=False)
    return ProgressLine(echo) if sys.stderr.isatty() else None


@cli.command()
@_letter_options
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
@_jobs_option
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
    progress = _progress()
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
    from .build import build_letters

    for result in build_letters(folder, options, langs):
        if progress:
            progress.end()
        _echo_result(result)


def _echo_result(result: BuildResult | DocxResult) -> None:
    from .summary import summary_line

    click.echo(summary_line(result))
    if result.report:
        _echo_report(result.report, "text")
        if not result.report.ok:
            raise SystemExit(1)


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--profile", help="Check against a destination profile (un, court-us, ...).")
@click.option(
    "--profiles",
    "profiles_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder whose profiles.toml adds profiles (e.g. the letter folder).",
)
@click.option(
    "--signatories",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Signatory CSV: every name must be in the annex.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Output format."
)
def check(
    file: Path, profile: str | None, profiles_dir: Path | None, signatories: Path | None, fmt: str
) -> None:
    """Check FILE (a PDF, or a Word .docx: words, fonts, macros) before you upload it: one
    line per check, PASS or FAIL with the reason.

    Exit status 0 when every check passes, 1 when one fails.

    \b
    Examples:
        letterpdf check build/letter.pdf --profile un
        letterpdf check letter.pdf --signatories signatories.csv --format json
        letterpdf check build/letter.docx --profile hrc-statement
    """
    from .output.preflight import run_preflight
    from .output.profiles import get_profile
    from .source.sheets import load_signatories

    if file.suffix.lower() == ".docx":
        from .word import check_docx as run_preflight

    report = run_preflight(
        file,
        profile=get_profile(profile, profiles_dir) if profile else None,
        signatories=load_signatories(signatories).entries if signatories else None,
    )
    _echo_report(report, fmt)
    if not report.ok:
        raise SystemExit(1)


def _echo_report(report: PreflightReport, fmt: str) -> None:
    if fmt == "json":
        data = {**dataclasses.asdict(report), "path": str(report.path), "ok": report.ok}
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    from .output.preflight import iter_findings

    for line in iter_findings(report):
        click.echo(line)
    failed = sum(not f.ok for f in report.findings)
    click.echo(
        f"{report.path}: " + (f"{failed} check(s) failed" if failed else "all checks passed")
    )


@cli.group()
def signatories() -> None:
    """Check and compare signatory lists (.csv, .tsv, .xlsx, or a letter folder)."""


@signatories.command("check")
@click.argument("path", default="content", type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too, as `build --strict` fails.")
def check_signatories(path: Path, fmt: str, strict: bool) -> None:
    """Report what the build reports about the list in PATH (duplicates, unknown
    countries, invisible characters, characters no font has...), and near-duplicates.

    PATH is a signatory file or a letter folder (default: content); a folder's fonts,
    theme and profile count. Exit status: 1 when the build would fail (an error), or,
    with --strict, when it would warn; else 0.

    \b
    Examples:
        letterpdf signatories check content
        letterpdf signatories check signatories.csv --format json
    """
    from .lists import check_list

    report = check_list(path)
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        for finding in report.findings:
            click.echo(finding.as_text())
        click.echo(
            f"{report.file}: {report.entries} signatories, "
            f"{report.errors} error(s), {report.warnings} warning(s)"
        )
    # near-duplicates are this check's own judgement call: a build does not warn of them
    warned = any(f.severity == "warning" and f.kind != "near-duplicate" for f in report.findings)
    if report.errors or (strict and warned):
        raise SystemExit(1)


@signatories.command()
@click.argument("old", type=click.Path(exists=True, path_type=Path))
@click.argument("new", type=click.Path(exists=True, path_type=Path))
def diff(old: Path, new: Path) -> None:
    """List the signatories added, removed and changed from OLD to NEW.

    \b
    Example:
        letterpdf signatories diff build/letter.signatories.csv content
    """
    from .source.check import diff_paths

    changes = diff_paths(old, new)
    for entry in changes.added:
        click.echo(f"+ {_entry(entry)}")
    for entry in changes.removed:
        click.echo(f"- {_entry(entry)}")
    for before, after in changes.changed:
        click.echo(f"~ {_entry(before)} -> {_entry(after)}")
    click.echo(changes.summary())


def _entry(entry: Signatory) -> str:
    extra = ", ".join(x for x in (entry.country, entry.group) if x)
    return entry.name + (f" ({extra})" if extra else "")


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path))
def new(folder: Path) -> None:
    """Start a new letter in FOLDER (a new or empty folder).

    Writes letter.md (every front-matter key, each explained), an empty
    signatories.csv with its header, a style.css stub and a README. Refuses
    to touch a folder that already holds files.

    \b
    Example:
        letterpdf new my-campaign && letterpdf build my-campaign
    """
    from .scaffold import new_letter

    for path in new_letter(folder):
        click.echo(f"Created {path}")


@cli.command("preview")
@click.argument("source", default="content", type=click.Path(exists=True, path_type=Path))
@click.option(
    "-p",
    "--pages",
    default="1",
    show_default=True,
    help="Pages by label or number, separated by commas (1,A-1), or 'all'.",
)
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write the PNGs.  [default: beside the PDF]",
)
@click.option(
    "-w",
    "--width",
    type=click.IntRange(100, 4000),
    default=PREVIEW_WIDTH,
    show_default=True,
    help="Width of each PNG in pixels.",
)
def preview_command(source: Path, pages: str, output_dir: Path | None, width: int) -> None:
    """Write PNG pictures of pages of SOURCE (a PDF, or a letter folder to build first).

    Page labels are the ones printed in the PDF: 1, 2 for the letter, A-1 for
    the first annex page, S-1 for the first scanned page.

    \b
    Examples:
        letterpdf preview content --pages 1,A-1
        letterpdf preview build/letter.pdf --pages all -w 400 -o proofs
    """
    from .preview import preview

    for path in preview(source, pages, output_dir, width):
        click.echo(f"Wrote {path}")


@cli.command()
@_letter_options
@_jobs_option
def watch(folder: Path, output: Path | None, jobs: int | None, theme: str | None) -> None:
    """Rebuild the letter in FOLDER every time a file in it is saved.

    Prints one line per build. A save that breaks the letter prints the
    error and keeps the last good PDF. Stop with Ctrl+C.

    \b
    Example:
        letterpdf watch content
    """
    from .watch import watch_letter

    click.echo(f"Watching {folder} (Ctrl+C to stop)")
    options = BuildOptions(output=output, jobs=jobs, resident=True, theme=theme)
    for result in watch_letter(folder, options):
        if isinstance(result, LetterError):
            click.echo(f"Error: {result} (kept the last good PDF)", err=True)
            continue
        changes = result.changes.summary() if result.changes else "first build"
        click.echo(
            f"{result.pages} pages, {result.signatories} signatories, {changes}, "
            f"{result.seconds:.2f} s"
        )


def main() -> None:
    """Entry point of the ``letterpdf`` console script."""
    # A huge photo is downsampled anyway; Pillow's "decompression bomb" notice is noise.
    warnings.filterwarnings("ignore", message=r"Image size \(\d+ pixels\) exceeds limit")
    cli(prog_name="letterpdf")


if __name__ == "__main__":  # pragma: no cover
    main()
