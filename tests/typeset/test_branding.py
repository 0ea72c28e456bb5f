"""Logos: the letterhead, the signatures grid, unreadable files as warnings, small PDFs."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from letterpdf import BuildOptions, build_letter, load_letter
from letterpdf.build import BuildResult
from letterpdf.typeset.branding import (
    GRID_LOGO_AREA,
    GRID_LOGO_BOX,
    LOGO_GRID_MAX,
    grid_columns,
    image_aspect,
    load_branding,
    logo_size,
)

from ..conftest import MakeLetter, pdftotext

#: Each test here builds PDFs.
pytestmark = pytest.mark.slow

MM = 72 / 25.4  # PDF points per millimetre

_RASTER = [  # (pixel size, file type) of the plain logos
    ((400, 400), "png"),
    ((800, 200), "png"),
    ((300, 600), "jpg"),
    ((600, 300), "png"),
    ((500, 250), "jpg"),
    ((240, 240), "png"),
    ((900, 150), "png"),
]


def write_logo_letter(folder: Path) -> None:
    """12 signatories: 7 PNG/JPEG, 2 SVG, one missing, one corrupt, one 4000x4000 photo."""
    logos = folder / "logos"
    logos.mkdir(parents=True)
    rows = []
    for i, (size, kind) in enumerate(_RASTER, start=1):
        image = Image.new("RGB", size, "white")
        w, h = size
        ImageDraw.Draw(image).rectangle([w // 10, h // 10, w * 9 // 10, h * 9 // 10], "#0b4f6c")
        image.save(logos / f"org{i}.{kind}")
        rows.append(f"Organisation {i},Kenya,logos/org{i}.{kind}")
    (logos / "wide.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 100">'
        '<rect x="5" y="5" width="290" height="90" fill="#1d3557"/></svg>'
    )
    (logos / "round.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="50" height="50">'
        '<circle cx="25" cy="25" r="24" fill="#e63946"/></svg>'
    )
    (logos / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 50)
    noise = random.Random(7).randbytes(4000 * 4000 * 3)
    Image.frombytes("RGB", (4000, 4000), noise).save(logos / "photo.jpg", quality=90)
    rows += [
        "Wide SVG Network,Brazil,logos/wide.svg",
        "Round SVG Alliance,India,logos/round.svg",
        "Missing Logo Trust,Peru,logos/missing.png",
        "Corrupt Logo Union,Chile,logos/broken.png",
        "Phone Photo Collective,Ghana,logos/photo.jpg",
    ]
    (folder / "signatories.csv").write_text("name,country,logo\n" + "\n".join(rows) + "\n")
    (folder / "letter.md").write_text(
        "---\ntitle: Logos\ndate: 2024-05-01\nto: [Someone]\nlogo: logos/org2.png\n"
        "sort: source\n---\n\nText.\n"
    )


@pytest.fixture(scope="module")
def logo_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    folder = tmp_path_factory.mktemp("logos") / "letter"
    write_logo_letter(folder)
    assert (folder / "logos" / "photo.jpg").stat().st_size > 12 * 1024 * 1024
    result = build_letter(folder, BuildOptions(output=folder.parent / "logos.pdf"))
    return folder, result


def test_unreadable_logos_are_two_warnings_naming_file_and_line(
    logo_build: tuple[Path, BuildResult],
) -> None:
    folder, result = logo_build
    csv = folder / "signatories.csv"
    assert result.warnings == (
        f"{csv} line 11: logo 'logos/missing.png': no such file in {folder}; check the file name.",
        f"{csv} line 12: logo 'logos/broken.png' cannot be read as an image "
        "(Truncated File Read); left out. Save it again as PNG, JPEG or SVG.",
    )
    assert result.signatories == 12


def test_the_photo_is_downsampled_and_the_pdf_stays_small(
    logo_build: tuple[Path, BuildResult],
) -> None:
    _, result = logo_build
    assert result.size < 1024 * 1024
    with pikepdf.open(result.output) as pdf:
        widths = [int(image.Width) for page in pdf.pages for image in page.get_images().values()]
    # 9 rasters: the letterhead, 7 plain logos and the photo (SVGs are drawn as vectors).
    assert len(widths) == 9
    # At 300 dpi: the 60 mm letterhead is 708 px, the 4000 px photo (13 mm) 154 px.
    assert max(widths) == 708
    assert sorted(widths).count(154) >= 2


def _image_boxes(pdf: Path, index: int) -> list[tuple[float, float, float, float]]:
    """(left, bottom, right, top) in points of each raster image on a page."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        page = document[index]
        return [
            obj.get_bounds() for obj in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE])
        ]
    finally:
        document.close()


def test_the_grid_is_balanced_and_logos_weigh_the_same(
    logo_build: tuple[Path, BuildResult],
) -> None:
    _, result = logo_build
    text = pdftotext(result.output, "-f", "2", "-l", "2")
    for name in ("Organisation 1", "Wide SVG Network", "Missing Logo Trust", "Corrupt Logo Union"):
        assert name in text
    boxes = _image_boxes(result.output, 1)
    assert len(boxes) == 8  # 7 plain logos and the photo; the SVGs are vectors
    rows: dict[int, list[float]] = {}
    for left, bottom, right, top in boxes:
        rows.setdefault(round((bottom + top) / 2 / 20), []).append((left + right) / 2)
    # 12 cells in 4 columns: three full rows; row 1 holds Organisations 1-4.
    assert len(rows) == 3
    first = sorted(rows[max(rows)])
    assert len(first) == 4
    gaps = [b - a for a, b in itertools.pairwise(first)]
    assert max(gaps) - min(gaps) < 1  # evenly spaced
    page_centre = 595.28 / 2 + (25 - 20) / 2 * MM  # A4, margins 25 mm left, 20 mm right
    assert abs((first[0] + first[-1]) / 2 - page_centre) < 2 * MM
    for left, bottom, right, top in boxes:
        width, height = (right - left) / MM, (top - bottom) / MM
        assert width <= GRID_LOGO_BOX[0] + 0.1 and height <= GRID_LOGO_BOX[1] + 0.1
        if width < GRID_LOGO_BOX[0] - 0.1 and height < GRID_LOGO_BOX[1] - 0.1:
            assert width * height == pytest.approx(GRID_LOGO_AREA, rel=0.02)


def test_letterhead_logo_on_page_one(logo_build: tuple[Path, BuildResult]) -> None:
    _, result = logo_build
    (box,) = _image_boxes(result.output, 0)
    left, _, right, _ = box
    assert (right - left) / MM == pytest.approx(60, abs=0.1)  # 4:1 fills the 60 x 18 mm box
    assert 595.28 - right == pytest.approx(20 * MM, abs=1)  # flush with the right margin


@given(
    aspect=st.floats(min_value=0.05, max_value=20),
    area=st.floats(min_value=10, max_value=2000),
)
def test_logo_size_keeps_the_aspect_and_the_area_within_the_box(aspect: float, area: float) -> None:
    width, height = logo_size(aspect, area, GRID_LOGO_BOX)
    assert width / height == pytest.approx(aspect)
    assert width <= GRID_LOGO_BOX[0] + 1e-9 and height <= GRID_LOGO_BOX[1] + 1e-9
    clipped = width >= GRID_LOGO_BOX[0] - 1e-9 or height >= GRID_LOGO_BOX[1] - 1e-9
    assert clipped or width * height == pytest.approx(area)


def test_grid_columns_leave_few_empty_cells() -> None:
    assert [grid_columns(n) for n in (1, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 30)] == [
        1,
        3,
        4,
        5,
        3,
        4,
        4,
        3,
        5,
        4,
        5,
        5,
    ]
    for n in range(5, 41):
        assert (-n) % grid_columns(n) <= 2


def test_image_aspect_of_svg_png_and_rotated_jpeg(tmp_path: Path) -> None:
    svg = tmp_path / "a.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 50"/>')
    assert image_aspect(svg) == 4
    png = tmp_path / "a.png"
    Image.new("RGB", (30, 10)).save(png)
    assert image_aspect(png) == 3
    jpeg = tmp_path / "a.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # stored landscape, shown portrait
    Image.new("RGB", (30, 10)).save(jpeg, exif=exif)
    assert image_aspect(jpeg) == pytest.approx(1 / 3)


def test_logos_from_the_network_outside_the_folder_or_too_many(
    make_letter: MakeLetter, tmp_path: Path
) -> None:
    front = "title: T\ndate: 2024-01-01\nlogo: https://example.org/logo.png\n"
    csv = "name,logo\nA,../secret.png\nB,\n"
    folder = make_letter(front=front, csv=csv)
    (tmp_path / "secret.png").write_bytes(b"x")
    branding = load_branding(load_letter(folder))
    assert branding.letterhead is None and branding.logos == {}
    assert branding.warnings == (
        f"{folder}/letter.md: logo 'https://example.org/logo.png': letterpdf never fetches "
        "from the network; put the image in the letter folder and give its file name.",
        f"{folder}/signatories.csv line 2: logo '../secret.png' is outside the letter folder; "
        "copy the image into it.",
    )
    many = "name,logo\n" + "".join(f"Org {i},logo.png\n" for i in range(LOGO_GRID_MAX + 1))
    folder = make_letter(csv=many, name="many")
    branding = load_branding(load_letter(folder))
    assert not branding.grid
    assert branding.warnings == (
        f"{folder}/signatories.csv: {LOGO_GRID_MAX + 1} signatories, more than "
        f"{LOGO_GRID_MAX}: the annex lists names and shows no logos.",
    )
