"""The supply network as arrays: SUPPLIES and MAKES read once from the graph into numpy columns.

Each pass of Python over 500k edges costs tenths of a second, so the report reads each edge type once
(:class:`Supplies`, :class:`Makes`) and computes on integer arrays: customers and dominators
per supplier (:class:`Criticality`), supplier concentration per product, the regions making
each product. Sums keep the order of additions of a walk over the sorted edges, so results
are the same to the last bit as the plain loops (kept as :func:`concentration_walk`).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from operator import eq, mul, truediv
from typing import Any

import networkx as nx
import numpy as np

from chainkg.errors import SchemaError

from .dominators import csr, distinct, dominated_array, gather
from .model import KnowledgeGraph

__all__ = ["Supplies", "Makes", "Criticality", "concentration", "concentration_walk", "supply_network",
           "region_names", "reach", "BETWEENNESS_EXACT_MAX"]

BETWEENNESS_EXACT_MAX = 1_000  # exact betweenness: 0.7 s CPU at 500 enterprises, 3 s at 1,000, 14 s at 2,000
_NONE: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Supplies:
    """SUPPLIES as columns: endpoints numbered in id order (so comparing numbers compares ids),
    then per edge its supplier, customer, product (a number into ``product_names``, sorted)
    and volume (None where it has none)."""

    ids: list[str]
    src: np.ndarray
    dst: np.ndarray
    product: np.ndarray
    product_names: list[str]
    volumes: list[Any]
    numbering: _Numbering = field(repr=False, compare=False)

    @classmethod
    def of(cls, kg: KnowledgeGraph) -> Supplies:
        """Read the graph's SUPPLIES edges and Enterprise nodes once (as columns: no mapping per edge)."""
        sources, targets = kg.edge_ends("SUPPLIES")
        ids = [nid for nid, _ in kg.node_items("Enterprise")]  # sorted
        numbering = _Numbering(ids)
        src, dst = numbering.of(sources), numbering.of(targets)
        if src is None or dst is None:  # an endpoint that is no Enterprise: number every id met
            ids = sorted(set(ids).union(sources, targets))
            numbering = _Numbering(ids)
            src, dst = numbering.of(sources), numbering.of(targets)
        products = kg.edge_values("SUPPLIES", "product")
        if None in products:  # no product: the edge key's empty one
            products = ["" if product is None else product for product in products]
        names = sorted(set(products))
        code = dict(zip(names, range(len(names))))
        product = np.fromiter(map(code.__getitem__, products), dtype=np.int64, count=len(products))
        return cls(ids, src, dst, product, names, kg.edge_values("SUPPLIES", "volume"), numbering)

    def volume(self) -> np.ndarray | None:
        """Volumes as floats (NaN where unknown), or None if a known volume is NaN itself."""
        volume = np.array(self.volumes, dtype=float)
        return volume if int(np.isnan(volume).sum()) == self.volumes.count(None) else None


class _Numbering:
    """Strings -> their positions in a list of distinct strings, on numpy arrays (a dict lookup
    per string costs ~1 us at 500k edges): by object identity where the strings are the list's
    own objects (as a frozen model's edge ends are), else by hash, exact when the list's
    hashes differ."""

    SAMPLE = 32  # strings tried by identity: if any is a member, all are, the others then by hash

    def __init__(self, values: list[str]) -> None:
        self.values = values

    @functools.cached_property
    def objects(self) -> _Sorted:
        return _Sorted(np.fromiter(map(id, self.values), dtype=np.int64, count=len(self.values)))

    @functools.cached_property
    def hashes(self) -> _Sorted:
        return _Sorted(np.fromiter(map(hash, self.values), dtype=np.int64, count=len(self.values)))

    @functools.cached_property
    def clash(self) -> bool:
        return bool((self.hashes.keys[1:] == self.hashes.keys[:-1]).any())

    def of(self, strings: Sequence[str], partial: bool = False) -> np.ndarray | None:
        """Positions of ``strings`` (all in the list, else None; ``partial``: -1 for the others)."""
        found = np.full(len(strings), -1, dtype=np.int64)
        sample = strings[:: max(1, len(strings) // self.SAMPLE)]  # spread: sorted ends start with other labels
        if sample and (self.objects.find(np.fromiter(map(id, sample), dtype=np.int64, count=len(sample))) >= 0).any():
            found = self.objects.find(np.fromiter(map(id, strings), dtype=np.int64, count=len(strings)))
        rest = np.flatnonzero(found < 0).tolist()
        if rest:
            found[rest] = self._by_hash([strings[i] for i in rest] if len(rest) < len(strings) else strings, partial)
        if not partial:
            return found if (found >= 0).all() else None  # (callers give members: ids of the right label)
        return found

    def _by_hash(self, strings: Sequence[str], check: bool) -> np.ndarray:
        """Positions of ``strings`` by hash, -1 for non-members; ``check``: compare the strings
        found, as a non-member may share a member's hash (members only need no check)."""
        if self.clash:  # two strings of the list share a hash: look each up
            number = dict(zip(self.values, range(len(self.values))))
            return np.array([number.get(s, -1) for s in strings], dtype=np.int64)
        found = self.hashes.find(np.fromiter(map(hash, strings), dtype=np.int64, count=len(strings)))
        hits = np.flatnonzero(found >= 0).tolist() if check else []
        if not all(map(eq, map(self.values.__getitem__, found[hits].tolist()), map(strings.__getitem__, hits))):
            number = dict(zip(self.values, range(len(self.values))))  # a non-member shares a member's hash
            found[hits] = [number.get(strings[i], -1) for i in hits]
        return found


class _Sorted:
    """int64 keys (one per position) sorted for lookups."""

    def __init__(self, keys: np.ndarray) -> None:
        self.order = np.argsort(keys, kind="stable")
        self.keys = keys[self.order]

    def find(self, keys: np.ndarray) -> np.ndarray:
        """The positions of ``keys``, -1 for those not there."""
        if not self.keys.size:
            return np.full(len(keys), -1, dtype=np.int64)
        at = np.minimum(np.searchsorted(self.keys, keys), self.keys.size - 1)
        return np.where(self.keys[at] == keys, self.order[at], -1)


@dataclass(frozen=True)
class Makes:
    """MAKES as columns: per edge its product (a number into ``products``, the Product ids
    sorted) and its maker (a number into the enterprises of a :class:`Supplies`)."""

    products: list[str]
    product: np.ndarray
    maker: np.ndarray

    @classmethod
    def of(cls, kg: KnowledgeGraph, supplies: Supplies) -> Makes:
        """Read the graph's MAKES edges once."""
        makers, made = kg.edge_ends("MAKES")
        ids = [nid for nid, _ in kg.node_items("Product")]
        product, maker = _Numbering(ids).of(made), supplies.numbering.of(makers)
        if product is None or maker is None:  # the model checks endpoints, so only a bug gets here
            raise SchemaError("a MAKES edge does not join an Enterprise to a Product", fix="rebuild the graph")
        return cls(ids, product, maker)

    def regions(self, kg: KnowledgeGraph, supplies: Supplies) -> tuple[list[str], np.ndarray]:
        """The names of the regions that have makers (sorted), and per product which of them
        have a maker of it: :func:`~chainkg.graph.analytics.maker_regions` as a (products x regions) matrix."""
        sources, targets = kg.edge_ends("LOCATED_IN")
        places = sorted(set(targets))  # parks and regions: never enterprises, so the walks start there
        located = supplies.numbering.of(sources, partial=True)
        succ: dict[str, list[str]] = defaultdict(list)
        for i in np.flatnonzero(located < 0).tolist():
            succ[sources[i]].append(targets[i])
        within = [region_names(kg, {place, *reach(succ, place)}) for place in places]
        names = sorted(_NONE.union(*within))
        column = dict(zip(names, range(len(names))))
        place_region = np.zeros((len(places), len(names)), dtype=np.int64)
        for row, regions in enumerate(within):
            place_region[row, [column[name] for name in regions]] = 1
        place = _Numbering(places).of(targets)
        at = csr(len(supplies.ids), located[located >= 0], place[located >= 0])  # enterprise -> its places
        owner, where = gather(at, self.maker)
        product_place = np.zeros((len(self.products), len(places)), dtype=np.int64)
        product_place[self.product[owner], where] = 1
        return names, (product_place @ place_region) > 0


def supply_network(kg: KnowledgeGraph) -> nx.DiGraph:
    """Enterprises and who supplies whom (one edge per pair, whatever the products)."""
    graph = nx.DiGraph()
    graph.add_nodes_from(nid for nid, _ in kg.node_items("Enterprise"))
    graph.add_edges_from(kg.pairs("SUPPLIES"))
    return graph


@dataclass(frozen=True)
class Criticality:
    """Per numbered enterprise (:class:`Supplies`): customers served (others than itself), the
    enterprises it dominates, and its betweenness (None above the exact-betweenness size)."""

    customers: np.ndarray
    dependents: np.ndarray
    betweenness: dict[str, float] | None

    @classmethod
    def of(cls, kg: KnowledgeGraph, supplies: Supplies, betweenness_max_nodes: int = BETWEENNESS_EXACT_MAX) -> Criticality:
        count = len(supplies.ids)
        pairs = distinct(supplies.src * count + supplies.dst)
        served = pairs // count != pairs % count
        customers = np.bincount(pairs[served] // count, minlength=count)
        if not customers.any():
            return cls(customers, np.zeros(count, dtype=np.int64), None)
        exact = count <= betweenness_max_nodes
        betweenness = nx.betweenness_centrality(supply_network(kg), normalized=True) if exact else None
        return cls(customers, dominated_array(count, supplies.src, supplies.dst), betweenness)

    def row(self, kg: KnowledgeGraph, supplies: Supplies, index: int) -> dict[str, Any]:
        """The row of :func:`~chainkg.graph.analytics.supplier_criticality` for enterprise number ``index``."""
        nid = supplies.ids[index]
        between = None if self.betweenness is None else round(self.betweenness[nid], 6)
        return {"supplier": kg.name_of(nid), "id": nid, "customers": int(self.customers[index]),
                "dependents": int(self.dependents[index]), "betweenness": between}


def concentration(kg: KnowledgeGraph, supplies: Supplies, products: set[str] | None = None) -> list[dict[str, Any]]:
    """:func:`~chainkg.graph.analytics.supplier_concentration` on the arrays: shares per (product,
    supplier) summed in the order of the sorted edges, as the plain walk adds them."""
    volume = supplies.volume()
    if volume is None:
        return concentration_walk(kg, supplies, products)  # NaN compares unlike numbers: the plain walk
    names = supplies.product_names
    chosen = np.array([products is None or name in products for name in names], dtype=bool)
    keep = np.flatnonzero(chosen[supplies.product]) if names else np.zeros(0, dtype=np.int64)
    keep = keep[_edge_order(supplies, keep)]  # the order of the sorted edges: += added in this order
    product, src, volume = supplies.product[keep], supplies.src[keep], volume[keep]
    known = ~np.isnan(volume)
    first = _starts(product, src)  # where each (product, supplier) starts
    shares = np.bincount(np.cumsum(first) - 1, weights=np.where(known, volume, 1.0))  # in order, like +=
    if not shares.size:
        return []
    if np.isnan(shares).any():  # inf - inf
        return concentration_walk(kg, supplies, products)
    by_volume = np.logical_and.reduceat(known, np.flatnonzero(_starts(product)))
    return _concentration_rows(kg, supplies, product[first], src[first], shares, by_volume)


def _edge_order(supplies: Supplies, keep: np.ndarray) -> np.ndarray:
    """Positions sorting the edges ``keep`` by (product, supplier, customer)."""
    count, products = len(supplies.ids), len(supplies.product_names)
    product, src, dst = supplies.product[keep], supplies.src[keep], supplies.dst[keep]
    if products * count * count < 2**62:  # one int64 key sorts faster than three
        return np.argsort((product * count + src) * count + dst)
    return np.lexsort((dst, src, product))


def _starts(*columns: np.ndarray) -> np.ndarray:
    """True where a run of equal rows (across ``columns``) starts."""
    if not columns[0].size:
        return np.zeros(0, dtype=bool)
    change = np.zeros(columns[0].size - 1, dtype=bool)
    for column in columns:
        change |= column[1:] != column[:-1]
    return np.concatenate(([True], change))


def _concentration_rows(
    kg: KnowledgeGraph, supplies: Supplies, product: np.ndarray, supplier: np.ndarray, shares: np.ndarray, by_volume: np.ndarray
) -> list[dict[str, Any]]:
    """Rows from the shares per (product, supplier), by product, suppliers ascending."""
    starts = np.flatnonzero(_starts(product))
    lengths = np.diff(np.append(starts, shares.size))
    largest = np.maximum.reduceat(shares, starts)
    top = np.maximum.reduceat(np.where(shares == np.repeat(largest, lengths), supplier, -1), starts)  # ties: largest id
    values, rows = shares.tolist(), []
    for n, (start, length) in enumerate(zip(starts.tolist(), lengths.tolist())):
        per_supplier = values[start:start + length]
        total = sum(per_supplier)
        # sum((value / total * 100) ** 2 ...), with the same float operations, at C speed
        hhi = sum(map(pow, map(mul, map(truediv, per_supplier, repeat(total)), repeat(100)), repeat(2))) if total else 0.0
        rows.append({"product": supplies.product_names[int(product[start])], "suppliers": length, "hhi": round(hhi, 1),
                     "basis": "volume" if by_volume[n] else "count", "largest": kg.name_of(supplies.ids[int(top[n])]),
                     "largest_share": round(float(largest[n]) / total, 4) if total else 0.0})
    return sorted(rows, key=lambda r: (-r["hhi"], r["product"]))


def concentration_walk(kg: KnowledgeGraph, supplies: Supplies, products: set[str] | None) -> list[dict[str, Any]]:
    """:func:`concentration` as a plain walk over the edges in sorted order (the definition;
    used when a share is NaN, which array maxima would treat differently)."""
    shares: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    by_volume: dict[str, bool] = defaultdict(lambda: True)
    src, dst = supplies.src.tolist(), supplies.dst.tolist()  # numbers sort like ids; the key is the product
    names = [supplies.product_names[i] for i in supplies.product.tolist()]
    for i in sorted(range(len(src)), key=lambda i: (src[i], dst[i], names[i])):
        product, volume, source = names[i], supplies.volumes[i], supplies.ids[src[i]]
        if products is not None and product not in products:
            continue
        by_volume[product] &= volume is not None
        shares[product][source] += volume if volume is not None else 1.0
    rows = []
    for product, per_supplier in sorted(shares.items()):
        total = sum(per_supplier.values())
        hhi = sum((value / total * 100) ** 2 for value in per_supplier.values()) if total else 0.0
        top = max(per_supplier, key=lambda supplier: (per_supplier[supplier], supplier))
        rows.append({"product": product, "suppliers": len(per_supplier), "hhi": round(hhi, 1),
                     "basis": "volume" if by_volume[product] else "count", "largest": kg.name_of(top),
                     "largest_share": round(per_supplier[top] / total, 4) if total else 0.0})
    return sorted(rows, key=lambda r: (-r["hhi"], r["product"]))


def region_names(kg: KnowledgeGraph, nids: set[str]) -> frozenset[str]:
    """The names of the Regions among ``nids``."""
    return frozenset(kg.name_of(n) for n in nids if kg.label_of(n) == "Region")


def reach(succ: Mapping[str, list[str]], start: str) -> set[str]:
    """Nodes reachable from ``start`` over at least one edge, ``start`` left out."""
    seen, todo = {start}, [start]
    while todo:
        for target in succ.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    seen.discard(start)
    return seen
