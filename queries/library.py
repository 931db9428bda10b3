"""The Cypher query library: one ``.cypher`` file per query, with a header the code reads.

A file starts with::

    // name: chain_gaps
    // doc: products of a chain with no maker in the region ...
    // params: chain: str, region: str
    // returns: product, stage, status, local_makers, makers_elsewhere

``NAME.cypher`` serves both engines; where the dialects really differ a pair
``NAME.embedded.cypher`` + ``NAME.neo4j.cypher`` sits instead (the parity test runs
both). A parameter typed with a label (``// params: chain: Chain``) names a node of that
label by its name or any alias: the value is checked before the query runs and turned
into the node's id, so the query matches by the indexed id (``MATCH (c:Chain {id: $chain})``);
type ``name`` is a name or alias of a node of any label, passed as its canonical name. A
name that matches nothing is an error, with the closest names as suggestions.
(``// resolve: enterprise: Enterprise`` is the older spelling of ``enterprise: Enterprise``.)
A parameter type ending in ``?`` is optional (left out, it is passed as ``''`` or 0, so a
query tests ``$chain = ''``). ``// one of: product, enterprise`` asks for exactly one of
those optional parameters.

>>> sorted(library())[:3]
['bottlenecks', 'chain_gaps', 'chain_overview']
>>> library()["upstream"].bind({"enterprise": "三一重工", "depth": "2"})
{'enterprise': '三一重工', 'depth': 2}
>>> library()["chain_gaps"].resolve
{'chain': 'Chain', 'region': 'Region'}
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from chainkg.errors import QueryError
from chainkg.queries.readonly import write_keyword

__all__ = ["ENGINES", "Param", "Query", "get_query", "library", "write_keyword"]

ENGINES = ("embedded", "neo4j")
_HEADER = re.compile(r"^//[ \t]*(\w+(?: \w+)?):[ \t]*(.*)$", re.MULTILINE)
# An optional parameter left out is passed as its type's empty value, not null: LadybugDB
# cannot type a null parameter that is later compared with a string.
_EMPTY = {"str": "", "int": 0, "float": 0.0, "bool": False}
NAME = "name"  # a parameter type: a name or alias of a node of any label
_TYPES: dict[str, Callable[[str], str | int | float | bool]] = {
    "str": str,
    "int": int,
    "float": float,
    "bool": lambda v: str(v).lower() in {"1", "true", "yes"},
}


@dataclass(frozen=True)
class Param:
    """A declared parameter: name, type name, optional or not."""

    name: str
    type: str
    optional: bool = False


@dataclass(frozen=True)
class Query:
    """A library query and its text per engine."""

    name: str
    doc: str
    params: tuple[Param, ...]
    returns: tuple[str, ...]
    variants: Mapping[str, str]
    resolve: Mapping[str, str] = field(
        default_factory=dict
    )  # parameter -> label (or NAME): a name or alias becomes a node id
    one_of: tuple[str, ...] = ()  # optional parameters of which exactly one must be given
    unscoped: str = ""  # the query that answers instead when no optional parameter narrows this one (a summary)

    def text(self, engine: str) -> str:
        """The Cypher to run on ``engine``."""
        return self.variants[engine]

    def bind(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """Parameters checked and typed; unknown or missing ones raise QueryError."""
        declared = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(declared))
        if unknown:
            raise QueryError(
                f"{self.name} has no parameter {unknown[0]!r}", fix=f"its parameters are: {self.signature() or 'none'}"
            )
        if self.one_of and sum(1 for name in self.one_of if given.get(name, "") != "") != 1:
            raise QueryError(
                f"{self.name} needs exactly one of {', '.join(self.one_of)}",
                fix=f"give -p {self.one_of[0]} VALUE or -p {self.one_of[1]} VALUE",
            )
        bound: dict[str, Any] = {}
        for param in self.params:
            if param.name not in given:
                if not param.optional:
                    raise QueryError(
                        f"{self.name} needs parameter {param.name!r}",
                        fix=f"give -p {param.name} VALUE ({self.signature()})",
                    )
                bound[param.name] = _EMPTY.get(param.type, "")
                continue
            try:
                bound[param.name] = _TYPES.get(param.type, str)(given[param.name])
            except ValueError as exc:
                raise QueryError(
                    f"parameter {param.name!r} must be {param.type}", fix=f"got {given[param.name]!r}"
                ) from exc
        return bound

    def signature(self) -> str:
        return ", ".join(f"{p.name}: {p.type}{'?' if p.optional else ''}" for p in self.params)


@functools.cache
def library() -> dict[str, Query]:
    """Every query shipped in ``chainkg.queries``, by name."""
    texts: dict[str, dict[str, str]] = {}
    for entry in sorted(resources.files("chainkg.queries").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".cypher"):
            stem, _, engine = entry.name[: -len(".cypher")].partition(".")
            variants = texts.setdefault(stem, {})
            for name in [engine] if engine else ENGINES:
                variants[name] = entry.read_text(encoding="utf-8")
    return {stem: _parse(stem, variants) for stem, variants in texts.items()}


def get_query(name: str) -> Query:
    """The query called ``name``, or QueryError listing those that exist."""
    try:
        return library()[name]
    except KeyError:
        raise QueryError(f"unknown query {name!r}", fix=f"use one of: {', '.join(sorted(library()))}") from None


def _parse(stem: str, variants: dict[str, str]) -> Query:
    header = dict(_HEADER.findall(next(iter(variants.values()))))
    if header.get("name") != stem or set(variants) != set(ENGINES):
        raise QueryError(
            f"query file {stem} is malformed", fix="give '// name: <file name>' and a text for both engines"
        )
    params = []
    for part in filter(None, (p.strip() for p in header.get("params", "").split(","))):
        name, _, kind = (s.strip() for s in part.partition(":"))
        params.append(Param(name, kind.rstrip("?") or "str", kind.endswith("?")))
    returns = tuple(r.strip() for r in header.get("returns", "").split(",") if r.strip())
    resolve = {
        k.strip(): v.strip() for k, _, v in (p.partition(":") for p in header.get("resolve", "").split(",") if ":" in p)
    }
    resolve.update((p.name, p.type) for p in params if p.type not in _TYPES)  # a label (or NAME) as the type
    for p in params:
        if p.name in resolve and p.type in _TYPES and p.type != "str":
            raise QueryError(
                f"query file {stem}: parameter {p.name!r} names a node but is typed {p.type}",
                fix="type it str or with its label",
            )
    one_of = tuple(n.strip() for n in header.get("one of", "").split(",") if n.strip())
    return Query(
        stem,
        header.get("doc", ""),
        tuple(params),
        returns,
        dict(variants),
        resolve,
        one_of,
        header.get("unscoped", "").strip(),
    )
