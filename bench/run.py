"""`make bench`: letterpdf beside its peers, on the same annex, in one run.

The data is the peers' (`../shared/bench/gen_data.py`: region, country, name), set by:

- typst: `../shared/bench/typst_annex.py` (the `typst` package), the peer line;
- naive: `../shared/bench/weasy_annex.py`, WeasyPrint with CSS columns as a user would
  write it: the baseline of every ratio;
- letterpdf cold (default -j, an empty cache), -j1 (no cache), rebuild (one name added
  in the middle of the list after the cold build), and watch (seconds from that save to
  the written PDF, in a `letterpdf watch` process that has built the list once).

Each figure is a fresh process, the tools interleaved and repeated (min and median).
Memory is the peak, over the run, of the PSS summed over the process and all its
children (workers included), sampled from /proc. The 1-minute load average is taken
before each run: these machines are shared, so compare ratios within one run only.

    python bench/run.py [--sizes 1000,10000] [--repeat 3] [--busy 1] [--out bench/RESULTS.md]

`--busy 1` keeps one core busy with a busy loop throughout: the run under load.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEERS = Path(os.environ.get("LETTERPDF_PEERS", ROOT.parent / "shared" / "bench"))
PYTHON = sys.executable
LETTERPDF = [PYTHON, "-m", "letterpdf", "-q", "build"]

#: `letterpdf watch` in one process: the first build, then one save that adds a name in
#: the middle of the list; prints the seconds from the save to the written PDF.
WATCH = """
import csv, sys, time
from pathlib import Path
from letterpdf.base.options import BuildOptions
from letterpdf.watch import watch_letter
folder, out = Path(sys.argv[1]), Path(sys.argv[2])
sheet = folder / "signatories.csv"
rows = list(csv.reader(sheet.open(encoding="utf-8")))
saved = []
def saves():
    middle = len(rows) // 2
    rows.insert(middle, ["Watch Added Organisation", "Chile", rows[middle][2]])
    with sheet.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    saved.append(time.perf_counter())
    yield {str(sheet)}
for result in watch_letter(folder, BuildOptions(output=out, resident=True), saves()):
    done = time.perf_counter()
print(done - saved[-1])
"""


@dataclass
class Figures:
    """One tool's runs at one size: seconds, peak PSS (MB), load before each run."""

    seconds: list[float] = field(default_factory=list)
    memory: list[float] = field(default_factory=list)
    load: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    @property
    def best(self) -> float:
        return min(self.seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def tree_pss(root: int) -> float:
    """PSS (MB) of ``root`` and every process below it (found through each thread's
    `children` file: far cheaper than reading every process of the machine, so the
    sampling takes little of the CPU it is measuring)."""
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
            for children in Path(f"/proc/{pid}/task").glob("*/children"):
                todo += [int(c) for c in children.read_text().split()]
        except (OSError, ValueError):
            continue
    return total / 1024


def run(args: list[str], cwd: Path | None = None) -> tuple[float, float, str, float]:
    """Wall seconds, peak tree PSS (MB), stdout and CPU seconds (user + system, the
    process and its workers) of one process."""
    peak = [0.0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE, text=True)
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            peak[0] = max(peak[0], tree_pss(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(args)}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, peak[0], out, cpu


def letter_folder(work: Path, peers_csv: Path) -> Path:
    """A letter folder holding the peers' list as letterpdf reads it."""
    folder = work / f"letter-{peers_csv.stem}"
    folder.mkdir()
    shutil.copy(ROOT / "content" / "letter.md", folder / "letter.md")
    with peers_csv.open(encoding="utf-8") as f:
        rows = list(csv.reader(f))[1:]
    with (folder / "signatories.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["name", "country", "group"])
        writer.writerows([name, country, region] for region, country, name in rows)
    return folder


def add_one_name(folder: Path) -> bytes:
    """Add a name in the middle of the list; return the list as it was."""
    sheet = folder / "signatories.csv"
    before = sheet.read_bytes()
    rows = list(csv.reader(before.decode().splitlines()))
    middle = len(rows) // 2
    rows.insert(middle, ["Asociación Añadida de Última Hora", "Peru", rows[middle][2]])
    with sheet.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return before


def bench(count: int, work: Path, repeat: int, peers: bool) -> dict[str, Figures]:
    subprocess.run(
        [PYTHON, str(PEERS / "gen_data.py"), "--sizes", str(count), "--outdir", str(work)],
        check=True,
        capture_output=True,
    )
    data = work / f"signatories_{count}.csv"
    folder = letter_folder(work, data)
    out = work / f"out-{count}" / "letter.pdf"
    figures: dict[str, Figures] = {}

    def measure(name: str, args: list[str]) -> float:
        load = os.getloadavg()[0]
        seconds, memory, stdout, cpu = run(args)
        got = figures.setdefault(name, Figures())
        got.seconds.append(float(stdout.split()[-1]) if name == "watch" else seconds)
        got.memory.append(memory)
        got.cpu.append(cpu)
        got.load.append(load)
        return seconds

    def cold_then_rebuild() -> None:
        shutil.rmtree(out.parent, ignore_errors=True)  # the cache lives beside the PDF
        measure("cold", [*LETTERPDF, str(folder), "-o", str(out)])
        shutil.copy(out, work / "cold.pdf")
        before = add_one_name(folder)
        measure("rebuild", [*LETTERPDF, str(folder), "-o", str(out)])
        (folder / "signatories.csv").write_bytes(before)

    def watch() -> None:
        before = (folder / "signatories.csv").read_bytes()
        measure("watch", [PYTHON, "-c", WATCH, str(folder), str(work / "watch.pdf")])
        (folder / "signatories.csv").write_bytes(before)

    steps: list[Callable[[], object]] = [
        lambda: measure(
            "naive", [PYTHON, str(PEERS / "weasy_annex.py"), str(data), str(work / "naive.pdf")]
        ),
        cold_then_rebuild,
        lambda: measure(
            "-j1", [*LETTERPDF, str(folder), "-o", str(work / "j1.pdf"), "--no-cache", "-j", "1"]
        ),
        watch,
    ]
    if peers:
        steps.insert(
            0,
            lambda: measure(
                "typst", [PYTHON, str(PEERS / "typst_annex.py"), str(data), str(work / "t.pdf")]
            ),
        )
    for turn in range(repeat):  # interleaved, each round in another order
        for step in steps[turn % len(steps) :] + steps[: turn % len(steps)]:
            step()
            print(".", end="", flush=True, file=sys.stderr)
    print(file=sys.stderr)
    same = (work / "cold.pdf").read_bytes() == (work / "j1.pdf").read_bytes()
    figures["same bytes"] = Figures(seconds=[float(same)])
    return figures


COLUMNS = ("typst", "naive", "cold", "-j1", "rebuild", "watch")


def table(results: dict[int, dict[str, Figures]]) -> list[str]:
    lines = [
        "| names | " + " | ".join(c for c in COLUMNS) + " |",
        "|---|" + "---|" * len(COLUMNS),
    ]
    for count, figures in results.items():
        cells = []
        for name in COLUMNS:
            f = figures.get(name)
            cells.append(
                f"{f.best:.2f} / {f.median:.2f} s, {max(f.memory):.0f} MB, load {max(f.load):.1f}"
                if f
                else "-"
            )
        lines.append(f"| {count:,} | " + " | ".join(cells) + " |")
    return lines


def ratios(results: dict[int, dict[str, Figures]]) -> list[str]:
    """The issue's targets as ratios within this run (min and median of each)."""
    lines = ["| names | measure | min | median | target | |", "|---|---|---|---|---|---|"]

    def line(count: int, what: str, best: float, median: float, limit: float, unit: str) -> None:
        target, met = (
            (f"≤ {limit:g}{unit}", "met" if best <= limit else "not met") if limit else ("", "")
        )
        lines.append(
            f"| {count:,} | {what} | {best:.2f}{unit} | {median:.2f}{unit} | {target} | {met} |"
        )

    for count, f in results.items():
        big = count >= 10000
        naive, cold, again, one, watch = f["naive"], f["cold"], f["rebuild"], f["-j1"], f["watch"]

        def ratio(
            what: str, top: Figures, bottom: Figures, limit: float = 0, n: int = count
        ) -> None:
            best, median = top.best / bottom.best, top.median / bottom.median
            line(n, what, best, median, limit, "x")

        if "typst" in f:
            ratio("typst / naive (the peer)", f["typst"], naive)
        ratio("cold / naive", cold, naive, 0.5 if big else 0.8)
        ratio("-j1 / naive", one, naive)
        ratio("default -j / -j1", cold, one, 1.05)
        cpu = min(cold.cpu) / min(one.cpu), statistics.median(cold.cpu) / statistics.median(one.cpu)
        line(count, "default -j / -j1, CPU seconds (noise aside)", *cpu, 0, "x")
        ratio("rebuild +1 / cold", again, cold, 0.35 if big else 0)
        line(count, "watch save→PDF", watch.best, watch.median, 1.0 if big else 0.4, " s")
        same = "yes" if f["same bytes"].seconds[0] else "**no**"
        lines.append(
            f"| {count:,} | cold build = -j1 --no-cache build, byte for byte | {same} | | | |"
        )
        peak = max(max(f[k].memory) for k in ("cold", "rebuild", "-j1"))
        line(count, "letterpdf peak PSS, whole tree", peak, peak, 400 if big else 0, " MB")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument("--no-peers", action="store_true", help="leave Typst out")
    parser.add_argument(
        "--busy", type=int, default=0, help="keep N cores busy with other work during the run"
    )
    args = parser.parse_args()
    if not (PEERS / "weasy_annex.py").is_file():
        raise SystemExit(f"{PEERS}: the peers' benchmark is not there (LETTERPDF_PEERS=DIR)")
    peers = not args.no_peers
    try:
        import typst  # noqa: F401
    except ImportError:
        print("typst is not installed (pip install 'letterpdf[bench]'): left out", file=sys.stderr)
        peers = False
    machine = (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load {os.getloadavg()[0]:.2f} at the start, {time.strftime('%Y-%m-%d %H:%M')}"
    )
    if args.busy:
        machine += f"; {args.busy} busy-loop process(es) running throughout (a loaded machine)"
    busy = [subprocess.Popen([PYTHON, "-c", "while True: pass"]) for _ in range(args.busy)]
    results: dict[int, dict[str, Figures]] = {}
    with contextlib.ExitStack() as stack, tempfile.TemporaryDirectory() as tmp:
        for process in busy:
            stack.callback(process.kill)
        for count in (int(s) for s in args.sizes.split(",")):
            work = Path(tmp) / str(count)
            work.mkdir()
            results[count] = bench(count, work, args.repeat, peers)
            print("\n".join(table({count: results[count]})), flush=True)
    report = [
        "# Benchmark results (`make bench`)",
        "",
        (__doc__ or "").split("\n\n", 1)[1].rsplit("\n\n", 2)[0],
        "",
        f"Machine: {machine}; {args.repeat} rounds.",
        "",
        "Seconds (min / median), peak PSS of the process tree, highest load average before a run:",
        "",
        *table(results),
        "",
        "## Ratios and the targets of issue 17",
        "",
        *ratios(results),
    ]
    print("\n".join(report[report.index("## Ratios and the targets of issue 17") :]))
    args.out.write_text("\n".join(report) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
