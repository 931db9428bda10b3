"""Coded columns (graph/storage/coded.py) and the column-wise node path build the same graph.

A table read as coded columns (distinct values and an index per row) must load exactly as the
same table read as plain lists, and a nodes table added column by column exactly as its rows
added one by one with ``add_node``: same graph.json, same conflicts, same first error.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from chainkg.errors import ChainKGError
from chainkg.graph.evidence import encode_evidence
from chainkg.graph.facts import EdgeBlock, apply_facts
from chainkg.graph.io.nodelink import dumps_graph_json
from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.storage.coded import Coded, distinct

NAMES = ["甲", "乙", "丙", "Ｚ", "z", "丁", ""]
PRODUCTS = ["钢", "轴承", "", " "]
VOLUMES = ["1.5", "", "2", "x", " 3 "]


def record(line: int) -> str:
    return encode_evidence({"doc": "d", "line": line, "path": "t.csv"})


def graph_with_nodes() -> KnowledgeGraph:
    kg = KnowledgeGraph()
    for name in ["甲", "乙", "丙", "Ｚ"]:
        kg.add_node("Enterprise", name)
    return kg


def outcome(make: Any) -> tuple[str, str | None]:
    """The graph.json a load gives, or the one-line error it raises."""
    try:
        return dumps_graph_json(make()), None
    except ChainKGError as exc:
        return "", exc.one_line()


def edge_block(rows: list[tuple[str, str, str, str]], coded: bool) -> EdgeBlock:
    columns = [list(column) for column in zip(*rows)] if rows else [[], [], [], []]
    if coded:
        columns = [Coded.of(column) for column in columns]
    sources, targets, products, volumes = columns
    lines = list(range(2, len(rows) + 2))
    return EdgeBlock(
        "t.csv",
        lines,
        ["SUPPLIES"] * len(rows),
        sources,
        targets,
        None,
        None,
        {"product": products, "volume": volumes},
        [record(line) for line in lines],
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(*(st.sampled_from(values) for values in (NAMES, NAMES, PRODUCTS, VOLUMES))), max_size=30))
def test_coded_edge_columns_load_as_lists_do(rows: list[tuple[str, str, str, str]]) -> None:
    as_lists = outcome(lambda: apply_facts(graph_with_nodes(), [edge_block(rows, coded=False)]))
    as_coded = outcome(lambda: apply_facts(graph_with_nodes(), [edge_block(rows, coded=True)]))
    assert as_coded == as_lists
    assert as_coded[1] is None or f"(t.csv:{first_bad_line(rows)})" in as_coded[1]


def first_bad_line(rows: list[tuple[str, str, str, str]]) -> int:
    """Where the load must fail: rows whose ends do not resolve are left out and reported
    together (the first in front), after the first property that breaks the schema in the others."""
    known = {"甲", "乙", "丙", "Ｚ", "z"}  # z is Ｚ, normalised
    linked = [line for line, row in enumerate(rows, start=2) if row[0] in known and row[1] in known]
    bad_props = [line for line, row in enumerate(rows, start=2) if line in linked and row[3] == "x"]
    if bad_props:
        return bad_props[0]
    unlinked = [line for line, row in enumerate(rows, start=2) if line not in linked]
    if unlinked:
        return unlinked[0]
    raise AssertionError("no bad row")


node_rows = st.lists(
    st.tuples(
        st.sampled_from(["三一", "三一重工", " 三一 ", "ＳＡＮＹ", "sany", "中联", "", "“”"]),
        st.sampled_from([(), ("三一重工",), ("sany", "SANY"), ("中联",)]),
        st.sampled_from(["", "三一重工股份有限公司", "中联重科", "三一"]),
        st.sampled_from(["", "长沙", "湘潭"]),
    ),
    max_size=20,
)


def by_rows(rows: list[tuple[str, tuple[str, ...], str, str]]) -> KnowledgeGraph:
    kg = KnowledgeGraph()
    for line, (name, aliases, full_name, region) in enumerate(rows, start=2):
        props = {key: value for key, value in (("full_name", full_name), ("region", region)) if value}
        try:
            kg.add_node("Enterprise", name, aliases=aliases, evidence=[record(line)], by_alias=False, **props)
        except ChainKGError as exc:
            raise exc.at(f"t.csv:{line}") from exc
    return kg


def by_columns(rows: list[tuple[str, tuple[str, ...], str, str]], labels: list[str] | None = None) -> KnowledgeGraph:
    kg = KnowledgeGraph()
    kg.add_node_columns(
        labels or ["Enterprise"] * len(rows),
        [row[0] for row in rows],
        [row[1] for row in rows],
        {"full_name": [row[2] for row in rows], "region": [row[3] for row in rows]},
        [record(line) for line in range(2, len(rows) + 2)],
        lambda row: f"t.csv:{row + 2}",
    )
    return kg


def conflicts(make: Any) -> list[str] | None:
    try:
        return make().conflicts
    except ChainKGError:
        return None


@settings(max_examples=200, deadline=None)
@given(node_rows)
def test_node_columns_add_as_rows_do(rows: list[tuple[str, tuple[str, ...], str, str]]) -> None:
    assert outcome(lambda: by_columns(rows)) == outcome(lambda: by_rows(rows))
    assert conflicts(lambda: by_columns(rows)) == conflicts(lambda: by_rows(rows))


def test_a_bad_property_is_reported_at_its_first_row() -> None:
    kg = KnowledgeGraph()
    try:
        kg.add_node_columns(
            ["Product"] * 3,
            ["钢", "铁", "铜"],
            [(), (), ()],
            {"stage": ["upstream", "sideways", "nowhere"]},
            [record(2), record(3), record(4)],
            lambda row: f"t.csv:{row + 2}",
        )
    except ChainKGError as exc:
        assert exc.where == "t.csv:3" and "sideways" in exc.what
    else:
        raise AssertionError("a stage outside the choices was accepted")


def test_coded_column_reads_as_a_list() -> None:
    column = Coded.of(["b", "a", "b", "c"])
    part = column.take([2, 1])
    assert list(part) == ["b", "a"] and part == ["b", "a"] and "c" not in part and "a" in part
    assert part.compact().values == ["b", "a"] and distinct(part) == {"a", "b"}
    assert column.index("c") == 3 and column[1:3] == ["a", "b"]
