"""Each Chinese construction the extractor reads, with the facts it must give."""

from __future__ import annotations

import pytest

from chainkg.graph.facts import EdgeFact, NodeFact
from chainkg.loaders.lexicon import Lexicon
from chainkg.loaders.text import extract_text

LEXICON = Lexicon.shipped()
# Every case is about 湖南 unless it says otherwise, so unattributed breakthroughs go to 湖南.
PREFIX = "湖南省工业和信息化厅发布消息。湖南持续推进产业链建设。\n"


def facts(text: str) -> tuple[set[tuple[str, str]], set[tuple[str, str, str]], list[NodeFact]]:
    found = extract_text(PREFIX + text, LEXICON, path="case.txt", doc_id="case")
    nodes = [f for f in found if isinstance(f, NodeFact)]
    entities = {(f.label, f.name) for f in nodes}
    relations = {
        (f.type, f.source.name, f.target.name) for f in found if isinstance(f, EdgeFact) and f.type != "MENTIONED_IN"
    }
    return entities, relations, nodes


def props(nodes: list[NodeFact], label: str, name: str) -> dict:
    return next(dict(n.props) for n in nodes if n.label == label and n.name == name)


CASES = [
    (
        "supply: X为Y供应Z",
        "长沙星河液压科技有限公司为三一重工、中联重科供应液压件。",
        {("Enterprise", "长沙星河液压科技有限公司"), ("Product", "液压件")},
        {("SUPPLIES", "长沙星河液压科技有限公司", "三一重工"), ("SUPPLIES", "长沙星河液压科技有限公司", "中联重科")},
    ),
    (
        "supply: X向Y配套Z",
        "湘潭峦泰橡塑密封件有限公司向三一集团配套橡塑密封件。",
        {("Enterprise", "湘潭峦泰橡塑密封件有限公司")},
        {("SUPPLIES", "湘潭峦泰橡塑密封件有限公司", "三一集团")},
    ),
    (
        "supply: X是Y的Z供应商, with a short name learned from the legal name",
        "湖南麓江回转支承有限公司成立于2010年。麓江支承是山河智能的回转支承供应商。",
        {("Enterprise", "湖南麓江回转支承有限公司")},
        {("SUPPLIES", "湖南麓江回转支承有限公司", "山河智能")},
    ),
    (
        "supply: Y的Z由X配套 (passive)",
        "株洲辰骅电气科技有限公司是本地企业。中车株机的散热器主要由辰骅电气配套。",
        set(),
        {("SUPPLIES", "株洲辰骅电气科技有限公司", "中车株机")},
    ),
    (
        "making: X生产的Z / X主要生产A和B",
        "铁建重工生产的盾构机销往海外。山河智能主要生产桩工机械和旋挖钻机。",
        {("Product", "盾构机"), ("Product", "桩工机械"), ("Product", "旋挖钻机")},
        {("MAKES", "铁建重工", "盾构机"), ("MAKES", "山河智能", "桩工机械"), ("MAKES", "山河智能", "旋挖钻机")},
    ),
    (
        "breakthrough: X攻克了A、B等一批<category>",
        "今年，中联重科攻克了高压柱塞泵、电液比例阀等一批核心基础零部件。",
        {("Technology", "高压柱塞泵"), ("Technology", "电液比例阀")},
        {("BREAKTHROUGH", "中联重科", "高压柱塞泵"), ("BREAKTHROUGH", "中联重科", "电液比例阀")},
    ),
    (
        "breakthrough with no subject goes to the document's region; 用 ties it to a chain",
        "轨道交通用6500伏IGBT芯片、液相外延设备等一批“卡脖子”技术及产品取得突破。",
        {("Technology", "6500伏IGBT芯片"), ("Technology", "液相外延设备")},
        {("BREAKTHROUGH", "湖南", "6500伏IGBT芯片"), ("BOTTLENECK_OF", "6500伏IGBT芯片", "轨道交通装备")},
    ),
    (
        "breakthrough: X研制的T实现国产替代",
        "中车株机研制的永磁牵引电机实现国产替代。",
        {("Technology", "永磁牵引电机")},
        {("BREAKTHROUGH", "中车株机", "永磁牵引电机")},
    ),
    (
        "open bottlenecks: 仍依赖进口 / 尚未突破 / 受制于人, and one under attack",
        "但工程机械用高端轴承仍依赖进口，高精度编码器尚未突破，工业软件长期受制于人。三一重工正在攻关电驱桥。",
        {
            ("Technology", "高端轴承"),
            ("Technology", "高精度编码器"),
            ("Technology", "工业软件"),
            ("Technology", "电驱桥"),
        },
        {("BOTTLENECK_OF", "高端轴承", "工程机械")},
    ),
    (
        "location: X位于P, P集聚了A、B等企业, X落户P, a park glued to a company",
        "长沙星河液压科技有限公司位于长沙经开区。株洲高新区集聚了中车株机、株洲辰骅电气科技有限公司等企业。"
        "湖南麓江回转支承有限公司落户湘潭经开区。长沙经开区山河智能装备股份有限公司的桩工机械展台。",
        {("Park", "长沙经开区"), ("Park", "株洲高新区"), ("Park", "湘潭经开区")},
        {
            ("LOCATED_IN", "长沙星河液压科技有限公司", "长沙经开区"),
            ("LOCATED_IN", "中车株机", "株洲高新区"),
            ("LOCATED_IN", "株洲辰骅电气科技有限公司", "株洲高新区"),
            ("LOCATED_IN", "湖南麓江回转支承有限公司", "湘潭经开区"),
            ("LOCATED_IN", "山河智能", "长沙经开区"),
        },
    ),
    (
        "location: 在P下线 puts the maker named in the park's name there",
        "“湘江号”盾构机，今年5月在中国铁建重工集团长沙第二产业园下线。",
        {("Park", "中国铁建重工集团长沙第二产业园"), ("Product", "盾构机")},
        {("LOCATED_IN", "铁建重工", "中国铁建重工集团长沙第二产业园"), ("MAKES", "铁建重工", "盾构机")},
    ),
    (
        "membership: 集群拥有A、B等骨干企业",
        "长沙工程机械产业集群拥有三一重工、中联重科、山河智能等骨干企业。",
        {("Cluster", "长沙工程机械产业集群")},
        {
            ("MEMBER_OF", "三一重工", "长沙工程机械产业集群"),
            ("MEMBER_OF", "山河智能", "长沙工程机械产业集群"),
            ("PART_OF", "长沙工程机械产业集群", "工程机械"),
        },
    ),
    (
        "structure: A、B两个世界级产业集群 and chain stages",
        "湖南加快建设工程机械、轨道交通装备两个世界级产业集群。工程机械产业链上游的液压件、回转支承，中游的挖掘机。",
        {
            ("Cluster", "湖南工程机械产业集群"),
            ("Cluster", "湖南轨道交通装备产业集群"),
            ("Product", "回转支承"),
            ("Product", "挖掘机"),
        },
        {
            ("PART_OF", "湖南工程机械产业集群", "工程机械"),
            ("LOCATED_IN", "湖南工程机械产业集群", "湖南"),
            ("PART_OF", "液压件", "工程机械"),
            ("PART_OF", "挖掘机", "工程机械"),
        },
    ),
    (
        "lists: A、B等优势产业链 and A、B等项目 name chains and projects the lexicon lacks",
        "围绕锂电新能源、新能源汽车等优势产业链精准招商，星河智造城、麓江产业园二期等十大产业项目已部分投产。",
        {("Chain", "锂电新能源"), ("Project", "星河智造城"), ("Project", "麓江产业园二期")},
        set(),
    ),
    (
        "subsidiary: X旗下的Y",
        "三一集团旗下的三一重工是龙头企业。",
        set(),
        {("SUBSIDIARY_OF", "三一重工", "三一集团")},
    ),
]


@pytest.mark.parametrize(("case", "text", "entities", "relations"), CASES, ids=[c[0] for c in CASES])
def test_construction(case: str, text: str, entities: set, relations: set) -> None:
    found_entities, found_relations, _ = facts(text)
    assert entities <= found_entities
    assert relations <= found_relations


def test_statuses_and_categories() -> None:
    _, _, nodes = facts(
        "今年，中联重科攻克了高压柱塞泵等一批核心基础零部件。高端轴承仍依赖进口。三一重工正在攻关电驱桥。"
    )
    assert props(nodes, "Technology", "高压柱塞泵") == {
        "bottleneck": True,
        "status": "breakthrough",
        "category": "核心基础零部件",
    }
    assert props(nodes, "Technology", "高端轴承")["status"] == "unsolved"
    assert props(nodes, "Technology", "电驱桥")["status"] == "tackling"


def test_short_aliases_count_only_in_context() -> None:
    alone, _, _ = facts("中联智慧产业城项目开工。")
    assert ("Enterprise", "中联重科") not in alone
    listed, _, _ = facts("中联、山河智能等企业参加。")
    assert ("Enterprise", "中联重科") in listed


def test_parent_and_subsidiary_stay_apart_across_documents() -> None:
    entities, _, _ = facts("三一集团和三一重工均位于长沙。")
    assert {("Enterprise", "三一集团"), ("Enterprise", "三一重工")} <= entities


def test_nothing_is_invented_from_plain_prose() -> None:
    entities, relations, _ = facts("今天天气很好，大家都很开心。会议总结了过去一年的工作。")
    assert entities <= {("Region", "湖南"), ("Organization", "湖南省工业和信息化厅"), ("Document", "case")}
    assert relations == set()
