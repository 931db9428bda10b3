"""From mentions and rule outputs to facts with provenance.

Entities are merged per (label, name); a technology's status is the strongest
the document states (breakthrough > tackling > unsolved). Each mention becomes
a ``MENTIONED_IN`` edge to the document with its sentence and original offsets;
each relation carries the sentence it was read from and the rule that read it.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass, field
from typing import Any

from chainkg.graph.facts import EdgeFact, NodeFact, NodeRef
from chainkg.graph.identity import normalise_name
from chainkg.graph.schema import SCHEMA
from chainkg.loaders.lexicon import Lexicon
from chainkg.loaders.mentions import Mention
from chainkg.loaders.normalise import NormalisedText
from chainkg.loaders.rulebase import NewEntity, Ref, Relation

__all__ = ["Assembly"]

_STATUS_RANK = {"unsolved": 0, "tackling": 1, "breakthrough": 2}
_EVIDENCE_TEXT_MAX = 300


@dataclass
class _Entity:
    label: str
    name: str
    aliases: dict[str, None] = field(default_factory=dict)
    props: dict[str, Any] = field(default_factory=dict)
    spans: list[tuple[int, int, str]] = field(default_factory=list)


class Assembly:
    """Collects one document's entities and relations and turns them into facts."""

    def __init__(
        self, original: str, norm: NormalisedText, doc_id: str, path: str, title: str, lexicon: Lexicon
    ) -> None:
        self.original, self.norm, self.doc_id, self.path, self.title = original, norm, doc_id, path, title
        self.lexicon = lexicon
        self.entities: dict[tuple[str, str], _Entity] = {}
        self.sentence_starts = norm.sentence_starts

    def facts(self, mentions: list[Mention], outputs: list[NewEntity | Relation]) -> list[NodeFact | EdgeFact]:
        """All facts of the document, the Document node first."""
        found = [o for o in outputs if isinstance(o, NewEntity)]
        inside_found = bytearray(len(self.norm.text) + 1)
        for new in found:
            inside_found[new.start : new.end] = b"\x01" * (new.end - new.start)
        for mention in mentions:
            if not (mention.short and inside_found.find(0, mention.start, mention.end) < 0):
                entity = self._entity(mention.label, mention.name, mention.aliases, mention.props)
                entity.spans.append((mention.start, mention.end, mention.rule))
                if mention.text != mention.name:
                    entity.aliases[mention.text] = None
        for new in found:
            entity = self._entity(new.label, new.name, new.aliases, {})
            self._merge_props(entity, new.props)
            entity.spans.append((new.start, new.end, new.rule))
        relations = [o for o in outputs if isinstance(o, Relation) and self._known(o.source) and self._known(o.target)]
        nodes, mentioned = self._nodes_and_mentions()
        return [self._document(), *nodes, *mentioned, *(self._edge(r) for r in relations)]

    # -- entities ------------------------------------------------------------

    def _entity(
        self, label: str, name: str, aliases: tuple[str, ...] = (), props: dict[str, Any] | None = None
    ) -> _Entity:
        key = (label, normalise_name(name))
        entity = self.entities.get(key)
        if entity is None:
            entity = self.entities[key] = _Entity(label, name)
        entity.aliases.update(dict.fromkeys(aliases))
        if props:
            for prop, value in props.items():
                entity.props.setdefault(prop, value)
        return entity

    @staticmethod
    def _merge_props(entity: _Entity, props: dict[str, Any]) -> None:
        for prop, value in props.items():
            old = entity.props.get(prop)
            if prop == "status" and old is not None:
                value = max(old, value, key=lambda s: _STATUS_RANK[s])
            entity.props[prop] = value if prop == "status" or old is None else old

    def _known(self, ref: Ref) -> bool:
        """Whether ``ref`` is an entity of this document, adding it from the lexicon if need be."""
        if (ref.label, normalise_name(ref.name)) in self.entities:
            return True
        entry = self.lexicon.entry(ref.label, ref.name)
        if entry is None:
            return False
        self._entity(entry.label, entry.name, entry.aliases, entry.props)
        return True

    # -- facts ---------------------------------------------------------------

    def _where(self, start: int, end: int) -> dict[str, Any]:
        sentence = max(0, bisect.bisect_right(self.sentence_starts, start) - 1)  # norm.sentence_of, inlined
        offsets = self.norm.offsets
        return {"sentence": sentence, "char_start": offsets[start], "char_end": offsets[end - 1] + 1}

    def _evidence(self, start: int, end: int, rule: str) -> dict[str, Any]:
        where = self._where(start, end)
        return {"doc": self.doc_id, "path": self.path, "rule": rule, **where}

    def _document(self) -> NodeFact:
        props = {"title": self.title, "path": self.path}
        return NodeFact("Document", self.doc_id, (), props, ({"doc": self.doc_id, "path": self.path},), self.path)

    def _nodes_and_mentions(self) -> tuple[list[NodeFact], list[EdgeFact]]:
        """A node per entity (its evidence: its first span) and a ``MENTIONED_IN`` edge per span."""
        nodes, edges = [], []
        document = NodeRef(self.doc_id, "Document")
        for entity in self.entities.values():
            node = NodeRef(entity.name, entity.label)
            evidence: tuple[dict[str, Any], ...] = ()
            for start, end, rule in entity.spans:
                where = self._where(start, end)
                if not evidence:
                    evidence = ({"doc": self.doc_id, "path": self.path, "rule": rule, **where},)
                where["text"] = self.original[where["char_start"] : where["char_end"]]
                source = ({"doc": self.doc_id, "path": self.path, "rule": rule},)
                edges.append(EdgeFact("MENTIONED_IN", node, document, where, source, self.path))
            aliases = tuple(a for a in entity.aliases if a != entity.name)
            # what the lexicon knows beyond the schema (a division's adcode and parent) stays there
            allowed = _schema_props(entity.label)
            props = {key: value for key, value in entity.props.items() if key in allowed}
            nodes.append(NodeFact(entity.label, entity.name, aliases, props, evidence, self.path))
        return nodes, edges

    def _edge(self, relation: Relation) -> EdgeFact:
        start, end = self.norm.sentences[relation.sentence]
        evidence = self._evidence(start, end, relation.rule)
        evidence["text"] = self.norm.text[start:end][:_EVIDENCE_TEXT_MAX]
        source = self._canonical(relation.source)
        target = self._canonical(relation.target)
        return EdgeFact(relation.type, source, target, dict(relation.props), (evidence,), self.path)

    def _canonical(self, ref: Ref) -> NodeRef:
        entity = self.entities[(ref.label, normalise_name(ref.name))]
        return NodeRef(entity.name, entity.label)


@functools.cache
def _schema_props(label: str) -> frozenset[str]:
    """The property names the schema gives ``label``."""
    return frozenset(prop.name for prop in SCHEMA.node_props(label))
