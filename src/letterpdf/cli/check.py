"""``letterpdf check`` (a finished PDF) and ``letterpdf signatories`` (a list)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .app import cli, echo_report

if TYPE_CHECKING:  # the commands import the library when they run: --help stays light
    from ..source.signatories import Signatory


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
    from ..output.preflight import run_preflight
    from ..output.profiles import get_profile
    from ..source.sheets import load_signatories

    if file.suffix.lower() == ".docx":
        from ..word import check_docx as run_preflight

    report = run_preflight(
        file,
        profile=get_profile(profile, profiles_dir) if profile else None,
        signatories=load_signatories(signatories).entries if signatories else None,
    )
    echo_report(report, fmt)
    if not report.ok:
        raise SystemExit(1)


@cli.group()
def signatories() -> None:
    """Check and compare signatory lists (.csv, .tsv, .xlsx, or a letter folder)."""


@signatories.command("check")
@click.argument("path", default="content", type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too, as `build --strict` fails.")
@click.option(
    "--all", "every_pair", is_flag=True, help="List every near-duplicate pair, not one per group."
)
def check_signatories(path: Path, fmt: str, strict: bool, every_pair: bool) -> None:
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
    from ..lists import check_list

    report = check_list(path, every_pair=every_pair)
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
    from ..source.check import diff_paths

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
