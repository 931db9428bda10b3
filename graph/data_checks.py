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

from .gcpause import paused_gc
from .identity import normalise_name
from .model import KnowledgeGraph

__all__ = ["KINDS", "ASYMMETRIC", "NOT_CONTENT", "EXAMPLES", "Finding", "check_graph", "summary_lines"]

# What each kind of finding means, in the order they are listed.
KINDS = {
    "self-loop": "an edge whose source is its target",
    "two-way": "A -> B and B -> A of a type that only goes one way (ASYMMETRIC)",
    "alias-taken": "an alias that is another node's name: it resolves to that node, not to its own",
    "alias-shared": "an alias of several nodes of a label: it resolves to none of them",
    "near-duplicate": "names of one label alike but for punctuation, spaces or width",
    "isolated": "a node with no edge but MENTIONED_IN (Document nodes are not looked at)",
}
# Types whose meaning has one direction only: a reverse edge contradicts the edge. SUPPLIES is
# not one (two firms may supply each other); the other types join two different labels.
ASYMMETRIC = ("LOCATED_IN", "PART_OF", "SUBSIDIARY_OF", "UPSTREAM_OF")
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
        ends = {rel: kg.edge_ends(rel) for rel in kg.schema.rel_names}  # (sources, targets): read twice, made once
        found = [*_self_loops(kg, ends), *_two_way(kg), *_aliases(kg), *_near_duplicates(kg), *_isolated(kg, ends)]
    return [Finding(kind, scope, count, tuple(heapq.nsmallest(examples, items))) for kind, scope, count, items in found if count]


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
_Ends = dict[str, tuple[list[str], list[str]]]


def _self_loops(kg: KnowledgeGraph, ends: _Ends) -> _Found:
    """Counted by edge: a type with a key (SUPPLIES by product) may loop on a node twice."""
    for rel, (sources, targets) in ends.items():
        loops = [s for s, t in zip(sources, targets) if s == t]
        yield "self-loop", rel, len(loops), [kg.name_of(nid) for nid in set(loops)]


def _two_way(kg: KnowledgeGraph) -> _Found:
    """Counted by pair of nodes, whatever the edges' keys."""
    for rel in ASYMMETRIC:
        pairs = set(kg.pairs(rel))
        found = [f"{kg.name_of(s)} <-> {kg.name_of(t)}" for s, t in pairs if s < t and (t, s) in pairs]
        yield "two-way", rel, len(found), found


def _aliases(kg: KnowledgeGraph) -> _Found:
    """An alias (or legal or English name: all are aliases) that does not lead to its node: the
    name of another node of its label (names win), or one shared with other nodes of the label."""
    for label in kg.schema.label_names:
        named: dict[str, str] = {}
        first: dict[str, tuple[str, str]] = {}  # normalised alias -> its first owner and spelling
        more: dict[str, set[str]] = {}  # ... -> every owner, for the few that have several
        for nid, attrs in kg.node_items(label):
            named[normalise_name(attrs["name"])] = nid
            for alias in attrs["aliases"]:
                key = normalise_name(alias)
                owner = first.setdefault(key, (nid, alias))[0]
                if owner != nid:
                    more.setdefault(key, {owner}).add(nid)
        taken, shared = [], []
        for key, (owner, spelling) in first.items():
            other, owners = named.get(key), more.get(key, {owner})
            if other is not None:
                taken += [f"{kg.name_of(nid)}: alias {spelling} = {kg.name_of(other)}" for nid in owners - {other}]
            elif len(owners) > 1:
                shared.append(f"{spelling}: {', '.join(sorted(kg.name_of(nid) for nid in owners))}")
        yield "alias-taken", label, len(taken), taken
        yield "alias-shared", label, len(shared), shared


def _near_duplicates(kg: KnowledgeGraph) -> _Found:
    for label in kg.schema.label_names:
        names = [attrs["name"] for _, attrs in kg.node_items(label)]
        keys = [normalise_name(name) for name in names]
        marks = _marks(keys)
        first: dict[str, str] = {}
        groups: dict[str, list[str]] = {}  # only the few keys with several names
        for name, key in zip(names, keys):
            bare = marks.sub("", key) if marks is not None else key
            if first.setdefault(bare, name) is not name:
                groups.setdefault(bare, [first[bare]]).append(name)
        found = [" = ".join(sorted(group)) for group in groups.values()]
        yield "near-duplicate", label, len(found), found


def _marks(texts: list[str]) -> re.Pattern[str] | None:
    """A pattern of the punctuation, separators and control or format characters (Unicode
    categories P*, Z*, Cc, Cf) that ``texts`` hold, None if they hold none; symbols (+, %, ℃) are not marks."""
    chars = sorted(ch for ch in set("".join(texts)) if unicodedata.category(ch)[0] in "PZ" or unicodedata.category(ch) in ("Cc", "Cf"))
    return re.compile("[" + "".join(map(re.escape, chars)) + "]") if chars else None


def _isolated(kg: KnowledgeGraph, ends: _Ends) -> _Found:
    linked: set[str] = set()
    for rel, (sources, targets) in ends.items():
        if rel not in NOT_CONTENT["types"]:
            linked.update(sources)
            linked.update(targets)
    for label in kg.schema.label_names:
        if label not in NOT_CONTENT["labels"]:
            found = [attrs["name"] for nid, attrs in kg.node_items(label) if nid not in linked]
            yield "isolated", label, len(found), found

