"""Data checks: what in a built graph is most likely a mistake of the data, not of the schema.

The schema already refuses what cannot be (a label pair a type does not allow, a property of the
wrong type); these checks list what it lets through, kind by kind (see :data:`KINDS`), each with
a count and a few examples. They read the model through its public methods and take time linear
in its nodes and edges.

>>> from chainkg.graph.model import KnowledgeGraph
>>> kg = KnowledgeGraph()
>>> lithium = kg.add_node("Product", "锂")
>>> battery = kg.add_node("Product", "锂电池")
>>> _ = kg.add_edge("UPSTREAM_OF", lithium, battery)
>>> _ = kg.add_edge("UPSTREAM_OF", battery, lithium)
>>> _ = kg.add_edge("UPSTREAM_OF", lithium, lithium)
>>> for finding in check_graph(kg):
...     print(finding.kind, finding.scope, finding.count, finding.examples)
self-loop UPSTREAM_OF 1 ('锂',)
two-way UPSTREAM_OF 1 ('锂 <-> 锂电池',)
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from chainkg.graph.identity import normalise_name
from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.storage.gcpause import paused_gc

__all__ = ["ASYMMETRIC", "EXAMPLES", "KINDS", "NOT_CONTENT", "Finding", "check_graph", "summary_lines"]

# What each kind of finding means, in the order they are listed.
KINDS = {
    "self-loop": "an edge whose source is its target",
    "two-way": "A -> B and B -> A of a type that goes one way only (ASYMMETRIC)",
    "alias-taken": "an alias that is another node's name: it resolves to that node, not to its own",
    "alias-shared": "an alias of several nodes of a label: it resolves to none of them",
    "near-duplicate": "names of one label alike but for punctuation, spaces, control or format characters",
    "isolated": "a node with no edge but MENTIONED_IN (Document nodes are not looked at)",
}
# Types whose meaning goes one way only, and between nodes of which labels (None: any): a reverse
# edge contradicts the edge. Not SUPPLIES (two firms may supply each other), nor UPSTREAM_OF between
# industries (a count of supply ties: two industries do supply each other); the other types join
# two different labels, so no reverse edge can exist.
ASYMMETRIC: dict[str, frozenset[str] | None] = {
    "LOCATED_IN": None,
    "PART_OF": None,
    "SUBSIDIARY_OF": None,
    "UPSTREAM_OF": frozenset({"Product"}),
}
# What is not content: a Document is there to be mentioned in, and a mention ties nothing to a chain.
NOT_CONTENT = {"labels": ("Document",), "types": ("MENTIONED_IN",)}
EXAMPLES = 3  # listed per kind and label or type


@dataclass(frozen=True)
class Finding:
    """One kind of finding in one label or type: how many, and the first few (sorted) as text."""

    kind: str
    scope: str
    count: int
    examples: tuple[str, ...]


def check_graph(kg: KnowledgeGraph, examples: int = EXAMPLES) -> list[Finding]:
    """Every finding of the graph, in the order of :data:`KINDS`, then by label or type; empty when clean."""
    with paused_gc():  # sets of pairs over a graph of millions of objects: no collection needs to walk them
        edges, linked = _edge_checks(kg)
        found = sorted(
            [*edges, *_aliases(kg), *_node_checks(kg, linked)], key=lambda row: _ORDER[row[0]]
        )  # stable: labels, types in schema order
    return [
        Finding(kind, scope, count, tuple(heapq.nsmallest(examples, items)))
        for kind, scope, count, items in found
        if count
    ]


def summary_lines(findings: Iterable[Finding]) -> list[str]:
    """One line per kind with findings, e.g. ``data check: 104 self-loop (UPSTREAM_OF 104), see chainkg check``."""
    by_kind: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_kind[finding.kind].append(finding)
    return [
        f"data check: {sum(f.count for f in group)} {kind} ({', '.join(f'{f.scope} {f.count}' for f in group)}), see chainkg check"
        for kind, group in by_kind.items()
    ]


# kind, label or type, how many, and each (or, for self-loops, each node) as text
_Found = Iterator[tuple[str, str, int, list[str]]]
_ORDER = {kind: place for place, kind in enumerate(KINDS)}


def _edge_checks(kg: KnowledgeGraph) -> tuple[list[tuple[str, str, int, list[str]]], set[str]]:
    """Self-loops of every type and two-way pairs of the ASYMMETRIC ones, on the ends' ranks
    (:meth:`~KnowledgeGraph.edge_ranks`: arrays, no string per edge); and the ids of the nodes
    with an edge of content (not NOT_CONTENT)."""
    found: list[tuple[str, str, int, list[str]]] = []
    marks: dict[int, tuple[list[str], np.ndarray]] = {}  # the types' id lists (usually one) and who has an edge
    for rel in kg.schema.rel_names:
        ids, table = kg.edge_ranks(rel)
        sources = table["source_rank"].to_numpy().astype(np.int64)
        targets = table["target_rank"].to_numpy().astype(np.int64)
        loops = sources == targets  # counted by edge: a type with a key (SUPPLIES by product) may loop twice on a node
        found.append(("self-loop", rel, int(loops.sum()), [kg.name_of(ids[r]) for r in np.unique(sources[loops])]))
        if rel in ASYMMETRIC:  # counted by pair of nodes, whatever the edges' keys
            both = np.isin(targets * len(ids) + sources, sources * len(ids) + targets) & (sources < targets)
            pairs = [
                (ids[p // len(ids)], ids[p % len(ids)])
                for p in np.unique(sources[both] * len(ids) + targets[both]).tolist()
            ]
            labels = ASYMMETRIC[rel]
            named = [
                f"{kg.name_of(s)} <-> {kg.name_of(t)}" for s, t in pairs if labels is None or kg.label_of(s) in labels
            ]
            found.append(("two-way", rel, len(named), named))
        if rel not in NOT_CONTENT["types"] and len(sources):
            mark = marks.setdefault(id(ids), (ids, np.zeros(len(ids), bool)))[1]
            mark[sources] = mark[targets] = True
    linked = {ids[r] for ids, mark in marks.values() for r in np.flatnonzero(mark).tolist()}
    return found, linked


def _aliases(kg: KnowledgeGraph) -> _Found:
    """A name several nodes of a label answer to (an alias, legal or English name of one, or the
    name of another): it resolves to the node so named (alias-taken: not to the others), or to none."""
    taken: dict[str, list[str]] = defaultdict(list)
    shared: dict[str, list[str]] = defaultdict(list)
    for label, key, owners in kg.shared_names():
        named = [nid for nid in owners if normalise_name(kg.name_of(nid)) == key]
        if named:
            taken[label] += [
                f"{kg.name_of(nid)}: alias {_spelling(kg, nid, key)} = {kg.name_of(named[0])}"
                for nid in owners - {named[0]}
            ]
        else:
            names = sorted(kg.name_of(nid) for nid in owners)
            shared[label].append(f"{_spelling(kg, min(owners), key)}: {', '.join(names)}")
    for label in kg.schema.label_names:
        yield "alias-taken", label, len(taken[label]), taken[label]
        yield "alias-shared", label, len(shared[label]), shared[label]


def _spelling(kg: KnowledgeGraph, nid: str, key: str) -> str:
    """How node ``nid`` spells the alias normalised to ``key``."""
    return next((alias for alias in kg.node(nid)["aliases"] if normalise_name(alias) == key), key)


def _node_checks(kg: KnowledgeGraph, linked: set[str]) -> _Found:
    """Per label, names alike but for marks (near-duplicate: counted by group) and nodes with no
    edge of content (isolated); a node's id holds its normalised name after the label."""
    for label in kg.schema.label_names:
        items, start = list(kg.node_items(label)), len(label) + 1
        marks = _marks([nid[start:] for nid, _ in items])
        groups: dict[str, list[str]] = defaultdict(list)  # bare name -> the names with marks that leave it
        if marks is not None:
            for nid, attrs in items:
                if marks.search(nid, start):
                    groups[marks.sub("", nid[start:])].append(attrs["name"])
        for bare, names in groups.items():
            if f"{label}:{bare}" in kg:  # the node named without the marks
                names.append(kg.name_of(f"{label}:{bare}"))
        found = [" = ".join(sorted(names)) for names in groups.values() if len(names) > 1]
        yield "near-duplicate", label, len(found), found
        if label not in NOT_CONTENT["labels"]:
            found = [attrs["name"] for nid, attrs in items if nid not in linked]
            yield "isolated", label, len(found), found


def _marks(texts: list[str]) -> re.Pattern[str] | None:
    """A pattern of the punctuation, separators and control or format characters (Unicode
    categories P*, Z*, Cc, Cf) that ``texts`` hold, None if they hold none; symbols (+, ℃, ￥) are not marks."""
    chars = sorted(
        ch
        for ch in set("".join(texts))
        if unicodedata.category(ch)[0] in "PZ" or unicodedata.category(ch) in ("Cc", "Cf")
    )
    return re.compile("[" + "".join(map(re.escape, chars)) + "]") if chars else None
