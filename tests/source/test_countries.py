"""Countries as the UN writes them: recognised however typed, printed in the letter's style."""

from __future__ import annotations

import babel
import pycountry
import pytest

from letterpdf.source.countries import CountryStyle, _states, ambiguous, recognise

UN = CountryStyle("un", "en")


def test_the_table_has_the_193_members_and_2_observers() -> None:
    states = _states()
    statuses = [s["status"] for s in states.values()]
    assert statuses.count("member") == 193 and statuses.count("observer") == 2
    assert {"VA", "PS"} == {c for c, s in states.items() if s["status"] == "observer"}
    assert all(pycountry.countries.get(alpha_2=code) for code in states)
    assert all(s["en"] and s["fr"] and s["es"] for s in states.values())


@pytest.mark.parametrize(
    ("typed", "un", "short"),
    [
        ("Russia", "Russian Federation", "Russia"),
        ("Vietnam", "Viet Nam", "Vietnam"),
        ("Iran", "Iran (Islamic Republic of)", "Iran"),
        ("Syria", "Syrian Arab Republic", "Syria"),
        ("North Korea", "Democratic People's Republic of Korea", "North Korea"),
        ("Trinidad & Tobago", "Trinidad and Tobago", "Trinidad & Tobago"),
        ("South Korea", "Republic of Korea", "South Korea"),
        ("Republic of Korea", "Republic of Korea", "South Korea"),
        ("Netherlands (Kingdom of the)", "Netherlands (Kingdom of the)", "Netherlands"),
        ("Holland", "Netherlands (Kingdom of the)", "Netherlands"),
        ("Turkey", "Türkiye", "Türkiye"),
        ("Swaziland", "Eswatini", "Eswatini"),
        ("Burma", "Myanmar", "Myanmar"),
        ("East Timor", "Timor-Leste", "Timor-Leste"),
        ("Holy See", "Holy See", "Vatican City"),
        ("Ivory Coast", "Côte d'Ivoire", "Côte d’Ivoire"),
        ("Palestine", "State of Palestine", "State of Palestine"),
        ("FRA", "France", "France"),
    ],
)
def test_states_print_the_un_way(typed: str, un: str, short: str) -> None:
    assert UN.print(typed)[0] == un
    assert CountryStyle("short", "en").print(typed)[0] == short
    assert CountryStyle("as-written", "en").print(typed)[0] == typed


@pytest.mark.parametrize(
    "place", ["Kosovo", "Taiwan", "Hong Kong, China", "Macau", "Puerto Rico", "England", "Scotland"]
)
def test_places_that_are_not_un_states_print_as_written(place: str) -> None:
    assert recognise(place) is not None  # no "not recognised" warning
    assert UN.print(place)[0] == place


def test_a_code_for_a_place_prints_cldrs_name() -> None:
    assert UN.print("TW") == ("Taiwan", "TW")
    assert UN.print("XK") == ("Kosovo", "XK")


def test_french_and_spanish_letters_print_the_uns_french_and_spanish_names() -> None:
    assert CountryStyle("un", "fr").print("South Korea")[0] == "République de Corée"
    assert CountryStyle("un", "es").print("Turkey")[0] == "Türkiye"
    assert CountryStyle("un", "fr").print("Viet Nam")[0] == "Viet Nam"
    # other languages: CLDR, or the letter folder's words.toml
    assert CountryStyle("un", "sw").print("France")[0] == "Ufaransa"
    assert CountryStyle("un", "sw", (("FR", "Faransa"),)).print("France")[0] == "Faransa"


def test_every_state_is_recognised_in_the_six_languages_and_by_code() -> None:
    missed = []
    for code, names in _states().items():
        forms = [names["en"], names["fr"], names["es"], code]
        iso = pycountry.countries.get(alpha_2=code)
        assert iso is not None
        forms.append(iso.alpha_3)
        forms += [babel.Locale(lang).territories.get(code, "") for lang in ("en", "ar", "ru", "zh")]
        missed += [
            (code, f) for f in forms if (found := recognise(f)) is None or found.code != code
        ]
    assert missed == []


def test_a_name_that_could_mean_two_states_is_not_guessed() -> None:
    assert recognise("Korea") is None and set(ambiguous("Korea")) == {"KR", "KP"}
