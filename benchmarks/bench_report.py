"""Benchmark: the chain report (``report.json`` and ``report.md``) at the reference size.

Writes ``chainkg synth`` data (100k enterprises, 500k SUPPLIES by default) or reuses
``--data``, builds the model as ``chainkg build`` does (the collector paused, the edges then
frozen into Arrow tables, unless ``--unfrozen``), then times
``write_report`` ``--runs`` times in the same process and prints the median wall and CPU time,
with the CPU time of its parts: reading SUPPLIES and MAKES into arrays, critical suppliers
(dominators), concentration, regions per product (medians of runs apart from the reports),
and the rest (the chains, JSON, Markdown). CPU time, as a busy machine disturbs it less.
Each run on freshly frozen edges, as the build hands them over (nothing read from them before).
Target (issue 7): 0.8 s, so that the whole build fits in 10 s.

    python benchmarks/bench_report.py                        # reference size, 3 runs
    python benchmarks/bench_report.py --data /tmp/synth100k --runs 5
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from reference_model import reference_model
from summary import record

from chainkg.graph.analysis import supply
from chainkg.graph.analysis.report import write_report
from chainkg.graph.io.columns import GraphColumns
from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.storage.gcpause import paused_gc

TARGET_SECONDS = 0.8


def parts(kg: KnowledgeGraph) -> dict[str, float]:
    """CPU seconds of the array parts of the report (each once, apart from a whole report)."""
    took: dict[str, float] = {}

    def timed(name, func, *args):
        started = time.process_time()
        result = func(*args)
        took[name] = time.process_time() - started
        return result

    supplies = timed("read SUPPLIES", supply.Supplies.of, kg)
    makes = timed("read MAKES", supply.Makes.of, kg, supplies)
    timed("criticality (dominators)", supply.Criticality.of, kg, supplies)
    timed("concentration", supply.concentration, kg, supplies)
    timed("regions per product", makes.regions, kg, supplies)
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path, help="reuse a chainkg synth folder instead of writing one")
    parser.add_argument(
        "--unfrozen", action="store_true", help="keep the edges in dicts (the build freezes them first)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, paused_gc():
        kg = reference_model(args.data, Path(tmp), args.enterprises, args.seed)
        if not args.unfrozen:  # as chainkg build leaves it for the report: edges in Arrow tables
            columns = GraphColumns(kg)
            node_ids = columns.node_ids.to_pylist()
        walls, cpus, splits = [], [], []
        for _ in range(args.runs):
            if not args.unfrozen:  # fresh tables: no column read by an earlier run
                kg.freeze_edges(columns.edges, node_ids)
            wall, cpu = time.perf_counter(), time.process_time()
            write_report(kg, Path(tmp))
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
            splits.append(parts(kg))
        split = {name: statistics.median(run[name] for run in splits) for name in splits[0]}
    size = (f"synth {args.enterprises // 1000}k" if args.data is None else str(args.data)) + (
        ", unfrozen" if args.unfrozen else ""
    )
    wall, cpu, load = statistics.median(walls), statistics.median(cpus), os.getloadavg()[0]
    record(
        f"report ({size}), write_report",
        round(wall, 2),
        "s",
        TARGET_SECONDS,
        note=f"CPU {cpu:.2f} s; median of {args.runs}; load {load:.1f} on {os.cpu_count()} cores",
    )
    print(
        f"write_report: median {wall:.2f} s wall (runs {', '.join(f'{w:.2f}' for w in walls)}), {cpu:.2f} s CPU; "
        f"target {TARGET_SECONDS} s: {'ok' if wall <= TARGET_SECONDS else 'MISSED'}; load {load:.1f} on {os.cpu_count()} cores"
    )
    print("CPU seconds by part (medians):")
    for name, seconds in split.items():
        print(f"  {name:26s} {seconds:6.2f} s")
    print(f"  {'the rest (chains, JSON, MD)':26s} {cpu - sum(split.values()):6.2f} s")


if __name__ == "__main__":
    main()
