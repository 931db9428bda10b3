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

from pathlib import Path

import networkx as nx

from chainkg.errors import LoadError

from ..atomic import atomic_write_text
from ..model import KnowledgeGraph
from ..schema import SCHEMA, Schema
from .common import check_file_target, write_error
from .xmlgraph import edge_attrs, edge_values, kg_from_networkx, node_attrs, node_values, xml_attr, xml_text

__all__ = ["graphml_text", "write_graphml", "read_graphml"]

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


def graphml_text(kg: KnowledgeGraph) -> str:
    """The whole GraphML document; ExportError if a value cannot be written as XML."""
    lines = [_HEAD.rstrip("\n"), *_keys("n", "node", node_attrs(kg.schema)), *_keys("e", "edge", edge_attrs(kg.schema))]
    lines.append('  <graph id="chainkg" edgedefault="directed">')
    for nid, pairs in node_values(kg):
        lines.append(f"    <node id={xml_attr(nid)}>{_data('n', pairs)}</node>")
    for index, (source, target, pairs) in enumerate(edge_values(kg)):
        ends = f"source={xml_attr(source)} target={xml_attr(target)}"
        lines.append(f'    <edge id="e{index}" {ends}>{_data("e", pairs)}</edge>')
    lines += ["  </graph>", "</graphml>", ""]
    return "\n".join(lines)


def write_graphml(kg: KnowledgeGraph, path: Path) -> Path:
    """Write ``kg`` as GraphML to ``path`` atomically; return the path."""
    path = Path(path)
    check_file_target(path)
    text = graphml_text(kg)
    try:
        atomic_write_text(path, text)
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
