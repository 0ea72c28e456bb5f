"""Shared fixtures: letter folders in tmp_path, and readers for the PDFs they build."""

from __future__ import annotations

import logging
import re
import subprocess
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from letterpdf import BuildOptions, build_letter
from letterpdf.build import BuildResult

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent

DEFAULT_FRONT = """\
title: Test Letter
date: 2020-04-30
to:
  - Ms. Test Recipient
  - Geneva
subject: A test letter
salutation: Dear Madam,
closing: Yours sincerely,
"""

DEFAULT_BODY = "The first paragraph of the letter.\n\nThe second paragraph.\n"

DEFAULT_CSV = "name,country,group\nAlpha Org,France,National\nBeta Network,,International\n"

MakeLetter = Callable[..., Path]


@pytest.fixture
def make_letter(tmp_path: Path) -> MakeLetter:
    """Write a letter folder; every part can be replaced, or left out with None."""

    def make(
        front: str | None = DEFAULT_FRONT,
        body: str = DEFAULT_BODY,
        csv: str | bytes | None = DEFAULT_CSV,
        name: str = "letter",
        style: str | None = None,
        raw_letter: str | None = None,
    ) -> Path:
        folder = tmp_path / name
        folder.mkdir(parents=True, exist_ok=True)
        if raw_letter is not None:
            (folder / "letter.md").write_text(raw_letter, encoding="utf-8")
        elif front is not None:
            text = f"---\n{textwrap.dedent(front)}---\n\n{body}"
            (folder / "letter.md").write_text(text, encoding="utf-8")
        if isinstance(csv, bytes):
            (folder / "signatories.csv").write_bytes(csv)
        elif csv is not None:
            (folder / "signatories.csv").write_text(csv, encoding="utf-8")
        if style is not None:
            (folder / "style.css").write_text(style, encoding="utf-8")
        return folder

    return make


@pytest.fixture
def build(tmp_path: Path) -> Callable[..., BuildResult]:
    """Build a folder into tmp_path/out/<name>.pdf."""

    def run(folder: Path, **options: object) -> BuildResult:
        out = tmp_path / "out" / f"{folder.name}.pdf"
        return build_letter(folder, BuildOptions(output=out, **options))  # type: ignore[arg-type]

    return run


def pdftotext(path: Path, *args: str) -> str:
    """poppler's text, with U+2010 hyphenation rejoined and whitespace folded."""
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *args, str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return normalise_extracted(out)


def normalise_extracted(text: str) -> str:
    """Undo line-end hyphenation and fold whitespace, so names and sentences compare."""
    import re

    text = re.sub(r"[\u2010\u00ad]\n(?=\w)", "", text)
    text = text.replace("\u2010", "-")
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture
def no_warnings(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Fail a test that logs an unexpected warning (WeasyPrint's assert_no_logs)."""
    with caplog.at_level(logging.WARNING):
        yield
    unexpected = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert not unexpected, unexpected


def notdef_glyphs(path: Path) -> list[str]:
    """Each glyph a PDF draws that stands for no character: glyph 0 (.notdef), a glyph
    id the embedded font does not have, or an empty glyph whose text is not a space
    (WeasyPrint draws a character no font has with an unused glyph id)."""
    import io
    import unicodedata

    import pikepdf
    from fontTools.ttLib import TTFont

    pdf = pikepdf.open(path)
    found: list[str] = []
    programs: dict[tuple[int, int], tuple[TTFont, dict[int, str]]] = {}

    def program(font: pikepdf.Object) -> tuple[TTFont, dict[int, str]] | None:
        if font.get("/Subtype") != "/Type0":
            return None
        key = font.objgen
        if key not in programs:
            descriptor = font.DescendantFonts[0].FontDescriptor
            stream: Any = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
            face = TTFont(io.BytesIO(stream.read_bytes()), lazy=False)
            text: dict[int, str] = {}
            if "/ToUnicode" in font:
                cmap = font.ToUnicode.read_bytes().decode("latin-1")
                for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
                    for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
                        text[int(src, 16)] = bytes.fromhex(dst).decode("utf-16-be", "replace")
            programs[key] = (face, text)
        return programs[key]

    def empty(face: TTFont, gid: int) -> bool:
        name = face.getGlyphOrder()[gid]
        if "glyf" in face:
            return bool(face["glyf"][name].numberOfContours == 0)
        charstrings = face["CFF "].cff.topDictIndex[0].CharStrings
        return charstrings[name].calcBounds(charstrings) is None

    for number, page in enumerate(pdf.pages, start=1):
        fonts: Any = page.Resources.get("/Font", {})
        current = None
        for instruction in pikepdf.parse_content_stream(page):
            op = str(instruction.operator)
            if op == "Tf":
                current = program(fonts[str(instruction.operands[0])])
            elif op in ("Tj", "TJ") and current is not None:
                face, text = current
                items = instruction.operands[0] if op == "TJ" else [instruction.operands[0]]
                data = b"".join(bytes(i) for i in items if isinstance(i, pikepdf.String))
                for i in range(0, len(data) - 1, 2):
                    gid = int.from_bytes(data[i : i + 2], "big")
                    char = text.get(gid, "")
                    blank = not char.strip() or all(
                        unicodedata.category(c) in ("Cf", "Zs") for c in char
                    )
                    if (
                        gid == 0
                        or gid >= len(face.getGlyphOrder())
                        or (empty(face, gid) and not blank)
                    ):
                        found.append(f"page {number}: glyph {gid} ({char!r})")
    return found
