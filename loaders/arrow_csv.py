"""A fast reader for chainkg's CSV tables, exact or not at all.

:func:`read_cells` reads a table with ``pyarrow.csv`` (every cell a string, no type inference,
no nulls, on all cores) and gives what :func:`~chainkg.loaders.records.csv_rows` and
``str.strip`` give: the header's cells as read and, column by column, each row's cells
stripped, equal values one ``str`` object. It answers only for a table that is plainly one row
per line: whenever it cannot be sure to be exact (a quoted cell holding a line break, blank
lines, a row of the wrong width, a lone CR, a cell over the csv module's size limit, bytes that
are not UTF-8, quotes that Python's csv reads otherwise, anything Arrow calls an error) it gives
None, and the caller reads the table with the csv module, which also names the bad line.

>>> cells = read_cells("label,name\\nProduct, 挖掘机 \\r\\nProduct,\\"泵,阀\\"\\r\\n".encode())
>>> cells.header, cells.rows, list(cells.columns())
(['label', 'name'], 2, [(['Product', 'Product'], False), (['挖掘机', '泵,阀'], False)])
>>> read_cells(b'label,name\\nProduct,"two\\nlines"\\n') is None
True
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from chainkg.graph.storage.coded import Coded

__all__ = ["PYTHON_SPACE", "Cells", "read_cells"]

_BOM = b"\xef\xbb\xbf"
# Every character that str.isspace() is true of (what str.strip takes off); a test checks it.
PYTHON_SPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_IS_SPACE = np.zeros(0x10000, bool)  # by code point; every space is in the first plane
_IS_SPACE[[ord(c) for c in PYTHON_SPACE]] = True
_THREADED_ROWS = 20_000  # a table this long has its columns encoded in threads


class _Encoded(NamedTuple):
    """A column dictionary-encoded, with the places of the distinct values that need stripping."""

    encoded: pa.DictionaryArray
    spaced: list[int]


class Cells(NamedTuple):
    """A table read by :func:`read_cells`: the header's cells as read, how many rows follow it,
    and its columns (being encoded in threads for a long table)."""

    header: list[str]
    rows: int
    encoded: list[Future[_Encoded]]

    def columns(self, coded: bool = False) -> Iterator[tuple[list[str] | Coded, bool]]:
        """Each column's cells, stripped as ``str.strip`` does (each distinct value one ``str``),
        and whether one of them is empty; row ``i`` is on line ``i + 2``. With ``coded``, each
        column is a :class:`~chainkg.graph.storage.coded.Coded` column rather than a list."""
        for future in self.encoded:
            yield _cells(future.result(), coded)


def read_cells(data: bytes) -> Cells | None:
    """The CSV table ``data`` (UTF-8, with or without a BOM) as :class:`Cells`; None when not
    sure to read it exactly as the csv module does."""
    start = len(_BOM) if data.startswith(_BOM) else 0
    header = _header(data, start)
    if not header or b"\x00" in data or _lone_cr(data):
        return None
    quoted = b'"' in data
    # Unquoted, every line is one row (a blank one a row of empty cells, left out later as the
    # csv module's empty row is); quoted, the lines holding quotes are checked one by one.
    table = _parse(data, len(header), quoted)
    if table is None or _too_long(data, table) or (quoted and not _quoted_lines_agree(data, start, table)):
        return None
    rows = table.slice(1)
    return Cells(header, rows.num_rows, _encode(rows.columns, threaded=rows.num_rows >= _THREADED_ROWS))


def _header(data: bytes, start: int) -> list[str] | None:
    """The first line's cells as the csv module reads them; None when it is not one whole row
    (an empty list for a blank line)."""
    end = data.find(b"\n", start)
    return _row(data[start : len(data) if end < 0 else end + 1])


def _row(line: bytes) -> list[str] | None:
    """The cells of one line read alone by the csv module (strict), or None when that line is
    not exactly one row (an open quote, bad quoting, not UTF-8)."""
    try:
        rows = list(csv.reader((line.decode("utf-8"),), strict=True))
    except (UnicodeDecodeError, csv.Error):
        return None
    return rows[0] if len(rows) == 1 else None


def _lone_cr(data: bytes) -> bool:
    """Whether a CR ends a line without an LF (the csv module and Arrow count such lines apart)."""
    return b"\r" in data and data.count(b"\r") != data.count(b"\r\n")


def _parse(data: bytes, width: int, quoted: bool) -> pa.Table | None:
    """``data`` as ``width`` string columns, the header its first row; None on any Arrow error."""
    names = [f"c{i}" for i in range(width)]
    try:
        return pcsv.read_csv(
            pa.py_buffer(data),
            read_options=pcsv.ReadOptions(column_names=names, use_threads=True),
            parse_options=pcsv.ParseOptions(newlines_in_values=quoted, ignore_empty_lines=False),
            convert_options=pcsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                null_values=[],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                check_utf8=True,
            ),
        )
    except pa.ArrowException:
        return None


def _too_long(data: bytes, table: pa.Table) -> bool:
    """Whether a cell may be over the csv module's field size limit (it raises there)."""
    limit = csv.field_size_limit()
    if len(data) <= limit:
        return False
    return any(pc.max(pc.binary_length(column)).as_py() > limit for column in table.columns)


def _quoted_lines_agree(data: bytes, start: int, table: pa.Table) -> bool:
    """Whether Arrow read one row per line and every line holding a quote is, read alone by the
    csv module, the row Arrow read there (Arrow is lenient where the csv module is strict:
    ``"a"b``, an unclosed quote, a quoted line break)."""
    raw = np.frombuffer(data, np.uint8)
    ends = np.flatnonzero(raw == 0x0A)
    if table.num_rows != len(ends) + (not data.endswith(b"\n")):
        return False
    lines = np.unique(np.searchsorted(ends, np.flatnonzero(raw == 0x22)))
    starts = np.concatenate(([start], ends + 1))[lines].tolist()
    stops = np.concatenate((ends + 1, [len(data)]))[lines].tolist()
    found = table.take(pa.array(lines))
    arrow_rows = list(zip(*(column.to_pylist() for column in found.columns)))
    for begin, stop, arrow_row in zip(starts, stops, arrow_rows):
        row = _row(data[begin:stop])
        if row is None or tuple(row) != arrow_row:
            return False
    return True


def _encode(columns: list[pa.ChunkedArray], threaded: bool) -> list[Future[_Encoded]]:
    """The columns encoded, in threads (Arrow lets go of the GIL) when ``threaded``."""
    if not threaded:
        done = []
        for column in columns:
            future: Future[_Encoded] = Future()
            future.set_result(_encoded(column))
            done.append(future)
        return done
    pool = ThreadPoolExecutor(2, thread_name_prefix="chainkg-arrow-csv")
    try:
        return [pool.submit(_encoded, column) for column in columns]
    finally:
        pool.shutdown(wait=False)  # the threads end when the columns are done


def _encoded(column: pa.ChunkedArray) -> _Encoded:
    encoded = pc.dictionary_encode(column.combine_chunks())
    return _Encoded(encoded, _spaced(encoded.dictionary))


def _spaced(strings: pa.StringArray) -> list[int]:
    """Where the values that start or end in a character of :data:`PYTHON_SPACE` are, found from
    their UTF-8 bytes: exact because each value is valid UTF-8 (Arrow checked), so a lead byte
    starts a whole character inside its value."""
    chars = strings.buffers()[2]
    if chars is None or not chars.size:
        return []
    offsets = np.frombuffer(strings.buffers()[1], np.int32, len(strings) + 1, strings.offset * 4)
    filled = np.flatnonzero(offsets[1:] > offsets[:-1])
    raw = np.frombuffer(chars, np.uint8)
    first, last = offsets[:-1][filled], offsets[1:][filled] - 1
    top = len(raw) - 1
    a, b, c = (raw[np.minimum(first + k, top)].astype(np.int32) for k in range(3))  # the first three bytes
    z, y, x = (raw[np.maximum(last - k, 0)].astype(np.int32) for k in range(3))  # the last three
    spaced: list[int] = filled[_first_is_space(a, b, c) | _first_is_space(*_last_char(x, y, z))].tolist()
    return spaced


def _first_is_space(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Whether the character starting with bytes ``a b c`` (one, two or three of them) is a space."""
    one, two, three = a < 0x80, (a & 0xE0) == 0xC0, (a & 0xF0) == 0xE0
    code = np.where(
        one, a, np.where(two, (a & 0x1F) << 6 | (b & 0x3F), (a & 0x0F) << 12 | (b & 0x3F) << 6 | (c & 0x3F))
    )
    is_space: np.ndarray = (one | two | three) & _IS_SPACE[code]
    return is_space


def _last_char(x: np.ndarray, y: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The bytes of the character that ends in ``x y z``, from its lead byte on (a four-byte
    character, never a space, as a byte that leads nothing)."""
    one, two = z < 0x80, (y & 0xE0) == 0xC0
    three = (x & 0xF0) == 0xE0
    return (np.where(one, z, np.where(two, y, np.where(three, x, 0x80))), np.where(two, z, y), z)


def _cells(column: _Encoded, coded: bool = False) -> tuple[list[str] | Coded, bool]:
    """A column's cells stripped as ``str.strip`` does, each distinct value one ``str``, and
    whether one is empty; as a :class:`Coded` column with ``coded``."""
    encoded, spaced = column
    values = encoded.dictionary.to_pylist()
    for index in spaced:  # only these can change: the others neither start nor end in a space
        values[index] = values[index].strip()
    if spaced:  # ' a' and 'a' are one value now
        seen: dict[str, str] = {}
        values = [seen.setdefault(value, value) for value in values]
    if coded:  # Arrow's dictionary holds each value once, in order of first appearance
        return Coded(values, encoded.indices.to_numpy().astype(np.int64), compact=True), "" in values
    if len(values) == 1:
        return values * len(encoded), values[0] == ""
    indices = encoded.indices.to_numpy()
    if len(values) == len(indices):  # every value once, in order of first appearance: the cells
        return values, "" in values
    cells = np.array(values, dtype=object).take(indices).tolist()
    return cells, "" in values
