"""Make fonts/NotoSerifCJKsc-Regular.subset.otf from Debian's fonts-noto-cjk.

Maintainers only (the subset is committed): `apt-get install fonts-noto-cjk`, then
`.venv/bin/python scripts/subset_cjk.py`. The full face is ~26 MB and costs seconds per
render; the subset keeps the characters of the national standard sets that names are
almost always written in:

- GB 2312 (Simplified Chinese: 6,763 hanzi),
- Big5 level 1 (Traditional Chinese: the 5,401 common hanzi),
- JIS X 0208 (Japanese: kana and 6,355 kanji),
- KS X 1001 (Korean: 2,350 hangul syllables, 4,888 hanja),
- CJK punctuation, kana extensions and full-width forms,
- the spaces (U+0020, U+00A0 and the other space separators the face has).

The spaces matter although Noto Serif sets every space letterpdf prints outside CJK text:
Pango never switches fonts for a space (it assumes every font has U+0020), so a space
between two CJK characters ("김 민수", "山田 太郎") is set in this face. Without U+0020 in
the subset it came out as .notdef (an empty box, and WeasyPrint's warning ".notdef glyph
rendered ... (U+0020)"); the glyph preflight does not see it, spaces needing no glyph there.

A character outside these sets is reported by the glyph preflight, never printed as tofu.
The face's ``locl`` feature is kept, so ``lang`` (zh-Hans, zh-Hant, ja, ko) still picks
each region's glyph forms from this one face.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
SC_INDEX = 2  # JP, KR, SC, TC, HK: the collection's order
TARGET = Path(__file__).resolve().parent.parent / "fonts" / "NotoSerifCJKsc-Regular.subset.otf"
if len(sys.argv) > 1:  # scratch copy: write elsewhere
    TARGET = Path(sys.argv[1])
BIG5_LEVEL_1 = range(0xA440, 0xC67F)
BLOCKS = (range(0x3000, 0x3100), range(0x31F0, 0x3200), range(0xFF00, 0xFFF0))
#: Space separators (general category Zs) besides U+3000: Pango keeps the current font for
#: them. Code points the face lacks are ignored by the subsetter.
SPACES = (0x0020, 0x00A0, *range(0x2000, 0x200B), 0x202F, 0x205F)


def charset() -> set[int]:
    """The code points kept: see the module docstring."""
    kept: set[int] = {cp for block in BLOCKS for cp in block} | set(SPACES)
    for cp in range(0x80, 0x30000):
        char = chr(cp)
        for codec in ("gb2312", "euc_jp", "euc_kr", "big5"):
            try:
                encoded = char.encode(codec)
            except UnicodeEncodeError:
                continue
            # euc_kr spells hangul outside KS X 1001 as 8-byte jamo sequences: not kept.
            if len(encoded) != 2:
                continue
            if codec == "big5" and int.from_bytes(encoded) not in BIG5_LEVEL_1:
                continue
            kept.add(cp)
            break
    return kept


def main() -> None:
    if not SOURCE.is_file():
        sys.exit(f"{SOURCE}: not found. Install it with `apt-get install fonts-noto-cjk`.")
    font = TTCollection(SOURCE).fonts[SC_INDEX]
    options = subset.Options()
    options.layout_features = [*options.layout_features, "locl"]
    options.hinting = False
    options.name_IDs = ["*"]  # keep the copyright and licence records
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=charset())
    subsetter.subset(font)
    cmap = font.getBestCmap()
    assert 0x20 in cmap and 0xA0 in cmap, "the subset must keep the space and no-break space"
    font.save(TARGET)
    print(f"Wrote {TARGET} ({TARGET.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
