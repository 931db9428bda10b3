"""Headless Debian Chromium driven by playwright, for the view tests and the view benchmark.

Never ``playwright install``: the browser is Debian's ``chromium`` (``.ci/run`` and
``make test`` install it when missing). Every request a page makes is routed:
``file:`` and ``data:`` go through, anything else is aborted and recorded.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "CHROMIUM_ARGS",
    "Watched",
    "assert_clean",
    "chromium_path",
    "drawn_nodes",
    "evaluate",
    "launch",
    "open_page",
]

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    """Debian's chromium, or None."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None


@contextlib.contextmanager
def launch() -> Iterator[Any]:
    """A headless Chromium browser (playwright Browser)."""
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        raise RuntimeError("Debian's chromium is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Watched:
    """What a page did: console errors, uncaught exceptions, requests leaving it, dialogs."""

    page: Any
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def _local(url: str) -> bool:
    return url.startswith(("file:", "data:", "about:", "blob:"))


def open_page(
    browser: Any, path: Path, *, width: int = 1400, height: int = 900, wait_ready: bool = True, timeout_ms: int = 60_000
) -> Watched:
    """Open ``path`` in a fresh context with every request watched; wait until the view says it is ready."""
    context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
    page = context.new_page()
    watched = Watched(page)

    def route(route: Any) -> None:
        url = route.request.url
        if _local(url):
            route.continue_()
        else:
            watched.outside.append(url)
            route.abort()

    context.route("**/*", route)
    page.on("request", lambda request: watched.requests.append(request.url))
    page.on(
        "console",
        lambda msg: (
            watched.errors.append(f"console {msg.type}: {msg.text}") if msg.type in ("error", "warning") else None
        ),
    )
    page.on("pageerror", lambda exc: watched.errors.append(f"pageerror: {exc}"))
    page.on("websocket", lambda ws: watched.outside.append(ws.url))

    def dialog(d: Any) -> None:
        watched.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.goto(Path(path).resolve().as_uri())
    if wait_ready:
        page.wait_for_selector("body[data-ready='1']", state="attached", timeout=timeout_ms)
    return watched


def evaluate(watched, script: str):
    return watched.page.evaluate(script)


def drawn_nodes(watched) -> int:
    return evaluate(watched, "Object.keys(window.chainkgView.network.body.nodes).length")


def assert_clean(watched) -> None:
    assert watched.errors == []
    assert watched.outside == []
    assert all(url.startswith("file:") for url in watched.requests), watched.requests
    assert watched.dialogs == []
