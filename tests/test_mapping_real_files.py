"""Mappings on files as real data ships them: compressed, misnamed, nested, coded, dirty."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from built_graphs import edges, graph, names, run, write


def jsonl(rows: list[dict]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


COMPANIES = jsonl([{"name": "甲公司", "code": "1"}, {"name": "乙公司", "code": "2"}])
INDUSTRIES = jsonl(
    [
        {"code": "640000", "name": "机械设备"},
        {"code": "640600", "name": "工程机械"},
        {"code": "640601", "name": "工程机械整机"},
    ]
)

MAPPING = """\
lookups:
  industry_by_code: {file: industry.json.gz, key: code, value: name}
files:
  - file: company.json
    nodes:
      - label: Enterprise
  - file: industry.json.gz
    nodes:
      - label: Industry
        properties: {code: code}
  - file: industry_industry.json
    relationships:
      - type: PART_OF
        from: {label: Industry, column: from_code, lookup: industry_by_code}
        to: {label: Industry, column: to_code, lookup: industry_by_code}
  - file: industry_up.json
    unnest: {column: ups, key: upstream, value: ties}
    relationships:
      - type: UPSTREAM_OF
        from: {label: Industry, column: upstream}
        to: {label: Industry, column: industry}
        properties: {weight: ties}
"""


def dataset(folder: Path, hierarchy: list[dict] | None = None, ups: list[dict] | None = None) -> Path:
    """A small dataset shaped like the public one: JSON Lines named .json, one file gzipped."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "company.json").write_text(COMPANIES, encoding="utf-8")
    (folder / "industry.json.gz").write_bytes(gzip.compress(INDUSTRIES.encode("utf-8")))
    hierarchy = (
        hierarchy
        if hierarchy is not None
        else [{"from_code": "640600", "to_code": "640000"}, {"from_code": "640601", "to_code": "640600"}]
    )
    (folder / "industry_industry.json").write_text(jsonl(hierarchy), encoding="utf-8")
    ups = (
        ups
        if ups is not None
        else [{"industry": "工程机械整机", "ups": {"机械设备": 3, "工程机械": 1}}, {"industry": "机械设备", "ups": {}}]
    )
    (folder / "industry_up.json").write_text(jsonl(ups), encoding="utf-8")
    return folder


def test_a_mapping_kept_apart_reads_gz_json_lines_unnests_and_looks_up(tmp_path: Path) -> None:
    data = dataset(tmp_path / "data")
    mapping = write(tmp_path / "maps", {"mapping.yaml": MAPPING}) / "mapping.yaml"
    result = run("build", str(data), "--mapping", str(mapping), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "no loader" not in result.stderr and "no mapping names it" not in result.stderr
    built = graph(tmp_path / "out")
    assert sorted(n["name"] for n in built["nodes"] if n["label"] == "Industry") == [
        "工程机械",
        "工程机械整机",
        "机械设备",
    ]
    assert edges(built, "PART_OF") == {("工程机械", "机械设备"), ("工程机械整机", "工程机械")}
    by_id = names(built)
    weights = {
        (by_id[e["source"]], by_id[e["target"]]): e["weight"] for e in built["edges"] if e["type"] == "UPSTREAM_OF"
    }
    assert weights == {("机械设备", "工程机械整机"): 3.0, ("工程机械", "工程机械整机"): 1.0}
    evidence = next(e["evidence"][0] for e in built["edges"] if e["type"] == "UPSTREAM_OF")
    assert (evidence["path"], evidence["line"]) == ("data/industry_up.json", 1)


def test_a_json_array_is_read_as_records_with_their_lines(tmp_path: Path) -> None:
    folder = write(
        tmp_path / "in",
        {
            "chainkg.yaml": "files:\n  - file: firms.json\n    nodes:\n      - label: Enterprise\n",
            "firms.json": '[\n  {"name": "甲公司"},\n  {"name": "乙公司", "code": 7}\n]\n',
        },
    )
    result = run("build", str(folder), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    built = graph(tmp_path / "out")
    lines = {n["name"]: n["evidence"][0]["line"] for n in built["nodes"] if n["label"] == "Enterprise"}
    assert lines == {"甲公司": 2, "乙公司": 3}


def test_unnest_a_list_and_a_csv_cell(tmp_path: Path) -> None:
    folder = write(
        tmp_path / "in",
        {
            "chainkg.yaml": (
                "files:\n"
                "  - file: p.jsonl\n    nodes:\n      - label: Product\n"
                "  - file: inputs.jsonl\n    unnest: {column: inputs, value: input}\n    relationships:\n"
                "      - type: UPSTREAM_OF\n        from: {label: Product, column: input}\n        to: {label: Product, column: name}\n"
                "  - file: more.csv\n    unnest: {column: inputs, value: input}\n    relationships:\n"
                "      - type: UPSTREAM_OF\n        from: {label: Product, column: input}\n        to: {label: Product, column: name}\n"
            ),
            "p.jsonl": jsonl([{"name": n} for n in ("挖掘机", "液压件", "钢材", "发动机")]),
            "inputs.jsonl": jsonl([{"name": "挖掘机", "inputs": ["液压件", "钢材"]}]),
            "more.csv": "name,inputs\n挖掘机,发动机|钢材\n",
        },
    )
    result = run("build", str(folder), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert edges(graph(tmp_path / "out"), "UPSTREAM_OF") == {
        ("液压件", "挖掘机"),
        ("钢材", "挖掘机"),
        ("发动机", "挖掘机"),
    }


def test_a_code_missing_from_the_lookup_is_a_bad_row_at_its_cell(tmp_path: Path) -> None:
    data = dataset(
        tmp_path / "data",
        hierarchy=[{"from_code": "640600", "to_code": "640000"}, {"from_code": "999999", "to_code": "640000"}],
    )
    mapping = write(tmp_path / "maps", {"mapping.yaml": MAPPING}) / "mapping.yaml"
    result = run("build", str(data), "--mapping", str(mapping), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: no code '999999' in data/industry.json.gz (lookup 'industry_by_code') (data/industry_industry.json:2:15)"
    )
    result = run("build", str(data), "--mapping", str(mapping), "--out", str(tmp_path / "out"), "--skip-bad")
    assert result.exit_code == 0, result.output
    assert "skipped data/industry_industry.json:2:15: no code '999999'" in result.stderr
    assert edges(graph(tmp_path / "out"), "PART_OF") == {("工程机械", "机械设备")}


def test_a_lookup_giving_one_code_two_names_is_refused(tmp_path: Path) -> None:
    data = dataset(tmp_path / "data")
    doubled = INDUSTRIES + json.dumps({"code": "640600", "name": "专用设备"}, ensure_ascii=False) + "\n"
    (data / "industry.json.gz").write_bytes(gzip.compress(doubled.encode("utf-8")))
    mapping = write(tmp_path / "maps", {"mapping.yaml": MAPPING}) / "mapping.yaml"
    result = run("build", str(data), "--mapping", str(mapping), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert (
        "lookup 'industry_by_code': code '640600' is '工程机械' on line 2 and '专用设备' here (data/industry.json.gz:4:"
        in result.stderr
    )


def test_an_unnest_column_of_the_wrong_shape_is_a_bad_row(tmp_path: Path) -> None:
    data = dataset(tmp_path / "data", ups=[{"industry": "工程机械整机", "ups": ["机械设备"]}])
    mapping = write(tmp_path / "maps", {"mapping.yaml": MAPPING}) / "mapping.yaml"
    result = run("build", str(data), "--mapping", str(mapping), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: ups must be an object (unnest with key: and value:), got list (data/industry_up.json:1:"
    )


def test_unknown_ends_are_all_reported_at_their_cells_and_skipped_with_skip_bad(tmp_path: Path) -> None:
    rows = [
        {"company": "甲公司", "product": "挖掘机"},
        {"company": "丙公司", "product": "挖掘机"},
        {"company": "甲公司", "product": "起重机"},
    ]
    folder = write(
        tmp_path / "in",
        {
            "chainkg.yaml": (
                "files:\n  - file: c.jsonl\n    nodes:\n      - label: Enterprise\n"
                "  - file: p.jsonl\n    nodes:\n      - label: Product\n"
                "  - file: cp.jsonl\n    relationships:\n      - type: MAKES\n"
                "        from: {label: Enterprise, column: company}\n        to: {label: Product, column: product}\n"
            ),
            "c.jsonl": jsonl([{"name": "甲公司"}]),
            "p.jsonl": jsonl([{"name": "挖掘机"}]),
            "cp.jsonl": jsonl(rows),
        },
    )
    result = run("build", str(folder), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == (
        "Error: unknown Enterprise '丙公司' (in/cp.jsonl:2:13): 2 rows name nodes no input defines or break the schema, "
        "listed below; fix them, or build with --skip-bad to load the other rows"
    )
    assert lines[1:3] == [
        "  in/cp.jsonl:2:13: unknown Enterprise '丙公司'",
        "  in/cp.jsonl:3:31: unknown Product '起重机'",
    ]
    assert not (tmp_path / "out").exists()
    result = run("build", str(folder), "--out", str(tmp_path / "out"), "--skip-bad")
    assert result.exit_code == 0, result.output
    assert "skipped in/cp.jsonl:3:31: unknown Product '起重机'" in result.stderr
    assert edges(graph(tmp_path / "out"), "MAKES") == {("甲公司", "挖掘机")}


def test_control_characters_are_cleaned_at_the_build_with_a_note_and_every_export_carries_the_result(
    tmp_path: Path,
) -> None:
    folder = write(
        tmp_path / "in",
        {
            "chainkg.yaml": "files:\n  - file: p.jsonl\n    nodes:\n      - label: Product\n",
            "p.jsonl": jsonl([{"name": "上装类\u007f"}, {"name": "光纤复合\n架空地线"}, {"name": "CDMA\nphone\b"}]),
        },
    )
    out = tmp_path / "out"
    result = run("build", str(folder), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "cleaned in/p.jsonl:1:10: control characters taken out of '上装类'" in result.stderr
    assert sorted(n["name"] for n in graph(out)["nodes"] if n["label"] == "Product") == [
        "CDMA phone",
        "上装类",
        "光纤复合架空地线",
    ]
    for fmt, name in (("graphml", "g.graphml"), ("gexf", "g.gexf"), ("csv", "csv"), ("json", "g.json")):
        exported = run("export", str(out), "--format", fmt, "--out", str(tmp_path / name))
        assert exported.exit_code == 0, (fmt, exported.output)


def test_a_broken_gz_file_is_one_clear_error(tmp_path: Path) -> None:
    folder = write(
        tmp_path / "in", {"chainkg.yaml": "files:\n  - file: p.jsonl.gz\n    nodes:\n      - label: Product\n"}
    )
    (folder / "p.jsonl.gz").write_bytes(b"not gzip at all")
    result = run("build", str(folder), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot uncompress: ")
    assert "p.jsonl.gz): give a whole gzip file, or drop the .gz suffix" in result.stderr
