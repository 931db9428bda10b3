"""The schema as data: the one place where chainkg's vocabulary lives.

Labels, relationship types, their allowed ``(label, TYPE, label)`` patterns and
their properties are declared here. Everything else (LadybugDB DDL, Neo4j
constraints, validation, view legends, export headers) is derived from
:data:`SCHEMA`, never written twice.

>>> SCHEMA.allows("MAKES", "Enterprise", "Product")
True
>>> SCHEMA.allows("MAKES", "Product", "Enterprise")
False
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chainkg.errors import SchemaError

__all__ = [
    "COMMON_EDGE_PROPS",
    "COMMON_NODE_PROPS",
    "SCHEMA",
    "NodeLabel",
    "Prop",
    "PropType",
    "RelType",
    "Schema",
]


class PropType:
    """Property types understood by both engines and by the exports."""

    STRING = "STRING"
    BOOL = "BOOL"
    INT = "INT64"
    FLOAT = "DOUBLE"
    STRING_LIST = "STRING[]"
    ALL = (STRING, BOOL, INT, FLOAT, STRING_LIST)


@dataclass(frozen=True)
class Prop:
    """One property: its name, type, allowed values and meaning."""

    name: str
    type: str = PropType.STRING
    doc: str = ""
    choices: tuple[str, ...] = ()

    def check(self, value: Any) -> Any:
        """Return ``value`` coerced to this property's type, or raise SchemaError."""
        try:
            coerced = _COERCE[self.type](value)
        except (TypeError, ValueError) as exc:
            raise SchemaError(
                f"property '{self.name}' must be {self.type}, got {value!r}",
                fix=f"give a {self.type} value for '{self.name}'",
            ) from exc
        if self.choices and coerced not in self.choices:
            raise SchemaError(
                f"property '{self.name}' is {coerced!r}, not one of {', '.join(self.choices)}",
                fix=f"use one of: {', '.join(self.choices)}",
            )
        return coerced


def _to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"true", "yes", "1", "y", "是"}:
        return True
    if text in {"false", "no", "0", "n", "否"}:
        return False
    raise ValueError(value)


def _to_int(value: Any) -> int:
    if isinstance(value, bool):
        raise TypeError(value)
    if isinstance(value, float) and not value.is_integer():
        raise ValueError(value)
    return int(str(value).strip()) if isinstance(value, str) else int(value)


def _to_float(value: Any) -> float:
    if isinstance(value, bool):
        raise TypeError(value)
    return float(value)


def _to_string(value: Any) -> str:
    if isinstance(value, (list, tuple, dict, set)):
        raise TypeError(value)
    return str(value)


def _to_string_list(value: Any) -> list[str]:
    if isinstance(value, str) or not isinstance(value, (list, tuple, set)):
        raise TypeError(value)
    return [_to_string(item) for item in value]


_COERCE = {
    PropType.STRING: _to_string,
    PropType.BOOL: _to_bool,
    PropType.INT: _to_int,
    PropType.FLOAT: _to_float,
    PropType.STRING_LIST: _to_string_list,
}


@dataclass(frozen=True)
class NodeLabel:
    """A node label, its own properties (beyond the common ones) and its look."""

    name: str
    doc: str
    props: tuple[Prop, ...] = ()
    color: str = "#97c2fc"
    shape: str = "dot"


@dataclass(frozen=True)
class RelType:
    """A relationship type, its allowed endpoints and its properties.

    ``key`` names the properties that tell two edges of this type between the
    same nodes apart (a supplier may supply the same customer two products).
    """

    name: str
    doc: str
    endpoints: tuple[tuple[str, str], ...]
    props: tuple[Prop, ...] = ()
    key: tuple[str, ...] = ()


COMMON_NODE_PROPS: tuple[Prop, ...] = (
    Prop("id", doc="stable id: label + normalised canonical name"),
    Prop("name", doc="canonical name"),
    Prop("aliases", PropType.STRING_LIST, "other names: short, legal, English"),
    Prop("name_en", doc="English name"),
    Prop("evidence", PropType.STRING_LIST, "provenance records, one JSON object each"),
)
COMMON_EDGE_PROPS: tuple[Prop, ...] = (
    Prop("evidence", PropType.STRING_LIST, "provenance records, one JSON object each"),
)

STAGES = ("upstream", "midstream", "downstream")
CLUSTER_LEVELS = ("world", "national", "provincial")
TECH_STATUSES = ("unsolved", "tackling", "breakthrough")

_LABELS = (
    NodeLabel(
        "Enterprise",
        "a company or group",
        (
            Prop("full_name", doc="registered legal name"),
            Prop("region", doc="region name where it is based"),
            Prop("code", doc="stock or credit code"),
            Prop("exchange", doc="stock exchange where it is listed, e.g. 上海证券交易所"),
            Prop("listing_date", doc="date of listing, ISO (2021-10-19)"),
        ),
        color="#4e79a7",
        shape="dot",
    ),
    NodeLabel(
        "Chain",
        "an industrial chain such as 工程机械",
        (Prop("category", doc="grouping, e.g. 3+3+2 field"),),
        "#e15759",
        "star",
    ),
    NodeLabel(
        "Product",
        "a link or segment of a chain",
        (Prop("stage", doc="position in the chain", choices=STAGES),),
        "#f28e2b",
        "triangle",
    ),
    NodeLabel(
        "Cluster",
        "an industrial cluster: a place plus a chain",
        (Prop("level", doc="recognition level", choices=CLUSTER_LEVELS),),
        "#b07aa1",
        "hexagon",
    ),
    NodeLabel(
        "Park",
        "an industrial park or development zone",
        (Prop("kind", doc="e.g. 经开区, 高新区, 配套产业园"),),
        "#76b7b2",
        "square",
    ),
    NodeLabel(
        "Region",
        "a province, city or district",
        (Prop("level", doc="province, city, district ..."),),
        "#59a14f",
        "ellipse",
    ),
    NodeLabel(
        "Technology",
        "a technology or product that can be a bottleneck",
        (
            Prop("bottleneck", PropType.BOOL, "is a 卡脖子 (bottleneck) technology"),
            Prop("status", doc="bottleneck status", choices=TECH_STATUSES),
            Prop("category", doc="e.g. 核心基础零部件, 关键基础材料"),
        ),
        "#edc948",
        "diamond",
    ),
    NodeLabel(
        "Organization",
        "an innovation centre, institute, agency or association",
        (Prop("kind", doc="e.g. innovation_centre, institute, agency"),),
        "#9c755f",
        "box",
    ),
    NodeLabel(
        "Project",
        "an industrial project",
        (Prop("status", doc="e.g. planned, building, producing"), Prop("year", PropType.INT, "year of record")),
        "#ff9da7",
        "square",
    ),
    NodeLabel(
        "Industry",
        "an industry of a classification (行业), e.g. 工程机械整机 in 申万",
        (
            Prop("code", doc="code in its classification, e.g. 640601"),
            Prop("level", doc="depth in the classification: 1 is the broadest"),
            Prop("scheme", doc="the classification, e.g. 申万 (SW), GB/T 4754"),
        ),
        "#8cd17d",
        "hexagon",
    ),
    NodeLabel(
        "Document",
        "a source document; its name is its content hash",
        (Prop("title", doc="title"), Prop("path", doc="path as loaded"), Prop("date", doc="publication date")),
        "#bab0ac",
        "text",
    ),
)

_ALL_LABELS = tuple(label.name for label in _LABELS)

_RELS = (
    RelType(
        "SUPPLIES",
        "supplier -> customer, with the product supplied",
        (("Enterprise", "Enterprise"),),
        (Prop("product", doc="product supplied"), Prop("volume", PropType.FLOAT, "volume or value, when known")),
        key=("product",),
    ),
    RelType(
        "MAKES",
        "enterprise -> product it makes",
        (("Enterprise", "Product"),),
        (Prop("weight", PropType.FLOAT, "share of its business"),),
    ),
    RelType(
        "UPSTREAM_OF",
        "input product -> product made from it; supplying industry -> industry it supplies",
        (("Product", "Product"), ("Industry", "Industry")),
        (Prop("weight", PropType.FLOAT, "strength of the link, e.g. how many supply ties stand behind it"),),
    ),
    RelType(
        "PART_OF",
        "product, cluster or industry -> its chain; a narrower product or industry -> the broader one",
        (
            ("Product", "Chain"),
            ("Cluster", "Chain"),
            ("Industry", "Chain"),
            ("Product", "Product"),
            ("Industry", "Industry"),
        ),
    ),
    RelType("MEMBER_OF", "enterprise -> cluster", (("Enterprise", "Cluster"),)),
    RelType("IN_INDUSTRY", "enterprise -> industry it is classified in (所属行业)", (("Enterprise", "Industry"),)),
    RelType(
        "LOCATED_IN",
        "thing -> place",
        tuple(
            (src, dst)
            for src in ("Enterprise", "Park", "Cluster", "Organization", "Project", "Region")
            for dst in ("Park", "Region")
            if (src, dst) != ("Region", "Park")
        ),
    ),
    RelType("OPERATES", "enterprise -> project it runs or invests in", (("Enterprise", "Project"),)),
    RelType(
        "SUBSIDIARY_OF",
        "subsidiary -> parent",
        (("Enterprise", "Enterprise"),),
        (Prop("share", PropType.FLOAT, "parent's stake, 0..1"),),
    ),
    RelType(
        "BREAKTHROUGH",
        "who broke through a technology",
        (("Enterprise", "Technology"), ("Region", "Technology"), ("Organization", "Technology")),
        (Prop("year", PropType.INT, "year of the breakthrough"),),
    ),
    RelType(
        "BOTTLENECK_OF",
        "technology -> chain or product it blocks",
        (("Technology", "Chain"), ("Technology", "Product")),
    ),
    RelType(
        "MENTIONED_IN",
        "node -> document that mentions it, with where",
        tuple((label, "Document") for label in _ALL_LABELS if label != "Document"),
        (
            Prop("sentence", PropType.INT, "sentence index in the document"),
            Prop("char_start", PropType.INT, "start character offset in the original text"),
            Prop("char_end", PropType.INT, "end character offset in the original text (exclusive)"),
            Prop("text", doc="the mention as written"),
        ),
        key=("char_start",),
    ),
)


@dataclass(frozen=True)
class Schema:
    """Labels and relationship types, with lookups and derived views."""

    labels: tuple[NodeLabel, ...]
    rels: tuple[RelType, ...]
    _label_index: dict[str, NodeLabel] = field(init=False, repr=False, compare=False)
    _rel_index: dict[str, RelType] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_label_index", {label.name: label for label in self.labels})
        object.__setattr__(self, "_rel_index", {rel.name: rel for rel in self.rels})

    @property
    def label_names(self) -> tuple[str, ...]:
        return tuple(self._label_index)

    @property
    def rel_names(self) -> tuple[str, ...]:
        return tuple(self._rel_index)

    def label(self, name: str) -> NodeLabel:
        """The label called ``name``, or SchemaError naming those that exist."""
        try:
            return self._label_index[name]
        except KeyError:
            raise SchemaError(f"unknown label {name!r}", fix=f"use one of: {', '.join(self.label_names)}") from None

    def rel(self, name: str) -> RelType:
        """The relationship type called ``name``, or SchemaError naming those that exist."""
        try:
            return self._rel_index[name]
        except KeyError:
            raise SchemaError(
                f"unknown relationship type {name!r}", fix=f"use one of: {', '.join(self.rel_names)}"
            ) from None

    def node_props(self, label: str) -> tuple[Prop, ...]:
        """All properties of a label: the common ones, then its own."""
        return COMMON_NODE_PROPS + self.label(label).props

    def edge_props(self, rel: str) -> tuple[Prop, ...]:
        """All properties of a relationship type: its own, then the common ones."""
        return self.rel(rel).props + COMMON_EDGE_PROPS

    def allows(self, rel: str, source_label: str, target_label: str) -> bool:
        """Whether ``(source_label)-[rel]->(target_label)`` is allowed."""
        return (source_label, target_label) in self.rel(rel).endpoints

    def check_endpoints(self, rel: str, source_label: str, target_label: str) -> None:
        """Raise SchemaError unless the pattern is allowed."""
        if not self.allows(rel, source_label, target_label):
            allowed = ", ".join(f"{s}->{t}" for s, t in self.rel(rel).endpoints)
            raise SchemaError(
                f"{rel} cannot go from {source_label} to {target_label}",
                fix=f"{rel} allows {allowed}",
            )


SCHEMA = Schema(_LABELS, _RELS)
