"""The in-memory model: validation, identity, alias merging, determinism."""

from __future__ import annotations

import itertools
import random

import pytest
from helpers import read_everything
from hypothesis import given, settings
from hypothesis import strategies as st

from chainkg.errors import ChainKGError, SchemaError
from chainkg.graph.identity import node_id, normalise_name
from chainkg.graph.model import KnowledgeGraph


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("三一重工", "三一重工"),
        ("  Sany   Heavy ", "sany heavy"),
        ("ＳＡＮＹ", "sany"),
        ("“中联重科”", "中联重科"),
        ("《湖南》", "湖南"),
    ],
)
def test_normalise_name(raw: str, normal: str) -> None:
    assert normalise_name(raw) == normal


def test_ids_are_label_plus_normalised_name() -> None:
    assert node_id("Enterprise", " ＳＡＮＹ ") == "Enterprise:sany"
    assert node_id("Technology", "橡塑密封件") != node_id("Product", "橡塑密封件")


def test_same_node_twice_is_one_node_with_union_of_aliases_and_evidence() -> None:
    kg = KnowledgeGraph()
    first = kg.add_node("Enterprise", "中联重科", aliases=["中联"], evidence=[{"path": "a.csv", "line": 2}])
    second = kg.add_node("Enterprise", "中联重科", aliases=["Zoomlion"], evidence=[{"path": "b.csv", "line": 9}])
    assert first == second == "Enterprise:中联重科"
    node = kg.node(first)
    assert node["aliases"] == ["Zoomlion", "中联"]
    assert node["evidence"] == ['{"line":2,"path":"a.csv"}', '{"line":9,"path":"b.csv"}']
    assert len(kg) == 1


def test_an_alias_resolves_to_its_node_and_english_and_legal_names_count_as_aliases() -> None:
    kg = KnowledgeGraph()
    nid = kg.add_node("Enterprise", "中车株机", full_name="中车株洲电力机车有限公司", name_en="CRRC Zhuzhou Locomotive")
    assert kg.resolve("Enterprise", "crrc zhuzhou locomotive") == nid
    assert kg.resolve("Enterprise", "中车株洲电力机车有限公司") == nid
    assert kg.add_node("Enterprise", "CRRC Zhuzhou Locomotive", region="株洲") == nid
    assert kg.node(nid)["region"] == "株洲"


def test_parent_and_subsidiary_stay_two_nodes() -> None:
    kg = KnowledgeGraph()
    group = kg.add_node("Enterprise", "三一集团", aliases=["Sany Group", "三一"])
    listed = kg.add_node("Enterprise", "三一重工", aliases=["Sany Heavy Industry", "三一"])
    kg.add_edge("SUBSIDIARY_OF", listed, group)
    assert group != listed and len(kg) == 2
    with pytest.raises(SchemaError, match=r"alias of several nodes \(三一重工, 三一集团\)"):
        kg.resolve("Enterprise", "三一")


def test_short_name_node_folds_into_full_record_whatever_the_order() -> None:
    results = []
    for order in itertools.permutations(["short", "full", "edge"]):
        kg = KnowledgeGraph()
        for step in order:
            if step == "short":
                kg.add_node("Enterprise", "中联")
            elif step == "full":
                kg.add_node("Enterprise", "中联重科", aliases=["中联", "Zoomlion"])
            else:
                kg.add_node("Cluster", "长沙工程机械产业集群", level="national")
        kg.add_edge("MEMBER_OF", kg.resolve("Enterprise", "中联"), "Cluster:长沙工程机械产业集群")
        kg.finalise()
        results.append(([n["id"] for n in kg.nodes()], [e[:3] for e in kg.edges()]))
    assert all(result == results[0] for result in results)
    assert results[0][0] == ["Cluster:长沙工程机械产业集群", "Enterprise:中联重科"]


def test_folding_moves_edges_and_merges_duplicates() -> None:
    kg = KnowledgeGraph()
    short = kg.add_node("Enterprise", "山河", evidence=[{"line": 1}])
    park = kg.add_node("Park", "长沙经开区")
    kg.add_edge("LOCATED_IN", short, park, evidence=[{"line": 1}])
    full = kg.add_node("Enterprise", "山河智能", aliases=["山河"])
    kg.add_edge("LOCATED_IN", full, park, evidence=[{"line": 2}])
    assert kg.finalise() == 1
    edges = list(kg.edges())
    assert [(s, t, k) for s, t, k, _ in edges] == [("Enterprise:山河智能", "Park:长沙经开区", "LOCATED_IN")]
    assert edges[0][3]["evidence"] == ['{"line":1}', '{"line":2}']
    assert kg.node(full)["evidence"] == ['{"line":1}']


def test_supplies_edges_are_told_apart_by_product() -> None:
    kg = KnowledgeGraph()
    a, b = kg.add_node("Enterprise", "甲"), kg.add_node("Enterprise", "乙")
    kg.add_edge("SUPPLIES", a, b, product="液压件")
    kg.add_edge("SUPPLIES", a, b, product="密封件")
    kg.add_edge("SUPPLIES", a, b, product="液压件")
    assert sorted(k for _, _, k, _ in kg.edges()) == ["SUPPLIES|密封件", "SUPPLIES|液压件"]


def test_conflicting_property_keeps_first_and_is_recorded() -> None:
    kg = KnowledgeGraph()
    kg.add_node("Product", "液压件", stage="upstream")
    kg.add_node("Product", "液压件", stage="midstream")
    assert kg.node("Product:液压件")["stage"] == "upstream"
    assert kg.conflicts == ["Product:液压件: stage is 'upstream', ignored 'midstream'"]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda kg: kg.add_node("Company", "x"), "unknown label 'Company'"),
        (lambda kg: kg.add_node("Enterprise", "  "), "a Enterprise needs a name"),
        (lambda kg: kg.add_node("Enterprise", "x", stage="upstream"), "Enterprise has no property 'stage'"),
        (lambda kg: kg.add_node("Product", "x", stage="sideways"), "property 'stage' is 'sideways'"),
        (lambda kg: kg.add_node("Technology", "x", bottleneck="perhaps"), "property 'bottleneck' must be BOOL"),
        (lambda kg: kg.add_edge("MAKES", "Enterprise:nobody", "Product:x"), "no node with id 'Enterprise:nobody'"),
        (lambda kg: kg.link("SUPPLIES", ("Enterprise", "甲"), ("Enterprise", "丙")), "unknown Enterprise '丙'"),
        (
            lambda kg: kg.link("MAKES", ("Enterprise", "甲"), ("Enterprise", "甲")),
            "MAKES cannot go from Enterprise to Enterprise",
        ),
        (
            lambda kg: kg.link("FOLLOWS", ("Enterprise", "甲"), ("Enterprise", "甲")),
            "unknown relationship type 'FOLLOWS'",
        ),
    ],
)
def test_schema_violations_raise(call, message: str) -> None:
    kg = KnowledgeGraph()
    kg.add_node("Enterprise", "甲")
    with pytest.raises(SchemaError, match=message.replace("(", r"\(")):
        call(kg)


def test_hostile_names_are_data() -> None:
    kg = KnowledgeGraph()
    name = "x'}) DETACH DELETE n //<img src=x onerror=alert(1)>"
    nid = kg.add_node("Enterprise", name)
    assert kg.node(nid)["name"] == name


def test_to_networkx_is_a_copy() -> None:
    kg = KnowledgeGraph()
    nid = kg.add_node("Enterprise", "甲")
    copy = kg.to_networkx()
    copy.nodes[nid]["name"] = "changed"
    copy.add_node("stray")
    assert kg.node(nid)["name"] == "甲" and len(kg) == 1


def brute_force(kg: KnowledgeGraph) -> tuple[dict, dict, dict]:
    """Edges per type, node ids per label and counts read off the underlying graph, not the indexes."""
    graph = kg.to_networkx()
    edges: dict[str, list] = {}
    for source, target, key, attrs in sorted(graph.edges(keys=True, data=True), key=lambda row: row[:3]):
        edges.setdefault(attrs["type"], []).append((source, target, key, attrs))
    labels: dict[str, list] = {}
    for nid in sorted(graph.nodes):
        labels.setdefault(graph.nodes[nid]["label"], []).append(nid)
    counts = {
        "labels": {k: len(v) for k, v in sorted(labels.items())},
        "types": {k: len(v) for k, v in sorted(edges.items())},
    }
    return edges, labels, counts


def assert_indexes_match(kg: KnowledgeGraph) -> None:
    edges, labels, counts = brute_force(kg)
    assert kg.counts() == counts
    for rel in kg.schema.rel_names:
        expected = edges.get(rel, [])
        assert list(kg.edges(rel)) == expected
        assert sorted(kg.pairs(rel)) == sorted((s, t) for s, t, _, _ in expected)
    assert list(kg.edges()) == sorted((row for rows in edges.values() for row in rows), key=lambda row: row[:3])
    for label in kg.schema.label_names:
        assert [n["id"] for n in kg.nodes(label)] == labels.get(label, [])


def test_type_and_label_indexes_follow_folds_and_merges() -> None:
    kg = KnowledgeGraph()
    short = kg.add_node("Enterprise", "山河")
    other = kg.add_node("Enterprise", "铁建")
    park = kg.add_node("Park", "长沙经开区")
    product = kg.add_node("Product", "桩工机械")
    kg.add_edge("LOCATED_IN", short, park)
    kg.add_edge("SUPPLIES", short, other, product="液压件")
    kg.add_edge("SUPPLIES", other, short, product="钢材")
    kg.add_edge("SUPPLIES", short, short, product="自用")  # a loop moves with its node too
    kg.add_edge("MAKES", short, product, weight=0.5)
    full = kg.add_node("Enterprise", "山河智能", aliases=["山河"])
    kg.add_edge("MAKES", full, product)
    kg.add_edge("SUPPLIES", full, other, product="液压件", volume=3.0)
    assert_indexes_match(kg)
    assert kg.finalise() == 1
    assert_indexes_match(kg)
    assert sorted(kg.pairs("SUPPLIES")) == [(full, full), (full, other), (other, full)]
    assert [e[:3] for e in kg.edges("MAKES")] == [(full, product, "MAKES")]
    assert [n["id"] for n in kg.nodes("Enterprise")] == [full, other]
    assert kg.find("Enterprise", "山河") == full


def test_indexes_stay_right_whatever_is_added_and_folded() -> None:
    names = ["甲", "乙", "丙", "甲乙", "乙丙"]
    for seed in range(30):
        rng = random.Random(seed)
        kg = KnowledgeGraph()
        for _ in range(12):
            name = rng.choice(names)
            aliases = (
                rng.sample([n for n in names if n != name and len(n) < len(name)], k=rng.randint(0, 1))
                if len(name) > 1
                else []
            )
            try:
                kg.add_node("Enterprise", name, aliases=aliases)
            except SchemaError:  # an alias of several nodes: refused, as it must be
                continue
        kg.add_node("Product", "轴承")
        ids = [n["id"] for n in kg.nodes("Enterprise")]
        for _ in range(15):
            source, target = rng.choice(ids), rng.choice(ids)
            kg.add_edge(
                "SUPPLIES", source, target, product=rng.choice(["钢", "轴"]), evidence=[{"line": rng.randint(1, 3)}]
            )
            kg.add_edge("MAKES", source, "Product:轴承")
        assert_indexes_match(kg)
        kg.finalise()
        assert_indexes_match(kg)


def test_a_graph_is_freed_by_reference_counting_alone_after_folds_and_counts() -> None:
    import gc
    import weakref

    kg = KnowledgeGraph()
    short = kg.add_node("Enterprise", "山河")
    other = kg.add_node("Enterprise", "乙")
    kg.add_edge("SUPPLIES", short, other, product="钢")
    kg.add_edge("SUPPLIES", other, short, product="轴")
    kg.add_node("Enterprise", "山河智能", aliases=["山河"])
    assert kg.finalise() == 1 and kg.number_of_edges() == 2
    list(kg.edges()), kg.counts(), kg.pairs("SUPPLIES"), kg.node(other)
    graph = weakref.ref(kg)
    gc.collect()
    gc.disable()  # no cyclic collection: only reference counting may free it
    try:
        del kg
        assert graph() is None
        assert gc.collect() == 0  # and nothing it held was left in a reference cycle
    finally:
        gc.enable()


def test_a_frozen_graph_answers_as_before_and_thaws_on_change() -> None:
    from chainkg.graph.io.columns import GraphColumns
    from chainkg.graph.storage.frozen import FrozenEdges

    def graph() -> KnowledgeGraph:
        kg = KnowledgeGraph()
        a, b = kg.add_node("Enterprise", "甲\x00"), kg.add_node("Enterprise", "乙")
        product, region = kg.add_node("Product", "轴承"), kg.add_node("Region", "长沙")
        park = kg.add_node("Park", "经开区")
        kg.add_edge("SUPPLIES", a, b, product="钢", volume=2.5, evidence=[{"line": 1}])
        kg.add_edge("SUPPLIES", a, b, product="轴", evidence=[{"line": 2}, {"line": 3}])
        kg.add_edge("SUPPLIES", b, a, product="钢")
        kg.add_edge("MAKES", a, product, weight=0.5)
        kg.add_edge("MAKES", b, product)
        kg.add_edge("LOCATED_IN", a, region)
        kg.add_edge("LOCATED_IN", park, region)
        kg.add_edge("LOCATED_IN", b, park)
        return kg

    kg, reference = graph(), graph()
    expected = read_everything(reference)
    columns = GraphColumns(kg)
    kg.freeze_edges(columns.edges, columns.node_ids.to_pylist())
    assert all(type(store) is FrozenEdges for store in kg._edges.values())  # the dicts are gone
    assert read_everything(kg) == expected
    for model in (kg, reference):  # a change brings the dicts back, and the graph goes on as one never frozen
        model.add_edge("SUPPLIES", "Enterprise:乙", "Enterprise:甲\x00", product="轴", volume=1.0)
        model.add_node("Enterprise", "甲乙", aliases=["乙"])
        model.finalise()
    assert not any(type(store) is FrozenEdges for store in kg._edges.values())
    assert read_everything(kg) == read_everything(reference)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Enterprise", "Product", "Park", "Project", "Region"]), st.text(min_size=1, max_size=4)
        ),
        max_size=30,
    )
)
def test_nodes_of_a_label_come_sorted_and_only_theirs(rows: list[tuple[str, str]]) -> None:
    kg = KnowledgeGraph()
    for label, name in rows:
        try:
            kg.add_node(label, name)
        except ChainKGError:
            continue  # a name of nothing but spaces or quotes
    for label in ["Enterprise", "Product", "Park", "Project", "Region", "Chain"]:
        ids = [nid for nid, _ in kg.node_items(label)]
        assert ids == sorted(nid for nid, attrs in kg.node_items() if attrs["label"] == label)
