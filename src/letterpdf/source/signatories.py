"""Signatories as data: normalising, de-duplicating, ordering, comparing. Pure: no files."""

from __future__ import annotations

import dataclasses
import functools
import operator
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..base.text import cjk_lang, has_han, without_controls
from .countries import country_name, recognise_country


@dataclass(frozen=True)
class Signatory:
    """One row of the signatory list, normalised."""

    name: str
    country: str = ""
    group: str = ""
    individual: bool = False
    title: str = ""
    url: str = ""
    note: str = ""
    #: Logo image file, relative to the letter folder ("" for none).
    logo: str = ""
    #: ECOSOC consultative status: "general", "special", "roster", or "" for none (an
    #: HRC statement lists these as co-sponsors, the others in a footnote to its title).
    status: str = ""
    #: Line in the source file, for messages (0 when not from a file).
    line: int = 0
    #: ISO 3166 alpha-2 code when the country was recognised; "" when unknown or empty.
    country_code: str = ""
    #: The glyph forms of a Chinese, Japanese or Korean name (ja, ko, zh-Hans, zh-Hant):
    #: from its script or country, else as decided by :func:`name_languages`.
    lang: str = ""


#: Every field of an entry but its line: what a reader of the PDF sees.
_visible = operator.attrgetter(
    *(f.name for f in dataclasses.fields(Signatory) if f.name not in ("line", "lang"))
)


@dataclass(frozen=True)
class Group:
    """A heading of the annex and the signatories under it, in print order."""

    title: str
    members: tuple[Signatory, ...]


@dataclass(frozen=True)
class SignatoryDiff:
    """What changed between two lists: matched by name, case and accents folded."""

    added: tuple[Signatory, ...]
    removed: tuple[Signatory, ...]
    #: (old, new) pairs with the same name whose country, group or other fields differ.
    changed: tuple[tuple[Signatory, Signatory], ...]

    def summary(self) -> str:
        """``+5 \u22121 ~2``: added, removed, changed (the last left out when zero)."""
        if not (self.added or self.removed or self.changed):
            return "no change"
        text = f"+{len(self.added)} \u2212{len(self.removed)}"
        return text + (f" ~{len(self.changed)}" if self.changed else "")


#: Ways to order names within a group (front matter ``sort``).
SORTS = ("name", "country", "source")

#: Scope words in a group title, widest first; a title's rank is its widest word's.
_SCOPES = (
    ("international", "global", "internacional", "mondial", "mundial", "worldwide"),
    ("regional", "régional", "continental"),
    ("national", "nacional", "nationale", "nazionale"),
    ("local", "locale", "community", "grassroots"),
)
_UNKNOWN_SCOPE = len(_SCOPES)

_QUOTES = '"\u201c\u201d\u201e\u00ab\u00bb'
_APOSTROPHES = re.compile("[\u2019\u2018\u00b4\u0060\u02bc\u2032]")
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
#: Any key of _FULLWIDTH (str.translate is slow on non-ASCII text: search first).
_FULLWIDTH_CHAR = re.compile("[\uff01-\uff5e\u3000]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_PUNCT = re.compile(r"[^\w]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


@functools.lru_cache(maxsize=65536)  # a build normalises each cell two to four times
def normalise_text(value: str) -> str:
    """NFC, whitespace collapsed, stray quotes trimmed, full-width Latin folded, bidi
    controls and invisible characters dropped (see base/text.py).

    The meaning is never changed: full-width letters are folded only in names with no
    CJK characters, where they are a typing accident rather than the script's habit.
    """
    text = value
    if not text.isascii():
        text = unicodedata.normalize("NFC", without_controls(text))
        if _FULLWIDTH_CHAR.search(text) and not _CJK.search(text):
            text = text.translate(_FULLWIDTH)
    text = " ".join(text.split())
    if text and (text[0] in _QUOTES or text[-1] in _QUOTES):
        text = _trim_quotes(text)
    return text


def _trim_quotes(text: str) -> str:
    """A quote left over from the export: a lone one at an end, or a pair wrapping it all."""
    count = sum(text.count(q) for q in _QUOTES)
    if count == 2 and len(text) >= 2 and text[0] in _QUOTES and text[-1] in _QUOTES:
        return text[1:-1].strip()
    if count == 1 and text[:1] in _QUOTES:
        return text[1:].strip()
    if count == 1 and text[-1:] in _QUOTES:
        return text[:-1].strip()
    return text


@functools.lru_cache(maxsize=65536)  # a build asks for each name's key twice or more
def name_key(name: str) -> str:
    """The name with case, accents and apostrophe variants folded: equal keys, same name."""
    text = _APOSTROPHES.sub("'", name)
    if not text.isascii():
        text = _NON_ASCII.sub(_without_marks, unicodedata.normalize("NFKD", text))
    return " ".join(text.casefold().split())


def _without_marks(run: re.Match[str]) -> str:
    """Combining marks dropped (none is ASCII, so only non-ASCII runs are looked at)."""
    return "".join(c for c in run[0] if not unicodedata.combining(c))


def loose_key(name: str) -> str:
    """:func:`name_key` without punctuation or a leading "The", for near-duplicates."""
    return " ".join(_PUNCT.sub(" ", _LEADING_THE.sub("", name_key(name))).split())


def normalise_signatory(entry: Signatory, lang: str = "en") -> Signatory:
    """Every text field normalised; a recognised country printed in one form."""
    country = normalise_text(entry.country)
    code = recognise_country(country) if country else None
    return dataclasses.replace(
        entry,
        name=normalise_text(entry.name),
        country=country_name(code, lang) if code else country,
        group=normalise_text(entry.group),
        title=normalise_text(entry.title),
        url=normalise_text(entry.url),
        note=normalise_text(entry.note),
        country_code=code or "",
    )


def normalise_signatories(entries: Iterable[Signatory], lang: str = "en") -> tuple[Signatory, ...]:
    """:func:`normalise_signatory` over a list; idempotent, nothing dropped."""
    return tuple(normalise_signatory(e, lang) for e in entries)


def dedupe_signatories(
    entries: Sequence[Signatory],
) -> tuple[tuple[Signatory, ...], tuple[tuple[Signatory, Signatory], ...]]:
    """Drop rows that repeat an earlier one (same name key, group and country).

    Returns (kept, dropped) where dropped holds (repeat, first) pairs, so the caller can
    say which line was dropped and why: no name is ever dropped silently.
    """
    first: dict[tuple[str, str, str], Signatory] = {}
    kept: list[Signatory] = []
    dropped: list[tuple[Signatory, Signatory]] = []
    for entry in entries:
        key = (name_key(entry.name), entry.group.casefold(), _country_key(entry))
        if key in first:
            dropped.append((entry, first[key]))
        else:
            first[key] = entry
            kept.append(entry)
    return tuple(kept), tuple(dropped)


def _country_key(entry: Signatory) -> str:
    return entry.country_code or name_key(entry.country)


@functools.cache
def _collator() -> _WordCollator:
    return _WordCollator()


class _WordCollator:
    """The Unicode Collation Algorithm (pyuca, DUCET), with keys built word by word.

    No DUCET contraction spans a space, so the collation elements of a name are those
    of its words joined by the space's: the same key as pyuca's, from a per-word cache.
    """

    def __init__(self) -> None:
        self._uca = _lazy_pyuca()

    def preload(self, texts: Iterable[str]) -> None:
        """Parse the table for every character of ``texts`` at once (one pass, not one
        per new character). NFD of a text is the NFD of its characters, reordered."""
        chars = set("".join(texts))
        self._uca.table.load({ord(d) for c in chars for d in unicodedata.normalize("NFD", c)})

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - one instance, kept for the process
    def _levels(self, word: str) -> tuple[str, str, str]:
        elements = self._uca.collation_elements(unicodedata.normalize("NFD", word))
        return (
            "".join(chr(e[0]) for e in elements if e[0]),
            "".join(chr(e[1]) for e in elements if len(e) > 1 and e[1]),
            "".join(chr(e[2]) for e in elements if len(e) > 2 and e[2]),
        )

    def sort_key(self, text: str) -> str:
        """pyuca's key as text, a character per weight (weights are 16-bit): it compares
        as the tuple does, faster, and joins words without a loop."""
        space = self._levels(" ")
        words = zip(*map(self._levels, text.split(" ")), strict=True)
        # Each level ends with a 0, as pyuca's do (its empty 4th level is the last 0).
        return "".join(f"{s.join(level)}\0" for s, level in zip(space, words, strict=True))


def _lazy_pyuca() -> Any:
    """pyuca's Collator, its table parsed only for the code points looked up.

    pyuca parses all 30,000 lines of allkeys.txt in every process (0.1 s), where a list
    of names uses a few hundred characters. Its trie is searched from a string's first
    code point, so the lines that start with that code point are all a search can reach:
    adding them, in file order, before the first search from it gives pyuca's keys
    exactly (tests/test_signatories.py compares the tables).
    """
    import pyuca
    from pyuca.collator import COLL_ELEMENT_PATTERN
    from pyuca.trie import Trie

    class Table(Trie):  # type: ignore[misc]
        def __init__(self, lines: list[str]) -> None:
            super().__init__()
            self.lines = lines
            self.loaded: set[int] = set()

        def find_prefix(self, key: list[int]) -> Any:
            if key and key[0] not in self.loaded:
                self.load(key)
            return super().find_prefix(key)

        def load(self, code_points: Iterable[int]) -> None:
            new = set(code_points) - self.loaded
            if not new:
                return
            wanted = {f"{cp:04X}" for cp in new}
            for line in self.lines:
                if line[: line.find(" ")] in wanted:  # "0041  ; [.1C47.0020.0008] # A"
                    chars, elements = line.split("#", 1)[0].split(";", 1)
                    self.add(
                        [int(h, 16) for h in chars.split()],
                        [
                            [int(w, 16) for w in m.groups()]
                            for m in COLL_ELEMENT_PATTERN.finditer(elements)
                        ],
                    )
            self.loaded |= new

    class Collator(pyuca.Collator):  # type: ignore[misc]
        def load(self, filename: str) -> None:
            with open(filename, encoding="ascii") as f:
                lines = f.read().split("\n")
            for line in lines:
                if line.startswith("@implicitweights"):  # as pyuca reads them
                    ch_range, base = line.split("#", 1)[0][len("@implicitweights") :].split(";")
                    start, end = ch_range.split("..")
                    self.implicit_weights.append([int(start, 16), int(end, 16), int(base, 16)])
            self.table = Table(lines)

    return Collator()


@functools.lru_cache(maxsize=4096)
def _cached_collation_key(text: str) -> str:
    return _collator().sort_key(text)


def collation_key(text: str) -> tuple[int, ...]:
    """UCA sort key: "Ärzte" sorts with the A's, "école" with the E's."""
    return tuple(map(ord, _collator().sort_key(text)))


def name_sort_key(name: str) -> str:
    """Sort key of a name, a leading "The" ignored: :func:`collation_key` as text."""
    return _collator().sort_key(_LEADING_THE.sub("", name))


def scope_rank(title: str) -> int:
    """0 for international/global groups, 1 regional, 2 national, 3 local, 4 unknown."""
    words = set(_PUNCT.sub(" ", title.casefold()).split())
    return next((i for i, scope in enumerate(_SCOPES) if words & set(scope)), _UNKNOWN_SCOPE)


def order_signatories(
    entries: Sequence[Signatory],
    *,
    group_order: Sequence[str] = (),
    sort: str = "name",
    individuals_title: str = "Individuals",
) -> tuple[Group, ...]:
    """Group and sort the list as the annex prints it.

    Groups named in ``group_order`` come first, in that order (case ignored); the others
    follow widest scope first, then in source order; individuals get their own group,
    last unless ``group_order`` places it. Within a group: by name, by country then name,
    or in source order (``sort``), ties kept in source order.
    """
    members: dict[str, list[Signatory]] = {}
    for entry in entries:
        members.setdefault(individuals_title if entry.individual else entry.group, []).append(entry)
    wanted = [g.casefold() for g in group_order]

    def group_rank(item: tuple[int, str]) -> tuple[int, int, int]:
        position, title = item
        if title.casefold() in wanted:
            return (0, wanted.index(title.casefold()), 0)
        if title == individuals_title and any(e.individual for e in members[title]):
            return (2, 0, position)
        return (1, scope_rank(title), position)

    titles = sorted(enumerate(members), key=group_rank)
    if sort != "source" and entries:
        _collator().preload([*(e.name for e in entries), *(e.country for e in entries)])
    return tuple(Group(title, _sort_members(members[title], sort)) for _, title in titles)


def _sort_members(members: list[Signatory], sort: str) -> tuple[Signatory, ...]:
    if sort == "source":
        return tuple(members)
    if sort == "country":
        return tuple(
            sorted(
                members,
                key=lambda s: (
                    not s.country,
                    _cached_collation_key(s.country),
                    name_sort_key(s.name),
                ),
            )
        )
    return tuple(sorted(members, key=lambda s: name_sort_key(s.name)))


def group_signatories(entries: Sequence[Signatory]) -> tuple[Group, ...]:
    """Group entries by their ``group``, groups and members in source order."""
    return order_signatories(entries, sort="source", group_order=_source_titles(entries))


def _source_titles(entries: Sequence[Signatory]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(e.group for e in entries))


def count_countries(entries: Iterable[Signatory]) -> int:
    """How many distinct countries the list names (unknown spellings count as written)."""
    return len({_country_key(e) for e in entries if e.country})


def diff_signatories(old: Sequence[Signatory], new: Sequence[Signatory]) -> SignatoryDiff:
    """Added, removed and changed entries; a name listed twice is matched occurrence by
    occurrence. The line number is not compared."""

    def keyed(entries: Sequence[Signatory]) -> dict[tuple[str, int], Signatory]:
        seen: Counter[str] = Counter()
        out = {}
        for entry in entries:
            key = name_key(entry.name)
            out[(key, seen[key])] = entry
            seen[key] += 1
        return out

    before, after = keyed(old), keyed(new)
    changed = tuple(
        (before[k], after[k])
        for k in after
        if k in before and _visible(before[k]) != _visible(after[k])
    )
    return SignatoryDiff(
        added=tuple(after[k] for k in after if k not in before),
        removed=tuple(before[k] for k in before if k not in after),
        changed=changed,
    )


def name_languages(groups: Sequence[Group], letter_lang: str) -> tuple[Group, ...]:
    """Each CJK name's glyph forms, decided once: kana say Japanese and hangul Korean; a
    name in Han characters alone takes its country's (Japan: ja; China, Singapore:
    zh-Hans; Taiwan, Hong Kong, Macao: zh-Hant; Korea: ko); without a country, the
    letter's language if it is Chinese, Japanese or Korean, else that of the nearest name
    in the group that has one, else none (the face's default, Simplified Chinese)."""
    fallback = _cjk_tag(letter_lang)
    out = []
    for group in groups:
        langs = [cjk_lang(s.name, s.country_code) for s in group.members]
        for i, s in enumerate(group.members):
            if langs[i] or not has_han(s.name):
                continue
            near = sorted((abs(j - i), j) for j, lang in enumerate(langs) if lang and j != i)
            langs[i] = fallback or (langs[near[0][1]] if near else "")
        members = tuple(
            dataclasses.replace(s, lang=lang) if lang != s.lang else s
            for s, lang in zip(group.members, langs, strict=True)
        )
        out.append(dataclasses.replace(group, members=members))
    return tuple(out)


def _cjk_tag(lang: str) -> str:
    """zh-Hans, zh-Hant, ja or ko for a letter in one of them; else ""."""
    tag = lang.replace("_", "-").lower()
    primary = tag.split("-")[0]
    if primary in ("ja", "ko"):
        return primary
    if primary == "zh":
        traditional = any(p in tag.split("-") for p in ("hant", "tw", "hk", "mo"))
        return "zh-Hant" if traditional else "zh-Hans"
    return ""
