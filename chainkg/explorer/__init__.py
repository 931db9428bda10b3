"""``chainkg serve``: a local, read-only web explorer over a built folder (or Neo4j).

Pages: the chains (home, with search over every node and alias), one chain, one node expanded
on demand, a supply path finder and the query library. See ``docs/serve.md``.
"""

from __future__ import annotations

import socket
import sys
import threading
import webbrowser
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from chainkg.errors import ChainKGError
from chainkg.explorer.app import create_app

__all__ = ["DEFAULT_PORT", "create_app", "serve"]

DEFAULT_PORT = 8765


def serve(
    folder: Path,
    *,
    engine: str = "embedded",
    neo4j: Mapping[str, Any] | None = None,
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    open_browser: bool = True,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Serve the explorer until interrupted; ``port`` 0 picks a free one. ``on_ready(url)`` once it answers."""
    import uvicorn

    app = create_app(Path(folder), engine, neo4j, hosts=_hosts(host))
    sock = _bind(host, port)
    url = f"http://{_url_host(host)}:{sock.getsockname()[1]}/"
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        server_header=False,
        timeout_keep_alive=5,
        h11_max_incomplete_event_size=16 * 1024,
        limit_concurrency=256,
    )
    server = uvicorn.Server(config)

    def announce() -> None:
        while not server.started and not server.should_exit:
            threading.Event().wait(0.01)
        if server.started:
            print(f"chainkg serve: {url} (read-only; Ctrl-C stops)", file=sys.stderr, flush=True)
            if on_ready:
                on_ready(url)
            if open_browser:
                webbrowser.open(url)

    threading.Thread(target=announce, name="explorer-announce", daemon=True).start()
    server.run(sockets=[sock])


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise ChainKGError(
            f"cannot listen on {host}:{port}: {exc.strerror}", fix="give another --port (0 picks a free one)"
        ) from exc
    sock.listen(128)
    return sock


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _hosts(host: str) -> tuple[str, ...]:
    """The Host headers accepted: this machine's names, plus the address served on when it is another
    (any host when serving on every address, which only ``--host`` asks for)."""
    names = ("127.0.0.1", "localhost", "::1")
    if host in ("0.0.0.0", "::"):
        return (*names, "*")
    return names if host in names else (*names, host)
