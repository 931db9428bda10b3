"""The Arrow reader of native tables gives what the csv module gives, or steps aside.

Every table is read both ways, ``read_table(fast=True)`` (Arrow when it is sure, else the csv
module) and ``read_table(fast=False)`` (the csv module only): the blocks, or the errors, must be
equal. Tables that are plainly one row per line must really be read by Arrow, and a long one
is by default.
"""

from __future__ import annotations

import csv
import io
import sys
import tempfile
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from chainkg.errors import ChainKGError, LoadError
from chainkg.graph.facts import apply_facts
from chainkg.graph.io.nodelink import dumps_graph_json
from chainkg.graph.model import KnowledgeGraph
from chainkg.loaders import arrow_csv
from chainkg.loaders.arrow_csv import PYTHON_SPACE, read_cells
from chainkg.loaders.tables import read_table

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SPACES = " \t\u3000\xa0\u2028\x1c\x85\u2009\x0b"
PLAIN_PIECES = ["三一重工", "挖掘机", "泵,阀", '"', '""', ",", "'", "|", "a", "Z9", "\u200b", "\ufeff", "é"]
PIECES = [*PLAIN_PIECES, "\r", "\n", "\x00"]


def both_ways(data: bytes, name: str = "t.csv") -> tuple[object, object]:
    """``read_table`` of ``data`` with and without the Arrow reader: blocks or the error text."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return tuple(_outcome(path, fast) for fast in (True, False))


def read_table_bytes(data: bytes, fast: bool | None = None) -> list:
    """``read_table`` of ``data`` as the file ``dir/t.csv``."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        path.write_bytes(data)
        return read_table(path, "dir/t.csv", fast=fast)


def _outcome(path: Path, fast: bool) -> object:
    try:
        return read_table(path, "dir/" + path.name, fast=fast)
    except LoadError as exc:
        return ("error", str(exc))


def test_python_space_is_every_character_str_strip_takes_off() -> None:
    assert "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()) == PYTHON_SPACE


def padded(middle: st.SearchStrategy[str], spaces: str = SPACES) -> st.SearchStrategy[str]:
    """``middle`` with spaces (ASCII or not) before and after, now and then."""
    return st.builds(lambda a, b, c: a + b + c, st.sampled_from(["", *spaces]), middle, st.sampled_from(["", *spaces]))


pieces = st.lists(st.sampled_from(PIECES), min_size=1, max_size=3).map("".join)
plain_pieces = st.lists(st.sampled_from(PLAIN_PIECES), min_size=1, max_size=3).map("".join)
filled_cell = padded(st.one_of(plain_pieces, plain_pieces, pieces, st.text(min_size=1, max_size=4)))
blank_cell = st.sampled_from(["", " ", "\u3000", "\r\n"])
cell_text = st.integers(0, 39).flatmap(lambda k: blank_cell if k == 0 else filled_cell)
plain_cell = padded(plain_pieces)
HEADERS = [
    ["label", "name", "aliases", "stage"],
    ["type", "source", "target", "note"],
    ["type", "source", "target", "product", "volume"],
    [" label ", "name", "name"],
    ["label", "name", "x,y", "note"],
]


@st.composite
def tables(draw: st.DrawFn, cell: st.SearchStrategy[str] = cell_text, awkward: bool = True) -> bytes:
    """A CSV table as bytes: a header, rows of cells (a wrong number now and then), written by
    the csv module with some line ending, or joined by hand (bad quotes), with blank lines, a BOM."""
    header = draw(st.sampled_from(HEADERS))
    width = len(header)
    rows = draw(st.lists(st.lists(cell, min_size=width, max_size=width), max_size=8))
    if awkward and rows and draw(st.integers(0, 3)) == 0:
        rows[draw(st.integers(0, len(rows) - 1))] = draw(st.lists(cell, max_size=width + 2))
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"] if awkward else ["\n", "\r\n"]))
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL] + (["by hand"] if awkward else [])))
    if quoting == "by hand":
        lines = [",".join(row) for row in [header, *rows]]
    else:
        out = io.StringIO(newline="")
        csv.writer(out, quoting=quoting, lineterminator=ending).writerows([header, *rows])
        lines = out.getvalue().split(ending)[:-1]
    if awkward and draw(st.integers(0, 3)) == 0:
        where = draw(st.integers(1, len(lines))) if draw(st.integers(0, 4)) < 4 else 0  # before the header now and then
        lines.insert(where, draw(st.sampled_from(["", "  ", ",,", " , "])))
    text = ending.join(lines) + draw(st.sampled_from([ending, ""]))
    bom = "\ufeff" if draw(st.booleans()) else ""
    return (bom + text).encode("utf-8")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_arrow_and_the_csv_module_agree_on_awkward_tables(data: bytes) -> None:
    fast, slow = both_ways(data)
    assert fast == slow
    event("read by Arrow" if read_cells(data) is not None else "read by the csv module")
    event(fast[1].split(" (")[0] if isinstance(fast, tuple) else "blocks")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(plain_cell, awkward=False))
def test_a_plain_table_is_read_by_arrow(data: bytes) -> None:
    assert read_cells(data) is not None
    fast, slow = both_ways(data)
    assert fast == slow
    event(fast[1].split(" (")[0] if isinstance(fast, tuple) else "blocks")


@pytest.mark.parametrize(
    "data",
    [
        b'label,name\nProduct,"two\nlines"\n',  # a quoted cell holding a line break
        b"label,name\nProduct,a,b\n",  # a row too wide
        b"label,name\rProduct,a\r",  # lone CR line ends
        b'label,name\nProduct,"a\rb"\nProduct,c\n',  # a lone CR in a quoted cell: a line to the csv module
        b'label,name\nProduct,"a"b\n',  # the csv module (strict) refuses what Arrow reads as ab
        b'label,name\nProduct,"a',  # an unclosed quote at the end
        b'label,name\nProduct,"a"  \n',  # spaces after a closing quote
        b"label,name\nProduct,a\x00b\n",  # NUL
        b"label,name\nProduct,\xff\n",  # not UTF-8
        b"label,name\nProduct,\xed\xa0\x80\n",  # an encoded surrogate
        b"label,name\nx,\xe2\ny,\x80\x80\n",  # cells not UTF-8 that are when put together
        b"\nlabel,name\nx,y\n",  # a blank header
        b"",
        b"\xef\xbb\xbf",
        b"label,name\nProduct," + b"x" * (csv.field_size_limit() + 1) + b"\n",  # over the csv module's limit
    ],
)
def test_what_arrow_may_read_otherwise_goes_to_the_csv_module(data: bytes) -> None:
    assert read_cells(data) is None
    fast, slow = both_ways(data)
    assert fast == slow


@pytest.mark.parametrize(
    "data",
    [
        b"label,name\n\nProduct,a\n\n",  # blank lines: rows of empty cells, left out
        b"label,name\r\nProduct,a\r\n\r\n,\r\nProduct,b",  # CRLF, a blank line, a row of empty cells
        b'\xef\xbb\xbflabel,"name"\nProduct,"a ""b"", c"\n\nProduct,a"b\n',  # quotes the csv module reads alike
    ],
)
def test_blank_lines_and_good_quotes_are_read_by_arrow(data: bytes) -> None:
    assert read_cells(data) is not None
    fast, slow = both_ways(data)
    assert fast == slow and not isinstance(fast, tuple)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"label,name\nProduct,a\nProduct,a,b\n",
            "row has 3 cells, header has 2 (dir/t.csv:3): quote cells that contain commas",
        ),
        (
            b'label,name\nProduct,a\nProduct,"b\n',
            "malformed CSV: unexpected end of data (dir/t.csv:3): check the quotes on that line",
        ),
        (
            b"label,name\nProduct,\xff\n",
            "table is not UTF-8 (dir/t.csv:2): save the table as UTF-8 (CSV UTF-8 in Excel)",
        ),
        (b"label,name\nProduct,a\n , \nProduct, \n", "row has no name (dir/t.csv:4): fill in the name column"),
    ],
)
def test_errors_keep_their_place_and_words(data: bytes, message: str) -> None:
    fast, slow = both_ways(data)
    assert fast == slow == ("error", message)


def test_arrow_reads_a_plain_table_exactly() -> None:
    data = '\ufefflabel, name ,aliases\r\nProduct, 挖掘机\u3000,\r\n , ,\r\nProduct,"泵,阀",泵|阀\r\nProduct,挖掘机,'.encode()
    cells = read_cells(data)
    assert cells is not None and cells.header == ["label", " name ", "aliases"] and cells.rows == 4
    columns = [values for values, _ in cells.columns()]
    assert columns == [["Product", "", "Product", "Product"], ["挖掘机", "", "泵,阀", "挖掘机"], ["", "", "泵|阀", ""]]
    assert columns[1][0] is columns[1][3]  # a repeated value is one str, stripped or not
    [block] = read_table_bytes(data, fast=True)
    assert block.lines == [2, 4, 5] and block.names == ["挖掘机", "泵,阀", "挖掘机"]
    assert block.aliases == [(), ("泵", "阀"), ()]
    fast, slow = both_ways(data)
    assert fast == slow


def test_a_long_table_read_in_threads_is_the_same() -> None:
    rows = [f"SUPPLIES,供应商{i % 997}, 客户{i % 1499} ,产品{i % 7},{i * 0.5}" for i in range(30_000)]
    rows[12_345] = "SUPPLIES,供应商1,客户2,\u3000产品3 ,1.5"
    data = ("type,source,target,product,volume\n" + "\n".join(rows) + "\n").encode()
    assert len(data) > 1 << 20  # hashed in a thread too
    cells = read_cells(data)
    assert cells is not None and cells.rows == 30_000
    fast, slow = both_ways(data)
    assert fast == slow
    assert fast[0].props["product"][12_344] == "产品3" and fast[0].evidence[0].endswith('"line":2,"path":"dir/t.csv"}')
    # Read by default, it comes through Arrow: every repeated target is one str, which the csv
    # module's way gives only to a column that repeats within its first 2,048 rows.
    [default] = read_table_bytes(data)
    assert default == slow[0]
    assert default.targets[0] is default.targets[1499] and slow[0].targets[0] is not slow[0].targets[1499]


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("hunan/*.csv")), ids=lambda p: p.name)
def test_the_example_tables_are_read_by_arrow(path: Path) -> None:
    data = path.read_bytes()
    assert read_cells(data) is not None
    fast, slow = both_ways(data, path.name)
    assert fast == slow


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=6), padded(st.text(max_size=3))), max_size=40), st.integers(0, 3))
def test_the_values_to_strip_are_found_from_their_bytes(values: list[str], offset: int) -> None:
    strings = pa.array(["x"] * offset + values, pa.string()).slice(offset)
    expected = [i for i, value in enumerate(values) if value and (value[0].isspace() or value[-1].isspace())]
    assert arrow_csv._spaced(strings) == expected


NAMES = ["三一重工", "中联重科", "山河智能", "铁建重工"]


@st.composite
def supply_tables(draw: st.DrawFn) -> tuple[bytes, bytes]:
    """A nodes table of enterprises and a SUPPLIES table naming them, names and products padded
    with spaces now and then (so that ' 三一重工' and '三一重工' are one name once stripped)."""
    name = padded(st.sampled_from(NAMES), " \u3000")
    nodes = "label,name\n" + "".join(f"Enterprise,{n}\n" for n in NAMES)
    target = st.integers(0, 29).flatmap(lambda k: st.just("无名") if k == 0 else name)  # an unknown name now and then
    rows = draw(
        st.lists(
            st.tuples(
                name,
                target,
                padded(st.sampled_from(["泵", "阀", "钢"]), " "),
                st.sampled_from(["", "1.5", " 2 ", "3"] * 10 + ["x"]),
            ),
            min_size=1,
            max_size=12,
        )
    )
    edges = "type,source,target,product,volume\n" + "".join(f"SUPPLIES,{s},{t},{p},{v}\n" for s, t, p, v in rows)
    return nodes.encode(), edges.encode()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(supply_tables())
def test_the_graph_is_the_same_read_either_way(tables: tuple[bytes, bytes]) -> None:
    outcomes = []
    for fast in (True, False):
        with tempfile.TemporaryDirectory() as folder:
            blocks = []
            for name, data in zip(("nodes.csv", "supplies.csv"), tables):
                (Path(folder) / name).write_bytes(data)
                blocks += read_table(Path(folder) / name, name, fast=fast)
            try:
                outcomes.append(dumps_graph_json(apply_facts(KnowledgeGraph(), blocks)))
            except ChainKGError as exc:
                outcomes.append(("error", str(exc)))
    event("an error" if isinstance(outcomes[0], tuple) else "a graph")
    assert outcomes[0] == outcomes[1]
