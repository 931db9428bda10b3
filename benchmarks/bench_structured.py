"""Benchmark: structured imports, a 100k-row JSON Lines file read through a mapping.

Writes (into a temp folder) N companies, 1,000 products and N company -> product
rows in the product-chain shape (``examples/product_chain``), then measures:

- reading + mapping + checking every row into facts (``load_inputs``), rows/s;
- the whole build (facts into the graph, graph.json, report, LadybugDB), rows/s.

Run with ``python benchmarks/bench_structured.py [--rows N] [--runs R]``; prints medians.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from summary import record

from chainkg.build import build
from chainkg.loaders import load_inputs
from chainkg.loaders.mapping import read_mapping
from chainkg.loaders.structured import load_file

MAPPING = (Path(__file__).resolve().parents[1] / "examples" / "product_chain" / "chainkg.yaml").read_text("utf-8")


def write_dataset(folder: Path, rows: int) -> None:
    """Companies, products, one MAKES row per company and a product chain, seeded."""
    rng = random.Random(7)
    products = [f"产品{i:04d}" for i in range(1000)]
    with open(folder / "company.jsonl", "w", encoding="utf-8") as out:
        for i in range(rows):
            record = {
                "name": f"企业{i:06d}",
                "fullname": f"企业{i:06d}科技股份有限公司",
                "code": f"{i:06d}",
                "location": "深圳证券交易所",
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    with open(folder / "product.jsonl", "w", encoding="utf-8") as out:
        out.writelines(json.dumps({"name": p}, ensure_ascii=False) + "\n" for p in products)
    with open(folder / "company_product.jsonl", "w", encoding="utf-8") as out:
        for i in range(rows):
            record = {
                "company_name": f"企业{i:06d}",
                "product_name": rng.choice(products),
                "rel": "主营产品",
                "rel_weight": round(rng.random(), 4),
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    with open(folder / "product_product.jsonl", "w", encoding="utf-8") as out:
        for a, b in zip(products, products[1:]):
            out.write(json.dumps({"from_entity": b, "rel": "上游材料", "to_entity": a}, ensure_ascii=False) + "\n")
    (folder / "chainkg.yaml").write_text(MAPPING, encoding="utf-8")


def timed(func) -> tuple[float, float]:
    """Wall and CPU seconds ``func`` takes; its result is freed after the clocks stop.

    CPU time is printed too: on a shared machine it moves less than wall time.
    """
    wall, cpu = time.perf_counter(), time.process_time()
    result = func()
    elapsed = time.perf_counter() - wall, time.process_time() - cpu
    del result
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="companies and company -> product rows (each)")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median reported)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "chain"
        data.mkdir()
        write_dataset(data, args.rows)
        total = 2 * args.rows + 1000 + 999
        loads = [timed(lambda: load_inputs([data])) for _ in range(args.runs)]
        spec = next(f for f in read_mapping(data / "chainkg.yaml").files if f.path.name == "company_product.jsonl")
        one = [timed(lambda: load_file(spec, "chain/company_product.jsonl")) for _ in range(args.runs)]
        builds = [timed(lambda: build([data], Path(tmp) / "out")) for _ in range(max(1, args.runs // 2))]
    for name, times, count in (
        (f"map {args.rows:,}-row company_product.jsonl", one, args.rows),
        (f"map all four files ({total:,} rows) into facts", loads, total),
        (f"whole build of the {total:,} rows", builds, total),
    ):
        wall = statistics.median(t for t, _ in times)
        cpu = statistics.median(c for _, c in times)
        record(
            f"structured import: {name}",
            round(count / cpu),
            "rows/s",
            note=f"per CPU second; {count / wall:,.0f} rows/s wall",
        )
        print(
            f"{name:46s} median {wall:6.2f} s wall = {count / wall:7,.0f} rows/s; {cpu:6.2f} s CPU = {count / cpu:7,.0f} rows/s (n={len(times)})"
        )


if __name__ == "__main__":
    main()
