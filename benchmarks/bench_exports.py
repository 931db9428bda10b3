"""Benchmark: every export and the commands that read a built folder back, as whole commands at
the reference size, side by side with the build that wrote the folder (see RESULTS.md, "Exports").

* **reference size**: ``chainkg synth -n 100000`` once, then ``--runs`` rounds, each command a fresh
  process: ``chainkg build S --out B``; ``chainkg export B --format F -o OUT`` for every format;
  ``chainkg what-if B --remove E`` and ``chainkg report B``; and, as before this change, the same
  what-if and report on a copy of B without its tables (``columns/``: a folder an earlier version
  wrote, read from graph.json). Medians of wall time, of the command's CPU (user + system) and of
  its peak RSS; each export's wall time over the build's of the same rounds.
* **example** (``--example-runs``): each format written and read back in process, on ``examples/hunan``.

    python benchmarks/bench_exports.py [--enterprises 100000 --runs 3 --example-runs 7 --no-before]
"""

from __future__ import annotations

import argparse
import csv
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from summary import record

from chainkg.graph.exports import FORMATS, READABLE, export, read_export
from chainkg.graph.folder import COLUMNS_FOLDER
from chainkg.graph.io.columnar import read_built

ROOT = Path(__file__).resolve().parents[1]
CHAINKG = str(Path(sys.executable).parent / "chainkg")


def size(path: Path) -> int:
    return path.stat().st_size if path.is_file() else sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# Run the command from a small process: a child's peak RSS counts its parent's at the fork, and this
# benchmark's own process holds the example graph.
_WRAP = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(code, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, file=sys.stderr)\n"
)


def run(args: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MiB) of one command."""
    begin = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _WRAP, CHAINKG, *args], stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - begin
    *errors, last = done.stderr.splitlines() or [""]
    code, cpu, rss = last.split()
    if int(code):
        raise SystemExit(f"chainkg {' '.join(args)} failed:\n" + "\n".join(errors))
    return wall, float(cpu), int(rss) / 1024


def first_enterprise(data: Path) -> str:
    with open(data / "enterprises.csv", encoding="utf-8", newline="") as handle:
        return next(csv.DictReader(handle))["name"]


def reference(args: argparse.Namespace, tmp: Path) -> None:
    data, built, old = tmp / "synth", tmp / "built", tmp / "old"
    subprocess.run(
        [CHAINKG, "synth", "--enterprises", str(args.enterprises), "--out", str(data)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    firm = first_enterprise(data)
    times: dict[str, list[tuple[float, float, float]]] = {}
    for round_ in range(args.runs):
        times.setdefault("build", []).append(run(["build", str(data), "--out", str(built)]))
        for fmt in FORMATS:
            out = tmp / f"export.{fmt}"
            times.setdefault(f"export {fmt}", []).append(run(["export", str(built), "--format", fmt, "-o", str(out)]))
            if round_ == args.runs - 1:
                print(f"export {fmt}: {size(out) / 2**20:.0f} MiB", flush=True)
        times.setdefault("what-if", []).append(run(["what-if", str(built), "--remove", firm]))
        times.setdefault("report", []).append(run(["report", str(built)]))
        if args.before and round_ < args.before_runs:
            shutil.rmtree(old, ignore_errors=True)
            shutil.copytree(built, old)
            shutil.rmtree(old / COLUMNS_FOLDER)
            times.setdefault("what-if, from graph.json (before)", []).append(
                run(["what-if", str(old), "--remove", firm])
            )
            times.setdefault("report, from graph.json (before)", []).append(run(["report", str(old)]))
        print(f"round {round_ + 1} done", flush=True)
    build_wall = statistics.median(wall for wall, _, _ in times["build"])
    print(f"\nreference size ({args.enterprises:,} enterprises), medians of {args.runs} (before: {args.before_runs})")
    print("| command | wall | CPU | peak RSS | wall / build's |\n|---|---|---|---|---|")
    for name, rows in times.items():
        wall, cpu, rss = (statistics.median(column) for column in zip(*rows))
        print(f"| {name} | {wall:.2f} s | {cpu:.2f} s | {rss:,.0f} MiB | {wall / build_wall:.2f} |")
        target = build_wall if name.startswith("export") else None
        record(
            f"{name}, 100k enterprises, whole command",
            round(wall, 2),
            "s",
            target=target,
            note=f"CPU {cpu:.1f} s, {rss:,.0f} MiB; build {build_wall:.1f} s in the same rounds",
        )


def example(runs: int, tmp: Path) -> None:
    from chainkg.build import build

    build([ROOT / "examples" / "hunan"], tmp / "hunan")
    kg = read_built(tmp / "hunan")
    print(f"\nexample: {len(kg):,} nodes, {kg.number_of_edges():,} edges, in process, median of {runs}")
    print("| format | write | read back | size |\n|---|---|---|---|")
    for fmt in FORMATS:
        out = tmp / f"example.{fmt}"
        write = timed(lambda fmt=fmt, out=out: export(kg, fmt, out), runs)
        read = (
            f"{timed(lambda fmt=fmt, out=out: read_export(fmt, out), runs) * 1000:.0f} ms" if fmt in READABLE else "—"
        )
        print(f"| {fmt} | {write * 1000:.0f} ms | {read} | {size(out) / 1024:.0f} KiB |", flush=True)


def timed(func, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        begin = time.perf_counter()
        func()
        times.append(time.perf_counter() - begin)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--before-runs", type=int, default=1, help="rounds that also time what-if and report from graph.json"
    )
    parser.add_argument(
        "--no-before", dest="before", action="store_false", help="leave out the graph.json (before) commands"
    )
    parser.add_argument("--example-runs", type=int, default=7, help="0: leave out the example")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        reference(args, tmp)
        if args.example_runs:
            example(args.example_runs, tmp)


if __name__ == "__main__":
    main()
