"""Edge ends resolved by their quick paths exactly as by the plain one.

A table's end names are resolved once per distinct name. A quick path skips work: a name
that is a node's id is taken at once (``_Linker._resolve_by_id``).
Whatever the names (ids, aliases, names in two labels, unknown, blank), a load must give the
same graph or the same error with and without them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from chainkg.errors import ChainKGError
from chainkg.graph import facts
from chainkg.graph.evidence import encode_evidence
from chainkg.graph.facts import EdgeBlock, apply_facts
from chainkg.graph.io.nodelink import dumps_graph_json
from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.storage.coded import Coded

NAMES = ["长沙", "株洲", "长沙经开区", "湘江", "C", "ｃ", "甲", "", "无名"]


def graph() -> KnowledgeGraph:
    """Names in two labels (长沙), an alias in one (湘江), names equal once normalised (C, ｃ)."""
    kg = KnowledgeGraph()
    kg.add_node("Region", "长沙")
    kg.add_node("Park", "长沙")
    kg.add_node("Region", "株洲")
    kg.add_node("Park", "长沙经开区", aliases=["湘江"])
    kg.add_node("Enterprise", "c")
    kg.add_node("Enterprise", "甲", aliases=["湘江"])
    return kg


def block(rel: str, rows: list[tuple[str, str]], coded: bool) -> EdgeBlock:
    sources, targets = [list(column) for column in zip(*rows)] if rows else [[], []]
    if coded:
        sources, targets = Coded.of(sources), Coded.of(targets)
    lines = list(range(2, len(rows) + 2))
    return EdgeBlock(
        "t.csv",
        lines,
        [rel] * len(rows),
        sources,
        targets,
        None,
        None,
        {},
        [encode_evidence({"doc": "d", "line": line, "path": "t.csv"}) for line in lines],
    )


@contextmanager
def plain_resolution() -> Iterator[None]:
    """The quick path switched off: every name asked of every allowed label, one by one."""
    by_id = facts._Linker._resolve_by_id
    facts._Linker._resolve_by_id = lambda self, names, codes, found, label: None
    try:
        yield
    finally:
        facts._Linker._resolve_by_id = by_id


def outcome(make: Callable[[], KnowledgeGraph]) -> tuple[str, str | None]:
    try:
        return dumps_graph_json(make()), None
    except ChainKGError as exc:
        return "", exc.one_line()


rows = st.lists(st.tuples(st.sampled_from(NAMES), st.sampled_from(NAMES)), max_size=12)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["LOCATED_IN", "SUPPLIES", "SUBSIDIARY_OF"]), rows, st.booleans())
def test_quick_resolution_gives_what_the_plain_one_gives(rel: str, table: list[tuple[str, str]], coded: bool) -> None:
    quick = outcome(lambda: apply_facts(graph(), [block(rel, table, coded)]))
    with plain_resolution():
        plain = outcome(lambda: apply_facts(graph(), [block(rel, table, coded)]))
    assert quick == plain


def test_a_name_in_two_allowed_labels_is_refused_and_an_alias_in_one_resolves() -> None:
    _, error = outcome(lambda: apply_facts(graph(), [block("LOCATED_IN", [("甲", "长沙")], coded=True)]))
    assert error is not None and "target '长沙' of LOCATED_IN matches several nodes (Park:长沙, Region:长沙)" in error
    kg = apply_facts(graph(), [block("LOCATED_IN", [("C", "湘江")], coded=True)])
    assert [(s, t) for s, t, *_ in kg.edges("LOCATED_IN")] == [("Enterprise:c", "Park:长沙经开区")]


def test_the_quick_paths_are_taken() -> None:
    """Not vacuous: on a table of ids the quick path resolves every name."""
    calls: list[Any] = []
    kg = graph()
    original = facts._Linker.end
    facts._Linker.end = lambda self, *args: calls.append(args) or original(self, *args)
    try:
        apply_facts(kg, [block("SUPPLIES", [("c", "甲")], coded=True)])
    finally:
        facts._Linker.end = original
    assert calls == []
