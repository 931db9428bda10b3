"""The lexicon's Python walk finds what pyahocorasick's ``iter_long`` finds (the plain path)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chainkg.loaders.lexicon import Entry, Lexicon
from chainkg.loaders.normalise import normalise

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = Lexicon.shipped()
FORMS = sorted(SHIPPED._forms())


def _plain(lexicon: Lexicon, text: str) -> list:
    return list(lexicon._hits(text, overlapping=False))


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "tests" / "gold").rglob("*.txt")) + [ROOT / "examples" / "hunan" / "news_supply.txt"],
    ids=lambda p: p.name,
)
def test_the_walk_finds_the_automatons_hits_in_our_documents(path: Path) -> None:
    text = normalise(path.read_text("utf-8")).text
    assert list(SHIPPED.matches(text)) == _plain(SHIPPED, text)


# texts made of the shipped forms, their pieces and a few other characters: the walk's odd cases
# (a form inside a longer one's path, a fail link to a shorter form) come up often
_pieces = st.one_of(
    st.sampled_from(FORMS),
    st.sampled_from(FORMS).flatmap(lambda form: st.integers(0, len(form)).map(lambda cut: form[:cut])),
    st.sampled_from(FORMS).flatmap(lambda form: st.integers(0, len(form)).map(lambda cut: form[cut:])),
    st.sampled_from(list("的和、，。产业集群有限公司湖南长沙A1 ")),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_pieces, max_size=12).map("".join))
def test_the_walk_finds_the_automatons_hits_in_any_text(text: str) -> None:
    assert list(SHIPPED.matches(text)) == _plain(SHIPPED, text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text("abcd", min_size=1, max_size=4), min_size=1, max_size=8, unique=True),
    st.text("abcde", max_size=30),
)
def test_the_walk_matches_the_automaton_on_small_alphabets(words: list[str], text: str) -> None:
    entries = [Entry("Product", f"w{number}", (word,)) for number, word in enumerate(words)]
    entries += [Entry("Product", f"filler{number}") for number in range(300)]  # big enough to take the walk
    lexicon = Lexicon(entries)
    assert list(lexicon.matches(text)) == _plain(lexicon, text)
