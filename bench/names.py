"""Deterministic signatory lists for benchmarks and tests: realistic names, with diacritics.

Lengths follow the published lists in tests/fixtures (median about 33 characters, one in
ten over 60, a few over 100); groups run widest scope first, national ones give a country.
The same ``count`` and ``seed`` always give the same rows.
"""

from __future__ import annotations

import csv
import io
import random

_KINDS = (
    "Association",
    "Asociación",
    "Associação",
    "Association des Femmes",
    "Centre",
    "Centro de Estudios",
    "Coalition",
    "Collectif",
    "Confédération",
    "Federação",
    "Forum",
    "Fundación",
    "Initiative",
    "Institut",
    "Network",
    "Observatoire",
    "Red",
    "Réseau",
    "Society",
    "Stowarzyszenie",
    "Union",
    "Zentrum",
)
_TOPICS = (
    "Human Rights",
    "Derechos Humanos",
    "Droits de l'Homme",
    "Trade Justice",
    "Food Sovereignty",
    "Soberanía Alimentaria",
    "Women's Rights",
    "Direitos das Mulheres",
    "Indigenous Peoples",
    "Pueblos Indígenas",
    "Climate Justice",
    "Environmental Défense",
    "Rural Development",
    "Développement Rural",
    "Social Justice",
    "Peace and Démocratie",
    "Workers' Solidarity",
    "Economía Solidaria",
    "Public Services",
    "Migrants' Rights",
    "Ochrony Praw Człowieka",
    "Menschenrechte",
    "İnsan Hakları",  # noqa: RUF001 (Turkish dotless i, on purpose)
    "Quyền Con Người",
)
_PLACES = (
    "Abidjan",
    "Asunción",
    "Bogotá",
    "Cluj-Napoca",
    "Córdoba",
    "Dakar",
    "Gdańsk",
    "Genève",
    "Kraków",
    "Łódź",
    "Lomé",
    "Malmö",
    "Medellín",
    "Mérida",
    "Nouakchott",
    "Ouagadougou",
    "Paraná",
    "Québec",
    "Reykjavík",
    "São Paulo",
    "Tromsø",
    "Yaoundé",
    "Zürich",
    "Şanlıurfa",  # noqa: RUF001
)
_SHORT = ("GRAIN", "ATTAC", "Oxfam", "CIDSE", "FIAN", "Focus", "Eurodad", "SOMO", "Both ENDS")
_GROUPS = (
    ("International and Regional Networks", 0.12, ()),
    ("Africa", 0.22, ("Bénin", "Côte d'Ivoire", "Kenya", "Sénégal", "São Tomé and Príncipe")),
    ("Asia and the Pacific", 0.2, ("India", "Việt Nam", "Philippines", "Nepal", "New Zealand")),
    ("Europe", 0.18, ("België", "Deutschland", "España", "Österreich", "Polska", "Türkiye")),
    ("Latin America and the Caribbean", 0.2, ("México", "Perú", "Brasil", "Haïti", "Panamá")),
    ("Middle East and North Africa", 0.05, ("Liban", "Maroc", "Tunisie", "Jordan")),
    ("North America", 0.03, ("Canada", "United States")),
)


def _name(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.08:
        return rng.choice(_SHORT) + rng.choice(("", " International", f" {rng.choice(_PLACES)}"))
    name = f"{rng.choice(_KINDS)} {rng.choice(('for', 'pour la', 'de', 'para la', 'of'))} "
    name += rng.choice(_TOPICS)
    if roll > 0.7:
        name += f" {rng.choice(('in', 'de', 'of', 'du'))} {rng.choice(_PLACES)}"
    if roll > 0.9:
        name += f" and {rng.choice(_TOPICS)}"
    if roll > 0.97:
        name += f" \u2013 {rng.choice(_KINDS)} {rng.choice(_TOPICS)} {rng.choice(_PLACES)}"
    if rng.random() < 0.35:
        name += " (" + "".join(w[0] for w in name.split() if w[0].isupper())[:7] + ")"
    return name


def generate_rows(count: int, seed: int = 6) -> list[tuple[str, str, str]]:
    """``count`` rows of (name, country, group), grouped widest scope first."""
    rng = random.Random(f"{seed}-{count}")
    sizes = [max(1, round(count * share)) for _, share, _ in _GROUPS]
    sizes[-1] += count - sum(sizes)
    rows: list[tuple[str, str, str]] = []
    for (group, _, countries), size in zip(_GROUPS, sizes, strict=True):
        members: list[tuple[str, str]] = []
        seen: set[str] = set()
        while len(members) < size:  # distinct names: a repeated row is printed once
            name = _name(rng)
            if name.casefold() not in seen:
                seen.add(name.casefold())
                members.append((name, rng.choice(countries) if countries else ""))
        rows.extend((name, country, group) for name, country in sorted(members))
    return rows[:count]


def signatories_csv(rows: list[tuple[str, str, str]]) -> str:
    """The rows as a ``signatories.csv`` text."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("name", "country", "group"))
    writer.writerows(rows)
    return out.getvalue()
