"""`chainkg build` and `chainkg stats`: the main job, end to end through the CLI."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from helpers import EXAMPLE

from chainkg.cli import main
from chainkg.graph.engines.embedded import EmbeddedStore
from chainkg.graph.io.atomic import dir_lock

SIX = {
    "三一重工": ["Sany Heavy Industry", "三一重工股份有限公司"],
    "三一集团": ["Sany Group", "三一集团有限公司"],
    "中联重科": ["Zoomlion", "中联", "中联重科股份有限公司"],
    "中车株机": ["CRRC Zhuzhou Locomotive", "中车株洲电力机车有限公司"],
    "山河智能": ["Sunward", "山河智能装备股份有限公司"],
    "铁建重工": ["CRCHI", "中国铁建重工集团股份有限公司"],
}


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_writes_graph_json_and_a_database_that_answers(tmp_path: Path) -> None:
    out = tmp_path / "out" / "hunan"
    result = run("build", str(EXAMPLE), "--out", str(out))
    assert result.exit_code == 0, result.output
    graph = json.loads((out / "graph.json").read_text("utf-8"))
    enterprises = sum(1 for node in graph["nodes"] if node["label"] == "Enterprise")
    assert enterprises >= 6
    assert f"label  Enterprise     {enterprises}" in result.stdout
    with EmbeddedStore(out / "db") as store:
        assert store.query("MATCH (e:Enterprise) RETURN count(e)")[1] == [[enterprises]]
    assert sorted(p.name for p in out.parent.iterdir() if not p.name.endswith(".lock")) == ["hunan"]


@pytest.mark.parametrize(("name", "aliases"), sorted(SIX.items()))
def test_the_six_enterprises_are_single_nodes_with_their_aliases(
    built_example: Path, name: str, aliases: list[str]
) -> None:
    nodes = json.loads((built_example / "graph.json").read_text("utf-8"))["nodes"]
    matches = [
        n for n in nodes if n["label"] == "Enterprise" and (n["name"] == name or set(aliases) & set(n["aliases"]))
    ]
    assert [n["name"] for n in matches] == [name]
    assert set(aliases) <= set(matches[0]["aliases"])


def test_parent_and_subsidiary_are_linked_not_merged(built_example: Path) -> None:
    with EmbeddedStore(built_example / "db") as store:
        _, rows = store.query("MATCH (s:Enterprise)-[:SUBSIDIARY_OF]->(p:Enterprise) RETURN s.name, p.name")
    assert rows == [["三一重工", "三一集团"]]


def test_building_twice_gives_byte_identical_graph_json(tmp_path: Path, built_example: Path) -> None:
    assert run("build", str(EXAMPLE), "--out", str(tmp_path / "a")).exit_code == 0
    first = (tmp_path / "a" / "graph.json").read_bytes()
    assert run("build", str(EXAMPLE), "--out", str(tmp_path / "a")).exit_code == 0
    assert (tmp_path / "a" / "graph.json").read_bytes() == first == (built_example / "graph.json").read_bytes()


def test_stats_prints_the_build_summary(built_example: Path) -> None:
    result = run("stats", str(built_example), "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    counts = json.loads((built_example / "graph.json").read_text("utf-8"))["graph"]["counts"]
    expected = [{"kind": "label", "name": k, "count": n} for k, n in counts["labels"].items()]
    expected += [{"kind": "type", "name": k, "count": n} for k, n in counts["types"].items()]
    assert rows == expected
    assert {"kind": "label", "name": "Document", "count": 1} in rows
    table = run("stats", str(built_example)).stdout
    assert table.splitlines()[0].split() == ["kind", "name", "count"]


def bad_copy(tmp_path: Path, table: str, row: str) -> Path:
    folder = tmp_path / "bad" / "hunan"
    shutil.copytree(EXAMPLE, folder)
    with open(folder / table, "a", encoding="utf-8") as handle:
        handle.write(row + "\n")
    return folder


BAD_ROWS = [
    ("enterprises.csv", "Company,某某,,,,,", "unknown label 'Company'"),
    ("enterprises.csv", "Enterprise,,,,,,", "row has no name"),
    (
        "chains.csv",
        "Product,某产品,,,,sideways,,",
        "property 'stage' is 'sideways', not one of upstream, midstream, downstream",
    ),
    ("edges.csv", "MAKES,Product,液压件,Enterprise,三一重工,,", "MAKES cannot go from Product to Enterprise"),
    ("edges.csv", "SUPPLIES,Enterprise,三一重,Enterprise,三一重工,,", "unknown Enterprise '三一重'"),
    ("edges.csv", "FOLLOWS,,三一重工,,三一集团,,", "unknown relationship type 'FOLLOWS'"),
    ("edges.csv", 'MAKES,Enterprise,"三一重工,Product,液压件,,', "malformed CSV"),
]


@pytest.mark.parametrize(("table", "row", "what"), BAD_ROWS)
def test_a_bad_row_fails_with_file_and_line_and_leaves_the_output_untouched(
    tmp_path: Path, table: str, row: str, what: str
) -> None:
    line = len((EXAMPLE / table).read_text("utf-8").splitlines()) + 1
    out = tmp_path / "out"
    assert run("build", str(EXAMPLE), "--out", str(out)).exit_code == 0
    before = snapshot(out)
    result = run("build", str(bad_copy(tmp_path, table, row)), "--out", str(out))
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert message.startswith(f"Error: {what}")
    assert f"(hunan/{table}:{line}): " in message
    assert len(message.splitlines()) == 1
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == ["bad", "out"]
    assert not [p for p in tmp_path.iterdir() if ".staged-" in p.name]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.csv", "Error: no such file or folder ({path}): check the path"),
        (
            lambda d: _write(d / "notes.xyz", b"x"),
            "Error: no loader for '.xyz' files ({path}): give one of: .csv, .docx, .htm, .html, .md, .pdf, .txt",
        ),
        (
            lambda d: _write(d / "gbk.csv", "label,name\nEnterprise,三一\n".encode("gbk")),
            "Error: table is not UTF-8 (gbk.csv:2): save the table as UTF-8 (CSV UTF-8 in Excel)",
        ),
        (
            lambda d: _write(d / "empty.csv", b""),
            "Error: empty table (empty.csv): give a header row: label,name,... or type,source,target,...",
        ),
        (
            lambda d: _write(d / "what.csv", b"a,b\n1,2\n"),
            "Error: cannot tell what this table holds (what.csv:1): give a header with label,name (a nodes table) or type,source,target (an edges table)",
        ),
    ],
)
def test_bad_files_give_one_line_errors(tmp_path: Path, make, message: str) -> None:
    path = make(tmp_path)
    result = run("build", str(path), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.stderr.strip() == message.format(path=path)
    assert not (tmp_path / "out").exists()


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_unknown_files_inside_a_folder_are_skipped_with_a_note(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(EXAMPLE, folder)
    (folder / "photo.jpg").write_bytes(b"\xff\xd8")
    result = run("build", str(folder), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert "skipped in/photo.jpg: no loader for '.jpg' files" in result.stderr


def test_a_second_build_into_the_same_folder_is_refused_while_one_runs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with dir_lock(out):
        result = run("build", str(EXAMPLE), "--out", str(out))
    assert result.exit_code == 1
    assert (
        result.stderr.strip()
        == f"Error: another chainkg process is writing this folder ({out}): wait for it to finish, then run again"
    )


def test_stats_on_a_folder_that_was_never_built(tmp_path: Path) -> None:
    result = run("stats", str(tmp_path))
    assert result.exit_code == 1
    assert (
        result.stderr.strip()
        == f"Error: no embedded database ({tmp_path / 'db'}): run chainkg build --out on the parent folder first"
    )


def test_usage_errors_exit_2() -> None:
    assert CliRunner().invoke(main, ["build"]).exit_code == 2
    assert CliRunner().invoke(main, ["nonsense"]).exit_code == 2


def test_every_command_and_option_has_help_and_h_works() -> None:
    context = click.Context(main)
    names = main.list_commands(context)
    assert {"build", "extract", "check", "view", "query", "serve"} <= set(names)  # those loaded on use too
    for name in names:
        command = main.get_command(context, name)
        assert command is not None and command.help, name
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"{name} {param.name}"
        result = CliRunner().invoke(main, [name, "-h"])
        assert result.exit_code == 0 and "Usage:" in result.output
    assert CliRunner().invoke(main, ["-h"]).exit_code == 0


def test_a_query_starts_without_the_loaders_the_views_or_arrow() -> None:
    """``chainkg query`` and ``chainkg cypher`` import what they need only (start-up is most of a one-row query)."""
    code = "import sys, chainkg.cli, chainkg.queries.runner; print(sorted(m for m in ('pyarrow', 'numpy', 'chainkg.loaders', 'chainkg.graph.views', 'chainkg.build', 'yaml') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_graph_json_is_on_disk_before_the_folder_is_swapped_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """graph.json is fsynced in a thread beside the report and views, but always before the swap."""
    from chainkg.graph.io import atomic

    events: list[str] = []
    fsync, swap = os.fsync, atomic._swap_into_place

    def recording_fsync(fd: int) -> None:
        events.append("fsync " + Path(os.readlink(f"/proc/self/fd/{fd}")).name)
        fsync(fd)

    def recording_swap(staged: Path, target: Path) -> None:
        events.append("swap")
        swap(staged, target)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    monkeypatch.setattr(atomic, "_swap_into_place", recording_swap)
    assert run("build", str(EXAMPLE), "--out", str(tmp_path / "out")).exit_code == 0
    assert "fsync graph.json" in events and events.index("fsync graph.json") < events.index("swap")


def test_a_failed_fsync_of_graph_json_fails_the_build_and_leaves_the_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert run("build", str(EXAMPLE), "--out", str(out)).exit_code == 0
    before = snapshot(out)
    fsync = os.fsync

    def full_for_graph_json(fd: int) -> None:
        if Path(os.readlink(f"/proc/self/fd/{fd}")).name == "graph.json":
            raise OSError(errno.ENOSPC, "No space left on device")
        fsync(fd)

    monkeypatch.setattr(os, "fsync", full_for_graph_json)
    result = CliRunner().invoke(main, ["build", str(EXAMPLE), "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1].startswith("Error: cannot write the build: No space left on device (")
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == ["out"]
