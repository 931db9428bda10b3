"""The views' array and text fast paths against the plain ways they replaced.

* the page's data island, written record by record, is what Jinja's ``tojson`` wrote of the
  records (hostile strings, odd numbers, every label, mark and kind);
* who is away from a chain's regions, for every node at once, is ``regions_of`` node by node;
* a label's nodes found by bisection are the model's own list of them;
* the model's ``edge_values`` at some rows is the whole column at those rows, frozen or not;
* a table row's evidence line, read without decoding the record, is the decoded record's.
"""

from __future__ import annotations

import json

import jinja2.utils
from helpers import by_columns, by_rows, nodes, rows, schema_graphs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chainkg.graph.evidence import decode_evidence, encode_evidence
from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.views import GraphIndex
from chainkg.graph.views import page as page_module
from chainkg.graph.views.scene import Scene, ViewEdge, ViewNode
from chainkg.graph.views.style import EDGE_COLORS, LABEL_STYLE
from chainkg.graph.views.text import MAX_EVIDENCE, _evidence_block, evidence_line, sentence_index

TEXT = st.text(
    alphabet=st.sampled_from(["a", "<", ">", "&", "'", '"', "\\", "\n", "\x00", "\u2028", "甲", "😀", "\ud800", "/"]),
    max_size=24,
)
POSITIONS = st.one_of(
    st.none(),
    st.integers(-3, 3),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 0.05, 0.15, 1e16, 2.5e-7]),
)


@st.composite
def scenes(draw: st.DrawFn) -> Scene:
    scene = Scene("chain", draw(TEXT))
    for i in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["node", "slot", "aggregate"]))
        mark = draw(st.sampled_from(["", "gap", "unsolved", "tackling", "aggregate"]))
        name = draw(st.one_of(TEXT, st.sampled_from(["", "一个很长很长很长很长很长很长的名字啊"])))
        names = draw(st.one_of(st.just([name]), st.lists(TEXT, max_size=3)))
        node = ViewNode(
            draw(TEXT) + f"#{i}",
            draw(st.sampled_from(sorted(LABEL_STYLE))),
            name,
            draw(TEXT),
            kind=kind,
            mark=mark,
            names=names,
            x=draw(POSITIONS),
            y=draw(POSITIONS),
        )
        scene.nodes[node.key] = node
    keys = list(scene.nodes)
    for _ in range(draw(st.integers(0, 12))):  # parallel edges, self-loops, nodes with no edge
        scene.edges.append(
            ViewEdge(
                draw(st.sampled_from(keys)),
                draw(st.sampled_from(keys)),
                draw(st.sampled_from(sorted(EDGE_COLORS))),
                draw(TEXT),
                draw(st.sampled_from(["", "gap", "unsolved", "tackling", "aggregate"])),
                draw(TEXT),
            )
        )
    return scene


@settings(max_examples=300, deadline=None)
@given(scene=scenes(), view=st.dictionaries(TEXT, st.one_of(TEXT, st.integers(), st.lists(TEXT)), max_size=4))
def test_the_data_island_is_what_tojson_wrote_of_the_records(scene: Scene, view: dict) -> None:
    nodes_, edges = page_module.vis_records(scene)
    data = {"view": view, "nodes": nodes_, "edges": edges, "options": page_module._options(scene)}
    assert page_module.page_json(scene, view) == jinja2.utils.htmlsafe_json_dumps(
        data, dumps=json.dumps, sort_keys=True
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kg=schema_graphs(), data=st.data())
def test_who_is_away_from_some_regions_is_regions_of_node_by_node(kg: KnowledgeGraph, data: st.DataObject) -> None:
    index = GraphIndex(kg)
    regions = [kg.name_of(nid) for nid in index.of_label("Region")]
    local = frozenset(data.draw(st.lists(st.sampled_from([*regions, "别处"]), min_size=1)))
    away = index.away(local)
    assert {nid: bool(away[i]) for i, nid in enumerate(index.graph.ids)} == {
        nid: local.isdisjoint(index.regions_of(nid)) for nid, _ in kg.node_items()
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kg=schema_graphs())
def test_a_label_run_of_the_sorted_ids_is_the_models_list(kg: KnowledgeGraph) -> None:
    index = GraphIndex(kg)
    for label in kg.schema.label_names:
        assert index.of_label(label) == [nid for nid, _ in kg.node_items(label)]


@settings(max_examples=40, deadline=None)
@given(table=rows, data=st.data())
def test_edge_values_at_some_rows_are_the_column_at_those_rows(table: list, data: st.DataObject) -> None:
    for kg in (by_columns(nodes(), table), by_rows(nodes(), table)):
        count = len(kg.pairs("SUPPLIES"))  # rows of one edge merge
        picked = data.draw(st.lists(st.integers(0, count - 1), max_size=count) if count else st.just([]))
        for name in ("product", "volume", "evidence", "no_such_property"):
            whole = kg.edge_values("SUPPLIES", name)
            assert json.dumps(kg.edge_values("SUPPLIES", name, picked), default=repr) == json.dumps(
                [whole[r] for r in picked], default=repr
            )


@settings(max_examples=300, deadline=None)
@given(
    records=st.lists(
        st.fixed_dictionaries(
            {"line": st.integers(-3, 10**7), "path": st.one_of(TEXT, st.just("t.csv"))},
            optional={"doc": st.one_of(TEXT, st.integers()), "note": TEXT, "sentence": st.integers(0, 3), "text": TEXT},
        ),
        max_size=10,
    )
)
def test_a_table_rows_evidence_line_is_the_decoded_records(records: list[dict]) -> None:
    raws = [encode_evidence(record) for record in records]
    sentences = sentence_index(encode_evidence({"doc": "d", "sentence": 1, "text": "句子"}) for _ in range(1))
    expected = (
        ["evidence:", *("  " + evidence_line(decode_evidence(raw), sentences) for raw in raws[:MAX_EVIDENCE])]
        if raws
        else []
    )
    if len(raws) > MAX_EVIDENCE:
        expected.append(f"  … and {len(raws) - MAX_EVIDENCE} more records")
    assert _evidence_block(raws, sentences) == expected
