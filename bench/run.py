"""`make bench`: naive WeasyPrint vs `letterpdf build` cold vs rebuild after one added name.

Each measurement is a fresh process (wall seconds, peak RSS from wait4). Prints a Markdown
table and writes it, with the machine, to bench/RESULTS.md. Sizes: argv, or 100 1000 5000 10000.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from names import generate_rows, signatories_csv

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
NAIVE = """
import sys
from pathlib import Path
from letterpdf.source.letter import load_letter
from letterpdf.source.signatories import order_signatories
from letterpdf.typeset.html import count_signatories, render_annex_html
from letterpdf.typeset.fonts import font_face_css, load_faces
from letterpdf.typeset.glyphs import faces_for_text
from letterpdf.typeset.pdf import render_pdf
from letterpdf.base.resources import FONTS_DIR, STYLES_DIR
letter = load_letter(Path(sys.argv[1]))
groups = order_signatories(letter.signatories)
theme = STYLES_DIR / "classic"
html = render_annex_html(letter, groups, count_signatories(groups), theme_dir=theme)
faces = faces_for_text(html, "en", load_faces())  # the faces the names need, as a build loads
rendered = render_pdf(html, base_dir=letter.folder,
    stylesheets=(theme / "common.css", theme / "annex.css"),
    extra_css=font_face_css(faces) + "@page { size: A4 }",
    allowed_dirs=(letter.folder, STYLES_DIR, FONTS_DIR), epoch=0)
Path(sys.argv[2]).write_bytes(rendered.data)
"""
#: `letterpdf watch` in one process: the first build, then three saves that each add a
#: name in the middle of the list; prints the median seconds from save to written PDF.
WATCH = """
import statistics, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from names import signatories_csv
from letterpdf.base.options import BuildOptions
from letterpdf.watch import watch_letter
folder, csv = Path(sys.argv[1]), Path(sys.argv[1]) / "signatories.csv"
rows = [tuple(r) for r in __import__("csv").reader(csv.open(encoding="utf-8"))][1:]
saved, seconds = [], []
def saves():
    for k in range(3):
        rows.insert(len(rows) // 2, (f"Watch Added {k}", "Chile", rows[len(rows) // 2][2]))
        csv.write_text(signatories_csv(rows), encoding="utf-8")
        saved.append(time.perf_counter())
        yield k
for result in watch_letter(folder, BuildOptions(output=Path(sys.argv[2]), resident=True), saves()):
    if saved:
        seconds.append(time.perf_counter() - saved[-1])
print(statistics.median(seconds))
"""


def measure(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of one process."""
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if status:
        raise SystemExit(f"failed: {' '.join(args)}")
    return seconds, usage.ru_maxrss / 1024


@dataclass(frozen=True)
class Row:
    """One size's figures (seconds, MB)."""

    count: int
    naive: tuple[float, float]
    cold: tuple[float, float]
    rebuild: tuple[float, float]
    watch: float

    def markdown(self) -> str:
        naive, cold, rebuild, count = self.naive, self.cold, self.rebuild, self.count
        return (
            f"| {count:,} | {naive[0]:.2f} s | {naive[1]:.0f} MB | {cold[0]:.2f} s "
            f"({cold[0] / naive[0]:.2f}x) | {cold[1]:.0f} MB | {rebuild[0]:.2f} s "
            f"({rebuild[0] / naive[0]:.2f}x, {rebuild[0] / cold[0]:.2f}x cold) | "
            f"{cold[0] / count * 1000:.2f} ms | {self.watch:.2f} s |"
        )


def targets(rows: dict[int, Row]) -> list[str]:
    """Issue 6's targets, each with what this run measured (sizes not run are left out)."""
    out = ["| target | measured | |", "|---|---|---|"]

    def line(target: str, measured: str, met: bool) -> None:
        out.append(f"| {target} | {measured} | {'met' if met else 'not met'} |")

    if (r := rows.get(1000)) is not None:
        line("cold 1,000 names ≤ 2.0 s", f"{r.cold[0]:.2f} s", r.cold[0] <= 2.0)
        ratio = r.rebuild[0] / r.cold[0]
        line("rebuild after +1 name ≤ 0.5x cold (1,000)", f"{ratio:.2f}x", ratio <= 0.5)
        line("watch, save to PDF after +1 name ≤ 0.5 s (1,000)", f"{r.watch:.2f} s", r.watch <= 0.5)
    if (r := rows.get(10000)) is not None:
        line("cold 10,000 names ≤ 10 s", f"{r.cold[0]:.2f} s", r.cold[0] <= 10)
        line("... and faster than LuaLaTeX (12.5 s)", f"{r.cold[0]:.2f} s", r.cold[0] < 12.5)
        line("cold 10,000 names ≤ 400 MB", f"{r.cold[1]:.0f} MB", r.cold[1] <= 400)
        if (small := rows.get(1000)) is not None:
            big, one = r.cold[0] / 10000, small.cold[0] / 1000
            line(
                "per name at 10,000 ≤ 1.3x per name at 1,000",
                f"{big * 1000:.2f} ms vs {one * 1000:.2f} ms",
                big <= 1.3 * one,
            )
    return out if len(out) > 2 else []


def bench(count: int, work: Path) -> Row:
    folder = work / f"letter-{count}"
    folder.mkdir()
    shutil.copy(ROOT / "content" / "letter.md", folder / "letter.md")
    rows = generate_rows(count)
    (folder / "signatories.csv").write_text(signatories_csv(rows), encoding="utf-8")
    out = work / f"out-{count}" / "letter.pdf"
    naive = measure([str(BIN / "python"), "-c", NAIVE, str(folder), str(work / "naive.pdf")])
    build = [str(BIN / "letterpdf"), "-q", "build", str(folder), "-o", str(out)]
    cold = measure(build)
    rows.insert(count // 2, ("Asociación Añadida de Última Hora", "Perú", rows[count // 2][2]))
    (folder / "signatories.csv").write_text(signatories_csv(rows), encoding="utf-8")
    rebuild = measure(build)
    watched = subprocess.run(
        [
            str(BIN / "python"),
            "-c",
            WATCH,
            str(folder),
            str(work / "watch.pdf"),
            str(ROOT / "bench"),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return Row(count, naive, cold, rebuild, float(watched.stdout.split()[-1]))


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [100, 1000, 5000, 10000]
    machine = (
        f"{platform.node()}: {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.2f} at start, {time.strftime('%Y-%m-%d')}"
    )
    lines = [
        "| names | naive WeasyPrint | naive peak | letterpdf build, cold | cold peak "
        "| rebuild after +1 name | cold per name | watch: save to PDF, +1 name |",
        "|---|---|---|---|---|---|---|---|",
    ]
    print("\n".join(lines), flush=True)
    rows: dict[int, Row] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for count in sizes:
            rows[count] = bench(count, Path(tmp))
            print(rows[count].markdown(), flush=True)
            lines.append(rows[count].markdown())
    if goals := targets(rows):
        print("\n".join(["", *goals]))
        lines += ["", "## Against the targets of issue 6", "", *goals]
    (ROOT / "bench" / "RESULTS.md").write_text(
        "# Benchmark results (`make bench`)\n\n"
        "Naive: the annex alone as one WeasyPrint document (CSS columns), in a fresh process.\n"
        "Build: `letterpdf build` as a process (letter + annex + assembly), cold = no cache;\n"
        "rebuild = the same after one name is added in the middle of the list.\n"
        "Watch: `letterpdf watch` in one process, seconds from a save that adds a name in the\n"
        "middle of the list to the written PDF (median of three saves).\n\n"
        f"Machine: {machine}\n\n" + "\n".join(lines) + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
