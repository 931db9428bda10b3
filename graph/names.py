"""How a node's names are spelled and indexed: the rules the model and its column-wise loading share.

>>> preferred("三一重工", "三一重工 ")
'三一重工'
>>> clean_name("Enterprise", "  三一   重工 ")
'三一 重工'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from chainkg.errors import SchemaError
from chainkg.graph.identity import normalise_name

__all__ = ["add_owner", "clean_name", "name_props", "preferred", "spelled"]


def add_owner(names: dict[tuple[str, str], str | set[str]], key: tuple[str, str], nid: str) -> None:
    """Index ``nid`` under ``key`` (label, normalised name): one owner as a str, several as a set."""
    owners = names.get(key)
    if owners is None:
        names[key] = nid
    elif isinstance(owners, str):
        if owners != nid:
            names[key] = {owners, nid}
    else:
        owners.add(nid)


def name_props(props: Mapping[str, Any]) -> list[str]:
    """Legal and English names, which resolve to the node like aliases do."""
    return [props[key] for key in ("full_name", "name_en") if props.get(key)]


def spelled(attrs: dict[str, Any], known: dict[str, str], names: Iterable[str]) -> list[str]:
    """Give a node the spellings ``names``: another spelling of its name keeps the preferred one
    as the name, an alias the preferred one per normalised form (in ``known``: form -> alias),
    whatever the order they come in. Returns each name's normalised form, to index it under."""
    canonical, keys = normalise_name(attrs["name"]), []
    for alias in names:
        key = normalise_name(alias)
        if key == canonical:
            attrs["name"] = preferred(attrs["name"], alias)
        elif key not in known or preferred(known[key], alias) == alias:
            known[key] = alias
        keys.append(key)
    return keys


def preferred(first: str, second: str) -> str:
    """Of two spellings of one name (or alias), the one kept: the shorter, then the smaller."""
    if first == second:  # the usual case: a name met again as it is
        return first
    return min(first, second, key=lambda text: (len(text), text))


def clean_name(label: str, name: Any) -> str:
    """``name`` with its whitespace collapsed; an empty one raises SchemaError."""
    text = " ".join(str(name if name is not None else "").split())
    if not text:
        raise SchemaError(f"a {label} needs a name", fix="give a non-empty name")
    return text
