"""The dominator code (numpy levels, and the pure-Python loop for deep graphs) agrees with
networkx's immediate_dominators on any small graph."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from reference import reference_dominated

from chainkg.graph.analysis.dominators import dominated_array, dominated_counts

names = st.sampled_from([f"企业{i:02d}" for i in range(25)])


@settings(max_examples=300, deadline=None)
@given(st.lists(names, max_size=25), st.lists(st.tuples(names, names), max_size=70))
def test_dominated_counts_match_networkx(nodes: list[str], edges: list[tuple[str, str]]) -> None:
    everything = sorted({*nodes, *(a for a, _ in edges), *(b for _, b in edges)})
    assert dominated_counts(edges, nodes) == reference_dominated(everything, edges)


def test_a_chain_of_suppliers_and_a_second_source() -> None:
    # 甲 -> 乙 -> 丙 -> 丁, and 戊 also feeds 丁: 乙 dominates 丙 only, 甲 dominates 乙 and 丙
    edges = [("甲", "乙"), ("乙", "丙"), ("丙", "丁"), ("戊", "丁")]
    assert dominated_counts(edges) == {"甲": 2, "乙": 1}


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 60), st.lists(st.tuples(st.integers(0, 59), st.integers(-4, 6)), max_size=150), st.booleans())
def test_the_array_and_the_python_paths_agree(count: int, steps: list[tuple[int, int]], near: bool) -> None:
    # near: edges mostly to close numbers (long chains, rings, many levels); else anywhere
    edges = [(a % count, (a + step) % count if near else (a * 7 + step * 13) % count) for a, step in steps]
    src = np.array([a for a, _ in edges], dtype=np.int64)
    dst = np.array([b for _, b in edges], dtype=np.int64)
    arrays = dominated_array(count, src, dst)
    python = dominated_array(count, src, dst, max_levels=0)  # deeper than 0 levels: the pure-Python loop
    names = [f"n{i:02d}" for i in range(count)]
    want = reference_dominated(names, [(names[a], names[b]) for a, b in edges])
    assert {names[i]: int(c) for i, c in enumerate(arrays) if c} == want
    assert arrays.tolist() == python.tolist()


def test_rings_nothing_feeds_are_rooted_at_their_smallest_member() -> None:
    # two rings with no outside input (丙 丁 戊, and 己 庚, which feeds 辛), and 甲 -> 乙
    edges = [("丙", "丁"), ("丁", "戊"), ("戊", "丙"), ("己", "庚"), ("庚", "己"), ("庚", "辛"), ("甲", "乙")]
    assert dominated_counts(edges) == reference_dominated(sorted({a for e in edges for a in e}), edges)
