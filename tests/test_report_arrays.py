"""The report's fast parts give exactly what their plain versions give.

The report reads edges as the model's columns of node ranks (``edge_ranks``), orders rows
by packing keys into one sorted int64 (``stable_order``), builds the completeness rows and
picks the critical suppliers on arrays, and writes report.json with its own indented
encoder (``dumps_indented``). Each is checked here against the plain thing it replaces, on
hypothesis-made input; the report as a whole against the definitions in
test_report_speed_equivalence.py.
"""

from __future__ import annotations

import enum
import json
import math

import numpy as np
from helpers import by_columns, by_rows, frozen, nodes, rows
from hypothesis import given, settings
from hypothesis import strategies as st
from reference import ref_report

from chainkg.graph.analysis.analytics import completeness_table
from chainkg.graph.analysis.report import TOP_SUPPLIERS, chain_report
from chainkg.graph.arrays import stable_order
from chainkg.graph.io.jsontext import dumps_indented
from chainkg.graph.model import KnowledgeGraph

# -- edge_ranks ------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(rows)
def test_edge_ranks_line_up_with_pairs_frozen_or_not(table: list[tuple[str, str, str, float | None]]) -> None:
    for kg in (by_columns(nodes(), table), by_rows(nodes(), table), frozen(by_rows(nodes(), table))):
        node_ids, columns = kg.edge_ranks("SUPPLIES")
        assert node_ids == [nid for nid, _ in kg.node_items()]
        assert columns.column_names == ["source_rank", "target_rank", "product", "volume"]
        ends = zip(columns["source_rank"].to_pylist(), columns["target_rank"].to_pylist())
        assert [(node_ids[source], node_ids[target]) for source, target in ends] == kg.pairs("SUPPLIES")
        assert columns["product"].to_pylist() == kg.edge_values("SUPPLIES", "product")
        volumes = columns["volume"].to_pylist()
        assert json.dumps(volumes, default=repr) == json.dumps(kg.edge_values("SUPPLIES", "volume"), default=repr)


def test_edge_ranks_of_a_type_with_no_edges() -> None:
    node_ids, columns = nodes().edge_ranks("MAKES")
    assert len(node_ids) == 7 and columns.num_rows == 0
    assert columns.column_names == ["source_rank", "target_rank", "weight"]


# -- stable_order ----------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 40), max_size=60), st.sampled_from([41, 2**40, 2**62]), st.booleans())
def test_stable_order_is_a_stable_argsort(keys: list[int], bound: int, ascending: bool) -> None:
    # 2**62 x more than one key does not fit an int64: the argsort path
    array = np.array(sorted(keys) if ascending else keys, dtype=np.int64)
    assert stable_order(array, bound).tolist() == np.argsort(array, kind="stable").tolist()


# -- completeness_table ----------------------------------------------------------------------


def plain_completeness(chain: str, names: list[str], local: np.ndarray, regions: list[str]) -> list[dict]:
    rows = []
    for column, region in enumerate(regions):
        here = [i for i in range(len(names)) if local[i, column]]
        if here:
            rows.append(
                {
                    "chain": chain,
                    "region": region,
                    "products": len(names),
                    "local": len(here),
                    "share": round(len(here) / len(names), 4),
                    "missing": [name for i, name in enumerate(names) if i not in here],
                }
            )
    return rows


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 7), st.integers(0, 6), st.data())
def test_completeness_table_is_the_plain_one(products: int, regions: int, data: st.DataObject) -> None:
    cells = data.draw(st.lists(st.booleans(), min_size=products * regions, max_size=products * regions))
    local = np.array(cells, dtype=bool).reshape(products, regions)
    names, places = [f"产品{i}" for i in range(products)], [f"地区{j}" for j in range(regions)]
    assert completeness_table("链", names, local, places) == plain_completeness("链", names, local, places)


# -- critical suppliers: the ten best and their ties ------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 23), st.integers(0, 23)), max_size=60))
def test_critical_suppliers_among_many_with_ties(extra: list[tuple[int, int]]) -> None:
    # 24 suppliers feed the one maker of a chain's one product, so more than ten compete; extra
    # supplies among them make ties on (dependents, customers) that only names break
    kg = KnowledgeGraph()
    kg.add_node("Chain", "链")
    kg.add_node("Product", "产品")
    kg.link("PART_OF", ("Product", "产品"), ("Chain", "链"))
    kg.add_node("Enterprise", "制造商")
    kg.link("MAKES", ("Enterprise", "制造商"), ("Product", "产品"))
    names = [f"供应商{i:02d}" for i in range(24)]
    for name in names:
        kg.add_node("Enterprise", name)
        kg.link("SUPPLIES", ("Enterprise", name), ("Enterprise", "制造商"), product="零件")
    for source, target in extra:
        kg.link("SUPPLIES", ("Enterprise", names[source]), ("Enterprise", names[target]), product="材料")
    want = ref_report(kg)
    assert len(want["chains"][0]["critical_suppliers"]) == TOP_SUPPLIERS
    assert chain_report(kg) == want
    assert chain_report(frozen(kg)) == want


# -- dumps_indented --------------------------------------------------------------------------


class Level(enum.IntEnum):
    LOW = 1


scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
    | st.sampled_from(["", '\x00\n"\\', "引号“”", "\u2028", "\ud800", Level.LOW])
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=4), inner, max_size=5)
        | st.dictionaries(st.integers(), inner, max_size=3)
        | st.lists(st.text(max_size=3), max_size=5)
        | st.lists(st.fixed_dictionaries({"b": inner, "a": inner}, optional={"é": inner}), max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=500, deadline=None)
@given(values, st.sampled_from([1, 2]))
def test_dumps_indented_is_json_dumps(value: object, indent: int) -> None:
    assert dumps_indented(value, indent) == json.dumps(value, ensure_ascii=False, indent=indent, sort_keys=True)


def test_dumps_indented_refuses_what_json_refuses() -> None:
    for bad in ({"a": {1, 2}}, [object()], {"a": 1, 2: "b"}):
        try:
            json.dumps(bad, ensure_ascii=False, indent=1, sort_keys=True)
        except TypeError as exc:
            expected = type(exc)
        try:
            dumps_indented(bad)
        except TypeError as exc:
            assert type(exc) is expected
        else:
            raise AssertionError(f"{bad!r} was encoded")
    assert math.isnan(json.loads(dumps_indented(float("nan"))))
