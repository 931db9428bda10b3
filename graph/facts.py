"""Facts: what loaders produce and the model consumes.

A loader turns a file into :class:`NodeFact` and :class:`EdgeFact` records,
each knowing where it came from (``where`` = ``file:line``). :func:`apply_facts`
adds all nodes first, folds short names into their full records, then links
the edges, so an edge may name a node defined in another file, by any alias.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from chainkg.errors import ChainKGError, SchemaError

from .model import KnowledgeGraph

__all__ = ["NodeFact", "EdgeFact", "NodeRef", "apply_facts"]


@dataclass(frozen=True)
class NodeFact:
    """A node as stated by one source."""

    label: str
    name: str
    aliases: tuple[str, ...] = ()
    props: Mapping[str, Any] = field(default_factory=dict)
    evidence: tuple[Mapping[str, Any], ...] = ()
    where: str = ""


@dataclass(frozen=True)
class NodeRef:
    """A node named by a source; ``label`` may be left for the schema to infer."""

    name: str
    label: str | None = None


@dataclass(frozen=True)
class EdgeFact:
    """An edge as stated by one source."""

    type: str
    source: NodeRef
    target: NodeRef
    props: Mapping[str, Any] = field(default_factory=dict)
    evidence: tuple[Mapping[str, Any], ...] = ()
    where: str = ""


def apply_facts(kg: KnowledgeGraph, facts: Iterable[NodeFact | EdgeFact]) -> KnowledgeGraph:
    """Add ``facts`` to ``kg``: nodes, then short-name folding, then edges."""
    facts = list(facts)
    for fact in facts:
        if isinstance(fact, NodeFact):
            _located(fact.where, kg.add_node, fact.label, fact.name, aliases=fact.aliases, evidence=fact.evidence,
                     by_alias=False, **fact.props)
    kg.finalise()
    for fact in facts:
        if isinstance(fact, EdgeFact):
            _located(fact.where, _add_edge_fact, kg, fact)
    return kg


def _add_edge_fact(kg: KnowledgeGraph, fact: EdgeFact) -> None:
    rel = kg.schema.rel(fact.type)
    source = _resolve_end(kg, fact.source, {s for s, _ in rel.endpoints}, fact.type, "source")
    target = _resolve_end(kg, fact.target, {t for _, t in rel.endpoints}, fact.type, "target")
    kg.add_edge(fact.type, source, target, evidence=fact.evidence, **fact.props)


def _resolve_end(kg: KnowledgeGraph, ref: NodeRef, allowed: set[str], rel: str, end: str) -> str:
    if ref.label:
        return kg.resolve(ref.label, ref.name)
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
