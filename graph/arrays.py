"""Integer-array helpers shared by the analytics, the report and the views: distinct values,
stable sorts on bounded keys, and compressed rows (CSR) with their gather.

>>> import numpy as np
>>> offsets, targets = csr(3, np.array([2, 0, 2]), np.array([5, 6, 7]))
>>> offsets.tolist(), targets.tolist()
([0, 1, 1, 3], [6, 5, 7])
>>> owner, values = gather((offsets, targets), np.array([2, 0]))
>>> owner.tolist(), values.tolist()
([0, 0, 1], [5, 7, 6])
>>> distinct(np.array([3, 1, 3])).tolist()
[1, 3]
"""

from __future__ import annotations

import numpy as np

__all__ = ["Rows", "csr", "distinct", "gather", "stable_order", "stable_sort"]

Rows = tuple[np.ndarray, np.ndarray]
"""Compressed rows: offsets per node, then the entries."""


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, ascending (by sorting: numpy's hashing unique is slower on ints)."""
    if (values[1:] > values[:-1]).all():  # distinct and ascending already
        return values
    values = np.sort(values)
    return values[np.concatenate(([True], values[1:] != values[:-1]))] if values.size else values


def csr(count: int, src: np.ndarray, dst: np.ndarray) -> Rows:
    """Compressed rows: ``dst`` grouped by ``src`` (offsets per node, then the targets, in the order given)."""
    order = stable_order(src, count)
    offsets = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=count), out=offsets[1:])
    return offsets, dst[order]


def stable_order(keys: np.ndarray, bound: int) -> np.ndarray:
    """Positions sorting ``keys`` (integers in ``0..bound-1``) stably."""
    return stable_sort(keys, bound)[1]


def stable_sort(keys: np.ndarray, bound: int) -> tuple[np.ndarray, np.ndarray]:
    """``keys`` (integers in ``0..bound-1``) sorted, and the positions that sort them stably: by
    sorting each key with its position in its low bits, one int64, where they fit (numpy sorts
    values several times faster than it argsorts them), else by a stable argsort."""
    size = len(keys)
    if not size or (keys[1:] >= keys[:-1]).all():  # in order already (rows read from a sorted table often are)
        return keys, np.arange(size)
    shift = (size - 1).bit_length()  # bits for a position
    if bound << shift >= 2**63:
        order = np.argsort(keys, kind="stable")
        return keys[order], order
    packed = keys.astype(np.int64) << shift
    packed |= np.arange(size)
    packed.sort()
    return packed >> shift, packed & ((1 << shift) - 1)


def gather(rows: Rows, nodes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The row entries of ``nodes``, concatenated, with the position in ``nodes`` each came from."""
    offsets, values = rows
    starts, lengths = offsets[nodes], offsets[nodes + 1] - offsets[nodes]
    total = int(lengths.sum())
    owner = np.repeat(np.arange(len(nodes)), lengths)
    index = np.arange(total) - np.repeat(np.cumsum(lengths) - lengths - starts, lengths)
    return owner, values[index]
