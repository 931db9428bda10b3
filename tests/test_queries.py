"""The query library: headers, parameters, expected answers, and the read-only ad-hoc Cypher."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import neo4j_cli, wipe_neo4j

from chainkg.cli import main
from chainkg.errors import QueryError
from chainkg.graph.analysis import analytics
from chainkg.graph.io.nodelink import read_graph_json
from chainkg.graph.model import KnowledgeGraph
from chainkg.queries.library import ENGINES, library, write_keyword
from chainkg.sync import write_folder

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "hunan"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def rows(*args: str) -> list[dict]:
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def supply_chain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A hand-built graph: 甲 -> 乙 -> 丙 -> 丁 supply tiers, 戊 a second supplier of 丙's 轴承."""
    kg = KnowledgeGraph()
    for name in ("甲", "乙", "丙", "丁", "戊"):
        kg.add_node("Enterprise", name)
    for supplier, customer, product in [
        ("甲", "乙", "钢材"),
        ("乙", "丙", "轴承"),
        ("戊", "丙", "轴承"),
        ("丙", "丁", "减速器"),
    ]:
        kg.link("SUPPLIES", ("Enterprise", supplier), ("Enterprise", customer), product=product)
    kg.add_node("Product", "减速器", stage="midstream")
    kg.link("MAKES", ("Enterprise", "丙"), ("Product", "减速器"))
    folder = tmp_path_factory.mktemp("supply") / "graph"
    write_folder(kg, folder)
    return folder


def test_every_query_declares_name_doc_params_returns_for_both_engines() -> None:
    queries = library()
    assert {"chain_gaps", "single_source", "upstream", "downstream", "cluster_strength", "search"} <= set(queries)
    for query in queries.values():
        assert query.doc and query.returns and set(query.variants) == set(ENGINES)


def test_chain_gaps_on_the_example(built_example: Path) -> None:
    found = rows("query", "chain_gaps", "-p", "chain", "工程机械", "-p", "region", "长沙", "--db", str(built_example))
    by_product = {row["product"]: row for row in found}
    assert by_product["回转支承"] == {
        "product": "回转支承",
        "stage": "upstream",
        "status": "gap",
        "local_sources": 0,
        "sources_elsewhere": 1,
        "local_kind": "",
        "kind_elsewhere": "supplier",
    }  # 麓江支承, in 湘潭经开区
    assert (
        by_product["液压件"]["status"] == "thin" and by_product["液压件"]["local_kind"] == "supplier"
    )  # 衡岳液压, in 长沙经开区
    assert (
        by_product["桩工机械"]["status"] == "thin" and by_product["桩工机械"]["local_kind"] == "maker"
    )  # 山河智能, in 长沙经开区
    assert "工程机械服务" not in by_product  # three makers, two of them in 长沙


def expected_gaps(kg: KnowledgeGraph, chain: str, region: str) -> list[dict]:
    """chain_gaps by the one definition of a source (analytics.sources_of): a maker or a supplier."""
    makers, suppliers, regions_of = analytics.makers_of(kg), analytics.suppliers_of(kg), analytics.located_regions(kg)
    found = []
    for p in analytics.chain_products(kg)[kg.resolve("Chain", chain)]:
        kinds = {}
        for kind, index in (("maker", makers), ("supplier", suppliers)):
            for side in ("local", "elsewhere"):
                kinds[kind, side] = {e for e in index.get(p, ()) if (region in regions_of(e)) == (side == "local")}
        local = kinds["maker", "local"] | kinds["supplier", "local"]
        elsewhere = kinds["maker", "elsewhere"] | kinds["supplier", "elsewhere"]
        if len(local) <= 1:
            kind = {
                side: "+".join(k for k in ("maker", "supplier") if kinds[k, side]) for side in ("local", "elsewhere")
            }
            node = kg.node(p)
            found.append(
                {
                    "product": node["name"],
                    "stage": node.get("stage") or "",
                    "status": "thin" if local else "gap",
                    "local_sources": len(local),
                    "sources_elsewhere": len(elsewhere),
                    "local_kind": kind["local"],
                    "kind_elsewhere": kind["elsewhere"],
                }
            )
    return sorted(found, key=lambda row: (row["status"], row["product"]))


@pytest.mark.parametrize("region", ["长沙", "株洲", "湖南"])
def test_chain_gaps_agree_with_the_supply_edges_what_if_and_the_report(built_example: Path, region: str) -> None:
    """The bundled example: 衡岳液压 supplies 液压件 from 长沙 and is its only source; chain_gaps,
    completeness in the report and what-if all say so."""
    kg = read_graph_json(built_example / "graph.json")
    found = rows("query", "chain_gaps", "-p", "chain", "工程机械", "-p", "region", region, "--db", str(built_example))
    assert found == expected_gaps(kg, "工程机械", region)
    gaps = {row["product"] for row in found if row["status"] == "gap"}
    regions_of = analytics.located_regions(kg)
    for source, _, _, attrs in kg.edges("SUPPLIES"):
        if region in regions_of(source):
            assert attrs.get("product") not in gaps
    report = json.loads((built_example / "report.json").read_text("utf-8"))
    entry = next(c for c in report["chains"] if c["chain"]["name"] == "工程机械")
    missing = next((row["missing"] for row in entry["completeness"] if row["region"] == region), None)
    if missing is not None:
        assert set(missing) == gaps
    lost = analytics.what_if(kg, "衡岳液压")["lost_last_source"]
    assert {"product": "液压件", "region": "", "sources_left": 0} in lost
    hydraulics = next(g for g in entry["gaps"] if g["name"] == "液压件")
    assert (
        hydraulics["status"] == "thin"
        and hydraulics["makers"] == []
        and hydraulics["suppliers"] == ["衡岳液压科技股份有限公司"]
    )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            ("-p", "chain", "工程机被", "-p", "region", "长沙"),
            "Error: no Chain named '工程机被' (did you mean 工程机械?)",
        ),
        (("-p", "chain", "工程机械", "-p", "region", "长纱"), "Error: no Region named '长纱' (did you mean 长沙?)"),
        (("-p", "chain", "工程机械产业链", "-p", "region", "长沙"), None),  # an alias is a name
    ],
)
def test_a_name_that_matches_nothing_is_an_error(
    built_example: Path, params: tuple[str, ...], message: str | None
) -> None:
    result = run("query", "chain_gaps", *params, "--db", str(built_example))
    if message is None:
        assert result.exit_code == 0, result.stderr
    else:
        assert (result.exit_code, result.stderr.strip(), result.stdout) == (1, message, "")


@pytest.mark.parametrize(
    ("query", "params", "message"),
    [
        ("bottlenecks", {"chain": "轨道交通装"}, "Error: no Chain named '轨道交通装' (did you mean 轨道交通装备?)"),
        ("evidence", {"node": "山河智"}, "Error: no node named '山河智' (did you mean 山河智能?)"),
        (
            "single_source",
            {"customer": "三一重"},
            "Error: no Enterprise named '三一重' (did you mean 三一重工、三一集团?)",
        ),
    ],
)
def test_every_named_parameter_is_checked(built_example: Path, query: str, params: dict, message: str) -> None:
    args = [a for k, v in params.items() for a in ("-p", k, v)]
    result = run("query", query, *args, "--db", str(built_example))
    assert (result.exit_code, result.stderr.strip()) == (1, message)


def test_chain_gaps_without_regions_says_the_graph_has_none(supply_chain: Path) -> None:
    result = run("query", "chain_gaps", "-p", "chain", "x", "-p", "region", "长沙", "--db", str(supply_chain))
    assert result.exit_code == 1
    assert result.stderr.strip() in {
        "Error: the graph has no Chain, so nothing is called 'x': add Chain rows (and their links) to the inputs and build again",
    }


def test_chain_gaps_on_a_graph_with_no_region(tmp_path: Path) -> None:
    kg = KnowledgeGraph()
    kg.add_node("Chain", "机器人")
    kg.add_node("Product", "减速器", stage="upstream")
    kg.link("PART_OF", ("Product", "减速器"), ("Chain", "机器人"))
    write_folder(kg, tmp_path / "g")
    result = run("query", "chain_gaps", "-p", "chain", "机器人", "-p", "region", "长沙", "--db", str(tmp_path / "g"))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.strip() == (
        "Error: the graph has no Region, so nothing is called '长沙': "
        "add Region rows (and their links) to the inputs and build again"
    )


def test_upstream_and_downstream_tiers(supply_chain: Path) -> None:
    up = rows("query", "upstream", "-p", "enterprise", "丁", "-p", "depth", "3", "--db", str(supply_chain))
    assert [(r["supplier"], r["tier"]) for r in up] == [("丙", 1), ("乙", 2), ("戊", 2), ("甲", 3)]
    down = rows("query", "downstream", "-p", "enterprise", "甲", "-p", "depth", "2", "--db", str(supply_chain))
    assert [(r["customer"], r["tier"]) for r in down] == [("乙", 1), ("丙", 2)]


@pytest.mark.parametrize(
    ("query", "params", "expected"),
    [
        ("product_upstream", ("-p", "product", "重型卡车", "-p", "depth", "1"), [("液压件", 1, 0, 1)]),
        (
            "product_upstream",
            ("-p", "product", "重型卡车", "-p", "depth", "3"),
            [("液压件", 1, 0, 1), ("橡塑密封件", 2, 0, 1)],
        ),
        (
            "product_downstream",
            ("-p", "product", "液压件", "-p", "depth", "2"),
            [("桩工机械", 1, 1, 0), ("盾构机", 1, 1, 0), ("重型卡车", 1, 1, 0), ("工程机械服务", 2, 3, 0)],
        ),
        # 三一集团 makes 重型卡车 and 工程机械服务 and buys 橡塑密封件: the inputs of what it makes
        (
            "product_upstream",
            ("-p", "enterprise", "三一集团", "-p", "depth", "3"),
            [("桩工机械", 1, 1, 0), ("液压件", 1, 0, 1), ("橡塑密封件", 2, 0, 1)],
        ),
        # 衡岳液压 makes 多路阀 and 液压油缸 (no links) and supplies 液压件
        (
            "product_downstream",
            ("-p", "enterprise", "衡岳液压", "-p", "depth", "1"),
            [("桩工机械", 1, 1, 0), ("盾构机", 1, 1, 0), ("重型卡车", 1, 1, 0)],
        ),
    ],
)
def test_product_tiers_over_upstream_of(
    built_example: Path, query: str, params: tuple[str, ...], expected: list
) -> None:
    found = rows("query", query, *params, "--db", str(built_example))
    assert [(r["product"], r["tier"], r["makers"], r["suppliers"]) for r in found] == expected


def test_product_tiers_need_a_product_or_an_enterprise(built_example: Path) -> None:
    for given in ((), ("-p", "product", "液压件", "-p", "enterprise", "衡岳液压")):
        result = run("query", "product_upstream", *given, "-p", "depth", "2", "--db", str(built_example))
        assert (result.exit_code, result.stderr.strip()) == (
            1,
            "Error: product_upstream needs exactly one of product, enterprise: give -p product VALUE or -p enterprise VALUE",
        )


@pytest.fixture(scope="module")
def industries(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """申万-like industries: 机械设备 > 工程机械 > 整机 / 器件, 工程机械 PART_OF the chain 工程机械;
    钢铁 and 器件 upstream by weight; enterprises in them; a product hierarchy without stages."""
    kg = KnowledgeGraph()
    kg.add_node("Chain", "工程机械")
    for name, code, level in [
        ("机械设备", "640000", "1"),
        ("工程机械", "640600", "2"),
        ("工程机械整机", "640601", "3"),
        ("工程机械器件", "640602", "3"),
        ("钢铁", "230000", "1"),
    ]:
        kg.add_node("Industry", name, code=code, scheme="申万", level=level)
    for narrower, broader in [("工程机械", "机械设备"), ("工程机械整机", "工程机械"), ("工程机械器件", "工程机械")]:
        kg.link("PART_OF", ("Industry", narrower), ("Industry", broader))
    kg.link("PART_OF", ("Industry", "工程机械"), ("Chain", "工程机械"))
    for source, target, weight in [
        ("钢铁", "工程机械", 3.0),
        ("工程机械器件", "工程机械整机", 5.0),
        ("机械设备", "工程机械整机", 1.5),
    ]:
        kg.link("UPSTREAM_OF", ("Industry", source), ("Industry", target), weight=weight)
    for name, industry, exchange in [
        ("三一重工", "工程机械整机", "上海证券交易所"),
        ("中联重科", "工程机械整机", "深圳证券交易所"),
        ("恒立液压", "工程机械器件", "上海证券交易所"),
        ("宝钢", "钢铁", None),
        ("小厂", "工程机械", None),
    ]:
        kg.add_node("Enterprise", name, **({"exchange": exchange} if exchange else {}))
        kg.link("IN_INDUSTRY", ("Enterprise", name), ("Industry", industry))
    kg.add_node("Product", "挖掘机", stage="midstream")
    kg.add_node("Product", "小挖")  # no stage, PART_OF a product of the chain
    kg.link("PART_OF", ("Product", "挖掘机"), ("Chain", "工程机械"))
    kg.link("PART_OF", ("Product", "小挖"), ("Product", "挖掘机"))
    kg.link("MAKES", ("Enterprise", "三一重工"), ("Product", "小挖"), weight=0.4)
    kg.link("MAKES", ("Enterprise", "三一重工"), ("Product", "挖掘机"), weight=0.5)
    kg.link("MAKES", ("Enterprise", "宝钢"), ("Product", "挖掘机"))  # no weight: counts 1
    folder = tmp_path_factory.mktemp("industries") / "graph"
    write_folder(kg, folder)
    return folder


def test_chain_overview_counts_narrower_products_industries_and_weighted_makers(industries: Path) -> None:
    (row,) = rows("query", "chain_overview", "--db", str(industries))
    assert row == {
        "chain": "工程机械",
        "products": 2,
        "upstream": 0,
        "midstream": 1,
        "downstream": 0,
        "industries": 3,
        "enterprises": 5,
        "weighted_makers": 1.9,
        "clusters": 0,
        "bottlenecks": 0,
        "breakthroughs": 0,
    }


def test_industry_overview_and_upstream_by_weight(industries: Path) -> None:
    found = {r["industry"]: r for r in rows("query", "industry_overview", "--db", str(industries))}
    assert found["工程机械"] == {
        "industry": "工程机械",
        "code": "640600",
        "scheme": "申万",
        "level": "2",
        "broader": "机械设备",
        "chains": 1,
        "sub_industries": 2,
        "enterprises": 4,
        "listed": 3,
        "upstream": 1,
        "upstream_weight": 3.0,
        "top_upstream": "钢铁",
    }
    assert found["工程机械整机"]["top_upstream"] == "工程机械器件" and found["工程机械整机"]["upstream_weight"] == 6.5
    assert found["机械设备"]["enterprises"] == 4 and found["机械设备"]["chains"] == 0
    one = rows("query", "industry_profile", "-p", "industry", "工程机械整机", "--db", str(industries))
    assert one == [found["工程机械整机"]]
    upstream = rows("query", "industry_upstream", "-p", "industry", "工程机械整机", "--db", str(industries))
    assert [(r["upstream"], r["weight"], r["enterprises"]) for r in upstream] == [
        ("工程机械器件", 5.0, 1),
        ("机械设备", 1.5, 4),
    ]
    unknown = run("query", "industry_upstream", "-p", "industry", "工程机构", "--db", str(industries))
    assert unknown.stderr.strip().startswith("Error: no Industry named '工程机构' (did you mean 工程机械")


def test_single_sources_and_single_makers(supply_chain: Path) -> None:
    single = rows("query", "single_source", "--all", "--db", str(supply_chain))
    assert [(r["customer"], r["product"], r["supplier"]) for r in single] == [
        ("丁", "减速器", "丙"),
        ("乙", "钢材", "甲"),
    ]
    summary = rows("query", "single_source", "--db", str(supply_chain))  # not narrowed: a summary per product
    assert summary == rows("query", "single_source_summary", "--db", str(supply_chain))
    assert summary == [
        {"product": "减速器", "customers": 1, "suppliers": 1},
        {"product": "钢材", "customers": 1, "suppliers": 1},
    ]
    makers = rows("query", "single_maker", "--db", str(supply_chain))
    assert makers == [{"product": "减速器", "stage": "midstream", "maker": "丙"}]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (("-p", "customer", "丁"), [("丁", "减速器", "丙")]),
        (("-p", "product", "钢材"), [("乙", "钢材", "甲")]),
        (("-p", "product", "轴承"), []),  # two suppliers of 轴承 to 丙: not single-sourced
        (("-p", "customer", "丙"), []),
    ],
)
def test_single_source_narrowed_to_a_customer_or_product(
    supply_chain: Path, params: tuple[str, ...], expected: list
) -> None:
    found = rows("query", "single_source", *params, "--db", str(supply_chain))
    assert [(r["customer"], r["product"], r["supplier"]) for r in found] == expected


def test_cluster_strength_ranks_world_level_first(built_example: Path) -> None:
    found = rows("query", "cluster_strength", "--db", str(built_example))
    levels = [row["level"] for row in found]
    assert levels == sorted(levels, key=lambda level: {"world": 0, "national": 1, "provincial": 2}.get(level, 3))
    changsha = next(row for row in found if row["cluster"] == "长沙工程机械产业集群")
    assert changsha["members"] >= 4 and changsha["chains"] == 1


def test_search_finds_names_and_aliases_case_insensitively(built_example: Path) -> None:
    found = rows("query", "search", "-p", "text", "ZOOMLION", "--db", str(built_example))
    assert {"label": "Enterprise", "name": "中联重科"} in found


def test_unknown_query_and_missing_parameter_say_what_exists(built_example: Path) -> None:
    result = run("query", "nope", "--db", str(built_example))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: unknown query 'nope': use one of: bottlenecks, chain_gaps, chain_overview")
    result = run("query", "chain_gaps", "-p", "chain", "工程机械", "--db", str(built_example))
    assert (
        result.stderr.strip()
        == "Error: chain_gaps needs parameter 'region': give -p region VALUE (chain: Chain, region: Region)"
    )
    with pytest.raises(QueryError, match="must be int"):
        library()["upstream"].bind({"enterprise": "甲", "depth": "deep"})


@pytest.mark.parametrize(
    ("cypher", "keyword"),
    [
        ("MATCH (n) DETACH DELETE n", "DETACH"),
        ("match (n) set n.name = 'x'", "SET"),
        ("MATCH (n) /* harmless */ CREATE (m:Region {id: 'x'})", "CREATE"),
        ("LOAD CSV FROM 'file:///x' AS row RETURN row", "LOAD CSV"),
        ("CALL { MATCH (n) DELETE n }", "CALL {"),
        ("CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DELETE n', {})", "CALL APOC."),
        ("MERGE (r:Region {id: 'Region:x'})", "MERGE"),
        ("COPY Region FROM 'x.csv'", "COPY"),
    ],
)
def test_cypher_refuses_writes_before_running_them(built_example: Path, cypher: str, keyword: str) -> None:
    before = rows("stats", str(built_example))
    result = run("cypher", cypher, "--db", str(built_example))
    assert result.exit_code == 1
    assert (
        result.stderr.strip()
        == f"Error: chainkg cypher is read-only; the query writes ({keyword}): run writes with the engine's own tools"
    )
    assert rows("stats", str(built_example)) == before


@pytest.mark.parametrize(
    "cypher",
    [
        "MATCH (n:Region) RETURN 'CREATE' AS word LIMIT 1",
        "// DELETE everything\nMATCH (n:Region) RETURN n.name LIMIT 1",
        'MATCH (n) WHERE n.name = "SET" RETURN n.name',
    ],
)
def test_write_words_inside_strings_and_comments_are_fine(cypher: str) -> None:
    assert write_keyword(cypher) is None


def test_cypher_runs_reads_with_parameters(built_example: Path) -> None:
    found = rows(
        "cypher",
        "MATCH (e:Enterprise) WHERE e.name = $n RETURN e.name_en AS en",
        "-p",
        "n",
        "三一重工",
        "--db",
        str(built_example),
    )
    assert found == [{"en": "Sany Heavy Industry"}]


@pytest.mark.neo4j
def test_the_same_query_on_neo4j(built_example: Path, neo4j_settings) -> None:

    from chainkg.graph.engines.neo4j import Neo4jStore
    from chainkg.graph.io.nodelink import read_graph_json

    with Neo4jStore(neo4j_settings) as store:
        wipe_neo4j(store)
        store.push(read_graph_json(built_example / "graph.json"))
    connection = neo4j_cli(neo4j_settings)
    for args in (
        ["query", "chain_gaps", "-p", "chain", "工程机械", "-p", "region", "长沙"],
        ["query", "chain_gaps", "-p", "chain", "工程机械", "-p", "region", "株洲"],
        ["query", "product_upstream", "-p", "enterprise", "三一集团", "-p", "depth", "3"],
        ["query", "product_downstream", "-p", "product", "液压件", "-p", "depth", "2"],
        ["query", "chain_overview"],
    ):
        found = rows(*args, *connection)
        assert found and found == rows(*args, "--db", str(built_example))
    for args in (
        ["query", "chain_gaps", "-p", "chain", "工程机被", "-p", "region", "长沙"],
        ["query", "industry_profile", "-p", "industry", "x"],
    ):
        assert run(*args, *connection).stderr == run(*args, "--db", str(built_example)).stderr
    refused = run("cypher", "MATCH (n) DETACH DELETE n", *connection)
    assert refused.exit_code == 1 and "read-only" in refused.stderr


@pytest.mark.neo4j
def test_industries_and_hierarchies_the_same_on_neo4j(industries: Path, neo4j_settings) -> None:

    from chainkg.graph.engines.neo4j import Neo4jStore

    with Neo4jStore(neo4j_settings) as store:
        wipe_neo4j(store)
        store.push(read_graph_json(industries / "graph.json"))
    connection = neo4j_cli(neo4j_settings)
    for args in (
        ["query", "chain_overview"],
        ["query", "industry_overview"],
        ["query", "industry_upstream", "-p", "industry", "工程机械整机"],
    ):
        found = rows(*args, *connection)
        assert found and found == rows(*args, "--db", str(industries))


def test_the_ten_curated_breakthroughs_come_back_with_hunan_as_who(built_example: Path) -> None:
    found = rows("query", "bottlenecks", "--db", str(built_example))
    curated = {r["technology"] for r in found if any("hunan/technologies.csv" in record for record in r["evidence"])}
    assert len(curated) == 10
    for row in found:
        if row["technology"] in curated:
            assert row["status"] == "breakthrough" and row["broken_by"] == "湖南" and row["year"] == 2021
    assert {
        r["technology"] for r in rows("query", "bottlenecks", "-p", "chain", "轨道交通装备", "--db", str(built_example))
    } == {"6500伏IGBT芯片"}


def test_enterprise_profile_by_alias_with_evidence(built_example: Path) -> None:
    found = rows("query", "enterprise_profile", "-p", "enterprise", "Sunward", "--db", str(built_example))
    assert {(r["direction"], r["relation"], r["other"]) for r in found} >= {
        ("out", "MAKES", "桩工机械"),
        ("out", "LOCATED_IN", "长沙经开区"),
    }
    assert all(r["enterprise"] == "山河智能" and r["evidence"] for r in found)


def test_evidence_of_a_node_by_alias_lists_its_records_and_mentions(built_example: Path) -> None:
    found = rows("query", "evidence", "-p", "node", "Sunward", "--db", str(built_example))
    assert {r["kind"] for r in found} == {"node"} and {r["name"] for r in found} == {"山河智能"}
    assert any("hunan/enterprises.csv" in record for record in found[0]["records"])
    mentions = [r for r in found if r["document"]]
    assert mentions and all(r["text"] and r["char_end"] > r["char_start"] >= 0 for r in mentions)


def test_evidence_of_an_edge_gives_the_sentence_it_was_read_from(built_example: Path) -> None:
    between = ["query", "evidence", "-p", "node", "山河智能", "-p", "other", "湖南麓江回转支承有限公司"]
    found = rows(*between, "--db", str(built_example))
    assert [(r["kind"], r["name"], r["relation"], r["other"]) for r in found] == [
        ("edge", "湖南麓江回转支承有限公司", "SUPPLIES", "山河智能")
    ]
    (record,) = [json.loads(text) for text in found[0]["records"]]
    original = (EXAMPLE / "news_supply.txt").read_text(encoding="utf-8")
    assert (
        record["path"] == "hunan/news_supply.txt"
        and original[record["char_start"] : record["char_end"]] == record["text"]
    )
    assert "山河智能" in record["text"] and "回转支承" in record["text"]
    narrowed = rows(*between, "-p", "relation", "MAKES", "--db", str(built_example))
    assert narrowed == []


def test_names_are_resolved_to_ids_by_name_or_alias(built_example: Path) -> None:
    by_alias = rows("query", "enterprise_profile", "-p", "enterprise", "crchi", "--db", str(built_example))
    assert {r["enterprise"] for r in by_alias} == {"铁建重工"}
    unknown = run(
        "query", "upstream", "-p", "enterprise", "不存在的公司", "-p", "depth", "2", "--db", str(built_example)
    )
    assert unknown.exit_code == 1
    assert (
        unknown.stderr.strip()
        == "Error: no Enterprise named '不存在的公司': check the name, or find it with: chainkg query search -p text 不存"
    )
