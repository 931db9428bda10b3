"""Paths, graphs and small helpers that several test modules share.

Test modules never import one another: what two of them use lives here (or in
hostile.py, browser.py, serving.py, built_graphs.py, gold_scoring.py, reference.py),
and shared fixtures live in conftest.py.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import strategies as st

from chainkg.errors import SchemaError
from chainkg.graph.evidence import encode_evidence
from chainkg.graph.io.columns import GraphColumns
from chainkg.graph.io.nodelink import dumps_graph_json
from chainkg.graph.model import KnowledgeGraph

if TYPE_CHECKING:
    from chainkg.graph.engines.neo4j import Neo4jSettings

__all__ = [
    "CYPHER_SHELL",
    "EXAMPLE",
    "NEO4J_SCRIPT",
    "QUICK_JIT",
    "ROOT",
    "ROW_NAMES",
    "SEED",
    "XSS",
    "by_columns",
    "by_rows",
    "catalogue",
    "frozen",
    "java_or_skip",
    "kill_test_server",
    "nodes",
    "quick_jvm_env",
    "read_everything",
    "replay",
    "rows",
    "schema_graphs",
    "start_test_server",
    "synthetic",
    "synthetic_graph",
    "text_graphs",
    "texts",
    "tree_digest",
    "wipe_neo4j",
    "xss_graph",
]

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "hunan"
SEED = ROOT.parent / "shared" / "seeds" / "000_1f13449ba0d09cb5.txt"
NEO4J_SCRIPT = ROOT / "scripts" / "neo4j-test-server"
CYPHER_SHELL = ROOT / "scripts" / "cypher-shell"


# -- generated graphs ------------------------------------------------------------------------


def synthetic_graph(**sizes: int) -> KnowledgeGraph:
    """benchmarks/synthetic.py's generator."""
    spec = importlib.util.spec_from_file_location("chainkg_synthetic", ROOT / "benchmarks" / "synthetic.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.synthetic_graph(**sizes)


def synthetic(**sizes: int) -> KnowledgeGraph:
    """The benchmark's generator (benchmarks/synthetic.py), a few thousand nodes by default."""
    return synthetic_graph(**{"enterprises": 2000, "supplies": 5000, "products": 100, "chains": 5, **sizes})


def catalogue(chains: int, products: int, narrower: int, made_every: int = 3) -> KnowledgeGraph:
    """``chains`` chains with ``products`` products each (PART_OF the chain), each product with
    ``narrower`` narrower products (PART_OF the product, 产品小类); every ``made_every``-th product
    and narrower product has a maker. An industry and an empty chain as well."""
    kg = KnowledgeGraph()
    firm = kg.add_node("Enterprise", "制造商")
    industry = kg.add_node("Industry", "机械行业")
    for c in range(chains):
        chain = kg.add_node("Chain", f"链{c:03d}")
        kg.add_edge("PART_OF", industry, chain)
        for p in range(products):
            product = kg.add_node("Product", f"品{c:03d}-{p:04d}")
            kg.add_edge("PART_OF", product, chain)
            if p % made_every == 0:
                kg.add_edge("MAKES", firm, product)
            for n in range(narrower):
                narrow = kg.add_node("Product", f"品{c:03d}-{p:04d}-{n}")
                kg.add_edge("PART_OF", narrow, product)
                if (p + n) % made_every == 1:
                    kg.add_edge("MAKES", firm, narrow)
    empty = kg.add_node("Chain", "空链")
    kg.add_edge("PART_OF", industry, empty)
    return kg


XSS = '<img src=x onerror="window.__xss=1;alert(1)">'


def xss_graph() -> KnowledgeGraph:
    """Names, aliases, properties and evidence that are HTML, as a hostile document could give them."""
    kg = KnowledgeGraph()
    chain = kg.add_node("Chain", f"链{XSS}", category="</script><script>window.__xss=2</script>")
    firm = kg.add_node(
        "Enterprise",
        XSS,
        aliases=["<b>bold</b>"],
        region="<svg onload=alert(2)>",
        evidence=[{"path": "<i>doc</i>.txt", "note": "<script>alert(3)</script>", "text": "a'b\"c&d"}],
    )
    product = kg.add_node("Product", "<a href=javascript:alert(4)>x</a>", stage="upstream")
    empty = kg.add_node("Product", "<b>nobody makes this</b>", stage="midstream")
    tech = kg.add_node("Technology", "<svg/onload=alert(5)>", status="unsolved", bottleneck=True)
    kg.add_edge("PART_OF", product, chain)
    kg.add_edge("PART_OF", empty, chain)
    kg.add_edge("MAKES", firm, product, evidence=[{"path": "t.csv", "line": 1, "note": "<iframe src=//x>"}])
    kg.add_edge("BOTTLENECK_OF", tech, product)
    kg.add_edge("BREAKTHROUGH", firm, tech, year=2024)
    return kg


# -- hypothesis-made graphs -----------------------------------------------------------------

XML_FORBIDDEN = {*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF}


def texts(fmt: str) -> st.SearchStrategy[str]:
    excluded = "".join(map(chr, XML_FORBIDDEN)) if fmt in ("graphml", "gexf") else ""
    alphabet = st.characters(blacklist_categories=("Cs",), blacklist_characters=excluded)
    return st.text(alphabet, min_size=1, max_size=12).filter(lambda t: t.strip())


@st.composite
def text_graphs(draw: st.DrawFn, fmt: str) -> KnowledgeGraph:
    """Enterprises named with any text ``fmt`` can carry, two products, MAKES and SUPPLIES."""
    text = texts(fmt)
    kg = KnowledgeGraph()
    firms = []
    for name in draw(st.lists(text, min_size=1, max_size=5)):
        try:
            nid = kg.add_node(
                "Enterprise",
                name,
                aliases=draw(st.lists(text.filter(lambda t: "|" not in t), max_size=2)),
                evidence=[{"path": draw(text), "line": draw(st.integers(1, 10**6)), "note": draw(text)}],
            )
        except SchemaError:  # a name that normalises to nothing, or an alias already taken: not the point here
            continue
        firms.append(nid)
    products = [kg.add_node("Product", f"产品{i}", stage="midstream") for i in range(2)]
    for source in firms:
        kg.add_edge("MAKES", source, draw(st.sampled_from(products)), weight=draw(st.floats(0, 1)))
        target = draw(st.sampled_from(firms))
        if target != source:
            kg.add_edge("SUPPLIES", source, target, product=draw(text), volume=draw(st.floats(0, 1e9)))
    return kg


_LABELLED = {
    "Enterprise": ["甲", "乙", "丙", "丁", "戊"],
    "Product": ["泵", "阀", "液压件", "油缸"],
    "Chain": ["工程机械", "新能源"],
    "Cluster": ["长沙集群"],
    "Region": ["湖南", "长沙", "株洲"],
    "Park": ["经开区", "高新区"],
    "Technology": ["柱塞泵技术"],
    "Document": ["doc"],
}

_PATTERNS = [
    ("SUPPLIES", "Enterprise", "Enterprise"),
    ("SUBSIDIARY_OF", "Enterprise", "Enterprise"),
    ("MAKES", "Enterprise", "Product"),
    ("PART_OF", "Product", "Chain"),
    ("PART_OF", "Product", "Product"),
    ("PART_OF", "Cluster", "Chain"),
    ("UPSTREAM_OF", "Product", "Product"),
    ("MEMBER_OF", "Enterprise", "Cluster"),
    ("LOCATED_IN", "Enterprise", "Park"),
    ("LOCATED_IN", "Enterprise", "Region"),
    ("LOCATED_IN", "Park", "Region"),
    ("LOCATED_IN", "Park", "Park"),
    ("LOCATED_IN", "Region", "Region"),
    ("LOCATED_IN", "Cluster", "Region"),
    ("BREAKTHROUGH", "Enterprise", "Technology"),
    ("BOTTLENECK_OF", "Technology", "Product"),
    ("BOTTLENECK_OF", "Technology", "Chain"),
    ("MENTIONED_IN", "Enterprise", "Document"),
]

_SUPPLY_PRODUCTS = [None, "泵", "a|b", "a", ""]


@st.composite
def schema_graphs(draw: st.DrawFn) -> KnowledgeGraph:
    """Nodes of every label and edges of every allowed pattern, parallel ones too."""
    kg = KnowledgeGraph()
    for label, names in _LABELLED.items():
        for name in names[: draw(st.integers(1, len(names)))]:
            kg.add_node(label, name)
    ids = {label: [nid for nid, _ in kg.node_items(label)] for label in _LABELLED}
    for rel, source, target in draw(st.lists(st.sampled_from(_PATTERNS), max_size=40)):
        s, t = draw(st.sampled_from(ids[source])), draw(st.sampled_from(ids[target]))
        props = {}
        if rel == "SUPPLIES" and (product := draw(st.sampled_from(_SUPPLY_PRODUCTS))) is not None:
            props["product"] = product
        if rel == "MENTIONED_IN":
            props["char_start"] = draw(st.sampled_from([9, 10, 100]))
        kg.add_edge(rel, s, t, **props)
    return kg


# -- the same rows, frozen or in dicts ---------------------------------------------------------

ROW_NAMES = ["甲", "乙", "丙", "甲\x00乙", 'a"b', "Ｚ"]
ROW_PRODUCTS = ["钢", "轴承", "x|y", ""]

rows = st.lists(
    st.tuples(
        st.sampled_from(ROW_NAMES),
        st.sampled_from(ROW_NAMES),
        st.sampled_from(ROW_PRODUCTS),
        st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True, width=64)),
    ),
    max_size=25,
)


def nodes() -> KnowledgeGraph:
    kg = KnowledgeGraph()
    for name in ROW_NAMES:
        kg.add_node("Enterprise", name)
    kg.add_node("Product", "轴承")
    return kg


def by_columns(kg: KnowledgeGraph, table: list[tuple[str, str, str, float | None]]) -> KnowledgeGraph:
    """The rows as a table load hands them over: one call with columns."""
    ids = {name: kg.resolve("Enterprise", name) for name in ROW_NAMES}
    kg.add_edge_columns(
        "SUPPLIES",
        [ids[s] for s, _, _, _ in table],
        [ids[t] for _, t, _, _ in table],
        {"product": [p for _, _, p, _ in table], "volume": [v for _, _, _, v in table]},
        [encode_evidence({"doc": "d", "line": line, "path": "t.csv"}) for line in range(2, len(table) + 2)],
        lambda row: f"t.csv:{row + 2}",
    )
    return kg


def by_rows(kg: KnowledgeGraph, table: list[tuple[str, str, str, float | None]]) -> KnowledgeGraph:
    """The same rows through add_edge, one by one (the dict path)."""
    for line, (source, target, product, volume) in enumerate(table, start=2):
        props = {"product": product or None, "volume": volume}
        kg.add_edge(
            "SUPPLIES",
            kg.resolve("Enterprise", source),
            kg.resolve("Enterprise", target),
            evidence=[{"doc": "d", "line": line, "path": "t.csv"}],
            **props,
        )
    return kg


def frozen(kg: KnowledgeGraph) -> KnowledgeGraph:
    """``kg`` with its edges handed to Arrow tables, as ``chainkg build`` does before the report
    (the edge ends are then the model's own id strings, which the report numbers by identity)."""
    columns = GraphColumns(kg)
    kg.freeze_edges(columns.edges, columns.node_ids.to_pylist())
    return kg


def read_everything(kg: KnowledgeGraph) -> dict[str, object]:
    """What the model answers about its edges, through every reading method."""
    rels = kg.schema.rel_names
    return {
        "edges": list(kg.edges()),
        "per type": {rel: list(kg.edges(rel)) for rel in rels},
        "items": [(s, t, k, dict(a)) for s, t, k, a in kg.edge_items()],
        "pairs": {rel: sorted(kg.pairs(rel)) for rel in rels},
        "attrs": {rel: sorted((s, t, sorted(dict(a).items())) for s, t, _, a in kg.edge_items(rel)) for rel in rels},
        "counts": kg.counts(),
        "number": kg.number_of_edges(),
        "json": dumps_graph_json(kg),
        "networkx": sorted((s, t, k, sorted(d.items())) for s, t, k, d in kg.to_networkx().edges(keys=True, data=True)),
    }


# -- files and the Neo4j test server ---------------------------------------------------------


def tree_digest(path: Path) -> dict[str, str]:
    """Every file under ``path`` (or the file itself) with the SHA-256 of its bytes."""
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    return {str(p.relative_to(path.parent)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def neo4j_cli(settings: Any) -> list[str]:
    """The ``chainkg`` options that point a command at the Neo4j of ``settings``."""
    return ["--engine", "neo4j", "--uri", settings.uri, "--user", settings.user, "--password", settings.password]


def wipe_neo4j(store) -> None:
    """Delete every node and relationship on the test server, chainkg's or not."""
    while store.write("MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*)")[1][0][0]:
        pass


def replay(shell: list[str], settings: Neo4jSettings, script: Path) -> subprocess.CompletedProcess:
    """``cypher-shell -f script`` against the test server (credentials through the environment)."""
    env = {**quick_jvm_env(), "NEO4J_USERNAME": settings.user, "NEO4J_PASSWORD": settings.password}
    command = [*shell, "-a", settings.uri, "--non-interactive", "--fail-fast", "-f", str(script)]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)


def java_or_skip(what: str) -> None:
    """Skip without Java and Maven, except under CI=true, where that fails."""
    missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
    if missing:
        message = f"{what} needs {' and '.join(missing)}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


QUICK_JIT = "-XX:TieredStopAtLevel=1"


def quick_jvm_env() -> dict[str, str]:
    """``os.environ`` with JAVA_TOOL_OPTIONS asking every JVM for the JIT's quick tier only: a
    short-lived one (a test server, neo4j-admin, cypher-shell) starts in about half the time."""
    return {**os.environ, "JAVA_TOOL_OPTIONS": f"{os.environ.get('JAVA_TOOL_OPTIONS', '')} {QUICK_JIT}".strip()}


def start_test_server(home: Path, *extra: str) -> dict[str, str]:
    """``scripts/neo4j-test-server start --dir HOME`` (stopped by its watchdog if this process dies):
    the ``NEO4J_*`` values it prints. RuntimeError with the end of its messages if it did not start."""
    command = [sys.executable, str(NEO4J_SCRIPT), "start", "--dir", str(home), "--watch-pid", str(os.getpid()), *extra]
    done = subprocess.run(command, capture_output=True, text=True, timeout=1200, env=quick_jvm_env())
    if done.returncode != 0:
        raise RuntimeError(f"the test Neo4j server did not start: {done.stderr.strip()[-800:]}")
    return dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)


def kill_test_server(server: dict[str, str]) -> None:
    """End a throw-away test server at once: its data goes with it, and a graceful stop would wait
    some ten seconds for Bolt's thread pools."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(int(server["NEO4J_PID"]), signal.SIGKILL)
