"""Build a letter folder into one PDF: load, render, assemble, write atomically."""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from pypdf import PdfReader

from .annex import PageView, RangeOptions, layout_annex, styles_by_position
from .base.cache import Cache, cache_dir_for, context_key, hash_key
from .base.errors import StrictError
from .base.findings import message_place
from .base.logger import LOGGER, PROGRESS_LOGGER
from .base.options import BuildOptions, tagged
from .base.resources import FONTS_DIR, STYLES_DIR
from .base.words import Words
from .output.assemble import (
    PdfPart,
    assemble_pdf,
    concatenate_pdfs,
    inert_scan,
    read_scan,
)
from .output.files import (
    changes_since_last,
    check_output,
    default_output,
    signatory_record,
    write_outputs,
)
from .output.preflight import PreflightReport, run_preflight
from .output.profiles import Target, resolve_formats, resolve_target, source_date_epoch
from .output.structure import tidy_structure
from .source.check import letter_countries
from .source.frontmatter import read_front_matter
from .source.letter import Letter, find_translations, load_letter
from .source.sheets import format_signatories_csv
from .source.signatories import (
    Group,
    SignatoryDiff,
    name_languages,
    order_signatories,
)
from .typeset import drawing
from .typeset.branding import Branding, load_branding
from .typeset.fonts import font_face_css, load_faces
from .typeset.glyphs import faces_for_text, letter_glyph_warnings
from .typeset.html import (
    SignatoryCounts,
    as_of_date,
    count_signatories,
    render_annex_html,
    render_letter_html,
)
from .typeset.letterpages import render_letter_pages
from .typeset.pdf import (
    Layout,
    PdfOutput,
    RenderedPdf,
    RenderSetup,
    get_renderer,
    join_pdfs,
    refusal_message,
    write_layout,
)
from .typeset.themes import Theme, resolve_theme

if TYPE_CHECKING:
    from .word import DocxResult


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote, for the summary line."""

    #: The PDF written.
    output: Path
    #: Its pages: the letter's, the annex's and the scanned ones.
    pages: int
    letter_pages: int
    annex_pages: int
    scan_pages: int
    #: Signatories printed in the annex.
    signatories: int
    #: The PDF's size in bytes.
    size: int
    #: Wall-clock seconds the build took.
    seconds: float
    #: What the build ignored or refused, one sentence each (the PDF was still written).
    warnings: tuple[str, ...]
    #: The PDF variant written, or None for a plain PDF.
    variant: str | None = None
    #: The preflight report, when the build was asked to check its output.
    report: PreflightReport | None = None

    #: What changed in the printed list since the last build to this output (None: first).
    changes: SignatoryDiff | None = None


def build_letters(
    folder: Path, options: BuildOptions | None = None, langs: Sequence[str] = ()
) -> tuple[BuildResult | DocxResult, ...]:
    """Build letter.md and each translation, or only the languages in ``langs``, in each
    of ``options.formats`` (a PDF, a Word document or both; see resolve_formats).

    letter.md goes to ``options.output`` (default build/letter.pdf), letter.fr.md to
    letter.fr.pdf beside it, a Word document to the same name in .docx. Each file is
    written, or kept, on its own.
    """
    options = options or BuildOptions()
    front = read_front_matter(Path(folder))
    main = front.lang if front else None
    chosen: tuple[str | None, ...] = tuple(langs) or (main, *find_translations(Path(folder)))
    base = options.output or default_output(Path(folder))
    formats = resolve_formats(options, front.profile if front else None, Path(folder))
    results: list[BuildResult | DocxResult] = []
    for lang in chosen:
        output = base if lang == main else base.with_name(f"{base.stem}.{lang}{base.suffix}")
        one = replace(options, lang=lang, output=output)
        if "pdf" in formats:
            pdf = output if output.suffix.lower() != ".docx" else output.with_suffix(".pdf")
            results.append(build_letter(folder, replace(one, output=pdf)))
        if "docx" in formats:
            from .word import build_docx  # python-docx loads only for a Word document

            results.append(build_docx(folder, one))
    return tuple(results)


def build_letter(folder: Path, options: BuildOptions | None = None) -> BuildResult:
    """Build ``folder`` into a PDF at ``options.output``; the old PDF stays if anything fails."""
    started = time.perf_counter()
    options = options or BuildOptions()
    PROGRESS_LOGGER.info("Step 1 - Loading %s", folder)
    letter = load_letter(folder, options.lang)
    output = options.output or default_output(Path(folder))
    check_output(output, letter)
    build = _prepare(letter, options, output)
    target, groups = build.target, build.groups
    inert = [inert_scan(read_scan(p, target.variant), p) for p in letter.scans]
    scans = concatenate_pdfs([data for data, _ in inert]) if inert else None
    scan_pages = len(PdfReader(io.BytesIO(scans)).pages) if scans else 0

    # The letter is laid out while the annex's pages render in worker processes.
    early: dict[int, RenderedPdf] = {}

    def meanwhile(annex_pages: int) -> None:
        early[annex_pages] = build.letter_pages(annex_pages + scan_pages)

    annex = build.annex(meanwhile) if groups else None
    annex_pages = annex.pages if annex else 0
    letter_pdf = early.get(annex_pages) or build.letter_pages(annex_pages + scan_pages)

    rendered = (letter_pdf, annex) if annex else (letter_pdf,)
    refused = tuple(item for part in rendered for item in part.refused)
    warnings = _unique(
        letter.warnings
        + build.glyph_warnings
        + build.branding.warnings
        + ((target.note,) if target.note else ())
        + tuple(w for _, w in inert if w)
        + tuple(refusal_message(url, why, letter) for url, why in refused)
        + tuple(w for part in rendered for w in part.warnings)
    )
    if options.strict and warnings:  # said once, in the error
        raise StrictError(
            f"{len(warnings)} warning(s) and --strict is on, so {output} was not written. "
            "Fix each below, or build without --strict:\n" + "\n".join(f"  - {w}" for w in warnings)
        )
    for message in warnings:
        LOGGER.warning("%s", message)

    PROGRESS_LOGGER.info("Step 4 - Assembling")
    parts = _parts(letter, letter_pdf, annex, scans, groups, build.words)
    if annex and tagged(target.variant):
        # One tagged document: pypdf cannot merge the structure trees of two PDFs.
        joined = join_pdfs([letter_pdf, annex], epoch=build.epoch, output=build.output_options)
        parts[0:2] = [
            replace(parts[0], data=joined, pages=letter_pdf.pages),
            replace(parts[1], data=None),
        ]
    if tagged(target.variant):  # one tree a screen reader gets right (output/structure.py)
        parts[0] = replace(parts[0], data=tidy_structure(parts[0].data or b""))
    links = target.profile is None or target.profile.links
    data = assemble_pdf(parts, target.metadata(letter, build.epoch), links=links)
    changes = record = None
    if letter.signatories_file:
        printed = tuple(s for g in groups for s in g.members)
        countries = letter_countries(letter.front, letter.folder)
        changes = changes_since_last(signatory_record(output), printed, countries)
        record = format_signatories_csv(printed)
    write_outputs(output, data, record, printed if record else ())
    build.cache.prune()
    report = None
    if options.check:
        PROGRESS_LOGGER.info("Step 5 - Checking %s", output)
        report = run_preflight(output, profile=target.profile, signatories=letter.signatories)
    return BuildResult(
        output=output,
        pages=letter_pdf.pages + annex_pages + scan_pages,
        letter_pages=letter_pdf.pages,
        annex_pages=annex_pages,
        scan_pages=scan_pages,
        signatories=build.counts.count,
        size=len(data),
        seconds=time.perf_counter() - started,
        warnings=warnings,
        variant=target.variant,
        report=report,
        changes=changes,
    )


@dataclass(frozen=True)
class _Build:
    """What the parts of one build share: the loaded letter, the ordered list, the
    theme, the words, the fonts it needs, and the cache."""

    letter: Letter
    options: BuildOptions
    target: Target
    theme: Theme
    branding: Branding
    groups: tuple[Group, ...]
    counts: SignatoryCounts
    words: Words
    epoch: int
    #: The @font-face rules of the faces the text needs, and the paper.
    page_css: str
    glyph_warnings: tuple[str, ...]
    output_options: PdfOutput
    cache: Cache

    @property
    def rtl(self) -> bool:
        return self.letter.language.rtl

    def stylesheets(self, part: str) -> tuple[Path, ...]:
        """The theme's stylesheets for "letter" or "annex", mirrored for right to left,
        then the letter folder's style.css."""
        mirrored = self.theme.rtl_stylesheets(part) if self.rtl else ()
        user = (self.letter.style_css,) if self.letter.style_css else ()
        return (*self.theme.stylesheets(part), *mirrored, *user)

    def setup(self, part: str) -> RenderSetup:
        folder = self.letter.folder
        return RenderSetup(
            folder,
            self.stylesheets(part),
            self.page_css + "\n" + self.words.footer_css(part),
            (folder, STYLES_DIR, FONTS_DIR, *self.theme.dirs),
            even_lines=part == "letter",
        )

    def letter_pages(self, others: int) -> RenderedPdf:
        """The letter's own pages, with ``others`` pages (annex, scans) after them."""
        PROGRESS_LOGGER.info("Step 3 - Laying out the letter")
        setup, target = self.setup("letter"), self.target
        context = (
            None  # PDF/UA joins the laid-out documents: nothing to read back
            if tagged(target.variant)
            else context_key(
                (*setup.stylesheets, *sorted(FONTS_DIR.iterdir())),
                # Images are checked by path: a copy of the folder (and of its build/
                # cache) must not take the original's.
                str(self.letter.folder.resolve()),
                self.page_css,
                self.words.footer_css("letter"),
                f"{target.variant}:{self.epoch}",
                *(
                    hash_key(a.name, a.data, a.relationship)
                    for a in self.output_options.attachments
                ),
            )
        )
        renderer = get_renderer(setup)
        return render_letter_pages(
            lambda own: render_letter_html(
                self.letter,
                self.counts,
                theme_dir=self.theme.dirs,
                total_pages=own + others,
                annex_pages=others,
                branding=self.branding,
                words=self.words,
                paper=self.target.paper,
            ),
            lambda html: write_layout(renderer.layout(html), self.output_options, self.epoch),
            cache=self.cache,
            context=context,
        )

    def annex(self, meanwhile: Callable[[int], None]) -> RenderedPdf:
        """The signatory annex; ``meanwhile(its page count)`` runs while it is written."""
        letter, target, branding = self.letter, self.target, self.branding
        PROGRESS_LOGGER.info("Step 2 - Laying out the annex (%d signatories)", self.counts.count)

        def template(some: tuple[Group, ...], pages: Sequence[PageView] | None) -> str:
            return render_annex_html(
                letter,
                some,
                self.counts,
                theme_dir=self.theme.dirs,
                branding=branding,
                words=self.words,
                pages=pages,
            )

        setup = self.setup("annex")
        stylesheets = setup.stylesheets
        renderer = get_renderer(setup)
        fonts = sorted(p for p in FONTS_DIR.iterdir() if p.is_file())
        css = (*stylesheets, *(p for p in renderer.css_fetched if p.suffix == ".css"))
        laid_out = layout_annex(
            self.groups,
            template,
            renderer,
            cache=self.cache,
            context=context_key(
                # @import-ed stylesheets and @font-face files too
                {*stylesheets, self.theme.file("annex.html"), *fonts, *renderer.css_fetched},
                setup.extra_css,
                letter.front.lang,
            ),
            # One flow for: PDF/UA (one tagged document), logo grids (not columns), and
            # right-to-left letters (the planned columns float left to right).
            # And for styles that pick entries by their place among their siblings (zebra
            # stripes): planned columns are lists of their own, measured in chunks.
            planned=not branding.grid
            and not self.rtl
            and not any(styles_by_position(p.read_text("utf-8", "replace")) for p in css),
            jobs=self.options.jobs or 0,  # 0: the cores free when the annex starts
            progress=self.options.progress,
            # A tagged file is one document: no page ranges (their trees cannot be joined).
            ranges=None
            if tagged(target.variant)
            else _range_options(stylesheets, self.words, target, self.epoch, fonts),
            meanwhile=meanwhile,
            resident=self.options.resident,
        )
        if laid_out.rendered:
            return laid_out.rendered
        if tagged(target.variant):  # written once, joined with the letter (join_pdfs)
            layout: Layout = laid_out.layout
            return layout.rendered(b"")
        return write_layout(laid_out.layout, PdfOutput(target.variant), self.epoch)


def _prepare(letter: Letter, options: BuildOptions, output: Path) -> _Build:
    """Order the list, pick the theme, words and fonts, check the glyphs."""
    front = letter.front
    target = resolve_target(letter, options)
    theme = resolve_theme(options.theme or front.theme, letter.folder, chosen=bool(options.theme))
    branding = load_branding(letter)
    groups = order_signatories(
        letter.signatories,
        group_order=front.group_order,
        sort=front.sort,
        individuals_title=front.individuals_title,
    )
    groups = name_languages(groups, front.lang)
    counts = count_signatories(groups, as_of_date(letter))
    words = letter.language.words
    groups = tuple(replace(g, title=words.group(g.title)) for g in groups)
    annex_html = render_annex_html(
        letter, groups, counts, theme_dir=theme.dirs, branding=branding, words=words
    )
    first_html = render_letter_html(
        letter, counts, theme_dir=theme.dirs, total_pages=0, branding=branding, words=words
    )
    faces = faces_for_text(annex_html + first_html, front.lang, load_faces())
    drawing.configure(
        annex_html + first_html, (f.path for f in faces), cmyk=target.variant == "pdf/x-4"
    )
    glyph_warnings = letter_glyph_warnings(letter, theme, target.variant, annex_html, faces)
    return _Build(
        letter=letter,
        options=options,
        target=target,
        theme=theme,
        branding=branding,
        groups=groups,
        counts=counts,
        words=words,
        epoch=source_date_epoch(front.date),
        page_css=font_face_css(tuple(f for f in faces if f.always)) + "\n" + target.page_css(),
        glyph_warnings=glyph_warnings,
        output_options=target.pdf_output(groups),
        cache=Cache(cache_dir_for(output) if options.cache else None),
    )


def _range_options(
    stylesheets: Sequence[Path], words: Words, target: Target, epoch: int, fonts: list[Path]
) -> RangeOptions | None:
    """Render the annex in cached page ranges, unless a stylesheet prints the page total
    itself: ``counter(pages)`` in a range would count the range's pages."""
    texts = [p.read_text("utf-8", "replace") for p in stylesheets]
    if any("counter(pages)" in text for text in texts):
        return None
    output = PdfOutput(target.variant)
    return RangeOptions(
        write=lambda layout: write_layout(layout, output, epoch),
        footer=lambda total: words.footer_css("annex", pages=total),
        font_files=tuple(fonts),
        key=f"{target.variant}:{epoch}",
    )


def _parts(
    letter: Letter,
    letter_pdf: RenderedPdf,
    annex: RenderedPdf | None,
    scans: bytes | None,
    groups: tuple[Group, ...],
    words: Words,
) -> list[PdfPart]:
    parts = [PdfPart(letter_pdf.data, "", words.outline_letter)]
    if annex:
        children = tuple(
            (group.title or letter.front.annex_title, annex.anchors[f"group-{i}"])
            for i, group in enumerate(groups, start=1)
            if f"group-{i}" in annex.anchors
        )
        parts.append(PdfPart(annex.data, words.label_annex, words.outline_signatories, children))
    if scans:
        parts.append(PdfPart(scans, words.label_scans, words.outline_scans))
    return parts


def _unique(messages: tuple[str, ...]) -> tuple[str, ...]:
    """Each message once, by file and line ("signatories.csv line 7: ..." before line 15);
    messages about a whole file first, in the order they came."""
    return tuple(sorted(dict.fromkeys(messages), key=message_place))
