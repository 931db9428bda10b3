"""Benchmark: the pages a build writes (``view.html`` and ``views/chain-*.html``) at the reference size.

Writes ``chainkg synth`` data (100k enterprises, 500k SUPPLIES by default) or reuses
``--data``, builds the model as ``chainkg build`` does (the collector paused, the edges
frozen into Arrow tables), then ``--runs`` times: fresh frozen tables, the report written
first (as the build does, not timed), then ``write_build_views`` timed. Prints the median
wall time and the median CPU time of the main thread (the pages' files are written on a
writer thread; a busy machine disturbs CPU time less), and the bytes written: the pages, the
index and the shared ``assets/`` (vis-network, once per folder since issue 19; before, inlined
in every page). ``--compare DIR`` checks every page
against the pages of an earlier build in ``DIR``, byte for byte.
Target: 1.5 s (it took 4.3 s before the views read the graph as arrays).

    python benchmarks/bench_build_views.py                                  # reference size, 5 runs
    python benchmarks/bench_build_views.py --data /tmp/synth100k --compare /tmp/built
"""

from __future__ import annotations

import argparse
import filecmp
import os
import statistics
import tempfile
import time
from pathlib import Path

from reference_model import reference_model
from summary import record

from chainkg.graph.analysis.report import write_report
from chainkg.graph.io.columns import GraphColumns
from chainkg.graph.storage.gcpause import paused_gc
from chainkg.graph.views import write_build_views

TARGET_SECONDS = 1.5


def written_bytes(out: Path) -> str:
    """What the views put in a build folder: pages, index and shared assets, in bytes."""
    pages = sorted(p.stat().st_size for p in [*out.glob("*.html"), *out.glob("views/*.html")])
    assets = sum(p.stat().st_size for p in out.glob("assets/*"))
    return (
        f"{len(pages)} HTML files {sum(pages):,} B (median {pages[len(pages) // 2]:,}, largest {pages[-1]:,}) "
        f"+ assets {assets:,} B = {sum(pages) + assets:,} B"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--data", type=Path, help="reuse a chainkg synth folder instead of writing one")
    parser.add_argument("--compare", type=Path, help="a build's output folder whose pages must be the same bytes")
    args = parser.parse_args()
    walls, cpus, differ = [], [], set()
    with tempfile.TemporaryDirectory() as tmp, paused_gc():
        kg = reference_model(args.data, Path(tmp), args.enterprises, args.seed)
        columns = GraphColumns(kg)
        node_ids = columns.node_ids.to_pylist()
        for run in range(args.runs):
            kg.freeze_edges(columns.edges, node_ids)  # fresh tables: no column read by an earlier run
            out = Path(tmp) / f"run{run}"
            write_report(kg, out)
            wall, cpu = time.perf_counter(), time.thread_time()
            pages = write_build_views(kg, out)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.thread_time() - cpu)
            sizes = written_bytes(out)
            if args.compare:
                differ |= {
                    str(p.relative_to(out))
                    for p in pages
                    if not filecmp.cmp(p, args.compare / p.relative_to(out), shallow=False)
                }
    size = f"synth {args.enterprises // 1000}k" if args.data is None else str(args.data)
    wall, cpu, load = statistics.median(walls), statistics.median(cpus), os.getloadavg()[0]
    record(
        f"build views ({size}), write_build_views",
        round(wall, 2),
        "s",
        TARGET_SECONDS,
        note=f"main-thread CPU {cpu:.2f} s; median of {args.runs}; load {load:.1f} on {os.cpu_count()} cores",
    )
    print(
        f"write_build_views: {len(pages)} pages, median {wall:.2f} s wall (runs {', '.join(f'{w:.2f}' for w in walls)}), "
        f"{cpu:.2f} s main-thread CPU; target {TARGET_SECONDS} s: {'ok' if wall <= TARGET_SECONDS else 'MISSED'}; "
        f"load {load:.1f} on {os.cpu_count()} cores"
    )
    print(f"written: {sizes}")
    if args.compare:
        print(
            f"pages against {args.compare}: "
            + (f"{len(differ)} differ: {', '.join(sorted(differ))}" if differ else "all the same bytes")
        )


if __name__ == "__main__":
    main()
