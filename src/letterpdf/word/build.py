"""Build a letter folder into a Word document: load, list, write, count, write atomically."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

from ..base.errors import StrictError
from ..base.logger import LOGGER, PROGRESS_LOGGER
from ..base.options import BuildOptions
from ..output.files import check_output, default_output, write_atomically
from ..output.preflight import PreflightReport
from ..output.profiles import Profile, resolve_target, source_date_epoch
from ..source.letter import load_letter
from ..typeset.html import as_of_date, count_signatories, fill_placeholders
from ..typeset.markdown import parse_body
from .check import WordCount, check_docx, count_words
from .document import Content, write_docx
from .statement import (
    WordLimit,
    WordLimitError,
    list_signatories,
    over_limit_message,
    title_note,
    word_limit,
)

#: The layout of a Word document built without a Word profile: a letter in Times New Roman.
PLAIN = Profile(name="", summary="A letter as a Word document", justify=True)


@dataclass(frozen=True)
class DocxResult:
    """What a Word build wrote, for the summary line."""

    output: Path
    #: Words of the text and its notes, as the channel counts them.
    words: WordCount
    #: The destination's limit, when it has one.
    limit: WordLimit | None
    #: Signatories printed: listed, and in the footnote to the title.
    signatories: int
    footnoted: int
    size: int
    seconds: float
    warnings: tuple[str, ...]
    profile: str | None = None
    report: PreflightReport | None = None

    def summary(self) -> str:
        """``Wrote build/letter.docx: 1,234 of 2,000 words (...), 40 signatories, ...``."""
        words = self.words
        counted = f"{words.total:,}" + (f" of {self.limit.words:,}" if self.limit else "")
        notes = f"; {words.notes:,} in notes" if words.notes else ""
        footnoted = f" ({self.footnoted} in the title's footnote)" if self.footnoted else ""
        warned = f", {len(self.warnings)} warning(s)" if self.warnings else ""
        size = f"{self.size / 1024:.0f} KB" if self.size < 2**20 else f"{self.size / 2**20:.1f} MB"
        return (
            f"Wrote {self.output}: {counted} words (text and notes{notes}; the signatory list "
            f"does not count), {self.signatories} signator"
            f"{'y' if self.signatories == 1 else 'ies'}{footnoted}, {size}, "
            f"{self.seconds:.1f} s{warned}" + (f", {self.profile}" if self.profile else "")
        )


def docx_output(folder: Path, options: BuildOptions) -> Path:
    """``-o`` with .docx for its suffix, or build/letter.docx."""
    return (options.output or default_output(folder)).with_suffix(".docx")


def build_docx(folder: Path, options: BuildOptions | None = None) -> DocxResult:
    """Build ``folder`` into a .docx at ``options.output`` (its suffix made .docx); the
    old file stays if anything fails, or if the text is over the destination's limit."""
    started = time.perf_counter()
    options = options or BuildOptions()
    PROGRESS_LOGGER.info("Step 1 - Loading %s", folder)
    letter = load_letter(folder, options.lang)
    output = docx_output(Path(folder), options)
    check_output(output, letter)
    target = resolve_target(letter, options)
    profile = target.profile if target.profile and target.profile.format == "docx" else PLAIN
    words = letter.language.words
    listing = list_signatories(letter, profile, words)
    limit = word_limit(letter, profile, listing)
    counts = count_signatories(listing.groups, as_of_date(letter))
    PROGRESS_LOGGER.info("Step 2 - Writing the Word document")
    body = fill_placeholders(letter.body, letter, counts, letter.body_line)
    epoch = source_date_epoch(letter.front.date)
    data = write_docx(
        Content(
            letter=letter,
            body=parse_body(body, letter.language),
            listing=listing,
            profile=profile,
            paper=target.paper,
            when=dt.datetime.fromtimestamp(epoch, dt.UTC).replace(tzinfo=None),
            annex_note=letter.language.spaced(
                fill_placeholders(letter.front.annex_note, letter, counts, 2)
            ),
            title_note=title_note(listing, words),
        )
    )
    count = count_words(data)
    warnings = list(letter.warnings)
    if limit and count.total > limit.words:
        counted = "text and notes; the signatory list does not count"
        message = over_limit_message(str(letter.source), str(output), counted, count.total, limit)
        if limit.severity == "error":
            raise WordLimitError(message)
        warnings.append(message)
    warnings = list(dict.fromkeys(warnings))
    if options.strict and warnings:
        raise StrictError(
            f"{len(warnings)} warning(s) and --strict is on, so {output} was not written. "
            "Fix each below, or build without --strict:\n" + "\n".join(f"  - {w}" for w in warnings)
        )
    for message in warnings:
        LOGGER.warning("%s", message)
    write_atomically(output, data)
    report = check_docx(output, profile=target.profile) if options.check else None
    return DocxResult(
        output=output,
        words=count,
        limit=limit,
        signatories=listing.count,
        footnoted=len(listing.footnoted),
        size=len(data),
        seconds=time.perf_counter() - started,
        warnings=tuple(warnings),
        profile=profile.name or None,
        report=report,
    )
