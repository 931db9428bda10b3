"""A scene into one self-contained HTML page, with no network request at all.

The vis-network node and edge records are the ones pyvis 0.3.2's ``from_nx``
makes from a networkx graph of the scene, built here directly: through pyvis
and networkx, the 31 pages of a build at 100k enterprises took seconds
(tests compare the two record for record). The page comes from our own
template (``templates/view.html``): vis-network's script and style are inlined
from pyvis's own copy, and there is no Bootstrap or tom-select from a CDN, which
pyvis's template links even with ``cdn_resources="in_line"``.
Every string from the graph reaches the page as JSON and is put into the DOM
only as text, so names from documents cannot inject markup.
"""

from __future__ import annotations

import functools
import json
import math
from json.encoder import encode_basestring_ascii as _text
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from chainkg.graph.io.atomic import atomic_write_text
from chainkg.graph.views.assets import SCRIPT_FILE, STYLE_FILE, build_root, shared_prefix, vis_script, vis_style
from chainkg.graph.views.i18n import LABEL_ZH, REL_ZH, UI, bilingual, zh_text
from chainkg.graph.views.scene import Scene, ViewEdge, ViewNode
from chainkg.graph.views.style import (
    AGGREGATE_COLOR,
    EDGE_COLORS,
    FONT_STACK,
    GAP_COLOR,
    LABEL_STYLE,
    TACKLING_COLOR,
    edge_legend,
    legend,
)
from chainkg.graph.views.text import short

__all__ = ["page_json", "records_json", "render_page", "vis_records", "write_page"]

_TEMPLATES = Path(__file__).with_name("templates")
_MARK_COLOR = {"gap": GAP_COLOR, "unsolved": GAP_COLOR, "tackling": TACKLING_COLOR, "aggregate": AGGREGATE_COLOR}
LABEL_CHARS = 18
_INSIDE = {"box", "ellipse", "circle", "database", "text"}  # vis shapes that draw their label inside
LARGE = 1_000
"""Above this many nodes: no edge curves, edges hidden while dragging or zooming, labels and arrows only when zoomed in."""
LARGE_NOTE = (
    "Large view: fixed positions (no physics); labels and arrow heads appear as you zoom in, edges hide while you pan."
)


def _vis_node(node: ViewNode) -> dict[str, Any]:
    """vis-network options of one node; colours come from its label's group (see :func:`_groups`)."""
    style = LABEL_STYLE[node.label]
    record: dict[str, Any] = {
        "label": node.name if node.kind != "node" else short(node.name, LABEL_CHARS),
        "title": node.text,
        "group": node.label,
        "shape": style.shape,
        "size": style.size,
        "x": round(node.x or 0.0, 1),
        "y": round(node.y or 0.0, 1),
        "kg_id": node.key,
        "kind": node.kind,
    }
    if node.names != [record["label"]]:  # the page falls back to the label
        record["names"] = node.names
    if node.mark:
        mark = _MARK_COLOR[node.mark]
        fill = "#ffffff" if node.kind == "slot" else ("#eeeeee" if node.kind == "aggregate" else style.color)
        # pyvis drops a node's colour when it has a group (add_node's own `color` argument), so it
        # travels under another name and is put back in the record (see _node_record)
        record.update(
            kg_color={"background": fill, "border": mark}, borderWidth=3, shapeProperties={"borderDashes": [6, 4]}
        )
        record["font"] = {"color": mark if node.kind == "slot" else "#333333", "strokeWidth": 0}
    if node.kind != "node":
        record.update(shape="box")
    return record


def _groups() -> dict[str, Any]:
    """One vis group per label: its colour and, for shapes that hold their label, a readable font."""
    groups: dict[str, Any] = {}
    for name, style in LABEL_STYLE.items():
        group: dict[str, Any] = {"color": {"background": style.color, "border": "#4d4d4d"}, "borderWidth": 1}
        if style.shape in _INSIDE:
            group["font"] = {"color": "#333333" if style.shape == "text" else "#ffffff", "strokeWidth": 0}
        groups[name] = group
    return groups


def _vis_edge(edge: ViewEdge) -> dict[str, Any]:
    color = _MARK_COLOR.get(edge.mark, EDGE_COLORS[edge.rel])
    record: dict[str, Any] = {"title": edge.text, "color": color, "weight": 2 if edge.mark else 1}
    if edge.mark:
        record["dashes"] = [2, 4] if edge.mark == "aggregate" else True
    if edge.caption:
        record.update(
            label=short(edge.caption, 14), font={"size": 11, "color": "#555", "strokeWidth": 3, "align": "middle"}
        )
    return record


def _record_order(scene: Scene) -> tuple[list[int], list[tuple[ViewEdge, int, int]]]:
    """The order of the page records, as pyvis's ``from_nx`` gives them for a MultiDiGraph of the
    scene (nodes numbered 0..n-1 in scene order): edges by source node, then by target in the
    order first linked from that source, then as added; each node when an edge first names it,
    the unlinked ones last. Node numbers in order, and (edge, source, target) in order."""
    number = {key: i for i, key in enumerate(scene.nodes)}
    by_source: dict[int, dict[int, list[ViewEdge]]] = {}
    for edge in scene.edges:
        by_source.setdefault(number[edge.source], {}).setdefault(number[edge.target], []).append(edge)
    nodes: list[int] = []
    edges: list[tuple[ViewEdge, int, int]] = []
    drawn: set[int] = set()
    for source in sorted(by_source):
        if source not in drawn:
            drawn.add(source)
            nodes.append(source)
        for target, parallel in by_source[source].items():
            if target not in drawn:
                drawn.add(target)
                nodes.append(target)
            edges += [(edge, source, target) for edge in parallel]
    nodes += [i for i in range(len(number)) if i not in drawn]
    return nodes, edges


def vis_records(scene: Scene) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The scene's vis-network node and edge records, in the order of :func:`_record_order`."""
    order, linked = _record_order(scene)
    views = list(scene.nodes.values())
    nodes = [_node_record(i, views[i]) for i in order]
    edges: list[dict[str, Any]] = []
    for edge, source, target in linked:
        record = _vis_edge(edge)
        record.update(width=record.pop("weight"), to=target)  # from_nx turns the weight into a width
        record["from"] = source
        edges.append(record)
    return nodes, edges


def _node_record(number: int, node: ViewNode) -> dict[str, Any]:
    """What pyvis's add_node makes of a node's options (label and shape moved last, the id
    added), with the marked colour put back (see :func:`_vis_node`)."""
    record = _vis_node(node)
    label, shape, color = record.pop("label"), record.pop("shape"), record.pop("kg_color", None)
    record.update(id=number, label=label or number, shape=shape)
    if color is not None:
        record["color"] = color
    return record


def records_json(scene: Scene) -> tuple[str, str]:
    """:func:`vis_records` as JSON text, as ``json.dumps(records, sort_keys=True)`` writes it, but
    each record written straight from the scene (a build writes 43k records: a dict each, then
    the encoder sorting their keys, cost 0.3 s); an edge with no mark and no caption in place."""
    order, linked = _record_order(scene)
    views = list(scene.nodes.values())
    nodes = ", ".join([_node_json(i, views[i]) for i in order])
    text, colors = _text, _EDGE_COLOR_JSON
    edges = ", ".join(
        [
            _edge_json(e, s, t)
            if e.mark or e.caption
            else f'{{"color": {colors[e.rel]}, "from": {s}, "title": {text(e.text)}, "to": {t}, "width": 1}}'
            for e, s, t in linked
        ]
    )
    return f"[{nodes}]", f"[{edges}]"


def _node_json(number: int, node: ViewNode) -> str:
    """One node record of :func:`_node_record` as JSON, keys sorted."""
    group, shape, size = _LABEL_JSON[node.label]
    kind, text = node.kind, _text  # the strings of a scene are str (a TypeError here, never a wrong page)
    label = node.name if kind != "node" else short(node.name, LABEL_CHARS)
    head = dashes = ""
    if node.mark:
        mark = _MARK_COLOR[node.mark]
        fill = "#ffffff" if kind == "slot" else ("#eeeeee" if kind == "aggregate" else LABEL_STYLE[node.label].color)
        font = mark if kind == "slot" else "#333333"
        head = f'"borderWidth": 3, "color": {{"background": {_json(fill)}, "border": {_json(mark)}}}, "font": {{"color": {_json(font)}, "strokeWidth": 0}}, '
        dashes = '"shapeProperties": {"borderDashes": [6, 4]}, '
    names = "" if node.names == [label] else f'"names": [{", ".join(map(_json, node.names))}], '
    x, y = round(node.x or 0.0, 1), round(node.y or 0.0, 1)
    return (
        f'{{{head}"group": {group}, "id": {number}, "kg_id": {text(node.key)}, "kind": {text(kind)}, '
        f'"label": {text(label) if label else number}, {names}"shape": {shape if kind == "node" else _BOX}, {dashes}"size": {size}, '
        f'"title": {text(node.text)}, "x": {float.__repr__(x) if type(x) is float and math.isfinite(x) else _number(x)}, '
        f'"y": {float.__repr__(y) if type(y) is float and math.isfinite(y) else _number(y)}}}'
    )


def _edge_json(edge: ViewEdge, source: int, target: int) -> str:
    """One edge record of :func:`vis_records` as JSON, keys sorted."""
    color = _MARK_COLOR.get(edge.mark, EDGE_COLORS[edge.rel])
    dashes = (f'"dashes": {"[2, 4]" if edge.mark == "aggregate" else "true"}, ') if edge.mark else ""
    font = '"font": {"align": "middle", "color": "#555", "size": 11, "strokeWidth": 3}, ' if edge.caption else ""
    label = f'"label": {_json(short(edge.caption, 14))}, ' if edge.caption else ""
    return (
        f'{{"color": {_json(color)}, {dashes}{font}"from": {source}, {label}"title": {_text(edge.text)}, '
        f'"to": {target}, "width": {2 if edge.mark else 1}}}'
    )


def _json(value: Any) -> str:
    """A value as ``json.dumps`` writes it (a string through the encoder's own C function)."""
    return _text(value) if type(value) is str else json.dumps(value, sort_keys=True)


def _number(value: Any) -> str:
    """A number as ``json.dumps`` writes it."""
    if type(value) is float and math.isfinite(value):
        return float.__repr__(value)
    return int.__repr__(value) if type(value) is int else json.dumps(value)


_LABEL_JSON = {name: (_json(name), _json(style.shape), _number(style.size)) for name, style in LABEL_STYLE.items()}
_EDGE_COLOR_JSON = {rel: _json(color) for rel, color in EDGE_COLORS.items()}
_BOX = _json("box")  # the shape of slots and aggregates


def page_json(scene: Scene, view: dict[str, Any]) -> markupsafe.Markup:
    """The page's data island: ``{"view": view, "nodes": ..., "edges": ..., "options": ...}`` as
    Jinja's ``tojson`` writes it (keys sorted; ``<``, ``>``, ``&`` and ``'`` escaped)."""
    nodes, edges = records_json(scene)
    text = f'{{"edges": {edges}, "nodes": {nodes}, "options": {json.dumps(_options(scene), sort_keys=True)}, "view": {json.dumps(view, sort_keys=True)}}}'
    return markupsafe.Markup(
        text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("'", "\\u0027")
    )


def _options(scene: Scene) -> dict[str, Any]:
    large = len(scene.nodes) > LARGE
    physics: dict[str, Any] = {"enabled": False}
    if scene.physics:
        physics = {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -3500,
                "centralGravity": 0.6,
                "springLength": 120,
                "springConstant": 0.04,
                "avoidOverlap": 0.3,
            },
            "stabilization": {"enabled": True, "iterations": 200, "updateInterval": 50, "fit": True},
        }
    return {
        "physics": physics,
        "groups": _groups(),
        "layout": {"improvedLayout": False},
        "nodes": {
            "font": {"face": FONT_STACK, "size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"},
            "scaling": {"label": {"drawThreshold": 8 if large else 5}},
        },
        "edges": {
            "smooth": False if large else {"enabled": True, "type": "continuous", "roundness": 0.2},
            "arrows": {"to": {"enabled": not large, "scaleFactor": 0.5}},
            "width": 1,
            "selectionWidth": 2,
        },
        "interaction": {
            "hover": not large,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "navigationButtons": False,
            "keyboard": False,
        },
    }


def _marks(scene: Scene) -> list[dict[str, Any]]:
    present = {node.mark for node in scene.nodes.values()}
    rows = [("gap", "box"), ("unsolved", "diamond"), ("tackling", "diamond"), ("aggregate", "box")]
    return [
        {"shape": shape, "color": _MARK_COLOR[mark], "dashed": True, "key": f"mark_{mark}"}
        for mark, shape in rows
        if mark in present
    ]


def _edge_marks(scene: Scene) -> list[dict[str, Any]]:
    """Legend rows of the marked edges present: colour, dashes and the words' key."""
    present = {edge.mark for edge in scene.edges}
    return [
        {"color": _MARK_COLOR[mark], "dashes": [2, 4] if mark == "aggregate" else [6, 4], "key": f"edge_{mark}"}
        for mark in ("gap", "unsolved", "tackling", "aggregate")
        if mark in present
    ]


@functools.cache
def _template(name: str = "view.html") -> jinja2.Template:
    """One of our page templates (autoescaping), compiled once per process."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(_TEMPLATES)), autoescape=True)
    return env.get_template(name)


def _vis_assets() -> dict[str, markupsafe.Markup]:
    """vis-network's script and style from pyvis's own copy, to inline (neither contains a closing tag)."""
    return {"vis_js": markupsafe.Markup(vis_script()), "vis_css": markupsafe.Markup(vis_style())}


def _decor(scene: Scene) -> list[dict[str, Any]]:
    """The background bands and captions, each with its Chinese words."""
    return [{**d, "zh": zh_text(d["text"])} for d in scene.decor]


def page_words() -> dict[str, Any]:
    """The interface's words in both languages, and the label and relationship names in Chinese."""
    return {"ui": UI, "labels": LABEL_ZH, "rels": REL_ZH}


def render_page(
    scene: Scene, *, assets: str | None = None, home: str | None = None, links: dict[str, str] | None = None
) -> str:
    """The page for ``scene`` as one HTML string. ``assets``: the relative folder of the shared
    vis-network files (``"assets/"``), or None to inline them; ``home``: the relative address of
    the build's ``index.html``, if any; ``links``: node id -> relative address of its page
    (opened by a double-click)."""
    counts: dict[str, int] = {}
    for node in scene.nodes.values():
        if node.kind == "node":
            counts[node.label] = counts.get(node.label, 0) + 1
    rels: dict[str, int] = {}
    for edge in scene.edges:
        if edge.mark != "aggregate":
            rels[edge.rel] = rels.get(edge.rel, 0) + 1
    large = len(scene.nodes) > LARGE
    notes = [*scene.notes, *([LARGE_NOTE] if large else [])]
    view = {
        "kind": scene.kind,
        "physics": scene.physics,
        "large": large,
        "focus": scene.focus,
        "notes": notes,
        "notes_zh": [zh_text(note) for note in notes],
        "title": bilingual(scene.title),
        "decor": _decor(scene),
        "legend": legend(counts),
        "marks": _marks(scene),
        "edge_legend": edge_legend(rels),
        "edge_marks": _edge_marks(scene),
        "font": FONT_STACK,
        "nodes": scene.graph_node_count(),
        "links": sum(rels.values()),
        "home": home,
        "pages": links or {},
        "words": page_words(),
    }
    shared = (
        {"assets": assets, "script_file": SCRIPT_FILE, "style_file": STYLE_FILE}
        if assets is not None
        else _vis_assets()
    )
    return _template().render(
        heading=scene.title, data=page_json(scene, view), font=markupsafe.Markup(FONT_STACK), home=home, **shared
    )


def write_page(scene: Scene, path: Path, *, links: dict[str, str] | None = None) -> Path:
    """Write the page for ``scene`` to ``path`` atomically (a failed write leaves the old file).
    In a build folder (the folder or the one above holds the shared ``assets/``) the page uses
    them and links back to the build's index; anywhere else it inlines them and stands alone."""
    root = build_root(Path(path))
    home = None
    if root is not None and (root / "index.html").is_file():
        home = shared_prefix(Path(path).resolve(), root)[: -len("assets/")] + "index.html"
    assets = shared_prefix(Path(path).resolve(), root) if root is not None else None
    html = render_page(scene, assets=assets, home=home, links=links)
    atomic_write_text(Path(path), html)
    return Path(path)
