"""Normalisation keeps a map back to the original characters."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from chainkg.loaders.normalise import normalise


def test_broken_sentence_is_rejoined_and_offsets_point_into_the_original() -> None:
    original = "　　２０２３年，衡岳液压科技股份有限公司为三一重工、中联重科等主机厂批量\n\n供应液压件。"
    doc = normalise(original)
    assert doc.text == "2023年，衡岳液压科技股份有限公司为三一重工、中联重科等主机厂批量供应液压件。"
    start = doc.text.index("供应")
    begin, end = doc.original_span(start, start + 2)
    assert original[begin:end] == "供应"
    assert len(doc.sentences) == 1


def test_short_captions_stay_apart_from_the_next_paragraph() -> None:
    doc = normalise("长沙经开区山河智能装备股份有限公司的桩工机械展台\n\n三一重工18号厂房\n\n湖南出台新政策。")
    assert [doc.text[s:e] for s, e in doc.sentences] == [
        "长沙经开区山河智能装备股份有限公司的桩工机械展台",
        "三一重工18号厂房",
        "湖南出台新政策。",
    ]


def test_lines_ending_with_a_list_mark_always_continue() -> None:
    assert normalise("攻克了液压件、\n密封件。").text == "攻克了液压件、密封件。"


def test_headings_are_never_joined() -> None:
    doc = normalise(
        "# 湖南：配套企业为主机厂强链补链而且这是一个很长很长很长很长很长很长的标题\n正文很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长。"
    )
    assert doc.text.count("\n") == 1


def test_sentences_split_on_chinese_terminators() -> None:
    doc = normalise("甲！乙？丙；丁。戊")
    assert [doc.text[s:e] for s, e in doc.sentences] == ["甲！", "乙？", "丙；", "丁。", "戊"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("甲乙公司、，。\n 　１２ＡＢab#“”")), max_size=120))
def test_every_normalised_character_maps_back_to_its_original(original: str) -> None:
    doc = normalise(original)
    assert len(doc.offsets) == len(doc.text)
    for position, char in enumerate(doc.text):
        source = original[doc.offsets[position]] if doc.offsets[position] < len(original) else "\n"
        if char == "\n":
            assert source in "\n\r" or doc.offsets[position] == len(original)
        else:
            assert source == char or (ord(source) - 0xFEE0) == ord(char)
    assert list(doc.offsets) == sorted(doc.offsets)
