"""Word documents built from letter folders, read back with python-docx, their XML, and
LibreOffice (each call with a profile of its own: two calls on one profile write nothing)."""

from __future__ import annotations

import os
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from docx.oxml import parse_xml
from lxml import etree

from letterpdf import BuildOptions
from letterpdf.word import DocxResult, build_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}

BuildDocx = Callable[..., DocxResult]

#: What typeset/fonts.py sets for WeasyPrint: LibreOffice must not inherit it.
_FONTCONFIG = ("FONTCONFIG_FILE", "LETTERPDF_FONTCONFIG_DONE")


@pytest.fixture
def build_word(tmp_path: Path) -> BuildDocx:
    """Build a folder into tmp_path/out/<name>.docx."""

    def run(folder: Path, **options: object) -> DocxResult:
        out = tmp_path / "out" / f"{folder.name}.docx"
        return build_docx(folder, BuildOptions(output=out, **options))  # type: ignore[arg-type]

    return run


def part(path: Path, name: str) -> etree._Element:
    """One XML part of a .docx, parsed: "word/document.xml", "word/footer1.xml"..."""
    with zipfile.ZipFile(path) as archive:
        return parse_xml(archive.read(name))


def parts(path: Path, prefix: str) -> list[etree._Element]:
    with zipfile.ZipFile(path) as archive:
        return [parse_xml(archive.read(n)) for n in archive.namelist() if n.startswith(prefix)]


def render_pdf(*docx: Path) -> list[Path]:
    """LibreOffice headless: each .docx to a PDF beside it (one call for all), with the
    machine's fonts (a PDF build in this process points fontconfig at fonts/ alone)."""
    env = {k: v for k, v in os.environ.items() if k not in _FONTCONFIG}
    with tempfile.TemporaryDirectory(prefix="lo-") as profile:
        outdir = docx[0].parent
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                *map(str, docx),
            ],
            check=True,
            capture_output=True,
            timeout=240,
            env=env,
        )
    pdfs = [outdir / f"{d.stem}.pdf" for d in docx]
    missing = [p for p in pdfs if not p.is_file()]
    assert not missing, f"LibreOffice wrote no {missing}"
    return pdfs


def text(element: etree._Element) -> str:
    """The text of an element's w:t (python-docx's element classes repeat ``itertext``)."""
    return "".join(t.text or "" for t in element.iter(f"{{{W}}}t"))
