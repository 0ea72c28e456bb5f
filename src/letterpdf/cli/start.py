"""``letterpdf new`` (a letter folder to fill in) and ``letterpdf preview`` (PNG proofs)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..base.options import PREVIEW_WIDTH
from .app import cli

if TYPE_CHECKING:  # the commands import the library when they run: --help stays light
    pass


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
    from ..scaffold import new_letter

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
    from ..preview import preview

    for path in preview(source, pages, output_dir, width):
        click.echo(f"Wrote {path}")
