"""Parity: every query gives the same rows on the embedded engine and on Neo4j.

Collected dynamically: every ``queries/*.cypher`` file runs on both engines; a pair
``NAME.embedded.cypher`` + ``NAME.neo4j.cypher`` (dialects that really differ) runs
each file on its own engine. A few ad-hoc portable queries and one engine-specific
pair live here too, so the test is never vacuous. Each runs over the bundled example
and a synthetic graph of a few thousand nodes, pushed to a real Neo4j (marked ``neo4j``).
"""

from __future__ import annotations

import decimal
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT, synthetic, wipe_neo4j

from chainkg.graph.engines.embedded import EmbeddedStore
from chainkg.graph.engines.neo4j import MARKER, Neo4jStore
from chainkg.graph.identity import node_id
from chainkg.graph.io.nodelink import read_graph_json
from chainkg.graph.model import KnowledgeGraph
from chainkg.sync import write_folder

pytestmark = pytest.mark.neo4j

QUERIES = ROOT / "queries"
ENGINES = ("embedded", "neo4j")

ADHOC: dict[str, str | dict[str, str]] = {
    "makes_pairs": "MATCH (e:Enterprise)-[m:MAKES]->(p:Product) "
    "RETURN e.name AS enterprise, p.name AS product, m.weight AS weight ORDER BY enterprise, product",
    "alias_lookup": "WITH toLower($alias) AS al MATCH (e:Enterprise) "
    "WHERE any(a IN e.aliases WHERE toLower(a) = al) RETURN e.name AS name ORDER BY name",
    "products_without_makers": "MATCH (p:Product) OPTIONAL MATCH (e:Enterprise)-[:MAKES]->(p) "
    "WITH p, count(e) AS makers WHERE makers = 0 RETURN p.name AS product ORDER BY product",
    "top_suppliers": "MATCH (s:Enterprise)-[r:SUPPLIES]->(:Enterprise) RETURN s.name AS supplier, "
    "count(r) AS customers, sum(coalesce(r.volume, 0.0)) AS volume ORDER BY customers DESC, supplier LIMIT 20",
    "upstream_hops": "MATCH p = (a:Product)-[:UPSTREAM_OF*1..3]->(b:Product) "
    "RETURN a.name AS source, b.name AS target, min(length(p)) AS hops ORDER BY source, target",
    "count_per_label": {
        "embedded": "MATCH (n) RETURN label(n) AS label, count(*) AS n ORDER BY label",
        "neo4j": f"MATCH (n:{MARKER}) UNWIND labels(n) AS label WITH label WHERE label <> '{MARKER}' "
        "RETURN label, count(*) AS n ORDER BY label",
    },
    "count_per_type": {
        "embedded": "MATCH ()-[r]->() RETURN label(r) AS type, count(*) AS n ORDER BY type",
        "neo4j": "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type",
    },
}


def library_queries() -> dict[str, dict[str, str]]:
    """``queries/*.cypher`` as ``{name: {engine: text}}``; a plain file serves both engines."""
    found: dict[str, dict[str, str]] = {}
    for path in sorted(QUERIES.glob("*.cypher")):
        stem, _, engine = path.name[: -len(".cypher")].partition(".")
        text = path.read_text(encoding="utf-8")
        variants = found.setdefault(f"queries/{stem}", {})
        for name in [engine] if engine else ENGINES:
            variants.setdefault(name, text)
    return found


def all_queries() -> dict[str, dict[str, str]]:
    adhoc = {f"adhoc/{k}": (v if isinstance(v, dict) else dict.fromkeys(ENGINES, v)) for k, v in ADHOC.items()}
    return {**library_queries(), **adhoc}


def declared_params(text: str) -> list[tuple[str, str]]:
    """``// params: chain: str, hops: int`` as ``[("chain", "str"), ("hops", "int")]``."""
    match = re.search(r"^//[ \t]*params:[ \t]*(.*)$", text, re.MULTILINE)
    pairs = [part.split(":") for part in match.group(1).split(",") if ":" in part] if match else []
    found = [(name.strip(), kind.strip().rstrip("?")) for name, kind in pairs]
    found += [(name, "str") for name in re.findall(r"\$(\w+)", text) if name not in dict(found)]
    return found


def sample_params(text: str, kg: KnowledgeGraph) -> dict[str, Any]:
    """A plausible value per parameter, taken from the graph being queried."""
    firms = [n for n in kg.nodes("Enterprise") if n["aliases"]]
    values: dict[str, Any] = {
        "alias": firms[len(firms) // 2]["aliases"][0].upper() if firms else "none",
        "stage": "midstream",
    }
    supplies = list(kg.edges("SUPPLIES"))
    if supplies:
        source, target = supplies[len(supplies) // 2][:2]
        values["source"], values["target"] = kg.node(source)["name"], kg.node(target)["name"]
        values["node"], values["other"], values["relation"] = values["source"], values["target"], "SUPPLIES"
        values["customer"], values["product"] = values["target"], supplies[len(supplies) // 2][3].get("product", "")
        values["text"] = values["source"][:2]
    resolved = {name: kind for name, kind in declared_params(text) if kind in kg.schema.label_names or kind == "name"}
    one_of = (re.search(r"^//[ \t]*one of:[ \t]*(.*)$", text, re.MULTILINE) or [None, ""])[1]
    left_out = [n.strip() for n in one_of.split(",")][1:]  # exactly one of them is given
    params = {}
    for name, kind in declared_params(text):
        if name in left_out:
            params[name] = ""
            continue
        if name in resolved and resolved[name] == "name":  # resolved to the canonical name of any label
            params[name] = values.get(name, "none")
            continue
        if name in resolved:  # the library resolves names to ids before running: give an id
            value = values.get(name) or next(iter(kg.nodes(resolved[name])), {"name": "none"})["name"]
            params[name] = node_id(resolved[name], value)
            continue
        label = next((lbl for lbl in kg.schema.label_names if lbl.lower() == name.lower()), None)
        nodes = list(kg.nodes(label)) if label else []
        if name in values:
            params[name] = values[name]
        elif kind in ("int", "INT64"):
            params[name] = 3
        elif kind in ("float", "DOUBLE"):
            params[name] = 0.5
        else:
            params[name] = nodes[len(nodes) // 2]["name"] if nodes else "none"
    return params


def canonical(value: Any) -> Any:
    """Engine values compared as plain data: floats rounded, node/edge objects as their properties."""
    if isinstance(value, decimal.Decimal):  # an engine that widens sums: not the same value type
        return ("decimal", str(value))
    if isinstance(value, float):
        return round(value, 9) if math.isfinite(value) else repr(value)
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in sorted(value.items()) if not k.startswith("_")}
    if hasattr(value, "items") and hasattr(value, "element_id"):  # a neo4j Node or Relationship
        return canonical(dict(value.items()))
    return value


def comparable(text: str, rows: list[list[Any]]) -> list[Any]:
    """Rows as canonical data, sorted unless the query fixes the order."""
    data = [canonical(row) for row in rows]
    return data if re.search(r"\bORDER\s+BY\b", text, re.IGNORECASE) else sorted(data, key=repr)


@pytest.fixture(scope="module", params=["example", "synthetic"])
def engines(
    request: pytest.FixtureRequest, neo4j_settings, built_example: Path, tmp_path_factory
) -> Iterator[tuple[KnowledgeGraph, dict[str, Any]]]:
    """Both engines holding the same graph: the bundled example, then a synthetic one."""
    if request.param == "example":
        folder, kg = built_example, read_graph_json(built_example / "graph.json")
    else:
        kg = synthetic()
        folder = tmp_path_factory.mktemp("synthetic") / "graph"
        write_folder(kg, folder)
    with EmbeddedStore(folder / "db") as embedded, Neo4jStore(neo4j_settings) as neo4j_store:
        wipe_neo4j(neo4j_store)
        assert neo4j_store.push(kg) == embedded.counts() == kg.counts()
        yield kg, {"embedded": embedded, "neo4j": neo4j_store}


def test_there_are_queries_to_compare() -> None:
    assert len(all_queries()) >= len(ADHOC)
    for name, variants in library_queries().items():
        assert set(variants) == set(ENGINES), f"{name} needs both an embedded and a neo4j variant"


@pytest.mark.parametrize("name", sorted(all_queries()))
def test_both_engines_give_the_same_rows(name: str, engines: tuple[KnowledgeGraph, dict[str, Any]]) -> None:
    kg, stores = engines
    variants = all_queries()[name]
    results = {}
    for engine in ENGINES:
        text = variants[engine]
        columns, rows = stores[engine].query(text, sample_params(text, kg))
        results[engine] = (len(columns), comparable(text, rows))
    assert results["embedded"] == results["neo4j"]
