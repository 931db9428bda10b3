"""The explorer's web app (Starlette): page shells, the JSON API and the safety around them.

Pages are one static shell each; everything from the graph reaches them as JSON that the
script puts into the page as text only. Every response carries a Content-Security-Policy
that lets the page load its own script and style and talk to this server, nothing else.
Only GET is served, requests are limited in size, the Host must be this machine, the only
files served are the explorer's own assets, and an error is one line with a status code.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send, StatelessLifespan

from chainkg.errors import ChainKGError
from chainkg.explorer.api import Api
from chainkg.explorer.assets import ASSETS, asset, page_shell

__all__ = ["CSP", "MAX_REQUEST_BYTES", "MAX_URL_BYTES", "PAGES", "create_app"]

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
MAX_REQUEST_BYTES = 16 * 1024  # no page sends a body; anything larger is refused before it is read
MAX_URL_BYTES = 8 * 1024
PAGES = ("home", "chain", "node", "path", "query")
_LOG = logging.getLogger("chainkg.explorer")


class Guard:
    """ASGI middleware: size limits, GET only, security headers on every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length", b"0")
        url = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"")
        problem = None
        if scope["method"] not in ("GET", "HEAD"):
            problem = (405, "the explorer is read-only: only GET is served")
        elif not length.isdigit() or int(length) > MAX_REQUEST_BYTES or b"transfer-encoding" in headers:
            problem = (413, f"request body too large (at most {MAX_REQUEST_BYTES} bytes)")
        elif url > MAX_URL_BYTES:
            problem = (414, f"address too long (at most {MAX_URL_BYTES} bytes)")
        if problem:
            return await _secured(PlainTextResponse(f"Error: {problem[1]}", problem[0]))(scope, receive, send)

        async def secured_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *_SECURITY]
            await send(message)

        await self.app(scope, receive, secured_send)


_SECURITY = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


def _secured(response: Response) -> Response:
    for name, value in _SECURITY:
        response.headers[name.decode()] = value.decode()
    return response


def create_app(
    folder: Path,
    engine: str = "embedded",
    neo4j: Mapping[str, Any] | None = None,
    hosts: tuple[str, ...] = ("127.0.0.1", "localhost", "::1"),
) -> Starlette:
    """The explorer over the built folder ``folder`` (its database, or Neo4j, and its report.json)."""
    api = Api.open(Path(folder), engine, neo4j)

    def page(kind: str) -> Route:
        def endpoint(request: Request) -> Response:
            return Response(
                page_shell(kind), media_type="text/html; charset=utf-8", headers={"cache-control": "no-store"}
            )

        return Route("/" if kind == "home" else f"/{kind}", endpoint, methods=["GET"], name=f"page_{kind}")

    def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in ASSETS:
            raise HTTPException(404, "no such file")
        body, media = asset(name)
        return Response(body, media_type=media, headers={"cache-control": "max-age=3600"})

    routes = [page(kind) for kind in PAGES]
    routes.append(Route("/static/{name}", static, methods=["GET"]))
    routes += api.routes()
    app = Starlette(
        routes=routes,
        middleware=[Middleware(Guard), Middleware(TrustedHostMiddleware, allowed_hosts=list(hosts))],
        exception_handlers={ChainKGError: _chainkg_error, HTTPException: _http_error, Exception: _server_error},
        lifespan=_lifespan(api),
    )
    app.state.api = api
    return app


def _lifespan(api: Api) -> StatelessLifespan[Starlette]:
    """Close the store when the server stops."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        api.close()

    return lifespan


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error(request: Request, status: int, text: str) -> Response:
    line = " ".join(text.split())
    if _wants_json(request):
        return JSONResponse({"error": line}, status)
    return PlainTextResponse(f"Error: {line}", status)


async def _chainkg_error(request: Request, exc: Exception) -> Response:
    what = getattr(exc, "what", "")
    return _error(request, 404 if what.startswith("no ") else 400, getattr(exc, "one_line", exc.__str__)())


async def _http_error(request: Request, exc: Exception) -> Response:
    return _error(request, getattr(exc, "status_code", 500), str(getattr(exc, "detail", exc)))


async def _server_error(request: Request, exc: Exception) -> Response:
    _LOG.error("%s %s: %s: %s", request.method, request.url.path, type(exc).__name__, " ".join(str(exc).split())[:300])
    return _error(request, 500, "the explorer could not answer this request (see the server's log)")


if not _LOG.handlers:  # one line per failed request on stderr, never a traceback
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("chainkg serve: %(message)s"))
    _LOG.addHandler(handler)
    _LOG.propagate = False
