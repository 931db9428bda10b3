"""The supply network as arrays: SUPPLIES and MAKES read once from the graph into numpy columns.

Each pass of Python over 500k edges costs tenths of a second, so the report reads each edge type once,
as the model's columns of node ranks (:meth:`~chainkg.graph.model.KnowledgeGraph.edge_ranks`: no
string per edge), into :class:`Supplies` and :class:`Makes`, and computes on integer arrays: customers and dominators
per supplier (:class:`Criticality`), supplier concentration per product, the regions making
each product. Sums keep the order of additions of a walk over the sorted edges, so results
are the same to the last bit as the plain loops (kept as :func:`concentration_walk`).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import repeat
from operator import mul, truediv
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from chainkg.errors import SchemaError
from chainkg.graph.analysis.dominators import dominated_array
from chainkg.graph.arrays import csr, distinct, gather, stable_order, stable_sort
from chainkg.graph.model import KnowledgeGraph

if TYPE_CHECKING:  # imported where it is used: ~0.13 s off every start
    import networkx as nx

__all__ = [
    "BETWEENNESS_EXACT_MAX",
    "Criticality",
    "Makes",
    "Supplies",
    "concentration",
    "concentration_rows",
    "concentration_walk",
    "reach",
    "region_names",
    "supply_network",
]

BETWEENNESS_EXACT_MAX = 1_000  # exact betweenness: 0.7 s CPU at 500 enterprises, 3 s at 1,000, 14 s at 2,000
_NONE: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Supplies:
    """SUPPLIES as columns: every node numbered by its place among the graph's sorted ids
    (``ids``: so comparing numbers compares ids, and a rank read from the model is a number),
    then per edge its supplier, customer, product (a number into ``product_names``, sorted)
    and volume (NaN where it has none: ``known`` says which have one)."""

    ids: list[str]
    src: np.ndarray
    dst: np.ndarray
    product: np.ndarray
    product_names: list[str]
    volumes: np.ndarray
    known: np.ndarray

    @classmethod
    def of(cls, kg: KnowledgeGraph) -> Supplies:
        """Read the graph's SUPPLIES edges once, as arrays (no string per edge, nor per node)."""
        node_ids, table = kg.edge_ranks("SUPPLIES")
        product, names = _codes(table["product"], "")  # no product: the edge key's empty one
        volumes, known = _floats(table["volume"])
        return cls(node_ids, _ints(table["source_rank"]), _ints(table["target_rank"]), product, names, volumes, known)

    def volume(self) -> np.ndarray | None:
        """Volumes as floats (NaN where unknown), or None if a known volume is NaN itself."""
        return None if np.isnan(self.volumes[self.known]).any() else self.volumes


def _ints(column: pa.ChunkedArray) -> np.ndarray:
    """An integer column with no nulls as int64."""
    values: np.ndarray = column.to_numpy()  # pyarrow has no types: its array is said to be one here
    return values.astype(np.int64)


def _floats(column: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    """A float column as floats (NaN for nulls), and whether each row holds a value."""
    array = column.combine_chunks()
    return array.to_numpy(zero_copy_only=False).astype(float), array.is_valid().to_numpy(zero_copy_only=False)


def _codes(column: pa.ChunkedArray, null: str) -> tuple[np.ndarray, list[str]]:
    """Per row the number of its value among the distinct values sorted (``null`` for nulls), and those values."""
    if column.null_count:
        column = pc.fill_null(column, null)
    encoded = pc.dictionary_encode(column.combine_chunks())
    values = encoded.dictionary.to_pylist()
    names = sorted(values)
    code = dict(zip(names, range(len(names))))
    recode = np.fromiter(map(code.__getitem__, values), dtype=np.int64, count=len(values))
    return recode[encoded.indices.to_numpy(zero_copy_only=False)], names


@dataclass(frozen=True)
class Makes:
    """MAKES as columns: per edge its product (a number into ``products``, the Product ids
    sorted) and its maker (numbered as in :class:`Supplies`); :meth:`sources` adds the suppliers."""

    products: list[str]
    product: np.ndarray
    maker: np.ndarray

    @classmethod
    def of(cls, kg: KnowledgeGraph, supplies: Supplies) -> Makes:
        """Read the graph's MAKES edges once."""
        node_ids, table = kg.edge_ranks("MAKES")
        ids = [nid for nid, _ in kg.node_items("Product")]
        number = np.full(len(node_ids), -1, dtype=np.int64)
        number[[bisect_left(node_ids, nid) for nid in ids]] = np.arange(len(ids))  # a few hundred: found by halving
        product = number[_ints(table["target_rank"])]
        if (product < 0).any():  # the model checks endpoints, so only a bug gets here
            raise SchemaError("a MAKES edge does not join an Enterprise to a Product", fix="rebuild the graph")
        return cls(ids, product, _ints(table["source_rank"]))

    @classmethod
    def sources(cls, kg: KnowledgeGraph, supplies: Supplies, makes: Makes | None = None) -> Makes:
        """Who makes *or supplies* each product (:func:`~chainkg.graph.analysis.analytics.sources_of`):
        the MAKES pairs, then a (product, supplier) pair per SUPPLIES edge whose product is a
        Product's name."""
        makes = makes or cls.of(kg, supplies)
        number = {kg.name_of(pid): i for i, pid in enumerate(makes.products)}
        code = np.array([number.get(name, -1) for name in supplies.product_names], dtype=np.int64)
        product = code[supplies.product]
        named = product >= 0
        return cls(
            makes.products,
            np.concatenate([makes.product, product[named]]),
            np.concatenate([makes.maker, supplies.src[named]]),
        )

    def regions(self, kg: KnowledgeGraph, supplies: Supplies) -> tuple[list[str], np.ndarray]:
        """The names of the regions that have makers (sorted), and per product which of them
        have a maker of it: :func:`~chainkg.graph.analysis.analytics.maker_regions` as a (products x regions) matrix."""
        node_ids, table = kg.edge_ranks("LOCATED_IN")
        source, target = _ints(table["source_rank"]), _ints(table["target_rank"])
        places = distinct(target)  # parks and regions (by rank: id order), never enterprises: the walks start there
        inner = np.zeros(len(node_ids), dtype=bool)
        inner[places] = True
        succ: dict[str, list[str]] = defaultdict(list)  # the edges a walk from a place can take
        for i in np.flatnonzero(inner[source]).tolist():
            succ[node_ids[source[i]]].append(node_ids[target[i]])
        within = [
            region_names(kg, {place, *reach(succ, place)}) for place in map(node_ids.__getitem__, places.tolist())
        ]
        names = sorted(_NONE.union(*within))
        column = dict(zip(names, range(len(names))))
        place_region = np.zeros((len(places), len(names)))  # floats: a BLAS product, exact for counts this small
        for row, regions in enumerate(within):
            place_region[row, [column[name] for name in regions]] = 1
        place = np.searchsorted(places, target)
        at = csr(len(supplies.ids), source, place)  # node -> the places it is in
        owner, where = gather(at, self.maker)
        product_place = np.zeros((len(self.products), len(places)))
        product_place[self.product[owner], where] = 1
        return names, (product_place @ place_region) > 0


def _betweenness(kg: KnowledgeGraph) -> dict[str, float]:
    """Normalised betweenness centrality of each node of the supply network (networkx)."""
    from networkx import betweenness_centrality

    return betweenness_centrality(supply_network(kg), normalized=True)


def supply_network(kg: KnowledgeGraph) -> nx.DiGraph[str]:
    """Enterprises and who supplies whom (one edge per pair, whatever the products)."""
    import networkx as nx

    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(nid for nid, _ in kg.node_items("Enterprise"))
    graph.add_edges_from(kg.pairs("SUPPLIES"))
    return graph


@dataclass(frozen=True)
class Criticality:
    """Per numbered node (:class:`Supplies`): customers served (others than itself), the
    enterprises it dominates, and its betweenness (None above the exact-betweenness size)."""

    customers: np.ndarray
    dependents: np.ndarray
    betweenness: dict[str, float] | None

    @classmethod
    def of(
        cls, kg: KnowledgeGraph, supplies: Supplies, betweenness_max_nodes: int = BETWEENNESS_EXACT_MAX
    ) -> Criticality:
        count = len(supplies.ids)
        pairs = distinct(supplies.src * count + supplies.dst)
        served = pairs // count != pairs % count
        customers = np.bincount(pairs[served] // count, minlength=count)
        if not customers.any():
            return cls(customers, np.zeros(count, dtype=np.int64), None)
        exact = kg.counts()["labels"].get("Enterprise", 0) <= betweenness_max_nodes
        betweenness = _betweenness(kg) if exact else None
        return cls(customers, dominated_array(count, pairs // count, pairs % count), betweenness)

    def row(self, kg: KnowledgeGraph, supplies: Supplies, index: int) -> dict[str, Any]:
        """The row of :func:`~chainkg.graph.analysis.analytics.supplier_criticality` for node number ``index``."""
        nid = supplies.ids[index]
        between = None if self.betweenness is None else round(self.betweenness[nid], 6)
        return {
            "supplier": kg.name_of(nid),
            "id": nid,
            "customers": int(self.customers[index]),
            "dependents": int(self.dependents[index]),
            "betweenness": between,
        }


def concentration(kg: KnowledgeGraph, supplies: Supplies, products: set[str] | None = None) -> list[dict[str, Any]]:
    """:func:`~chainkg.graph.analysis.analytics.supplier_concentration` on the arrays: shares per (product,
    supplier) summed in the order of the sorted edges, as the plain walk adds them."""
    volume = supplies.volume()
    if volume is None:
        return concentration_walk(kg, supplies, products)  # NaN compares unlike numbers: the plain walk
    product, src, dst, known = supplies.product, supplies.src, supplies.dst, supplies.known
    weight = np.where(known, volume, 1.0)  # an edge with no volume counts 1
    if products is not None:
        keep = np.flatnonzero(np.array([name in products for name in supplies.product_names], dtype=bool)[product])
        product, src, dst, weight, known = product[keep], src[keep], dst[keep], weight[keep], known[keep]
    count, names = len(supplies.ids), len(supplies.product_names)
    group, order = _edge_order(count, names, product, src, dst)  # product * count + supplier, in the order += adds
    first = _starts(group)  # where each (product, supplier) starts
    shares = np.bincount(np.cumsum(first) - 1, weights=weight[order])  # added in order, like +=
    if not shares.size:
        return []
    if np.isnan(shares).any():  # inf - inf
        return concentration_walk(kg, supplies, products)
    group = group[first]
    by_volume = np.bincount(product, weights=~known, minlength=names) == 0  # per product: every edge has a volume
    return _concentration_rows(kg, supplies, group // count, group % count, shares, by_volume)


def _edge_order(
    count: int, products: int, product: np.ndarray, src: np.ndarray, dst: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``product * count + src`` of the edges sorted by (product, supplier, customer), and the
    positions that sort them: stably by product and supplier, the edges first put in (supplier,
    customer) order unless they come so (a frozen type's do). One edge per (supplier, customer,
    product), so the order is the one sort's."""
    pair = src * count + dst
    if (pair[1:] >= pair[:-1]).all():
        return stable_sort(product * count + src, products * count)
    first = stable_order(pair, count * count)
    group, order = stable_sort(product[first] * count + src[first], products * count)
    return group, first[order]


def _starts(*columns: np.ndarray) -> np.ndarray:
    """True where a run of equal rows (across ``columns``) starts."""
    if not columns[0].size:
        return np.zeros(0, dtype=bool)
    change = np.zeros(columns[0].size - 1, dtype=bool)
    for column in columns:
        change |= column[1:] != column[:-1]
    return np.concatenate(([True], change))


def _concentration_rows(
    kg: KnowledgeGraph,
    supplies: Supplies,
    product: np.ndarray,
    supplier: np.ndarray,
    shares: np.ndarray,
    by_volume: np.ndarray,
) -> list[dict[str, Any]]:
    """Rows from the shares per (product, supplier), by product, suppliers ascending;
    ``by_volume``: per product number, whether all its edges have a volume."""
    starts = np.flatnonzero(_starts(product))
    lengths = np.diff(np.append(starts, shares.size))
    largest = np.maximum.reduceat(shares, starts)
    top = np.maximum.reduceat(np.where(shares == np.repeat(largest, lengths), supplier, -1), starts)  # ties: largest id
    values, rows = shares.tolist(), []
    for n, (start, length, number) in enumerate(zip(starts.tolist(), lengths.tolist(), product[starts].tolist())):
        per_supplier = values[start : start + length]
        total = sum(per_supplier)
        # sum((value / total * 100) ** 2 ...), with the same float operations, at C speed
        hhi = (
            sum(map(pow, map(mul, map(truediv, per_supplier, repeat(total)), repeat(100)), repeat(2))) if total else 0.0
        )
        rows.append(
            {
                "product": supplies.product_names[number],
                "suppliers": length,
                "hhi": round(hhi, 1),
                "basis": "volume" if by_volume[number] else "count",
                "largest": kg.name_of(supplies.ids[int(top[n])]),
                "largest_share": round(float(largest[n]) / total, 4) if total else 0.0,
            }
        )
    return sorted(rows, key=lambda r: (-r["hhi"], r["product"]))


def concentration_walk(kg: KnowledgeGraph, supplies: Supplies, products: set[str] | None) -> list[dict[str, Any]]:
    """:func:`concentration` as a plain walk over the edges in sorted order (the definition;
    used when a share is NaN, which array maxima would treat differently)."""
    shares: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    by_volume: dict[str, bool] = defaultdict(lambda: True)
    src, dst = supplies.src.tolist(), supplies.dst.tolist()  # numbers sort like ids; the key is the product
    names = [supplies.product_names[i] for i in supplies.product.tolist()]
    for i in sorted(range(len(src)), key=lambda i: (src[i], dst[i], names[i])):
        product, source = names[i], supplies.ids[src[i]]
        volume = float(supplies.volumes[i]) if supplies.known[i] else None
        if products is not None and product not in products:
            continue
        by_volume[product] &= volume is not None
        shares[product][source] += volume if volume is not None else 1.0
    return concentration_rows(kg, shares, by_volume)


def concentration_rows(
    kg: KnowledgeGraph, shares: Mapping[str, Mapping[str, float]], by_volume: Mapping[str, bool]
) -> list[dict[str, Any]]:
    """The rows of :func:`concentration` from each product's shares per supplier id (added up in
    sorted edge order) and whether every one of its edges had a volume."""
    rows = []
    for product, per_supplier in sorted(shares.items()):
        total = sum(per_supplier.values())
        hhi = sum((value / total * 100) ** 2 for value in per_supplier.values()) if total else 0.0
        top = max(per_supplier, key=lambda supplier: (per_supplier[supplier], supplier))
        rows.append(
            {
                "product": product,
                "suppliers": len(per_supplier),
                "hhi": round(hhi, 1),
                "basis": "volume" if by_volume[product] else "count",
                "largest": kg.name_of(top),
                "largest_share": round(per_supplier[top] / total, 4) if total else 0.0,
            }
        )
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
