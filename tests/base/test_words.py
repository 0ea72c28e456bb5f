"""Words per language, French spacing, font choice per script, glyph coverage: pure and fast."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from letterpdf.base.errors import WordsError
from letterpdf.base.words import load_words, smart_quotes, typographic_spaces
from letterpdf.typeset.fonts import FontFace, choose_faces, load_faces, text_scripts
from letterpdf.typeset.glyphs import faces_for_text, uncovered


@pytest.mark.parametrize(
    ("text", "spaced"),
    [
        ("Oui!", "Oui\u202f!"),
        ("Pourquoi ?", "Pourquoi\u202f?"),
        ("ceci : cela; fin", "ceci\u00a0: cela\u202f; fin"),
        ("« bonjour »", "«\u00a0bonjour\u00a0»"),
        ("à 10:30, voir https://x.org/?id=3", "à 10:30, voir https://x.org/?id=3"),
        ("Quoi?!", "Quoi\u202f?!"),
    ],
)
def test_french_spacing(text: str, spaced: str) -> None:
    assert typographic_spaces(text, "fr") == spaced
    assert typographic_spaces(text, "en") == text


@given(st.text(alphabet=st.sampled_from("ab :;!?«» 1/.")))
def test_french_spacing_only_adds_spaces_and_is_stable(text: str) -> None:
    once = typographic_spaces(text, "fr-CA")
    assert typographic_spaces(once, "fr") == once

    def squeeze(s: str) -> str:
        return "".join(c for c in s if c not in " \u00a0\u202f")

    assert squeeze(once) == squeeze(text)


def test_plural_forms_follow_cldr() -> None:
    assert load_words("en").count(1) == "1 signatory"
    assert load_words("fr").count(0) == "0 signataire"
    ru = load_words("ru")
    assert [ru.count(n) for n in (1, 3, 5)] == ["1 подписант", "3 подписанта", "5 подписантов"]
    assert load_words("ar").count(2) == "موقّعان"


def test_user_words_override_and_typos_are_named(tmp_path: Path) -> None:
    (tmp_path / "words.toml").write_text('[fr.groups]\n"NATIONAL" = "Réseaux nationaux"\n')
    words = load_words("fr", tmp_path)
    assert words.group("National") == "Réseaux nationaux"
    assert words.group("Other") == "Other"
    assert words.annex == "Annexe"
    (tmp_path / "words.toml").write_text('[fr]\nanex = "Annexe"\n')
    with pytest.raises(WordsError, match=r"\[fr\]: unknown key 'anex'. Did you mean 'annex'\?"):
        load_words("fr", tmp_path)


def test_footer_css_escapes_and_counts() -> None:
    css = load_words("fr").footer_css("annex")
    assert css == (
        ':root { --letterpdf-footer: "Annexe, page " counter(page) " sur " counter(pages); '
        '--letterpdf-annex: "Annexe"; --letterpdf-pages: counter(pages); }'
    )


def test_faces_are_chosen_by_script_and_lang() -> None:
    faces = load_faces()
    latin = faces_for_text("Alpha Org · 2018 – «x»", "en", faces)
    assert {f.family for f in latin} == {"Noto Serif"}
    cjk = faces_for_text("中国人权研究会", "en", faces)
    assert "Noto Serif CJK SC" in {f.family for f in cjk}
    # A neutral character alone (the ideographic comma) still finds its face.
    assert "Noto Serif CJK SC" in {f.family for f in faces_for_text("a、b", "en", faces)}
    a = FontFace("A", Path("a.ttf"), scripts=("Arab",))
    b = FontFace("B", Path("b.ttf"), scripts=("Arab",), langs=("fa",))
    assert choose_faces((a, b), {"Arab"}, "fa-IR") == (b, a)
    assert choose_faces((a, b), {"Latn"}, "fa") == ()
    assert text_scripts("Ab 12, مؤسسة") == {"Latn", "Arab"}


def test_uncovered_ignores_spaces_and_controls() -> None:
    faces = load_faces()
    assert uncovered("a\u00a0b\u202fc\u200dd\u00ad\ufe0f", faces) == ()
    assert uncovered("x\ue000y\U000f0000", faces) == ("\ue000", "\U000f0000")


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Lettre conjointe d'organisations", "fr", "Lettre conjointe d\u2019organisations"),
        ('On "naming and shaming"', "en", "On \u201cnaming and shaming\u201d"),
        ("The organisations' letter", "en", "The organisations\u2019 letter"),
        ('Le "bon" choix', "fr", "Le \u00abbon\u00bb choix"),
        ("logo.png", "en", "logo.png"),
    ],
)
def test_smart_quotes(text: str, lang: str, expected: str) -> None:
    assert smart_quotes(text, lang) == expected
