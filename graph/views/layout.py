"""Layouts computed in Python, cheap enough for thousands of nodes (linear in their number).

A force layout in networkx (``spring_layout``) took 54 s at 5,000 nodes, and
vis-network's physics never settles at that size, so large views get fixed
positions from here and the browser only draws them:

* :func:`spiral_groups`: each group (a chain with its products, clusters,
  technologies and enterprises; or the nodes of one label that belong to no
  chain) is a disc of nodes on a sunflower spiral, discs packed in rows.
* :func:`columns`: left-to-right columns, each a stack of blocks (chain views).
* :func:`shells`: rings by hop distance (ego views).

>>> scene_xy = spiral([f"n{i}" for i in range(3)], 0.0, 0.0)
>>> [round(x) for x, _ in scene_xy.values()]
[0, -41, 7]
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from chainkg.graph.views.scene import Scene

__all__ = ["ASPECT", "SPACING", "columns", "flow", "row", "shells", "spiral", "spiral_groups", "wrap", "wrap_height"]

SPACING = 56.0
"""Distance unit between neighbouring nodes, in canvas pixels."""
_GOLDEN = math.pi * (3 - math.sqrt(5))
ASPECT = 1.6
"""Width over height that wrapped layouts aim for (a screen), so that Fit shows them readable."""


def spiral(keys: Sequence[str], cx: float, cy: float, spacing: float = SPACING) -> dict[str, tuple[float, float]]:
    """Positions of ``keys`` on a sunflower (Vogel) spiral around ``(cx, cy)``: even density, no overlaps."""
    return {
        key: (cx + spacing * math.sqrt(i) * math.cos(i * _GOLDEN), cy + spacing * math.sqrt(i) * math.sin(i * _GOLDEN))
        for i, key in enumerate(keys)
    }


def _radius(count: int, spacing: float) -> float:
    return spacing * math.sqrt(max(count, 1)) + 2 * spacing


def spiral_groups(scene: Scene, groups: Sequence[tuple[str, Sequence[str]]], spacing: float = SPACING) -> None:
    """Place each group as a spiral disc, discs packed in rows (largest first), with a caption above each."""
    sized = sorted(groups, key=lambda g: (-len(g[1]), g[0]))
    total = sum(_radius(len(keys), spacing) ** 2 * 4 for _, keys in sized)
    row_width = max(math.sqrt(total) * 1.6, 2 * _radius(len(sized[0][1]), spacing)) if sized else 0.0
    x = y = row_height = 0.0
    for caption, keys in sized:
        r = _radius(len(keys), spacing)
        if x > 0 and x + 2 * r > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for key, (px, py) in spiral(keys, x + r, y + r, spacing).items():
            scene.nodes[key].x, scene.nodes[key].y = px, py
        # the caption stays in the free band above its disc, as wide as the disc: captions never meet
        scene.decor.append(
            {
                "kind": "caption",
                "text": caption,
                "x": x + r,
                "y": y + 2 * spacing - 20,
                "w": round(2 * r * 0.92, 1),
                "h": round(spacing * 1.4, 1),
            }
        )
        x += 2 * r
        row_height = max(row_height, 2 * r + spacing)


def columns(
    scene: Scene,
    blocks: Sequence[Sequence[Sequence[str]]],
    *,
    x0: float = 0.0,
    y0: float = 0.0,
    width: float = 340.0,
    step: float = 56.0,
) -> list[float]:
    """Lay out columns left to right; a column is a list of blocks, a block a list of keys stacked
    downwards (the first is the block's head). Returns each column's x."""
    xs = []
    for c, column in enumerate(blocks):
        x, y = x0 + c * width, y0
        for block in column:
            for i, key in enumerate(block):
                scene.nodes[key].x, scene.nodes[key].y = x, y
                y += step if i else step * 1.1
            y += step * 0.6
        xs.append(x)
    return xs


def flow(
    scene: Scene,
    blocks: Sequence[Sequence[str]],
    *,
    x0: float = 0.0,
    y0: float = 0.0,
    width: float = 340.0,
    step: float = 56.0,
    rows: int = 40,
) -> int:
    """Lay out blocks one after another down a column, going on in the next column to the right
    once a column holds ``rows`` steps (a block may go on there too). Returns the columns used.

    >>> from .scene import Scene, ViewNode
    >>> scene = Scene("gaps", "t")
    >>> scene.nodes.update({k: ViewNode(k, "Product", k, k) for k in "abcde"})
    >>> flow(scene, [["a", "b", "c"], ["d", "e"]], rows=3), [(n.x, round(n.y, 1)) for n in scene.nodes.values()]
    (2, [(0.0, 0.0), (0.0, 61.6), (0.0, 117.6), (340.0, 0.0), (340.0, 61.6)])
    """
    column, y = 0, 0.0
    for block in blocks:
        for i, key in enumerate(block):
            if y >= rows * step:
                column, y = column + 1, 0.0
            scene.nodes[key].x, scene.nodes[key].y = x0 + column * width, y0 + y
            y += step if i else step * 1.1  # the head (a chain) a little apart, as in columns()
        y += step * 0.6
    return column + 1 if blocks else 0


def wrap_height(heights: Sequence[float], width: float, floor: float, aspect: float = ASPECT) -> float:
    """How tall wrapped columns ``width`` wide may grow for blocks of ``heights`` to fill about
    ``aspect`` times as wide as tall; never below ``floor`` or the tallest block.

    >>> wrap_height([100.0] * 100, 340.0, 500.0), wrap_height([100.0], 340.0, 500.0)
    (1457.7, 500.0)
    """
    area = sum(heights) * width
    return round(max(math.sqrt(area / aspect), floor, max(heights, default=0.0)), 1)


def wrap(columns: Sequence[Sequence[float]], limit: float) -> tuple[list[list[tuple[int, float]]], int]:
    """Each column's blocks (their heights, top to bottom) flowed into sub-columns no taller than
    ``limit``; a column starts a new sub-column, a block is never split. Returns, per column, each
    block's (sub-column, y), and the number of sub-columns.

    >>> wrap([[1, 1, 1], [2]], 2)
    ([[(0, 0.0), (0, 1.0), (1, 0.0)], [(2, 0.0)]], 3)
    """
    placed: list[list[tuple[int, float]]] = []
    sub = -1
    for column in columns:
        sub, y, spots = sub + 1, 0.0, []
        for height in column:
            if y > 0 and y + height > limit:
                sub, y = sub + 1, 0.0
            spots.append((sub, y))
            y += height
        placed.append(spots)
    return placed, sub + 1


def row(scene: Scene, keys: Sequence[str], x0: float, y: float, *, gap: float = 190.0, per_row: int = 12) -> float:
    """Place ``keys`` in rows of ``per_row`` from ``(x0, y)``; return the y below the last row."""
    for i, key in enumerate(keys):
        scene.nodes[key].x, scene.nodes[key].y = x0 + (i % per_row) * gap, y + (i // per_row) * 70.0
    return y + (math.ceil(len(keys) / per_row) if keys else 0) * 70.0


def shells(scene: Scene, rings: Sequence[Sequence[str]], spacing: float = 90.0) -> None:
    """Concentric rings: ring k at a radius that leaves ``spacing`` between neighbours on it."""
    radius = 0.0
    for k, keys in enumerate(rings):
        if k:
            radius = max(radius + 220.0, len(keys) * spacing / (2 * math.pi))
        for i, key in enumerate(keys):
            angle = 2 * math.pi * i / max(len(keys), 1) + k * 0.4
            scene.nodes[key].x, scene.nodes[key].y = radius * math.cos(angle), radius * math.sin(angle)
