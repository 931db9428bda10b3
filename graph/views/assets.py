"""vis-network's script and style: one shared copy per build folder, or inlined in a lone page.

A build writes ``DIR/assets/vis-network-9.1.2.min.js`` and ``.css`` once, and its pages refer to
them relatively (``assets/...`` from ``view.html``, ``../assets/...`` from ``views/``): 690 KB
once instead of in every page. A page written anywhere else (``chainkg view -o FILE`` outside a
build folder) inlines them, so that it still opens offline as one file.

>>> shared_prefix(Path("out/views/chain-x.html"), Path("out"))
'../assets/'
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

from chainkg.graph.io.atomic import atomic_write_text

__all__ = [
    "ASSETS_FOLDER",
    "SCRIPT_FILE",
    "STYLE_FILE",
    "VIS_VERSION",
    "build_root",
    "shared_prefix",
    "vis_script",
    "vis_style",
    "write_assets",
]

# pyvis's own files, found without importing it (its import pulls in IPython: ~80 ms a build)
_PYVIS_TEMPLATES = Path(importlib.util.find_spec("pyvis").origin).with_name("templates")  # type: ignore[union-attr,arg-type]
VIS_VERSION = "9.1.2"
ASSETS_FOLDER = "assets"
SCRIPT_FILE = f"vis-network-{VIS_VERSION}.min.js"
STYLE_FILE = f"vis-network-{VIS_VERSION}.css"


@functools.lru_cache(maxsize=1)
def vis_script() -> str:
    """vis-network's script (it contains no closing script tag, so it can be inlined)."""
    return (_PYVIS_TEMPLATES / "lib" / f"vis-{VIS_VERSION}" / "vis-network.min.js").read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def vis_style() -> str:
    """vis-network's style sheet."""
    return (_PYVIS_TEMPLATES / "lib" / f"vis-{VIS_VERSION}" / "vis-network.css").read_text(encoding="utf-8")


def write_assets(folder: Path) -> list[Path]:
    """Write the shared script and style into ``folder/assets`` (atomically; skipped when the same)."""
    written = []
    for name, text in ((SCRIPT_FILE, vis_script()), (STYLE_FILE, vis_style())):
        path = Path(folder) / ASSETS_FOLDER / name
        if not (
            path.exists()
            and path.stat().st_size == len(text.encode("utf-8"))
            and path.read_text(encoding="utf-8") == text
        ):
            atomic_write_text(path, text)
        written.append(path)
    return written


def shared_prefix(page: Path, root: Path) -> str:
    """The relative way from ``page`` to ``root/assets/`` (the page lies in ``root`` or below it)."""
    depth = len(Path(page).parent.relative_to(root).parts) if Path(page).parent != Path(root) else 0
    return "../" * depth + f"{ASSETS_FOLDER}/"


def build_root(page: Path) -> Path | None:
    """The build folder holding ``page`` (its folder or the one above, with the shared assets), or None."""
    folder = Path(page).resolve().parent
    for root in (folder, folder.parent):
        if (root / ASSETS_FOLDER / SCRIPT_FILE).is_file() and (root / ASSETS_FOLDER / STYLE_FILE).is_file():
            return root
    return None
