"""Start a new letter folder: ``letterpdf new DIR`` writes the files a letter needs."""

from __future__ import annotations

import dataclasses
import datetime as dt
import textwrap
from pathlib import Path
from typing import Any

import yaml

from .base.errors import LetterFolderError
from .source.frontmatter import front_matter_keys
from .source.sheets import HEADER_ALIASES

#: Values the new letter.md shows instead of the field default, to show the form.
_EXAMPLES: dict[str, Any] = {
    "title": "Joint letter on ...",
    "from": ["Name of the coalition", "Street, City, Country"],
    "to": ["Name of the addressee", "Their title", "Organisation", "Street", "City, Country"],
    "subject": "What the letter asks, in one line",
    "salutation": "Dear ...,",
    "closing": "Yours sincerely,",
}

_BODY = """
We, the undersigned {{ signatories.count }} organisations, write to you about ...

Write the letter here in Markdown: a blank line starts a new paragraph, *italic*,
**bold**, and lists with "- " at the start of a line. The list of signatories is
added after the letter from signatories.csv.
"""

_STYLE = """\
/* style.css: your changes to the theme, applied after it. Remove the comment
   marks around a rule to use it, and change the values.

   Margins, top right bottom left:

@page { margin: 27mm 20mm 24mm 25mm; }

   Text size and colour:

html { font-size: 11pt; line-height: 14.5pt; color: #1a1a1a; }

   Colour of the title on page 1:

.letterhead h1 { color: #0b4f6c; }

   Your own font: put the file in this folder (here fonts/) and name it first.
   Only files in this folder and letterpdf's own fonts are ever used.

@font-face { font-family: "My Font"; src: url("fonts/MyFont-Regular.ttf"); }
html { font-family: "My Font", "Noto Serif", serif; }
*/
"""

_README = """\
# {name}

A letter for letterpdf.

- `letter.md`: the letter. The part between the two `---` lines sets the title,
  date, addressee and so on (each key is explained there); the letter text follows.
- `signatories.csv`: one signatory per line. Only `name` is required; `logo` may name
  an image file in this folder (PNG, JPEG or SVG) for the signatures page.
- `style.css`: your changes to the look (margins, colours, fonts).
- `annex/`: optional scanned signed pages, as PDF files; they are added at the end.

From the folder that holds `{name}`: build the PDF (written to `{name}/build/letter.pdf`)
and a picture of page 1 beside it, and check the list:

```console
$ letterpdf build {name}
$ letterpdf preview {name} --pages 1
$ letterpdf signatories check {name}
```

`letterpdf watch {name}` rebuilds on every save (Ctrl+C stops it).
"""


def new_letter(folder: Path, today: dt.date | None = None) -> tuple[Path, ...]:
    """Write a new letter folder; refuse if ``folder`` exists and holds anything."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise LetterFolderError(f"{folder}: is a file, not a folder. Give a new folder name.")
    if folder.is_dir() and (existing := sorted(p.name for p in folder.iterdir())):
        raise LetterFolderError(
            f"{folder}: the folder is not empty (it holds {', '.join(existing[:3])}"
            f"{', ...' if len(existing) > 3 else ''}); letterpdf new never overwrites files. "
            "Give the name of a new or empty folder."
        )
    files = {
        "letter.md": letter_template(today or dt.date.today()),
        "signatories.csv": ",".join(HEADER_ALIASES) + "\n",
        "style.css": _STYLE,
        "README.md": _README.format(name=folder.name),
    }
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in files.items():
        path = folder / name
        with open(path, "x", encoding="utf-8", newline="\n") as f:  # "x": never overwrite
            f.write(text)
        written.append(path)
    return tuple(written)


def letter_template(date: dt.date) -> str:
    """letter.md with every front-matter key, each explained by a comment from its field doc."""
    lines = ["---"]
    for key, field in front_matter_keys():
        for line in textwrap.wrap(field.metadata.get("doc", ""), 86):
            lines.append(f"# {line}")
        value = date if key == "date" else _EXAMPLES.get(key, default_value(field))
        if isinstance(value, tuple):
            value = list(value)
        if value is None:  # unset by default: shown commented out, ready to fill in
            lines.append(f"#{key}:")
            continue
        lines.append(
            yaml.safe_dump(
                {key: value}, allow_unicode=True, sort_keys=False, default_flow_style=False
            ).rstrip("\n")
        )
    lines.append("---")
    return "\n".join(lines) + "\n" + _BODY


def default_value(field: dataclasses.Field[Any]) -> Any:
    """A field's default, whether given as a value or a factory."""
    if field.default is not dataclasses.MISSING:
        return field.default
    if field.default_factory is not dataclasses.MISSING:
        return field.default_factory()
    return ""
