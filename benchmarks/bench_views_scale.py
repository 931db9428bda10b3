"""Benchmark: views at the size of real data (ego from the database, gaps), see RESULTS.md.

* **ego**: ``chainkg view DIR --kind ego --node NAME`` as a whole command on a built reference
  folder (``chainkg synth -n 100000`` then ``chainkg build``; ``--built DIR`` reuses one), once
  reading the build's database (as it does now) and once reading graph.json (as it did before:
  the same command on a folder that holds only graph.json), alternating, ``--runs`` each. The node
  is the first enterprise by id with five neighbours (a 6-node neighbourhood) unless ``--node``
  names one. Medians of wall time and of the command's CPU time (user + system), side by side,
  and whether the two pages are the same bytes.
* **gaps**: the gaps view (scene, then page) in process on a catalogue-shaped graph at the public
  dataset's size: 4,654 enterprises, 511 chains, 95,559 products of which 52,937 narrower ones
  (PART_OF a product, 产品小类) and the rest PART_OF a chain, 53,785 MAKES, 56,826 UPSTREAM_OF
  between products. ``--real DIR``: also ``chainkg view DIR --kind gaps`` on a build of the public
  dataset (whole command, graph.json read included).

    python benchmarks/bench_views_scale.py                       # synth + build into a temp folder, 5 runs
    python benchmarks/bench_views_scale.py --built /tmp/ref/build --real /tmp/real/build
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from summary import record

from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.views import make_scene
from chainkg.graph.views.page import render_page

CHAINKG = [str(Path(sys.executable).with_name("chainkg"))]
EGO_TARGET_SECONDS = 2.0


def run(args: list[str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def reference_build(tmp: Path, enterprises: int, seed: int) -> Path:
    data, built = tmp / "synth", tmp / "build"
    subprocess.run(
        [*CHAINKG, "synth", "-n", str(enterprises), "--seed", str(seed), "-o", str(data)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run([*CHAINKG, "build", str(data), "-o", str(built)], check=True, stdout=subprocess.DEVNULL)
    return built


def six_node_enterprise(built: Path) -> str:
    from chainkg.graph.engines.embedded import EmbeddedStore

    with EmbeddedStore(built / "db") as store:
        rows = store.query(
            "MATCH (n:Enterprise)-[]-(m) WITH n, count(DISTINCT m) AS k WHERE k = 5 RETURN n.id ORDER BY n.id LIMIT 1"
        )[1]
    return rows[0][0]


def bench_ego(built: Path, node: str, depth: int, runs: int, tmp: Path) -> None:
    only_json = tmp / "only-graph-json"  # what the command read before: all of graph.json
    only_json.mkdir(exist_ok=True)
    if not (only_json / "graph.json").exists():
        (only_json / "graph.json").symlink_to(built / "graph.json")
    times: dict[str, list[tuple[float, float]]] = {"graph.json": [], "database": []}
    for _ in range(runs):
        for way, folder in (("graph.json", only_json), ("database", built)):
            out = tmp / f"ego-{way}.html"
            times[way].append(
                run(
                    [
                        *CHAINKG,
                        "view",
                        str(folder),
                        "--kind",
                        "ego",
                        "--node",
                        node,
                        "--depth",
                        str(depth),
                        "-o",
                        str(out),
                    ]
                )
            )
    same = (tmp / "ego-graph.json.html").read_bytes() == (tmp / "ego-database.html").read_bytes()
    load = os.getloadavg()[0]
    print(
        f"ego view of {node}, depth {depth}, whole command, medians of {runs} (load {load:.1f} on {os.cpu_count()} cores):"
    )
    print(f"{'read from':<12} {'wall s':>8} {'cpu s':>8}   runs (wall)")
    medians = {}
    for way, found in times.items():
        wall, cpu = statistics.median(w for w, _ in found), statistics.median(c for _, c in found)
        medians[way] = wall
        print(f"{way:<12} {wall:8.2f} {cpu:8.2f}   {', '.join(f'{w:.2f}' for w, _ in found)}")
    print(f"pages the same bytes: {same}; {medians['graph.json'] / medians['database']:.1f}x faster from the database")
    record(
        "view: ego of a 6-node neighbourhood, synth 100k, whole command",
        round(medians["database"], 2),
        "s",
        EGO_TARGET_SECONDS,
        note=f"from graph.json {medians['graph.json']:.1f} s; median of {runs}; load {load:.1f}",
    )


def catalogue_graph(seed: int = 7) -> KnowledgeGraph:
    """A graph of the public dataset's shape and size, with chains (see the module's docstring)."""
    rng = random.Random(seed)
    kg = KnowledgeGraph()
    firms = [kg.add_node("Enterprise", f"公司{i:05d}") for i in range(4_654)]
    chains = [kg.add_node("Chain", f"链{i:03d}") for i in range(511)]
    broad = [kg.add_node("Product", f"品{i:05d}") for i in range(95_559 - 52_937)]
    for i, product in enumerate(broad):
        kg.add_edge("PART_OF", product, chains[i % len(chains)])
    narrow = []
    for i in range(52_937):
        product = kg.add_node("Product", f"品{i % len(broad):05d}-{i // len(broad)}")
        kg.add_edge("PART_OF", product, broad[i % len(broad)])
        narrow.append(product)
    products = broad + narrow
    for product in rng.sample(products, 53_785 // 2):  # about two makers each for a quarter of the products
        for firm in rng.sample(firms, 2):
            kg.add_edge("MAKES", firm, product)
    for _ in range(56_826):
        a, b = rng.sample(products, 2)
        kg.add_edge("UPSTREAM_OF", a, b)
    return kg


def bench_gaps(runs: int) -> None:
    started = time.perf_counter()
    kg = catalogue_graph()
    print(
        f"catalogue graph: {len(kg):,} nodes, {kg.number_of_edges():,} edges in {time.perf_counter() - started:.1f} s"
    )
    scenes, pages, size = [], [], 0
    for _ in range(runs):
        started = time.process_time()
        scene = make_scene(kg, "gaps")
        laid = time.process_time()
        size = len(render_page(scene).encode("utf-8"))
        scenes.append(laid - started)
        pages.append(time.process_time() - laid)
    scene_s, page_s = statistics.median(scenes), statistics.median(pages)
    print(
        f"gaps view: {scene.graph_node_count():,} nodes drawn, page {size / 2**20:.1f} MiB; CPU medians of {runs}: "
        f"scene {scene_s:.2f} s, page {page_s:.2f} s (index included in the scene)"
    )
    for note in scene.notes:
        print(f"  note: {note}")
    record(
        "view: gaps at the public dataset's size (96k products), scene + page CPU",
        round(scene_s + page_s, 2),
        "s",
        note=f"scene {scene_s:.2f} s, page {page_s:.2f} s, {size / 2**20:.1f} MiB; median of {runs}",
    )


def bench_real_gaps(real: Path, runs: int, tmp: Path) -> None:
    found = [
        run([*CHAINKG, "view", str(real), "--kind", "gaps", "-o", str(tmp / "gaps-real.html")]) for _ in range(runs)
    ]
    wall, cpu = statistics.median(w for w, _ in found), statistics.median(c for _, c in found)
    size = (tmp / "gaps-real.html").stat().st_size
    print(
        f"chainkg view {real} --kind gaps, whole command: median {wall:.2f} s wall, {cpu:.2f} s CPU, page {size / 2**20:.1f} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--built", type=Path, help="a chainkg build output folder of the reference data (else one is made)"
    )
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--node", help="the ego view's node (default: the first enterprise by id with 5 neighbours)")
    parser.add_argument("--depth", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--real", type=Path, help="a build of the public chain dataset, for its gaps view")
    parser.add_argument("--skip", choices=["ego", "gaps"], action="append", default=[])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        if "ego" not in args.skip:
            built = args.built or reference_build(tmp, args.enterprises, args.seed)
            bench_ego(built, args.node or six_node_enterprise(built), args.depth, args.runs, tmp)
        if "gaps" not in args.skip:
            bench_gaps(max(1, args.runs // 2))
            if args.real:
                bench_real_gaps(args.real, max(1, args.runs // 2), tmp)


if __name__ == "__main__":
    main()
