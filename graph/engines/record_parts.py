"""A table row's evidence record split around its line, as a frozen edge table carries it.

The rows of one table differ in their records only by the line:
``{"doc":"d1","line":7,"path":"supplies.csv"}``. A frozen table (see
:func:`~chainkg.graph.storage.frozen.frozen_from_rows`) keeps, beside its records, their
:data:`PARTS`: the text up to the line (*head*), the line, and the text after it (*tail*).
Both engines store an edge's ``evidence`` whole, as graph.json holds it, so that any Cypher reads
the same list on either; the parts never reach a database.

>>> head, line, tail = line_parts('{"doc":"d","line":', ',"path":"t.csv"}', [7, 8])
>>> head.to_pylist(), line.to_pylist(), tail.to_pylist()[1]
(['{"doc":"d","line":', '{"doc":"d","line":'], [7, 8], ',"path":"t.csv"}')
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa

__all__ = ["PARTS", "line_parts"]

PARTS = ("evidence_head", "evidence_line", "evidence_tail")
"""The columns of a record split around its line, as a frozen table carries them."""


def line_parts(head: str, tail: str, lines: Sequence[int]) -> tuple[pa.Array, pa.Array, pa.Array]:
    """The parts of records ``head + str(line) + tail`` (a table's rows), made without reading
    the records (``head`` and ``tail`` dictionary-encoded: one string each, whatever the rows)."""
    first = pa.array(np.zeros(len(lines), np.int32))
    return (
        pa.DictionaryArray.from_arrays(first, pa.array([head], pa.string())),
        pa.array(lines, pa.int64()),
        pa.DictionaryArray.from_arrays(first, pa.array([tail], pa.string())),
    )
