"""Shortcuts the extractor takes for speed find what the plain patterns find: the cue index picks
the rules whose own cue patterns find a cue in a sentence; two-character list items are those
``_PLACE_LIST_ITEM`` finds scanning the whole text; a name's left edge is where ``_NAME_RUN`` starts."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from chainkg.loaders.mentions import _MAX_NAME, _NAME_RUN, _PLACE_LIST_ITEM, _left_edge, _list_items
from chainkg.loaders.text import CUES, RULES

WORDS = sorted(set(CUES.rules))
_pieces = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(WORDS).flatmap(lambda word: st.integers(0, len(word)).map(lambda cut: word[cut:])),
    st.sampled_from(WORDS).flatmap(lambda word: st.integers(0, len(word)).map(lambda cut: word[:cut])),
    st.sampled_from(["⟦E0⟧", "⟦K1⟧", "的", "，", "A", "1", "->", "-"]),
)


def _plain(masked: str) -> set[int]:
    return {number for number, (_, cues) in enumerate(RULES) if cues.search(masked)}


@settings(max_examples=500, deadline=None)
@given(st.lists(_pieces, max_size=10).map("".join))
def test_the_index_cues_the_rules_their_patterns_cue(masked: str) -> None:
    assert CUES.cued(masked) == _plain(masked)


def test_every_cue_word_cues_its_rules() -> None:
    for word in WORDS:
        assert CUES.cued(word) == _plain(word)


@settings(max_examples=1000, deadline=None)
@given(st.text("、，,等和及湖南长沙中A1 \n", max_size=16))
def test_list_items_are_the_patterns_matches(text: str) -> None:
    plain = [hit.span(1) if hit.group(1) else hit.span(2) for hit in _PLACE_LIST_ITEM.finditer(text)]
    assert list(_list_items(text)) == plain


@settings(max_examples=1000, deadline=None)
@given(st.text("甲乙A1·&（）()，。 \n、", max_size=40), st.integers(0, 40))
def test_a_names_left_edge_is_where_the_name_pattern_starts(text: str, position: int) -> None:
    position = min(position, len(text))
    plain = _NAME_RUN.search(text, max(0, position - _MAX_NAME), position).start()
    assert _left_edge(text, position, set()) == plain
