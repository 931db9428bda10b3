"""Views: the graph as interactive pages for the browser (pyvis / vis-network), fully offline.

Four kinds: ``overview`` (everything, by label), ``chain`` (one chain, upstream to
downstream, with gaps and bottlenecks), ``ego`` (one node and its K-hop
neighbourhood) and ``gaps`` (bottleneck technologies and products nobody makes).

>>> import json
>>> from chainkg.graph.model import KnowledgeGraph
>>> kg = KnowledgeGraph()
>>> _ = kg.add_node("Chain", "工程机械")
>>> html = render_view(kg, "overview")
>>> "https://" in html.split("<script>")[0], json.dumps("工程机械") in html  # names travel as JSON
(False, True)
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from chainkg.errors import QueryError
from chainkg.graph.io.atomic import atomic_write_text
from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.views.assets import write_assets
from chainkg.graph.views.chains import chain_scene, chain_scenes
from chainkg.graph.views.gaps import chains_with_content, gaps_scene
from chainkg.graph.views.index import GraphIndex
from chainkg.graph.views.page import render_page, write_page
from chainkg.graph.views.scene import Scene
from chainkg.graph.views.scenes import MAX_NODES, ego_scene, overview_scene
from chainkg.graph.views.site import INDEX_FILE, chain_entry, page_entry, render_build_page, render_index
from chainkg.graph.views.stored import StoredIndex

__all__ = [
    "BUILD_MAX_NODES",
    "MAX_NODES",
    "VIEW_KINDS",
    "GraphIndex",
    "Scene",
    "StoredIndex",
    "chain_pages_note",
    "chain_slug",
    "chains_with_content",
    "make_scene",
    "render_view",
    "write_build_views",
    "write_view",
]

VIEW_KINDS = ("overview", "chain", "ego", "gaps")
OVERVIEW_FILE = "view.html"
VIEWS_FOLDER = "views"
GAPS_FILE = "gaps.html"


def make_scene(
    source: KnowledgeGraph | GraphIndex | StoredIndex,
    kind: str,
    *,
    chain: str | None = None,
    node: str | None = None,
    depth: int = 1,
    region: str | None = None,
    max_nodes: int = MAX_NODES,
) -> Scene:
    """The scene of one view; ``chain`` is needed for ``chain``, ``node`` for ``ego``. A
    :class:`StoredIndex` (a build's database) serves ego views only."""
    if kind not in VIEW_KINDS:
        raise QueryError(f"unknown view kind {kind!r}", fix=f"use one of: {', '.join(VIEW_KINDS)}")
    if kind == "ego":
        if not node:
            raise QueryError("an ego view needs a node", fix="add --node NAME (a name or alias)")
        if depth < 0:
            raise QueryError(f"depth must be 0 or more, got {depth}", fix="give --depth 1, 2 ...")
    if isinstance(source, StoredIndex):
        if kind != "ego":
            raise QueryError(
                f"a {kind} view is made from the whole graph, not from the database", fix="pass the graph (graph.json)"
            )
        return ego_scene(source, node, depth, max_nodes)  # type: ignore[arg-type]
    index = source if isinstance(source, GraphIndex) else GraphIndex(source)
    if kind == "overview":
        return overview_scene(index, max_nodes)
    if kind == "chain":
        if not chain:
            raise QueryError("a chain view needs a chain", fix="add --chain NAME")
        return chain_scene(index, chain, region)
    if kind == "ego":
        return ego_scene(index, node, depth, max_nodes)  # type: ignore[arg-type]
    return gaps_scene(index, chain, max_nodes)


def render_view(source: KnowledgeGraph | GraphIndex | StoredIndex, kind: str, **options: object) -> str:
    """The HTML page of one view (see :func:`make_scene` for the options)."""
    return render_page(make_scene(source, kind, **options))  # type: ignore[arg-type]


def write_view(source: KnowledgeGraph | GraphIndex | StoredIndex, kind: str, path: Path, **options: object) -> Path:
    """Write one view to ``path`` atomically: inside a build folder with the build's shared
    vis-network files and a link to its index, anywhere else as one self-contained file."""
    return write_page(make_scene(source, kind, **options), path)  # type: ignore[arg-type]


def chain_slug(name: str) -> str:
    """A file-name-safe slug for a chain: letters and digits of any script kept, the rest hashed.

    >>> chain_slug("工程机械"), chain_slug("a/b")
    ('工程机械', 'a-b-3ec69c85')
    """
    text = unicodedata.normalize("NFKC", name).casefold()
    slug = re.sub(r"[^\w]+", "-", text, flags=re.UNICODE).strip("-_")[:60]
    if slug != text or not slug:
        slug = f"{slug}-{hashlib.sha1(name.encode('utf-8')).hexdigest()[:8]}".lstrip("-")
    return slug


BUILD_MAX_NODES = 2_000
"""The build's overview draws at most this many nodes (under 3 s to open); ``chainkg view`` draws more."""


def chain_pages_note(chains: int, pages: int) -> str:
    """What the build's overview says of the chain pages when some chains have none.

    >>> chain_pages_note(511, 30)
    'Chain pages (views/chain-*.html) for 30 of 511 chains: 481 chains have no product, cluster or bottleneck and no page.'
    """
    if pages == chains:
        return ""
    return (
        f"Chain pages (views/chain-*.html) for {pages:,} of {chains:,} chains: {chains - pages:,} chains have "
        "no product, cluster or bottleneck and no page."
    )


def write_build_views(kg: KnowledgeGraph, folder: Path, max_nodes: int = BUILD_MAX_NODES) -> list[Path]:
    """What a build writes: ``folder/view.html`` (overview), ``folder/views/gaps.html`` and
    ``folder/views/chain-<slug>.html`` for each chain with something to show (see
    :func:`chains_with_content`; the overview and the index say how many were left out), the
    shared ``folder/assets/`` they all use and ``folder/index.html`` linking them. Returns the
    pages, the index last."""
    index = GraphIndex(kg)
    folder = Path(folder)
    with index.batch():  # the edges between drawn nodes of every page read together, one pass per large type
        overview = overview_scene(index, max_nodes)
        gaps = gaps_scene(index, None, max_nodes)
        chain_ids = chains_with_content(index)
        names = [index.name(chain) for chain in chain_ids]
        chains = chain_scenes(index, names)
    note = chain_pages_note(len(index.graph.label_numbers("Chain")), len(names))
    if note:
        overview.notes.append(note)
    hrefs = [f"{VIEWS_FOLDER}/chain-{chain_slug(name)}.html" for name in names]
    links = dict(zip(chain_ids, hrefs))  # a chain node opens its page
    pages = [(overview, folder / OVERVIEW_FILE), (gaps, folder / VIEWS_FOLDER / GAPS_FILE)]
    pages += [(scene, folder / href) for scene, href in zip(chains, hrefs)]
    entries = [page_entry(overview, OVERVIEW_FILE), page_entry(gaps, f"{VIEWS_FOLDER}/{GAPS_FILE}")]
    listed = [chain_entry(name, scene, href) for name, scene, href in zip(names, chains, hrefs)]
    home = render_index(entries, listed, [note] if note else [], len(index), kg.number_of_edges())
    write_assets(folder)
    with ThreadPoolExecutor(
        max_workers=1, thread_name_prefix="chainkg-views"
    ) as writer:  # the disk waits (fsync) there
        writes = [
            writer.submit(atomic_write_text, path, render_build_page(scene, path, folder, links))
            for scene, path in pages
        ]
        writes.append(writer.submit(atomic_write_text, folder / INDEX_FILE, home))
    for write in writes:
        write.result()  # a failed write raises here, as it did in the loop
    return [path for _, path in pages] + [folder / INDEX_FILE]
