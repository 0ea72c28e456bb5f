"""PDF/A and PDF/UA rules the preflight can check without a full validator (veraPDF).

Covered: the identification in XMP, XMP/Info agreement, the output intent, the document
ID, transparency (forbidden in PDF/A-1), external references, embedded files per part,
and for PDF/UA a structure tree that reaches every page's content. Not covered: colour
spaces against the output intent, font widths and glyph coverage, and the many rules
only veraPDF knows; run it too when a destination names it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import pikepdf

from ..base.options import accessible, pdfa_part, writer_variant
from .structure import number_tree, struct_elements
from .xmp import Xmp, parse_pdf_date, read_xmp

if TYPE_CHECKING:
    from .profiles import Profile

#: A check's outcome: (check name, passed, reason); preflight makes Findings of them.
Result = tuple[str, bool, str]
_CID_FONTS = ("/CIDFontType0", "/CIDFontType2")


@dataclass
class PdfContext:
    """An open PDF and what the checks share about it."""

    pdf: pikepdf.Pdf
    size: int
    profile: Profile | None

    @property
    def profile_name(self) -> str:
        """'the court-us profile', for messages."""
        return f"the {self.profile.name} profile" if self.profile else "the destination"

    @cached_property
    def xmp(self) -> Xmp:
        """The XMP fields; empty when the file has no XMP packet."""
        meta = self.pdf.Root.get("/Metadata")
        return read_xmp(meta.read_bytes()) if isinstance(meta, pikepdf.Stream) else Xmp()

    def dictionaries(self) -> Iterator[pikepdf.Dictionary]:
        """Every dictionary in the file, stream dictionaries included."""
        for obj in self.pdf.objects:
            if isinstance(obj, pikepdf.Dictionary):
                yield obj
            elif isinstance(obj, pikepdf.Stream):
                yield obj.stream_dict

    def fonts(self) -> Iterator[pikepdf.Dictionary]:
        """Every font dictionary in the file."""
        for obj in self.dictionaries():
            # CIDFonts are checked through the Type0 font that holds them.
            if obj.get("/Type") == "/Font" and obj.get("/Subtype") not in _CID_FONTS:
                yield obj


def dig(obj: Any, *keys: str) -> Any:
    """``obj[k1][k2]...``, or None where a key is missing (pikepdf objects are untyped)."""
    for key in keys:
        if obj is None:
            return None
        obj = obj.get(key)
    return obj


def conformance_findings(ctx: PdfContext) -> list[Result]:
    """Results for the PDF/A and PDF/UA the file claims or the profile asks for."""
    want = ctx.profile.variant if ctx.profile else None
    findings: list[Result] = []
    xmp = ctx.xmp
    want_a = writer_variant(want) if pdfa_part(want) else None
    if want_a or xmp.pdfa_part:
        claimed = f"pdf/a-{xmp.pdfa_part}{xmp.pdfa_conformance.lower()}"
        if want_a and claimed != want_a:
            why = f"XMP says {claimed.upper()}" if xmp.pdfa_part else "no PDF/A identification"
            findings.append(("pdf/a", False, f"{why}; {ctx.profile_name} wants {want_a.upper()}"))
        else:
            findings.append(("pdf/a", True, f"{claimed.upper()} identified in XMP"))
        if xmp.pdfa_part:
            for check in (_xmp_info, _output_intent, _document_id, _transparency, _external):
                findings.append(check(ctx))
            findings.append(_pdfa_attachments(ctx))
    if accessible(want) or xmp.pdfua_part:
        if accessible(want) and not xmp.pdfua_part:
            findings.append(("pdf/ua", False, "no PDF/UA identification in XMP"))
        findings.append(_tagged(ctx))
    return findings


def _xmp_info(ctx: PdfContext) -> Result:
    info: Any = dig(ctx.pdf.trailer, "/Info") or {}
    xmp = ctx.xmp

    def text(key: str) -> str:
        return str(info.get(key, "")).strip()

    def date(key: str) -> dt.datetime | None:
        return parse_pdf_date(text(key))

    pairs: dict[str, tuple[object, object]] = {
        "Title": (text("/Title"), xmp.title),
        "Author": (text("/Author"), xmp.author),
        "Subject": (text("/Subject"), xmp.subject),
        "Creator": (text("/Creator"), xmp.creator_tool),
        "Producer": (text("/Producer"), xmp.producer),
        "CreationDate": (date("/CreationDate"), xmp.created),
        "ModDate": (date("/ModDate"), xmp.modified),
    }
    differ = [k for k, (a, b) in pairs.items() if a and a != b]
    if differ:
        k = differ[0]
        return (
            "xmp/info",
            False,
            f"{', '.join(differ)} differ; e.g. Info {k} {pairs[k][0]!r} vs XMP {pairs[k][1]!r}",
        )
    return ("xmp/info", True, "Info dictionary and XMP agree")


def _output_intent(ctx: PdfContext) -> Result:
    for intent in ctx.pdf.Root.get("/OutputIntents", []):
        if intent.get("/S") == "/GTS_PDFA1" and "/DestOutputProfile" in intent:
            name = str(intent.get("/OutputConditionIdentifier", "ICC profile"))
            return ("output intent", True, f"{name} (GTS_PDFA1)")
    return ("output intent", False, "no PDF/A output intent with an ICC profile")


def _document_id(ctx: PdfContext) -> Result:
    ident = ctx.pdf.trailer.get("/ID")
    if ident is None or len(ident) != 2:
        return ("document id", False, "no /ID in the trailer")
    return ("document id", True, bytes(ident[0]).hex())


def _transparency(ctx: PdfContext) -> Result:
    if ctx.xmp.pdfa_part != "1":
        return ("transparency", True, f"allowed in PDF/A-{ctx.xmp.pdfa_part}")
    for obj in ctx.dictionaries():
        group = obj.get("/Group")
        if isinstance(group, pikepdf.Dictionary) and group.get("/S") == "/Transparency":
            return ("transparency", False, "a transparency group; PDF/A-1 forbids it")
        if obj.get("/SMask", pikepdf.Name.None_) != pikepdf.Name.None_:
            return ("transparency", False, "a soft mask; PDF/A-1 forbids it")
    return ("transparency", True, "none (PDF/A-1)")


_EXTERNAL_ACTIONS = ("/Launch", "/GoToR", "/GoToE", "/ImportData", "/SubmitForm", "/Movie")


def _external(ctx: PdfContext) -> Result:
    for obj in ctx.dictionaries():
        if obj.get("/S") in _EXTERNAL_ACTIONS:
            return ("external references", False, f"a {str(obj.S)[1:]} action")
        if obj.get("/Subtype") == "/Form" and "/Ref" in obj:
            return ("external references", False, "a reference XObject")
        if "/Length" in obj and "/F" in obj:
            return ("external references", False, "a stream kept in an external file")
    return ("external references", True, "none")


def _pdfa_attachments(ctx: PdfContext) -> Result:
    part = ctx.xmp.pdfa_part
    files = ctx.pdf.attachments
    if not files:
        return ("pdf/a files", True, "no embedded files")
    if part == "1":
        return ("pdf/a files", False, "PDF/A-1 allows no embedded files")
    if part == "2":
        # PDF/A-2 embeds only PDF/A files; letterpdf never adds one, so any file is suspect.
        kinds = {str(f.obj.EF.F.get("/Subtype", "")) for f in files.values()}
        if kinds - {"/application#2Fpdf", "/application/pdf"}:
            return ("pdf/a files", False, "PDF/A-2 allows only PDF/A files to be embedded")
    in_af = {f.objgen for f in ctx.pdf.Root.get("/AF", [])}
    for name, spec in files.items():
        if part == "3" and ("/AFRelationship" not in spec.obj or spec.obj.objgen not in in_af):
            return ("pdf/a files", False, f"{name} has no AFRelationship in the catalog's /AF")
    return ("pdf/a files", True, ", ".join(sorted(files)))


def _tagged(ctx: PdfContext) -> Result:
    root = ctx.pdf.Root
    tree = root.get("/StructTreeRoot")
    if tree is None:
        return ("tagged", False, "no structure tree (not a tagged PDF)")
    if not bool(dig(root, "/MarkInfo", "/Marked")):
        return ("tagged", False, "MarkInfo /Marked is not true")
    if not bool(dig(root, "/ViewerPreferences", "/DisplayDocTitle")):
        return ("tagged", False, "ViewerPreferences /DisplayDocTitle is not true")
    if not ctx.xmp.title:
        return ("tagged", False, "no dc:title in XMP")
    reachable = struct_elements(tree.get("/K"), lambda node: getattr(node, "objgen", None))
    parents = number_tree(dig(tree, "/ParentTree"))
    for number, page in enumerate(ctx.pdf.pages, start=1):
        key = page.obj.get("/StructParents")
        if key is None or int(key) not in parents:
            return ("tagged", False, f"page {number} is not in the structure tree")
        elems = parents[int(key)]
        mcids, loose = _marked_content(page)
        if not mcids:
            return ("tagged", False, f"page {number} has no tagged content")
        if loose:
            return ("tagged", False, f"page {number}: {loose} drawing operation(s) not tagged")
        for mcid in mcids:
            elem = elems[mcid] if mcid < len(elems) else None
            if elem is None or elem.objgen not in reachable:
                return ("tagged", False, f"page {number}: content {mcid} not in the structure tree")
    return ("tagged", True, "every page's content is reachable from the structure tree")


_DRAWING = {"Tj", "TJ", "'", '"', "Do", "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "sh"}


def _marked_content(page: pikepdf.Page) -> tuple[set[int], int]:
    """MCIDs used on the page, and how many drawing operations are in no tagged or
    artifact section."""
    properties: Any = dig(page.obj, "/Resources", "/Properties") or {}
    stack: list[bool] = []  # per open section: tagged content or artifact?
    mcids: set[int] = set()
    loose = 0
    instruction: Any
    for instruction in pikepdf.parse_content_stream(page):
        operands, op = instruction.operands, str(instruction.operator)
        if op in ("BDC", "BMC"):
            tag = operands[0]
            props = operands[1] if op == "BDC" else None
            if isinstance(props, pikepdf.Name):
                props = properties.get(props)
            mcid = props.get("/MCID") if isinstance(props, pikepdf.Dictionary) else None
            if mcid is not None:
                mcids.add(int(mcid))
            stack.append(mcid is not None or tag == "/Artifact" or any(stack))
        elif op == "EMC" and stack:
            stack.pop()
        elif op in _DRAWING and not any(stack):
            loose += 1
    return mcids, loose
