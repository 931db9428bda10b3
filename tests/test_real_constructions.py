"""Constructions real Chinese news and plans use, each with the facts it must give.

The sentences are invented (companies and places made up or generic); the shapes are
those measured on real public texts (../shared/corpus/real): names without a legal
suffix, half-width punctuation, chain layouts, product lists, projects and their owners.
"""

from __future__ import annotations

import pytest

from chainkg.graph.facts import EdgeFact, NodeFact
from chainkg.loaders.lexicon import Lexicon
from chainkg.loaders.text import extract_text

LEXICON = Lexicon.shipped()


def facts(text: str) -> tuple[set[tuple[str, str]], set[tuple[str, str, str]]]:
    found = extract_text(text, LEXICON, path="case.txt", doc_id="case")
    entities = {(f.label, f.name) for f in found if isinstance(f, NodeFact) and f.label != "Document"}
    relations = {
        (f.type, f.source.name, f.target.name) for f in found if isinstance(f, EdgeFact) and f.type != "MENTIONED_IN"
    }
    return entities, relations


CASES = [
    (
        "a stock code after a name, half-width punctuation",
        "日前,湘江动力(600999,股吧)宣布,新工厂投产。",
        {("Enterprise", "湘江动力")},
        set(),
    ),
    (
        "a list closed by 等本土企业",
        "目前,株洲市除了岳麓客车、湘云汽车、星沙重工等本土企业外,还有外地企业。",
        {("Enterprise", "岳麓客车"), ("Enterprise", "湘云汽车"), ("Enterprise", "星沙重工")},
        set(),
    ),
    (
        "the firms behind 引进A、B等N个项目",
        "该市累计引进建设湘碧、楚材、衡锂等60多个产业链项目。",
        {("Enterprise", "湘碧"), ("Enterprise", "楚材"), ("Enterprise", "衡锂")},
        set(),
    ),
    (
        "以A和B为龙头",
        "岳阳新材料产业以星汉电机和睿驰科技为龙头。",
        {("Enterprise", "星汉电机"), ("Enterprise", "睿驰科技")},
        set(),
    ),
    (
        "a dash sequence: steps upstream of the next, B+C both into D",
        "我省光伏产业已形成“石英砂—高纯硅—硅片+辅材—光伏组件”的产业链。",
        {("Product", "石英砂"), ("Product", "高纯硅"), ("Product", "辅材"), ("Chain", "光伏")},
        {
            ("UPSTREAM_OF", "石英砂", "高纯硅"),
            ("UPSTREAM_OF", "高纯硅", "硅片"),
            ("UPSTREAM_OF", "硅片", "光伏组件"),
            ("UPSTREAM_OF", "辅材", "光伏组件"),
            ("PART_OF", "高纯硅", "光伏"),
        },
    ),
    (
        "a coverage list: 形成涵盖A、B等多个领域的产业链",
        "我省风电产业已形成涵盖叶片制造、齿轮箱、整机装配等多个领域、较为完整的产业链。",
        {("Product", "叶片制造"), ("Product", "齿轮箱"), ("Product", "整机装配"), ("Chain", "风电装备")},
        {("PART_OF", "齿轮箱", "风电装备")},
    ),
    (
        "from .. to: 从上游A到中游B、下游C的全产业链",
        "岳阳建立从上游锂矿开采到中游正极材料、下游电池回收的全产业链体系。",
        {("Product", "锂矿开采"), ("Product", "正极材料"), ("Product", "电池回收")},
        set(),
    ),
    (
        "what a company makes: 研发、生产及销售A、B",
        "星沙光电表示,公司将研发、生产及销售碳化硅衬底、外延片。",
        {("Enterprise", "星沙光电"), ("Product", "碳化硅衬底"), ("Product", "外延片")},
        {("MAKES", "星沙光电", "碳化硅衬底"), ("MAKES", "星沙光电", "外延片")},
    ),
    (
        "a list of products: A、B等产品; A、B等机械的X",
        "湘钢每年向下游提供碳化钨、镍粉等产品。新园区将主要生产挖掘机、起重机等机械的液压阀组。",
        {("Product", "碳化钨"), ("Product", "镍粉"), ("Product", "液压阀组")},
        {("UPSTREAM_OF", "液压阀组", "挖掘机"), ("UPSTREAM_OF", "液压阀组", "起重机")},
    ),
    (
        "who runs a project: X投资建设Y项目",
        "星沙光电投资建设株洲碳化硅衬底项目。",
        {("Project", "株洲碳化硅衬底项目")},
        {("OPERATES", "星沙光电", "株洲碳化硅衬底项目")},
    ),
    (
        "lists under a heading",
        "4. 重点企业\n湘云汽车、星沙重工等。\n5. 重点产品\n风机/叶片、齿轮箱等。\n6. 保障措施\n加强服务。",
        {
            ("Enterprise", "湘云汽车"),
            ("Enterprise", "星沙重工"),
            ("Product", "风机"),
            ("Product", "叶片"),
            ("Product", "齿轮箱"),
        },
        set(),
    ),
    (
        "a chain named by X产业 after a place",
        "岳阳市新材料产业完成产值500亿元。",
        {("Chain", "新材料")},
        set(),
    ),
]


@pytest.mark.parametrize(("case", "text", "entities", "relations"), CASES, ids=[c[0] for c in CASES])
def test_construction(case: str, text: str, entities: set, relations: set) -> None:
    found_entities, found_relations = facts(text)
    assert entities <= found_entities
    assert relations <= found_relations


@pytest.mark.parametrize(
    ("case", "text", "label", "name"),
    [
        ("fields are not companies", "在芯片、显示、存储等领域聚集了一批企业。", "Enterprise", "芯片"),
        (
            "a technology layout is not a product chain",
            "形成了涵盖“材料→工艺→设备→电芯”全产业链技术布局。",
            "Product",
            "电芯",
        ),
        (
            "job titles are not companies",
            "据湘云科技总经理、星沙电气董事长介绍,项目进展顺利。",
            "Enterprise",
            "湘云科技总经理",
        ),
        ("a count of parks is no park", "星沙重工常德两大工业园开工。", "Park", "星沙重工常德两大工业园"),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 30 else None,
)
def test_guard(case: str, text: str, label: str, name: str) -> None:
    found_entities, _ = facts(text)
    assert (label, name) not in found_entities


def test_a_pronoun_subject_is_the_company_last_named() -> None:
    _, relations = facts("湘江动力(600999,股吧)多年来专注检测设备。为打破国外垄断,他们历时两年攻克了高精度探针技术。")
    assert ("BREAKTHROUGH", "湘江动力", "高精度探针技术") in relations


def test_a_figure_is_not_a_technology() -> None:
    entities, _ = facts("2021年,衡阳输变电装备营收首次突破了800亿,增长近两成。")
    assert not [name for label, name in entities if label == "Technology"]


@pytest.mark.parametrize(
    ("text", "name", "status"),
    [
        ("为解决功率模块“卡脖子”问题,两家公司合资成立新公司。", "功率模块", "tackling"),
        ("湘江动力攻克了高压柱塞泵卡脖子难题。", "高压柱塞泵", "breakthrough"),
        ("探针卡产品对外依赖度将近90%,成为我国芯片快速发展的主要瓶颈之一。", "探针卡", "unsolved"),
    ],
)
def test_choke_points_and_dependence(text: str, name: str, status: str) -> None:
    found = extract_text(text, LEXICON, path="case.txt", doc_id="case")
    statuses = {f.name: f.props.get("status") for f in found if isinstance(f, NodeFact) and f.label == "Technology"}
    assert statuses.get(name) == status, statuses


def test_a_launch_is_making_and_a_framed_one_a_breakthrough() -> None:
    entities, relations = facts("湘江动力(600999)研制出大吨位旋挖钻机。")
    assert ("MAKES", "湘江动力", "大吨位旋挖钻机") in relations
    assert not [name for label, name in entities if label == "Technology"]
    entities, relations = facts("为打破国外垄断,湘江动力(600999)历时三年研制出高压柱塞泵。")
    assert ("BREAKTHROUGH", "湘江动力", "高压柱塞泵") in relations


def test_a_purchase_is_supply_the_other_way() -> None:
    _, relations = facts("湘云储能(300999)拟向星沙锂电(688999)采购20万吨磷酸铁锂。")
    assert ("SUPPLIES", "星沙锂电", "湘云储能") in relations


def test_a_county_short_name_in_a_list_of_places() -> None:
    entities, _ = facts("项目已延伸至古田、屏南、福安等周边区域。")
    assert {("Region", "古田县"), ("Region", "屏南县"), ("Region", "福安")} <= entities


def test_founded_in_a_place() -> None:
    _, relations = facts("两家公司在株洲合资成立湘芯半导体有限公司。")
    assert ("LOCATED_IN", "湘芯半导体有限公司", "株洲") in relations


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("据湘云科技总经理王某介绍,项目进展顺利。", "湘云科技"),
        ("2023年5月星沙绿能自主研发的电池效率创新高。", "星沙绿能"),
        ("招商银行、浦发银行等省汽车产业链金融服务专班介绍了支持方向。", "浦发银行"),
    ],
)
def test_companies_named_by_what_they_do(text: str, name: str) -> None:
    entities, _ = facts(text)
    assert ("Enterprise", name) in entities


def test_cluster_members_and_leaders() -> None:
    _, relations = facts("这里已形成以湘云汽车集团有限公司为龙头的省级汽车产业集群。")
    assert ("MEMBER_OF", "湘云汽车集团有限公司", "省级汽车产业集群") in relations
    _, relations = facts(
        "株洲新材料产业集群入选国家级集群。集群目前在涂层、刀具等领域聚集了星沙硬质、湘云刀具等一批企业。"
    )
    assert ("MEMBER_OF", "星沙硬质", "株洲新材料产业集群") in relations


def test_a_short_name_of_a_listed_firm_is_that_firm() -> None:
    entities, _ = facts("聚集起株洲星汉切削、株洲华晟等企业。株洲星汉、株洲华晟等企业加强合作。")
    assert ("Enterprise", "株洲星汉切削") in entities and ("Enterprise", "株洲星汉") not in entities


def test_all_in_one_segments_of_the_cluster_chain() -> None:
    entities, relations = facts("这里已形成集整车制造、电驱系统生产、研发销售于一体的省级汽车产业集群。")
    assert ("PART_OF", "整车制造", "汽车") in relations and ("PART_OF", "电驱系统生产", "汽车") in relations
    assert ("Product", "研发销售") not in entities


def test_what_a_place_brings_in_lies_there() -> None:
    _, relations = facts("株洲围绕补链强链,引进了湘云智能终端基地、星沙芯片封测等一批重大项目。")
    assert ("LOCATED_IN", "湘云智能终端基地", "株洲") in relations
    _, relations = facts("湘江动力(600999)总投资30亿元的第5代电驱生产线正式落户株洲高新区。")
    assert ("OPERATES", "湘江动力", "第5代电驱生产线") in relations
    assert ("LOCATED_IN", "第5代电驱生产线", "株洲高新区") in relations


def test_what_is_produced_or_shipped_is_a_product() -> None:
    entities, _ = facts("2023年,湖南硅片、光伏玻璃出货量全球领先。2019年粗铜产量为120万吨。")
    assert {("Product", "硅片"), ("Product", "光伏玻璃"), ("Product", "粗铜")} <= entities


def test_national_agencies() -> None:
    entities, _ = facts("国家统计局数据显示,产量继续增长。")
    assert ("Organization", "国家统计局") in entities


def test_annual_output_with_the_quantity_after_and_a_company_named_site() -> None:
    _, relations = facts("湘江动力(600999)新厂开工。该项目达产后可年产各种型号液压阀52万件。")
    assert ("MAKES", "湘江动力", "液压阀") in relations
    entities, _ = facts("星沙锂能股份有限公司年产能超过8万吨。")
    assert not [name for label, name in entities if label == "Product"]


def test_a_cluster_of_the_place_spoken_of() -> None:
    entities, relations = facts(
        "近年来,该市推进先进陶瓷产业集群高端化发展。株洲建立从上游粉体制备到下游器件制造的全产业链体系。"
    )
    assert ("Cluster", "先进陶瓷产业集群") in entities
    assert ("PART_OF", "粉体制备", "先进陶瓷") in relations
    entities, _ = facts("锂电产业成为该市诞生的第二个千亿产业集群。")
    assert not [name for label, name in entities if label == "Cluster"]


def test_makers_jointly_and_shortfalls_of_an_industry() -> None:
    _, relations = facts("由湘江动力(600999)、星沙重工(600998)联合研制的大型盾构机成功下线。")
    assert {("MAKES", "湘江动力", "盾构机"), ("MAKES", "星沙重工", "盾构机")} <= relations
    _, relations = facts("高端轴承一直是中国工程机械行业的短板。")
    assert ("BOTTLENECK_OF", "高端轴承", "工程机械") in relations


def test_a_company_site_being_built_is_its_project() -> None:
    entities, relations = facts("三一重工电驱工业园举行奠基开工仪式。三一重工电驱工业园位于株洲高新区。")
    assert ("Project", "三一重工电驱工业园") in entities and ("Park", "三一重工电驱工业园") not in entities
    assert ("OPERATES", "三一重工", "三一重工电驱工业园") in relations


def test_a_project_that_settles_and_its_other_names() -> None:
    entities, relations = facts("湘云电气电驱系统产业化建设项目落地株洲。电驱系统产业化(株洲)建设项目正式落地。")
    projects = {name for label, name in entities if label == "Project"}
    assert projects == {"湘云电气电驱系统产业化建设项目"}
    assert ("LOCATED_IN", "湘云电气电驱系统产业化建设项目", "株洲") in relations


def test_located_in_the_most_precise_place_written() -> None:
    _, relations = facts("湘云电气股份有限公司位于常德市鼎城灌溪开发区。")
    assert ("LOCATED_IN", "湘云电气股份有限公司", "鼎城灌溪开发区") in relations


def test_what_a_base_or_a_maker_makes() -> None:
    entities, _ = facts("岳阳已成为全国最大的钛合金管材生产基地。星沙锂能是国内领先的专业固态电池制造商。")
    assert {("Product", "钛合金管材"), ("Product", "固态电池")} <= entities
    entities, _ = facts("全市光伏产业加快发展,岳阳是重要的光伏生产基地。")
    assert ("Product", "光伏") not in entities


def test_an_agency_and_its_abbreviation_are_one() -> None:
    found = extract_text("会议由省工业和信息化厅主办。省工信厅负责人出席。", LEXICON, path="case.txt", doc_id="case")
    bodies = [f for f in found if isinstance(f, NodeFact) and f.label == "Organization"]
    assert [(b.name, b.aliases) for b in bodies] == [("省工业和信息化厅", ("省工信厅",))]


def test_works_under_way_are_projects() -> None:
    entities, _ = facts("星沙5G产品线等建成投产,湘云T3项目一期达产,岳麓电驱工业园、麓谷第三代半导体等开工建设。")
    assert {("Project", "星沙5G产品线"), ("Project", "湘云T3项目"), ("Project", "麓谷第三代半导体")} <= entities


def test_names_a_lexicon_gives_are_never_folded() -> None:
    from chainkg.loaders.lexicon import Entry

    lexicon = Lexicon.shipped()
    for name in ("电驱系统产业化建设项目", "星沙电驱系统产业化建设项目"):
        lexicon.add(Entry("Project", name, (), {}, "tables"))
    found = extract_text(
        "电驱系统产业化建设项目与星沙电驱系统产业化建设项目同时开工。", lexicon, path="case.txt", doc_id="case"
    )
    projects = {f.name for f in found if isinstance(f, NodeFact) and f.label == "Project"}
    assert projects == {"电驱系统产业化建设项目", "星沙电驱系统产业化建设项目"}


def test_an_institute_company_is_a_company() -> None:
    entities, _ = facts("今年中车株洲电力机车研究所有限公司与星沙重工达成合作。")
    assert ("Enterprise", "中车株洲电力机车研究所有限公司") in entities
    assert not [name for label, name in entities if label == "Organization"]


def test_a_government_work_report_names_its_place() -> None:
    entities, _ = facts("株洲市政府工作报告\n各位代表:现在,我代表市人民政府作报告。")
    assert ("Region", "株洲") in entities
    assert ("Organization", "株洲市政府") not in entities


@pytest.mark.parametrize(
    ("text", "technologies"),
    [
        ("50个关键核心技术攻关项目稳步实施,激光雷达、工业软件等领域技术攻关取得新进展。", {"激光雷达", "工业软件"}),
        ("该公司是推动我国固态电池技术攻关的主力军。", {"固态电池技术"}),
        ("各地加强关键核心技术攻关。", set()),
        ("实施“十大技术攻关项目”。", set()),
    ],
)
def test_fields_of_technology_work(text: str, technologies: set[str]) -> None:
    entities, _ = facts(text)
    assert {name for label, name in entities if label == "Technology"} == technologies


@pytest.mark.parametrize(
    ("text", "chains", "not_chains"),
    [
        ("做强半导体与集成电路、激光与增材制造等产业集聚。", {"半导体与集成电路", "激光与增材制造"}, {"集成电路"}),
        ("推动生物医药、智慧康养、绿色食品产业提质增效。", {"生物医药", "智慧康养", "绿色食品"}, set()),
        ("培育新能源汽车、无人机、低空经济产业集群。", {"新能源汽车"}, {"无人机", "低空经济"}),
    ],
)
def test_industries_listed_as_written(text: str, chains: set[str], not_chains: set[str]) -> None:
    entities, _ = facts(text)
    found = {name for label, name in entities if label == "Chain"}
    assert chains <= found and not found & not_chains


def test_a_project_listed_with_a_conjunction_in_its_name() -> None:
    entities, _ = facts(
        "签约项目包括株洲电驱研发中心项目、星沙芯片和大硅片用抛光垫产业化项目、湘潭传感器研制基地项目。"
    )
    projects = {name for label, name in entities if label == "Project"}
    assert "星沙芯片和大硅片用抛光垫产业化项目" in projects and "大硅片用抛光垫产业化项目" not in projects
    entities, _ = facts("三一重工和中联重科项目开工。")
    assert ("Project", "三一重工和中联重科项目") not in entities


@pytest.mark.parametrize(
    ("text", "products"),
    [
        ("形成完整制造体系,以及变速箱等核心零部件的自主配套能力。", {"变速箱"}),
        ("公司生产减速器等核心零部件。", {"减速器"}),
        ("攻关控制器等核心零部件。", set()),
        ("企业加快布局等关键零部件。", set()),
    ],
)
def test_one_named_core_part(text: str, products: set[str]) -> None:
    entities, _ = facts(text)
    assert {name for label, name in entities if label == "Product"} == products
