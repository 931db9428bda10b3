"""Benchmark: time to interactive of overview pages in headless Chromium, 500 / 2,000 / 5,000 nodes.

For each size a synthetic graph (chains, products, enterprises; ~2.5 links per
node) is drawn as an overview. Reported, as medians of ``--runs`` runs:

* python: the index (one pass over the graph), the scene (selection and layout), the page
  (pyvis, template, atomic write),
* browser: navigation start until the view has drawn (physics off) or settled
  (physics on), read from the page's own ``window.chainkgReady``; ``br cpu`` is the page's
  main-thread busy time until then (CDP ``TaskDuration``), which a busy machine disturbs less,
* frame: one full redraw after zooming (how heavy panning and zooming feel),
* total: python + browser, against the 3 s target at 2,000 nodes.

Needs Debian's chromium and playwright (the test extra). ``--physics-max N``
overrides the size up to which views use vis-network physics (to find where it
stops being worth it).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT / "tests")]

from browser import launch
from summary import record
from synthetic import synthetic_graph

from chainkg.graph.views import (
    GraphIndex,
    scenes,
)
from chainkg.graph.views.page import write_page

TARGET_MS = 3000
FRAME_JS = """() => { const n = window.chainkgView.network; const t = performance.now();
  n.moveTo({scale: n.getScale() * 1.25, animation: false}); n.renderer._redraw(); return performance.now() - t; }"""


def graph_of(nodes: int):
    """A synthetic graph of about ``nodes`` nodes and 2.5 links per node."""
    chains = max(2, nodes // 250)
    products = nodes // 10
    enterprises = nodes - products - chains
    return synthetic_graph(enterprises=enterprises, supplies=enterprises // 2, products=products, chains=chains)


def python_side(kg, path: Path) -> tuple[float, float, float]:
    """Seconds for the index, for the scene (selection and layout) and for the page (pyvis, template, write)."""
    started = time.perf_counter()
    index = GraphIndex(kg)
    indexed = time.perf_counter()
    scene = scenes.overview_scene(index, max_nodes=max(len(kg), scenes.MAX_NODES))
    laid = time.perf_counter()
    write_page(scene, path)
    return indexed - started, laid - indexed, time.perf_counter() - laid


def browser_side(browser, path: Path) -> tuple[float, float, float, int]:
    """Wall ms to ready, main-thread busy ms to ready (CDP TaskDuration), frame ms, nodes drawn."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    outside: list[str] = []
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(("file:", "data:"))
            else (outside.append(route.request.url), route.abort())
        ),
    )
    page.goto(path.resolve().as_uri())
    page.wait_for_selector("body[data-ready='1']", state="attached", timeout=300_000)
    busy = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}["TaskDuration"] * 1000
    ready = page.evaluate("window.chainkgReady")
    frame = page.evaluate(FRAME_JS)
    drawn = page.evaluate("Object.keys(window.chainkgView.network.body.nodes).length")
    if outside:
        raise SystemExit(f"page made requests: {outside}")
    context.close()
    return ready, busy, frame, drawn


def python_cpu(kg, path: Path) -> tuple[float, float, float]:
    """Like :func:`python_side`, in CPU seconds of this process (less disturbed by a busy machine)."""
    started = time.process_time()
    index = GraphIndex(kg)
    indexed = time.process_time()
    scene = scenes.overview_scene(index, max_nodes=max(len(kg), scenes.MAX_NODES))
    laid = time.process_time()
    write_page(scene, path)
    return indexed - started, laid - indexed, time.process_time() - laid


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--physics-max", type=int, default=None, help="override PHYSICS_MAX_NODES")
    args = parser.parse_args()
    if args.physics_max is not None:
        scenes.PHYSICS_MAX_NODES = args.physics_max
    print(
        f"machine load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; wall = elapsed, cpu = busy time of this process / the page's main thread"
    )
    print(
        f"{'nodes':>6} {'edges':>6} {'physics':>7} | {'scene':>6} {'page':>6} {'py cpu':>6} | {'browser':>8} {'br cpu':>7} {'frame':>6} | {'total':>6} {'cpu':>6}  (ms; total vs {TARGET_MS} ms)"
    )
    with launch() as browser, tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            kg = graph_of(size)
            path = Path(tmp) / f"overview-{size}.html"
            py = [python_side(kg, path) for _ in range(args.runs)]
            cpu = [python_cpu(kg, path) for _ in range(args.runs)]
            web = [browser_side(browser, path) for _ in range(args.runs)]
            index_ms, scene_ms, page_ms = (statistics.median(run[i] for run in py) * 1000 for i in range(3))
            py_cpu = statistics.median(sum(run) for run in cpu) * 1000
            browser_ms, busy_ms, frame_ms = (statistics.median(run[i] for run in web) for i in range(3))
            total, total_cpu = index_ms + scene_ms + page_ms + browser_ms, py_cpu + busy_ms
            verdict = "ok" if total < TARGET_MS else "over"
            record(
                f"view: overview of {len(kg):,} nodes, time to interactive",
                round(total / 1000, 2),
                "s",
                TARGET_MS / 1000 if size == 2000 else None,
                note=f"Python {index_ms + scene_ms + page_ms:.0f} ms + browser {browser_ms:.0f} ms",
            )
            print(
                f"{len(kg):>6} {kg.number_of_edges():>6} {len(kg) <= scenes.PHYSICS_MAX_NODES!s:>7} | {scene_ms:>6.0f} {page_ms:>6.0f} {py_cpu:>6.0f} | "
                f"{browser_ms:>8.0f} {busy_ms:>7.0f} {frame_ms:>6.0f} | {total:>6.0f} {total_cpu:>6.0f}  {verdict} (drawn {web[0][3]})"
            )


if __name__ == "__main__":
    main()
