"""Edges held in frozen Arrow tables answer exactly as edges held in dicts.

A table's rows go straight into a frozen table when they can (graph/storage/frozen.py); the same rows
added one by one with ``add_edge`` take the dict path. Whatever the rows, both graphs must read
the same through every method, write the same graph.json, and go on the same after changes.
"""

from __future__ import annotations

import json

from helpers import by_columns, by_rows, nodes, read_everything, rows
from hypothesis import given, settings

from chainkg.graph.io.edge_lines import edge_section
from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.storage.edges import DictEdges
from chainkg.graph.storage.frozen import FrozenEdges


def comparable(kg: KnowledgeGraph) -> str:
    """read_everything as text (NaN volumes compare equal as text, not as floats), with the
    edges' lines as Arrow makes them (no fallback to the line-by-line writer can hide a bug)."""
    lines = b"".join(map(bytes, edge_section(kg))).decode("utf-8")
    return json.dumps([read_everything(kg), lines], default=repr, ensure_ascii=False)


@settings(max_examples=150, deadline=None)
@given(rows)
def test_rows_read_the_same_frozen_or_in_dicts(table: list[tuple[str, str, str, float | None]]) -> None:
    frozen, dicts = by_columns(nodes(), table), by_rows(nodes(), table)
    assert comparable(frozen) == comparable(dicts)
    assert frozen.conflicts == dicts.conflicts


@settings(max_examples=60, deadline=None)
@given(rows, rows)
def test_a_second_table_and_later_changes_go_on_the_same(first: list, second: list) -> None:
    frozen, dicts = by_columns(nodes(), first), by_rows(nodes(), first)
    by_columns(frozen, second), by_rows(dicts, second)
    for kg in (frozen, dicts):
        kg.add_edge("MAKES", kg.resolve("Enterprise", "甲"), "Product:轴承", weight=0.5)
        kg.add_node("Enterprise", "甲乙丙", aliases=["丙"])
        kg.finalise()
    assert comparable(frozen) == comparable(dicts)


def test_the_fast_path_is_taken_and_duplicates_fall_back_to_dicts() -> None:
    kg = by_columns(nodes(), [("甲", "乙", "钢", 1.0), ("乙", "甲", "钢", None)])
    assert type(kg._edges["SUPPLIES"]) is FrozenEdges
    twice = by_columns(nodes(), [("甲", "乙", "钢", 1.0), ("甲", "乙", "钢", 2.0)])
    assert type(twice._edges["SUPPLIES"]) is DictEdges and len(twice._edges["SUPPLIES"]) == 1
    assert twice.conflicts  # the second volume differs: recorded as the dict path records it


@settings(max_examples=40, deadline=None)
@given(rows)
def test_edge_values_line_up_with_pairs_frozen_or_not(table: list[tuple[str, str, str, float | None]]) -> None:
    for kg in (by_columns(nodes(), table), by_rows(nodes(), table)):
        expected = [
            (s, t, a.get("product"), a.get("volume"), a.get("evidence")) for s, t, _, a in kg.edge_items("SUPPLIES")
        ]
        values = [kg.edge_values("SUPPLIES", name) for name in ("product", "volume", "evidence")]
        got = list(zip(*zip(*kg.pairs("SUPPLIES")), *values)) if table else []
        assert sorted(json.dumps(row, default=repr) for row in got) == sorted(
            json.dumps(row, default=repr) for row in expected
        )


def test_a_second_table_without_common_edges_stays_frozen() -> None:
    kg = by_columns(nodes(), [("甲", "乙", "钢", 1.0)])
    by_columns(kg, [("乙", "甲", "钢", 2.0), ("甲", "乙", "轴承", None)])
    assert type(kg._edges["SUPPLIES"]) is FrozenEdges
    assert comparable(kg) == comparable(
        by_rows(by_rows(nodes(), [("甲", "乙", "钢", 1.0)]), [("乙", "甲", "钢", 2.0), ("甲", "乙", "轴承", None)])
    )
    by_columns(kg, [("甲", "乙", "钢", 1.0)])  # an edge already there: merged through the dicts
    assert type(kg._edges["SUPPLIES"]) is DictEdges and len(kg._edges["SUPPLIES"]) == 3
