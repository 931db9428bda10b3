"""The graph's node ids in sorted order, and what is derived from it, made when first asked for.

Edges are sorted by their ends' places among the sorted ids, views and analytics number nodes by
them: :class:`NodeOrder` keeps the sorted ids (all, and each label's run), each id's place, the
ids as an Arrow array and each id's label as a number, until the model says the nodes changed.

>>> nodes = {"Region:长沙": {"label": "Region"}, "Enterprise:乙": {"label": "Enterprise"}}
>>> order = NodeOrder(nodes, ["Enterprise", "Region"])
>>> order.ids(), order.ids("Region"), order.ranks()["Region:长沙"], order.label_codes().tolist()
(['Enterprise:乙', 'Region:长沙'], ['Region:长沙'], 1, [0, 1])
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pyarrow as pa

__all__ = ["NodeOrder"]


class NodeOrder:
    """Sorted views of ``nodes`` (id -> attrs with a ``label``, one of ``labels``), cached until
    :meth:`clear`. Ids are ``"<label>:<name>"``, so a label's ids are one run of the sorted ids."""

    def __init__(self, nodes: Mapping[str, Mapping[str, Any]], labels: Sequence[str]) -> None:
        self._nodes = nodes
        self._code = {label: index for index, label in enumerate(labels)}
        self._ids: dict[str | None, list[str]] = {}
        self._ranked: tuple[list[str], dict[str, int], pa.Array, np.ndarray] | None = None

    def clear(self) -> None:
        """Forget the order (nodes came or went)."""
        self._ids.clear()

    def adopt(self, ids: list[str]) -> None:
        """Take ``ids``, the sorted ids already made elsewhere, unless the order is known."""
        self._ids.setdefault(None, ids)

    def ids(self, label: str | None = None) -> list[str]:
        """Every node id (or of one label), sorted."""
        ids = self._ids.get(label)
        if ids is None:
            if label is None:
                ids = sorted(self._nodes)
            else:
                every = self.ids()
                ids = every[bisect.bisect_left(every, label + ":") : bisect.bisect_left(every, label + ";")]
            self._ids[label] = ids
        return ids

    def ranks(self) -> dict[str, int]:
        """Node id -> its place among the sorted ids."""
        return self._made()[1]

    def array(self) -> pa.Array:
        """The sorted ids as an Arrow array."""
        return self._made()[2]

    def label_codes(self) -> np.ndarray:
        """Each sorted id's label, as its place in the labels given."""
        return self._made()[3]

    def _made(self) -> tuple[list[str], dict[str, int], pa.Array, np.ndarray]:
        ids = self.ids()
        if self._ranked is None or self._ranked[0] is not ids:
            nodes, code = self._nodes, self._code
            labels = np.fromiter((code[nodes[nid]["label"]] for nid in ids), np.int64, len(ids))
            self._ranked = (ids, dict(zip(ids, range(len(ids)))), pa.array(ids, pa.string()), labels)
        return self._ranked
