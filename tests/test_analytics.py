"""Analytics on hand-built graphs with known answers, the what-if command and the report."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from chainkg.cli import main
from chainkg.graph.analysis import analytics
from chainkg.graph.model import KnowledgeGraph
from chainkg.sync import write_folder

ROOT = Path(__file__).resolve().parents[1]


def network() -> KnowledgeGraph:
    """甲 and 戊 both supply 乙; 乙 alone supplies 丙 and 丁; 丙 alone supplies 己. 丙 makes 减速器 in 长沙."""
    kg = KnowledgeGraph()
    for name in "甲乙丙丁戊己":
        kg.add_node("Enterprise", name)
    for supplier, customer, product, volume in [
        ("甲", "乙", "钢材", 3.0),
        ("戊", "乙", "钢材", 1.0),
        ("乙", "丙", "轴承", None),
        ("乙", "丁", "轴承", None),
        ("丙", "己", "减速器", None),
    ]:
        kg.link("SUPPLIES", ("Enterprise", supplier), ("Enterprise", customer), product=product, volume=volume)
    kg.add_node("Region", "湖南")
    kg.add_node("Region", "长沙")
    kg.link("LOCATED_IN", ("Region", "长沙"), ("Region", "湖南"))
    kg.link("LOCATED_IN", ("Enterprise", "丙"), ("Region", "长沙"))
    kg.link("LOCATED_IN", ("Enterprise", "丁"), ("Region", "湖南"))
    kg.add_node("Chain", "工业机器人")
    for product, stage in [("减速器", "upstream"), ("本体", "midstream")]:
        kg.add_node("Product", product, stage=stage)
        kg.link("PART_OF", ("Product", product), ("Chain", "工业机器人"))
    kg.link("MAKES", ("Enterprise", "丙"), ("Product", "减速器"))
    kg.link("MAKES", ("Enterprise", "丁"), ("Product", "减速器"))
    return kg


def test_dependents_are_the_enterprises_reached_only_through_a_supplier() -> None:
    rows = {r["supplier"]: r for r in analytics.supplier_criticality(network())}
    assert rows["乙"]["dependents"] == 3  # 丙, 丁 and, through 丙, 己
    assert rows["丙"]["dependents"] == 1
    assert rows["甲"]["dependents"] == 0 and rows["戊"]["dependents"] == 0  # 乙 has two suppliers
    assert rows["乙"]["betweenness"] > rows["甲"]["betweenness"]


def test_what_if_lists_lost_only_suppliers_and_last_makers() -> None:
    kg = network()
    assert analytics.what_if(kg, "乙")["lost_only_supplier"] == [
        {"customer": "丁", "product": "轴承"},
        {"customer": "丙", "product": "轴承"},
    ]
    assert analytics.what_if(kg, "甲")["lost_only_supplier"] == []
    lost = analytics.what_if(kg, "丙")["lost_last_source"]
    assert {"product": "减速器", "region": "长沙", "sources_left": 1} in lost  # 丁 is in 湖南, not 长沙
    assert not any(row["region"] == "湖南" for row in lost)


ROBOTS_IN_CHANGSHA = {
    "chain": "工业机器人",
    "region": "长沙",
    "products": 2,
    "local": 1,
    "share": 0.5,
    "missing": ["本体"],
}
"""The robot chain's completeness in 长沙 on :func:`network`: one of its two products made there."""


def test_completeness_and_concentration() -> None:
    kg = network()
    assert analytics.chain_completeness(kg, "工业机器人", "长沙") == ROBOTS_IN_CHANGSHA
    rows = {r["product"]: r for r in analytics.supplier_concentration(kg)}
    assert rows["钢材"] == {
        "product": "钢材",
        "suppliers": 2,
        "hhi": 6250.0,
        "basis": "volume",
        "largest": "甲",
        "largest_share": 0.75,
    }
    assert rows["轴承"]["hhi"] == 10000.0 and rows["轴承"]["basis"] == "count"


def test_what_if_command_and_report(tmp_path: Path) -> None:
    folder = tmp_path / "graph"
    write_folder(network(), folder)
    result = CliRunner().invoke(main, ["what-if", str(folder), "--remove", "乙", "--format", "json"])
    assert result.exit_code == 0
    assert {
        "consequence": "lost only supplier",
        "who_or_where": "丙",
        "product": "轴承",
        "sources_left": "",
    } in json.loads(result.stdout)
    assert CliRunner().invoke(main, ["report", str(folder)]).exit_code == 0
    report = json.loads((folder / "report.json").read_text("utf-8"))
    chain = report["chains"][0]
    assert chain["chain"]["name"] == "工业机器人"
    assert ROBOTS_IN_CHANGSHA in chain["completeness"]
    assert [g["name"] for g in chain["gaps"]] == ["本体"]
    assert "- gap: 本体 (midstream), sources: none" in (folder / "report.md").read_text("utf-8")


def test_build_writes_the_report_with_evidence(built_example: Path) -> None:
    text = (built_example / "report.md").read_text("utf-8")
    assert "## 工程机械 (Construction machinery)" in text
    assert "bottleneck 6500伏IGBT芯片: breakthrough, broken through by 湖南 (2021) [hunan/technologies.csv:2]" in text
    unknown = CliRunner().invoke(main, ["what-if", str(built_example), "--remove", "不存在的公司"])
    assert unknown.exit_code == 1 and "Error: no Enterprise named '不存在的公司'" in unknown.stderr
    close = CliRunner().invoke(main, ["what-if", str(built_example), "--remove", "衡岳液丫"])
    assert (
        close.exit_code == 1
        and close.stderr.strip() == "Error: no Enterprise named '衡岳液丫' (did you mean 衡岳液压科技股份有限公司?)"
    )


def test_a_supplier_is_a_source_in_what_if_and_completeness() -> None:
    """戊 makes nothing but supplies 本体 from 长沙: 本体 is available there, and stops being if 戊 stops."""
    kg = network()
    kg.link("LOCATED_IN", ("Enterprise", "戊"), ("Region", "长沙"))
    kg.link("SUPPLIES", ("Enterprise", "戊"), ("Enterprise", "己"), product="本体")
    assert analytics.sources_of(kg)[kg.resolve("Product", "本体")] == {kg.resolve("Enterprise", "戊")}
    assert analytics.chain_completeness(kg, "工业机器人", "长沙")["missing"] == []
    lost = analytics.what_if(kg, "戊")["lost_last_source"]
    assert {"product": "本体", "region": "长沙", "sources_left": 0} in lost and {
        "product": "本体",
        "region": "",
        "sources_left": 0,
    } in lost


def test_concentration_by_volume_on_the_bundled_supplier_list(tmp_path: Path) -> None:
    folder = tmp_path / "suppliers"
    assert (
        CliRunner().invoke(main, ["build", str(ROOT / "examples" / "supplier_list"), "--out", str(folder)]).exit_code
        == 0
    )
    result = CliRunner().invoke(main, ["concentration", str(folder), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["product"]: (r["suppliers"], r["hhi"], r["basis"], r["largest"]) for r in json.loads(result.stdout)}
    assert rows == {
        "液压油缸": (3, 4600.0, "volume", "湘江示例液压有限公司"),  # 600/300/100 units
        "液压泵": (2, 5000.0, "volume", "湘江示例液压有限公司"),  # 450/450, tie broken by name
        "控制器": (2, 5555.6, "count", "澧水示例电控有限公司"),  # no volumes: 2 and 1 customers
    }
    only = CliRunner().invoke(main, ["concentration", str(folder), "--product", "液压泵", "--format", "json"])
    assert [r["product"] for r in json.loads(only.stdout)] == ["液压泵"]
    report = (folder / "report.md").read_text("utf-8")
    assert (
        "- supplier concentration of 液压油缸: HHI 4600 by volume, 3 suppliers, largest 湘江示例液压有限公司 (60%) [supplier_list/nodes.csv:3]"
        in report
    )


def test_critical_suppliers_command_ranks_by_dependents(tmp_path: Path) -> None:
    folder = tmp_path / "graph"
    write_folder(network(), folder)
    result = CliRunner().invoke(main, ["critical-suppliers", str(folder), "--format", "json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found == sorted(found, key=lambda r: (-r["dependents"], -r["betweenness"], r["supplier"]))
    assert found[0]["dependents"] >= 1
