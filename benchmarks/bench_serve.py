"""The explorer on the 100k reference graph: server start, API latency under 20 concurrent
clients on loopback, and the time until a page is interactive in headless Chromium.

    chainkg synth --enterprises 100000 --out S && chainkg build S --out B
    python benchmarks/bench_serve.py B [--requests 600]

A bounded load test: a fixed number of requests, to 127.0.0.1 only, then it stops.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from serving import running_server

CLIENTS = 20


def fetch(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
        assert response.status == 200
    return time.perf_counter() - started


def targets(base: str, folder: Path, rng: random.Random) -> dict[str, list[str]]:
    """Search texts, nodes to expand and chains, drawn from the graph."""
    from chainkg.graph.engines.embedded import EmbeddedStore

    with EmbeddedStore(folder / "db") as store:
        firms = [r[0] for r in store.query("MATCH (e:Enterprise) RETURN e.id, e.name")[1]]
        chains = [r[0] for r in store.query("MATCH (c:Chain) RETURN c.name")[1]]
        regions = sorted(r[0] for r in store.query("MATCH (r:Region) RETURN r.name")[1])
    picked = rng.sample(firms, 200)
    q = urllib.parse.quote
    return {
        "search": [f"{base}api/search?q={q(f.split(':', 1)[1][2:4])}" for f in picked],
        "expand": [f"{base}api/expand?id={q(f)}&type=SUPPLIES&dir=out" for f in picked],
        "chain": [f"{base}api/chain?name={q(c)}" for c in chains],
        "chain_region": [
            f"{base}api/chain?name={q(c)}&region={q(r)}" for c, r in zip(chains, rng.sample(regions, len(chains)))
        ],
    }


def load(urls: list[str], requests: int) -> list[float]:
    """``requests`` calls spread over 20 concurrent clients."""
    order = [urls[i % len(urls)] for i in range(requests)]
    with ThreadPoolExecutor(CLIENTS) as pool:
        return list(pool.map(fetch, order))


def bursts(urls: list[str]) -> list[float]:
    """Each url (a page not made yet) asked by 20 clients at once, one url after another."""
    with ThreadPoolExecutor(CLIENTS) as pool:
        return [t for url in urls for t in pool.map(fetch, [url] * CLIENTS)]


def interactive(base: str, paths: list[str]) -> dict[str, float]:
    """Navigation start until the page says it is ready (body[data-ready=1]), per page, in Chromium."""
    from browser import launch

    found = {}
    with launch() as browser:
        page = browser.new_page()
        for path in paths:
            started = time.perf_counter()
            page.goto(base + path.lstrip("/"))
            page.wait_for_selector("body[data-ready='1']", state="attached", timeout=60_000)
            found[path] = time.perf_counter() - started
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--requests", type=int, default=600, help="calls per API kind")
    args = parser.parse_args()
    rng = random.Random(7)
    report: dict[str, object] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}",
        "date": time.strftime("%Y-%m-%d"),
    }
    starts = []
    for _ in range(3):
        with running_server(args.folder) as (_, seconds):
            starts.append(seconds)
    report["start_s"] = round(statistics.median(starts), 2)
    with running_server(args.folder) as (base, _):
        urls = targets(base, args.folder, rng)
        time.sleep(10)  # the name index and the chain pages are made in threads at start (4 s at 100k)
        report["chain_region_first_ms"] = [
            round(1000 * fetch(u), 1) for u in urls["chain_region"][:3]
        ]  # alone, not kept yet
        for kind, kind_urls in urls.items():
            if (
                kind == "chain_region"
            ):  # pages with a region are made on demand: 20 clients ask for each new one at once
                times = sorted(bursts(kind_urls[3:]))
            else:
                times = sorted(load(kind_urls, args.requests))
            report[kind] = {
                "p50_ms": round(1000 * times[len(times) // 2], 1),
                "p99_ms": round(1000 * times[int(len(times) * 0.99)], 1),
                "requests": len(times),
            }
        chain = urllib.parse.quote(json.loads(urllib.request.urlopen(base + "api/chains").read())["chains"][0]["name"])
        firm = urls["expand"][0].split("id=")[1].split("&")[0]
        report["interactive_s"] = {
            k: round(v, 2)
            for k, v in interactive(base, ["/", f"/chain?name={chain}", f"/node?id={firm}", "/query"]).items()
        }
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
