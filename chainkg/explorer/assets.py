"""The explorer's own files: the page shell, its script and style, and vis-network (pyvis's copy).

Only the names in :data:`ASSETS` are ever served, read from the package (never from a path a
request names), so no file outside them, the built folder's included, can be reached.
"""

from __future__ import annotations

import functools
from importlib import resources

__all__ = ["ASSETS", "asset", "page_shell"]

_VIS = "lib/vis-9.1.2/"
ASSETS = {
    "app.js": ("chainkg.explorer", "static/app.js", "text/javascript; charset=utf-8"),
    "draw.js": ("chainkg.explorer", "static/draw.js", "text/javascript; charset=utf-8"),
    "i18n.js": ("chainkg.explorer", "static/i18n.js", "text/javascript; charset=utf-8"),
    "style.css": ("chainkg.explorer", "static/style.css", "text/css; charset=utf-8"),
    "vis-network.min.js": ("pyvis", _VIS + "vis-network.min.js", "text/javascript; charset=utf-8"),
    "vis-network.css": ("pyvis", _VIS + "vis-network.css", "text/css; charset=utf-8"),
}


@functools.cache
def asset(name: str) -> tuple[bytes, str]:
    """The bytes and media type of asset ``name`` (one of :data:`ASSETS`)."""
    package, path, media = ASSETS[name]
    return resources.files(package).joinpath(path).read_bytes(), media


@functools.cache
def page_shell(kind: str) -> bytes:
    """The HTML of a page kind: the same shell for all, told its kind by ``data-page``; no data in it."""
    text = resources.files("chainkg.explorer").joinpath("templates/page.html").read_text(encoding="utf-8")
    return text.replace("{{kind}}", kind).encode("utf-8")
