"""Facts: what loaders produce and the model consumes.

A loader turns a file into :class:`NodeFact` and :class:`EdgeFact` records,
each knowing where it came from (``where`` = ``file:line``). :func:`apply_facts`
adds all nodes first, folds short names into their full records, then links
the edges, so an edge may name a node defined in another file, by any alias.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, NamedTuple, TypeVar, overload

from chainkg.errors import BadRowsError, ChainKGError, LoadError, SchemaError
from chainkg.graph.identity import node_id
from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.storage.coded import Cells, Coded, coded, distinct, single, take
from chainkg.graph.storage.gcpause import paused_gc

__all__ = ["EdgeBlock", "EdgeFact", "NodeBlock", "NodeFact", "NodeRef", "apply_facts", "consume"]


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
    """An edge as stated by one source; ``ends``: the columns (in ``where``'s line) naming its
    source and its target, when known, for errors that point at the cell."""

    type: str
    source: NodeRef
    target: NodeRef
    props: Mapping[str, Any] = _NO_PROPS
    evidence: tuple[Mapping[str, Any], ...] = ()
    where: str = ""
    ends: tuple[int, int] | None = None


class NodeBlock(NamedTuple):
    """The nodes of one table, column by column (see :class:`EdgeBlock`): row ``i`` is a node
    ``labels[i]`` called ``names[i]`` with ``aliases[i]``, ``props[name][i]`` ('' for none) and
    the evidence record ``evidence[i]``, stated on line ``lines[i]`` of ``display``."""

    display: str
    lines: list[int]
    labels: Cells
    names: Cells
    aliases: list[tuple[str, ...]]
    props: dict[str, Cells]
    evidence: Cells

    def where(self, row: int) -> str:
        """``file:line`` of row ``row``."""
        return f"{self.display}:{self.lines[row]}"


class EdgeBlock(NamedTuple):
    """The edges of one table, column by column: what a bulk load hands over instead of an
    :class:`EdgeFact` per row (a million named tuples and dicts cost seconds). Row ``i`` is
    the edge ``types[i]`` from ``sources[i]`` to ``targets[i]``, stated on line ``lines[i]``
    of ``display``, with ``props[name][i]`` ('' for none) and the one evidence record ``evidence[i]``
    (canonical JSON). ``source_labels``/``target_labels`` are None when the table has no such column."""

    display: str
    lines: list[int]
    types: Cells
    sources: Cells
    targets: Cells
    source_labels: Cells | None
    target_labels: Cells | None
    props: dict[str, Cells]
    evidence: Cells
    spot: Callable[[int, str], str] | None = None

    def where(self, row: int) -> str:
        """``file:line`` of row ``row``."""
        return f"{self.display}:{self.lines[row]}"

    def end_where(self, row: int, end: str) -> str:
        """Where the cell naming one end (source, target) of row ``row`` is: ``file:line:column`` when known."""
        return self.spot(row, end) if self.spot is not None else self.where(row)


def apply_facts(
    kg: KnowledgeGraph,
    facts: Iterable[NodeFact | EdgeFact | NodeBlock | EdgeBlock],
    on_nodes: Callable[[KnowledgeGraph], None] = lambda _kg: None,
    on_edges: Callable[[KnowledgeGraph, list[str]], None] = lambda _kg, _rels: None,
    on_bad: Callable[[str], None] | None = None,
) -> KnowledgeGraph:
    """Add ``facts`` to ``kg``: nodes, then short-name folding, then edges. ``on_nodes`` is
    called between the last two, when the nodes are what they will be (edges add none);
    ``on_edges`` with the types whose last fact has just been added (their edges are settled).

    Edge facts that cannot be added (an end no fact defines, ...) fail together, as one
    :class:`BadRowsError` listing them all; with ``on_bad`` they are left out and each is told to it.

    Each edge fact is let go once added, so that with :func:`consume` (the facts then
    held nowhere else) their memory goes to the graph as it grows."""
    with paused_gc():
        nodes: list[NodeFact | NodeBlock] = []
        edges: list[EdgeFact | EdgeBlock] = []
        for fact in facts:
            if isinstance(fact, (NodeFact, NodeBlock)):
                nodes.append(fact)
            elif isinstance(fact, (EdgeFact, EdgeBlock)):
                edges.append(fact)
        for fact in nodes:
            if isinstance(fact, NodeBlock):
                kg.add_node_columns(fact.labels, fact.names, fact.aliases, fact.props, fact.evidence, fact.where)
                continue
            _located(
                fact.where,
                kg.add_node,
                fact.label,
                fact.name,
                aliases=fact.aliases,
                evidence=fact.evidence,
                by_alias=False,
                **fact.props,
            )
        del nodes
        kg.finalise()
        on_nodes(kg)
        bad = _add_edges(kg, edges, on_edges)
        if bad and on_bad is None:
            raise _bad_edges(bad)
        if on_bad is not None:
            for where, what in bad:
                on_bad(f"skipped {where}: {what}")
        return kg


T = TypeVar("T")


def consume(facts: list[T]) -> Iterator[T]:
    """The facts of ``facts`` in order, emptying the list as they are taken (for a caller
    that has no further use for them: ``apply_facts(kg, consume(facts))``)."""
    facts.reverse()
    while facts:
        yield facts.pop()


def _add_edges(
    kg: KnowledgeGraph, edges: list[EdgeFact | EdgeBlock], on_edges: Callable[[KnowledgeGraph, list[str]], None]
) -> list[tuple[str, str]]:
    """Add the edges; return the edge facts that could not be added, as ``(where, what)``."""
    linker = _Linker(kg)  # nodes no longer change: a name resolves the same way every time
    settled = _last_facts(edges)
    bad: list[tuple[str, str]] = []
    edges.reverse()
    index = -1
    while edges:
        fact = edges.pop()  # this list is the last to hold it: added, it is freed
        index += 1
        if isinstance(fact, EdgeBlock):
            bad += linker.add_block(fact)
        else:
            try:
                linker.add(fact)
            except _EndError as exc:
                if not fact.where:
                    raise exc.error from None
                column = fact.ends[0 if exc.end == "source" else 1] if fact.ends else None
                bad.append((exc.error.where or (f"{fact.where}:{column}" if column else fact.where), exc.error.what))
            except ChainKGError as exc:
                if not fact.where:
                    raise
                bad.append((exc.where or fact.where, exc.what))
        if index in settled:
            on_edges(kg, settled[index])
    return bad


def _bad_edges(bad: list[tuple[str, str]]) -> BadRowsError:
    """One error for every edge fact that could not be added, the first in front."""
    where, what = bad[0]
    many = f"{len(bad)} rows name" if len(bad) > 1 else "1 row names"
    fix = f"{many} nodes no input defines or break the schema{', listed below' if len(bad) > 1 else ''}; fix them, or build with --skip-bad to load the other rows"
    return BadRowsError(what, where, fix, [f"{w}: {t}" for w, t in bad])


class _EndError(Exception):
    """An edge end that does not resolve: which end, and the error."""

    def __init__(self, end: str, error: ChainKGError) -> None:
        super().__init__(str(error))
        self.end, self.error = end, error


def _last_facts(edges: list[EdgeFact | EdgeBlock]) -> dict[int, list[str]]:
    """Index of a fact -> the types (sorted) whose last fact it is."""
    last: dict[str, int] = {}
    for index, fact in enumerate(edges):
        for rel in distinct(fact.types) if isinstance(fact, EdgeBlock) else (fact.type,):
            last[rel] = index
    settled: dict[int, list[str]] = {}
    for rel, index in sorted(last.items()):
        settled.setdefault(index, []).append(rel)
    return settled


class _Linker:
    """Adds edge facts, remembering how each endpoint name resolved."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        self.resolved: dict[tuple[str, str | None, str, str], str] = {}
        self.named: dict[str, dict[str, str]] = {}  # label -> name -> id: what ``resolved`` knows by name and label
        self.ends: dict[str, tuple[set[str], set[str]]] = {}

    def add(self, fact: EdgeFact) -> None:
        ends = self.ends.get(fact.type)
        if ends is None:
            endpoints = self.kg.schema.rel(fact.type).endpoints
            ends = self.ends[fact.type] = ({s for s, _ in endpoints}, {t for _, t in endpoints})
        try:
            source = self.end(fact.source, ends[0], fact.type, "source")
        except ChainKGError as exc:
            raise _EndError("source", exc) from exc
        try:
            target = self.end(fact.target, ends[1], fact.type, "target")
        except ChainKGError as exc:
            raise _EndError("target", exc) from exc
        self.kg.add_edge(fact.type, source, target, evidence=fact.evidence, **fact.props)

    def add_block(self, block: EdgeBlock) -> list[tuple[str, str]]:
        """Add a table's edges, type by type in the order the types first appear; the rows whose
        ends do not resolve are left out and returned as ``(where, what)``, in row order."""
        bad: list[tuple[int, str, str]] = []
        for rel, rows in _rows_by_type(block.types).items():
            try:
                self.kg.schema.rel(rel)
            except ChainKGError as exc:
                raise exc.at(block.where(rows[0] if rows else 0)) from exc
            sources, failed = self.ends_of(block, rows, rel, "source")
            targets, failed_targets = self.ends_of(block, rows, rel, "target")
            if failed or failed_targets:
                rows, sources, targets = self._without(block, rows, (sources, failed), (targets, failed_targets), bad)
            props = {name: _take(cells, rows) for name, cells in block.props.items()}
            kg_rows = _take(block.evidence, rows)
            self.kg.add_edge_columns(rel, sources, targets, props, kg_rows, _where_rows(block, rows))
        return [(where, what) for _, where, what in sorted(bad, key=lambda item: item[0])]

    @staticmethod
    def _without(
        block: EdgeBlock,
        rows: list[int] | None,
        sources: tuple[Coded, dict[int, ChainKGError]],
        targets: tuple[Coded, dict[int, ChainKGError]],
        bad: list[tuple[int, str, str]],
    ) -> tuple[list[int], Coded, Coded]:
        """``rows`` (None: all) and the two end columns (each with its codes that failed) without
        the rows whose ends failed, told to ``bad``."""
        failed_at: dict[int, None] = {}
        for (column, failed), end in ((sources, "source"), (targets, "target")):
            codes = column.codes.tolist()
            for position, code in enumerate(codes):
                if code in failed and position not in failed_at:
                    failed_at[position] = None
                    row = rows[position] if rows is not None else position
                    bad.append((row, block.end_where(row, end), failed[code].what))
        keep = [position for position in range(len(sources[0])) if position not in failed_at]
        kept_rows = [rows[position] for position in keep] if rows is not None else keep
        return kept_rows, sources[0].take(keep).compact(), targets[0].take(keep).compact()

    def ends_of(
        self, block: EdgeBlock, rows: list[int] | None, rel: str, end: str
    ) -> tuple[Coded, dict[int, ChainKGError]]:
        """The node ids of one end of the rows ``rows`` (None: all) of ``block``, as a coded
        column: each distinct name resolved once, in the order of first appearance; with the
        codes that do not resolve and why."""
        names = _take(block.sources if end == "source" else block.targets, rows)
        labels = _take(block.source_labels if end == "source" else block.target_labels, rows)
        if rel not in self.ends:
            endpoints = self.kg.schema.rel(rel).endpoints
            self.ends[rel] = ({s for s, _ in endpoints}, {t for _, t in endpoints})
        allowed = self.ends[rel][0 if end == "source" else 1]
        given: str | None = None
        if labels is not None and len(one := distinct(labels)) == 1 and (only := next(iter(one))) in allowed:
            labels, allowed, given = None, {only}, only  # every row names the same label: as if the only one allowed
        column = coded(names).compact() if labels is None else Coded.of(zip(names, labels))
        if labels is None and len(allowed) == 1:  # names of one label: those resolved before looked up at once
            found = list(map(self.named.get(next(iter(allowed)), {}).get, column.values))
        else:
            found = [None] * len(column.values)
        failed: dict[int, ChainKGError] = {}
        missing = [code for code, known in enumerate(found) if known is None]
        if missing and labels is None and len(allowed) == 1:
            self._resolve_by_id(column.values, missing, found, next(iter(allowed)))
            missing = [code for code in missing if found[code] is None]
        for code in missing:  # in order of first row
            key = column.values[code]
            name, label = (key, given) if labels is None else key
            label = label or None
            cached = self.resolved.get(_cache_key(name, label, allowed, rel, end))
            if cached is not None:  # resolved before (in this table or another): no NodeRef, no call
                found[code] = cached
                continue
            try:
                if not name:
                    raise LoadError(f"row has no {end}", fix=f"fill in the {end} column")
                found[code] = self.end(NodeRef(name, label), allowed, rel, end)
            except ChainKGError as exc:
                failed[code] = exc
                found[code] = ""
        return Coded(found, column.codes, compact=True), failed

    def _resolve_by_id(self, names: list[str], codes: list[int], found: list[str | None], label: str) -> None:
        """Of ``names[code]`` for ``codes``, those that name a ``label`` node by its id (the usual
        case) resolved at once, as :meth:`end` would resolve them (and remembered as it does);
        the others (aliases, unknown or empty names) stay None, for :meth:`end` to resolve or refuse."""
        named = self.named.setdefault(label, {})
        for code in codes:
            name = names[code]
            try:
                nid = node_id(label, name) if name else None
            except ChainKGError:
                continue
            if nid is not None and nid in self.kg:
                found[code] = self.resolved[(name, label, "", "")] = named[name] = nid

    def end(self, ref: NodeRef, allowed: set[str], rel: str, end: str) -> str:
        key = _cache_key(ref.name, ref.label, allowed, rel, end)
        found = self.resolved.get(key)
        if found is None:
            found = self.resolved[key] = _resolve_end(self.kg, ref, allowed, rel, end)
            if key[1] is not None:
                self.named.setdefault(key[1], {})[key[0]] = found
        return found


def _cache_key(name: str, label: str | None, allowed: set[str], rel: str, end: str) -> tuple[str, str | None, str, str]:
    """Where a resolved endpoint name is remembered: by name and label when the label is given or
    the only one allowed (the same for every type), else by type and end too."""
    if label is None and len(allowed) == 1:  # one label allowed: as if it were given
        label = next(iter(allowed))
    return (name, label, "", "") if label is not None else (name, None, rel, end)


def _rows_by_type(types: Cells) -> dict[str, list[int] | None]:
    """Type -> the rows of that type (None: every row is of it, the usual table)."""
    if single(types):
        return {types[0]: None}
    rows: dict[str, list[int]] = {}
    for row, rel in enumerate(types):
        rows.setdefault(rel, []).append(row)
    return dict(rows)


@overload
def _take(values: Cells, rows: list[int] | None) -> Cells: ...


@overload
def _take(values: None, rows: list[int] | None) -> None: ...


def _take(values: Cells | None, rows: list[int] | None) -> Cells | None:
    """``values`` at ``rows`` (all of them when ``rows`` is None)."""
    if values is None or rows is None:
        return values
    return take(values, rows)


def _where_rows(block: EdgeBlock, rows: list[int] | None) -> Callable[[int], str]:
    """Where row ``i`` of the rows ``rows`` (None: all) of ``block`` was stated."""
    if not rows:
        return block.where
    return lambda i: block.where(rows[i])


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
