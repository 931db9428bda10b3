"""Organisations by form: agencies, park committees, universities and institutes."""

from __future__ import annotations

import re

import pytest

from chainkg.loaders.bodies import find_bodies
from chainkg.loaders.lexicon import Lexicon
from chainkg.loaders.mentions import Mention, lexicon_mentions
from chainkg.loaders.places import region_entries


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon(region_entries())


def bodies(text: str, lexicon: Lexicon, extra: list[Mention] = ()) -> list[tuple[str, str]]:
    known = sorted(lexicon_mentions(text, lexicon) + list(extra), key=lambda m: m.start)
    return [(m.name, m.rule) for m in find_bodies(text, known)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("会议由省工信厅主办。", [("省工信厅", "agency")]),
        ("株洲市商务局发布了名单。", [("株洲市商务局", "agency")]),
        ("湖南省工业和信息化厅印发通知。", [("湖南省工业和信息化厅", "agency")]),
        ("记者从市发改委获悉，区发改局也将跟进。", [("市发改委", "agency"), ("区发改局", "agency")]),
        ("我代表市人民政府作报告。", [("市人民政府", "agency")]),
        ("荷塘区经促局组织企业参展。", [("荷塘区经促局", "agency")]),
        ("株洲市市场监督管理局开展检查。", [("株洲市市场监督管理局", "agency")]),
    ],
)
def test_agencies(lexicon, text, expected):
    assert bodies(text, lexicon) == expected


@pytest.mark.parametrize(
    "text",
    [
        "贯彻落实省委部署。",
        "全市工信局长会议召开。",
        "企业来株洲布局新产线。",
        "城市商务局势良好。",
        "这是一家超市政府采购的项目。",
    ],
)
def test_not_agencies(lexicon, text):
    assert bodies(text, lexicon) == []


def test_agency_keeps_its_place(lexicon):
    text = "株洲市人民政府与企业签约。"
    known = lexicon_mentions(text, lexicon)
    (body,) = find_bodies(text, known)
    assert (body.label, body.name, body.props["region"]) == ("Organization", "株洲市人民政府", "株洲")


def test_park_committee(lexicon):
    text = "株洲高新区管委会负责人介绍。"
    park = Mention(0, 5, "株洲高新区", "Park", "株洲高新区", "lexicon")
    assert bodies(text, lexicon, [park]) == [("株洲高新区管委会", "park-committee")]
    assert bodies("南昌航空城管委会成立。", lexicon) == [("南昌航空城管委会", "park-committee")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("企业加强与峦岳大学的合作。", [("峦岳大学", "university")]),
        ("株洲职业技术学院培养技工。", [("株洲职业技术学院", "university")]),
        ("联合湖南省峦泰机械研究院攻关。", [("湖南省峦泰机械研究院", "institute")]),
        ("数据来自峦维经济研究院。", [("峦维经济研究院", "institute")]),
        ("中国科学院峦山研究所发布成果。", [("中国科学院峦山研究所", "institute")]),
    ],
)
def test_schools(lexicon, text, expected):
    assert bodies(text, lexicon) == expected


@pytest.mark.parametrize(
    "text",
    ["成立研究院。", "组建技术研究院，服务企业。", "高校和研究所参与。", "吸引大学生就业。", "入驻大学城。"],
)
def test_generic_schools_are_not_bodies(lexicon, text):
    assert bodies(text, lexicon) == []


def test_inside_a_longer_known_name(lexicon):
    text = "株洲峦泰研究所有限公司投产。"
    firm = Mention(0, 11, "株洲峦泰研究所有限公司", "Enterprise", "株洲峦泰研究所有限公司", "legal-suffix")
    assert bodies(text, lexicon, [firm]) == []


def test_bodies_do_not_overlap_each_other(lexicon):
    text = "省工信厅、株洲市工信局和湖南大学参会。"
    found = find_bodies(text, sorted(lexicon_mentions(text, lexicon), key=lambda m: m.start))
    spans = [(m.start, m.end) for m in found]
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    assert [m.name for m in found] == ["省工信厅", "株洲市工信局", "湖南大学"]
    assert all(re.fullmatch(r"[\u4e00-\u9fff]+", m.text) for m in found)
