"""Documents into facts: read, normalise, find mentions, apply relation rules.

Two passes over a document: the first finds names by their form and in lists
(``A、B等企业``) and learns the shorter names they go by; the second matches
those too, then reads relations sentence by sentence. Every node and edge keeps
its provenance: document id (content hash), path, sentence index, character
offsets into the original text and the rule that produced it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from chainkg.graph.facts import EdgeFact, NodeFact
from chainkg.graph.schema import SCHEMA
from chainkg.loaders.assemble import Assembly
from chainkg.loaders.firms import FIRM_RULES
from chainkg.loaders.lexicon import Entry, Lexicon, Match
from chainkg.loaders.mentions import Mention, _from_match, find_mentions, lexicon_mentions, short_names
from chainkg.loaders.normalise import NormalisedText, normalise
from chainkg.loaders.reading import MAX_DOCUMENT_BYTES, read_document
from chainkg.loaders.rulebase import Context, NewEntity, Ref, Relation, Rule
from chainkg.loaders.rules_links import LINK_RULES, cluster_chain, rule_lists
from chainkg.loaders.rules_projects import PROJECT_RULES
from chainkg.loaders.rules_segments import SEGMENT_RULES
from chainkg.loaders.rules_tech import TECHNOLOGY_RULES
from chainkg.loaders.rules_trade import TRADE_RULES
from chainkg.loaders.sentence import SentenceView
from chainkg.loaders.variants import fold_variants

__all__ = ["extract_text", "read_text_document"]

# (rule, cues): a rule runs only on sentences that hold one of its cue words.
_CUED_RULES = TECHNOLOGY_RULES + TRADE_RULES + LINK_RULES + SEGMENT_RULES + PROJECT_RULES
RULES = tuple((rule, re.compile("|".join(map(re.escape, cues)))) for rule, cues in _CUED_RULES)


class _CueIndex:
    """Which of ``RULES`` a sentence cues, found by one pattern of every cue word instead of one
    search per rule: it finds the longest cue word starting at each place a cue word starts, and
    a rule is cued where one of its cue words begins that word (a cue found is such a prefix)."""

    def __init__(self, cued: tuple[tuple[Rule, tuple[str, ...]], ...]) -> None:
        words = sorted({word for _, cues in cued for word in cues}, key=lambda word: (-len(word), word))
        self.pattern = re.compile("|".join(map(re.escape, words)))
        self.rules = {
            word: frozenset(
                number for number, (_, cues) in enumerate(cued) if any(word.startswith(cue) for cue in cues)
            )
            for word in words
        }

    def cued(self, masked: str) -> set[int]:
        """The numbers of the rules (in ``RULES``) one of whose cue words ``masked`` holds."""
        found: set[int] = set()
        hit = self.pattern.search(masked)
        while hit is not None:
            found |= self.rules[hit.group()]
            hit = self.pattern.search(masked, hit.start() + 1)
        return found


CUES = _CueIndex(_CUED_RULES)


def read_text_document(
    path: Path, display: str, lexicon: Lexicon, max_bytes: int = MAX_DOCUMENT_BYTES
) -> list[NodeFact | EdgeFact]:
    """Facts from one document file (.txt, .md, .html, .pdf, .docx)."""
    raw = read_document(path, max_bytes)
    return extract_text(raw.text, lexicon, path=display, doc_id=raw.content_hash, title=raw.title)


def extract_text(text: str, lexicon: Lexicon, *, path: str, doc_id: str, title: str = "") -> list[NodeFact | EdgeFact]:
    """Facts from the text of one document."""
    norm = normalise(text)
    hits = lexicon_mentions(norm.text, lexicon)
    extra = _learn_names(norm, lexicon, hits)
    mentions = find_mentions(norm.text, lexicon, extra, hits=hits)
    fold_variants(mentions, lexicon.region_names())
    context = _context(norm, mentions, lexicon)
    outputs: list[NewEntity | Relation] = []
    for view in _views(norm, mentions):
        for number in sorted(CUES.cued(view.masked)):  # in the order of RULES
            outputs.extend(RULES[number][0](view, context))
        last = {m.label: m for m in view.mentions}  # the last mention of each label in the sentence
        chain = last.get("Chain")
        if chain is None and "Cluster" in last:
            chain = cluster_chain(
                last["Cluster"], context
            )  # 推进先进硬质材料产业集群…: the chain the text goes on about
        context.last_chain = chain if chain is not None else context.last_chain
        context.last_cluster = last.get("Cluster", context.last_cluster)
        context.last_enterprise = last.get("Enterprise", context.last_enterprise)
        context.last_project = last.get("Project", context.last_project)
    outputs = _resolve_served(outputs, mentions, context)
    assembly = Assembly(text, norm, doc_id, path, title, lexicon)
    return assembly.facts(mentions, outputs)


def _views(norm: NormalisedText, mentions: list[Mention], cue: str = "") -> Iterable[SentenceView]:
    """Each sentence masked with its mentions (only those holding ``cue``, if given)."""
    cursor = 0
    for index, (start, end) in enumerate(norm.sentences):
        while cursor < len(mentions) and mentions[cursor].start < start:
            cursor += 1
        inside = []
        while cursor < len(mentions) and mentions[cursor].end <= end:
            inside.append(mentions[cursor])
            cursor += 1
        sentence = norm.text[start:end]
        if not cue or cue in sentence:
            yield SentenceView.build(index, start, sentence, inside)


def _learn_names(norm: NormalisedText, lexicon: Lexicon, hits: list[Mention]) -> Lexicon:
    """Names this document introduces: legal names with their short forms, list items."""
    first = find_mentions(norm.text, lexicon, names_only=True, hits=hits)
    places = {m.name: m for m in first if m.rule == "district"}
    regions = (
        lexicon.region_names() | set(places) if places else lexicon.region_names()
    )  # thousands: not copied for nothing
    learned = Lexicon(Entry("Region", m.name, m.aliases, dict(m.props), "doc-place") for m in places.values())
    known: set[str] = set()
    for mention in {m.name: m for m in first}.values():
        if mention.rule == "park-suffix" and (place := _leading_place(mention.name, regions)):
            learned.add(
                Entry("Park", mention.name, (mention.name[len(place) :],), {}, "doc-name")
            )  # 上海临港产业区 / 临港产业区
        if mention.rule == "chain-suffix":
            learned.add(Entry("Chain", mention.name, (), {}, "doc-name"))
        if mention.rule in FIRM_RULES:
            learned.add(Entry("Enterprise", mention.name, (), {}, "doc-name"))
        if mention.rule == "legal-suffix" and mention.name.endswith("分公司"):
            # 上汽乘用车郑州分公司: a branch; the name before its place is the company it belongs to
            parent = _branch_parent(mention.name, regions)
            learned.add(Entry("Enterprise", mention.name, (), {}, "doc-name"))
            if parent:
                learned.add(Entry("Enterprise", parent, (), {}, "doc-name"))
            known.update([mention.name, parent])
        elif mention.rule == "legal-suffix" and not _group_of(mention.name, first):
            shorter = short_names(norm.text, mention.name, regions)
            shorter += [m.name for m in first if m.rule == "legal-suffix" and _group_of(m.name, [mention])]
            learned.add(Entry("Enterprise", mention.name, tuple(shorter), {}, "doc-name"))
            known.update([mention.name, *shorter])
    if "等" not in norm.text:
        return learned
    context = _context(norm, first, lexicon)
    for view in _views(norm, first, cue="等"):
        for output in rule_lists(view, context):
            if isinstance(output, NewEntity) and output.label in {"Enterprise", "Chain"} and output.name not in known:
                learned.add(Entry(output.label, output.name, (), {}, "doc-list"))
    return learned


def _group_of(name: str, mentions: list[Mention]) -> bool:
    """洪都集团 beside 航空工业洪都集团: a group's name that a longer legal name ends with."""
    return (
        name.endswith("集团")
        and len(name) >= 4
        and any(m.rule == "legal-suffix" and len(m.name) > len(name) and m.name.endswith(name) for m in mentions)
    )


def _branch_parent(branch: str, regions: frozenset[str] | set[str]) -> str:
    """上汽乘用车郑州分公司 -> 上汽乘用车: the words before the branch's place (none if no place)."""
    stem = branch.removesuffix("分公司")
    for length in range(2, min(5, len(stem) - 2) + 1):
        place = stem[-length:].removesuffix("市")
        if place in regions and len(stem) - length >= 3:
            return stem[:-length]
    return ""


def _leading_place(name: str, regions: frozenset[str] | set[str]) -> str:
    """The place a park's name starts with (上海临港产业区), when four characters or more follow it."""
    for length in range(len(name) - 4, 1, -1):
        if name[:length] in regions:
            return name[:length]
    return ""


def _context(norm: NormalisedText, mentions: list[Mention], lexicon: Lexicon) -> Context:
    regions = Counter(m.name for m in mentions if m.label == "Region")
    provinces = {m.name for m in mentions if m.label == "Region" and m.props.get("level") == "province"}
    ranked = sorted(regions, key=lambda name: (-regions[name], name not in provinces, name))
    top = [(ranked[0], regions[ranked[0]])] if ranked else []
    years = Counter(re.findall(r"(20\d\d)年", norm.text)).most_common(1)
    chains = {m.text: m for m in mentions if m.label == "Chain"}

    known_chains: dict[str, Ref | None] = {}  # the answers so far, for this document

    def chain_of(name: str) -> Ref | None:
        if name not in known_chains:
            hits = [m for m in lexicon.matches(name) if m.entry.label == "Chain" and m.end - m.start == len(name)]
            if hits:
                known_chains[name] = Ref("Chain", hits[0].entry.name)
            else:
                known_chains[name] = Ref("Chain", chains[name].name) if name in chains else None
        return known_chains[name]

    inner_hits: dict[str, tuple[Match, ...]] = {}

    def inside_text(text: str) -> tuple[Match, ...]:
        if text not in inner_hits:
            inner_hits[text] = tuple(m for m in lexicon.all_matches(text) if m.end - m.start < len(text))
        return inner_hits[text]

    def inside(outer: Mention) -> list[Mention]:
        found = [_from_match(m, "lexicon") for m in inside_text(outer.text)]
        for mention in found:
            mention.start, mention.end = mention.start + outer.start, mention.end + outer.start
        return found

    def paragraph(position: int) -> str:
        """The line (paragraph) of the normalised text holding ``position``."""
        start = norm.text.rfind("\n", 0, position) + 1
        end = norm.text.find("\n", position)
        return norm.text[start : end if end >= 0 else len(norm.text)]

    region = Ref("Region", top[0][0]) if top else None
    context = Context(region, int(years[0][0]) if years else None, chain_of, inside, frozenset(regions))
    context.paragraph = paragraph
    return context


def _resolve_served(
    outputs: list[NewEntity | Relation], mentions: list[Mention], context: Context
) -> list[NewEntity | Relation]:
    """Point "what a technology serves" at a known chain, else a chain or product of this document;
    drop it when nothing fits, and drop relations the schema forbids."""
    named = {(m.label, m.name) for m in mentions}
    named |= {(o.label, o.name) for o in outputs if isinstance(o, NewEntity)}
    kept: list[NewEntity | Relation] = []
    for output in outputs:
        if isinstance(output, Relation) and output.rule.endswith("+application"):
            name = re.sub(r"(?:生产|制造|加工|行业|产业链|产业)$", "", output.target.name)
            target = context.chain_of(name) or next(
                (Ref(label, name) for label in ("Chain", "Product") if (label, name) in named), None
            )
            if target is None:
                continue
            output.target = target
        if isinstance(output, Relation) and (
            output.source == output.target or not SCHEMA.allows(output.type, output.source.label, output.target.label)
        ):
            continue
        kept.append(output)
    return kept
