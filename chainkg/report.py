"""The chain report: per chain its completeness, gaps, bottlenecks, breakthroughs and critical suppliers.

Written as ``report.json`` (data) and ``report.md`` (for people), each line with the
evidence it rests on. Chinese and English names where both exist.
"""

from __future__ import annotations

import heapq
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from chainkg.graph import analytics
from chainkg.graph.atomic import atomic_write_text
from chainkg.graph.evidence import decode_evidence
from chainkg.graph.model import KnowledgeGraph
from chainkg.output import printable

__all__ = ["chain_report", "render_markdown", "markdown_text", "write_report", "REPORT_JSON", "REPORT_MD"]

REPORT_JSON = "report.json"
REPORT_MD = "report.md"
COMPLETENESS_LINES = 10  # regions per chain in report.md, most complete first; report.json has them all
# Characters that start Markdown or HTML markup anywhere in a line; "_" only at a word's edge
# (inside a word, as in news_supply.txt, it is plain text in CommonMark).
_MARKDOWN = re.compile(r"[\\`*\[\]<>&|~#]|(?<![^\W_])_|_(?![^\W_])")
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def chain_report(kg: KnowledgeGraph) -> dict[str, Any]:
    """The report as data: one entry per chain, sorted by name."""
    index = _Index(kg)
    critical = {row["id"]: row for row in analytics.supplier_criticality(kg)}
    concentration = {row["product"]: row for row in analytics.supplier_concentration(kg)}
    chains = []
    for chain in kg.nodes("Chain"):
        products = index.parts.get(chain["id"], [])
        makers = {p: sorted(index.makers.get(p, ())) for p in products}
        regions = sorted(frozenset().union(*(index.local_regions.get(p, ()) for p in products)))
        chains.append(
            {
                "chain": _named(chain),
                "products": len(products),
                "completeness": [
                    analytics.completeness(kg, chain["name"], products, index.local_regions, region) for region in regions
                ],
                "gaps": [_gap(kg, p, ms) for p, ms in sorted(makers.items()) if len(ms) <= 1],
                "bottlenecks": _bottlenecks(kg, index, chain["id"], set(products)),
                "critical_suppliers": _suppliers(kg, index, makers, critical),
                "concentration": _concentration(kg, products, concentration),
            }
        )
    return {"chains": chains}


class _Index:
    """Who makes, supplies, blocks and breaks through what: built once for the whole report."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.parts = analytics.chain_products(kg)
        self.makers = analytics.makers_of(kg)
        self.suppliers: dict[str, set[str]] = defaultdict(set)
        for source, target in kg.pairs("SUPPLIES"):
            self.suppliers[target].add(source)
        self.blocked: dict[str, set[str]] = defaultdict(set)
        for source, target in kg.pairs("BOTTLENECK_OF"):
            self.blocked[target].add(source)
        self.breakers: dict[str, list[str]] = defaultdict(list)
        for source, target, _, attrs in kg.edges("BREAKTHROUGH"):
            year = f" ({attrs['year']})" if attrs.get("year") else ""
            self.breakers[target].append(kg.node(source)["name"] + year)
        self.regions_of = analytics.located_regions(kg)
        self.local_regions = analytics.maker_regions(self.makers, self.regions_of)


def _named(node: dict[str, Any]) -> dict[str, Any]:
    return {"name": node["name"], "name_en": node.get("name_en"), "evidence": _cite(node)}


def _cite(attrs: dict[str, Any]) -> str:
    """The first evidence record as a short reference: file:line, or document and sentence."""
    if not attrs.get("evidence"):
        return ""
    record = decode_evidence(attrs["evidence"][0])
    if "line" in record:
        return f"{record.get('path', '')}:{record['line']}"
    return f"{record.get('path', '')}, sentence {record.get('sentence', '?')}"


def _gap(kg: KnowledgeGraph, product: str, makers: list[str]) -> dict[str, Any]:
    node = kg.node(product)
    return {**_named(node), "stage": node.get("stage"), "status": "gap" if not makers else "thin",
            "makers": [kg.node(m)["name"] for m in makers]}


def _bottlenecks(kg: KnowledgeGraph, index: _Index, chain: str, products: set[str]) -> list[dict[str, Any]]:
    blocked = set(index.blocked.get(chain, ())).union(*(index.blocked.get(p, ()) for p in products))
    rows = []
    for tech in sorted(blocked):
        node = kg.node(tech)
        rows.append({**_named(node), "status": node.get("status") or "unsolved", "broken_by": sorted(index.breakers.get(tech, []))})
    return rows


def _suppliers(
    kg: KnowledgeGraph, index: _Index, makers: dict[str, list[str]], critical: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    chain_makers = {m for ms in makers.values() for m in ms}
    feeding = {s for m in chain_makers for s in index.suppliers.get(m, ())}
    top = heapq.nsmallest(10, (critical[s] for s in feeding if s in critical), key=lambda r: (-r["dependents"], -r["customers"], r["supplier"]))
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
            lines.append(f"- completeness in {md(row['region'])}: {row['local']}/{row['products']} = {row['share']:.0%}"
                         + (f"; missing: {'、'.join(map(md, row['missing']))}" if row["missing"] else ""))
        if len(ranked) > COMPLETENESS_LINES:
            lines.append(f"- completeness in {len(ranked) - COMPLETENESS_LINES} more regions: see report.json")
        for gap in entry["gaps"]:
            makers = "、".join(map(md, gap["makers"])) or "none"
            lines.append(f"- {gap['status']}: {md(gap['name'])} ({md(gap.get('stage') or 'stage unknown')}), makers: {makers} [{md(gap['evidence'])}]")
        for tech in entry["bottlenecks"]:
            who = f", broken through by {'、'.join(map(md, tech['broken_by']))}" if tech["broken_by"] else ""
            lines.append(f"- bottleneck {md(tech['name'])}: {md(tech['status'])}{who} [{md(tech['evidence'])}]")
        for row in entry["critical_suppliers"]:
            centrality = f", betweenness {row['betweenness']}" if row["betweenness"] is not None else ""
            lines.append(f"- critical supplier {md(row['supplier'])}: {row['customers']} customers, {row['dependents']} dependents{centrality} [{md(row['evidence'])}]")
        for row in entry["concentration"]:
            lines.append(f"- supplier concentration of {md(row['product'])}: HHI {row['hhi']:.0f} by {row['basis']}, {row['suppliers']} suppliers,"
                         f" largest {md(row['largest'])} ({row['largest_share']:.0%}) [{md(row['evidence'])}]")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def markdown_text(value: Any) -> str:
    r"""``value`` as Markdown that renders as exactly its text: on one line (see
    :func:`chainkg.output.printable`), Markdown and HTML characters backslash-escaped, and
    wrapped in a bidi isolate (U+2068 ... U+2069) if it holds bidi controls, so they end with it.

    >>> print(markdown_text("<img src=x> *A* | B_ [x](y) news_supply.txt"))
    \<img src=x\> \*A\* \| B\_ \[x\](y) news_supply.txt
    """
    text = printable(_MARKDOWN.sub(lambda found: "\\" + found.group(0), str(value)))
    return f"\u2068{text}\u2069" if _BIDI.search(text) else text


def write_report(kg: KnowledgeGraph, folder: Path) -> dict[str, Any]:
    """Write ``report.json`` and ``report.md`` into ``folder`` atomically; return the report."""
    report = chain_report(kg)
    atomic_write_text(Path(folder) / REPORT_JSON, json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    atomic_write_text(Path(folder) / REPORT_MD, render_markdown(report))
    return report
