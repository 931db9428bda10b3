"""The chain view: one chain, upstream to downstream (the gaps view is in :mod:`.gaps`).

A chain's products sit in columns from left to right: first by stage
(upstream, midstream, downstream, then products with no stage), then by how far
down the ``UPSTREAM_OF`` links they are. Under each product stand the
enterprises that make it; a product with no local source (no maker and no supplier of it there,
as :func:`~chainkg.graph.analysis.analytics.sources_of` and ``chain_gaps`` count them) gets a dashed red
slot instead. "Local" means in the regions where the chain's clusters are (through
parks and parent regions), or in the region given. Bottleneck technologies
stand to the right of what they block, dashed red while unsolved.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from chainkg.errors import QueryError
from chainkg.graph.analysis.depths import condensed_depths
from chainkg.graph.arrays import distinct, gather
from chainkg.graph.schema import STAGES
from chainkg.graph.views.index import GraphIndex
from chainkg.graph.views.layout import ASPECT, row, wrap, wrap_height
from chainkg.graph.views.scene import Scene, ViewEdge

__all__ = ["MAKERS_PER_PRODUCT", "OTHERS_MAX", "chain_scene", "chain_scenes"]

MAKERS_PER_PRODUCT = 8
OTHERS_MAX = 60
STAGE_TITLES = {"upstream": "上游 upstream", "midstream": "中游 midstream", "downstream": "下游 downstream"}
_WIDTH, _STEP = 340.0, 56.0
_ROWS = 40
_HEADER = 300.0
"""Room between rows of wrapped columns: the band titles of the row below."""
"""A column of product blocks wraps no sooner than this many steps down."""
_STATUS_MARK = {"unsolved": "unsolved", "tackling": "tackling"}


def _levels(index: GraphIndex, products: list[str]) -> dict[str, tuple[int, int]]:
    """product -> (stage rank, depth along UPSTREAM_OF among the chain's products)."""
    depth = condensed_depths(products, {p: index.out("UPSTREAM_OF", p) for p in products})  # a cycle shares one depth
    rank: dict[str | None, int] = {stage: i for i, stage in enumerate(STAGES)}  # looked up with a stage or None
    return {p: (rank.get(index.attrs(p).get("stage"), len(STAGES)), depth[p]) for p in products}


def _local(index: GraphIndex, clusters: list[str], region: str | None) -> frozenset[str]:
    if region:
        nid = index.kg.find("Region", region)
        if nid is None:
            raise QueryError(
                f"no region is called {region!r}", fix="give a region's name or alias (a province, city or district)"
            )
        return frozenset({index.name(nid)})
    return frozenset(name for c in clusters for name in index.regions_of(c))


def _tech_mark(index: GraphIndex, tech: str) -> str:
    return _STATUS_MARK.get(index.attrs(tech).get("status", ""), "")


def chain_scene(index: GraphIndex, name: str, region: str | None = None) -> Scene:
    """One chain left to right, with makers, clusters, parks, gaps and bottlenecks."""
    chain = index.chain(name)
    parts = index.parts(chain)
    products = [p for p in parts if index.label(p) == "Product"]
    clusters = [c for c in parts if index.label(c) == "Cluster"]
    local = _local(index, clusters, region)
    scene = Scene("chain", f"Chain: {index.name(chain)}")
    scene.add(index, chain)
    levels = _levels(index, products)
    keys = sorted(set(levels.values()))
    away = index.away(local) if local else None
    blocks = [
        (key, p, _makers(scene, index, p, local, away))
        for key in keys
        for p in sorted((p for p in products if levels[p] == key), key=index.name)
    ]
    marks = _bottlenecks(scene, index, chain, products)
    width = _place_columns(scene, index, keys, blocks)
    for nid in [*clusters, *_places(index, scene, clusters)]:
        scene.add(index, nid)
    others = _others(scene, index, clusters)
    for nid in others:
        scene.add(index, nid)
    per_row = max(width * 2, 6)
    row(scene, [chain], max(width - 1, 0) * _WIDTH / 2, -330.0)
    apart = set(others)
    row(scene, scene.unplaced([k for k in scene.nodes if k not in apart]), -_WIDTH / 2, -240.0, per_row=per_row)
    row(scene, others, -_WIDTH / 2, max(n.y for n in scene.nodes.values() if n.y is not None) + 130.0, per_row=per_row)
    scene.add_edges(index, marks, captions=True)
    where = " or ".join(sorted(local)) if local else "anywhere in the graph (the chain has no located cluster)"
    scene.notes.append(
        f"Dashed red slot: a product with no maker or supplier in {where}. Dashed red / orange: a bottleneck still unsolved / being tackled."
    )
    if len(others) == OTHERS_MAX:
        scene.notes.append(
            f"Only the first {OTHERS_MAX} suppliers and cluster members that make none of the chain's products are shown."
        )
    return scene


def chain_scenes(index: GraphIndex, names: Sequence[str], region: str | None = None) -> list[Scene]:
    """The scenes of several chains (one index: the types read as arrays are read once for all)."""
    return [chain_scene(index, name, region) for name in names]


def _makers(scene: Scene, index: GraphIndex, product: str, local: frozenset[str], away: np.ndarray | None) -> list[str]:
    """The maker stack under a product: local makers first, then others, a '+N', or a gap slot
    when no maker and no supplier of it is local.
    ``away``: per node number, whether it is outside ``local`` (None when there is no ``local``)."""
    scene.add(index, product)
    makers = distinct(index.graph.others("MAKES", False, product))  # numbers: sorted as the ids
    elsewhere = away[makers] if away is not None else np.zeros(len(makers), dtype=bool)
    stack = []
    for maker in _first_numbered(index, makers, elsewhere):
        if maker not in scene.nodes:
            scene.add(index, maker)
            stack.append(maker)
    if len(makers) > MAKERS_PER_PRODUCT:
        key = f"more|{product}|makers"
        rest = len(makers) - MAKERS_PER_PRODUCT
        scene.stand_in(
            key,
            "Enterprise",
            f"+{rest:,} makers",
            f"{rest:,} more makers of {index.name(product)}, not drawn",
            "aggregate",
            "aggregate",
        )
        scene.edges.append(ViewEdge(key, product, "MAKES", f"{rest:,} MAKES links", "aggregate"))
        stack.append(key)
    suppliers = index.suppliers(product)
    if elsewhere.all() and (away[suppliers].all() if away is not None else not len(suppliers)):
        key = f"slot|{product}"
        missing = "no local source" if local else "no source"
        text = f"Gap (空白): {index.name(product)} has no maker or supplier" + (
            f" in {' or '.join(sorted(local))}" if local else ""
        )
        scene.stand_in(key, "Enterprise", f"空白 · {missing}", text, "slot", "gap")
        scene.edges.append(ViewEdge(key, product, "MAKES", text, "gap"))
        stack.insert(0, key)
    return stack


def _first_makers(index: GraphIndex, makers: list[str], elsewhere: list[bool]) -> list[str]:
    """The first few makers by (local first, most links, name, id)."""
    return _first_numbered(index, index.graph.numbers(makers), np.array(elsewhere, dtype=bool))


def _first_numbered(index: GraphIndex, makers: np.ndarray, elsewhere: np.ndarray) -> list[str]:
    """:func:`_first_makers` of makers given by number, without sorting them all: only those that
    tie with the last one taken on (local, links) need their names."""
    degrees = index.graph.degree_array[makers]
    rank = elsewhere * (int(degrees.max(initial=0)) + 1) - degrees  # (local first, most links) as one number
    if len(makers) > MAKERS_PER_PRODUCT:
        last = np.partition(rank, MAKERS_PER_PRODUCT - 1)[MAKERS_PER_PRODUCT - 1]
        makers, rank = makers[rank <= last], rank[rank <= last]
    nids, name = index.graph.names(makers), index.kg.name_of
    return [m for *_, m in sorted(zip(rank.tolist(), map(name, nids), nids))[:MAKERS_PER_PRODUCT]]


def _bottlenecks(scene: Scene, index: GraphIndex, chain: str, products: list[str]) -> dict[tuple[str, str, str], str]:
    """Technologies that block the chain or its products, and who broke through them."""
    marks: dict[tuple[str, str, str], str] = {}
    for target in [chain, *products]:
        for tech in index.into("BOTTLENECK_OF", target):
            mark = _tech_mark(index, tech)
            scene.add(index, tech, mark)
            marks[(tech, target, "BOTTLENECK_OF")] = mark
            for actor in index.into("BREAKTHROUGH", tech):
                scene.add(index, actor)
    return marks


def _place_columns(
    scene: Scene, index: GraphIndex, keys: list[tuple[int, int]], blocks: list[tuple[tuple[int, int], str, list[str]]]
) -> int:
    """Columns of product blocks, a tall column wrapped into sub-columns and the sub-columns into
    rows, so that the view is about as wide as a screen (at 20k enterprises a chain's columns made
    a thin strip); technologies to the right of what they block; stage bands behind each row.
    Returns the number of sub-columns in a row."""
    column_of = {key: i for i, key in enumerate(keys)}
    claimed: set[str] = set()
    by_column: list[list[tuple[str, list[str], list[str]]]] = [[] for _ in keys]
    for key, product, stack in blocks:
        techs = [t for t in scene.unplaced(index.into("BOTTLENECK_OF", product)) if t not in claimed]
        claimed.update(techs)
        by_column[column_of[key]].append((product, stack, techs))
    heights = [[(max(len(stack) + 1, len(techs)) + 0.7) * _STEP for _, stack, techs in column] for column in by_column]
    spots, count = wrap(heights, wrap_height([h for column in heights for h in column], _WIDTH, _ROWS * _STEP))
    tall = max((y + h for places, hs in zip(spots, heights) for (_, y), h in zip(places, hs)), default=0.0)
    per_row = min(count, max(1, math.ceil(math.sqrt(ASPECT * count * (tall + _HEADER) / _WIDTH))))

    def where(sub: int) -> tuple[float, float]:
        return (sub % per_row) * _WIDTH, (sub // per_row) * (tall + _HEADER)

    stage_of: dict[int, int] = {}
    for column, places, key in zip(by_column, spots, keys):
        for (product, stack, techs), (sub, y) in zip(column, places):
            x, top = where(sub)
            stage_of[sub] = key[0]
            for i, nid in enumerate([product, *stack]):
                scene.nodes[nid].x, scene.nodes[nid].y = x, top + y + i * _STEP
            for i, tech in enumerate(techs):
                scene.nodes[tech].x, scene.nodes[tech].y = x + _WIDTH * 0.47, top + y + i * _STEP
    _bands(scene, stage_of, per_row, tall)
    return per_row


def _bands(scene: Scene, stage_of: dict[int, int], per_row: int, tall: float) -> None:
    """One band per stage and row of sub-columns, its title in the room above the row."""
    runs: dict[tuple[int, int], list[int]] = defaultdict(list)
    for sub, rank in stage_of.items():
        runs[(sub // per_row, rank)].append(sub % per_row)
    titles = [*STAGES, None]
    for (line, rank), cols in sorted(runs.items()):
        stage = titles[rank]
        title = STAGE_TITLES.get(stage, stage) if stage else "stage not given"
        x0, x1, top = min(cols) * _WIDTH - 150, max(cols) * _WIDTH + 230, line * (tall + _HEADER)
        scene.decor.append(
            {
                "kind": "band",
                "text": title,
                "x0": x0,
                "x1": x1,
                "y0": top - 150.0,
                "y1": top + tall,
                "fill": ["#eef4fb", "#f3f8ee", "#fbf1ea", "#f2f2f2"][rank],
                "w": x1 - x0 - 120,
                "h": 100.0,
            }
        )


def _places(index: GraphIndex, scene: Scene, clusters: list[str]) -> list[str]:
    """Parks and regions where the chain's enterprises and clusters are."""
    graph = index.graph
    holders = graph.numbers(
        [*clusters, *(k for k, n in scene.nodes.items() if n.kind == "node" and n.label == "Enterprise")]
    )
    _, places = gather(graph.rows("LOCATED_IN", True), holders)
    found = distinct(places)  # sorted as the ids
    return graph.names(found[~graph.mask(scene.nodes)[found]])


def _others(scene: Scene, index: GraphIndex, clusters: list[str]) -> list[str]:
    """Cluster members and suppliers of the chain's enterprises that make none of its products."""
    graph = index.graph
    firms = graph.numbers(k for k, n in scene.nodes.items() if n.kind == "node" and n.label == "Enterprise")
    members = [graph.others("MEMBER_OF", False, c) for c in clusters]
    _, suppliers = gather(graph.rows("SUPPLIES", False), firms)
    found = distinct(np.concatenate([*members, suppliers]))  # sorted as the ids
    found = found[~graph.mask(scene.nodes)[found]]
    order = np.argsort(-graph.degree_array[found], kind="stable")  # most links first, then by id
    return graph.names(found[order[:OTHERS_MAX]])
