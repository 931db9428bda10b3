"""The overview and ego views: which nodes and edges they show, and where.

Large graphs are cut to a budget of nodes: labels with few nodes are kept whole
(chains, products, clusters ...), the most numerous ones (enterprises,
documents) keep their best-linked nodes, and the rest are folded into one
``+N`` node per chain and label. The page says so.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import numpy as np

from chainkg.graph.arrays import distinct
from chainkg.graph.views.index import GraphIndex
from chainkg.graph.views.layout import shells, spiral_groups
from chainkg.graph.views.numbered import NumberedGraph
from chainkg.graph.views.scene import Scene, ViewEdge
from chainkg.graph.views.stored import StoredIndex

__all__ = ["MAX_NODES", "PHYSICS_MAX_NODES", "ego_scene", "homes", "overview_scene"]

MAX_NODES = 5_000
"""Default budget of drawn nodes per view (a 5,000-node overview draws in about 2 s, see the README)."""
PHYSICS_MAX_NODES = 200
"""Views up to this size settle with vis-network's physics; larger ones get fixed positions."""
AGGREGATE_LINKS = 25
FOLD_LINKS_MAX = 20_000
"""Above this many folded nodes their links are not summed onto the '+N' nodes (the page says so)."""


def homes(index: GraphIndex) -> dict[str, str]:
    """node id -> the chain it belongs to (products and clusters by PART_OF, technologies by what
    they block, enterprises by what they make or the cluster they are in); others are absent."""
    home = home_numbers(index)
    nodes = np.flatnonzero(home >= 0)
    return dict(zip(index.graph.names(nodes), index.graph.names(home[nodes])))


def home_numbers(index: GraphIndex) -> np.ndarray:
    """:func:`homes` by node number: per node, the number of its chain, or -1."""
    number = index.graph.number
    home = np.full(len(index.graph.ids), -1, dtype=np.int64)
    for chain in index.of_label("Chain"):
        home[number[chain]] = number[chain]
        for member in index.parts(chain):
            if home[number[member]] < 0:
                home[number[member]] = number[chain]
    for tech in index.of_label("Technology"):
        blocked = [int(home[number[t]]) for t in index.out("BOTTLENECK_OF", tech) if home[number[t]] >= 0]
        if blocked:
            home[number[tech]] = blocked[0]
    # what enterprises make, else the clusters they are in (both types start at enterprises only)
    joined, chains = _chains_by("MEMBER_OF", index, home)
    made, made_chains = _chains_by("MAKES", index, home)
    home[joined] = chains
    home[made] = made_chains
    return home


def _chains_by(rel: str, index: GraphIndex, home: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The sources of ``rel`` edges to nodes with a home, and for each the home it has most such
    nodes in (each node once, however many edges), then the first by id."""
    sources, targets = index.graph.ends(rel)
    size = len(home)
    linked = home[targets] >= 0
    sources, targets = sources[linked], targets[linked]
    if index.kg.schema.rel(rel).key:  # one per (source, target), however many edges join them
        pairs = distinct(sources * size + targets)
        sources, targets = pairs // size, pairs % size
    chains = home[targets]
    found, counts = np.unique(sources * size + chains, return_counts=True)
    sources, chains = found // size, found % size
    order = np.lexsort((chains, -counts, sources))  # per source: most nodes, then the chain first by id
    first = order[np.concatenate(([True], sources[order][1:] != sources[order][:-1]))] if order.size else order
    return sources[first], chains[first]


def _budget(index: GraphIndex, max_nodes: int) -> tuple[list[str], list[tuple[str, np.ndarray]]]:
    """Split all nodes into kept and folded (per label, by number): labels with fewer nodes first,
    best-linked first."""
    graph = index.graph
    by_label = {label: graph.label_numbers(label) for label in index.kg.schema.label_names}
    keep: list[str] = []
    folded: list[tuple[str, np.ndarray]] = []
    for label in sorted(by_label, key=lambda lab: (len(by_label[lab]), lab)):
        room = max_nodes - len(keep)
        numbers = by_label[label]  # sorted as the ids
        if len(numbers) <= room:
            keep += graph.names(numbers)
            continue
        ranked = numbers[np.argsort(-graph.degree_array[numbers], kind="stable")]  # most links first, then by id
        keep += graph.names(ranked[:room])
        folded.append((label, ranked[room:]))
    return keep, folded


def overview_scene(index: GraphIndex, max_nodes: int = MAX_NODES) -> Scene:
    """Everything, coloured and shaped by label; above ``max_nodes``, the least linked nodes folded."""
    total = len(index)
    scene = Scene("overview", "Overview")
    keep, folded = _budget(index, max_nodes)
    for nid in keep:
        scene.add(index, nid)
    scene.add_edges(index)
    home = home_numbers(index)
    if folded:
        labels = ", ".join(f"{len(nids):,} {label}" for label, nids in sorted(folded, key=lambda item: item[0]))
        scene.notes.append(
            f"Showing {len(keep):,} of {total:,} nodes: the least-linked "
            f"{labels} are folded into '+N' nodes, one per chain and label "
            f"(chainkg view DIR --max-nodes N draws more)."
        )
        _fold(scene, index, folded, home)
    groups: dict[str, list[str]] = defaultdict(list)
    number, ids = index.graph.number, index.graph.ids
    for key, node in scene.nodes.items():
        if node.kind == "node":
            owner = ids[home[number[key]]] if home[number[key]] >= 0 else None
        else:
            owner = key[len("more|") :].rsplit("|", 1)[0]
        groups[index.name(owner) if owner and owner in index else f"{node.label} (no chain)"].append(key)
    order = _label_order()
    spiral_groups(
        scene,
        [(caption, sorted(keys, key=lambda k: (order[scene.nodes[k].label], k))) for caption, keys in groups.items()],
    )
    scene.physics = len(scene.nodes) <= PHYSICS_MAX_NODES
    if scene.physics:  # the groups only seed the physics: drawn closer, without captions that would not stay put
        scene.decor = []
        for node in scene.nodes.values():
            node.x, node.y = (node.x or 0.0) * 0.35, (node.y or 0.0) * 0.35
    return scene


def _label_order() -> dict[str, int]:
    from chainkg.graph.schema import SCHEMA

    first = {"Chain": 0, "Cluster": 1, "Product": 2, "Technology": 3}
    return {label: first.get(label, 10 + i) for i, label in enumerate(SCHEMA.label_names)}


def _fold(scene: Scene, index: GraphIndex, folded: list[tuple[str, np.ndarray]], home: np.ndarray) -> None:
    """One '+N' node per (chain, label) for the folded nodes; their edges summed onto it."""
    graph = index.graph
    stand_in = np.full(len(graph.ids), -1, dtype=np.int64)  # node number -> its '+N' node
    keys: list[str] = []
    for label, numbers in folded:
        chains, first, which = np.unique(home[numbers], return_index=True, return_inverse=True)
        for group in np.argsort(first, kind="stable").tolist():  # in the order of their first member
            members = numbers[which.reshape(-1) == group]
            chain = graph.ids[chains[group]] if chains[group] >= 0 else ""
            key = f"more|{chain}|{label}"
            where = f" of {index.name(chain)}" if chain else " in no chain"
            names = ", ".join(index.name(n) for n in graph.names(members[:5]))
            scene.stand_in(
                key,
                label,
                f"+{len(members):,} {label}",
                f"+{len(members):,} {label} nodes{where}, not drawn (fewest links)\ne.g. {names}",
                "aggregate",
                "aggregate",
            )
            stand_in[members] = len(keys)
            keys.append(key)
    if sum(len(numbers) for _, numbers in folded) > FOLD_LINKS_MAX:
        scene.notes.append(f"The links of the folded nodes are not drawn (more than {FOLD_LINKS_MAX:,} folded).")
        return
    per_node: Counter[str] = Counter()
    for (source, target, rel), count in _folded_links(graph, stand_in, keys):
        ends = [end for end in (source, target) if end.startswith("more|")]
        if source == target or any(per_node[end] >= AGGREGATE_LINKS for end in ends):
            continue
        for end in ends:
            per_node[end] += 1
        scene.edges.append(ViewEdge(source, target, rel, f"{count:,} {rel} links", "aggregate"))


def _folded_links(
    graph: NumberedGraph, stand_in: np.ndarray, keys: list[str]
) -> list[tuple[tuple[str, str, str], int]]:
    """Every edge with a folded end once, summed onto the '+N' nodes: ((source, target, TYPE),
    count), most first, then by the triple."""
    size = len(graph.ids) + len(keys)  # ends numbered: nodes, then the '+N' nodes
    links: list[tuple[tuple[str, str, str], int]] = []
    name = [*graph.ids, *keys].__getitem__
    for rel in graph.rels:
        sources, targets = graph.ends(rel)
        folded = (stand_in[sources] >= 0) | (stand_in[targets] >= 0)
        sources, targets = sources[folded], targets[folded]
        sources = np.where(stand_in[sources] >= 0, stand_in[sources] + len(graph.ids), sources)
        targets = np.where(stand_in[targets] >= 0, stand_in[targets] + len(graph.ids), targets)
        found, counts = np.unique(sources * size + targets, return_counts=True)
        ends = zip(map(name, (found // size).tolist()), map(name, (found % size).tolist()))
        links += [((source, target, rel), count) for (source, target), count in zip(ends, counts.tolist())]
    return sorted(links, key=lambda item: (-item[1], item[0]))


def ego_scene(index: GraphIndex | StoredIndex, name: str, depth: int = 1, max_nodes: int = MAX_NODES) -> Scene:
    """Node ``name`` (any alias) and everything within ``depth`` hops, either direction.
    Documents are shown but not walked through (they would pull in all they mention).
    ``index`` may be a :class:`~chainkg.graph.views.stored.StoredIndex`: the same scene, read
    from a build's database."""
    start = index.lookup(name)
    rings, seen = [[start]], {start}
    cut = skipped = False
    for _ in range(depth):
        walked = [nid for nid in rings[-1] if nid == start or index.label(nid) != "Document"]
        skipped |= len(walked) < len(rings[-1])
        linked = index.neighbours_of(walked)
        ring = []
        for nid in walked:
            for other in linked[nid]:
                if other not in seen:
                    seen.add(other)
                    ring.append(other)
        if len(seen) > max_nodes:
            ring, cut = ring[: max_nodes - (len(seen) - len(ring))], True
        if not ring:
            break
        rings.append(ring)
        if cut:
            break
    index.read_nodes([nid for ring in rings for nid in ring])
    scene = Scene("ego", f"{index.name(start)} and its {depth}-hop neighbourhood")
    for ring in rings:
        for nid in ring:
            scene.add(index, nid)
    scene.add_edges(index)
    if cut:
        scene.notes.append(
            f"Cut at {max_nodes:,} nodes: hop {len(rings) - 1} is shown in part and farther hops not at all."
        )
    if skipped:
        scene.notes.append("Documents are shown but not walked through: what else they mention is left out.")
    shells(scene, rings)
    scene.focus = 0
    scene.physics = len(scene.nodes) <= PHYSICS_MAX_NODES
    return scene
