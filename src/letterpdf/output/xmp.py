"""XMP metadata packets: read the fields PDF/A compares with the Info dictionary, write them.

Pure: bytes in, bytes out. PDF/A wants Title, Author, Subject, Creator, Producer and the
dates identical in the Info dictionary and the XMP packet; after pypdf has rewritten the
Info dictionary, :func:`write_xmp` makes a packet that says the same.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from xml.etree import ElementTree as ET

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "pdfxid": "http://www.npes.org/pdfx/ns/id/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
}
for _prefix, _uri in NS.items():
    ET.register_namespace(_prefix, _uri)

_HEADER = b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
_FOOTER = b'\n<?xpacket end="r"?>'


@dataclass(frozen=True)
class Xmp:
    """The XMP fields letterpdf writes and checks; "" where absent."""

    #: PDF/A part ("2") and conformance ("B"); PDF/UA part ("1").
    pdfa_part: str = ""
    pdfa_conformance: str = ""
    pdfua_part: str = ""
    title: str = ""
    author: str = ""
    subject: str = ""
    creator_tool: str = ""
    producer: str = ""
    created: dt.datetime | None = None
    modified: dt.datetime | None = None
    #: PDF/X: its version ("PDF/X-4") and the document's ID (ISO 15930-7 wants both).
    pdfx_version: str = ""
    document_id: str = ""


def read_xmp(packet: bytes) -> Xmp:
    """The fields of an XMP packet; unknown or malformed fields are left empty."""
    try:
        root = ET.fromstring(packet.strip().replace(b"\x00", b""))
    except ET.ParseError:
        return Xmp()
    values: dict[str, str] = {}
    for desc in root.iter(f"{{{NS['rdf']}}}Description"):
        # A field is an attribute of rdf:Description or a child element; take both.
        for key, value in desc.attrib.items():
            values.setdefault(key, value.strip())
        for child in desc:
            items = [li.text or "" for li in child.iter(f"{{{NS['rdf']}}}li")]
            text = ", ".join(items) if items else (child.text or "")
            values.setdefault(child.tag, text.strip())

    def get(prefix: str, name: str) -> str:
        return values.get(f"{{{NS[prefix]}}}{name}", "")

    return Xmp(
        pdfa_part=get("pdfaid", "part"),
        pdfa_conformance=get("pdfaid", "conformance"),
        pdfua_part=get("pdfuaid", "part"),
        title=get("dc", "title"),
        author=get("dc", "creator"),
        subject=get("dc", "description"),
        creator_tool=get("xmp", "CreatorTool"),
        producer=get("pdf", "Producer"),
        created=parse_xmp_date(get("xmp", "CreateDate")),
        modified=parse_xmp_date(get("xmp", "ModifyDate")),
        pdfx_version=get("pdfxid", "GTS_PDFXVersion"),
        document_id=get("xmpMM", "DocumentID"),
    )


def write_xmp(xmp: Xmp) -> bytes:
    """An XMP packet holding exactly the non-empty fields of ``xmp``."""
    root = ET.Element(f"{{{NS['x']}}}xmpmeta")
    rdf = ET.SubElement(root, f"{{{NS['rdf']}}}RDF")

    def describe(prefix: str, fields: dict[str, str]) -> None:
        attrs = {f"{{{NS[prefix]}}}{k}": v for k, v in fields.items() if v}
        if attrs:
            ET.SubElement(
                rdf, f"{{{NS['rdf']}}}Description", {f"{{{NS['rdf']}}}about": ""}, **attrs
            )

    describe("pdfaid", {"part": xmp.pdfa_part, "conformance": xmp.pdfa_conformance})
    describe("pdfuaid", {"part": xmp.pdfua_part})
    if xmp.pdfa_part and xmp.pdfua_part:
        _pdfua_extension(rdf)
    describe("pdf", {"Producer": xmp.producer, "Trapped": "False" if xmp.pdfx_version else ""})
    describe("pdfxid", {"GTS_PDFXVersion": xmp.pdfx_version})
    describe(
        "xmpMM",
        {
            "DocumentID": xmp.document_id,
            "VersionID": "1" if xmp.document_id else "",
            "RenditionClass": "default" if xmp.document_id else "",
        },
    )
    describe(
        "xmp",
        {
            "CreatorTool": xmp.creator_tool,
            "CreateDate": _xmp_date(xmp.created),
            "ModifyDate": _xmp_date(xmp.modified),
            "MetadataDate": _xmp_date(xmp.modified),
        },
    )
    dc = ET.SubElement(rdf, f"{{{NS['rdf']}}}Description", {f"{{{NS['rdf']}}}about": ""})
    for name, value, container in (
        ("title", xmp.title, "Alt"),
        ("creator", xmp.author, "Seq"),
        ("description", xmp.subject, "Alt"),
    ):
        if value:
            holder = ET.SubElement(
                ET.SubElement(dc, f"{{{NS['dc']}}}{name}"), f"{{{NS['rdf']}}}{container}"
            )
            li = ET.SubElement(holder, f"{{{NS['rdf']}}}li")
            if container == "Alt":
                li.set("xml:lang", "x-default")
            li.text = value
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return _HEADER + body + _FOOTER


def _pdfua_extension(rdf: ET.Element) -> None:
    """The PDF/A extension schema that declares ``pdfuaid:part``: a PDF/A file may use
    only properties it declares (ISO 19005-2, 6.6.2.3), and PDF/UA-1's are not built in."""

    def el(parent: ET.Element, prefix: str, name: str, text: str = "") -> ET.Element:
        child = ET.SubElement(parent, f"{{{NS[prefix]}}}{name}")
        child.text = text or None
        return child

    resource = {f"{{{NS['rdf']}}}parseType": "Resource"}
    desc = ET.SubElement(rdf, f"{{{NS['rdf']}}}Description", {f"{{{NS['rdf']}}}about": ""})
    bag = el(el(desc, "pdfaExtension", "schemas"), "rdf", "Bag")
    schema = ET.SubElement(bag, f"{{{NS['rdf']}}}li", resource)
    el(schema, "pdfaSchema", "schema", "PDF/UA Universal Accessibility Schema")
    el(schema, "pdfaSchema", "namespaceURI", NS["pdfuaid"])
    el(schema, "pdfaSchema", "prefix", "pdfuaid")
    seq = el(el(schema, "pdfaSchema", "property"), "rdf", "Seq")
    prop = ET.SubElement(seq, f"{{{NS['rdf']}}}li", resource)
    el(prop, "pdfaProperty", "name", "part")
    el(prop, "pdfaProperty", "valueType", "Integer")
    el(prop, "pdfaProperty", "category", "internal")
    el(prop, "pdfaProperty", "description", "Part of ISO 14289 (PDF/UA) the file conforms to")


def parse_xmp_date(text: str) -> dt.datetime | None:
    """An XMP (ISO 8601) date; a date without a zone is taken as UTC."""
    if not text:
        return None
    try:
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def parse_pdf_date(text: str) -> dt.datetime | None:
    """A PDF date string, ``D:YYYYMMDDHHmmSS+HH'mm'``; None if it is not one."""
    raw = text.removeprefix("D:").replace("'", "")
    digits = raw[:14]
    if len(digits) < 4 or not digits.isdigit():
        return None
    digits = digits.ljust(14, "0") if len(digits) > 4 else digits + "0101000000"
    zone = raw[len(raw[:14]) :] or "Z"
    try:
        when = dt.datetime.strptime(digits, "%Y%m%d%H%M%S")
        if zone.startswith("Z"):
            return when.replace(tzinfo=dt.UTC)
        sign = 1 if zone[0] == "+" else -1
        hours, minutes = int(zone[1:3]), int(zone[3:5] or 0)
        return when.replace(tzinfo=dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes)))
    except (ValueError, IndexError):
        return None


def _xmp_date(when: dt.datetime | None) -> str:
    return when.isoformat() if when else ""
