"""The overview and ego views: which nodes and edges they show, and where.

Large graphs are cut to a budget of nodes: labels with few nodes are kept whole
(chains, products, clusters ...), the most numerous ones (enterprises,
documents) keep their best-linked nodes, and the rest are folded into one
``+N`` node per chain and label. The page says so.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from .index import GraphIndex
from .layout import shells, spiral_groups
from .scene import Scene, ViewEdge

__all__ = ["overview_scene", "ego_scene", "homes", "MAX_NODES", "PHYSICS_MAX_NODES"]

MAX_NODES = 5_000
"""Default budget of drawn nodes per view (a 5,000-node overview draws in about 2 s, see the README)."""
PHYSICS_MAX_NODES = 200
"""Views up to this size settle with vis-network's physics; larger ones get fixed positions."""
AGGREGATE_LINKS = 25
FOLD_LINKS_MAX = 20_000
"""Above this many folded nodes their links are not summed (a pass over most edges: 14 s at 100k)."""


def homes(index: GraphIndex) -> dict[str, str]:
    """node id -> the chain it belongs to (products and clusters by PART_OF, technologies by what
    they block, enterprises by what they make or the cluster they are in); others are absent."""
    home: dict[str, str] = {}
    for chain in index.of_label("Chain"):
        home[chain] = chain
        for member in index.parts(chain):
            home.setdefault(member, chain)
    for tech in index.of_label("Technology"):
        blocked = [home[t] for t in index.out("BOTTLENECK_OF", tech) if t in home]
        if blocked:
            home[tech] = blocked[0]
    made, joined = _chains_by("MAKES", index, home), _chains_by("MEMBER_OF", index, home)
    # what enterprises make, else the clusters they are in (both types start at enterprises only)
    for firm, chains in [*made.items(), *((f, c) for f, c in joined.items() if f not in made)]:
        if len(chains) == 1:
            home[firm] = chains[0]
        else:  # the chain it has most links to, then the first by id
            home[firm] = min(set(chains), key=lambda chain: (-chains.count(chain), chain))
    return home


def _chains_by(rel: str, index: GraphIndex, home: dict[str, str]) -> dict[str, list[str]]:
    """source -> the homes of the nodes with a home it has ``rel`` edges to, one per such node
    (read backwards from those nodes: only they count)."""
    chains: dict[str, list[str]] = defaultdict(list)
    for target, chain in home.items():
        for source in index.sources(rel, target):
            chains[source].append(chain)
    return chains


def _budget(index: GraphIndex, max_nodes: int) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """Split all nodes into kept and folded (per label): labels with fewer nodes first, best-linked first."""
    by_label = {label: index.of_label(label) for label in index.kg.schema.label_names}
    keep: list[str] = []
    folded: list[tuple[str, list[str]]] = []
    for label in sorted(by_label, key=lambda lab: (len(by_label[lab]), lab)):
        room = max_nodes - len(keep)
        ranked = by_label[label]  # sorted by id
        if len(ranked) > room:
            ranked.sort(key=index.degrees.__getitem__, reverse=True)  # most links first, then by id (a stable sort)
        keep += ranked[:room]
        if ranked[room:]:
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
    home = homes(index)
    if folded:
        labels = ", ".join(f"{len(nids):,} {label}" for label, nids in sorted(folded))
        scene.notes.append(
            f"Showing {len(keep):,} of {total:,} nodes: the least-linked "
            f"{labels} are folded into '+N' nodes, one per chain and label "
            f"(chainkg view DIR --max-nodes N draws more)."
        )
        _fold(scene, index, folded, home)
    groups: dict[str, list[str]] = defaultdict(list)
    for key, node in scene.nodes.items():
        owner = home.get(key) if node.kind == "node" else key[len("more|"):].rsplit("|", 1)[0]
        groups[index.name(owner) if owner and owner in index else f"{node.label} (no chain)"].append(key)
    order = _label_order()
    spiral_groups(scene, [(caption, sorted(keys, key=lambda k: (order[scene.nodes[k].label], k))) for caption, keys in groups.items()])
    scene.physics = len(scene.nodes) <= PHYSICS_MAX_NODES
    if scene.physics:  # the groups only seed the physics: drawn closer, without captions that would not stay put
        scene.decor = []
        for node in scene.nodes.values():
            node.x, node.y = (node.x or 0.0) * 0.35, (node.y or 0.0) * 0.35
    return scene


def _label_order() -> dict[str, int]:
    from ..schema import SCHEMA

    first = {"Chain": 0, "Cluster": 1, "Product": 2, "Technology": 3}
    return {label: first.get(label, 10 + i) for i, label in enumerate(SCHEMA.label_names)}


def _fold(scene: Scene, index: GraphIndex, folded: list[tuple[str, list[str]]], home: dict[str, str]) -> None:
    """One '+N' node per (chain, label) for the folded nodes; their edges summed onto it."""
    members: dict[tuple[str, str], list[str]] = {}
    for label, nids in folded:
        for nid in nids:
            members.setdefault((home.get(nid, ""), label), []).append(nid)
    stand_ins = {f"more|{chain}|{label}": nids for (chain, label), nids in members.items()}
    for key, nids in stand_ins.items():
        chain, label = key[len("more|"):].rsplit("|", 1)
        where = f" of {index.name(chain)}" if chain else " in no chain"
        text = f"+{len(nids):,} {label} nodes{where}, not drawn (fewest links)\ne.g. " + ", ".join(index.name(n) for n in nids[:5])
        scene.stand_in(key, label, f"+{len(nids):,} {label}", text, "aggregate", "aggregate")
    if sum(len(nids) for _, nids in folded) > FOLD_LINKS_MAX:
        scene.notes.append(f"The links of the folded nodes are not drawn (more than {FOLD_LINKS_MAX:,} folded).")
        return
    stand_in = {nid: key for key, nids in stand_ins.items() for nid in nids}
    links: Counter[tuple[str, str, str]] = Counter()
    for rel in index.rels:  # every edge with a folded end once, summed onto the '+N' nodes
        for source, target in index.kg.pairs(rel):
            if source in stand_in:
                links[(stand_in[source], stand_in.get(target, target), rel)] += 1
            elif target in stand_in:
                links[(source, stand_in[target], rel)] += 1
    per_node: Counter[str] = Counter()
    for (source, target, rel), count in sorted(links.items(), key=lambda item: (-item[1], item[0])):
        ends = [end for end in (source, target) if end.startswith("more|")]
        if source == target or any(per_node[end] >= AGGREGATE_LINKS for end in ends):
            continue
        for end in ends:
            per_node[end] += 1
        scene.edges.append(ViewEdge(source, target, rel, f"{count:,} {rel} links", "aggregate"))


def ego_scene(index: GraphIndex, name: str, depth: int = 1, max_nodes: int = MAX_NODES) -> Scene:
    """Node ``name`` (any alias) and everything within ``depth`` hops, either direction.
    Documents are shown but not walked through (they would pull in all they mention)."""
    start = index.lookup(name)
    rings, seen = [[start]], {start}
    cut = skipped = False
    for _ in range(depth):
        ring = []
        for nid in rings[-1]:
            if index.label(nid) == "Document" and nid != start:
                skipped = True
                continue
            for other in index.neighbours(nid):
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
    scene = Scene("ego", f"{index.name(start)} and its {depth}-hop neighbourhood")
    for ring in rings:
        for nid in ring:
            scene.add(index, nid)
    scene.add_edges(index)
    if cut:
        scene.notes.append(f"Cut at {max_nodes:,} nodes: hop {len(rings) - 1} is shown in part and farther hops not at all.")
    if skipped:
        scene.notes.append("Documents are shown but not walked through: what else they mention is left out.")
    shells(scene, rings)
    scene.focus = 0
    scene.physics = len(scene.nodes) <= PHYSICS_MAX_NODES
    return scene
