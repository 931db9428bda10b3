"""Structured imports: CSV, XLSX and JSON Lines files through a YAML mapping, end to end."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from built_graphs import edges, graph, names, run, write
from click.testing import CliRunner
from helpers import EXAMPLE, ROOT

from chainkg.cli import main
from chainkg.graph.engines.embedded import EmbeddedStore

PRODUCT_CHAIN = ROOT / "examples" / "product_chain"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def product_chain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pc") / "out"
    result = run("build", str(PRODUCT_CHAIN), "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


# -- the two shipped mappings --------------------------------------------------


def test_product_chain_counts(product_chain: Path) -> None:
    assert graph(product_chain)["graph"]["counts"] == {
        "labels": {"Enterprise": 10, "Product": 18},
        "types": {"MAKES": 17, "PART_OF": 3, "UPSTREAM_OF": 16},
    }


def test_product_chain_directions_follow_the_relation_names(product_chain: Path) -> None:
    data = graph(product_chain)
    upstream = edges(data, "UPSTREAM_OF")
    assert ("锂辉石", "碳酸锂") in upstream  # 碳酸锂's 上游材料 is 锂辉石: reversed
    assert ("电芯", "电池包") in upstream  # 电芯's 下游产品 is 电池包: as written
    assert ("碳酸锂", "锂辉石") not in upstream
    assert edges(data, "PART_OF") == {("磷酸铁锂", "正极材料"), ("三元正极材料", "正极材料"), ("人造石墨", "负极材料")}


def test_product_chain_properties_weights_and_evidence(product_chain: Path) -> None:
    data = graph(product_chain)
    company = next(n for n in data["nodes"] if n["name"] == "青川锂业")
    assert company["full_name"] == "四川青川锂业股份有限公司" and company["code"] == "990101"
    assert company["aliases"] == ["四川青川锂业股份有限公司"]
    assert "location" not in company and "time" not in company
    assert [(r["path"], r["line"]) for r in company["evidence"]] == [("product_chain/company.jsonl", 1)]
    by_id = names(data)
    makes = {(by_id[e["source"]], by_id[e["target"]]): e for e in data["edges"] if e["type"] == "MAKES"}
    assert makes[("盐湖源锂", "碳酸锂")]["weight"] == 0.88
    assert [(r["path"], r["line"]) for r in makes[("盐湖源锂", "碳酸锂")]["evidence"]] == [
        ("product_chain/company_product.jsonl", 3)
    ]


def test_product_chain_answers_queries(product_chain: Path) -> None:
    with EmbeddedStore(product_chain / "db") as store:
        _, rows = store.query(
            "MATCH (a:Product)-[:UPSTREAM_OF]->(b:Product {name: $name}) RETURN a.name ORDER BY a.name",
            {"name": "电芯"},
        )
    assert [r[0] for r in rows] == sorted(["正极材料", "负极材料", "电解液", "隔膜"])


def test_a_named_mapping_loads_its_files_like_the_folder(tmp_path: Path, product_chain: Path) -> None:
    out = tmp_path / "out"
    assert run("build", str(PRODUCT_CHAIN / "chainkg.yaml"), "--out", str(out)).exit_code == 0
    assert (out / "graph.json").read_bytes() == (product_chain / "graph.json").read_bytes()


def test_hunan_mapping_gives_the_same_graph_byte_for_byte(tmp_path: Path, built_example: Path) -> None:
    out = tmp_path / "out"
    result = run("build", str(EXAMPLE), "--mapping", str(EXAMPLE / "mapping.yaml"), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert (out / "graph.json").read_bytes() == (built_example / "graph.json").read_bytes()
    counts = graph(out)["graph"]["counts"]
    assert (sum(counts["labels"].values()), sum(counts["types"].values())) == (76, 178)


def test_the_default_build_of_hunan_ignores_its_mapping_quietly(tmp_path: Path) -> None:
    result = run("build", str(EXAMPLE), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert "mapping.yaml" not in result.stderr


# -- XLSX ----------------------------------------------------------------------

XLSX_MAPPING = """\
files:
  - file: chain.xlsx
    sheet: 企业
    nodes:
      - label: Enterprise
        name: 简称
        properties: {full_name: 全称, code: 代码}
    relationships:
      - type: MAKES
        from: {label: Enterprise, column: 简称}
        to: {label: Product, column: 主营产品}
        properties: {weight: 占比}
  - file: chain.xlsx
    sheet: 产品
    nodes:
      - label: Product
"""


def workbook(folder: Path, products: list[list[object]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "企业"
    sheet.append(["简称", "全称", "代码", "主营产品", "占比"])
    sheet.append(["青川锂业", "四川青川锂业股份有限公司", 990101, "碳酸锂", 0.62])
    sheet.append([None] * 5)
    sheet.append(["储芯能源", "江苏储芯能源科技股份有限公司", "990108", "电芯", "0.58"])
    other = book.create_sheet("产品")
    other.append(["name", "stage"])
    for row in products:
        other.append(row)
    book.save(folder / "chain.xlsx")
    (folder / "chainkg.yaml").write_text(XLSX_MAPPING, encoding="utf-8")
    return folder


def test_xlsx_sheets_load_with_rows_and_sheets_in_evidence(tmp_path: Path) -> None:
    folder = workbook(tmp_path / "xl", [["碳酸锂", "upstream"], ["电芯", "midstream"]])
    result = run("build", str(folder), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    data = graph(tmp_path / "out")
    company = next(n for n in data["nodes"] if n["name"] == "储芯能源")
    assert company["code"] == "990108"
    assert next(n for n in data["nodes"] if n["name"] == "青川锂业")["code"] == "990101"
    assert [(r["path"], r["sheet"], r["line"]) for r in company["evidence"]] == [("xl/chain.xlsx", "企业", 4)]
    assert edges(data, "MAKES") == {("青川锂业", "碳酸锂"), ("储芯能源", "电芯")}
    assert {e["weight"] for e in data["edges"]} == {0.62, 0.58}
    assert next(n for n in data["nodes"] if n["name"] == "电芯")["stage"] == "midstream"


def test_xlsx_errors_name_the_sheet_and_cell(tmp_path: Path) -> None:
    folder = workbook(tmp_path / "xl", [["碳酸锂", "upstream"], ["电芯", "sideways"]])
    result = run("build", str(folder), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: property 'stage' is 'sideways', not one of upstream, midstream, downstream (xl/chain.xlsx:产品!B3): "
        "1 bad row in xl/chain.xlsx; fix it, or build with --skip-bad to load the other rows"
    ]


# -- bad rows: where, what, all together, nothing loaded --------------------------

PROJECTS_MAPPING = """\
files:
  - file: projects.jsonl
    nodes:
      - label: Project
        properties: {year: year, status: status}
"""
PROJECT_LINES = [
    '{"name": "甲项目", "year": 2021, "status": "building"}',
    '{"name": "乙项目", "year": "二〇二一"}',
    "",
    '{"year": 2022}',
    '{"name": "丙项目", "year": 2023,}',
    '["丁项目"]',
    '{"name": "戊项目", "year": 2.5, "status": ["a"]}',
]


def projects(folder: Path) -> Path:
    return write(folder, {"chainkg.yaml": PROJECTS_MAPPING, "projects.jsonl": "\n".join(PROJECT_LINES) + "\n"})


def test_all_bad_rows_of_a_file_are_reported_together_with_line_and_column(tmp_path: Path) -> None:
    result = run("build", str(projects(tmp_path / "in")), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: property 'year' must be INT64, got '二〇二一' (in/projects.jsonl:2:25): "
        "5 bad rows in in/projects.jsonl, listed below; fix them, or build with --skip-bad to load the other rows",
        "  in/projects.jsonl:2:25: property 'year' must be INT64, got '二〇二一'",
        "  in/projects.jsonl:4:1: row has no name (column 'name')",
        "  in/projects.jsonl:5:30: bad JSON: Expecting property name enclosed in double quotes",
        "  in/projects.jsonl:6:1: a JSON Lines record must be an object, got list",
        "  in/projects.jsonl:7:25: property 'year' must be INT64, got 2.5",
        "  in/projects.jsonl:7:40: property 'status' must be STRING, got ['a']",
    ]
    assert not (tmp_path / "out").exists()


def test_a_failed_file_loads_nothing_and_leaves_the_previous_output_byte_identical(tmp_path: Path) -> None:
    folder = projects(tmp_path / "in")
    (folder / "projects.jsonl").write_text(PROJECT_LINES[0] + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run("build", str(folder), "--out", str(out)).exit_code == 0
    before = snapshot(out)
    (folder / "projects.jsonl").write_text("\n".join(PROJECT_LINES) + "\n", encoding="utf-8")
    assert run("build", str(folder), "--out", str(out)).exit_code == 1
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == ["in", "out"]


def test_skip_bad_lists_the_bad_rows_and_loads_the_rest(tmp_path: Path) -> None:
    result = run("build", str(projects(tmp_path / "in")), "--out", str(tmp_path / "out"), "--skip-bad")
    assert result.exit_code == 0
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped")]
    assert skipped == [
        "skipped in/projects.jsonl:2:25: property 'year' must be INT64, got '二〇二一'",
        "skipped in/projects.jsonl:4:1: row has no name (column 'name')",
        "skipped in/projects.jsonl:5:30: bad JSON: Expecting property name enclosed in double quotes",
        "skipped in/projects.jsonl:6:1: a JSON Lines record must be an object, got list",
        "skipped in/projects.jsonl:7:25: property 'year' must be INT64, got 2.5",
        "skipped in/projects.jsonl:7:40: property 'status' must be STRING, got ['a']",
    ]
    nodes = graph(tmp_path / "out")["nodes"]
    assert [(n["name"], n["year"], n["status"]) for n in nodes] == [("甲项目", 2021, "building")]


CSV_MAPPING = """\
files:
  - file: makers.csv
    nodes:
      - label: {column: kind}
        name: 名称
    relationships:
      - type: MAKES
        where: {关系: 主营产品}
        from: {label: Enterprise, column: 名称}
        to: {label: Product, column: 产品}
        properties: {weight: 权重}
"""


def test_csv_columns_are_cell_positions_and_labels_read_from_rows_are_checked(tmp_path: Path) -> None:
    folder = write(
        tmp_path / "in",
        {
            "chainkg.yaml": CSV_MAPPING,
            "makers.csv": "kind,名称,关系,产品,权重\nEnterprise,甲公司,主营产品,电芯,0.5\nCompany,乙公司,主营产品,电芯,0.3\n"
            "Enterprise,丙公司,参股,电芯,\nEnterprise,丁公司,主营产品,电芯,很多\nEnterprise,戊公司,主营产品\n",
            "products.csv": "label,name\nProduct,电芯\n",
        },
    )
    result = run("build", str(folder), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1:] == [
        "  in/makers.csv:3:1: unknown label 'Company'",
        "  in/makers.csv:5:5: property 'weight' must be DOUBLE, got '很多'",
        "  in/makers.csv:6:4: row has 3 cells, header has 5",
    ]
    assert run("build", str(folder), "--out", str(tmp_path / "out"), "--skip-bad").exit_code == 0
    data = graph(tmp_path / "out")
    assert edges(data, "MAKES") == {("甲公司", "电芯")}
    assert {n["name"] for n in data["nodes"]} == {"甲公司", "丙公司", "电芯"}


def test_a_row_no_entry_takes_says_which_values_are_mapped(tmp_path: Path) -> None:
    mapping = CSV_MAPPING.replace(
        "      - label: {column: kind}\n        name: 名称\n",
        "      - label: Enterprise\n        name: 名称\n        where: {kind: Enterprise}\n",
    )
    folder = write(
        tmp_path / "in", {"chainkg.yaml": mapping, "makers.csv": "kind,名称,关系,产品,权重\nPark,某园区,参股,电芯,\n"}
    )
    result = run("build", str(folder), "--out", str(tmp_path / "out"))
    assert result.stderr.splitlines() == [
        "Error: no entry of the mapping takes this row (kind is 'Park'; mapped: Enterprise) (in/makers.csv:2:1): "
        "1 bad row in in/makers.csv; fix it, or build with --skip-bad to load the other rows"
    ]


# -- mistakes in the mapping: mapping.yaml:line:column --------------------------

BASE = "files:\n  - file: c.csv\n"


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        (
            BASE + "    nodes:\n      - label: Company\n",
            "unknown label 'Company' (in/chainkg.yaml:4:16): use one of: Enterprise, Chain, Product",
        ),
        (
            BASE + "    nodes:\n      - label: Enterprise\n        properties: {weight: w}\n",
            "Enterprise has no property 'weight' (in/chainkg.yaml:5:22): use one of: code, exchange, full_name, listing_date, name_en, region",
        ),
        (
            BASE
            + "    relationships:\n      - type: MAKES\n        from: {label: Product, column: name}\n        to: {label: Enterprise, column: code}\n",
            "MAKES cannot go from Product to Enterprise (in/chainkg.yaml:5:15): MAKES allows Enterprise->Product",
        ),
        (
            BASE
            + "    relationships:\n      - type: MAKES\n        reverse: true\n        from: {label: Enterprise, column: name}\n        to: {label: Product, column: code}\n",
            "MAKES cannot go from Product to Enterprise (in/chainkg.yaml:6:15): MAKES allows Enterprise->Product",
        ),
        (
            BASE + "    relationships:\n      - type: FOLLOWS\n        from: {column: a}\n        to: {column: b}\n",
            "unknown relationship type 'FOLLOWS' (in/chainkg.yaml:4:15)",
        ),
        (
            BASE + "    nodes:\n      - label: Enterprise\n        name: company\n",
            "column 'company' is not in the header of in/c.csv (in/chainkg.yaml:5:15): use one of: name, code, w",
        ),
        (
            BASE + "    nodes:\n      - label: Project\n        constants: {year: soon}\n",
            "property 'year' must be INT64, got 'soon' (in/chainkg.yaml:5:27)",
        ),
        (
            BASE + "    nodez: []\n",
            "unknown key 'nodez' in a file entry (in/chainkg.yaml:3:5): use: file, format, nodes, relationships, sheet, unmatched",
        ),
        ("files:\n  - file: missing.csv\n", "no such file 'missing.csv' (in/chainkg.yaml:2:11)"),
        (
            "files:\n  - file: c.csv\n   nodes: [\n",
            "bad YAML: expected <block end>, but found '<block mapping start>' (in/chainkg.yaml:3:4): fix the YAML syntax",
        ),
        (
            BASE + BASE[7:],
            "c.csv is mapped twice (in/chainkg.yaml:3:11): keep one file entry (the other is at in/chainkg.yaml:2:11)",
        ),
    ],
)
def test_mapping_mistakes_name_the_mapping_line_and_column(tmp_path: Path, mapping: str, message: str) -> None:
    folder = write(tmp_path / "in", {"chainkg.yaml": mapping, "c.csv": "name,code,w\n甲,1,x\n"})
    result = run("build", str(folder), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {message}")
    assert len(result.stderr.splitlines()) == 1


# -- defaults, discovery, exit codes --------------------------------------------


def test_columns_that_carry_schema_names_need_no_entries(tmp_path: Path) -> None:
    lines = [
        {"label": "Enterprise", "name": "甲公司", "aliases": ["甲"], "region": "长沙", "note": "made up"},
        {"label": "Product", "name": "电芯", "stage": "midstream"},
        {"type": "MAKES", "source": "甲", "target": "电芯", "weight": 0.4},
    ]
    text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    folder = write(tmp_path / "in", {"facts.mapping.yaml": "files:\n  - file: facts.jsonl\n", "facts.jsonl": text})
    result = run("build", str(folder), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    data = graph(tmp_path / "out")
    company = next(n for n in data["nodes"] if n["name"] == "甲公司")
    assert (company["aliases"], company["region"], company["evidence"][0]["note"]) == (["甲"], "长沙", "made up")
    assert [(e["type"], e["weight"]) for e in data["edges"]] == [("MAKES", 0.4)]


def test_in_default_columns_an_unknown_property_is_a_bad_cell(tmp_path: Path) -> None:
    text = '{"label": "Chain", "name": "锂电池", "stage": "upstream"}\n'
    folder = write(tmp_path / "in", {"chainkg.yaml": "files:\n  - file: facts.jsonl\n", "facts.jsonl": text})
    result = run("build", str(folder), "--out", str(tmp_path / "out"))
    assert result.stderr.startswith("Error: Chain has no property 'stage' (in/facts.jsonl:1:44)")


def test_unmapped_jsonl_is_an_error_when_named_and_a_note_in_a_folder(tmp_path: Path) -> None:
    folder = write(tmp_path / "in", {"a.jsonl": '{"name": "x"}\n', "t.csv": "label,name\nChain,锂电池\n"})
    named = run("build", str(folder / "a.jsonl"), "--out", str(tmp_path / "out"))
    assert named.exit_code == 1
    assert named.stderr.startswith(
        f"Error: '.jsonl' files load only through a mapping ({folder / 'a.jsonl'}): name the file in a mapping"
    )
    walked = run("build", str(folder), "--out", str(tmp_path / "out"))
    assert walked.exit_code == 0
    assert "skipped in/a.jsonl: no mapping names it ('.jsonl' files load only through a mapping)" in walked.stderr


def test_cli_exit_codes(tmp_path: Path) -> None:
    folder = projects(tmp_path / "in")
    assert run("build", str(folder), "--out", str(tmp_path / "a")).exit_code == 1
    assert run("build", str(folder), "--out", str(tmp_path / "b"), "--skip-bad").exit_code == 0
    assert (
        CliRunner()
        .invoke(main, ["build", str(folder), "--out", str(tmp_path / "c"), "--mapping", str(tmp_path / "nope.yaml")])
        .exit_code
        == 2
    )


def test_a_mapping_given_with_mapping_resolves_paths_next_to_itself(tmp_path: Path) -> None:
    write(tmp_path / "data", {"projects.jsonl": PROJECT_LINES[0] + "\n"})
    mapping = (
        write(tmp_path / "conf", {"p.yaml": PROJECTS_MAPPING.replace("projects.jsonl", "../data/projects.jsonl")})
        / "p.yaml"
    )
    shutil.copy(EXAMPLE / "regions_parks.csv", tmp_path / "regions.csv")
    result = run("build", str(tmp_path / "regions.csv"), "--mapping", str(mapping), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    project = next(n for n in graph(tmp_path / "out")["nodes"] if n["label"] == "Project")
    assert project["evidence"][0]["path"] == "data/projects.jsonl"


def test_a_mapped_column_in_no_json_line_is_a_mapping_error(tmp_path: Path) -> None:
    mapping = PROJECTS_MAPPING.replace("status: status", "status: stauts")
    folder = write(tmp_path / "in", {"chainkg.yaml": mapping, "projects.jsonl": PROJECT_LINES[0] + "\n"})
    result = run("build", str(folder), "--out", str(tmp_path / "out"))
    assert (
        result.stderr.strip()
        == "Error: column 'stauts' is in no row of in/projects.jsonl (in/chainkg.yaml:5:42): use one of: name, year, status"
    )
