"""Data checks (graph/analysis/data_checks.py) and ``chainkg check``: each kind of finding, exactly; a clean
graph has none; the build's summary; the exit codes."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from chainkg.build import build
from chainkg.cli import main
from chainkg.graph.analysis.data_checks import Finding, check_graph, summary_lines
from chainkg.graph.identity import normalise_name
from chainkg.graph.io.nodelink import read_graph_json
from chainkg.graph.model import KnowledgeGraph

NODES = """label,name,aliases
Product,锂,
Product,锂电池,
Product,正极材料,
Chain,新能源,
Enterprise,宁德时代,
Enterprise,宁德 时代,
Enterprise,比亚迪,
Enterprise,三一重工,三一
Enterprise,三一集团,三一
Enterprise,中联,
Enterprise,中联重科,中联
Enterprise,中联集团,中联
Enterprise,A·B,
Enterprise,AB,
Enterprise,C++,
Enterprise,C,
Region,湖南,
Region,长沙,
Technology,固态电解质,
Industry,钢铁,
Industry,汽车,
Industry,制造业,
"""
EDGES = """type,source,target,product
UPSTREAM_OF,锂,锂,
UPSTREAM_OF,锂,锂电池,
UPSTREAM_OF,锂电池,锂,
UPSTREAM_OF,正极材料,锂电池,
PART_OF,锂电池,新能源,
UPSTREAM_OF,钢铁,汽车,
UPSTREAM_OF,汽车,钢铁,
PART_OF,钢铁,制造业,
PART_OF,制造业,钢铁,
PART_OF,汽车,制造业,
SUPPLIES,宁德时代,比亚迪,电芯
SUPPLIES,比亚迪,宁德时代,电池包
SUPPLIES,比亚迪,比亚迪,电芯
SUPPLIES,比亚迪,比亚迪,电池包
SUBSIDIARY_OF,三一重工,三一集团,
SUBSIDIARY_OF,三一集团,三一重工,
LOCATED_IN,长沙,湖南,
LOCATED_IN,湖南,长沙,
LOCATED_IN,宁德 时代,湖南,
LOCATED_IN,中联,长沙,
LOCATED_IN,中联重科,长沙,
LOCATED_IN,中联集团,长沙,
LOCATED_IN,A·B,长沙,
LOCATED_IN,AB,长沙,
LOCATED_IN,C++,长沙,
LOCATED_IN,C,长沙,
"""
# What the tables above hold, kind by kind (固态电解质 has no edge at all).
EXPECTED = [
    Finding("self-loop", "SUPPLIES", 2, ("比亚迪",)),
    Finding("self-loop", "UPSTREAM_OF", 1, ("锂",)),
    Finding("two-way", "UPSTREAM_OF", 1, ("锂 <-> 锂电池",)),  # industries may supply each other
    Finding("two-way", "PART_OF", 1, ("制造业 <-> 钢铁",)),
    Finding("two-way", "LOCATED_IN", 1, ("湖南 <-> 长沙",)),
    Finding("two-way", "SUBSIDIARY_OF", 1, ("三一重工 <-> 三一集团",)),
    Finding("alias-taken", "Enterprise", 2, ("中联重科: alias 中联 = 中联", "中联集团: alias 中联 = 中联")),
    Finding("alias-shared", "Enterprise", 1, ("三一: 三一重工, 三一集团",)),
    Finding("near-duplicate", "Enterprise", 2, ("AB = A·B", "宁德 时代 = 宁德时代")),
    Finding("isolated", "Technology", 1, ("固态电解质",)),
]
SUMMARY = [
    "data check: 3 self-loop (SUPPLIES 2, UPSTREAM_OF 1), see chainkg check",
    "data check: 4 two-way (UPSTREAM_OF 1, PART_OF 1, LOCATED_IN 1, SUBSIDIARY_OF 1), see chainkg check",
    "data check: 2 alias-taken (Enterprise 2), see chainkg check",
    "data check: 1 alias-shared (Enterprise 1), see chainkg check",
    "data check: 2 near-duplicate (Enterprise 2), see chainkg check",
    "data check: 1 isolated (Technology 1), see chainkg check",
]


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def tables(folder: Path, nodes: str = NODES, edges: str = EDGES) -> Path:
    folder.mkdir()
    (folder / "nodes.csv").write_text(nodes, "utf-8")
    (folder / "edges.csv").write_text(edges, "utf-8")
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """The tables above built by ``chainkg build``: the folder and the build's stderr lines."""
    root = tmp_path_factory.mktemp("checks")
    out = root / "out"
    result = run("build", str(tables(root / "in")), "--out", str(out))
    assert result.exit_code == 0, result.output
    return out, result.stderr.splitlines()


def test_every_kind_is_found_exactly(built: tuple[Path, list[str]]) -> None:
    out, _ = built
    assert check_graph(read_graph_json(out / "graph.json")) == EXPECTED


def test_the_build_finds_what_check_finds_and_says_so_one_line_a_kind(built: tuple[Path, list[str]]) -> None:
    _, stderr = built
    assert [line for line in stderr if line.startswith("data check:")] == SUMMARY
    assert summary_lines(EXPECTED) == SUMMARY


def test_the_build_checks_its_frozen_graph_as_check_does_the_graph_read_back(tmp_path: Path) -> None:
    result = build([tables(tmp_path / "in")], tmp_path / "out")
    assert result.findings == EXPECTED


def test_full_and_half_width_brackets_are_one_node_not_a_finding() -> None:
    kg = KnowledgeGraph()
    assert kg.add_node("Enterprise", "三一（北京）") == kg.add_node("Enterprise", "三一(北京)")
    assert check_graph(kg) == [Finding("isolated", "Enterprise", 1, ("三一(北京)",))]


def test_an_alias_taken_by_a_node_resolves_to_that_node_and_a_shared_one_to_none(built: tuple[Path, list[str]]) -> None:
    kg = read_graph_json(built[0] / "graph.json")
    assert kg.find("Enterprise", "中联") == "Enterprise:中联"
    assert kg.find("Enterprise", "三一") is None


def test_mentions_do_not_link_and_documents_are_not_looked_at() -> None:
    kg = KnowledgeGraph()
    doc = kg.add_node("Document", "a" * 64)
    mentioned = kg.add_node("Organization", "工业和信息化部")
    located = kg.add_node("Park", "长沙经开区")
    kg.add_edge("MENTIONED_IN", mentioned, doc, char_start=0)
    kg.add_edge("MENTIONED_IN", located, doc, char_start=9)
    kg.add_edge("LOCATED_IN", located, kg.add_node("Region", "长沙"))
    assert check_graph(kg) == [Finding("isolated", "Organization", 1, ("工业和信息化部",))]


def test_examples_are_the_first_few_sorted_and_the_count_is_all() -> None:
    kg = KnowledgeGraph()
    for name in ["戊", "乙", "丁", "甲", "丙"]:
        kg.add_node("Product", name)
    assert check_graph(kg, examples=2) == [Finding("isolated", "Product", 5, tuple(sorted("戊乙丁甲丙")[:2]))]


def test_a_clean_graph_has_no_findings_and_the_build_says_nothing(tmp_path: Path) -> None:
    nodes = "label,name,aliases\nProduct,锂,Li\nProduct,锂电池,\nEnterprise,宁德时代,CATL\nEnterprise,比亚迪,BYD\n"
    edges = "type,source,target,product\nUPSTREAM_OF,锂,锂电池,\nMAKES,宁德时代,锂电池,\nSUPPLIES,宁德时代,比亚迪,电芯\nSUPPLIES,比亚迪,宁德时代,电池包\nMAKES,比亚迪,锂,\n"
    out = tmp_path / "out"
    result = run("build", str(tables(tmp_path / "in", nodes, edges)), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert not [line for line in result.stderr.splitlines() if line.startswith("data check")]
    assert check_graph(read_graph_json(out / "graph.json")) == []
    result = run("check", str(out), "--strict")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "kind  in  count  examples\n----  --  -----  --------\n",
        f"checked {out}: nothing found\n",
    )


def test_check_lists_kinds_counts_and_examples_and_exits_0(built: tuple[Path, list[str]]) -> None:
    out, _ = built
    result = run("check", str(out), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [
        {"kind": f.kind, "in": f.scope, "count": f.count, "examples": "; ".join(f.examples)} for f in EXPECTED
    ]
    assert result.stderr == f"checked {out}: 13 found\n"


def test_check_strict_exits_1_after_printing_the_rows(built: tuple[Path, list[str]]) -> None:
    out, _ = built
    result = run("check", str(out), "--strict", "--format", "csv", "--examples", "1")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:3] == [
        "kind,in,count,examples",
        "self-loop,SUPPLIES,2,比亚迪",
        "self-loop,UPSTREAM_OF,1,锂",
    ]
    assert result.stdout.splitlines()[7] == "alias-taken,Enterprise,2,中联重科: alias 中联 = 中联"


def test_check_of_a_folder_without_a_graph_is_one_error_line(tmp_path: Path) -> None:
    result = run("check", str(tmp_path))
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"Error: no graph.json ({tmp_path / 'graph.json'}): run chainkg build --out on this folder first\n"
    )


# -- the alias checks read the model's name index: the same as reading the nodes' aliases ----


def aliases_from_nodes(kg: KnowledgeGraph) -> dict[str, tuple[set[tuple[str, str, str]], set[str]]]:
    """The reference: per label, (node, alias key, named node) of aliases another node is named,
    and the keys of aliases several nodes hold that no node is named, from every node's aliases."""
    found: dict[str, tuple[set[tuple[str, str, str]], set[str]]] = defaultdict(lambda: (set(), set()))
    for label in kg.schema.label_names:
        named = {normalise_name(attrs["name"]): nid for nid, attrs in kg.node_items(label)}
        owners: dict[str, set[str]] = defaultdict(set)
        for nid, attrs in kg.node_items(label):
            for alias in attrs["aliases"]:
                owners[normalise_name(alias)].add(nid)
        for key, nids in owners.items():
            if key in named:
                found[label][0].update((nid, key, named[key]) for nid in nids - {named[key]})
            elif len(nids) > 1:
                found[label][1].add(key)
    return {label: sets for label, sets in found.items() if any(sets)}


def aliases_from_check(kg: KnowledgeGraph) -> dict[str, tuple[set[tuple[str, str, str]], set[str]]]:
    found: dict[str, tuple[set[tuple[str, str, str]], set[str]]] = defaultdict(lambda: (set(), set()))
    for finding in check_graph(kg, examples=1_000):
        for example in finding.examples:
            if finding.kind == "alias-taken":
                holder, rest = example.split(": alias ")
                alias, named = rest.split(" = ")
                found[finding.scope][0].add(
                    (
                        f"{finding.scope}:{normalise_name(holder)}",
                        normalise_name(alias),
                        f"{finding.scope}:{normalise_name(named)}",
                    )
                )
            elif finding.kind == "alias-shared":
                found[finding.scope][1].add(normalise_name(example.split(": ")[0]))
    return dict(found)


NAMES = st.sampled_from(["三一", "三一重工", "三一集团", "中联", "中联重科", "Sany", "SANY "])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(["Enterprise", "Product"]), NAMES, st.lists(NAMES, max_size=3)), max_size=8),
    st.booleans(),
)
def test_alias_findings_are_what_the_nodes_aliases_say(nodes: list[tuple[str, str, list[str]]], fold: bool) -> None:
    kg = KnowledgeGraph()
    for label, name, aliases in nodes:
        kg.add_node(label, name, aliases=aliases, by_alias=False)
    if fold:
        kg.finalise()
    assert aliases_from_check(kg) == aliases_from_nodes(kg)
