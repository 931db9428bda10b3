"""How views look, derived from the schema: colours and shapes per label, edge colours per type.

Nothing here lists the labels or relationship types again: they come from
:data:`~chainkg.graph.schema.SCHEMA`.

>>> LABEL_STYLE["Enterprise"].color == SCHEMA.label("Enterprise").color
True
>>> sorted(EDGE_COLORS) == sorted(SCHEMA.rel_names)
True
"""

from __future__ import annotations

from dataclasses import dataclass

from chainkg.graph.schema import SCHEMA

__all__ = [
    "AGGREGATE_COLOR",
    "EDGE_COLORS",
    "FONT_STACK",
    "GAP_COLOR",
    "LABEL_STYLE",
    "TACKLING_COLOR",
    "LabelStyle",
    "edge_legend",
    "legend",
]

FONT_STACK = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", '
    '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "SimHei", "Noto Sans", Arial, sans-serif'
)
"""CSS font families, Chinese-capable first; used for the page and for node labels on the canvas."""

GAP_COLOR = "#d62728"
TACKLING_COLOR = "#ff7f0e"
AGGREGATE_COLOR = "#8c8c8c"

_EDGE_PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#9c9c9c",
    "#b07aa1",
    "#76b7b2",
    "#59a14f",
    "#e15759",
    "#edc948",
    "#ff9da7",
    "#d62728",
    "#d0d0d0",
)


@dataclass(frozen=True)
class LabelStyle:
    """The look of one label: fill colour, vis shape, size and the label's meaning."""

    name: str
    color: str
    shape: str
    doc: str
    size: int = 14


LABEL_STYLE: dict[str, LabelStyle] = {
    label.name: LabelStyle(label.name, label.color, label.shape, label.doc, 22 if label.name == "Chain" else 14)
    for label in SCHEMA.labels
}
EDGE_COLORS: dict[str, str] = {
    rel.name: ("#cfcfcf" if rel.name == "MENTIONED_IN" else _EDGE_PALETTE[i % len(_EDGE_PALETTE)])
    for i, rel in enumerate(SCHEMA.rels)
}


def legend(present: dict[str, int]) -> list[dict[str, object]]:
    """Legend rows for the labels present (schema order): name, colour, shape, meaning, count."""
    return [
        {
            "label": style.name,
            "color": style.color,
            "shape": style.shape,
            "doc": style.doc,
            "count": present[style.name],
        }
        for style in LABEL_STYLE.values()
        if present.get(style.name)
    ]


def edge_legend(present: dict[str, int]) -> list[dict[str, object]]:
    """Legend rows for the relationship types present (schema order): name, colour, meaning, count.

    >>> [row["rel"] for row in edge_legend({"SUPPLIES": 3, "MAKES": 1})]
    ['SUPPLIES', 'MAKES']
    """
    return [
        {"rel": rel.name, "color": EDGE_COLORS[rel.name], "doc": rel.doc, "count": present[rel.name]}
        for rel in SCHEMA.rels
        if present.get(rel.name)
    ]
