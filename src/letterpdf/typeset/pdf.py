"""Render HTML to PDF with WeasyPrint, reading only files the letter is allowed to use."""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from ..base.files import shorten
from ..base.options import writer_variant
from ..source.letter import Letter
from . import drawing, justify
from .fonts import isolate_fontconfig

if TYPE_CHECKING:
    from weasyprint import Document


#: Images are downsampled to print resolution, so a phone photo of a logo stays small.
IMAGE_OPTIONS: dict[str, Any] = {"optimize_images": True, "dpi": 300, "jpeg_quality": 85}


@dataclass(frozen=True)
class PdfAttachment:
    """A file embedded in the PDF (PDF/A-3 allows it; WeasyPrint drops it for PDF/A-2)."""

    name: str
    data: bytes
    #: How the file relates to the document (PDF 2.0 AFRelationship): Data, Source...
    relationship: str
    description: str = ""


@dataclass(frozen=True)
class PdfOutput:
    """How the PDF is written: the variant and the attachments, passed as one value."""

    #: WeasyPrint's ``pdf_variant`` ("pdf/a-2b", "pdf/a-3b", "pdf/ua-1"), or None.
    variant: str | None = None
    attachments: tuple[PdfAttachment, ...] = ()


@dataclass(frozen=True)
class RenderedPdf:
    """A rendered part of the letter (the letter pages, or the annex)."""

    data: bytes
    pages: int
    #: HTML id -> index of the page it lands on, for the outline.
    anchors: dict[str, int]
    #: URLs the fetcher refused, and why: (url, reason).
    refused: tuple[tuple[str, str], ...]
    #: What the renderer ignored (bad CSS...), one sentence each.
    warnings: tuple[str, ...]
    #: The laid-out WeasyPrint Document, kept so parts can be joined (see join_pdfs).
    document: Any = field(default=None, repr=False, compare=False)
    #: Files read for the layout (images, logos, imported stylesheets, fonts), besides
    #: the stylesheets themselves.
    fetched: tuple[Path, ...] = ()


def render_pdf(
    html: str,
    *,
    base_dir: Path,
    stylesheets: Sequence[Path],
    extra_css: str,
    allowed_dirs: Sequence[Path],
    epoch: int,
    output: PdfOutput | None = None,
) -> RenderedPdf:
    """Lay out ``html`` and write it as PDF bytes.

    Files are served only from ``allowed_dirs``; anything else (http, https, a file
    elsewhere) is refused and reported in ``warnings``. ``epoch`` (seconds) stands in
    for the clock wherever the writer would stamp the time.
    """
    renderer = get_renderer(
        RenderSetup(base_dir, tuple(stylesheets), extra_css, tuple(allowed_dirs))
    )
    return write_layout(renderer.layout(html), output or PdfOutput(), epoch)


def write_layout(layout: Layout, output: PdfOutput, epoch: int) -> RenderedPdf:
    """Write a laid-out document as a rendered part (its writer's warnings included, and
    the files it read while drawing: an image inside an SVG is fetched only then)."""
    fetcher = layout.fetcher
    marks = (len(fetcher.fetched), len(fetcher.refused)) if fetcher is not None else (0, 0)
    with _collect_warnings() as logged:
        data = _write(layout.document, output, epoch)
    if fetcher is not None:
        drawn = tuple(p for p in fetcher.fetched[marks[0] :] if p not in layout.fetched)
        refused = tuple(r for r in fetcher.refused[marks[1] :] if r not in layout.refused)
        layout = replace(layout, fetched=layout.fetched + drawn, refused=layout.refused + refused)
    rendered = layout.rendered(data)
    extra = tuple(m for m in logged if not any(url in m for url, _ in layout.refused))
    return replace(rendered, warnings=rendered.warnings + extra) if extra else rendered


@dataclass(frozen=True)
class RenderSetup:
    """Everything that shapes a render besides the HTML (hashable: renderers are reused)."""

    base_dir: Path
    stylesheets: tuple[Path, ...]
    #: CSS laid under the stylesheets (fonts, paper size).
    extra_css: str
    allowed_dirs: tuple[Path, ...]
    #: Break justified paragraphs as a whole, not line by line (:mod:`.justify`).
    even_lines: bool = False


@dataclass(frozen=True)
class Layout:
    """A laid-out document, with what the renderer had to say about it."""

    document: Any
    refused: tuple[tuple[str, str], ...]
    warnings: tuple[str, ...]
    fetched: tuple[Path, ...] = ()
    #: The renderer's URL fetcher, which drawing still uses (images inside SVGs).
    fetcher: Any = field(default=None, compare=False, repr=False)

    def rendered(self, data: bytes) -> RenderedPdf:
        """The written layout as a rendered part."""
        pages = self.document.pages
        anchors = {anchor: index for index, page in enumerate(pages) for anchor in page.anchors}
        return RenderedPdf(
            data, len(pages), anchors, self.refused, self.warnings, self.document, self.fetched
        )


class Renderer:
    """WeasyPrint set up once (fonts loaded, stylesheets parsed) for many renders.

    Watch mode and the annex's measuring pass render again and again with the same
    stylesheets; parsing them and loading the fonts each time would cost more than a
    small render.
    """

    def __init__(self, setup: RenderSetup) -> None:
        isolate_fontconfig()
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration

        drawing.install()

        self._weasyprint = weasyprint
        self._fetcher = _make_fetcher(
            weasyprint.URLFetcher, [d.resolve() for d in setup.allowed_dirs]
        )
        self._fonts = FontConfiguration()
        #: Colour profiles the stylesheets declare (@color-profile): a PDF/X file's
        #: output intent.
        self._profiles: dict[str, Any] = {}
        self._base_url = str(setup.base_dir.resolve()) + os.sep
        self._even_lines = setup.even_lines
        self._css = [self._stylesheet(string=setup.extra_css)]
        warnings: list[str] = []
        for path in setup.stylesheets:
            # Stylesheets are parsed here, so their syntax warnings can name the file.
            with _collect_warnings() as logged:
                self._css.append(self._stylesheet(filename=str(path)))
            warnings += [f"{path}: {m}" for m in logged if not _is_refusal_echo(m, self._fetcher)]
        self._css_warnings = tuple(warnings)
        self._css_refused = tuple(self._fetcher.refused)
        #: Read while parsing the stylesheets (@import, @font-face): each layout uses them.
        self._css_fetched = tuple(dict.fromkeys(self._fetcher.fetched))
        self.css_stamps = _stamps(self._css_fetched)

    @property
    def css_fetched(self) -> tuple[Path, ...]:
        """Files read while parsing the stylesheets: imported stylesheets, fonts."""
        return self._css_fetched

    def _stylesheet(self, **source: str) -> Any:
        return self._weasyprint.CSS(
            **source,
            url_fetcher=self._fetcher,
            font_config=self._fonts,
            color_profiles=self._profiles,
        )

    def layout(self, html: str, override_css: str = "") -> Layout:
        """Lay ``html`` out, with ``override_css`` over the stylesheets."""
        self._fetcher.refused[:] = self._css_refused
        self._fetcher.fetched[:] = self._css_fetched
        css = [*self._css, self._stylesheet(string=override_css)] if override_css else self._css
        with _collect_warnings() as logged:
            source = self._weasyprint.HTML(
                string=html, base_url=self._base_url, url_fetcher=self._fetcher
            )

            def render() -> Document:
                return source.render(
                    stylesheets=css,
                    font_config=self._fonts,
                    color_profiles=self._profiles,
                    **IMAGE_OPTIONS,
                )

            document = justify.set_even_lines(render) if self._even_lines else render()
        messages = list(dict.fromkeys(m for m in logged if not _is_refusal_echo(m, self._fetcher)))
        return Layout(
            document,
            tuple(dict.fromkeys(self._fetcher.refused)),
            self._css_warnings + tuple(messages),
            tuple(dict.fromkeys(self._fetcher.fetched)),
            self._fetcher,
        )


def get_renderer(setup: RenderSetup) -> Renderer:
    """The renderer for ``setup``, kept while its stylesheets, and the files they
    ``@import`` or load fonts from, are unchanged (watch mode)."""
    key = (setup, tuple(p.read_bytes() for p in setup.stylesheets))
    renderer = _RENDERERS.get(key)
    if renderer is not None and renderer.css_stamps != _stamps(renderer.css_fetched):
        renderer = None
    if renderer is None:
        if len(_RENDERERS) >= 8:
            _RENDERERS.clear()
        renderer = _RENDERERS[key] = Renderer(setup)
    return renderer


_RENDERERS: dict[tuple[RenderSetup, tuple[bytes, ...]], Renderer] = {}


def _stamps(paths: Sequence[Path]) -> tuple[tuple[int, int], ...]:
    """Size and time of each file: what changes when one is edited or replaced."""
    out = []
    for path in paths:
        try:
            st = path.stat()
            out.append((st.st_size, st.st_mtime_ns))
        except OSError:
            out.append((-1, -1))
    return tuple(out)


def join_pdfs(parts: Sequence[RenderedPdf], *, epoch: int, output: PdfOutput) -> bytes:
    """Write several rendered parts as ONE WeasyPrint document (``Document.copy``).

    pypdf cannot merge structure trees, so a tagged PDF (PDF/UA) made of the letter and
    the annex must come out of a single ``write_pdf``. Metadata and language come from
    the first part.
    """
    first = parts[0].document
    return _write(
        first.copy([page for part in parts for page in part.document.pages]), output, epoch
    )


def _write(document: Document, output: PdfOutput, epoch: int) -> bytes:
    import weasyprint

    when = dt.datetime.fromtimestamp(epoch, dt.UTC).replace(tzinfo=None)
    attachments = [
        weasyprint.Attachment(
            file_obj=io.BytesIO(a.data),
            name=a.name,
            description=a.description,
            relationship=a.relationship,
            created=when,
            modified=when,
        )
        for a in output.attachments
    ]
    with _source_date_epoch(epoch):
        data: bytes = document.write_pdf(
            pdf_variant=writer_variant(output.variant), attachments=attachments or None
        )
    return data


def _make_fetcher(base: type[Any], roots: list[Path]) -> Any:
    class LetterFetcher(base):  # type: ignore[misc]
        """Serve files under the allowed folders and data: URLs; refuse everything else."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file", "data"})
            self.refused: list[tuple[str, str]] = []
            self.fetched: list[Path] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(unquote(urlsplit(url).path)).resolve()
                if any(path.is_relative_to(root) for root in roots):
                    if path.is_file():
                        self.fetched.append(path)
                        return super().fetch(url, headers)
                    reason = "no such file"
                else:
                    reason = "outside the letter folder, its theme, styles/ and fonts/"
            else:
                reason = "letterpdf never uses the network; put the file in the letter folder"
            self.refused.append((url, reason))
            raise ValueError(f"letterpdf refused {url}")

    return LetterFetcher()


def _is_refusal_echo(message: str, fetcher: Any) -> bool:
    return any(url in message for url, _ in fetcher.refused)


@contextmanager
def _collect_warnings() -> Iterator[list[str]]:
    """Collect WeasyPrint's warnings and errors (bad CSS, failed loads) as messages."""
    messages: list[str] = []

    class Handler(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            message = shorten(record.getMessage().splitlines()[0], 300)
            # A missing glyph is reported by the glyph preflight, with its file and line.
            if ".notdef" not in message:
                messages.append(message)

    handler = Handler(logging.WARNING)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)


@contextmanager
def _source_date_epoch(epoch: int) -> Iterator[None]:
    """Font subsetting may stamp the time; make it the letter's, not the clock's."""
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if old is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


def refusal_message(url: str, why: str, letter: Letter) -> str:
    """Say which of the user's files asked for a refused URL, and on which line.

    A relative reference (``url(../x.png)``) reaches us resolved, so a line that names
    the same file is taken when no line holds the whole URL.
    """
    candidates = [letter.style_css, letter.folder / "letter.md"]
    lines = [
        (path, number, line)
        for path in candidates
        if path is not None and path.is_file()
        for number, line in enumerate(path.read_text("utf-8-sig", "replace").splitlines(), 1)
    ]
    name = unquote(urlsplit(url).path).rsplit("/", 1)[-1]
    for needle in (url, name):
        for path, number, line in lines:
            if needle and needle in line:
                return f"{path} line {number}: refused to load {shorten(url)!r}: {why}"
    return f"refused to load {shorten(url)!r}: {why}"
