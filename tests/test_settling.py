"""apply_facts tells when the nodes, and then each edge type, are settled.

The build copies each type into the database as soon as apply_facts says it is settled, while
the next facts are linked: a type reported too early would go into the database short of edges.
"""

from __future__ import annotations

from pathlib import Path

from chainkg.graph.evidence import encode_evidence
from chainkg.graph.facts import EdgeBlock, EdgeFact, NodeFact, NodeRef, apply_facts
from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.storage.coded import Coded
from chainkg.loaders import DocumentOptions, load_inputs

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "hunan"


def record(line: int) -> str:
    return encode_evidence({"doc": "d", "line": line, "path": "t.csv"})


def watched(facts: list) -> tuple[KnowledgeGraph, list[tuple[str, object]]]:
    """The graph the facts make, and what was reported settled, with the counts seen then."""
    seen: list[tuple[str, object]] = []

    def nodes(kg: KnowledgeGraph) -> None:
        seen.append(("nodes", kg.counts()["labels"]))

    def edges(kg: KnowledgeGraph, rels: list[str]) -> None:
        seen.extend((rel, kg.counts()["types"].get(rel, 0)) for rel in rels)

    return apply_facts(KnowledgeGraph(), facts, on_nodes=nodes, on_edges=edges), seen


def test_each_type_is_reported_once_after_its_last_fact_with_all_its_edges() -> None:
    facts = [NodeFact("Enterprise", name) for name in "甲乙丙丁"]
    block = EdgeBlock(
        "t.csv",
        [2, 3, 4],
        Coded.of(["SUPPLIES", "SUBSIDIARY_OF", "SUPPLIES"]),
        Coded.of(["甲", "乙", "乙"]),
        Coded.of(["乙", "丙", "丙"]),
        None,
        None,
        {},
        [record(2), record(3), record(4)],
    )
    late = EdgeFact("SUPPLIES", NodeRef("丙"), NodeRef("丁"), where="t.txt:1")
    kg, seen = watched([*facts, block, EdgeFact("SUBSIDIARY_OF", NodeRef("丙"), NodeRef("甲")), late])
    assert seen[0] == ("nodes", {"Enterprise": 4})
    assert seen[1:] == [("SUBSIDIARY_OF", 2), ("SUPPLIES", 3)]
    assert kg.counts()["types"] == {"SUBSIDIARY_OF": 2, "SUPPLIES": 3}


def test_the_example_reports_every_type_with_its_final_count() -> None:
    kg, seen = watched(load_inputs([EXAMPLE], DocumentOptions()))
    reported = dict(seen[1:])
    assert seen[0] == ("nodes", kg.counts()["labels"])
    assert len(reported) == len(seen) - 1  # once each
    assert reported == kg.counts()["types"]
