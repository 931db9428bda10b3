"""Hostile strings (tests/hostile.py) through tables and a document into `chainkg build`, graph.json,
the embedded database, every library query, the CLI's row formats, report.json/report.md and a
Neo4j push/pull: each comes back unchanged as data (or as hostile.py documents) and nothing runs."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from helpers import EXAMPLE
from hostile import CUSTOMER, HOSTILE, LONG_NAME, TITLE, alias, as_cell, as_name, document

from chainkg.cli import main
from chainkg.errors import QueryError
from chainkg.graph.engines.embedded import EmbeddedStore
from chainkg.graph.evidence import encode_evidence
from chainkg.graph.io.printable import printable
from chainkg.graph.schema import SCHEMA
from chainkg.queries.library import library
from chainkg.queries.runner import run_named

IDS = [key for key, _ in HOSTILE]


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def graph(hostile_build: Path) -> dict[str, Any]:
    return json.loads((hostile_build / "graph.json").read_text("utf-8"))


def find(graph: dict[str, Any], label: str, name: str) -> dict[str, Any]:
    found = [n for n in graph["nodes"] if n["label"] == label and n["name"] == name]
    assert len(found) == 1, (label, name[:80], len(found))
    return found[0]


# -- build and graph.json --------------------------------------------------------


@pytest.mark.parametrize(("key", "text"), HOSTILE, ids=IDS)
def test_build_keeps_each_value_as_data(graph: dict[str, Any], key: str, text: str) -> None:
    company = find(graph, "Enterprise", as_name(text))
    assert company["aliases"] == ([as_name(alias(text))] if alias(text) else [])
    assert company["region"] == as_cell(text)
    assert [record.get("note") for record in company["evidence"]] == [as_cell(text)]
    for label in ("Product", "Technology", "Cluster", "Region", "Chain"):
        find(graph, label, as_name(text))
    supplies = [
        e
        for e in graph["edges"]
        if e["type"] == "SUPPLIES" and e["source"] == company["id"] and e["target"] == f"Enterprise:{CUSTOMER}"
    ]
    assert [(e["product"], e["evidence"][0]["note"]) for e in supplies] == [(as_cell(text), as_cell(text))]


def test_the_long_name_is_whole() -> None:
    assert len(LONG_NAME) == 10_000


def test_the_example_part_of_the_graph_is_unchanged(graph: dict[str, Any], built_example: Path) -> None:
    example = json.loads((built_example / "graph.json").read_text("utf-8"))
    nodes = {n["id"]: n for n in graph["nodes"]}
    edges = {(e["source"], e["target"], e["key"]): e for e in graph["edges"]}
    assert [n for n in example["nodes"] if nodes.get(n["id"]) != n] == []
    assert [e for e in example["edges"] if edges.get((e["source"], e["target"], e["key"])) != e] == []


def test_the_document_keeps_its_hostile_title_and_exact_mention_offsets(
    hostile_build: Path, graph: dict[str, Any]
) -> None:
    text = document()
    docs = [n for n in graph["nodes"] if n["label"] == "Document"]
    ours = [d for d in docs if d.get("path", "").endswith("hostile_news.txt")]
    assert [d["title"] for d in ours] == [TITLE]
    mentions = [e for e in graph["edges"] if e["type"] == "MENTIONED_IN" and e["target"] == ours[0]["id"]]
    assert len(mentions) >= 2 * (len(HOSTILE) - 1)
    assert all(text[e["char_start"] : e["char_end"]] == e["text"] for e in mentions)
    names = {n["name"] for n in graph["nodes"] if n["label"] == "Enterprise"}
    assert {f"敌意测试{i}号机械有限公司" for i, (key, _) in enumerate(HOSTILE) if key != "nul"} <= names


def test_a_document_with_nul_is_skipped_with_a_note(tmp_path: Path) -> None:
    (tmp_path / "nul.txt").write_text("三一重工\x00供应\n", encoding="utf-8")
    result = run("build", str(EXAMPLE), str(tmp_path / "nul.txt"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert "skipped nul.txt: binary file, not text" in result.stderr


# -- the stores hold exactly graph.json ------------------------------------------


def node_dump_query(label: str) -> str:
    return f"MATCH (n:{label}) RETURN " + ", ".join(f"n.{p.name}" for p in SCHEMA.node_props(label))


def edge_dump_query(rel: str, engine: str) -> str:
    """Every edge's ends and properties (the same text on both engines)."""
    props = ", ".join(f"r.{p.name}" for p in SCHEMA.edge_props(rel))
    return f"MATCH (a)-[r:{rel}]->(b) RETURN a.id, b.id, {props}"


def freeze(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def expected_dump(graph: dict[str, Any]) -> tuple[list, list]:
    """graph.json's nodes and edges as the stores return them (evidence as encoded strings)."""

    def value(record: dict[str, Any], name: str) -> Any:
        if name == "evidence":
            return tuple(encode_evidence(r) for r in record.get("evidence", []))
        return freeze(record.get(name))

    nodes = sorted((n["label"], *(value(n, p.name) for p in SCHEMA.node_props(n["label"]))) for n in graph["nodes"])
    edges = sorted(
        (e["type"], e["source"], e["target"], *(value(e, p.name) for p in SCHEMA.edge_props(e["type"])))
        for e in graph["edges"]
    )
    return nodes, edges


def store_dump(store: Any, engine: str) -> tuple[list, list]:
    nodes = sorted(
        (label, *map(freeze, row)) for label in SCHEMA.label_names for row in store.query(node_dump_query(label))[1]
    )
    edges = sorted(
        (rel, *map(freeze, row)) for rel in SCHEMA.rel_names for row in store.query(edge_dump_query(rel, engine))[1]
    )
    return nodes, edges


def test_the_embedded_database_holds_exactly_graph_json(hostile_build: Path, graph: dict[str, Any]) -> None:
    with EmbeddedStore(hostile_build / "db") as store:
        assert store_dump(store, "embedded") == expected_dump(graph)


# -- every library query ---------------------------------------------------------


def query_rows(store: Any, engine: str, name: str, **params: Any) -> list[dict[str, Any]]:
    columns, rows = run_named(store, engine, name, {k: str(v) for k, v in params.items()})
    return [dict(zip(columns, row)) for row in rows]


def query_problems(store: Any, engine: str) -> list[str]:
    """Every library query, with each hostile name as its parameters; what did not come back as data."""
    problems: list[str] = []
    names = [as_name(text) for _, text in HOSTILE]
    ran = set()

    def check(ok: bool, what: str) -> None:
        if not ok:
            problems.append(what)

    for i, (key, text) in enumerate(HOSTILE):
        name = names[i]
        profile = query_rows(store, engine, "enterprise_profile", enterprise=name)
        check({r["enterprise"] for r in profile} == {name}, f"{key}: enterprise_profile")
        check(("MAKES", name) in {(r["relation"], r["other"]) for r in profile}, f"{key}: enterprise_profile other")
        check({"label": "Enterprise", "name": name} in query_rows(store, engine, "search", text=name), f"{key}: search")
        records = [
            rec
            for r in query_rows(store, engine, "evidence", node=name)
            if r["label"] == "Enterprise"
            for rec in r["records"]
        ]
        check([json.loads(rec).get("note") for rec in records] == [as_cell(text)], f"{key}: evidence")
        edge = query_rows(store, engine, "evidence", node=name, other=CUSTOMER, relation="SUPPLIES")
        notes = [json.loads(rec).get("note") for r in edge for rec in r["records"]]
        check(as_cell(text) in notes and {r["name"] for r in edge} == {name}, f"{key}: edge evidence")
        check(
            CUSTOMER in {r["customer"] for r in query_rows(store, engine, "downstream", enterprise=name, depth=1)},
            f"{key}: downstream",
        )
        check(bool(query_rows(store, engine, "supply_path", source=name, target=CUSTOMER)), f"{key}: supply_path")
        gaps = query_rows(store, engine, "chain_gaps", chain=name, region=name)
        check([(r["product"], r["status"]) for r in gaps] == [(name, "thin")], f"{key}: chain_gaps")
        check(
            [r["technology"] for r in query_rows(store, engine, "bottlenecks", chain=name)] == [name],
            f"{key}: bottlenecks",
        )
        if i:
            up = query_rows(store, engine, "upstream", enterprise=name, depth=1)
            check([r["supplier"] for r in up] == [names[i - 1]], f"{key}: upstream")
            single = query_rows(store, engine, "single_source", customer=name)
            check(
                [(r["product"], r["supplier"]) for r in single] == [(as_cell(HOSTILE[i - 1][1]), names[i - 1])],
                f"{key}: single_source",
            )
        check(query_rows(store, engine, "product_upstream", product=name, depth=2) == [], f"{key}: product_upstream")
        check(
            query_rows(store, engine, "product_downstream", enterprise=name, depth=2) == [],
            f"{key}: product_downstream",
        )
        ran |= {
            "enterprise_profile",
            "search",
            "evidence",
            "downstream",
            "supply_path",
            "chain_gaps",
            "bottlenecks",
            "upstream",
            "single_source",
            "product_upstream",
            "product_downstream",
        }
    overview = {r["chain"] for r in query_rows(store, engine, "chain_overview")}
    clusters = {r["cluster"] for r in query_rows(store, engine, "cluster_strength")}
    makers = {(r["product"], r["maker"]) for r in query_rows(store, engine, "single_maker")}
    ran |= {"chain_overview", "cluster_strength", "single_maker"}
    summary = {r["product"] for r in query_rows(store, engine, "single_source_summary")}
    check({as_cell(HOSTILE[i][1]) for i in range(len(names) - 1)} <= summary, "single_source_summary")
    ran.add("single_source_summary")
    check(query_rows(store, engine, "industry_overview") == [], "industry_overview")  # no Industry in these inputs
    for name in ("industry_upstream", "industry_profile"):
        try:
            query_rows(store, engine, name, industry=names[0])
            check(False, f"{name}: no error without an Industry")
        except QueryError as exc:
            check(exc.what.startswith("the graph has no Industry"), name)
    ran |= {"industry_overview", "industry_upstream", "industry_profile"}
    check(set(names) <= overview, "chain_overview")
    check(set(names) <= clusters, "cluster_strength")
    check({(n, n) for n in names} <= makers, "single_maker")
    check(ran == set(library()), f"queries not run: {sorted(set(library()) - ran)}")
    return problems


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_library_query_on_the_embedded_engine(hostile_build: Path) -> None:
    before = snapshot(hostile_build)
    with EmbeddedStore(hostile_build / "db") as store:
        assert query_problems(store, "embedded") == []
    assert snapshot(hostile_build) == before


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_the_cli_row_formats_give_the_values_back(hostile_build: Path, fmt: str) -> None:
    result = run("query", "search", "-p", "text", "alias ", "--db", str(hostile_build), "--format", fmt)
    assert result.exit_code == 0, result.output
    if fmt == "json":
        rows = json.loads(result.stdout)
    elif fmt == "jsonl":
        rows = [json.loads(line) for line in result.stdout.splitlines()]
    else:
        rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert {as_name(t) for _, t in HOSTILE if alias(t)} <= {r["name"] for r in rows if r["label"] == "Enterprise"}


def test_the_table_format_shows_control_characters_as_escapes(hostile_build: Path) -> None:
    result = run("query", "search", "-p", "text", "ctl", "--db", str(hostile_build))
    assert result.exit_code == 0
    assert not any((ch < " " and ch != "\n") or ch == "\x7f" for ch in result.stdout)
    assert "ctl\\x01\\x02\\x03" in result.stdout


# -- the report ----------------------------------------------------------------


def test_report_json_gives_every_chain_name_back(hostile_build: Path) -> None:
    report = json.loads((hostile_build / "report.json").read_text("utf-8"))
    chains = {entry["chain"]["name"] for entry in report["chains"]}
    assert {as_name(text) for _, text in HOSTILE} <= chains


def test_report_md_renders_names_as_text_not_markup(hostile_build: Path) -> None:
    """Rendered by a CommonMark parser with raw HTML on, each hostile chain name is a heading holding
    exactly its text (control characters as \\xNN, bidi controls isolated); no name makes markup."""
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark", {"html": True}).render((hostile_build / "report.md").read_text("utf-8"))
    headings = re.findall(r"<h2>(.*?)</h2>", rendered)
    assert all("<" not in heading for heading in headings)  # only escaped text inside
    texts = {html.unescape(heading) for heading in headings}
    for key, text in HOSTILE:
        shown = printable(as_name(text))
        assert shown in texts or f"\u2068{shown}\u2069" in texts, key
    assert set(re.findall(r"<(\w+)", rendered)) == {"h1", "h2", "p", "ul", "li"}


# -- Neo4j -----------------------------------------------------------------------


@pytest.mark.neo4j
def test_neo4j_push_queries_and_pull_keep_every_value(
    neo4j_store, neo4j_settings, hostile_build: Path, graph: dict[str, Any], tmp_path: Path
) -> None:
    neo4j_store.write("CREATE (:Person {name: 'not ours'})")
    auth = ["--uri", neo4j_settings.uri, "--user", neo4j_settings.user, "--password", neo4j_settings.password]
    result = run("push", str(hostile_build), *auth, "--batch-size", "50")
    assert result.exit_code == 0, result.output
    assert store_dump(neo4j_store, "neo4j") == expected_dump(graph)
    assert query_problems(neo4j_store, "neo4j") == []
    nodes = neo4j_store.query("MATCH (n) RETURN count(n)")[1][0][0]
    assert nodes == len(graph["nodes"]) + 1
    assert neo4j_store.query("MATCH (p:Person) RETURN p.name")[1] == [["not ours"]]
    result = run("pull", *auth, "--out", str(tmp_path / "pulled"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "pulled" / "graph.json").read_bytes() == (hostile_build / "graph.json").read_bytes()
