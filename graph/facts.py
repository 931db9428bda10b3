"""Facts: what loaders produce and the model consumes.

A loader turns a file into :class:`NodeFact` and :class:`EdgeFact` records,
each knowing where it came from (``where`` = ``file:line``). :func:`apply_facts`
adds all nodes first, folds short names into their full records, then links
the edges, so an edge may name a node defined in another file, by any alias.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from chainkg.errors import ChainKGError, SchemaError

from .gcpause import paused_gc
from .model import KnowledgeGraph

__all__ = ["NodeFact", "EdgeFact", "NodeRef", "apply_facts", "consume"]


_NO_PROPS: Mapping[str, Any] = MappingProxyType({})


# Named tuples rather than frozen dataclasses: as immutable, and a bulk load makes
# a million of them, which a frozen dataclass makes 2.5 times slower.
class NodeFact(NamedTuple):
    """A node as stated by one source."""

    label: str
    name: str
    aliases: tuple[str, ...] = ()
    props: Mapping[str, Any] = _NO_PROPS
    evidence: tuple[Mapping[str, Any], ...] = ()
    where: str = ""


class NodeRef(NamedTuple):
    """A node named by a source; ``label`` may be left for the schema to infer."""

    name: str
    label: str | None = None


class EdgeFact(NamedTuple):
    """An edge as stated by one source."""

    type: str
    source: NodeRef
    target: NodeRef
    props: Mapping[str, Any] = _NO_PROPS
    evidence: tuple[Mapping[str, Any], ...] = ()
    where: str = ""


def apply_facts(kg: KnowledgeGraph, facts: Iterable[NodeFact | EdgeFact]) -> KnowledgeGraph:
    """Add ``facts`` to ``kg``: nodes, then short-name folding, then edges.

    Each edge fact is let go once added, so that with :func:`consume` (the facts then
    held nowhere else) their memory goes to the graph as it grows."""
    with paused_gc():
        nodes: list[NodeFact] = []
        edges: list[EdgeFact] = []
        for fact in facts:
            if isinstance(fact, NodeFact):
                nodes.append(fact)
            elif isinstance(fact, EdgeFact):
                edges.append(fact)
        for fact in nodes:
            _located(fact.where, kg.add_node, fact.label, fact.name, aliases=fact.aliases, evidence=fact.evidence,
                     by_alias=False, **fact.props)
        del nodes
        kg.finalise()
        _add_edges(kg, edges)
        return kg


def consume(facts: list[NodeFact | EdgeFact]) -> Iterator[NodeFact | EdgeFact]:
    """The facts of ``facts`` in order, emptying the list as they are taken (for a caller
    that has no further use for them: ``apply_facts(kg, consume(facts))``)."""
    facts.reverse()
    while facts:
        yield facts.pop()


def _add_edges(kg: KnowledgeGraph, edges: list[EdgeFact]) -> None:
    linker = _Linker(kg)  # nodes no longer change: a name resolves the same way every time
    edges.reverse()
    while edges:
        fact = edges.pop()  # this list is the last to hold it: added, it is freed
        try:  # _located, inline: this loop runs once per edge
            linker.add(fact)
        except ChainKGError as exc:
            if exc.where or not fact.where:
                raise
            raise exc.at(fact.where) from exc


class _Linker:
    """Adds edge facts, remembering how each endpoint name resolved."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        self.resolved: dict[tuple[str, str | None, str, str], str] = {}
        self.ends: dict[str, tuple[set[str], set[str]]] = {}

    def add(self, fact: EdgeFact) -> None:
        ends = self.ends.get(fact.type)
        if ends is None:
            endpoints = self.kg.schema.rel(fact.type).endpoints
            ends = self.ends[fact.type] = ({s for s, _ in endpoints}, {t for _, t in endpoints})
        source = self.end(fact.source, ends[0], fact.type, "source")
        target = self.end(fact.target, ends[1], fact.type, "target")
        self.kg.add_edge(fact.type, source, target, evidence=fact.evidence, **fact.props)

    def end(self, ref: NodeRef, allowed: set[str], rel: str, end: str) -> str:
        key = (ref.name, ref.label, rel, end) if ref.label is None else (ref.name, ref.label, "", "")
        found = self.resolved.get(key)
        if found is None:
            found = self.resolved[key] = _resolve_end(self.kg, ref, allowed, rel, end)
        return found


def _resolve_end(kg: KnowledgeGraph, ref: NodeRef, allowed: set[str], rel: str, end: str) -> str:
    if ref.label:
        return kg.resolve(ref.label, ref.name)
    if len(allowed) == 1 and (nid := kg.find(next(iter(allowed)), ref.name)):
        return nid
    found = sorted({nid for label in allowed if (nid := kg.find(label, ref.name))})
    if len(found) == 1:
        return found[0]
    if not found:
        raise SchemaError(
            f"unknown {end} {ref.name!r} for {rel} (looked among {', '.join(sorted(allowed))})",
            fix="add that node to a nodes table or fix the name",
        )
    raise SchemaError(
        f"{end} {ref.name!r} of {rel} matches several nodes ({', '.join(found)})",
        fix=f"give the {end}_label column",
    )


def _located(where: str, func: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return func(*args, **kwargs)
    except ChainKGError as exc:
        if exc.where or not where:
            raise
        raise exc.at(where) from exc
