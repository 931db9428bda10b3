"""A built folder's Arrow tables (graph/io/columnar.py) give the graph graph.json gives."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import text_graphs
from hostile import add_hostile, hostile_graph, hostile_strings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chainkg.cli import main
from chainkg.errors import LoadError
from chainkg.graph.folder import COLUMNS_FOLDER
from chainkg.graph.io.columnar import read_built, read_columnar, write_columnar
from chainkg.graph.io.nodelink import dumps_graph_json, read_graph_json, write_graph_json
from chainkg.graph.model import KnowledgeGraph


def test_shared_names_come_back_shared(tmp_path: Path) -> None:
    fast = read_columnar(written(hostile_strings(), tmp_path / "built") / COLUMNS_FOLDER)
    assert fast is not None
    assert fast.name_index()[("Enterprise", "三一")] == {"Enterprise:三一集团", "Enterprise:三一重工"}
    assert fast.find("Enterprise", "三一") is None and fast.find("Enterprise", "sany") is None
    assert fast.find("Enterprise", "三一重工") == "Enterprise:三一重工"


def same_graph(fast: KnowledgeGraph, plain: KnowledgeGraph) -> None:
    assert dumps_graph_json(fast) == dumps_graph_json(plain)
    assert dict(fast.name_index()) == dict(plain.name_index())
    assert list(fast.node_items()) == list(plain.node_items())
    for label in fast.schema.label_names:
        assert [nid for nid, _ in fast.node_items(label)] == [nid for nid, _ in plain.node_items(label)]
    assert fast.counts() == plain.counts()


def written(kg: KnowledgeGraph, folder: Path) -> Path:
    write_graph_json(kg, folder / "graph.json")
    write_columnar(folder / COLUMNS_FOLDER, kg)
    return folder


def test_the_built_example_reads_back_as_graph_json_gives_it(built_example: Path, tmp_path: Path) -> None:
    assert (built_example / COLUMNS_FOLDER / "manifest.json").is_file()
    fast = read_columnar(built_example / COLUMNS_FOLDER)
    assert fast is not None
    same_graph(fast, read_graph_json(built_example / "graph.json"))
    write_graph_json(fast, tmp_path / "again.json")
    assert (tmp_path / "again.json").read_bytes() == (built_example / "graph.json").read_bytes()


@pytest.mark.parametrize("make", [hostile_graph, hostile_strings, KnowledgeGraph], ids=["exports", "strings", "empty"])
def test_a_hostile_graph_reads_back_as_graph_json_gives_it(make, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = written(make(), tmp_path / "built")
    fast = read_columnar(folder / COLUMNS_FOLDER)
    assert fast is not None
    same_graph(fast, read_graph_json(folder / "graph.json"))


def test_the_example_with_hostile_nodes_reads_back_and_answers_alike(built_example: Path, tmp_path: Path) -> None:
    kg = read_graph_json(built_example / "graph.json")
    add_hostile(kg)
    folder = written(kg, tmp_path / "built")
    fast, plain = read_built(folder), read_graph_json(folder / "graph.json")
    same_graph(fast, plain)
    assert fast.find("Enterprise", "SANY") == plain.find("Enterprise", "SANY") is not None
    assert next(iter(fast.edge_items("SUPPLIES")))[:3] == next(iter(plain.edge_items("SUPPLIES")))[:3]


def test_an_earlier_folder_without_tables_is_read_from_graph_json(built_example: Path, tmp_path: Path) -> None:
    folder = tmp_path / "old"
    shutil.copytree(built_example, folder)
    shutil.rmtree(folder / COLUMNS_FOLDER)
    assert read_columnar(folder / COLUMNS_FOLDER) is None
    same_graph(read_built(folder), read_graph_json(folder / "graph.json"))


def test_tables_of_another_format_are_left_for_graph_json(built_example: Path, tmp_path: Path) -> None:
    folder = tmp_path / "other"
    shutil.copytree(built_example, folder)
    manifest = folder / COLUMNS_FOLDER / "manifest.json"
    manifest.write_text(json.dumps({**json.loads(manifest.read_text("utf-8")), "format": "chainkg-columns/0"}), "utf-8")
    assert read_columnar(folder / COLUMNS_FOLDER) is None


def test_damaged_tables_are_one_load_error(built_example: Path, tmp_path: Path) -> None:
    folder = tmp_path / "damaged"
    shutil.copytree(built_example, folder)
    table = folder / COLUMNS_FOLDER / "edges-SUPPLIES.arrow"
    table.write_bytes(table.read_bytes()[:100])
    with pytest.raises(LoadError, match=r"cannot read the graph's tables: .*: rebuild it with chainkg build"):
        read_built(folder)
    runner = CliRunner()
    result = runner.invoke(main, ["what-if", str(folder), "--remove", "三一重工"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot read the graph's tables")


@pytest.mark.parametrize(
    "command", [["check"], ["concentration"], ["critical-suppliers"], ["what-if", "--remove", "三一重工"]]
)
def test_commands_answer_the_same_from_the_tables_and_from_graph_json(
    built_example: Path, tmp_path: Path, command: list[str]
) -> None:
    old = tmp_path / "old"
    shutil.copytree(built_example, old)
    shutil.rmtree(old / COLUMNS_FOLDER)
    runner = CliRunner()
    fast = runner.invoke(main, [command[0], str(built_example), *command[1:], "--format", "json"])
    plain = runner.invoke(main, [command[0], str(old), *command[1:], "--format", "json"])
    assert fast.exit_code == plain.exit_code == 0, fast.output
    assert fast.stdout == plain.stdout


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_small_graph_reads_back_as_graph_json_gives_it(
    data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = written(data.draw(text_graphs("json")), tmp_path_factory.mktemp("any"))
    fast = read_columnar(folder / COLUMNS_FOLDER)
    assert fast is not None
    same_graph(fast, read_graph_json(folder / "graph.json"))
