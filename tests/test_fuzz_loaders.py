"""Property-based tests: no exception escapes the reader or the extractor, whatever the input."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chainkg.errors import LoadError
from chainkg.graph.facts import EdgeFact, apply_facts
from chainkg.graph.model import KnowledgeGraph
from chainkg.loaders.lexicon import Lexicon
from chainkg.loaders.reading import read_document
from chainkg.loaders.text import extract_text

LEXICON = Lexicon.shipped()
PIECES = [
    "三一重工",
    "中联",
    "湖南",
    "长沙经开区",
    "股份有限公司",
    "有限公司",
    "集团",
    "为",
    "向",
    "供应",
    "配套",
    "攻克了",
    "取得突破",
    "仍依赖进口",
    "尚未突破",
    "正在攻关",
    "位于",
    "集聚了",
    "等企业",
    "等一批",
    "产业集群",
    "产业链",
    "上游的",
    "、",
    "，",
    "。",
    "\n",
    "\n\n",
    "“",
    "”",
    "⟦E0⟧",
    "用",
    "所需的",
    "旗下的",
    "在",
    "下线",
    "１２",
    "ＡＢ",
]
chinese_like = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=60).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chinese_like)
def test_the_extractor_never_raises_and_its_facts_load(text: str) -> None:
    facts = extract_text(text, LEXICON, path="fuzz.txt", doc_id="fuzz")
    for fact in facts:
        if isinstance(fact, EdgeFact) and fact.type == "MENTIONED_IN":
            start, end = fact.props["char_start"], fact.props["char_end"]
            assert text[start:end] == fact.props["text"]
    apply_facts(KnowledgeGraph(), facts)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_arbitrary_unicode_with_mixed_scripts(text: str) -> None:
    apply_facts(KnowledgeGraph(), extract_text(text, LEXICON, path="fuzz.txt", doc_id="fuzz"))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400), st.sampled_from([".txt", ".md", ".html", ".pdf", ".docx"]))
def test_the_reader_raises_only_load_errors(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"doc{suffix}"
        path.write_bytes(data)
        try:
            document = read_document(path)
        except LoadError as exc:
            assert exc.where == str(path) and exc.fix
        else:
            assert document.text.strip()
