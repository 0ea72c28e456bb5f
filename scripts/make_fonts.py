"""Make fonts/*.subset.ttf, the faces of the scripts beyond Latin, Greek, Cyrillic, Arabic,
Hebrew, Devanagari, Thai, Ethiopic and CJK, from Debian's Noto fonts.

Maintainers only (the results are committed, and listed by hand in fonts/fonts.toml):
`apt-get install fonts-noto-core`, then `.venv/bin/python scripts/make_fonts.py [OUT_DIR]`.
Same Debian package version (fonts-noto-core 20201225-1 in Debian 12), same fontTools:
byte-identical files (timestamps are not touched).

One face per script that an official language of some country is written in (see
tests/typeset/official.py) and that fonts/ does not already set: Noto Serif where Noto
has a serif face for the script, else Noto Sans; Regular and Bold where Debian ships both.

Each face is subset to the characters it has of its own script, plus the common and
inherited ones it has (space, no-break space, digits, punctuation, ZWJ/ZWNJ, dotted circle):
every OpenType layout feature and every glyph they reach is kept (shaping is unchanged),
hinting is dropped (PDF viewers do not use it; it is a third of most files), glyph names are
dropped, the name table is kept whole (copyright, OFL licence and URL records). Noto declares
no Reserved Font Name, so a subset may keep its family name.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.unicodedata import script, script_extension

SOURCE_DIR = Path("/usr/share/fonts/truetype/noto")  # Debian: fonts-noto-core
HERE = Path(__file__).resolve().parent
NEUTRAL = {"Zyyy", "Zinh"}

#: (ISO 15924 script, CSS family, file stem, weights); the weights Debian ships.
FACES: tuple[tuple[str, str, str, tuple[int, ...]], ...] = (
    ("Armn", "Noto Serif Armenian", "NotoSerifArmenian", (400, 700)),
    ("Beng", "Noto Serif Bengali", "NotoSerifBengali", (400, 700)),
    ("Cans", "Noto Sans Canadian Aboriginal", "NotoSansCanadianAboriginal", (400, 700)),
    ("Geor", "Noto Serif Georgian", "NotoSerifGeorgian", (400, 700)),
    ("Gujr", "Noto Serif Gujarati", "NotoSerifGujarati", (400, 700)),
    ("Guru", "Noto Serif Gurmukhi", "NotoSerifGurmukhi", (400, 700)),
    ("Khmr", "Noto Serif Khmer", "NotoSerifKhmer", (400, 700)),
    ("Knda", "Noto Serif Kannada", "NotoSerifKannada", (400, 700)),
    ("Laoo", "Noto Serif Lao", "NotoSerifLao", (400, 700)),
    ("Mlym", "Noto Serif Malayalam", "NotoSerifMalayalam", (400, 700)),
    ("Mong", "Noto Sans Mongolian", "NotoSansMongolian", (400,)),  # no bold in Noto
    ("Mymr", "Noto Serif Myanmar", "NotoSerifMyanmar", (400, 700)),
    ("Olck", "Noto Sans Ol Chiki", "NotoSansOlChiki", (400, 700)),
    ("Orya", "Noto Sans Oriya", "NotoSansOriya", (400, 700)),  # no serif in Debian 12
    ("Sinh", "Noto Serif Sinhala", "NotoSerifSinhala", (400, 700)),
    ("Taml", "Noto Serif Tamil", "NotoSerifTamil", (400, 700)),
    ("Telu", "Noto Serif Telugu", "NotoSerifTelugu", (400, 700)),
    ("Thaa", "Noto Sans Thaana", "NotoSansThaana", (400, 700)),
    ("Tibt", "Noto Serif Tibetan", "NotoSerifTibetan", (400, 700)),
)
WEIGHT_NAMES = {400: "Regular", 700: "Bold"}


def kept_unicodes(font: TTFont, script_code: str) -> set[int]:
    """The face's code points of its script, or common/inherited ones (space, marks...)."""
    return {
        cp
        for cp in font.getBestCmap()
        if script(chr(cp)) in NEUTRAL or script_code in script_extension(chr(cp))
    }


def subset_face(source: Path, target: Path, script_code: str) -> None:
    font = TTFont(source, recalcTimestamp=False)
    unicodes = kept_unicodes(font, script_code)
    # A run of this script keeps its font across spaces (Pango never switches fonts for a
    # space): the space glyphs must stay, or they print as .notdef (cf. the CJK subset).
    assert {0x20, 0xA0} <= unicodes, f"{source.name} has no space / no-break space"
    options = subset.Options()
    options.layout_features = ["*"]
    options.layout_scripts = ["*"]
    options.hinting = False
    options.glyph_names = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    options.legacy_kern = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    font.save(target)


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent / "fonts"
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    for code, _family, stem, weights in FACES:
        for weight in weights:
            source = SOURCE_DIR / f"{stem}-{WEIGHT_NAMES[weight]}.ttf"
            if not source.is_file():
                sys.exit(f"{source}: not found. Install it with `apt-get install fonts-noto-core`.")
            target = out / f"{stem}-{WEIGHT_NAMES[weight]}.subset.ttf"
            subset_face(source, target, code)
            size = target.stat().st_size
            total += size
            digest = hashlib.sha256(target.read_bytes()).hexdigest()[:12]
            print(f"{target.name:46} {source.stat().st_size:8} -> {size:8}  {digest}")
    print(f"{total / 1e6:.2f} MB in {out}")


if __name__ == "__main__":
    main()
