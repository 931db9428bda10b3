"""Benchmark: every export format (write, and read back where there is a reader) on the example
and on the synthetic graph of 100k enterprises / 500k SUPPLIES / 200k MAKES.

    python benchmarks/bench_exports.py [--enterprises 100000 --supplies 500000 --runs 3 --example-runs 7 --read-back]

Prints, per graph and format, the median write time (and read-back time: always for the example,
with --read-back for the synthetic graph, where reading GraphML takes minutes) and the size written.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from summary import record  # noqa: E402
from synthetic import synthetic_graph  # noqa: E402

from chainkg.build import build  # noqa: E402
from chainkg.graph.exports import FORMATS, READABLE, export, read_export  # noqa: E402
from chainkg.graph.model import KnowledgeGraph  # noqa: E402
from chainkg.graph.nodelink import read_graph_json  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def size(path: Path) -> int:
    return path.stat().st_size if path.is_file() else sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def timed(func, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        begin = time.perf_counter()
        func()
        times.append(time.perf_counter() - begin)
    return statistics.median(times)


def seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.1f} s"


def bench(name: str, kg: KnowledgeGraph, runs: int, tmp: Path, read_back: bool = True) -> None:
    print(f"\n{name}: {len(kg):,} nodes, {kg.number_of_edges():,} edges, median of {runs}")
    print("| format | write | read back | size |\n|---|---|---|---|")
    for fmt in FORMATS:
        out = tmp / f"{name}.{fmt}"
        took = timed(lambda: export(kg, fmt, out), runs)
        record(f"export {fmt}, {name} ({len(kg):,} nodes)", round(took, 2), "s", note=f"{size(out) / 2**20:.1f} MiB")
        write = seconds(took)
        read = seconds(timed(lambda: read_export(fmt, out), runs)) if read_back and fmt in READABLE else "—"
        print(f"| {fmt} | {write} | {read} | {size(out) / 2**20:.1f} MiB |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--supplies", type=int, default=500_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--example-runs", type=int, default=7)
    parser.add_argument("--read-back", action="store_true", help="also time reading the synthetic exports back")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        build([ROOT / "examples" / "hunan"], tmp / "hunan")
        bench("example", read_graph_json(tmp / "hunan" / "graph.json"), args.example_runs, tmp)
        kg = synthetic_graph(enterprises=args.enterprises, supplies=args.supplies)
        bench("synthetic", kg, args.runs, tmp, args.read_back)


if __name__ == "__main__":
    main()
