"""`chainkg extract` and documents in `chainkg build`: output, skips, --strict, --lexicon."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from helpers import EXAMPLE

from chainkg.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_extract_prints_entities_and_relations_as_json() -> None:
    result = run("extract", str(EXAMPLE / "news_supply.txt"), "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    supplies = [r for r in rows if r["label"] == "SUPPLIES"]
    assert any(
        r["name"] == "衡岳液压科技股份有限公司 -> 三一重工" and r["props"] == {"product": "液压件"} for r in supplies
    )
    assert all({"sentence", "char_start", "char_end", "rule"} <= set(r) for r in rows)
    assert not any(r["label"] == "MENTIONED_IN" for r in rows)


def test_extract_with_mentions_lists_offsets() -> None:
    rows = json.loads(run("extract", str(EXAMPLE / "news_supply.txt"), "--mentions", "--format", "json").stdout)
    mentions = [r for r in rows if r["label"] == "MENTIONED_IN"]
    original = (EXAMPLE / "news_supply.txt").read_text("utf-8")
    assert mentions and all(original[r["char_start"] : r["char_end"]] == r["props"]["text"] for r in mentions)


def test_bad_documents_are_skipped_with_a_note_and_the_rest_loads(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a_empty.txt").write_bytes(b"")
    (folder / "b_binary.txt").write_bytes(b"\x00\x01\x02")
    (folder / "c_good.txt").write_text("长沙星河液压科技有限公司为三一重工供应液压件。", "utf-8")
    with open(folder / "d_huge.txt", "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    result = run("build", str(folder), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert "skipped docs/a_empty.txt: empty file (give a file with text in it)" in result.stderr
    assert "skipped docs/b_binary.txt: binary file, not text" in result.stderr
    assert "skipped docs/d_huge.txt: document too large (50.0 MiB, the limit is 20 MiB)" in result.stderr
    graph = json.loads((tmp_path / "out" / "graph.json").read_text("utf-8"))
    assert any(n["name"] == "长沙星河液压科技有限公司" for n in graph["nodes"])


def test_strict_turns_a_bad_document_into_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_text("三一重工位于长沙。", "utf-8")
    result = run(
        "build", str(tmp_path / "empty.txt"), str(tmp_path / "good.txt"), "--out", str(tmp_path / "out"), "--strict"
    )
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: empty file ({tmp_path / 'empty.txt'}): give a file with text in it"
    assert not (tmp_path / "out").exists()


def test_a_user_lexicon_teaches_new_names(tmp_path: Path) -> None:
    lexicon = tmp_path / "mine.csv"
    lexicon.write_text("label,name,aliases\nEnterprise,星河液压,星河\n", "utf-8")
    document = tmp_path / "doc.txt"
    document.write_text("星河液压为三一重工供应液压件。", "utf-8")
    without = json.loads(run("extract", str(document), "--format", "json").stdout)
    with_lexicon = json.loads(run("extract", str(document), "--lexicon", str(lexicon), "--format", "json").stdout)
    assert not any(r["label"] == "SUPPLIES" for r in without)
    assert any(r["label"] == "SUPPLIES" and r["name"] == "星河液压 -> 三一重工" for r in with_lexicon)
