"""Mapped files read column by column give what reading them row by row gives, byte for byte."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from built_graphs import write
from helpers import EXAMPLE, ROOT

import chainkg.loaders.structured as structured
from chainkg.build import build

MIXED = {
    "chainkg.yaml": """\
lookups:
  by_code: {file: codes.csv, key: code, value: name}
files:
  - file: firms.jsonl
    nodes:
      - label: Enterprise
        properties: {code: code, full_name: fullname}
        constants: {region: 长沙}
  - file: products.json
    nodes:
      - label: Product
  - file: makes.jsonl
    unmatched: skip
    relationships:
      - type: MAKES
        where: {rel: [主营产品, 产品]}
        from: {label: Enterprise, column: firm}
        to: {label: Product, column: code, lookup: by_code}
        properties: {weight: share}
      - type: UPSTREAM_OF
        where: {rel: 上游材料}
        from: {label: Product, column: firm}
        to: {label: Product, column: code, lookup: by_code}
        reverse: true
  - file: sheet.xlsx
    sheet: 企业
    nodes:
      - label: Enterprise
""",
    "firms.jsonl": "\n".join(
        json.dumps(row, ensure_ascii=False)
        for row in [
            {"name": "甲公司", "code": 600001, "fullname": "甲股份有限公司", "aliases": ["甲", "JIA"], "note": "年报"},
            {"name": " 乙公司 ", "code": "600002", "note": ""},
            {"name": "丙公司\u007f", "fullname": "丙\n有限公司"},
            {"name": "甲公司", "code": 600001, "fullname": "甲股份有限公司"},
        ]
    )
    + "\n",
    "products.json": '[{"name": "挖掘机", "stage": "downstream"}, {"name": "液压件", "stage": "midstream"}, {"name": "钢材"}]',
    "codes.csv": "code,name\nP1,挖掘机\nP2,液压件\nP3,钢材\n",
    "makes.jsonl": "\n".join(
        json.dumps(row, ensure_ascii=False)
        for row in [
            {"firm": "甲公司", "code": "P1", "rel": "主营产品", "share": 0.5},
            {"firm": "甲", "code": "P2", "rel": "产品", "share": "0.25", "note": "公告"},
            {"firm": "乙公司", "code": "P1", "rel": "主营产品", "share": 0.1},
            {"firm": "甲公司", "code": "P1", "rel": "主营产品", "share": 0.7},
            {"firm": "挖掘机", "code": "P2", "rel": "上游材料"},
            {"firm": "挖掘机", "code": "P3", "rel": "上游材料"},
            {"firm": "甲公司", "code": "P3", "rel": "其他"},
        ]
    )
    + "\n",
}


def built(
    inputs: list[Path], out: Path, plain: bool, monkeypatch: pytest.MonkeyPatch, **options: object
) -> tuple[bytes, list[str]]:
    with monkeypatch.context() as patch:
        if plain:
            patch.setattr(structured, "columnar", lambda spec: False)
        notes: list[str] = []
        build(inputs, out, on_skip=notes.append, **options)  # type: ignore[arg-type]
    return (out / "graph.json").read_bytes(), notes


def mixed(folder: Path) -> Path:
    write(folder, MIXED)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "企业"
    sheet.append(["name", "code", "note"])
    sheet.append(["丁公司", "000004", "表格"])
    book.save(folder / "sheet.xlsx")
    return folder


@pytest.mark.parametrize("case", ["mixed", "product_chain", "hunan_mapping"])
def test_columns_and_rows_give_the_same_graph(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if case == "mixed":
        inputs, options = [mixed(tmp_path / "in")], {}
    elif case == "product_chain":
        inputs, options = [ROOT / "examples" / "product_chain"], {}
    else:
        inputs, options = [EXAMPLE], {"mappings": [ROOT / "examples" / "hunan" / "mapping.yaml"]}
    fast, fast_notes = built(inputs, tmp_path / "fast", False, monkeypatch, **options)
    plain, plain_notes = built(inputs, tmp_path / "plain", True, monkeypatch, **options)
    assert fast == plain
    assert sorted(fast_notes) == sorted(plain_notes)
    if case == "mixed":
        graph = json.loads(fast)
        assert {n["name"] for n in graph["nodes"] if n["label"] == "Enterprise"} == {
            "甲公司",
            "乙公司",
            "丙公司",
            "丁公司",
        }
        assert any(note.startswith("cleaned in/firms.jsonl:3:") for note in fast_notes)


def test_bad_rows_are_the_same_either_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = mixed(tmp_path / "in")
    rows = (
        MIXED["makes.jsonl"]
        + "\n".join(
            json.dumps(row, ensure_ascii=False)
            for row in [
                {"firm": "", "code": "P1", "rel": "主营产品"},
                {"firm": "甲公司", "code": "P9", "rel": "主营产品"},
                {"firm": "甲公司", "code": "P1", "rel": "主营产品", "share": "很多"},
                {"firm": ["甲公司"], "code": "P1", "rel": "产品"},
                {"firm": "无名公司", "code": "P1", "rel": "产品"},
            ]
        )
        + "\n"
    )
    (folder / "makes.jsonl").write_text(rows, encoding="utf-8")
    fast, fast_notes = built([folder], tmp_path / "fast", False, monkeypatch, skip_bad=True)
    plain, plain_notes = built([folder], tmp_path / "plain", True, monkeypatch, skip_bad=True)
    assert fast == plain
    assert sorted(fast_notes) == sorted(plain_notes)
    assert sum(note.startswith("skipped in/makes.jsonl:") for note in fast_notes) == 5
