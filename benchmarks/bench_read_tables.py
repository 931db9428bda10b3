"""Benchmark: the "read tables" phase of a build, Arrow's CSV reader against the csv module.

Reads every native table of a folder into blocks (``load_inputs``, as ``chainkg build`` does,
the GC paused) R times in one process, then the same with ``read_table(fast=False)`` (the
csv module only), and prints the medians, wall and CPU (CPU moves less on a shared machine).
Without ``--data`` it writes ``chainkg synth -n N`` into a temp folder first.

Run with ``python benchmarks/bench_read_tables.py [--data DIR | --enterprises N] [--runs R]``.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from chainkg.graph.storage.gcpause import paused_gc
from chainkg.loaders import DocumentOptions, expand_inputs, load_inputs
from chainkg.loaders.tables import read_table
from chainkg.synth import synthesize


def timed(func: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds ``func`` takes (the GC paused); its result is freed after the clocks stop."""
    with paused_gc():
        wall, cpu = time.perf_counter(), time.process_time()
        result = func()
        elapsed = time.perf_counter() - wall, time.process_time() - cpu
        del result
    return elapsed


def csv_module_way(folder: Path) -> list[object]:
    """The blocks of every table of ``folder`` read by the csv module alone."""
    return [block for path, display in expand_inputs([folder]) for block in read_table(path, display, fast=False)]


def measure(folder: Path, runs: int) -> None:
    ways = {
        "Arrow where exact (load_inputs)": lambda: load_inputs([folder], DocumentOptions()),
        "csv module only": lambda: csv_module_way(folder),
    }
    for name, func in ways.items():
        times = [timed(func) for _ in range(runs)]
        wall = statistics.median(t for t, _ in times)
        cpu = statistics.median(c for _, c in times)
        print(
            f"{name:34s} median {wall:6.3f} s wall, {cpu:6.3f} s CPU (n={runs}; walls {', '.join(f'{t:.3f}' for t, _ in times)})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="a folder of native CSV tables (default: synthesised)")
    parser.add_argument("--enterprises", type=int, default=100_000, help="size of the synthesised data without --data")
    parser.add_argument("--runs", type=int, default=5, help="runs per way (median reported)")
    args = parser.parse_args()
    if args.data is not None:
        measure(args.data, args.runs)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "synth"
        synthesize(folder, args.enterprises, seed=7)
        measure(folder, args.runs)


if __name__ == "__main__":
    main()
