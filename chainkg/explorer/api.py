"""The explorer's JSON API: one handler per question, each a thin call into the readers.

Every handler runs in a worker thread (the engines block), reads query-string values only,
and answers JSON; a library error becomes one line with 400 (404 for a name that matches
nothing), anything else one line with 500, logged as one line, never a traceback.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from chainkg.errors import ChainKGError, QueryError
from chainkg.explorer.chains import Chains
from chainkg.explorer.names import Names
from chainkg.explorer.pool import open_pool
from chainkg.explorer.reads import EXPAND_LIMIT, Reads
from chainkg.output import render
from chainkg.queries.library import get_query, library
from chainkg.queries.readonly import check_read_only
from chainkg.queries.runner import run_named

__all__ = ["MAX_TEXT", "Api"]

MAX_TEXT = 500  # characters of one query-string value
_LOG = logging.getLogger("chainkg.explorer")
Payload = Response | dict[str, Any]  # a dict is sent as JSON
Handler = Callable[["Api", Request], Payload]


def answered(func: Handler) -> Callable[[Api, Request], Response]:
    """A handler whose result is sent as JSON and whose errors are one line and a status code."""

    @functools.wraps(func)
    def wrapper(self: Api, request: Request) -> Response:
        try:
            result = func(self, request)
        except ChainKGError as exc:
            status = 404 if exc.what.startswith(("no ", "unknown query")) else 400
            return JSONResponse({"error": " ".join(exc.one_line().split())}, status)
        except Exception as exc:
            _LOG.error("%s: %s: %s", request.url.path, type(exc).__name__, " ".join(str(exc).split())[:300])
            return JSONResponse({"error": "the explorer could not answer this request (see the server's log)"}, 500)
        return result if isinstance(result, Response) else JSONResponse(result, headers={"cache-control": "no-store"})

    return wrapper


def _arg(request: Request, name: str, required: bool = True) -> str:
    """A query-string value, checked for presence and length."""
    value = request.query_params.get(name, "")
    if required and not value.strip():
        raise QueryError(f"missing parameter {name!r}", fix=f"give ?{name}=...")
    if len(value) > MAX_TEXT:
        raise QueryError(f"parameter {name!r} is longer than {MAX_TEXT} characters", fix="give a shorter value")
    return value


class Api:
    """The explorer's answers over one store and one built folder."""

    def __init__(self, reads: Reads, chains: Chains) -> None:
        self.reads, self.chains = reads, chains
        self.names = Names(reads)
        chains.warm()

    @classmethod
    def open(cls, folder: Path, engine: str, neo4j: Mapping[str, Any] | None = None) -> Api:
        store = open_pool(engine, folder, neo4j)
        reads = Reads(store, engine)
        return cls(reads, Chains(reads, folder))

    def close(self) -> None:
        """Wait for the threads that read at start, then release the store."""
        self.names.ready.wait()
        self.chains.stop()
        self.reads.store.close()

    def routes(self) -> list[Route]:
        handlers = {
            "chains": self.chains_list,
            "chain": self.chain,
            "search": self.search,
            "node": self.node,
            "expand": self.expand,
            "path": self.path,
            "queries": self.queries,
            "query": self.query,
        }
        return [Route(f"/api/{name}", handler, methods=["GET"]) for name, handler in handlers.items()]

    @answered
    def chains_list(self, request: Request) -> Payload:
        return {"chains": self.chains.home()}

    @answered
    def chain(self, request: Request) -> Payload:
        return self.chains.page(_arg(request, "name"), _arg(request, "region", False).strip())

    @answered
    def search(self, request: Request) -> Payload:
        return {"hits": self.names.search(_arg(request, "q", False))}

    @answered
    def node(self, request: Request) -> Payload:
        return self.reads.node(_arg(request, "id"))

    @answered
    def expand(self, request: Request) -> Payload:
        limit = _arg(request, "limit", False) or str(EXPAND_LIMIT)
        if not limit.isdigit() or not 1 <= int(limit) <= 1000:
            raise QueryError("limit must be a whole number from 1 to 1000", fix=f"got {limit[:20]!r}")
        return self.reads.expand(_arg(request, "id"), _arg(request, "type"), _arg(request, "dir"), int(limit))

    @answered
    def path(self, request: Request) -> Payload:
        return self.reads.path(_arg(request, "source"), _arg(request, "target"))

    @answered
    def queries(self, request: Request) -> Payload:
        return {
            "queries": [
                {
                    "name": q.name,
                    "doc": q.doc,
                    "returns": list(q.returns),
                    "one_of": list(q.one_of),
                    "params": [{"name": p.name, "type": p.type, "optional": p.optional} for p in q.params],
                }
                for q in sorted(library().values(), key=lambda q: q.name)
            ]
        }

    @answered
    def query(self, request: Request) -> Payload:
        """A library query with ``p.NAME=value`` parameters; ``format=csv`` or ``json`` downloads the rows."""
        name = _arg(request, "name")
        query = get_query(name)
        check_read_only(query.text(self.reads.engine))  # the library only reads; checked all the same
        params = {key[2:]: value for key, value in request.query_params.items() if key.startswith("p.") and value != ""}
        for key, value in params.items():
            if len(value) > MAX_TEXT:
                raise QueryError(f"parameter {key!r} is longer than {MAX_TEXT} characters", fix="give a shorter value")
        columns, rows = run_named(self.reads.store, self.reads.engine, query.name, params)
        fmt = _arg(request, "format", False) or "view"
        if fmt in ("csv", "json"):
            body = render(columns, rows, fmt) + "\n"
            media = "text/csv; charset=utf-8" if fmt == "csv" else "application/json; charset=utf-8"
            disposition = f'attachment; filename="{query.name}.{fmt}"'  # the name is a library file's stem
            return Response(
                body, media_type=media, headers={"content-disposition": disposition, "cache-control": "no-store"}
            )
        if fmt != "view":
            raise QueryError(f"unknown format {fmt[:20]!r}", fix="use csv or json")
        return {"name": query.name, "columns": columns, "rows": rows}
