"""Benchmark: every library query on the embedded engine over 100k enterprises and 500k supply edges.

Builds the synthetic graph (``benchmarks/synthetic.py``) into a temporary folder,
then runs each query with realistic parameters; prints median and p95 of the runs
against the 100 ms target.

    python benchmarks/bench_queries.py [--enterprises 100000 --supplies 500000 --runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import synthetic_graph  # noqa: E402

from chainkg.graph.engines.embedded import EmbeddedStore  # noqa: E402
from chainkg.queries.library import library  # noqa: E402
from chainkg.stores import run_named  # noqa: E402
from chainkg.sync import write_folder  # noqa: E402


def parameters(kg) -> dict[str, object]:
    source, target, _, _ = next(iter(kg.edges("SUPPLIES")))
    firm = kg.node(target)["name"]
    return {
        "chain": next(kg.nodes("Chain"))["name"], "region": "长沙", "enterprise": firm, "depth": 3,
        "source": kg.node(source)["name"], "target": firm, "text": "合成企业0001", "node": firm,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--supplies", type=int, default=500_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    started = time.perf_counter()
    kg = synthetic_graph(enterprises=args.enterprises, supplies=args.supplies)
    print(f"graph: {kg.counts()} in {time.perf_counter() - started:.1f} s")
    values = parameters(kg)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        write_folder(kg, Path(tmp) / "g")
        print(f"graph.json + embedded db written in {time.perf_counter() - started:.1f} s")
        with EmbeddedStore(Path(tmp) / "g" / "db") as store:
            print("| query | median ms | p95 ms | rows | target |\n|---|---|---|---|---|")
            for name, query in sorted(library().items()):
                params = {p.name: str(values.get(p.name)) for p in query.params}
                times, rows = [], 0
                for _ in range(args.runs):
                    begin = time.perf_counter()  # as the CLI runs it: names resolved to ids, then the query
                    rows = len(run_named(store, "embedded", name, params)[1])
                    times.append((time.perf_counter() - begin) * 1000)
                p95 = sorted(times)[max(0, int(len(times) * 0.95) - 1)]
                verdict = "ok" if statistics.median(times) < 100 else "MISSED (100 ms)"
                print(f"| {name} | {statistics.median(times):.1f} | {p95:.1f} | {rows} | {verdict} |")


if __name__ == "__main__":
    main()
