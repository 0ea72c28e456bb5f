"""signatories.py and countries.py: pure normalising, ordering, de-duplicating, comparing."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
import pyuca
from hypothesis import given
from hypothesis import strategies as st

from letterpdf.source.countries import (
    CountryStyle,
    country_name,
    recognise_country,
    suggest_country,
)
from letterpdf.source.signatories import (
    Signatory,
    _lazy_pyuca,
    collation_key,
    dedupe_signatories,
    diff_signatories,
    name_key,
    normalise_signatories,
    normalise_text,
    order_signatories,
)

UCA = pyuca.Collator()

names = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=0, max_size=30
)
groups = st.sampled_from(["International", "Regional networks", "National", "Local", "", "Misc"])
countries = st.sampled_from(["", "USA", "US", "México", "Italia", "Colomba", "France", "UK"])
entries = st.lists(
    st.builds(
        Signatory,
        name=names,
        country=countries,
        group=groups,
        individual=st.booleans(),
        line=st.integers(2, 10_000),
    ),
    max_size=25,
)


@given(names)
def test_normalise_text_is_idempotent(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once
    assert once == once.strip()
    assert "  " not in once


@given(entries)
def test_normalise_signatories_is_idempotent_and_drops_nothing(rows: list[Signatory]) -> None:
    once = normalise_signatories(rows)
    assert normalise_signatories(once) == once
    assert [e.line for e in once] == [e.line for e in rows]


@given(entries)
def test_order_keeps_every_entry_once_and_is_idempotent(rows: list[Signatory]) -> None:
    ordered = order_signatories(rows, sort="country")
    flat = [s for g in ordered for s in g.members]
    assert Counter(flat) == Counter(rows)
    assert order_signatories(flat, sort="country") == ordered


@given(entries)
def test_order_is_stable(rows: list[Signatory]) -> None:
    """Entries that sort alike keep their source order."""
    same = [Signatory("Same Org", group="National", line=i) for i in range(5)]
    ordered = order_signatories([*rows, *same])
    printed = [s for g in ordered for s in g.members if s.name == "Same Org" and not s.individual]
    assert [s.line for s in printed if s in same] == [0, 1, 2, 3, 4]


@given(entries)
def test_dedupe_accounts_for_every_row(rows: list[Signatory]) -> None:
    kept, dropped = dedupe_signatories(rows)
    assert len(kept) + len(dropped) == len(rows)
    assert all(first in kept for _, first in dropped)
    assert dedupe_signatories(kept) == (kept, ())


@given(st.lists(st.text(alphabet="aAäÄeéE ZzœŒ'-.ßｂ\u0301", max_size=12), max_size=8))
def test_collation_key_is_pyucas(words: list[str]) -> None:
    """Keys built word by word equal pyuca's for the whole string."""
    text = " ".join(words)
    assert collation_key(text) == UCA.sort_key(text)


LAZY_UCA = _lazy_pyuca()


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20))
def test_lazy_table_gives_pyucas_keys(text: str) -> None:
    """Parsed per first code point, as strings ask for them, the table gives pyuca's keys."""
    assert LAZY_UCA.sort_key(text) == UCA.sort_key(text)


def test_lazy_table_once_complete_is_pyucas() -> None:
    lazy = _lazy_pyuca()
    lazy.table.load(UCA.table.root.children)
    assert lazy.implicit_weights == UCA.implicit_weights

    def same(a: Any, b: Any) -> bool:
        ours, theirs = a.children or {}, b.children or {}
        return (
            a.value == b.value
            and ours.keys() == theirs.keys()
            and all(same(ours[k], theirs[k]) for k in ours)
        )

    assert same(lazy.table.root, UCA.table.root)


def _printed(rows: list[Signatory], **options: object) -> list[tuple[str, list[str]]]:
    ordered = order_signatories(normalise_signatories(rows), **options)  # type: ignore[arg-type]
    return [(g.title, [s.name for s in g.members]) for g in ordered]


def test_uca_order_and_leading_the_ignored() -> None:
    rows = [Signatory(n) for n in ["Zukunft", "The Banner", "Ärzte ohne Grenzen", "Apple", "école"]]
    assert _printed(rows) == [
        ("", ["Apple", "Ärzte ohne Grenzen", "The Banner", "école", "Zukunft"])
    ]


def test_groups_widest_scope_first_individuals_last() -> None:
    rows = [
        Signatory("A", group="National Organizations"),
        Signatory("Jane Doe", individual=True, title="Professor"),
        Signatory("B", group="Local groups"),
        Signatory("C", group="Regional and International Organizations"),
        Signatory("D", group="Regional"),
    ]
    assert [t for t, _ in _printed(rows)] == [
        "Regional and International Organizations",
        "Regional",
        "National Organizations",
        "Local groups",
        "Individuals",
    ]
    custom = _printed(rows, group_order=["local groups", "Individuals"])
    assert [t for t, _ in custom][:2] == ["Local groups", "Individuals"]


def test_sort_by_country_then_name() -> None:
    rows = [
        Signatory("Zeta", "Brazil"),
        Signatory("Alpha", "Uganda"),
        Signatory("Beta", ""),
        Signatory("Ärzte", "Brazil"),
    ]
    assert _printed(rows, sort="country") == [("", ["Ärzte", "Zeta", "Alpha", "Beta"])]


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("USA", "US"),
        ("US", "US"),
        ("U.S.A.", "US"),
        ("United States of America", "US"),
        ("Estados Unidos", "US"),
        ("México", "MX"),
        ("Mexico", "MX"),
        ("Italia", "IT"),
        ("Côte d'Ivoire", "CI"),
        ("Cote d\u2019Ivoire", "CI"),
        ("UK", "GB"),
        ("Haïti", "HT"),
        ("Panamá", "PA"),
        ("FRA", "FR"),
        ("the Netherlands", "NL"),
        ("Colomba", None),
        ("Geneva", None),
        ("in", None),
    ],
)
def test_recognise_country(written: str, code: str | None) -> None:
    assert recognise_country(written) == code


def test_country_printed_in_one_form_in_the_letters_language() -> None:
    rows = normalise_signatories([Signatory("A", c) for c in ["USA", "US", "Estados Unidos"]])
    assert {e.country for e in rows} == {"United States of America"}  # the UN's name
    short = CountryStyle("short", "en")
    assert {e.country for e in normalise_signatories(rows, short)} == {"United States"}
    assert country_name("MX", "es") == "México"
    assert normalise_signatories([Signatory("A", "Colomba")])[0].country == "Colomba"
    assert suggest_country("Colomba") == "Colombia"


def test_normalise_text_cases() -> None:
    assert normalise_text('  "Oxfam  International" ') == "Oxfam International"
    assert normalise_text('"Oxfam') == "Oxfam"
    assert normalise_text('Centro "Segundo Montes" (CSMM)') == 'Centro "Segundo Montes" (CSMM)'
    assert normalise_text("\uff21\uff22\uff23\u3000Network") == "ABC Network"
    assert normalise_text("日本\uff2e\uff27\uff2fネット") == "日本\uff2e\uff27\uff2fネット"
    assert normalise_text("Cafe\u0301") == "Café"
    assert name_key("Réseau  FOI") == name_key("reseau foi")


def test_diff() -> None:
    old = [Signatory("Alpha", "France", line=2), Signatory("Beta", line=3)]
    new = [Signatory("ALPHA", "Belgium", line=5), Signatory("Gamma", line=6)]
    changes = diff_signatories(old, new)
    assert [e.name for e in changes.added] == ["Gamma"]
    assert [e.name for e in changes.removed] == ["Beta"]
    assert [(a.country, b.country) for a, b in changes.changed] == [("France", "Belgium")]
    assert changes.summary() == "+1 \u22121 ~1"
    assert diff_signatories(old, old).summary() == "no change"
