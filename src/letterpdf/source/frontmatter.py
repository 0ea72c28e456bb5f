"""The front matter of a letter file: every key a letter may set, read and checked."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..base.errors import FrontMatterError, LetterFolderError, did_you_mean
from ..base.files import inside, outside_message, shorten
from ..base.options import PAPER_SIZES, STATUSES, VARIANTS
from ..base.words import load_words
from .countries import COUNTRY_STYLES
from .sheets import COLUMNS
from .signatories import SORTS


def _doc(text: str) -> dict[str, str]:
    return {"doc": text}


@dataclass(frozen=True)
class FrontMatter:
    """The front matter of ``letter.md``: every key a letter may set."""

    title: str = field(default="Joint letter", metadata=_doc("Title: letterhead and PDF title."))
    date: dt.date = field(
        default=dt.date(1970, 1, 1), metadata=_doc("Date of the letter, as YYYY-MM-DD.")
    )
    lang: str = field(default="en", metadata=_doc("Language of the letter (BCP 47), e.g. en, fr."))
    paper: str = field(default="a4", metadata=_doc("Paper size: a4 or letter."))
    sender: tuple[str, ...] = field(
        default=(), metadata=_doc("Sender lines: the back address above the addressee.")
    )
    to: tuple[str, ...] = field(default=(), metadata=_doc("Addressee lines, one per line."))
    subject: str = field(default="", metadata=_doc("Subject line, set in bold."))
    salutation: str = field(default="", metadata=_doc("Greeting, e.g. 'Dear Madam,'."))
    closing: str = field(default="", metadata=_doc("Closing line, e.g. 'Yours sincerely,'."))
    signed_by: str = field(
        default="The undersigned organisations",
        metadata=_doc("Who signs; also the PDF author."),
    )
    annex_title: str = field(
        default="List of signatories", metadata=_doc("Title of the signatory annex.")
    )
    annex_note: str = field(
        default="",
        metadata=_doc("Note under the annex title; may use {{ signatories.count }} and the like."),
    )
    as_of: dt.date | None = field(
        default=None,
        metadata=_doc("Date the list stands at, for {{ signatories.as_of }}; default: the date."),
    )
    group_order: tuple[str, ...] = field(
        default=(),
        metadata=_doc("Annex group titles in print order; others follow, widest scope first."),
    )
    sort: str = field(
        default="name",
        metadata=_doc("Order within a group: name, country (then name) or source (as listed)."),
    )
    individuals_title: str = field(
        default="Individuals", metadata=_doc("Heading of the section of individual signatories.")
    )
    columns: dict[str, str] = field(
        default_factory=dict,
        metadata=_doc("Signatory column -> header in the sheet, e.g. {name: 'Nom complet'}."),
    )
    variant: str | None = field(
        default=None, metadata=_doc("PDF variant: pdf/a-2b, pdf/a-3b or pdf/ua-1.")
    )
    profile: str | None = field(
        default=None,
        metadata=_doc("Destination profile, e.g. un, court-us, archive, print, hrc-statement."),
    )
    status: str = field(
        default="",
        metadata=_doc(
            "Your organisation's ECOSOC consultative status (general, special, roster): "
            "the word limit of an HRC statement."
        ),
    )
    theme: str = field(
        default="classic",
        metadata=_doc(
            "Look of the letter: a built-in theme (classic, un) or the path of your own theme "
            "folder (CSS and templates; files it lacks come from classic)."
        ),
    )
    logo: str = field(
        default="",
        metadata=_doc("Letterhead image in the letter folder (SVG, PNG or JPEG), e.g. logo.svg."),
    )
    countries: str = field(
        default="un",
        metadata=_doc(
            "How countries print: un (the UN's short names, e.g. Republic of Korea, "
            "Türkiye), short (CLDR's, e.g. South Korea) or as-written."
        ),
    )
    original: str = field(
        default="",
        metadata=_doc(
            "Language the letter was written in, for 'Original: English' on every "
            "language version; default: letter.md's lang."
        ),
    )


#: Front-matter key -> FrontMatter attribute (``from`` is a Python keyword).
_KEYS = {
    ("from" if f.name == "sender" else f.name): f.name for f in dataclasses.fields(FrontMatter)
}
_REQUIRED = ("title", "date")
#: Prose a translation writes itself: never taken from letter.md (addresses, dates are).
_PROSE = frozenset({"title", "subject", "salutation", "closing", "annex_note"})
#: FrontMatter fields whose default is a word in the letter's language (see words.toml).
_LOCALISED = {
    "annex_title": "annex_title",
    "signed_by": "signed_by",
    "individuals_title": "individuals",
}


def front_matter_keys() -> tuple[tuple[str, dataclasses.Field[Any]], ...]:
    """Each front-matter key with its FrontMatter field, in order (for docs and scaffolds)."""
    fields = {f.name: f for f in dataclasses.fields(FrontMatter)}
    return tuple((key, fields[name]) for key, name in _KEYS.items())


def read_front_matter(folder: Path) -> FrontMatter | None:
    """The front matter of ``folder/letter.md``, or None when there is no letter.md."""
    source = folder / "letter.md"
    if not source.is_file():
        return None
    if not inside(source, folder):
        raise LetterFolderError(outside_message(source, "letter.md"))
    return parse_letter_text(read_letter_text(source), source)[0]


def read_letter_text(source: Path) -> str:
    """letter.md as text: UTF-8 (with or without BOM), or UTF-16 with its BOM."""
    data = source.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        byte = data[e.start : e.start + 1]
        raise LetterFolderError(
            f"{source} line {line}: not UTF-8 text (byte 0x{byte.hex()}, perhaps "
            f"{byte.decode('cp1252', errors='replace')!r} in Windows-1252). Save the file as "
            "UTF-8 in your editor (e.g. Notepad: Save as, Encoding: UTF-8)."
        ) from None


class _TextLoader(yaml.SafeLoader):
    """YAML where every plain value is text: ``lang: no`` is Norwegian, not False, and
    ``subject: 010`` is not 8. Dates are parsed by the keys that want them."""

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 (PyYAML's class table)


_TextLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


#: A BCP 47 language tag: language, then optional script, region or variant subtags.
_LANG_TAG = re.compile(r"[a-z]{2,3}(-[a-z0-9]{1,8})*", re.IGNORECASE)


def _lang_code(value: str, where: str) -> str:
    tag = value.strip().replace("_", "-")
    if _LANG_TAG.fullmatch(tag):
        return tag
    import babel

    names = {
        name.casefold(): code
        for code, name in babel.Locale("en").languages.items()
        if "_" not in code
    }
    for code in list(names.values()):
        try:
            names.setdefault((babel.Locale.parse(code).get_language_name() or "").casefold(), code)
        except (ValueError, babel.UnknownLocaleError):
            continue
    code = names.get(tag.casefold())
    raise FrontMatterError(
        f"{where}: lang {value!r} is not a language code. "
        + (f"Write {code!r}." if code else "Write a code such as 'en', 'fr', 'es' or 'pt-BR'.")
    )


def parse_letter_text(
    text: str, source: Path, base: FrontMatter | None = None
) -> tuple[FrontMatter, str, int]:
    """Split letter.md into front matter and body; returns (front, body, body_line).

    ``base``: the front matter a translation overlays (see load_letter).
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise FrontMatterError(
            f"{source} line 1: no front matter. Start the file with a line '---', "
            "then keys such as 'title:' and 'date:', then another '---'."
        )
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        raise FrontMatterError(
            f"{source} line 1: the front matter is never closed. "
            "Add a line '---' after the last key, before the letter text."
        )
    yaml_text = "".join(lines[1:end])
    try:
        node = yaml.compose(yaml_text, Loader=_TextLoader)
        data = yaml.load(yaml_text, Loader=_TextLoader)
    except yaml.MarkedYAMLError as e:
        line = (e.problem_mark.line + 2) if e.problem_mark else 1
        raise FrontMatterError(
            f"{source} line {line}: malformed front matter ({e.problem}). "
            "Each line is 'key: value'; quote values that contain ': ' or start with a quote."
        ) from None
    except (RecursionError, yaml.YAMLError) as e:  # lists nested thousands deep, say
        why = shorten(str(e)) or "nested too deep"
        raise FrontMatterError(
            f"{source} line 2: the front matter cannot be read ({why}). "
            "Each line is 'key: value'; a list is '- item' lines."
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise FrontMatterError(
            f"{source} line 2: the front matter must be 'key: value' lines, not a list or text."
        )
    key_lines: dict[str, int] = {}
    for key_node, _ in node.value:
        line = key_node.start_mark.line + 2
        if (first := key_lines.setdefault(str(key_node.value), line)) != line:
            raise FrontMatterError(
                f"{source} line {line}: {key_node.value!r} is set twice "
                f"(lines {first} and {line}); keep one."
            )
    front = front_matter_from_dict(data, source, key_lines, base)
    body = "".join(lines[end + 1 :])
    return front, body, end + 2


def front_matter_from_dict(
    data: dict[Any, Any],
    source: Path,
    key_lines: dict[str, int] | None = None,
    base: FrontMatter | None = None,
) -> FrontMatter:
    """Check types and keys, and build a FrontMatter.

    Keys not given take ``base``'s values (a translation's letter.md), except the lang
    (from the file name, ``letter.fr.md``), the prose (title, subject, salutation...),
    and the words letterpdf has in every language (annex title, "signed by",
    individuals' heading), which take the language's word.
    """
    key_lines = key_lines or {}
    values: dict[str, Any] = {}
    for key, value in data.items():
        where = f"{source} line {key_lines.get(str(key), 2)}"
        name = _KEYS.get(str(key))
        if name is None:
            hint = did_you_mean(str(key), _KEYS)
            raise FrontMatterError(
                f"{where}: unknown key {key!r}.{hint} Known keys: {', '.join(_KEYS)}."
            )
        values[name] = _convert(str(key), value, where)
    if base is not None:
        suffix = source.name[len("letter.") : -len(".md")]
        inherited = {
            f.name: getattr(base, f.name)
            for f in dataclasses.fields(FrontMatter)
            if f.name not in _LOCALISED and f.name not in _PROSE
        }
        values = {**inherited, "lang": suffix, **values}
    lang = values.get("lang", "en")
    if not values.get("original"):  # letter.md's own lang: translations inherit it
        values["original"] = lang
    words = load_words(lang, source.parent)
    for name in _LOCALISED:
        values.setdefault(name, getattr(words, _LOCALISED[name]))
    for key in _REQUIRED:
        if _KEYS[key] not in values:
            raise FrontMatterError(
                f"{source}: the front matter has no {key!r}. Add a line such as "
                + ("'date: 2018-09-05'." if key == "date" else f"'{key}: ...'.")
            )
    return FrontMatter(**values)


def _convert(key: str, value: Any, where: str) -> Any:
    if key == "lang":
        return _lang_code(str(value), where)
    if key == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.datetime.fromisoformat(str(value).strip()).date()
        except ValueError:
            raise FrontMatterError(
                f"{where}: date {value!r} is not a date. Write it as YYYY-MM-DD, "
                "e.g. 'date: 2018-09-05'."
            ) from None
    if key in ("from", "to"):
        if value is None:
            return ()
        if isinstance(value, str):
            return tuple(line.strip() for line in value.strip().splitlines())
        if isinstance(value, list) and all(isinstance(v, str | int) for v in value):
            return tuple(str(v).strip() for v in value)
        raise FrontMatterError(
            f"{where}: {key!r} must be a list of lines, e.g.\n"
            f"{key}:\n  - First line\n  - Second line"
        )
    if key == "as_of":
        return _convert("date", value, where) if value not in (None, "") else None
    if key == "group_order":
        if isinstance(value, list) and all(isinstance(v, str | int) for v in value):
            return tuple(str(v).strip() for v in value)
        raise FrontMatterError(
            f"{where}: 'group_order' must be a list of group titles, e.g.\n"
            "group_order:\n  - International Networks\n  - National Organisations"
        )
    if key == "sort":
        sort = str(value).strip().lower()
        if sort not in SORTS:
            raise FrontMatterError(
                f"{where}: sort {value!r} is not one of {', '.join(map(repr, SORTS))}."
            )
        return sort
    if key == "columns":
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise FrontMatterError(
                f"{where}: 'columns' maps a column to its header, e.g.\n"
                "columns:\n  name: Nom de la structure\n  country: Pays"
            )
        for column in value:
            if column not in COLUMNS:
                raise FrontMatterError(
                    f"{where}: 'columns' has {column!r}; the columns are "
                    f"{', '.join(map(repr, COLUMNS))}."
                )
        return {str(k): v for k, v in value.items()}
    if key == "paper":
        paper = str(value).strip().lower()
        if paper not in PAPER_SIZES:
            raise FrontMatterError(
                f"{where}: paper {value!r} is not one of {', '.join(map(repr, PAPER_SIZES))}."
            )
        return paper
    if key == "variant":
        variant = str(value).strip().lower()
        if variant not in VARIANTS:
            raise FrontMatterError(
                f"{where}: variant {value!r} is not one of {', '.join(map(repr, VARIANTS))}."
            )
        return variant
    if key == "profile":
        return str(value).strip() or None
    if key == "countries":
        style = str(value).strip().lower()
        if style not in COUNTRY_STYLES:
            raise FrontMatterError(
                f"{where}: countries {value!r} is not one of "
                f"{', '.join(map(repr, COUNTRY_STYLES))}."
            )
        return style
    if key == "original":
        return _lang_code(str(value), where) if value not in (None, "") else ""
    if key == "status":
        status = str(value or "").strip().lower()
        if status not in (*STATUSES, "none", ""):
            raise FrontMatterError(
                f"{where}: status {value!r} is not one of 'general', 'special', 'roster', "
                "'none' (your organisation's ECOSOC consultative status)."
            )
        return "" if status == "none" else status
    if value is None:
        return ""
    if isinstance(value, list | dict):
        raise FrontMatterError(f"{where}: {key!r} must be text, not a list or mapping.")
    return str(value).strip()
