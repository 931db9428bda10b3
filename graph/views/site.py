"""A build's pages together: the shared vis-network files, the index page, the links between pages.

``DIR/index.html`` lists every page the build writes (the overview, the gaps page, each chain
page with its counts of products, gaps and bottlenecks) and says how to make an ego page;
every page links back to it, and a double-click on a chain node opens the chain's page.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import markupsafe

from chainkg.graph.views.i18n import bilingual
from chainkg.graph.views.page import _template, render_page
from chainkg.graph.views.scene import Scene, ViewNode
from chainkg.graph.views.style import FONT_STACK

__all__ = ["INDEX_FILE", "chain_entry", "page_entry", "render_build_page", "render_index"]

INDEX_FILE = "index.html"


def page_entry(scene: Scene, href: str) -> dict[str, Any]:
    """An index row of an overview or gaps page."""
    return {"kind": scene.kind, "title": bilingual(scene.title), "href": href, "nodes": f"{scene.graph_node_count():,}"}


def chain_entry(name: str, scene: Scene, href: str) -> dict[str, Any]:
    """An index row of a chain page: its products, gap slots and bottleneck technologies."""

    def count(test: Callable[[ViewNode], bool]) -> str:
        return f"{sum(1 for n in scene.nodes.values() if test(n)):,}"

    return {
        "name": name,
        "href": href,
        "nodes": f"{scene.graph_node_count():,}",
        "products": count(lambda n: n.kind == "node" and n.label == "Product"),
        "gaps": count(lambda n: n.kind == "slot"),
        "bottlenecks": count(lambda n: n.kind == "node" and n.label == "Technology"),
    }


def render_index(
    pages: list[dict[str, Any]], chains: list[dict[str, Any]], notes: list[str], nodes: int, links: int
) -> str:
    """The build's ``index.html``: every page, in both languages (names as text, never markup)."""
    return _template("index.html").render(
        pages=pages,
        chains=chains,
        notes=[bilingual(note) for note in notes],
        nodes=f"{nodes:,}",
        links=f"{links:,}",
        font=markupsafe.Markup(FONT_STACK),
    )


def render_build_page(scene: Scene, path: Path, root: Path, links: dict[str, str]) -> str:
    """A page of the build in ``root``: the shared assets and the index by relative address, and
    the chain pages' addresses as seen from this page."""
    up = "../" * len(path.parent.relative_to(root).parts)
    return render_page(
        scene, assets=f"{up}assets/", home=f"{up}{INDEX_FILE}", links={k: up + href for k, href in links.items()}
    )
