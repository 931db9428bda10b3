"""The chain report: per chain its completeness, gaps, bottlenecks, breakthroughs and critical suppliers.

Completeness and gaps count a product's *sources*, the enterprises that make it or supply it
(:func:`chainkg.graph.analysis.analytics.sources_of`), as the ``chain_gaps`` query and what-if do.

Written as ``report.json`` (data) and ``report.md`` (for people), each line with the
evidence it rests on. Chinese and English names where both exist.
"""

from __future__ import annotations

import functools
import heapq
import re
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from chainkg.graph.analysis import analytics, supply
from chainkg.graph.arrays import csr, distinct, gather
from chainkg.graph.evidence import decode_evidence
from chainkg.graph.io.atomic import atomic_write_text
from chainkg.graph.io.jsontext import dumps_indented
from chainkg.graph.io.printable import printable
from chainkg.graph.model import KnowledgeGraph

__all__ = ["REPORT_JSON", "REPORT_MD", "chain_report", "markdown_text", "render_markdown", "write_report"]

REPORT_JSON = "report.json"
REPORT_MD = "report.md"
COMPLETENESS_LINES = 10  # regions per chain in report.md, most complete first; report.json has them all
TOP_SUPPLIERS = 10  # critical suppliers per chain
# Characters that start Markdown or HTML markup anywhere in a line; "_" only at a word's edge
# (inside a word, as in news_supply.txt, it is plain text in CommonMark).
_MARKDOWN = re.compile(r"[\\`*\[\]<>&|~#]|(?<![^\W_])_|_(?![^\W_])")
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def chain_report(kg: KnowledgeGraph) -> dict[str, Any]:
    """The report as data: one entry per chain, sorted by name."""
    index = _Index(kg)
    chains = []
    for chain_id, chain in kg.node_items("Chain"):
        products = sorted(index.parts.get(chain_id, []))
        rows = index.product_numbers(products)
        chains.append(
            {
                "chain": _named(chain),
                "products": len(products),
                "completeness": analytics.completeness_table(
                    chain["name"], [kg.name_of(p) for p in products], index.local[rows], index.region_names
                ),
                "gaps": [_gap(kg, p, makers, suppliers) for p, makers, suppliers in index.thin(products, rows)],
                "bottlenecks": _bottlenecks(kg, index, chain_id, set(products)),
                "critical_suppliers": _suppliers(kg, index, rows),
                "concentration": _concentration(kg, products, index.concentration),
            }
        )
    return {"chains": chains}


class _Index:
    """Who makes, supplies, blocks and breaks through what: built once for the whole report, the
    supply network and who makes what as arrays (:mod:`chainkg.graph.analysis.supply`)."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.parts = analytics.chain_products(kg)
        self.supplies = supply.Supplies.of(kg)
        self.makes = supply.Makes.of(kg, self.supplies)
        self.sources = supply.Makes.sources(kg, self.supplies, self.makes)  # who makes or supplies each product
        self.critical = supply.Criticality.of(kg, self.supplies)
        self.concentration = {row["product"]: row for row in supply.concentration(kg, self.supplies)}
        self.region_names, self.local = self.sources.regions(kg, self.supplies)  # products x regions with a source
        self.made = _by_product(self.makes, len(self.supplies.ids))  # product -> its makers
        self.sourced = _by_product(self.sources, len(self.supplies.ids))  # product -> its makers and suppliers
        self.supplied = _by_product(
            supply.Makes(
                self.makes.products,
                self.sources.product[len(self.makes.product) :],
                self.sources.maker[len(self.makes.maker) :],
            ),
            len(self.supplies.ids),
        )
        count = len(self.supplies.ids)
        self.suppliers = csr(count, self.supplies.dst, self.supplies.src)  # customer -> its suppliers
        self.blocked: dict[str, set[str]] = defaultdict(set)
        for source, target in kg.pairs("BOTTLENECK_OF"):
            self.blocked[target].add(source)
        self.breakers: dict[str, list[str]] = defaultdict(list)
        for (source, target), when in zip(kg.pairs("BREAKTHROUGH"), kg.edge_values("BREAKTHROUGH", "year")):
            year = f" ({when})" if when else ""
            self.breakers[target].append(kg.name_of(source) + year)

    def product_numbers(self, products: list[str]) -> np.ndarray:
        """The numbers of ``products`` (Product ids) in :attr:`makes`."""
        number = self._product_number
        return np.array([number[p] for p in products], dtype=np.int64)

    @functools.cached_property
    def _product_number(self) -> dict[str, int]:
        return dict(zip(self.makes.products, range(len(self.makes.products))))

    def thin(self, products: list[str], rows: np.ndarray) -> list[tuple[str, list[str], list[str]]]:
        """The products (numbers ``rows``) with one source (maker or supplier) or none, each with
        the ids of its makers and of its suppliers."""
        offsets = self.sourced[0]
        found = []
        for p, row, start, end in zip(products, rows.tolist(), offsets[rows].tolist(), offsets[rows + 1].tolist()):
            if end - start <= 1:
                makers, suppliers = (
                    [self.supplies.ids[m] for m in _row(index, row).tolist()] for index in (self.made, self.supplied)
                )
                found.append((p, makers, suppliers))
        return found

    def feeding(self, rows: np.ndarray) -> np.ndarray:
        """Numbers of the enterprises that supply a maker of the products ``rows`` and serve some
        customer besides themselves."""
        fed = np.zeros(len(self.supplies.ids), dtype=bool)
        fed[gather(self.suppliers, distinct(gather(self.made, rows)[1]))[1]] = True
        return np.flatnonzero(fed & (self.critical.customers > 0))


def _by_product(pairs: supply.Makes, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Product number -> the distinct enterprise numbers paired with it, ascending (id order)."""
    keys = distinct(pairs.product * count + pairs.maker)
    return csr(len(pairs.products), keys // count, keys % count)


def _row(index: tuple[np.ndarray, np.ndarray], row: int) -> np.ndarray:
    offsets, values = index
    return values[offsets[row] : offsets[row + 1]]


def _named(node: Mapping[str, Any]) -> dict[str, Any]:
    return {"name": node["name"], "name_en": node.get("name_en"), "evidence": _cite(node)}


def _cite(attrs: Mapping[str, Any]) -> str:
    """The first evidence record as a short reference: file:line, or document and sentence."""
    if not attrs.get("evidence"):
        return ""
    record = decode_evidence(attrs["evidence"][0])
    if "line" in record:
        return f"{record.get('path', '')}:{record['line']}"
    return f"{record.get('path', '')}, sentence {record.get('sentence', '?')}"


def _gap(kg: KnowledgeGraph, product: str, makers: list[str], suppliers: list[str]) -> dict[str, Any]:
    """A product with no source or one: its makers and its suppliers (one enterprise may be both)."""
    node = kg.node(product)
    return {
        **_named(node),
        "stage": node.get("stage"),
        "status": "gap" if not makers and not suppliers else "thin",
        "makers": [kg.name_of(m) for m in makers],
        "suppliers": [kg.name_of(s) for s in suppliers],
    }


def _bottlenecks(kg: KnowledgeGraph, index: _Index, chain: str, products: set[str]) -> list[dict[str, Any]]:
    blocked = set(index.blocked.get(chain, ())).union(*(index.blocked.get(p, ()) for p in products))
    rows = []
    for tech in sorted(blocked):
        node = kg.node(tech)
        rows.append(
            {
                **_named(node),
                "status": node.get("status") or "unsolved",
                "broken_by": sorted(index.breakers.get(tech, [])),
            }
        )
    return rows


def _suppliers(kg: KnowledgeGraph, index: _Index, rows: np.ndarray) -> list[dict[str, Any]]:
    """The ten suppliers of the chain's makers that dominate most enterprises (then serve most customers)."""
    feeding = index.feeding(rows)
    if feeding.size > TOP_SUPPLIERS:  # keep the best ten and whoever ties with the tenth before names decide
        dependents, customers = index.critical.dependents[feeding], index.critical.customers[feeding]
        rank = dependents * (int(customers.max()) + 1) + customers  # by dependents, then customers
        tenth = np.partition(rank, rank.size - TOP_SUPPLIERS)[rank.size - TOP_SUPPLIERS]
        feeding = feeding[rank >= tenth]
    found = [index.critical.row(kg, index.supplies, i) for i in feeding.tolist()]
    top = heapq.nsmallest(TOP_SUPPLIERS, found, key=lambda r: (-r["dependents"], -r["customers"], r["supplier"]))
    return [{**row, "evidence": _cite(kg.node(row["id"]))} for row in top]


def _concentration(kg: KnowledgeGraph, products: list[str], rows: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The chain's supplied products with their HHI, each citing the product's evidence."""
    named = sorted((kg.name_of(p), p) for p in products)
    return [{**rows[name], "evidence": _cite(kg.node(p))} for name, p in named if name in rows]


def render_markdown(report: dict[str, Any]) -> str:
    """The report for people: a section per chain, each line with its evidence in brackets.

    Every value from the graph goes through :func:`markdown_text`, so a name renders as the text it is.
    """
    md = markdown_text
    lines = ["# Chain report", ""]
    for entry in report["chains"]:
        chain = entry["chain"]
        title = md(chain["name"]) + (f" ({md(chain['name_en'])})" if chain.get("name_en") else "")
        lines += [f"## {title}", "", f"{entry['products']} products [{md(chain['evidence'])}]", ""]
        ranked = sorted(entry["completeness"], key=lambda row: (-row["share"], row["region"]))
        for row in ranked[:COMPLETENESS_LINES]:
            lines.append(
                f"- completeness in {md(row['region'])}: {row['local']}/{row['products']} = {row['share']:.0%}"
                + (f"; missing: {'、'.join(map(md, row['missing']))}" if row["missing"] else "")
            )
        if len(ranked) > COMPLETENESS_LINES:
            lines.append(f"- completeness in {len(ranked) - COMPLETENESS_LINES} more regions: see report.json")
        for gap in entry["gaps"]:
            lines.append(
                f"- {gap['status']}: {md(gap['name'])} ({md(gap.get('stage') or 'stage unknown')}), sources: {_sources(gap)} [{md(gap['evidence'])}]"
            )
        for tech in entry["bottlenecks"]:
            who = f", broken through by {'、'.join(map(md, tech['broken_by']))}" if tech["broken_by"] else ""
            lines.append(f"- bottleneck {md(tech['name'])}: {md(tech['status'])}{who} [{md(tech['evidence'])}]")
        for row in entry["critical_suppliers"]:
            centrality = f", betweenness {row['betweenness']}" if row["betweenness"] is not None else ""
            lines.append(
                f"- critical supplier {md(row['supplier'])}: {row['customers']} customers, {row['dependents']} dependents{centrality} [{md(row['evidence'])}]"
            )
        for row in entry["concentration"]:
            lines.append(
                f"- supplier concentration of {md(row['product'])}: HHI {row['hhi']:.0f} by {row['basis']}, {row['suppliers']} suppliers,"
                f" largest {md(row['largest'])} ({row['largest_share']:.0%}) [{md(row['evidence'])}]"
            )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _sources(gap: Mapping[str, Any]) -> str:
    """``衡岳液压 (supplier)``: each source of a gap once, with what it is, or ``none``."""
    kinds: dict[str, list[str]] = {}
    for kind in ("maker", "supplier"):
        for name in gap[kind + "s"]:
            kinds.setdefault(name, []).append(kind)
    return "、".join(f"{markdown_text(name)} ({'+'.join(kind)})" for name, kind in kinds.items()) or "none"


def markdown_text(value: Any) -> str:
    r"""``value`` as Markdown that renders as exactly its text: on one line (see
    :func:`chainkg.graph.io.printable.printable`), Markdown and HTML characters backslash-escaped, and
    wrapped in a bidi isolate (U+2068 ... U+2069) if it holds bidi controls, so they end with it.

    >>> print(markdown_text("<img src=x> *A* | B_ [x](y) news_supply.txt"))
    \<img src=x\> \*A\* \| B\_ \[x\](y) news_supply.txt
    """
    text = printable(_MARKDOWN.sub(lambda found: "\\" + found.group(0), str(value)))
    return f"\u2068{text}\u2069" if _BIDI.search(text) else text


def write_report(kg: KnowledgeGraph, folder: Path) -> dict[str, Any]:
    """Write ``report.json`` and ``report.md`` into ``folder`` atomically; return the report."""
    report = chain_report(kg)
    atomic_write_text(
        Path(folder) / REPORT_JSON, dumps_indented(report) + "\n"
    )  # as json.dumps(indent=1, sort_keys=True)
    atomic_write_text(Path(folder) / REPORT_MD, render_markdown(report))
    return report
