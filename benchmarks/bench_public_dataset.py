"""Benchmark: the real public chain dataset built through ``examples/public_chain_graph/mapping.yaml``.

The data (4,654 listed companies, 511 industries, 95k products, 163k links; see its README)
is read from ``../shared/datasets/public_chain_graph``; the benchmark says so and stops when
it is absent. It measures, side by side in alternating runs (the machine is shared):

- the whole command ``chainkg build DATA --mapping ... --skip-bad`` (a new process each time:
  start-up, every file, graph.json, the database, the report, the views), wall and CPU;
- the same build in one process with mapped rows read as columns (the default) and row by
  row (one fact per row, the plain way), and the ratio of the two;
- after start-up, warm in one process: each query of the library that answers on this data,
  median of 5 runs.

Run with ``python benchmarks/bench_public_dataset.py [--runs N]``. Figures: benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from summary import record

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "datasets" / "public_chain_graph"
MAPPING = ROOT / "examples" / "public_chain_graph" / "mapping.yaml"
CLI = [str(Path(sys.executable).parent / "chainkg")]  # the installed command, as a user runs it


def command_build(out: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one ``chainkg build`` in a new process."""
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    subprocess.run(
        [*CLI, "build", str(DATA), "--mapping", str(MAPPING), "--skip-bad", "--out", str(out)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def in_process_build(out: Path, rows: bool) -> float:
    """Seconds of one build in this process; ``rows``: mapped rows read one fact at a time."""
    import chainkg.loaders.structured as structured
    from chainkg.build import build

    shutil.rmtree(out, ignore_errors=True)
    columnar = structured.columnar
    if rows:
        structured.columnar = lambda spec: False
    try:
        started = time.perf_counter()
        build([DATA], out, mappings=[MAPPING], skip_bad=True)
        return time.perf_counter() - started
    finally:
        structured.columnar = columnar


def query_times(out: Path, runs: int = 5) -> dict[str, float]:
    """Median milliseconds of each query that answers on this data, warm, in one process."""
    from chainkg.queries.runner import open_store, run_named

    cases = dataset_queries()
    found: dict[str, float] = {}
    with open_store("embedded", out) as store:
        for name, params in cases:
            run_named(store, "embedded", name, params)  # warm
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                run_named(store, "embedded", name, params)
                times.append((time.perf_counter() - started) * 1000)
            found[f"{name} {' '.join(f'{k}={v}' for k, v in params.items())}"] = statistics.median(times)
    return found


def dataset_queries() -> list[tuple[str, dict[str, str]]]:
    """Each query an analyst asks of this data, with names taken from the data itself: the product
    most used as an input, the company with the most products, the industry with the most upstream."""
    import gzip
    import json
    from collections import Counter

    def rows(name: str) -> list[dict[str, Any]]:
        with gzip.open(DATA / name, "rt", encoding="utf-8") as lines:
            return [json.loads(line) for line in lines if line.strip()]

    links = rows("product_product.json.gz")
    made = Counter(r["from_entity"] for r in links if r["rel"] == "上游材料").most_common(1)[0][0]
    material = Counter(r["to_entity"] for r in links if r["rel"] == "上游材料").most_common(1)[0][0]
    firm = Counter(r["company_name"] for r in rows("company_product.json.gz")).most_common(1)[0][0]
    industry = max(rows("industry_up.json.gz"), key=lambda r: len(r["ups"]))["industry"]
    return [
        ("search", {"text": "液压"}),
        ("product_upstream", {"product": made, "depth": "3"}),
        ("product_downstream", {"product": material, "depth": "2"}),
        ("product_upstream", {"enterprise": firm, "depth": "2"}),
        ("enterprise_profile", {"enterprise": firm}),
        ("industry_profile", {"industry": industry}),
        ("industry_upstream", {"industry": industry}),
        ("industry_overview", {}),
    ]


def medians(func: Callable[[], Any], runs: int) -> list[Any]:
    return [func() for _ in range(runs)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"{DATA} is absent: the public dataset lives in ../shared; nothing measured")
        return
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        commands, columns, rows = [], [], []
        for _ in range(args.runs):  # alternating, so that the machine's load falls on all three alike
            commands.append(command_build(out))
            columns.append(in_process_build(Path(tmp) / "columns", rows=False))
            rows.append(in_process_build(Path(tmp) / "rows", rows=True))
        wall = statistics.median(w for w, _ in commands)
        cpu = statistics.median(c for _, c in commands)
        print(
            f"chainkg build (whole command): median {wall:.2f} s wall, {cpu:.2f} s CPU over {args.runs} runs: {[round(w, 2) for w, _ in commands]}"
        )
        print(
            f"in process, rows as columns: median {statistics.median(columns):.2f} s; one fact per row: {statistics.median(rows):.2f} s; "
            f"ratio {statistics.median(rows) / statistics.median(columns):.2f}x"
        )
        record(
            "public dataset: chainkg build (whole command)",
            round(wall, 2),
            "s",
            10.0,
            note=f"median of {args.runs}; {cpu:.1f} s CPU",
        )
        for name, ms in query_times(out).items():
            print(f"query {name}: median {ms:.1f} ms")
            record(f"public dataset: query {name}", round(ms, 1), "ms", 100.0, note="warm, median of 5")


if __name__ == "__main__":
    main()
