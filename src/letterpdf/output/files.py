"""The files a build writes: the PDF replaced atomically, and the record of the list it printed."""

from __future__ import annotations

import hashlib
import os
import tempfile
import zipfile
from pathlib import Path

from ..base.errors import OutputError, SignatoriesError
from ..source.countries import CountryStyle
from ..source.letter import Letter
from ..source.sheets import load_signatories
from ..source.signatories import Signatory, SignatoryDiff, diff_signatories, normalise_signatories


def default_output(folder: Path) -> Path:
    """Where ``letterpdf build DIR`` writes when no ``-o`` is given."""
    return folder / "build" / "letter.pdf"


def check_output(output: Path, letter: Letter) -> None:
    """Refuse an output path that would destroy an input, or a file that is not a PDF (a
    Word document for a .docx path)."""
    path = output.resolve()
    for target in (path, signatory_record(path)):
        if any(target == p.resolve() for p in letter.input_files):
            raise OutputError(
                f"{output}: is one of the letter's input files; letterpdf never overwrites "
                "them. Give a PDF path with -o, e.g. -o build/letter.pdf."
            )
    if path.is_relative_to(letter.folder / "annex"):
        raise OutputError(
            f"{output}: inside annex/, the next build would take it for scanned pages. "
            "Write the PDF elsewhere, e.g. -o build/letter.pdf."
        )
    if path.is_file():
        word = path.suffix.lower() == ".docx"
        if not (_is_docx(path) if word else _is_pdf(path)):
            kind = "a Word document" if word else "a PDF"
            raise OutputError(
                f"{output}: exists and is not {kind}; letterpdf only replaces "
                f"{'Word documents' if word else 'PDFs'}. "
                "Choose another -o path, or move that file away."
            )


def _is_pdf(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(5) == b"%PDF-"


def _is_docx(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def signatory_record(output: Path) -> Path:
    """Where a build keeps the list it printed: ``letter.signatories.csv`` beside ``letter.pdf``."""
    return output.with_name(f"{output.stem}.signatories.csv")


#: The record this process wrote last, by its digest, with the entries it records:
#: `watch` then compares with them instead of reading the record back.
_WRITTEN: dict[str, tuple[Signatory, ...]] = {}


def changes_since_last(
    record: Path, printed: tuple[Signatory, ...], countries: CountryStyle
) -> SignatoryDiff | None:
    try:
        data = record.read_bytes()
    except OSError:
        return None
    last = _WRITTEN.get(hashlib.sha256(data).hexdigest())
    if last is None:
        try:
            last = normalise_signatories(load_signatories(record).entries, countries)
        except SignatoriesError:
            return None  # a damaged record only costs the "since the last build" line
    return diff_signatories(last, printed)


def write_outputs(
    output: Path, pdf: bytes, record: bytes | None, printed: tuple[Signatory, ...] = ()
) -> None:
    """Replace the record of the printed list, then the PDF, each atomically.

    In this order a failure (a full disk) or a kill between the two never leaves a new
    PDF beside the record of an older list: at worst the old PDF stays beside the new
    record, and the next build's "since the last build" counts from that record. A
    failure before the record is written changes nothing.
    """
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise _unwritable(output, e) from None
    if record is not None:
        write_atomically(signatory_record(output), record)
        _WRITTEN.clear()
        _WRITTEN[hashlib.sha256(record).hexdigest()] = printed
    write_atomically(output, pdf)


def write_atomically(path: Path, data: bytes) -> None:
    """Write beside the target, then rename: a reader never sees half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as e:
        raise _unwritable(path, e) from None


def _unwritable(path: Path, e: OSError) -> OutputError:
    in_the_way = isinstance(e, FileExistsError | NotADirectoryError)
    return OutputError(
        f"{path}: cannot be written "
        f"({'a file stands where a folder should be' if in_the_way else e.strerror}). "
        "Choose a folder you can write to with -o, e.g. -o build/letter.pdf."
    )
