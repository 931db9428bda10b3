"""GraphML export and its reader: for Gephi, Cytoscape, yEd and networkx.

One ``<key>`` per attribute, typed from the schema (see :mod:`.xmlgraph`);
list-valued properties are JSON array text, said so in the key's ``<desc>``.
Nodes keep their chainkg ids; edges are numbered ``e0``, ``e1`` ... in the
sorted order of ``graph.json`` and carry ``graph.json``'s edge key in ``edge_key``.
The text is UTF-8 and Chinese is written as is. The file is written to a temp
file and renamed, so a failed export leaves an existing file unchanged.

>>> from chainkg.graph.model import KnowledgeGraph
>>> kg = KnowledgeGraph()
>>> _ = kg.add_node("Chain", "工程机械", aliases=["construction machinery"])
>>> '<data key="n_aliases">["construction machinery"]</data>' in graphml_text(kg)
True
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pyarrow as pa

from chainkg.errors import LoadError
from chainkg.graph.exports.arrow_rows import graph_tables
from chainkg.graph.exports.common import check_file_target, write_error
from chainkg.graph.exports.xml_lines import GRAPHML, element_pieces
from chainkg.graph.exports.xmlgraph import (
    edge_attrs,
    edge_values,
    kg_from_networkx,
    node_attrs,
    node_values,
    xml_attr,
    xml_text,
)
from chainkg.graph.io.atomic import atomic_write_bytes
from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.schema import SCHEMA, Schema

__all__ = ["graphml_pieces", "graphml_text", "read_graphml", "write_graphml"]

_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
)


def _keys(prefix: str, domain: str, attrs: tuple[tuple[str, str, str], ...]) -> list[str]:
    lines = []
    for name, xml_type, doc in attrs:
        head = f'  <key id="{prefix}_{name}" for="{domain}" attr.name="{name}" attr.type="{xml_type}"'
        lines.append(f"{head}><desc>{xml_text(doc)}</desc></key>" if doc else f"{head}/>")
    return lines


def _data(prefix: str, pairs: list[tuple[str, str]]) -> str:
    return "".join(f'<data key="{prefix}_{name}">{xml_text(text)}</data>' for name, text in pairs)


def _head(kg: KnowledgeGraph) -> str:
    lines = [_HEAD.rstrip("\n"), *_keys("n", "node", node_attrs(kg.schema)), *_keys("e", "edge", edge_attrs(kg.schema))]
    return "\n".join([*lines, '  <graph id="chainkg" edgedefault="directed">'])


_TAIL = "  </graph>\n</graphml>"


def graphml_text(kg: KnowledgeGraph) -> str:
    """The whole GraphML document, line by line (what :func:`write_graphml` writes a piece at
    a time); ExportError if a value cannot be written as XML."""
    lines = [_head(kg)]
    for nid, pairs in node_values(kg):
        lines.append(f"    <node id={xml_attr(nid)}>{_data('n', pairs)}</node>")
    for index, (source, target, pairs) in enumerate(edge_values(kg)):
        ends = f"source={xml_attr(source)} target={xml_attr(target)}"
        lines.append(f'    <edge id="e{index}" {ends}>{_data("e", pairs)}</edge>')
    lines += [_TAIL, ""]
    return "\n".join(lines)


def graphml_pieces(kg: KnowledgeGraph) -> Iterator[bytes | pa.Buffer]:
    """The text of :func:`graphml_text` as UTF-8 pieces, made column by column a piece at a time
    (:mod:`.xml_lines`), or line by line for a graph Arrow cannot hold."""
    tables = graph_tables(kg)
    if tables is None:
        yield graphml_text(kg).encode("utf-8")
        return
    yield (_head(kg) + "\n").encode("utf-8")
    yield from element_pieces(kg, tables, GRAPHML)
    yield (_TAIL + "\n").encode("utf-8")


def write_graphml(kg: KnowledgeGraph, path: Path) -> Path:
    """Write ``kg`` as GraphML to ``path`` atomically, a piece at a time; return the path."""
    path = Path(path)
    check_file_target(path)
    try:
        atomic_write_bytes(path, graphml_pieces(kg))
    except (OSError, UnicodeError) as exc:
        raise write_error(exc, path) from exc
    return path


def read_graphml(path: Path, schema: Schema = SCHEMA) -> KnowledgeGraph:
    """Read a GraphML export back (lists decoded) into a validated KnowledgeGraph."""
    path = Path(path)
    try:
        graph = nx.read_graphml(path, force_multigraph=True)
    except (OSError, nx.NetworkXError, SyntaxError) as exc:
        raise LoadError(f"cannot read GraphML: {exc}", str(path), "export it again with chainkg export") from exc
    return kg_from_networkx(graph, schema, path)
