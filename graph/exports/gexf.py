"""GEXF 1.3 export and its reader: Gephi's own format.

Attributes are declared once per class (node, edge), typed from the schema
(see :mod:`.xmlgraph`); a node's GEXF ``label`` is its name and an edge's is its
type, which is what Gephi shows. List-valued properties are JSON array text.
Values sit in XML attributes, so newlines and tabs are written as character
references and survive a reader's attribute normalisation. Written to a temp
file and renamed: a failed export leaves an existing file unchanged.

>>> from chainkg.graph.model import KnowledgeGraph
>>> kg = KnowledgeGraph()
>>> _ = kg.add_node("Chain", "工程机械")
>>> '<node id="Chain:工程机械" label="工程机械">' in gexf_text(kg)
True
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pyarrow as pa

from chainkg.errors import LoadError
from chainkg.graph.exports.arrow_rows import GraphTables, graph_tables
from chainkg.graph.exports.common import check_file_target, write_error
from chainkg.graph.exports.xml_lines import GEXF, element_pieces
from chainkg.graph.exports.xmlgraph import edge_attrs, edge_values, kg_from_networkx, node_attrs, node_values, xml_attr
from chainkg.graph.io.atomic import atomic_write_bytes
from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.schema import SCHEMA, Schema

__all__ = ["gexf_pieces", "gexf_text", "read_gexf", "write_gexf"]

_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">\n'
    "  <meta><creator>chainkg</creator><description>industrial chain knowledge graph; "
    "list-valued attributes are JSON array text</description></meta>\n"
    '  <graph defaultedgetype="directed" mode="static">'
)


def _declare(cls: str, attrs: tuple[tuple[str, str, str], ...]) -> list[str]:
    lines = [f'    <attributes class="{cls}" mode="static">']
    lines += [f'      <attribute id="{name}" title="{name}" type="{xml_type}"/>' for name, xml_type, _ in attrs]
    return [*lines, "    </attributes>"]


def _attvalues(pairs: list[tuple[str, str]], skip: str) -> str:
    values = "".join(f'<attvalue for="{name}" value={xml_attr(text)}/>' for name, text in pairs if name != skip)
    return f"<attvalues>{values}</attvalues>"


def _head(kg: KnowledgeGraph) -> str:
    lines = [
        _HEAD,
        *_declare("node", _without_label(node_attrs(kg.schema))),
        *_declare("edge", _without_label(edge_attrs(kg.schema))),
        "    <nodes>",
    ]
    return "\n".join(lines)


_MIDDLE = "    </nodes>\n    <edges>"
_TAIL = "    </edges>\n  </graph>\n</gexf>"


def gexf_text(kg: KnowledgeGraph) -> str:
    """The whole GEXF document, line by line (what :func:`write_gexf` writes a piece at a time);
    ExportError if a value cannot be written as XML."""
    lines = [_head(kg)]
    for nid, pairs in node_values(kg):
        label = dict(pairs)["label"]
        lines.append(f"      <node id={xml_attr(nid)} label={xml_attr(label)}>{_attvalues(pairs, 'label')}</node>")
    lines.append(_MIDDLE)
    for index, (source, target, pairs) in enumerate(edge_values(kg)):
        head = f'<edge id="{index}" source={xml_attr(source)} target={xml_attr(target)} label={xml_attr(dict(pairs)["type"])}>'
        lines.append(f"      {head}{_attvalues(pairs, 'label')}</edge>")
    lines += [_TAIL, ""]
    return "\n".join(lines)


def gexf_pieces(kg: KnowledgeGraph) -> Iterator[bytes | pa.Buffer]:
    """The text of :func:`gexf_text` as UTF-8 pieces, made column by column a piece at a time
    (:mod:`.xml_lines`), or line by line for a graph Arrow cannot hold."""
    tables = graph_tables(kg)
    if tables is None:
        yield gexf_text(kg).encode("utf-8")
        return
    yield (_head(kg) + "\n").encode("utf-8")
    nodes = GraphTables(tables.node_ids, tables.nodes, [])
    yield from element_pieces(kg, nodes, GEXF)
    yield (_MIDDLE + "\n").encode("utf-8")
    yield from element_pieces(kg, GraphTables(tables.node_ids, [], tables.edges), GEXF)
    yield (_TAIL + "\n").encode("utf-8")


def _without_label(attrs: tuple[tuple[str, str, str], ...]) -> tuple[tuple[str, str, str], ...]:
    """GEXF has its own ``label`` on nodes and edges; it is not declared again."""
    return tuple(attr for attr in attrs if attr[0] != "label")


def write_gexf(kg: KnowledgeGraph, path: Path) -> Path:
    """Write ``kg`` as GEXF 1.3 to ``path`` atomically, a piece at a time; return the path."""
    path = Path(path)
    check_file_target(path)
    try:
        atomic_write_bytes(path, gexf_pieces(kg))
    except (OSError, UnicodeError) as exc:
        raise write_error(exc, path) from exc
    return path


def read_gexf(path: Path, schema: Schema = SCHEMA) -> KnowledgeGraph:
    """Read a GEXF export back (lists decoded) into a validated KnowledgeGraph."""
    path = Path(path)
    try:
        graph = nx.read_gexf(path)
    except (OSError, nx.NetworkXError, SyntaxError) as exc:
        raise LoadError(f"cannot read GEXF: {exc}", str(path), "export it again with chainkg export") from exc
    if not graph.is_multigraph():
        graph = nx.MultiDiGraph(graph)
    return kg_from_networkx(graph, schema, path)
