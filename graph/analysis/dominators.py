"""Dominators of a supply network on integer arrays: who is on every path to whom.

A node *d* dominates *v* when every path from the root to *v* passes through *d*. The
root feeds one member (the smallest id) of every source component, so a ring of
suppliers with no outside input is still reached.

The fast path works on numpy arrays a breadth-first level at a time: each node's
immediate dominator is the nearest common ancestor, in the tree found so far, of its
predecessors (Cooper, Harvey and Kennedy's "A Simple, Fast Dominance Algorithm", 2001,
with breadth-first numbers: a dominator is always nearer the root), passes repeated until
nothing changes. A node's parent only ever moves up the tree, and its path to the root
always holds all its true dominators (checked at every step on thousands of random graphs,
and the results against networkx in tests/test_dominators.py), so a node whose parent is
the root is done (its rows are dropped) and later passes redo only the others; a common
ancestor search stops as soon as it meets the root. About 0.15 s on 100k enterprises and
500k supply edges, where the same algorithm in pure Python took 8 s. Graphs deeper
than :data:`MAX_LEVELS` levels (long chains, where a level holds a node or two) use the
pure-Python loop instead (:func:`_python_counts`, the same algorithm over a depth-first
postorder).

>>> dominated_counts([("a", "b"), ("b", "c"), ("b", "d"), ("x", "d")])  # x also feeds d
{'a': 2, 'b': 1}
>>> dominated_counts([("a", "b"), ("b", "a"), ("b", "c")])  # a ring rooted at its smallest member
{'a': 2, 'b': 1}
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

from chainkg.graph.arrays import Rows as _Rows
from chainkg.graph.arrays import csr, distinct, gather

__all__ = ["MAX_LEVELS", "dominated_array", "dominated_counts"]

MAX_LEVELS = 1_000  # breadth-first levels up to which the numpy path runs (each level costs ~0.1 ms a pass)
_UNSET = -2


def dominated_counts(edges: Iterable[tuple[str, str]], nodes: Iterable[str] = ()) -> dict[str, int]:
    """For each node, how many other nodes it dominates (nodes dominating none are left out)."""
    pairs = [(source, target) for source, target in edges]
    names = sorted({*nodes, *(source for source, _ in pairs), *(target for _, target in pairs)})
    number = dict(zip(names, range(len(names))))
    src = np.fromiter((number[s] for s, _ in pairs), dtype=np.int64, count=len(pairs))
    dst = np.fromiter((number[t] for _, t in pairs), dtype=np.int64, count=len(pairs))
    counts = dominated_array(len(names), src, dst)
    return {names[i]: int(counts[i]) for i in np.flatnonzero(counts)}


def dominated_array(count: int, src: np.ndarray, dst: np.ndarray, max_levels: int = MAX_LEVELS) -> np.ndarray:
    """Per node ``0..count-1`` (numbered in the order "smallest" means), how many others it
    dominates, for the edges ``src[i] -> dst[i]`` (repeats and self-loops do no harm)."""
    codes = distinct(src * count + dst)
    src, dst = codes // count, codes % count
    keep = src != dst
    src, dst = src[keep], dst[keep]
    succ = csr(count, src, dst)
    pred = csr(count, dst, src)
    levels = _rooted_levels(count, succ, pred, max_levels)
    if levels is None:
        return _python_counts(count, src, dst)
    return _subtree_counts(count, _array_idoms(count, pred, levels), levels)


def _rooted_levels(count: int, succ: _Rows, pred: _Rows, max_levels: int) -> list[np.ndarray] | None:
    """Breadth-first levels from the smallest member of every source component: nodes nothing
    feeds, and for the rest that those do not reach (rings with no outside input), Tarjan's
    components there. None if the graph is deeper than ``max_levels``."""
    roots = np.flatnonzero(np.diff(pred[0]) == 0)
    levels = _levels(succ, roots, max_levels)
    if levels is None:
        return None
    reached = np.zeros(count, dtype=bool)
    for level in levels:
        reached[level] = True
    rest = np.flatnonzero(~reached)
    if not rest.size:
        return levels
    local = np.full(count, -1, dtype=np.int64)
    local[rest] = np.arange(rest.size)
    owner, targets = gather(succ, rest)  # edges into the rest come only from the rest
    inside = local[targets] >= 0
    inner: list[list[int]] = [[] for _ in range(rest.size)]
    for source, target in zip(owner[inside].tolist(), local[targets[inside]].tolist()):
        inner[source].append(target)
    found = rest[_source_members(inner)]
    return _levels(succ, np.sort(np.concatenate([roots, found])), max_levels)


def _levels(succ: _Rows, roots: np.ndarray, max_levels: int) -> list[np.ndarray] | None:
    """Breadth-first levels from the roots, each level ascending; None past ``max_levels``."""
    seen = np.zeros(len(succ[0]) - 1, dtype=bool)
    seen[roots] = True
    levels = [roots]
    while len(levels) <= max_levels:
        _, ahead = gather(succ, levels[-1])
        ahead = distinct(ahead[~seen[ahead]])
        if not ahead.size:
            return levels
        seen[ahead] = True
        levels.append(ahead)
    return None


def _array_idoms(count: int, pred: _Rows, levels: list[np.ndarray]) -> np.ndarray:
    """idom per node (``count``: the virtual root), level by level, passes until none changes."""
    root = count
    idom = np.full(count + 1, _UNSET, dtype=np.int64)
    rank = np.full(count + 1, -1, dtype=np.int64)  # breadth-first number; the root's is -1
    rank[np.concatenate(levels)] = np.arange(sum(len(level) for level in levels))
    idom[root] = root
    idom[levels[0]] = root
    work = [(level, *gather(pred, level)) for level in levels[1:]]  # per level: its nodes, (owner, predecessor) rows
    changed, first = True, True
    while changed:
        changed = False
        for at, (nodes, owner, sources) in enumerate(work):
            open_ = idom[nodes] != root  # a node under the root stays there: only the others are redone
            if not open_.all():  # from now on without the others' rows
                keep = open_[owner]
                nodes, owner, sources = nodes[open_], (np.cumsum(open_) - 1)[owner[keep]], sources[keep]
                work[at] = (nodes, owner, sources)
            if not nodes.size:
                continue
            if first:  # predecessors on deeper levels (or this one) wait for the next pass
                rows = idom[sources] != _UNSET
                owner, sources = owner[rows], sources[rows]
            new = _common_ancestors(owner, sources, idom, rank)
            if not np.array_equal(new, idom[nodes]):
                changed = True
                idom[nodes] = new
        first = False
    return idom[:count]


def _common_ancestors(owner: np.ndarray, nodes: np.ndarray, idom: np.ndarray, rank: np.ndarray) -> np.ndarray:
    """Per owner (``owner`` ascending, each of ``0..k-1`` present), the nearest common ancestor
    of its ``nodes`` in the tree ``idom`` (rooted at the last node, numbered -1 in ``rank``):
    rows deeper (higher numbered) than the owner's shallowest climb a step at a time until the
    owner's rows are one node, or one of them is the root (most owners end there)."""
    root = idom.size - 1
    result = np.empty(int(owner[-1]) + 1 if owner.size else 0, dtype=np.int64)
    starts = np.flatnonzero(np.concatenate(([True], owner[1:] != owner[:-1]))) if owner.size else owner
    groups, lengths = owner[starts], np.diff(np.append(starts, owner.size))  # per owner still open
    while groups.size:
        ranks = rank[nodes]
        shallowest = np.minimum.reduceat(ranks, starts)
        deeper = ranks > np.repeat(shallowest, lengths)
        pending = np.logical_or.reduceat(deeper, starts) & (shallowest >= 0)
        done = ~pending
        result[groups[done]] = np.where(shallowest[done] < 0, root, nodes[starts[done]])
        keep = np.repeat(pending, lengths)
        nodes, climb = nodes[keep], deeper[keep]
        groups, lengths = groups[pending], lengths[pending]
        starts = np.cumsum(lengths) - lengths
        nodes[climb] = idom[nodes[climb]]
    return result


def _subtree_counts(count: int, idom: np.ndarray, levels: list[np.ndarray]) -> np.ndarray:
    """Per node, the size of its dominator subtree less itself (deepest level first)."""
    size = np.ones(count + 1, dtype=np.int64)
    for level in reversed(levels[1:]):
        np.add.at(size, idom[level], size[level])
    size[count] = 1
    return size[:count] - 1


def _python_counts(count: int, src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """:func:`dominated_array` by the pure-Python loop over a depth-first postorder, for deep graphs."""
    succ: list[list[int]] = [[] for _ in range(count)]
    for source, target in zip(src.tolist(), dst.tolist()):
        succ[source].append(target)
    roots = _source_members(succ)
    idom = _immediate_dominators(succ, roots)
    size = [1] * count
    for node in _postorder(succ, roots):  # a dominator finishes after the nodes it dominates
        if idom[node] >= 0:
            size[idom[node]] += size[node]
    return np.array(size, dtype=np.int64) - 1


def _source_members(succ: list[list[int]]) -> list[int]:
    """The smallest member of each strongly connected component that nothing outside feeds."""
    component = _components(succ)
    fed = [False] * (max(component) + 1 if component else 0)
    for node, targets in enumerate(succ):
        for target in targets:
            if component[target] != component[node]:
                fed[component[target]] = True
    smallest: dict[int, int] = {}
    for node in range(len(succ)):  # the first member seen is the smallest
        smallest.setdefault(component[node], node)
    return sorted(member for comp, member in smallest.items() if not fed[comp])


def _components(succ: list[list[int]]) -> list[int]:
    """Tarjan's strongly connected components, iteratively: a component number per node."""
    count = len(succ)
    index, low, component = [-1] * count, [0] * count, [-1] * count
    stack: list[int] = []
    on_stack = [False] * count
    counter = found = 0
    for start in range(count):
        if index[start] >= 0:
            continue
        work = [(start, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack[node] = True
            targets = succ[node]
            while child < len(targets):
                target = targets[child]
                child += 1
                if index[target] < 0:
                    work.append((node, child))
                    work.append((target, 0))
                    break
                if on_stack[target]:
                    low[node] = min(low[node], index[target])
            else:
                if low[node] == index[node]:
                    while True:
                        member = stack.pop()
                        on_stack[member] = False
                        component[member] = found
                        if member == node:
                            break
                    found += 1
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
    return component


def _immediate_dominators(succ: list[list[int]], roots: list[int]) -> list[int]:
    """idom per node: -1 for the virtual root's children (and for nodes it cannot reach)."""
    count = len(succ)
    post = _postorder(succ, roots)  # the virtual root comes after them all
    rank = [-1] * count
    for position, node in enumerate(post):
        rank[node] = position
    pred: list[list[int]] = [[] for _ in range(count)]
    for node, targets in enumerate(succ):
        if rank[node] >= 0:
            for target in targets:
                pred[target].append(node)
    idom = [-2] * count  # -2: not yet known; -1: the virtual root
    for node in roots:
        idom[node] = -1
    rank_of = rank.__getitem__
    fixed = set(roots)
    changed = True
    while changed:
        changed = False
        for node in reversed(post):
            if node in fixed:
                continue
            new = -2
            for p in pred[node]:
                if idom[p] == -2:
                    continue
                new = p if new == -2 else _intersect(p, new, idom, rank_of)
                if new == -1:
                    break
            if new != idom[node]:
                idom[node] = new
                changed = True
    return [d if d >= -1 else -1 for d in idom]


def _intersect(a: int, b: int, idom: list[int], rank_of: Callable[[int], int]) -> int:
    """The nearest common dominator of ``a`` and ``b`` (-1 for the virtual root)."""
    ra, rb = rank_of(a), rank_of(b)
    while a != b:
        while ra < rb:
            a = idom[a]
            if a == -1:
                return -1
            ra = rank_of(a)
        while rb < ra:
            b = idom[b]
            if b == -1:
                return -1
            rb = rank_of(b)
    return a


def _postorder(succ: list[list[int]], roots: list[int]) -> list[int]:
    """Nodes reachable from the roots in depth-first postorder."""
    seen = [False] * len(succ)
    post: list[int] = []
    for root in roots:
        if seen[root]:
            continue
        seen[root] = True
        work = [(root, iter(succ[root]))]
        while work:
            node, targets = work[-1]
            for target in targets:
                if not seen[target]:
                    seen[target] = True
                    work.append((target, iter(succ[target])))
                    break
            else:
                work.pop()
                post.append(node)
    return post
