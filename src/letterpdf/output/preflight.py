"""Preflight: check a finished PDF against what a portal, court or archive will accept.

Each check gives one :class:`Finding`: its name, pass or fail, and the reason in a
sentence. The checks read the file with pikepdf (qpdf's own ``--check`` routine) and
take text from pypdf; PDF/A and PDF/UA rules that need no full validator such as
veraPDF live in :mod:`letterpdf.conformance`.
"""

from __future__ import annotations

import dataclasses
import io
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
from pypdf import PdfReader

from ..base.files import shorten
from ..base.findings import Finding, verdict
from ..source.signatories import Signatory
from .conformance import PdfContext, conformance_findings, dig
from .profiles import Profile
from .textread import missing_names, page_texts, reader
from .validator import validator_findings


@dataclass(frozen=True)
class PreflightReport:
    """Every finding for one file, in the order the checks ran."""

    path: Path
    profile: str | None
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        """True when every check passed."""
        return all(f.ok for f in self.findings)


#: Paper sizes in PDF points (portrait), to name what a page is.
PAGE_SIZES = {"a4": (595.28, 841.89), "letter": (612.0, 792.0), "a3": (841.89, 1190.55)}
PAPER_NAMES = {"a4": "A4", "letter": "US Letter", "a3": "A3"}
_TOLERANCE = 2.0  # points


def run_preflight(
    path: Path,
    *,
    profile: Profile | None = None,
    signatories: Sequence[Signatory] | None = None,
) -> PreflightReport:
    """Check ``path``; with ``signatories``, also look for every name in the annex."""
    findings: list[Finding] = []
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        findings.append(verdict("encryption", False, "needs a password to open"))
    except (pikepdf.PdfError, OSError) as e:
        findings.append(verdict("syntax", False, f"not a readable PDF ({e})"))
    else:
        with pdf:
            bomb = _decompression_bomb(pdf)
            if bomb:  # every other check decodes streams: minutes and gigabytes
                return PreflightReport(path, profile.name if profile else None, (bomb,))
            ctx = PdfContext(pdf, path.stat().st_size, profile)
            findings.extend(_safely(check, ctx) for check in _CHECKS)
            try:
                findings.extend(verdict(*r) for r in conformance_findings(ctx))
            except Exception as e:  # a file can be malformed in any way: say so, go on
                findings.append(verdict("pdf/a", False, f"cannot check: {_why(e)}"))
            wanted = profile.variant if profile else None
            findings.extend(validator_findings(path, ctx.xmp, wanted))
            texts = _page_texts(path, pdf)
            findings.append(_text(texts))
            if signatories is not None:
                findings.append(_signatories(texts, signatories))
    findings = [_with_next_step(f, profile) for f in findings]
    return PreflightReport(path, profile.name if profile else None, tuple(findings))


#: Bytes one compressed stream, and all of them, may inflate to before `check` calls the
#: file a decompression bomb. A 10,000-name letter inflates to about 20 MB, a 300 dpi
#: colour scan to 25 MB a page; a bomb of 4 MB to 2 GB kept qpdf busy for 7 minutes.
STREAM_LIMIT = 256 * 2**20
FILE_LIMIT = 2**30


def _decompression_bomb(pdf: pikepdf.Pdf) -> Finding | None:
    """A failed syntax finding if a Flate stream inflates past the limits, read in
    bounded steps (the checks after this one inflate each stream whole)."""
    total = 0
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream):
            continue
        filters = obj.get("/Filter")
        if isinstance(filters, pikepdf.Array) and len(filters) == 1:
            filters = filters[0]
        if filters != pikepdf.Name.FlateDecode:
            continue
        try:
            size = inflated_size(obj.read_raw_bytes(), STREAM_LIMIT)
        except (pikepdf.PdfError, zlib.error):
            continue  # the syntax check says what is wrong with it
        total += size
        if size > STREAM_LIMIT or total > FILE_LIMIT:
            limit = STREAM_LIMIT if size > STREAM_LIMIT else FILE_LIMIT
            return verdict(
                "syntax",
                False,
                f"object {obj.objgen[0]} inflates to more than {limit // 2**20:,} MB: a "
                "decompression bomb, not a letter; nothing else was checked. Next: ask "
                "for the file again (a letterpdf build never writes one)",
            )
    return None


def inflated_size(data: bytes, limit: int) -> int:
    """The size ``data`` inflates to, counted 1 MB at a time up to just past ``limit``."""
    inflater = zlib.decompressobj()
    size, pending = 0, data
    while pending and size <= limit:
        size += len(inflater.decompress(pending, 2**20))
        pending = inflater.unconsumed_tail
    return size


def _with_next_step(finding: Finding, profile: Profile | None) -> Finding:
    """A failed check's message, ending with what to do about it: the option, the file to
    edit or the command to run."""
    if finding.ok:
        return finding
    rebuild = (
        f"rebuild with --profile {profile.name} (letterpdf build FOLDER --profile {profile.name})"
        if profile
        else "rebuild with `letterpdf build FOLDER --profile NAME` for its destination"
    )
    paper = profile.paper if profile else None
    steps = {
        "syntax": "rebuild it with letterpdf build; another program's file: re-save it with "
        "`qpdf IN.pdf OUT.pdf`",
        "encryption": "remove the password: `qpdf --decrypt IN.pdf OUT.pdf`",
        "fonts": "rebuild it with letterpdf build, which embeds every font",
        "page size": f"{rebuild}, or --paper {paper}" if paper else rebuild,
        "file size": "make the images and scans in the letter folder smaller (scans at 300 "
        "dpi: `ocrmypdf --optimize 3`), then rebuild",
        "javascript": "rebuild it with letterpdf build, which writes none",
        "forms": "flatten the form (print it to PDF), then rebuild",
        "metadata": "set title, signed_by (the author) and lang in letter.md's front matter, "
        "then rebuild",
        "text": "rebuild it with letterpdf build; run OCR on a scanned page first "
        "(`ocrmypdf IN.pdf OUT.pdf`)",
        "signatories": "rebuild the letter with this list (letterpdf build FOLDER), or compare "
        "the lists: letterpdf signatories diff OLD NEW",
    }
    step = steps.get(finding.kind, rebuild)
    return dataclasses.replace(finding, message=f"{finding.message}. Next: {step}.")


def _safely(check: Callable[[PdfContext], Finding], ctx: PdfContext) -> Finding:
    """A check's finding; a file it cannot make sense of fails it, never crashes `check`."""
    try:
        return check(ctx)
    except Exception as e:  # a file can be malformed in any way: say so, go on
        name = check.__name__.strip("_").replace("_", " ")
        return verdict(name, False, f"cannot check: {_why(e)}")


def _why(error: Exception) -> str:
    return shorten(str(error) or type(error).__name__, 120)


def _syntax(ctx: PdfContext) -> Finding:
    problems = ctx.pdf.check_pdf_syntax()
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        return verdict("syntax", False, f"{problems[0]}{more}")
    return verdict("syntax", True, "parses cleanly (qpdf --check)")


def _encryption(ctx: PdfContext) -> Finding:
    if ctx.pdf.is_encrypted:
        return verdict("encryption", False, "encrypted; portals and PDF/A refuse it")
    return verdict("encryption", True, "not encrypted")


def _fonts(ctx: PdfContext) -> Finding:
    names, missing = set(), set()
    for font in ctx.fonts():
        name = str(font.get("/BaseFont", "(unnamed)")).lstrip("/")
        names.add(name)
        if not _embedded(font):
            missing.add(name)
    if missing:
        return verdict("fonts", False, f"not embedded: {', '.join(sorted(missing))}")
    return verdict("fonts", True, f"{len(names)} font(s), all embedded")


def _embedded(font: Any) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # glyphs are drawn in the file itself
    if font.get("/Subtype") == "/Type0":
        descendants = font.get("/DescendantFonts")
        if not descendants:
            return False  # a Type0 font must have one: nothing is embedded
        font = descendants[0]
    descriptor = font.get("/FontDescriptor")
    return descriptor is not None and any(
        k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
    )


def _page_size(ctx: PdfContext) -> Finding:
    sizes = [_size_name(*_page_dimensions(page)) for page in ctx.pdf.pages]
    want = ctx.profile.paper if ctx.profile else None
    if want:
        expected = f"{PAPER_NAMES[want]} portrait"
        wrong: dict[str, list[int]] = {}
        for i, size in enumerate(sizes, start=1):
            if size != expected:
                wrong.setdefault(size, []).append(i)
        if wrong:
            said = "; ".join(
                f"{_pages(numbers, len(sizes))} {size}" for size, numbers in wrong.items()
            )
            return verdict("page size", False, f"{said}; {ctx.profile_name} wants {expected}")
    found = ", ".join(dict.fromkeys(sizes))
    return verdict("page size", True, f"{len(sizes)} page(s), {found}")


def _pages(numbers: list[int], total: int) -> str:
    """'page 2 is', 'pages 1, 3 are', 'all 3 pages are'."""
    if len(numbers) == 1:
        return f"page {numbers[0]} is"
    if len(numbers) == total:
        return f"all {total} pages are"
    shown = ", ".join(map(str, numbers[:5])) + (" ..." if len(numbers) > 5 else "")
    return f"pages {shown} are"


def _page_dimensions(page: pikepdf.Page) -> tuple[float, float]:
    box = page.obj.get("/TrimBox") or page.mediabox  # the trimmed page, without any bleed
    width, height = abs(float(box[2]) - float(box[0])), abs(float(box[3]) - float(box[1]))
    rotate = page.obj.get("/Rotate", 0)
    if isinstance(rotate, int | pikepdf.Object) and _number(rotate) % 180:
        width, height = height, width
    return width, height


def _number(value: Any) -> int:
    """A PDF number, or 0 for a value that is not one (``/Rotate /Sideways``)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _size_name(width: float, height: float) -> str:
    orientation = "portrait" if height >= width else "landscape"
    short, long = sorted((width, height))
    for key, (w, h) in PAGE_SIZES.items():
        if abs(short - w) <= _TOLERANCE and abs(long - h) <= _TOLERANCE:
            return f"{PAPER_NAMES[key]} {orientation}"
    return f"{width / 72 * 25.4:.0f} x {height / 72 * 25.4:.0f} mm"


def _file_size(ctx: PdfContext) -> Finding:
    size = f"{ctx.size / 1e6:.2f} MB"
    limit = ctx.profile.max_size_mb if ctx.profile else None
    if limit is not None and ctx.size > limit * 1e6:
        return verdict(
            "file size", False, f"{size}, over the {limit:g} MB limit of {ctx.profile_name}"
        )
    return verdict("file size", True, size + (f" (limit {limit:g} MB)" if limit else ""))


def _javascript(ctx: PdfContext) -> Finding:
    names: Any = dig(ctx.pdf.Root, "/Names") or {}
    found = "/JavaScript" in names or any(
        obj.get("/S") == "/JavaScript" or "/JS" in obj for obj in ctx.dictionaries()
    )
    return verdict("javascript", not found, "contains JavaScript" if found else "none")


def _forms(ctx: PdfContext) -> Finding:
    fields: Any = dig(ctx.pdf.Root, "/AcroForm", "/Fields") or []
    if len(fields):
        return verdict("forms", False, f"{len(fields)} form field(s)")
    return verdict("forms", True, "none")


def _embedded_files(ctx: PdfContext) -> Finding:
    names = sorted(ctx.pdf.attachments)
    allowed = ctx.profile.embedded_files if ctx.profile else True
    if names and not allowed:
        return verdict(
            "embedded files",
            False,
            f"{', '.join(names)}; {ctx.profile_name} forbids embedded files",
        )
    return verdict("embedded files", True, ", ".join(names) or "none")


def _links(ctx: PdfContext) -> Finding:
    count = sum(
        1
        for page in ctx.pdf.pages
        for annot in page.obj.get("/Annots", [])
        if dig(annot, "/Subtype") == "/Link" and dig(annot, "/A", "/S") == "/URI"
    )
    if count and ctx.profile and not ctx.profile.links:
        return verdict("links", False, f"{count} web link(s); {ctx.profile_name} forbids links")
    return verdict("links", True, f"{count} web link(s)")


def _metadata(ctx: PdfContext) -> Finding:
    info: Any = dig(ctx.pdf.trailer, "/Info") or {}
    values = {
        "title": str(info.get("/Title", "")).strip(),
        "author": str(info.get("/Author", "")).strip(),
        "language": str(ctx.pdf.Root.get("/Lang", "")).strip(),
    }
    missing = [k for k, v in values.items() if not v]
    if missing:
        return verdict("metadata", False, f"no {', '.join(missing)}")
    return verdict("metadata", True, "; ".join(f"{k} {v!r}" for k, v in values.items()))


_CHECKS: tuple[Callable[[PdfContext], Finding], ...] = (
    _syntax,
    _encryption,
    _fonts,
    _page_size,
    _file_size,
    _javascript,
    _forms,
    _embedded_files,
    _links,
    _metadata,
)


@dataclass(frozen=True)
class _PageText:
    label: str
    text: str


def _page_texts(path: Path, pdf: pikepdf.Pdf) -> list[_PageText]:
    """Each page's label and its text as a reader gets it (see textread)."""
    try:
        labels = list(PdfReader(io.BytesIO(path.read_bytes())).page_labels)
    except Exception:  # pypdf raises many types for a damaged file
        labels = []
    labels += [str(i) for i in range(len(labels) + 1, len(pdf.pages) + 1)]
    texts = page_texts(path)
    texts += [""] * (len(pdf.pages) - len(texts))
    return [_PageText(label, text) for label, text in zip(labels, texts, strict=False)]


def _text(texts: list[_PageText]) -> Finding:
    # Scanned signature pages (labels S-1, S-2...) are images by nature.
    empty = [t.label for t in texts if not t.text.strip() and not t.label.startswith("S-")]
    if empty:
        return verdict("text", False, f"no extractable text on page(s) {', '.join(empty[:10])}")
    return verdict("text", True, f"extractable on every page (read with {reader()})")


def _signatories(texts: list[_PageText], signatories: Sequence[Signatory]) -> Finding:
    annex = [t for t in texts if t.label.startswith("A-")] or texts
    missing = missing_names([t.text for t in annex], [s.name for s in signatories])
    where = "the annex" if annex is not texts else "the file"
    if missing:
        shown = "; ".join(missing[:5]) + (
            f" (and {len(missing) - 5} more)" if len(missing) > 5 else ""
        )
        return verdict("signatories", False, f"{len(missing)} not found in {where}: {shown}")
    return verdict(
        "signatories", True, f"all {len(signatories)} found in {where} (read with {reader()})"
    )


def iter_findings(report: PreflightReport) -> Iterator[str]:
    """The report as lines: 'PASS  fonts: 4 font(s), all embedded'."""
    labels = {"pass": "PASS", "warning": "WARN", "error": "FAIL"}
    for f in report.findings:
        yield f"{labels.get(f.severity, 'FAIL')}  {f.kind}: {f.message}"
