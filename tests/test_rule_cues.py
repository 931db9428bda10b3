"""The cue index picks the rules whose own cue patterns find a cue in a sentence (the plain path)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

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
