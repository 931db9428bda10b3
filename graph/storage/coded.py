"""Columns of repeated values held as their distinct values and, per row, an index into them.

A bulk table names the same few hundred thousand nodes, keys and products millions of times:
as a :class:`Coded` column, work per value (resolving a name, checking a property, making a
key) is done once per distinct value and spread to the rows with numpy.

>>> column = Coded.of(["湘潭", "长沙", "湘潭"])
>>> column.values, column.codes.tolist(), list(column)
(['湘潭', '长沙'], [0, 1, 0], ['湘潭', '长沙', '湘潭'])
>>> column.map(len) == [2, 2, 2]
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

__all__ = [
    "Cells",
    "Coded",
    "LineRecords",
    "arrow_column",
    "by_value",
    "coded",
    "distinct",
    "line_records",
    "per_value",
    "ranks_of",
    "single",
    "take",
]


E = TypeVar("E")


class _Column(Sequence[Any]):
    """A read-only column that equals any sequence of the same values (a list, as a plain
    reader gives) and shows itself as its values."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(self) == len(other) and list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self)!r})"


class Coded(_Column):
    """A read-only column: row ``i`` holds ``values[codes[i]]``. Values may go unused, unless
    ``compact`` says that every value is in use and they come in order of first appearance.
    Two codes may hold equal values (cells that were equal only once stripped): work per value is
    then done twice, never wrongly."""

    __slots__ = ("codes", "is_compact", "values")

    def __init__(self, values: list[Any], codes: np.ndarray, compact: bool = False) -> None:
        self.values = values
        self.codes = codes
        self.is_compact = compact

    @classmethod
    def of(cls, cells: Iterable[Any]) -> Coded:
        """Code a list of hashable cells (values in order of first appearance)."""
        index: dict[Any, int] = {}
        codes = np.fromiter((index.setdefault(cell, len(index)) for cell in cells), np.int64)
        return cls(list(index), codes, compact=True)

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, row: Any) -> Any:
        if isinstance(row, slice):
            return Coded(self.values, self.codes[row])  # no longer compact
        return self.values[self.codes[row]]

    def __iter__(self) -> Iterator[Any]:
        return map(self.values.__getitem__, self.codes.tolist())

    def __contains__(self, value: object) -> bool:
        hits = [code for code, known in enumerate(self.values) if known == value]
        return bool(hits) and bool(np.isin(self.codes, hits).any())

    def index(self, value: Any, start: int = 0, stop: int | None = None) -> int:
        """The first row holding ``value`` (ValueError when none)."""
        hits = [code for code, known in enumerate(self.values) if known == value]
        rows = np.flatnonzero(np.isin(self.codes[start:stop], hits))
        if not len(rows):
            raise ValueError(f"{value!r} is not in the column")
        return int(rows[0]) + start

    def take(self, rows: Sequence[int]) -> Coded:
        """The rows ``rows``, in that order."""
        return Coded(self.values, self.codes[np.asarray(rows, dtype=np.int64)])

    def map(self, func: Callable[[Any], Any]) -> Coded:
        """``func`` of every row, called once per distinct value."""
        return Coded([func(value) for value in self.values], self.codes, self.is_compact)

    def compact(self) -> Coded:
        """The same rows with only the values in use, in order of first appearance."""
        if self.is_compact:
            return self
        used, first = np.unique(self.codes, return_index=True)
        used = used[np.argsort(first, kind="stable")]
        remap = np.zeros(len(self.values), np.int64)
        remap[used] = np.arange(len(used))
        return Coded([self.values[code] for code in used.tolist()], remap[self.codes], compact=True)


class LineRecords(_Column):
    """Evidence records of a table's rows that differ only in the line: row ``i`` is
    ``head + str(lines[i]) + tail``, made when read (and all at once in Arrow for a bulk load).

    >>> records = LineRecords('{"line":', ',"path":"t.csv"}', [2, 3])
    >>> records[1], records == ['{"line":2,"path":"t.csv"}', '{"line":3,"path":"t.csv"}']
    ('{"line":3,"path":"t.csv"}', True)
    """

    __slots__ = ("head", "lines", "tail")

    def __init__(self, head: str, tail: str, lines: Sequence[int]) -> None:
        self.head, self.tail, self.lines = head, tail, lines

    def __len__(self) -> int:
        return len(self.lines)

    def __getitem__(self, row: Any) -> Any:
        if isinstance(row, slice):
            return LineRecords(self.head, self.tail, self.lines[row])
        return f"{self.head}{self.lines[row]}{self.tail}"

    def __iter__(self) -> Iterator[str]:
        head, tail = self.head, self.tail
        return (f"{head}{line}{tail}" for line in self.lines)

    def take(self, rows: Sequence[int]) -> LineRecords:
        """The rows ``rows``, in that order."""
        return LineRecords(self.head, self.tail, [self.lines[row] for row in rows])

    def arrow(self) -> pa.Array:
        """The records as an Arrow string array, made by Arrow."""
        lines = pc.cast(pa.array(self.lines, pa.int64()), pa.string())
        return pc.binary_join_element_wise(self.head, lines, self.tail, "")


Cells = list[str] | Coded | LineRecords
"""A column of a table's cells, one per row: a plain list, or one of the two forms above that
read as one (``Coded`` for repeated values, ``LineRecords`` for evidence records). The functions
below are the only places that tell them apart."""


def coded(cells: Sequence[Any]) -> Coded:
    """``cells`` as a :class:`Coded` column (as it is, if it is one)."""
    return cells if isinstance(cells, Coded) else Coded.of(cells)


def distinct(cells: Sequence[Any]) -> set[Any]:
    """The set of values the rows hold."""
    if isinstance(cells, Coded):
        return (
            set(cells.values) if cells.is_compact else {cells.values[code] for code in np.unique(cells.codes).tolist()}
        )
    return set(cells)


def single(cells: Sequence[Any]) -> bool:
    """Whether the rows (at least one) all hold one value."""
    if isinstance(cells, Coded):
        return len(distinct(cells)) == 1
    if not len(cells):
        return False
    first = cells[0]
    return all(cell == first for cell in cells)


def take(cells: Cells, rows: Sequence[int]) -> Cells:
    """The rows ``rows`` of a column, in that order, in the column's form."""
    if isinstance(cells, (Coded, LineRecords)):
        return cells.take(rows)
    return [cells[row] for row in rows]


def ranks_of(cells: Sequence[Any], table: Mapping[Any, int]) -> np.ndarray:
    """``table[cell]`` of every row as int64 (of a coded column: looked up once per value)."""
    if isinstance(cells, Coded):
        per_value = np.fromiter(map(table.__getitem__, cells.values), np.int64, len(cells.values))
        ranks: np.ndarray = per_value[cells.codes]
        return ranks
    return np.fromiter(map(table.__getitem__, cells), np.int64, len(cells))


def per_value(cells: Sequence[Any], func: Callable[[Any], Any]) -> Sequence[Any]:
    """``func`` of every row, called once per distinct value (a coded column gives a coded column)."""
    if isinstance(cells, Coded):
        return cells.map(func)
    made: dict[Any, Any] = {}
    return [made[cell] if cell in made else made.setdefault(cell, func(cell)) for cell in cells]


def by_value(
    cells: Sequence[Any], convert: Callable[[Sequence[Any]], tuple[list[Any], tuple[int, E] | None]]
) -> tuple[Sequence[Any], tuple[int, E] | None]:
    """``convert`` (values -> converted values and the place of the first that failed, with why)
    applied to a column: to each distinct value once for a coded column, the failure's place then
    the first row holding that value."""
    if not isinstance(cells, Coded):
        return convert(cells)
    cells = cells.compact()
    values, failure = convert(cells.values)
    if failure is not None:
        failure = (first_rows(cells)[failure[0]], failure[1])
    return Coded(values, cells.codes, compact=True), failure


def line_records(cells: Sequence[Any]) -> LineRecords | None:
    """The column as :class:`LineRecords` when it is one."""
    return cells if isinstance(cells, LineRecords) else None


def first_rows(column: Coded) -> list[int]:
    """For a compact column (see :meth:`Coded.compact`), the first row of each value."""
    _, first = np.unique(column.codes, return_index=True)
    rows: list[int] = first.tolist()
    return rows


def arrow_column(cells: Sequence[Any], kind: pa.DataType) -> pa.Array:
    """The rows as an Arrow array of ``kind`` (a coded column converts each value once)."""
    if isinstance(cells, Coded):
        return pa.array(cells.values, kind).take(pa.array(cells.codes))
    if isinstance(cells, LineRecords) and kind == pa.string():
        return cells.arrow()
    return pa.array(cells, kind)
