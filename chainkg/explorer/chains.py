"""The chains: the home page's list with badges and one chain's page (stage bands, 空白 slots,
thin and single-source products, and the report's analysis).

Products of a chain are those ``PART_OF`` it, as in the report and the static chain view.
Without a region a product's sources count anywhere (the report's gaps); with one, the
``chain_gaps`` query decides (a source located in the region through parks and parent regions).
The report's analysis is read from ``DIR/report.json``, which the build writes.
"""

from __future__ import annotations

import json
import threading
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chainkg.errors import ChainKGError, QueryError
from chainkg.graph.analysis.depths import condensed_depths
from chainkg.graph.analysis.report import REPORT_JSON
from chainkg.graph.schema import STAGES
from chainkg.queries.runner import resolve_id, run_named

if TYPE_CHECKING:
    from chainkg.explorer.reads import Reads

__all__ = ["MAKERS_SHOWN", "Chains"]

MAKERS_SHOWN = 8
PAGES_KEPT = 256  # chain pages kept in memory, oldest dropped first
_PRODUCTS = "MATCH (c:Chain {id: $chain})<-[:PART_OF]-(p:Product) RETURN p.id, p.name, p.name_en, p.stage ORDER BY p.id"
_MAKERS = (
    "MATCH (c:Chain {id: $chain})<-[:PART_OF]-(p:Product)<-[:MAKES]-(e:Enterprise) "
    "RETURN p.id, e.id, e.name ORDER BY p.id, e.name, e.id"
)
_LINKS = (
    "MATCH (c:Chain {id: $chain})<-[:PART_OF]-(a:Product)-[:UPSTREAM_OF]->(b:Product)-[:PART_OF]->(c) "
    "RETURN DISTINCT a.id, b.id"
)
_BLOCKS = (
    "MATCH (c:Chain {id: $chain})<-[:PART_OF]-(p:Product)<-[:BOTTLENECK_OF]-(t:Technology) "
    "RETURN t.id, t.name, t.status, p.id ORDER BY t.id"
)
_CHAIN = "MATCH (c:Chain {id: $chain}) RETURN c.id, c.name, c.name_en"


class Chains:
    """Chain data from ``reads`` (the explorer's store) and the build's ``report.json`` in ``folder``."""

    def __init__(self, reads: Reads, folder: Path) -> None:
        self.reads = reads
        self.report = _read_report(Path(folder) / REPORT_JSON)
        self._overview: dict[str, dict[str, Any]] | None = None
        self._overview_lock = threading.Lock()
        self._pages: dict[tuple[str, str], dict[str, Any]] = {}
        self._region_cache: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}
        self._pages_lock = threading.Lock()
        self._making: dict[tuple[str, str], threading.Lock] = {}
        self.warmed = threading.Event()
        self._stopping = threading.Event()

    def warm(self) -> None:
        """Read the chain overview, then make every chain's page (without a region), in a thread:
        0.7 s and about 0.1 s a chain at 100k enterprises, so that no client waits for a first one."""
        threading.Thread(target=self._warm, name="explorer-chains", daemon=True).start()

    def _warm(self) -> None:
        try:
            for name in sorted(self.overview())[:PAGES_KEPT]:
                if self._stopping.is_set():
                    break
                self.page(name)
        except ChainKGError:
            pass  # the request that asks for it gets the error
        finally:
            self.warmed.set()

    def stop(self) -> None:
        """Stop making pages at start and wait for the one being made (before the store closes)."""
        self._stopping.set()
        self.warmed.wait()

    def overview(self) -> dict[str, dict[str, Any]]:
        """``chain_overview``'s row of each chain, by name (read once)."""
        with self._overview_lock:
            if self._overview is None:
                columns, rows = run_named(self.reads.store, self.reads.engine, "chain_overview", {})
                self._overview = {row[0]: dict(zip(columns, row)) for row in rows}
            return self._overview

    def home(self) -> list[dict[str, Any]]:
        """Every chain with its strength (enterprises, products), gaps, thin products and open bottlenecks."""
        found = []
        for name, row in sorted(self.overview().items()):
            entry = self.report.get(name, {})
            gaps = entry.get("gaps", [])
            found.append(
                {
                    "name": name,
                    "name_en": (entry.get("chain") or {}).get("name_en"),
                    "products": row.get("products"),
                    "enterprises": row.get("enterprises"),
                    "clusters": row.get("clusters"),
                    "gaps": sum(g["status"] == "gap" for g in gaps),
                    "thin": sum(g["status"] == "thin" for g in gaps),
                    "bottlenecks": sum(b["status"] != "breakthrough" for b in entry.get("bottlenecks", [])),
                    "breakthroughs": row.get("breakthroughs"),
                }
            )
        return found

    def page(self, name: str, region: str = "") -> dict[str, Any]:
        """One chain: products in stage bands with makers and status, bottlenecks, and the report's analysis
        (kept once made: the database is read-only; 20-200 ms a chain of the 100k graph alone, a
        second when 20 clients each made it at once, so one request makes it and the others wait)."""
        key = (name, region)
        found = self._pages.get(key)
        if found is not None:
            return found
        with self._pages_lock:
            flight = self._making.setdefault(key, threading.Lock())
        try:
            with flight:  # single flight: one request makes the page, those asking meanwhile wait for it
                found = self._pages.get(key)
                if found is None:
                    found = self._page(name, region)
                    with self._pages_lock:
                        if len(self._pages) >= PAGES_KEPT:
                            self._pages.pop(next(iter(self._pages)))
                        self._pages[key] = found
        finally:
            with self._pages_lock:
                self._making.pop(key, None)
        return found

    def _page(self, name: str, region: str) -> dict[str, Any]:
        chain = resolve_id(self.reads.store, "Chain", name)
        query = self.reads.query
        cid, cname, name_en = query(_CHAIN, {"chain": chain})[0]
        entry = self.report.get(cname, {})
        products = {
            pid: {
                "id": pid,
                "name": n,
                "name_en": en,
                "stage": s or "",
                "makers": [],
                "maker_count": 0,
                "status": "",
                "local_sources": None,
                "blocked_by": [],
            }
            for pid, n, en, s in query(_PRODUCTS, {"chain": cid})
        }
        for pid, eid, ename in query(_MAKERS, {"chain": cid}):
            product = products[pid]
            product["maker_count"] += 1
            if len(product["makers"]) < MAKERS_SHOWN:
                product["makers"].append({"id": eid, "name": ename})
        links = defaultdict(list)
        for a, b in query(_LINKS, {"chain": cid}):
            links[a].append(b)
        depth = condensed_depths(list(products), links)
        for tid, tname, status, pid in query(_BLOCKS, {"chain": cid}):
            products[pid]["blocked_by"].append({"id": tid, "name": tname, "status": status or "unsolved"})
        status = self._status(cid, cname, region, entry)
        for product in products.values():
            product.update(status.get(product["name"], {"status": "", "local_sources": None}))
            product["depth"] = depth.get(product["id"], 0)
        return {
            "chain": {"id": cid, "name": cname, "name_en": name_en},
            "region": region,
            "stages": _bands(list(products.values())),
            "analysis": _analysis(entry, region),
            "regions": sorted(row["region"] for row in entry.get("completeness", [])),
            "report": bool(self.report),
        }

    def _status(self, cid: str, cname: str, region: str, entry: dict[str, Any]) -> dict[str, dict[str, Any]]:
        """product name -> gap or thin with its number of sources, anywhere (report) or in ``region`` (chain_gaps)."""
        if not region:
            return {
                g["name"]: {"status": g["status"], "local_sources": len(set(g["makers"]) | set(g["suppliers"]))}
                for g in entry.get("gaps", [])
            }
        key = (cid, region)
        if key not in self._region_cache:
            columns, rows = run_named(
                self.reads.store, self.reads.engine, "chain_gaps", {"chain": cname, "region": region}
            )
            found = [dict(zip(columns, row)) for row in rows]
            self._region_cache[key] = {
                r["product"]: {"status": r["status"], "local_sources": r["local_sources"]} for r in found
            }
        return self._region_cache[key]


def _bands(products: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Products by stage (upstream, midstream, downstream, then none), each band in columns by depth."""
    bands = []
    for stage in [*STAGES, ""]:
        inside = sorted((p for p in products if p["stage"] == stage), key=lambda p: (p["depth"], p["name"], p["id"]))
        if inside:
            bands.append({"stage": stage, "products": inside})
    return bands


def _analysis(entry: dict[str, Any], region: str) -> dict[str, Any]:
    """The report's analysis of a chain: completeness, bottlenecks, critical suppliers, concentration."""
    completeness = sorted(entry.get("completeness", []), key=lambda r: (-r["share"], r["region"]))
    if region:
        completeness = [r for r in completeness if r["region"] == region] or [
            {"region": region, "local": 0, "products": 0, "share": 0.0, "missing": []}
        ]
    suppliers = entry.get("critical_suppliers", [])
    most = max((s["dependents"] for s in suppliers), default=0)
    return {
        "completeness": completeness[:10],
        "bottlenecks": entry.get("bottlenecks", []),
        "critical_suppliers": [{**s, "importance": (s["dependents"] / most) if most else 0.0} for s in suppliers],
        "concentration": entry.get("concentration", []),
    }


def _read_report(path: Path) -> dict[str, dict[str, Any]]:
    """``report.json``'s chains by name ({} when the folder has none)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise QueryError(
            f"cannot read {path.name}: {exc}", where=str(path), fix="run chainkg report on the folder"
        ) from exc
    return {entry["chain"]["name"]: entry for entry in data.get("chains", [])}
