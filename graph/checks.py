"""Property values checked against the schema: one value at a time, or a whole column at once.

>>> from chainkg.graph.schema import SCHEMA
>>> allowed = {p.name: p for p in SCHEMA.edge_props("SUPPLIES")}
>>> convert_column("SUPPLIES", allowed, RESERVED_EDGE, "volume", ["1.5", " ", "2"])
([1.5, None, 2.0], None)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from chainkg.errors import ChainKGError, SchemaError
from chainkg.graph.schema import Prop, PropType

__all__ = ["RESERVED_EDGE", "RESERVED_NODE", "AtRow", "checked", "convert_column", "fast_column"]

RESERVED_NODE = {"id", "label", "name", "aliases", "evidence"}
RESERVED_EDGE = {"source", "target", "key", "type", "evidence"}


def checked(props: Mapping[str, Any], allowed: Mapping[str, Prop], reserved: set[str], owner: str) -> dict[str, Any]:
    """``props`` without blanks, each value converted to its property's type, sorted by name;
    a property the schema does not give ``owner`` (or a bad value) raises SchemaError."""
    clean: dict[str, Any] = {}
    for key, value in props.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if key in reserved or key not in allowed:
            names = ", ".join(sorted(set(allowed) - reserved))
            raise SchemaError(f"{owner} has no property {key!r}", fix=f"use one of: {names}")
        prop = allowed[key]
        # a str for a free-text property is already what check() would make of it
        clean[key] = (
            value if type(value) is str and prop.type == PropType.STRING and not prop.choices else prop.check(value)
        )
    return dict(sorted(clean.items()))


def convert_column(
    owner: str, allowed: Mapping[str, Prop], reserved: set[str], name: str, cells: Sequence[Any]
) -> tuple[list[Any], tuple[int, SchemaError] | None]:
    """One property column converted as :func:`_checked` converts a value (None: blank), and
    its first bad row with the error."""
    prop = allowed.get(name) if name not in reserved else None
    fast = fast_column(prop, cells)
    if fast is not None:
        return fast, None
    fix = ", ".join(sorted(set(allowed) - reserved))
    plain = prop is not None and prop.type == PropType.STRING and not prop.choices
    values: list[Any] = []
    for row, cell in enumerate(cells):
        if cell is None or (type(cell) is str and not cell.strip()):
            values.append(None)
        elif plain and type(cell) is str:
            values.append(cell)
        else:
            try:
                if prop is None:
                    raise SchemaError(f"{owner} has no property {name!r}", fix=f"use one of: {fix}")
                values.append(prop.check(cell))
            except SchemaError as exc:
                return values + [None] * (len(cells) - row), (row, exc)
    return values, None


class AtRow(Exception):
    """A ChainKGError met at row ``row`` of a column-wise addition."""

    def __init__(self, row: int, error: ChainKGError) -> None:
        super().__init__(str(error))
        self.row, self.error = row, error


_FAST_TYPES = {PropType.STRING: str, PropType.FLOAT: float, PropType.INT: int}


def fast_column(prop: Prop | None, cells: Sequence[Any]) -> list[Any] | None:
    """A column of text cells converted as :meth:`Prop.check` would, in one comprehension, for a
    free-text, float or integer property (blank: None); None when a cell is not text or does not
    convert, for the caller's cell-by-cell loop to find it."""
    convert = _FAST_TYPES.get(prop.type) if prop is not None and not prop.choices else None
    if convert is None or not set(map(type, cells)) <= {str}:
        return None
    try:
        if convert is str:
            return [cell if cell and not cell.isspace() else None for cell in cells]
        return [convert(cell) if cell and not cell.isspace() else None for cell in cells]
    except ValueError:
        return None
