"""What every export shares: columns derived from the schema, the list encoding, errors.

Columns are the schema's properties gathered over all labels (or all
relationship types), each name once with its one type: an export header never
lists a property the schema does not declare.

List-valued properties (``STRING[]``: ``aliases``, ``evidence``) go into formats
without lists (GraphML, GEXF) as **JSON array text**; evidence records appear
there as JSON objects, as in ``graph.json``:

>>> encode_list("aliases", ["中联", 'say "hi"'])
'["中联","say \\\\"hi\\\\""]'
>>> decode_list("evidence", '[{"line":3,"path":"a.csv"}]')
['{"line":3,"path":"a.csv"}']
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from chainkg.errors import ChainKGError, ExportError, SchemaError
from chainkg.graph.evidence import encode_evidence
from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.schema import COMMON_EDGE_PROPS, COMMON_NODE_PROPS, Prop, Schema

__all__ = [
    "NEO4J_INDEX_LIMIT",
    "check_file_target",
    "check_neo4j_indexable",
    "check_xml",
    "decode_list",
    "edge_columns",
    "encode_list",
    "float_text",
    "graph_from_records",
    "node_columns",
    "write_error",
    "xml_unsafe",
]

EVIDENCE = "evidence"
NEO4J_INDEX_LIMIT = 8164  # bytes of UTF-8: the longest string Neo4j 5.26 puts in a range index (measured)
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _unique(props: Iterable[Prop], owner: str) -> tuple[Prop, ...]:
    seen: dict[str, Prop] = {}
    for prop in props:
        if prop.name in seen and seen[prop.name].type != prop.type:
            raise SchemaError(
                f"{owner} property {prop.name!r} has two types ({seen[prop.name].type}, {prop.type})",
                fix="give a property name one type across the schema, or rename one",
            )
        seen.setdefault(prop.name, prop)
    return tuple(seen.values())


def node_columns(schema: Schema) -> tuple[Prop, ...]:
    """Every node property of the schema once: the common ones, then each label's own."""
    return _unique([*COMMON_NODE_PROPS, *(p for label in schema.labels for p in label.props)], "node")


def edge_columns(schema: Schema) -> tuple[Prop, ...]:
    """Every relationship property of the schema once: each type's own, then the common ones."""
    return _unique([*(p for rel in schema.rels for p in rel.props), *COMMON_EDGE_PROPS], "relationship")


def encode_list(name: str, values: Iterable[str]) -> str:
    """A ``STRING[]`` value as JSON array text; evidence records as objects."""
    if name == EVIDENCE:  # records are canonical JSON objects already: the array is their join
        return "[" + ",".join(values) + "]"
    return json.dumps(list(values), ensure_ascii=False, separators=(",", ":"))


def decode_list(name: str, text: str) -> list[str]:
    """JSON array text back into a ``STRING[]`` value (evidence records re-encoded canonically)."""
    items = json.loads(text)
    if not isinstance(items, list):
        raise ValueError(f"{name} is not a JSON array")
    return [encode_evidence(item) if isinstance(item, dict) else str(item) for item in items]


def float_text(value: float, nan: str = "NaN", inf: str = "INF") -> str:
    """A float as text that round-trips; ``nan``/``inf`` spell the non-finite ones."""
    if math.isnan(value):
        return nan
    if math.isinf(value):
        return inf if value > 0 else f"-{inf}"
    return repr(float(value))


def xml_unsafe(text: str) -> bool:
    """Whether ``text`` holds a character XML 1.0 cannot carry."""
    return _XML_FORBIDDEN.search(text) is not None


def check_xml(text: str, what: str) -> str:
    """``text`` unchanged, or ExportError if XML 1.0 cannot carry one of its characters."""
    bad = _XML_FORBIDDEN.search(text)
    if bad:
        raise ExportError(
            f"{what} holds U+{ord(bad.group()):04X}, a character XML 1.0 cannot carry",
            None,
            "remove control characters from the input and rebuild, or export to json or csv",
        )
    return text


def graph_from_records(
    schema: Schema,
    nodes: Iterable[tuple[str, str, Mapping[str, Any]]],
    edges: Iterable[tuple[str, str, str, Mapping[str, Any]]],
    where: str,
) -> KnowledgeGraph:
    """A KnowledgeGraph from ``(id, label, props)`` and ``(source, target, type, props)``.

    Props hold schema properties only, already typed (lists as lists);
    unknown names are a SchemaError, as for any node or edge.
    """
    kg = KnowledgeGraph(schema)
    try:
        for nid, label, props in nodes:
            extra = {k: v for k, v in props.items() if k not in {"id", "name", "aliases", EVIDENCE}}
            kg.restore_node(
                nid,
                label,
                props.get("name", ""),  # none: clean_name's error
                aliases=props.get("aliases") or [],
                evidence=props.get(EVIDENCE) or [],
                **extra,
            )
        for source, target, rel, props in edges:
            extra = {k: v for k, v in props.items() if k != EVIDENCE}
            kg.add_edge(rel, source, target, evidence=props.get(EVIDENCE) or [], **extra)
    except ChainKGError as exc:
        raise exc.at(where) from exc
    return kg


def write_error(exc: BaseException, path: Path) -> ExportError:
    """An OSError or encoding failure while writing, as one ExportError."""
    if isinstance(exc, UnicodeEncodeError):
        bad = exc.object[exc.start : exc.end]
        return ExportError(
            f"a value holds {bad!r}, which UTF-8 cannot encode",
            str(path),
            "remove the broken character from the input and rebuild",
        )
    reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return ExportError(
        f"cannot write the export: {reason}", str(path), "check that the folder exists, is writable and has space"
    )


def check_file_target(path: Path) -> None:
    """Refuse a file export onto an existing folder."""
    if Path(path).is_dir():
        raise ExportError("the output path is a folder", str(path), "give a file name, e.g. -o graph.graphml")


def check_neo4j_indexable(nodes: Iterable[Mapping[str, Any]]) -> None:
    """ExportError if a node's ``id`` is too long for Neo4j's range index behind the id constraint.

    A guard: :func:`~chainkg.graph.identity.node_id` keeps ids under that, and names sit in
    TEXT indexes, which take any length.
    """
    for node in nodes:
        for prop in ("id",):
            size = len(node[prop].encode("utf-8", "surrogatepass"))
            if size > NEO4J_INDEX_LIMIT:
                shown = node["id"] if len(node["id"]) <= 40 else node["id"][:40] + "…"
                raise ExportError(
                    f"node {shown!r}: its {prop} is {size:,} bytes, over the {NEO4J_INDEX_LIMIT:,} "
                    "that Neo4j can index",
                    None,
                    "shorten the name in the input (keep the long form in full_name) and rebuild, "
                    "or export to graphml, gexf or json",
                )
