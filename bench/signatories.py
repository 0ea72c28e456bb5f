"""Time loading, checking and ordering 10,000 signatories (a figure to report, not a test).

Run: .venv/bin/python bench/signatories.py
"""

from __future__ import annotations

import csv
import random
import tempfile
import time
from pathlib import Path

from letterpdf.source.check import check_signatories
from letterpdf.source.sheets import load_signatories
from letterpdf.source.signatories import normalise_signatories, order_signatories

FIXTURES = Path(__file__).parent.parent / "tests" / "fixtures"


def make_rows(n: int) -> list[list[str]]:
    """n rows like the real ones: names made of the real lists' words, their countries
    and groups, so the names are distinct as in a real list (a few near-duplicates)."""
    rnd = random.Random(1)
    real = [
        row
        for f in sorted(FIXTURES.glob("*.csv"))
        for row in list(csv.reader(f.open(encoding="utf-8")))[1:]
    ]
    words = sorted({w for row in real for w in row[0].split()})
    rows = []
    for _ in range(n):
        _, country, group = rnd.choice(real)
        name = " ".join(rnd.choice(words) for _ in range(rnd.randint(2, 7)))
        rows.append([name, country, group])
    return rows


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "signatories.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows([["name", "country", "group"], *make_rows(10_000)])
        timings = {}
        start = time.perf_counter()
        entries = normalise_signatories(load_signatories(path).entries)
        timings["load + normalise"] = time.perf_counter() - start
        mark = time.perf_counter()
        findings = check_signatories(entries, str(path))
        timings["check"] = time.perf_counter() - mark
        mark = time.perf_counter()
        groups = order_signatories(entries, sort="country")
        timings["order"] = time.perf_counter() - mark
        timings["total"] = time.perf_counter() - start
    for step, seconds in timings.items():
        print(f"{step:>18}: {seconds * 1000:6.0f} ms")
    print(f"{len(entries)} entries, {len(findings)} findings, {len(groups)} groups")


if __name__ == "__main__":
    main()
