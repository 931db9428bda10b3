"""Benchmark: time to interactive of overview pages in headless Chromium, 500 / 2,000 / 5,000 nodes.

For each size a synthetic graph (chains, products, enterprises; ~2.5 links per
node) is drawn as an overview. Reported, as medians of ``--runs`` runs:

* python: the index (one pass over the graph), the scene (selection and layout), the page
  (pyvis, template, atomic write),
* browser: navigation start until the view has drawn (physics off) or settled
  (physics on), read from the page's own ``window.chainkgReady``,
* frame: one full redraw after zooming (how heavy panning and zooming feel),
* total: python + browser, against the 3 s target at 2,000 nodes.

Needs Debian's chromium and playwright (the test extra). ``--physics-max N``
overrides the size up to which views use vis-network physics (to find where it
stops being worth it).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT / "tests")]

from browser import launch, open_page  # noqa: E402
from synthetic import synthetic_graph  # noqa: E402

from chainkg.graph.views import GraphIndex  # noqa: E402
from chainkg.graph.views import scenes  # noqa: E402
from chainkg.graph.views.page import write_page  # noqa: E402

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


def browser_side(browser, path: Path) -> tuple[float, float, int]:
    watched = open_page(browser, path, timeout_ms=300_000)
    ready = watched.page.evaluate("window.chainkgReady")
    frame = watched.page.evaluate(FRAME_JS)
    drawn = watched.page.evaluate("Object.keys(window.chainkgView.network.body.nodes).length")
    if watched.errors or watched.outside:
        raise SystemExit(f"page misbehaved: {watched.errors} {watched.outside}")
    watched.page.context.close()
    return ready, frame, drawn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--physics-max", type=int, default=None, help="override PHYSICS_MAX_NODES")
    args = parser.parse_args()
    if args.physics_max is not None:
        scenes.PHYSICS_MAX_NODES = args.physics_max
    print(f"{'nodes':>6} {'edges':>6} {'physics':>7} {'index':>6} {'scene':>6} {'page':>6} {'browser':>8} {'frame':>6} {'total':>6}  (ms; total vs {TARGET_MS} ms)")
    with launch() as browser, tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            kg = graph_of(size)
            path = Path(tmp) / f"overview-{size}.html"
            py = [python_side(kg, path) for _ in range(args.runs)]
            web = [browser_side(browser, path) for _ in range(args.runs)]
            index_ms, scene_ms, page_ms = (statistics.median(run[i] for run in py) * 1000 for i in range(3))
            browser_ms = statistics.median(r for r, _, _ in web)
            frame_ms = statistics.median(f for _, f, _ in web)
            total = index_ms + scene_ms + page_ms + browser_ms
            verdict = "ok" if total < TARGET_MS else "over"
            print(f"{len(kg):>6} {kg.number_of_edges():>6} {str(len(kg) <= scenes.PHYSICS_MAX_NODES):>7} {index_ms:>6.0f} {scene_ms:>6.0f} "
                  f"{page_ms:>6.0f} {browser_ms:>8.0f} {frame_ms:>6.0f} {total:>6.0f}  {verdict} (drawn {web[0][2]})")

if __name__ == "__main__":
    main()
