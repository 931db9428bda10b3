"""Benchmark: ``chainkg build`` against the floor of its database load, run alternately.

The floor is what LadybugDB itself needs to hold the graph: a fresh process that creates the
schema's tables (:func:`~chainkg.graph.engines.embedded.ladybug_ddl`) and ``COPY``s into them the
very tables a build loads (:func:`~chainkg.graph.engines.embedded_tables.load_tables`, written
beforehand as Arrow IPC files and memory-mapped), then checkpoints. It reads no input, validates
nothing and writes neither ``graph.json`` nor the Arrow tables of the folder: all the work a build
adds on top of the engine. Both run as whole processes, one after the other, ``--pairs`` times;
the medians and the median of the per-pair ratios are printed (the drift of a shared machine
cancels out of a ratio).

    python benchmarks/bench_build_floor.py --data /tmp/synth100k --pairs 5
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from processes import measured
from summary import record

ROOT = Path(__file__).resolve().parent.parent
BUILD = "from chainkg.cli import main; main()"

# The floor's process: tables, DDL and COPY only (the same database settings as a build's load).
FLOOR = """
import json, sys
from pathlib import Path
import ladybug
import pyarrow as pa
folder, out = Path(sys.argv[1]), Path(sys.argv[2])
manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
out.mkdir(parents=True)
db = ladybug.Database(str(out / "graph.lbdb"), read_only=False, auto_checkpoint=False, enable_checksums=False)
conn = ladybug.Connection(db)
conn.execute("BEGIN TRANSACTION")
for statement in manifest["ddl"]:
    conn.execute(statement)
conn.execute("COMMIT")
for name, options, file in manifest["tables"]:
    with pa.memory_map(str(folder / file)) as source:
        arrow_table = pa.ipc.open_file(source).read_all()
    conn.execute(f"COPY {name} FROM arrow_table{options}")
    del arrow_table
conn.execute("CHECKPOINT")
"""


def prepare(built: Path, into: Path) -> int:
    """Write the load tables of the built folder ``built`` as Arrow IPC files into ``into``, with
    a manifest of the DDL and the COPY order; return the number of rows."""
    import pyarrow as pa

    from chainkg.graph.engines.embedded import ladybug_ddl
    from chainkg.graph.engines.embedded_tables import load_tables
    from chainkg.graph.io.columnar import read_built

    kg = read_built(built)
    into.mkdir(parents=True, exist_ok=True)
    entries, rows = [], 0
    for index, (name, options, table) in enumerate(load_tables(kg)):
        file = f"{index:03d}-{name}.arrow"
        with pa.OSFile(str(into / file), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
        entries.append((name, options, file))
        rows += table.num_rows
    manifest = {"ddl": ladybug_ddl(kg.schema), "tables": entries}
    (into / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return rows


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one process."""
    wall, cpu, _ = measured(command, cwd=cwd)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="input folder (e.g. chainkg synth -n 100000)")
    parser.add_argument("--pairs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="chainkg-floor-") as tmp:
        work = Path(tmp)
        subprocess.run(
            [sys.executable, "-c", BUILD, "build", str(args.data), "--out", str(work / "built")],
            check=True,
            capture_output=True,
        )
        rows = prepare(work / "built", work / "tables")
        builds, floors, ratios = [], [], []
        for _ in range(args.pairs):
            shutil.rmtree(work / "out", ignore_errors=True)
            shutil.rmtree(work / "floor", ignore_errors=True)
            build = timed([sys.executable, "-c", BUILD, "build", str(args.data), "--out", str(work / "out")], work)
            floor = timed([sys.executable, "-c", FLOOR, str(work / "tables"), str(work / "floor")], work)
            builds.append(build)
            floors.append(floor)
            ratios.append(build[0] / floor[0])
            print(
                f"build {build[0]:.2f} s ({build[1]:.2f} s CPU)  floor {floor[0]:.2f} s ({floor[1]:.2f} s CPU)"
                f"  ratio {ratios[-1]:.2f}",
                flush=True,
            )
    build_wall = statistics.median(wall for wall, _ in builds)
    floor_wall = statistics.median(wall for wall, _ in floors)
    build_cpu = statistics.median(cpu for _, cpu in builds)
    floor_cpu = statistics.median(cpu for _, cpu in floors)
    ratio = statistics.median(ratios)
    print(
        f"\n{rows:,} rows loaded; medians of {args.pairs} pairs: build {build_wall:.2f} s ({build_cpu:.2f} s CPU),"
        f" floor {floor_wall:.2f} s ({floor_cpu:.2f} s CPU); build / floor {ratio:.2f} (wall),"
        f" {build_cpu / floor_cpu:.2f} (CPU)"
    )
    record(
        "build / LadybugDB COPY floor",
        ratio,
        "x",
        target=1.5,
        note=f"{rows:,} rows; build {build_wall:.2f} s, floor {floor_wall:.2f} s (medians of {args.pairs} pairs)",
    )


if __name__ == "__main__":
    main()
