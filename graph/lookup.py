"""Names that match nothing: the error every query and command gives, with the closest names.

>>> print(unknown_name("Chain", "工程机被", [("工程机械", "工程机械"), ("工程机械产业链", "工程机械"), ("新材料", "新材料")]))
no Chain named '工程机被' (did you mean 工程机械?)
>>> print(unknown_name("Region", "长沙", []))
the graph has no Region, so nothing is called '长沙': add Region rows (and their links) to the inputs and build again
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from chainkg.errors import QueryError

__all__ = ["SUGGESTIONS", "the_one", "unknown_name"]

SUGGESTIONS = 3  # close names offered at most


def unknown_name(label: str, name: str, known: Iterable[tuple[str, str]]) -> QueryError:
    """The error for a name that matches no ``label`` node: the canonical names of the closest
    names and aliases as a suggestion, or, when the graph has no node of that label at all,
    that it has none and how to add some."""
    canonical = dict(known)
    if not canonical:
        return QueryError(
            f"the graph has no {label}, so nothing is called {name!r}",
            fix=f"add {label} rows (and their links) to the inputs and build again",
        )
    matches = difflib.get_close_matches(name, sorted(canonical), n=2 * SUGGESTIONS, cutoff=0.5)
    close = list(dict.fromkeys(canonical[m] for m in matches))[:SUGGESTIONS]
    if close:
        return QueryError(f"no {label} named {name!r}", where=f"did you mean {'、'.join(close)}?")
    return QueryError(
        f"no {label} named {name!r}", fix=f"check the name, or find it with: chainkg query search -p text {name[:2]}"
    )


def the_one(name: str, found: set[str]) -> str:
    """The one node id a name gives, or the error for none or several (``found``: every id it gives)."""
    if len(found) == 1:
        return next(iter(found))
    if not found:
        raise QueryError(
            f"no node is called {name!r}",
            fix="give a name or alias from the graph (chainkg query search -p text ...)",
        )
    raise QueryError(
        f"{name!r} names several nodes: {', '.join(sorted(found))}",
        fix="give the id (Label:name) of the one you mean",
    )
