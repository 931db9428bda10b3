"""Benchmark: loading the reference graph into a real Neo4j, four ways, in one run.

The reference graph is ``chainkg synth --enterprises 100000`` built with ``chainkg build``
(~102k nodes, ~886k edges). Each round, in turn, on the same server and data:

* **push**: ``chainkg push B`` into an emptied database, as a new one is (no nodes, no chainkg
  constraints or indexes, as neo4j-admin's database has none): rows streamed from ``B/columns``,
  ``CREATE`` in ``--workers`` parallel transactions, then the constraints and indexes built;
* **previous push**: what ``chainkg push`` did before (the graph read back with
  ``read_built``, a dict per row, ``UNWIND $rows ... MERGE`` one batch after another), into an
  emptied database: the "today" of the issue, measured again here;
* **neo4j-admin**: ``neo4j-admin database import full`` of B's CSV export (written once,
  before the rounds), into a new database of a throw-away home: the engine's own floor;
* **bulk**: ``chainkg push B --bulk`` (writes the CSV export, then runs that importer).

Every way runs as its own process: its wall time, and (for the two pushes) the client's CPU
time and peak RSS, come from ``wait4``. Prints medians and ratios; ``record`` sends the
headline figures to ``$CHAINKG_BENCH_LOG``; ``benchmarks/RESULTS-neo4j.md`` holds a run.

Uses NEO4J_URI/NEO4J_USERNAME/NEO4J_PASSWORD when set (the database is wiped!), else starts
a server with scripts/neo4j-test-server (heap 2 GiB, page cache 1 GiB) and stops it at the end.

    python benchmarks/bench_neo4j_push.py [--folder B] [--enterprises 100000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from processes import measured
from summary import record

from chainkg.graph.engines.neo4j import Neo4jSettings, Neo4jStore

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "neo4j-test-server"
CHAINKG = [str(Path(sys.executable).parent / "chainkg")]


def previous_push(folder: str, batch_size: int = 5000) -> None:
    """The push before the loader: the graph read back whole, a dict per row, MERGE one batch at a time."""
    from chainkg.graph.engines.neo4j import edge_merge_statement, edge_rows, node_merge_statement, node_rows
    from chainkg.graph.io.columnar import read_built

    kg = read_built(Path(folder))
    with Neo4jStore(Neo4jSettings.resolve()) as store:
        store.ensure_schema()
        for label, rows in node_rows(store.schema, kg).items():
            for start in range(0, len(rows), batch_size):
                store.write(node_merge_statement(label, store.schema), {"rows": rows[start : start + batch_size]})
        for (rel, source, target), rows in edge_rows(store.schema, kg).items():
            for start in range(0, len(rows), batch_size):
                store.write(
                    edge_merge_statement(store.schema, rel, source, target), {"rows": rows[start : start + batch_size]}
                )
        assert store.counts() == kg.counts()


def wipe(settings: Neo4jSettings) -> None:
    """Empty the database as a new one is: no nodes, and none of chainkg's constraints or indexes."""
    with Neo4jStore(settings) as store:
        while store.write("MATCH (n) WITH n LIMIT 20000 DETACH DELETE n RETURN count(*)")[1][0][0]:
            pass
        for (name,) in store.query("SHOW CONSTRAINTS YIELD name WHERE name STARTS WITH 'chainkg_' RETURN name")[1]:
            store.write(f"DROP CONSTRAINT {name}")
        for (name,) in store.query(
            "SHOW INDEXES YIELD name, owningConstraint "
            "WHERE name STARTS WITH 'chainkg_' AND owningConstraint IS NULL RETURN name"
        )[1]:
            store.write(f"DROP INDEX {name}")


def admin_wrapper(home: Path, lib: Path) -> Path:
    """An executable ``neo4j-admin`` for the Maven-resolved jars, on a throw-away home."""
    (home / "conf").mkdir(parents=True, exist_ok=True)
    (home / "conf" / "neo4j.conf").write_text(
        f"server.directories.data={home / 'data'}\nserver.directories.logs={home / 'logs'}\n"
    )
    script = home / "neo4j-admin"
    script.write_text(
        f'#!/bin/sh\nNEO4J_HOME="{home}" NEO4J_CONF="{home / "conf"}" exec java -cp "{lib}/*" org.neo4j.cli.AdminTool "$@"\n'
    )
    script.chmod(0o755)
    return script


def server(home: Path) -> tuple[Neo4jSettings, bool]:
    if os.environ.get("NEO4J_URI"):
        return Neo4jSettings.resolve(), False
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "start", "--dir", str(home)], check=True, capture_output=True, text=True
    )
    env = dict(line.split("=", 1) for line in done.stdout.splitlines())
    return Neo4jSettings(env["NEO4J_URI"], env["NEO4J_USERNAME"], env["NEO4J_PASSWORD"]), True


def reference(args: argparse.Namespace, tmp: Path) -> Path:
    if args.folder:
        return Path(args.folder)
    subprocess.run(
        [*CHAINKG, "synth", "--enterprises", str(args.enterprises), "--out", str(tmp / "S")],
        check=True,
        capture_output=True,
    )
    subprocess.run([*CHAINKG, "build", str(tmp / "S"), "--out", str(tmp / "B")], check=True, capture_output=True)
    return tmp / "B"


def rounds(
    args: argparse.Namespace, folder: Path, settings: Neo4jSettings, tmp: Path
) -> dict[str, list[tuple[float, float, float]]]:
    lib = Path(
        subprocess.run(
            [sys.executable, str(SCRIPT), "fetch"], check=True, capture_output=True, text=True
        ).stdout.split()[-1]
    )
    admin = admin_wrapper(tmp / "admin-home", lib)
    env = {
        **os.environ,
        "NEO4J_URI": settings.uri,
        "NEO4J_USERNAME": settings.user,
        "NEO4J_PASSWORD": settings.password,
    }
    subprocess.run(
        [*CHAINKG, "export", str(folder), "--format", "csv", "--out", str(tmp / "csv")], check=True, capture_output=True
    )
    command = shlex.split(json.loads((tmp / "csv" / "import.json").read_text(encoding="utf-8"))["command"])
    importer = [str(admin), *command[1:-1], "--overwrite-destination=true", "floor"]
    times: dict[str, list[tuple[float, float, float]]] = {
        "push": [],
        "previous push": [],
        "neo4j-admin": [],
        "bulk": [],
    }
    for number in range(args.runs):
        wipe(settings)
        times["push"].append(measured([*CHAINKG, "push", str(folder), "--workers", str(args.workers)], env=env))
        wipe(settings)
        if not args.skip_previous:
            times["previous push"].append(measured([sys.executable, __file__, "--previous-push", str(folder)], env=env))
            wipe(settings)
        times["neo4j-admin"].append(measured(importer, cwd=tmp / "csv"))
        times["bulk"].append(
            measured(
                [
                    *CHAINKG,
                    "push",
                    str(folder),
                    "--bulk",
                    "--database",
                    "bulk",
                    "--replace",
                    "--neo4j-admin",
                    str(admin),
                ]
            )
        )
        print(
            f"round {number + 1}: " + ", ".join(f"{way} {got[-1][0]:.1f} s" for way, got in times.items() if got),
            flush=True,
        )
    return times


def report(times: dict[str, list[tuple[float, float, float]]], rows: int, workers: int) -> None:
    def median(way: str, part: int) -> float:
        return statistics.median(t[part] for t in times[way])

    push, floor, bulk = median("push", 0), median("neo4j-admin", 0), median("bulk", 0)
    print(f"graph: {rows:,} rows (nodes + edges); runs {len(times['push'])}; push --workers {workers}")
    for way, got in times.items():
        if got:
            print(
                f"{way:>14}: median {median(way, 0):.1f} s wall = {rows / median(way, 0):,.0f} rows/s; client CPU "
                f"{median(way, 1):.1f} s, peak RSS {median(way, 2):,.0f} MiB (walls: {', '.join(f'{t[0]:.1f}' for t in got)})"
            )
    print(f"push / neo4j-admin: {push / floor:.2f}x; bulk / neo4j-admin: {bulk / floor:.2f}x")
    record(
        f"Neo4j push ({rows:,} rows, reference graph, empty database)", round(rows / push), "rows/s", 20_000, "higher"
    )
    record("Neo4j push / neo4j-admin import, same run", round(push / floor, 2), "x", 2, "lower")
    if times["previous push"]:
        print(
            f"push / previous push: {push / median('previous push', 0):.2f}x wall, "
            f"{median('push', 1) / median('previous push', 1):.2f}x client CPU"
        )
        record(
            "Neo4j push client CPU / the previous push's",
            round(median("push", 1) / median("previous push", 1), 2),
            "x",
            0.5,
            "lower",
        )
    record("Neo4j push --bulk (CSV + neo4j-admin)", round(bulk, 1), "s")


def main() -> None:
    parser = argparse.ArgumentParser(description="Neo4j: push, the previous push, neo4j-admin import and push --bulk")
    parser.add_argument("--folder", help="a built folder (default: synth + build the reference graph)")
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-previous", action="store_true", help="leave out the previous push (~100 s a round)")
    parser.add_argument("--previous-push", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.previous_push:
        previous_push(args.previous_push)
        return
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        folder = reference(args, tmp)
        os.environ.setdefault("NEO4J_TEST_HEAP", "2g")
        os.environ.setdefault("NEO4J_TEST_PAGECACHE", "1g")
        settings, started = server(tmp / "server")
        try:
            times = rounds(args, folder, settings, tmp)
            wipe(settings)
        finally:
            if started:
                subprocess.run([sys.executable, str(SCRIPT), "stop", "--dir", str(tmp / "server")], capture_output=True)
        counts = json.loads((folder / "columns" / "manifest.json").read_text(encoding="utf-8"))["counts"]
        report(times, sum(counts["labels"].values()) + sum(counts["types"].values()), args.workers)


if __name__ == "__main__":
    main()
