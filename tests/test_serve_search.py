"""The explorer's search index against the plain search that looks at every text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from chainkg.explorer.names import NameIndex, plain_search

LETTERS = "aAbB三一重工İß\u0130 "
texts = st.text(alphabet=LETTERS, min_size=0, max_size=6)


@st.composite
def graphs(draw: st.DrawFn) -> list[tuple[str, str, str, list[str]]]:
    names = draw(st.lists(texts, max_size=30, unique=True))
    return [
        ("Enterprise", f"Enterprise:{i}:{name}", name, draw(st.lists(texts, max_size=3)))
        for i, name in enumerate(names)
    ]


@settings(max_examples=300, deadline=None)
@given(graphs(), st.text(alphabet=LETTERS, max_size=4), st.integers(1, 8))
def test_the_index_finds_what_looking_at_every_text_finds(rows: list, needle: str, limit: int) -> None:
    assert NameIndex(rows).search(needle, limit) == plain_search(rows, needle, limit)


def test_exact_names_first_then_shorter_texts_and_every_node_once() -> None:
    rows = [
        ("Enterprise", "Enterprise:三一重工", "三一重工", ["Sany", "三一"]),
        ("Enterprise", "Enterprise:三一", "三一", []),
        ("Product", "Product:三一重工配件", "三一重工配件", ["三一重工 配件"]),
    ]
    hits = NameIndex(rows).search("三一")
    assert [(h["id"], h["matched"]) for h in hits] == [
        ("Enterprise:三一", "三一"),
        ("Enterprise:三一重工", "三一"),
        ("Product:三一重工配件", "三一重工配件"),
    ]
    assert NameIndex(rows).search("SANY") == [
        {"label": "Enterprise", "id": "Enterprise:三一重工", "name": "三一重工", "matched": "Sany"}
    ]
    assert NameIndex(rows).search("重工 配") == [
        {"label": "Product", "id": "Product:三一重工配件", "name": "三一重工配件", "matched": "三一重工 配件"}
    ]
    assert NameIndex(rows).search("") == NameIndex(rows).search("\x00") == NameIndex([]).search("三") == []


def test_a_common_pair_is_narrowed_by_the_next_and_the_limit_holds() -> None:
    rows = [("Enterprise", f"Enterprise:{i:05d}", f"有限公司{i:05d}", []) for i in range(3_000)]
    rows.append(("Enterprise", "Enterprise:x", "有限科技公司", []))
    index = NameIndex(rows)
    assert index.search("限公司0001", 5) == plain_search(rows, "限公司0001", 5)
    assert len(index.search("公司")) == 50 and index.search("科技公") == plain_search(rows, "科技公")
