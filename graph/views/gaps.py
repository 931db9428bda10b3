"""The gaps view: bottleneck technologies (who broke through, what they block) and the chain
products that have no source: no enterprise makes them or supplies them (a ``SUPPLIES`` edge whose
``product`` is the product's name), the one definition of :func:`~chainkg.graph.analysis.analytics.sources_of`
that ``chain_gaps``, the report and what-if share.

A chain's products are the products ``PART_OF`` the chain itself. Narrower products
(``PART_OF`` another product: 产品小类) are not counted: in the public chain dataset 53k of its
95k products are such entries, most with no maker of their own, while makers of the broader
product may well make them; listing them would bury the chain's real gaps under classification
leaves (the chain view still draws them under their chain). Everything is found on arrays of
node numbers, in time linear in the graph; above ``max_nodes`` the products of each chain past
its share are folded into one ``+N`` node per chain, and the page says so.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from chainkg.graph.schema import TECH_STATUSES
from chainkg.graph.views.index import GraphIndex
from chainkg.graph.views.layout import ASPECT, flow
from chainkg.graph.views.scene import Scene, ViewEdge
from chainkg.graph.views.scenes import MAX_NODES

__all__ = ["chain_products", "chains_with_content", "gaps_scene", "quotas"]

_WIDTH, _STEP = 380.0, 56.0
_STATUS_MARK = {"unsolved": "unsolved", "tackling": "tackling"}


def _is(index: GraphIndex, label: str) -> np.ndarray:
    """Per node number: whether it has ``label``."""
    found = np.zeros(len(index.graph.ids), dtype=bool)
    found[index.graph.label_numbers(label)] = True
    return found


def _ends(index: GraphIndex, rel: str) -> tuple[np.ndarray, np.ndarray]:
    if rel not in index.rels:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    return index.graph.ends(rel)


def chain_products(index: GraphIndex) -> tuple[np.ndarray, np.ndarray]:
    """Every (product, chain) of a ``PART_OF`` Product -> Chain edge, once each, as node numbers
    sorted by chain then product."""
    sources, targets = _ends(index, "PART_OF")
    keep = _is(index, "Product")[sources] & _is(index, "Chain")[targets]
    size = max(len(index.graph.ids), 1)
    pairs = np.unique(targets[keep] * size + sources[keep])
    return pairs % size, pairs // size


def chains_with_content(index: GraphIndex) -> list[str]:
    """Ids of the chains a chain page has something to show for (sorted): a product or cluster
    ``PART_OF`` them, or a technology that is their bottleneck."""
    has = np.zeros(len(index.graph.ids), dtype=bool)
    sources, targets = _ends(index, "PART_OF")
    has[targets[_is(index, "Product")[sources] | _is(index, "Cluster")[sources]]] = True
    has[_ends(index, "BOTTLENECK_OF")[1]] = True
    chains = index.graph.label_numbers("Chain")
    return index.graph.names(chains[has[chains]])


def quotas(sizes: Sequence[int], room: int) -> list[int]:
    """How many of each group to keep so that at most ``room`` are kept in all, shared as evenly
    as the groups allow (water-filling: a small group keeps all, the rest share what it leaves).

    >>> quotas([3, 50, 10], 20), quotas([3, 50, 10], 100), quotas([4, 4], 1)
    ([3, 9, 8], [3, 50, 10], [1, 0])
    """
    room = max(room, 0)
    kept = [0] * len(sizes)
    left = sorted(range(len(sizes)), key=lambda i: (sizes[i], i))
    while left:
        share = room // len(left)
        if sizes[left[0]] > share:  # none of the rest fits in an even share: split what is left
            for at, i in enumerate(sorted(left)):
                kept[i] = share + (1 if at < room - share * len(left) else 0)
            break
        i = left.pop(0)
        kept[i] = sizes[i]
        room -= sizes[i]
    return kept


def gaps_scene(index: GraphIndex, chain: str | None = None, max_nodes: int = MAX_NODES) -> Scene:
    """Bottleneck technologies (who broke through, what they block) and chain products with no
    source (nobody makes or supplies them); narrowed to one chain when ``chain`` is given."""
    graph = index.graph
    products, chains = chain_products(index)
    scope: set[str] = set()
    if chain:
        cid = index.chain(chain)
        inside = chains == graph.number[cid]
        products, chains = products[inside], chains[inside]
        scope = {cid, *graph.names(products)}
    techs = _bottlenecks(index, scope)
    scene = Scene("gaps", "Gaps and bottlenecks" + (f": {index.name(cid)}" if chain else ""))
    marks: dict[tuple[str, str, str], str] = {}
    actors: list[str] = []
    blocked: list[str] = []
    for tech in techs:
        mark = _tech_mark(index, tech)
        scene.add(index, tech, mark)
        actors += [a for a in index.into("BREAKTHROUGH", tech) if a not in actors]
        for target in index.out("BOTTLENECK_OF", tech):
            marks[(tech, target, "BOTTLENECK_OF")] = mark
            blocked += [target] if target not in blocked else []
    for nid in [*actors, *blocked]:
        scene.add(index, nid)
    groups, empty = _empty_by_chain(index, products, chains, set(blocked))
    heads = [c for c, _ in groups]
    for nid in heads:
        scene.add(index, nid)
    shown = _draw_products(scene, index, groups, max_nodes - scene.graph_node_count())
    for p in empty:  # a blocked product with no source is marked where it stands
        if p in scene.nodes:
            scene.add(index, p, "gap")
    cols = [[[a] for a in actors], [[t] for t in techs], [[b] for b in blocked if b not in heads]]
    _gap_columns(scene, cols, [[c, *keys] for c, keys in shown])
    scene.add_edges(index, marks, captions=True)
    drawn = sum(1 for p in empty if p in scene.nodes)
    scene.notes.append(
        f"{len(techs)} bottleneck technologies{f' ({_status_counts(index, techs)})' if techs else ''}; "
        f"{len(empty):,} chain products (PART_OF a chain; narrower products, 产品小类, not counted) "
        f"that no enterprise in the graph makes or supplies (dashed red)."
    )
    if drawn < len(empty):
        scene.notes.append(
            f"Showing {drawn:,} of {len(empty):,} products with no source: the rest are folded into '+N' nodes, "
            f"one per chain (--max-nodes N draws more, --chain NAME narrows to one chain)."
        )
    return scene


def _bottlenecks(index: GraphIndex, scope: set[str]) -> list[str]:
    """Bottleneck technologies (of the chain or its products, when ``scope`` is given), unsolved first."""
    techs = []
    for tech in index.of_label("Technology"):
        attrs, targets = index.attrs(tech), index.out("BOTTLENECK_OF", tech)
        if (attrs.get("bottleneck") or attrs.get("status") or targets) and (not scope or scope.intersection(targets)):
            techs.append(tech)
    rank = {status: i for i, status in enumerate(TECH_STATUSES)}
    return sorted(techs, key=lambda t: (rank.get(index.attrs(t).get("status", ""), len(rank)), index.name(t)))


def _sourced(index: GraphIndex, products: np.ndarray) -> np.ndarray:
    """Per product number in ``products``: whether an enterprise makes it or supplies it
    (:func:`~chainkg.graph.analysis.analytics.sources_of`). Linear: the SUPPLIES edges are grouped by their
    ``product`` text once (:meth:`GraphIndex.supplied`, in Arrow), and only the products no one
    makes are looked up there."""
    made = np.zeros(len(index.graph.ids), dtype=bool)
    made[_ends(index, "MAKES")[1]] = True
    found: np.ndarray = made[products]
    rest = np.flatnonzero(~found)
    if len(rest):
        supplied, name_of = index.supplied(), index.kg.name_of
        found[rest] = [name_of(nid) in supplied for nid in index.graph.names(products[rest])]
    return found


def _empty_by_chain(
    index: GraphIndex, products: np.ndarray, chains: np.ndarray, blocked: set[str]
) -> tuple[list[tuple[str, list[str]]], list[str]]:
    """The chains with products that have no source, by name, each with those products (by name,
    then id; a product under the first of its chains only, a blocked one under none); and all such products."""
    unsourced = ~_sourced(index, products)
    products, chains = products[unsourced], chains[unsourced]
    names = index.graph.names
    by_chain: dict[str, list[str]] = defaultdict(list)
    for p, c in zip(names(products), names(chains)):
        by_chain[c].append(p)
    key = lambda nid: (index.name(nid), nid)
    empty = sorted(set(names(products)), key=key)
    placed: set[str] = set(blocked)
    groups = []
    for c in sorted(by_chain, key=key):
        members = [p for p in sorted(by_chain[c], key=key) if p not in placed]
        placed.update(members)
        if members or c not in blocked:
            groups.append((c, members))
    return groups, empty


def _draw_products(
    scene: Scene, index: GraphIndex, groups: list[tuple[str, list[str]]], room: int
) -> list[tuple[str, list[str]]]:
    """Add each chain's products with no source, as many as its share of ``room``, the rest as one
    '+N' node per chain; returns the keys drawn under each chain."""
    shown = []
    for (c, members), keep in zip(groups, quotas([len(m) for _, m in groups], room)):
        keys = members[:keep]
        for p in keys:
            scene.add(index, p, "gap")
        rest = len(members) - keep
        if rest:
            key = f"more|{c}|gaps"
            text = f"{rest:,} more products of {index.name(c)} that no enterprise makes or supplies, not drawn"
            scene.stand_in(key, "Product", f"+{rest:,} Product", text, "aggregate", "aggregate")
            scene.edges.append(ViewEdge(key, c, "PART_OF", f"{rest:,} PART_OF links", "aggregate"))
            keys = [*keys, key]
        shown.append((c, keys))
    return shown


def _gap_columns(scene: Scene, cols: list[list[list[str]]], by_chain: list[list[str]]) -> None:
    """Who broke through, the technologies, what they block (those that have any), then the chains
    with their products that have no source; each group flows over as many columns as keep the whole
    about as wide as a screen (a long list of technologies no longer makes a thin strip), with its caption above."""
    seen: set[str] = set()
    unique = [[[k for k in block if not (k in seen or seen.add(k))] for block in col] for col in cols]  # type: ignore[func-returns-value]
    chain_blocks = [[k for k in block if not (k in seen or seen.add(k))] for block in by_chain]  # type: ignore[func-returns-value]
    captions = ["who broke through", "bottleneck technologies", "what they block", "products with no source"]
    groups = [(text, [b for b in col if b]) for text, col in zip(captions, [*unique, chain_blocks])]
    groups = [(text, blocks) for text, blocks in groups if blocks]
    steps = sum(len(b) + 0.7 for _, blocks in groups for b in blocks)
    rows = max(40, math.ceil(math.sqrt(steps * _WIDTH / (_STEP * ASPECT))))
    x = 0.0
    for text, blocks in groups:
        used = flow(scene, blocks, x0=x, width=_WIDTH, step=_STEP, rows=rows)
        scene.decor.append(
            {
                "kind": "caption",
                "text": text,
                "x": x + (used - 1) * _WIDTH / 2,
                "y": -20.0,
                "w": round(used * _WIDTH * 0.9, 1),
                "h": 90.0,
            }
        )
        x += used * _WIDTH


def _tech_mark(index: GraphIndex, tech: str) -> str:
    return _STATUS_MARK.get(index.attrs(tech).get("status", ""), "")


def _status_counts(index: GraphIndex, techs: list[str]) -> str:
    counts: dict[str, int] = defaultdict(int)
    for tech in techs:
        counts[index.attrs(tech).get("status") or "no status"] += 1
    return ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
