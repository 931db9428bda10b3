"""The embedded engine's compact provenance: records split around their line, joined back exactly.

``graph/engines/record_parts.py`` stores an edge whose evidence is one record with an integer ``line`` as
that line and a frame (the text around it, stored once); the embedded queries join them back.
Whatever the record, the join must give it back byte for byte, and a real database must answer
the evidence as the model holds it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyarrow as pa
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from chainkg.graph.engines import record_parts
from chainkg.graph.engines.embedded import EmbeddedStore
from chainkg.graph.engines.record_parts import (
    FRAME_MATCH,
    JOINED_EMBEDDED,
    Frames,
    line_parts,
    split_records,
    stored_evidence,
)
from chainkg.graph.evidence import encode_evidence
from chainkg.graph.model import KnowledgeGraph
from chainkg.graph.storage.coded import LineRecords

KEYS = st.sampled_from(["doc", "path", "note", "text", "line", 'x"line', "line\\", 'a"line":', "行"])
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.text(max_size=8),
    st.integers(min_value=-(2**63), max_value=2**63),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(['"line":7', "\\", '","line":3,"']),
)
RECORDS = st.dictionaries(KEYS, SCALARS, max_size=5).map(encode_evidence)


def joined(head: str | None, line: int | None, tail: str | None) -> str | None:
    """What JOINED_EMBEDDED makes of one row's parts."""
    return None if line is None else f"{head}{line}{tail}"


@settings(max_examples=400, deadline=None)
@given(st.lists(RECORDS, max_size=12))
def test_a_split_record_joins_back_to_itself(records: list[str]) -> None:
    heads, lines, tails = (part.to_pylist() for part in split_records(pa.array(records, pa.string())))
    for record, head, line, tail in zip(records, heads, lines, tails):
        if line is not None:
            assert joined(head, line, tail) == record
        value = re.search(r'"line":(0|-?[1-9][0-9]{0,17})[,}]', record)
        assert (line is not None) == (value is not None), record  # split whenever a JSON int line can be


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=6), st.lists(st.integers(min_value=0, max_value=10**12), max_size=6))
def test_a_tables_parts_are_its_records_split(path: str, lines: list[int]) -> None:
    records = LineRecords(*encode_evidence({"doc": "d", "line": 0, "path": path}).split("0", 1), lines)
    expected = [part.to_pylist() for part in split_records(pa.array(list(records), pa.string()))]
    assert [part.to_pylist() for part in line_parts(records.head, records.tail, records.lines)] == expected


LISTS = st.one_of(st.none(), st.lists(RECORDS, max_size=3))


@settings(max_examples=200, deadline=None)
@given(st.lists(LISTS, max_size=10))
def test_stored_evidence_keeps_every_list(lists: list[list[str] | None]) -> None:
    column = pa.array(lists, pa.list_(pa.string()))
    frames = Frames()
    whole, frame, line = stored_evidence(column, None, frames)
    table = {row["id"]: (row["head"], row["tail"]) for row in frames.table().to_pylist()}
    assert sorted(table) == list(range(len(table)))  # numbered from 0
    assert len(set(table.values())) == len(table)  # each pair once
    for given_list, kept, number, line in zip(lists, whole.to_pylist(), frame.to_pylist(), line.to_pylist()):
        split = given_list is not None and len(given_list) == 1 and split_records(pa.array(given_list))[1][0].is_valid
        assert (line is not None) == split == (number is not None)
        assert (kept is None) == (given_list is None or split)
        assert (kept if line is None else [joined(table[number][0], line, table[number][1])]) == given_list


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(["a", "b", None]), st.sampled_from(["x", "y", None])), max_size=12),
    st.booleans(),
)
def test_frames_number_each_pair_once_across_columns(pairs: list[tuple[str | None, str | None]], encoded: bool) -> None:
    """The same (head, tail) gets the same id in every column numbered, plain or dictionary-encoded."""
    frames = Frames()
    half = len(pairs) // 2
    numbered = []
    for chunk in (pairs[:half], pairs[half:]):
        heads, tails = pa.array([h for h, _ in chunk], pa.string()), pa.array([t for _, t in chunk], pa.string())
        if encoded:
            heads, tails = heads.dictionary_encode(), tails.dictionary_encode()
        numbered += frames.number(heads, tails).to_pylist()
    table = {row["id"]: (row["head"], row["tail"]) for row in frames.table().to_pylist()}
    for (head, tail), number in zip(pairs, numbered):
        assert (number is None) == (head is None or tail is None)
        assert number is None or table[number] == (head, tail)


def mixed_graph() -> KnowledgeGraph:
    """Edges of every evidence shape: table rows (two tables of one type: a frozen table), a dict
    edge with one record, one with two, one with a text record (no line), one with none."""
    kg = KnowledgeGraph()
    names = ["甲", "乙", "丙", "丁"]
    ids = [kg.add_node("Enterprise", name) for name in names]
    kg.add_node("Product", "轴承")
    head, tail = encode_evidence({"doc": "d", "line": 0, "path": "s.csv"}).split("0", 1)
    kg.add_edge_columns(
        "SUPPLIES",
        ids[:3],
        ids[1:],
        {"product": ["钢", "钢", "轴"]},
        LineRecords(head, tail, [2, 3, 4]),
        lambda row: f"s.csv:{row + 2}",
    )
    other_head, other_tail = encode_evidence({"doc": "e", "line": 0, "path": "t.csv"}).split("0", 1)
    kg.add_edge_columns(
        "SUPPLIES",
        ids[3:],
        ids[:1],
        {"product": ["铁"]},
        LineRecords(other_head, other_tail, [5]),
        lambda row: f"t.csv:{row + 5}",
    )  # a second table of the type: one frozen table, two heads
    kg.link(
        "MAKES",
        ("Enterprise", "甲"),
        ("Product", "轴承"),
        evidence=[{"doc": "d", "line": 9, "path": "m.csv", "note": "注"}],
    )
    kg.link(
        "MAKES",
        ("Enterprise", "乙"),
        ("Product", "轴承"),
        evidence=[{"line": 1, "path": "a"}, {"line": 2, "path": "a"}],
    )
    kg.link(
        "MAKES", ("Enterprise", "丙"), ("Product", "轴承"), evidence=[{"doc": "d", "sentence": 3, "text": "丙造轴承"}]
    )
    kg.link("MAKES", ("Enterprise", "丁"), ("Product", "轴承"))
    return kg


def test_the_database_answers_the_evidence_the_model_holds(tmp_path: Path) -> None:
    kg = mixed_graph()
    expected = sorted((kg.node(s)["name"], kg.node(t)["name"], attrs["evidence"]) for s, t, _, attrs in kg.edges())
    with EmbeddedStore.create(tmp_path / "db", kg) as store:
        _, rows = store.query(
            f"{FRAME_MATCH} MATCH (a)-[r]->(b) RETURN a.name, b.name, {JOINED_EMBEDDED}, r.evidence_line"
        )
        _, frames = store.query("MATCH (f:EvidenceFrame) RETURN f.id, f.head, f.tail ORDER BY f.id")
        counted = store.counts()
    assert sorted((a, b, records) for a, b, records, _ in rows) == expected
    split = {(a, b, line) for a, b, _, line in rows if line is not None}
    assert split == {
        ("甲", "乙", 2),
        ("乙", "丙", 3),
        ("丙", "丁", 4),
        ("丁", "甲", 5),
        ("甲", "轴承", 9),
    }  # one record with a line each
    assert len(frames) == 3  # the two tables' and the MAKES record's: each stored once
    assert counted == kg.counts()  # the frames are not nodes of the graph
    assert "SUPPLIES" in kg._frozen


def test_embedded_queries_read_edge_evidence_only_joined() -> None:
    """A query that reads ``r.evidence`` bare would answer NULL for most edges on the embedded
    engine: every read of an edge's evidence goes through JOINED_EMBEDDED."""
    read = 0
    for path in sorted((ROOT / "queries").glob("*.cypher")):
        if path.name.endswith(".neo4j.cypher"):
            continue
        text = path.read_text(encoding="utf-8")
        read += text.count(JOINED_EMBEDDED)
        assert text.count(FRAME_MATCH) == text.count(JOINED_EMBEDDED), f"{path.name} joins evidence without its frame"
        bare = text.replace(JOINED_EMBEDDED, "").replace(FRAME_MATCH, "")
        for variable in set(re.findall(r"-\[(\w+)", text)):
            assert not re.search(rf"\b{variable}\.evidence\b(?!_)", bare), f"{path.name} reads {variable}.evidence bare"
    assert read >= 4  # evidence and enterprise_profile, both directions


def test_a_tables_parts_given_keep_the_rows_they_do_not_fit() -> None:
    """Parts handed over (dictionary-encoded, as a frozen table holds them) split only the rows
    with one record; a row with two keeps its list."""
    head, tail = '{"line":', ',"path":"t.csv"}'
    column = pa.array([[f"{head}2{tail}"], [f"{head}3{tail}", '{"x":1}']], pa.list_(pa.string()))
    frames = Frames()
    whole, frame, line = stored_evidence(column, line_parts(head, tail, [2, 3]), frames)
    assert whole.to_pylist() == [None, [f"{head}3{tail}", '{"x":1}']]
    assert [frame.to_pylist(), line.to_pylist()] == [[0, None], [2, None]]
    assert frames.table().to_pylist() == [{"id": 0, "head": head, "tail": tail}]


def test_a_table_whose_rows_each_have_their_own_text_keeps_its_records_whole() -> None:
    """A frame per row would make every query gather a frame list as long as the table: rows
    whose text around the line is their own (a note each) stay whole, and make no frame."""
    records = [[encode_evidence({"doc": "d", "line": i, "note": f"注{i}", "path": "s.csv"})] for i in range(3000)]
    column = pa.array(records, pa.list_(pa.string()))
    frames = Frames()
    whole, frame, line = stored_evidence(column, None, frames)
    assert whole.to_pylist() == records
    assert frame.null_count == line.null_count == 3000
    assert frames.table().num_rows == 0
    shared = pa.array(
        [[encode_evidence({"doc": "d", "line": i, "path": "s.csv"})] for i in range(3000)], pa.list_(pa.string())
    )
    _, frame, _ = stored_evidence(shared, None, frames)
    assert frame.null_count == 0 and frames.table().num_rows == 1  # one pair for the whole table


def test_frames_stop_at_their_cap_and_the_rest_stays_whole(monkeypatch) -> None:
    monkeypatch.setattr(record_parts, "MAX_FRAMES", 2)
    frames = Frames()
    columns = [
        pa.array([[encode_evidence({"doc": "d", "line": 1, "path": f"{name}.csv"})]], pa.list_(pa.string()))
        for name in "abc"
    ]
    stored = [stored_evidence(column, None, frames) for column in columns]
    assert [frame.to_pylist() for _, frame, _ in stored] == [[0], [1], [None]]
    assert stored[2][0].to_pylist() == columns[2].to_pylist()  # the third table's record kept whole
    assert frames.table().num_rows == 2


def test_the_database_answers_records_kept_whole_beside_framed_ones(tmp_path: Path) -> None:
    kg = mixed_graph()
    for i in range(40):  # MAKES rows with a note each: too many pairs to frame
        kg.add_node("Product", f"件{i}")
        kg.link(
            "MAKES",
            ("Enterprise", "丁"),
            ("Product", f"件{i}"),
            evidence=[{"doc": "d", "line": i, "note": f"注{i}", "path": "m.csv"}],
        )
    expected = sorted((kg.node(s)["name"], kg.node(t)["name"], attrs["evidence"]) for s, t, _, attrs in kg.edges())
    with EmbeddedStore.create(tmp_path / "db", kg) as store:
        _, rows = store.query(
            f"{FRAME_MATCH} MATCH (a)-[r]->(b) RETURN a.name, b.name, {JOINED_EMBEDDED}, r.evidence_frame"
        )
    assert sorted((a, b, records) for a, b, records, _ in rows) == expected
    assert not [b for a, b, _, frame in rows if b.startswith("件") and frame is not None]
    assert len({frame for *_, frame in rows if frame is not None}) == 2  # the two SUPPLIES tables'
