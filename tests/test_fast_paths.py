"""Shortcuts taken for speed give exactly what the general path gives."""

from __future__ import annotations

import json

import pytest

from chainkg.errors import SchemaError
from chainkg.graph.evidence import encode_evidence, union_evidence


@pytest.mark.parametrize(
    "record",
    [
        {"doc": "1f13449ba0d09cb5", "path": "synth/supplies.csv", "line": 12345},
        {"path": 'p/路径\u2028 "q" \\.csv', "doc": "d\n\x00é€", "line": -3},
        {"doc": "x", "path": "y", "line": 10**30},
        {"doc": "x", "path": "y", "line": True},  # a bool is not a line number: the general path
        {"doc": "x", "path": "y", "line": 2.0},
        {"doc": "x", "path": 7, "line": 2},
        {"doc": "x", "note": "n", "line": 2},
        {"doc": "x", "path": "y", "line": 2, "note": "n"},
        {"doc": "x", "path": "y", "line": 2, "note": '"引号"\t'},
        {"doc": "x", "path": "y", "line": 2, "note": None},
        {"doc": "x", "path": "y", "line": 2, "other": "n"},
    ],
)
def test_table_evidence_is_encoded_as_the_general_encoder_does(record: dict) -> None:
    expected = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert encode_evidence(record) == expected
    assert encode_evidence(record) == expected  # the remembered head gives the same again


def test_a_table_shaped_record_with_a_bad_value_is_still_refused() -> None:
    with pytest.raises(SchemaError, match="flat object of scalars"):
        encode_evidence({"doc": "x", "path": ["y"], "line": 1})


@pytest.mark.parametrize("groups", [([],), (["b"],), (["b", "a"],), (["b"], ["a", "b"]), (("b",),), ({"a"},)])
def test_union_of_one_or_more_groups(groups: tuple) -> None:
    merged = union_evidence(*groups)
    assert merged == sorted(set().union(*groups))
    assert all(merged is not group for group in groups)  # never the caller's own list


def test_edges_come_sorted_by_source_target_key_even_with_nul_and_prefix_names() -> None:
    from chainkg.graph.model import KnowledgeGraph

    kg = KnowledgeGraph()
    names = ["甲", "甲乙", "甲\x00", "甲\x00乙", "a", "a b", "ab", "b"]
    ids = [kg.add_node("Enterprise", name) for name in names]
    for source in ids:
        for target in ids[:4]:
            for product in ("x", "x\x00", "", "xy"):
                kg.add_edge("SUPPLIES", source, target, product=product)
    rows = [edge[:3] for edge in kg.edges("SUPPLIES")]
    assert rows == sorted(rows) and len(rows) == len(ids) * 4 * 4
    clean = KnowledgeGraph()  # no NULs: the joined-string order must be the tuple order too
    ids = [clean.add_node("Enterprise", name) for name in ["甲", "甲乙", "甲 乙", "a", "ab", "a b"]]
    for source in ids:
        for target in ids:
            clean.add_edge("SUPPLIES", source, target, product=source[-1])
    rows = [edge[:3] for edge in clean.edges()]
    assert rows == sorted(rows)


def test_paused_gc_restores_the_collector_as_it_was() -> None:
    import gc

    import chainkg.graph.storage.gcpause as gcpause

    gc.disable()
    try:
        with gcpause.paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # it was off: it stays off
    finally:
        gc.enable()
    with pytest.raises(ValueError), gcpause.paused_gc():
        raise ValueError("inside")
    assert gc.isenabled()


def test_consumed_facts_give_the_same_graph_and_leave_the_list_empty() -> None:
    from chainkg.graph.facts import EdgeFact, NodeFact, NodeRef, apply_facts, consume
    from chainkg.graph.io.nodelink import dumps_graph_json
    from chainkg.graph.model import KnowledgeGraph

    facts = [
        EdgeFact("SUPPLIES", NodeRef("中联"), NodeRef("乙"), {"product": "钢"}, ({"line": 3},), "e.csv:3"),
        NodeFact("Enterprise", "中联"),
        NodeFact("Enterprise", "乙"),
        NodeFact("Enterprise", "中联重科", ("中联",)),
        "not a fact",  # ignored, as before
    ]
    kept = list(facts)
    expected = dumps_graph_json(apply_facts(KnowledgeGraph(), kept))
    assert kept == facts
    assert dumps_graph_json(apply_facts(KnowledgeGraph(), consume(facts))) == expected and facts == []
    assert "Enterprise:中联重科" in expected and '"source":"Enterprise:中联重科"' in expected
