"""Benchmark: pushing a large synthetic graph into a real Neo4j, batched vs per record.

Graph: 100k Enterprise, 1k Product, 20 Chain, 500k SUPPLIES, 200k MAKES, ~2k
PART_OF/UPSTREAM_OF (``benchmarks/synthetic.py``). Two ways on the same server and
data, in the same run:

* batched: :meth:`Neo4jStore.push`, ``UNWIND $rows ... MERGE`` per label and pattern,
  one write transaction per batch, the whole graph, into an emptied database;
* per record: what most tutorials do, one ``session.run("MERGE ...")`` auto-commit
  call per node or edge, with the same constraints in place. It runs on a sample
  (SAMPLE nodes, then SAMPLE SUPPLIES edges between nodes already stored) and is
  extrapolated to the whole graph by its node and edge rates.

Uses NEO4J_URI/NEO4J_USERNAME/NEO4J_PASSWORD when set (the database is wiped!),
else starts a server with scripts/neo4j-test-server and stops it at the end.
Prints medians; figures go into benchmarks/RESULTS.md and RESULTS-neo4j.md by hand.

    python benchmarks/bench_neo4j_push.py [--enterprises 100000 --supplies 500000 --runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import neo4j

from chainkg.graph.engines.neo4j import Neo4jSettings, Neo4jStore, edge_merge_statement, edge_rows, node_merge_statement, node_rows
from chainkg.graph.model import KnowledgeGraph
from summary import record
from synthetic import synthetic_graph

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "neo4j-test-server"

def one_record(statement: str) -> str:
    """The batched statement for a single record: ``UNWIND $rows AS row`` becomes plain ``$`` parameters."""
    return statement.replace("UNWIND $rows AS row ", "").replace("row.", "$")


def wipe(store: Neo4jStore) -> None:
    while store.write("MATCH (n) WITH n LIMIT 20000 DETACH DELETE n RETURN count(*)")[1][0][0]:
        pass


def batched(store: Neo4jStore, kg: KnowledgeGraph, batch_size: int) -> float:
    wipe(store)
    started = time.perf_counter()
    counts = store.push(kg, batch_size=batch_size)
    seconds = time.perf_counter() - started
    assert counts == kg.counts(), counts
    return seconds


def per_record(store: Neo4jStore, driver: neo4j.Driver, kg: KnowledgeGraph, sample: int) -> tuple[float, float]:
    """Seconds per node and per edge, one auto-commit MERGE call each."""
    wipe(store)
    nodes = node_rows(kg.schema, kg)["Enterprise"]
    node_one = one_record(node_merge_statement("Enterprise"))
    edge_one = one_record(edge_merge_statement(kg.schema, "SUPPLIES", "Enterprise", "Enterprise"))
    with driver.session() as session:
        started = time.perf_counter()
        for row in nodes[:sample]:
            session.run(node_one, row).consume()
        node_seconds = (time.perf_counter() - started) / sample
        store.write(node_merge_statement("Enterprise"), {"rows": nodes[sample:]})  # untimed: endpoints for the edges
        edges = edge_rows(kg.schema, kg)[("SUPPLIES", "Enterprise", "Enterprise")][:sample]
        started = time.perf_counter()
        for row in edges:
            session.run(edge_one, row).consume()
        edge_seconds = (time.perf_counter() - started) / sample
    return node_seconds, edge_seconds


def server(home: Path) -> tuple[Neo4jSettings, float | None]:
    if os.environ.get("NEO4J_URI"):
        return Neo4jSettings.resolve(), None
    done = subprocess.run([sys.executable, str(SCRIPT), "start", "--dir", str(home)], check=True,
                          capture_output=True, text=True)
    env = dict(line.split("=", 1) for line in done.stdout.splitlines())
    return Neo4jSettings(env["NEO4J_URI"], env["NEO4J_USERNAME"], env["NEO4J_PASSWORD"]), float(env["NEO4J_START_SECONDS"])


def report(kg: KnowledgeGraph, batch: list[float], single: list[tuple[float, float]], args: argparse.Namespace) -> None:
    nodes, edges = sum(kg.counts()["labels"].values()), sum(kg.counts()["types"].values())
    rows = nodes + edges
    fast = statistics.median(batch)
    node_s, edge_s = statistics.median(s[0] for s in single), statistics.median(s[1] for s in single)
    slow = nodes * node_s + edges * edge_s
    print(f"graph: {nodes} nodes + {edges} edges = {rows} rows; batch size {args.batch_size}; runs {args.runs}")
    print(f"batched UNWIND MERGE: median {fast:.1f} s = {rows / fast:,.0f} rows/s (runs: {', '.join(f'{t:.1f}' for t in batch)})")
    print(f"per record (sample {args.sample} nodes + {args.sample} SUPPLIES, extrapolated): "
          f"{1 / node_s:,.0f} nodes/s, {1 / edge_s:,.0f} edges/s, whole graph ~{slow:.0f} s = {rows / slow:,.0f} rows/s")
    print(f"speed-up: {slow / fast:.1f}x")
    record(f"Neo4j push, batched ({rows:,} rows)", round(rows / fast), "rows/s", 20_000, "higher")
    record("Neo4j push, batched vs one MERGE per record", round(slow / fast, 1), "x", 20, "higher")


def main() -> None:
    parser = argparse.ArgumentParser(description="Neo4j push: batched UNWIND MERGE vs one MERGE per record")
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--supplies", type=int, default=500_000)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--sample", type=int, default=2000, help="records per kind for the per-record pattern")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    started = time.perf_counter()
    kg = synthetic_graph(enterprises=args.enterprises, supplies=args.supplies)
    print(f"generated the synthetic graph in {time.perf_counter() - started:.1f} s", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("NEO4J_TEST_HEAP", "2g")
        os.environ.setdefault("NEO4J_TEST_PAGECACHE", "1g")
        settings, start_seconds = server(Path(tmp))
        try:
            if start_seconds is not None:
                print(f"server started in {start_seconds:.1f} s (Bolt answering)", flush=True)
            with Neo4jStore(settings) as store, neo4j.GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password)) as driver:
                store.ensure_schema()
                single = [per_record(store, driver, kg, args.sample) for _ in range(args.runs)]
                batch = [batched(store, kg, args.batch_size) for _ in range(args.runs)]
                wipe(store)
            report(kg, batch, single, args)
        finally:
            if start_seconds is not None:
                subprocess.run([sys.executable, str(SCRIPT), "stop", "--dir", tmp], capture_output=True)


if __name__ == "__main__":
    main()
