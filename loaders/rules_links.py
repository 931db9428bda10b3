"""Rules for where things are and how they group: place, membership, chain structure, lists."""

from __future__ import annotations

import re
from collections.abc import Iterator

from chainkg.loaders.mentions import Mention
from chainkg.loaders.rulebase import (
    E_LIST,
    Context,
    NewEntity,
    Output,
    Ref,
    Relation,
    clean_term,
    find_products,
    ref,
    refs,
)
from chainkg.loaders.sentence import SentenceView

__all__ = ["LINK_RULES"]

_ANY_TOKEN = re.compile(r"⟦[A-Z]\d+⟧")
_CHAIN_TOKEN = re.compile(r"⟦C\d+⟧")
_AND = re.compile(r"、|和")
_LIST_SEP = re.compile(r"、|和|与|以及")
_DENG = re.compile("等")
_PROJECT_LIKE = re.compile(r"\d|[A-Za-z]|项目|工程|基地|工厂|园|城$|期$|生产线|中心|专项|计划")
_NOT_A_NAME = re.compile(r"%|年|月|^\d+$")
# -- place and membership ------------------------------------------------------

_HOLDERS = r"((?:⟦[EOJ]\d+⟧(?:、|，|和|与|及|以及)?)+)"
_LOCATED = re.compile(
    _HOLDERS
    + r"[^⟦，。；]{0,6}?(?:均|都|也|已)?(?:位于|坐落于|坐落在|地处|落户于?|落地|扎根于?|入驻|选址|成立于|注册于)(?:在)?(?:⟦[PR]\d+⟧)*⟦([PR])(\d+)⟧"
)  # 位于常德市鼎城灌溪开发区: the last, most precise place
_SETTLED = re.compile(_HOLDERS + r"(?:等)?(?:顺利|正式|已|先后|相继)?落户(?!于?⟦)")
_GATHERS = re.compile(r"⟦([PR])(\d+)⟧(?:已|目前)?(?:集聚|聚集|汇聚|吸引|引进|入驻)(?:了)?(?:[^⟦，。；]{0,8}?)" + E_LIST)
_GATHERED = re.compile(
    r"(?:^|，)[^⟦，。；]{0,10}?(?:集聚|聚集|汇聚|引进|吸引)(?:起|了|建设)?(?:[^⟦，。；]{0,4}?)" + E_LIST + r"等"
)
_DATE = re.compile(r"(?:\d{4}年)?(?:\d{1,2}月)?(?:\d{1,2}日)?|今年|去年|近日|目前")
_FOUNDED_IN = re.compile(
    r"在⟦([PR])(\d+)⟧[^⟦，。；]{0,6}?(?:合资|联合|共同|投资|正式)?(?:成立|设立|注册成立|组建|新建|兴建|投资建设|投建|建设)了?⟦[EJ](\d+)⟧"
)  # 在武汉合资成立X: X lies there
_GLUED = re.compile(r"⟦P(\d+)⟧⟦[EJ](\d+)⟧")
_SITED = re.compile(r"(?:总部)?(?:位于|坐落在|坐落于|地处|落户)⟦([PR])(\d+)⟧的⟦([EOJ])(\d+)⟧")
_ROLLED_OFF = re.compile(r"在⟦P(\d+)⟧(?:正式|成功)?下线")


def rule_location(view: SentenceView, context: Context) -> Iterator[Output]:
    """X位于P, P集聚了A、B等企业, a park glued to a company, 在P下线."""
    for hit in _LOCATED.finditer(view.masked):
        for holder in refs(view, hit.group(1), "EOJ"):
            yield Relation("LOCATED_IN", holder, ref(view, hit.group(3)), "located", view.index)
    for hit in _SETTLED.finditer(view.masked):
        for holder in refs(view, hit.group(1), "EOJ"):
            if context.region is not None:
                yield Relation("LOCATED_IN", holder, context.region, "settled+doc-region", view.index)
    for hit in _GATHERS.finditer(view.masked):
        for company in refs(view, hit.group(3)):
            yield Relation("LOCATED_IN", company, ref(view, hit.group(2)), "gathers", view.index)
    for hit in _GATHERED.finditer(view.masked):  # …发展，聚集起A、B等企业: the place the sentence is about
        places = view.tokens(view.masked[: hit.start()], "PR")
        place = Ref(places[-1].label, places[-1].name) if places else context.region
        clustered = view.tokens(view.masked[: hit.start()], "K")  # a cluster's companies are members, not located
        if (
            place is not None
            and not clustered
            and not _GATHERS.search(view.masked, max(0, hit.start() - 12), hit.end())
        ):
            for company in refs(view, hit.group(1)):
                yield Relation("LOCATED_IN", company, place, "gathered", view.index)
    for hit in _SITED.finditer(view.masked):
        yield Relation("LOCATED_IN", ref(view, hit.group(4)), ref(view, hit.group(2)), "sited", view.index)
    for hit in _FOUNDED_IN.finditer(view.masked):
        yield Relation("LOCATED_IN", ref(view, hit.group(3)), ref(view, hit.group(2)), "founded-in", view.index)
    for hit in _GLUED.finditer(view.masked):
        yield Relation("LOCATED_IN", ref(view, hit.group(2)), ref(view, hit.group(1)), "park-prefix", view.index)
    for hit in _ROLLED_OFF.finditer(view.masked):
        yield from _rolled_off(view, context, hit)
    for park in view.tokens(view.masked, "P"):
        if park.rule == "park-placed":  # 常德市鼎城区灌溪工业园: the park lies in the last place written before it
            written = park.aliases[0]
            whole = Mention(park.end - len(written), park.end, written, "Park", written, park.rule)
            before = [m for m in context.inside(whole) if m.label == "Region" and m.end <= park.start]
            if before:
                yield Relation(
                    "LOCATED_IN", Ref("Park", park.name), Ref("Region", before[-1].name), "park-placed", view.index
                )


def _rolled_off(view: SentenceView, context: Context, hit: re.Match[str]) -> Iterator[Output]:
    """<product>在P下线: the maker (named in P, else before) is in P and makes the product."""
    park = view.mentions[int(hit.group(1))]
    before = view.tokens(view.masked[: hit.start()], "E")
    owners = [m for m in context.inside(park) if m.label == "Enterprise"] or before[-1:]
    if not owners:
        return
    owner = Ref("Enterprise", owners[0].name)
    yield Relation("LOCATED_IN", owner, Ref("Park", park.name), "rolled-off", view.index)
    clause_start = max(view.masked.rfind(mark, 0, hit.start()) for mark in "，；：") + 1
    last = max([m.end() for m in _ANY_TOKEN.finditer(view.masked[clause_start : hit.start()])], default=0)
    start = clause_start + last
    raw = _DATE.sub("", view.plain(start, hit.start())) if start < hit.start() else ""
    if not raw.strip() and clause_start > 0 and not last:
        previous = max(view.masked.rfind(mark, 0, clause_start - 1) for mark in "，；：") + 1
        raw = view.plain(previous, clause_start - 1) if "⟦" not in view.masked[previous : clause_start - 1] else ""
    if raw.strip():
        raw = re.sub(r"“[^”]*”", "", raw)
        term = re.sub(r"^(?:首批|首款|首台|首辆|首架|第一批|第一台|新一代|一批|的)+", "", clean_term(raw))
        if 2 <= len(term) <= 15 and not re.search(r"\d{4}", term):
            begin = view.start + max(view.text.find(term), 0)
            yield NewEntity("Product", term, begin, begin + len(term), "rolled-off")
            yield Relation("MAKES", owner, Ref("Product", term), "rolled-off", view.index)


_MEMBERS = re.compile(
    r"⟦K(\d+)⟧(?:[^。；⟦]{0,20}?|[^。；⟦]{0,60}?，(?:并|目前|已|还)?)(?:拥有|集聚了?|聚集了?|汇聚了?|包括|涵盖|有)[^⟦。；]{0,6}?"
    + E_LIST
)
_JOINED = re.compile(E_LIST + r"等?[^⟦。；]{0,8}?(?:组成|构成|入选|加入|是|属于)⟦K(\d+)⟧")


_THIS_CLUSTER = re.compile(
    r"(?:(?:该|这一|这个)集群[^。；⟦]{0,20}?|^集群(?:[^。；⟦]|⟦[^EK]\d+⟧){0,100}?)(?:拥有|集聚了?|聚集了?|汇聚了?|包括|涵盖|有)[^⟦。；]{0,6}?"
    + E_LIST
)  # 该集群拥有A、B; a sentence opening with 集群 speaks of the cluster last named
_LEADS_CLUSTER = re.compile(r"以" + E_LIST + r"为(?:龙头|核心|引领|链主)[^。；⟦]{0,40}?⟦K(\d+)⟧")


def rule_membership(view: SentenceView, context: Context) -> Iterator[Output]:
    """A cluster with A、B等企业 (or 该集群拥有…, the last cluster named); A、B加入/属于 a cluster."""
    if context.last_cluster is not None:
        for hit in _THIS_CLUSTER.finditer(view.masked):
            for company in refs(view, hit.group(1)):
                yield Relation(
                    "MEMBER_OF", company, Ref("Cluster", context.last_cluster.name), "this-cluster", view.index
                )
    for hit in _LEADS_CLUSTER.finditer(view.masked):  # 形成以X为龙头…的省级汽车产业集群
        for company in refs(view, hit.group(1)):
            yield Relation("MEMBER_OF", company, ref(view, hit.group(2)), "leads-cluster", view.index)
    for hit in _MEMBERS.finditer(view.masked):
        for company in refs(view, hit.group(2)):
            yield Relation("MEMBER_OF", company, ref(view, hit.group(1)), "cluster-members", view.index)
    for hit in _JOINED.finditer(view.masked):
        for company in refs(view, hit.group(1)):
            yield Relation("MEMBER_OF", company, ref(view, hit.group(2)), "joins-cluster", view.index)


# -- chain structure and lists -------------------------------------------------

_STAGE = re.compile(r"(上游|中游|下游)(?:环节)?(?:[，,]|(?:主要)?(?:包括|涵盖|有|为|是|的))")
_STAGES = {"上游": "upstream", "中游": "midstream", "下游": "downstream"}


def rule_stages(view: SentenceView, context: Context) -> Iterator[Output]:
    """<链>上游的A、B，中游的C: products of a chain with their stage."""
    for hit in _STAGE.finditer(view.masked):
        chains = view.tokens(view.masked[: hit.start()], "C")
        chain = chains[-1] if chains else context.last_chain
        if chain is None:
            continue
        for product in find_products(view, hit.end(), "chain-stage"):
            product.props["stage"] = _STAGES[hit.group(1)]
            yield product
            yield Relation("PART_OF", product.ref, Ref("Chain", chain.name), "chain-stage", view.index)


_LEVELS = {"世界级": "world", "国家级": "national", "省级": "provincial"}
_FIELD = r"(?:⟦C\d+⟧|(?:(?!产业|集群|国家|世界|战略)[^、，。；：⟦个级大一二两三四五六七八九十\d]){2,10})"
_CLUSTERS_COUNTED = r"(?:(?:[一二两三四五六七八九十\d]+[个大])([\u4e00-\u9fff]{1,3}级)?|([\u4e00-\u9fff]{1,3}级))(?:先进制造业|产业)?集群"
_CLUSTER_LIST = re.compile(r"(" + _FIELD + r"(?:(?:、|和|及)" + _FIELD + r")+)等?" + _CLUSTERS_COUNTED)
_LIST_END = re.compile(_CLUSTERS_COUNTED)  # how a cluster list ends: sought first, as the whole pattern is slow


def rule_cluster_fields(view: SentenceView, context: Context) -> Iterator[Output]:
    """A、B、C三个世界级产业集群: a cluster per chain in the document's region."""
    if context.region is None or not _LIST_END.search(view.masked):
        return
    for hit in _CLUSTER_LIST.finditer(view.masked):
        items = _AND.split(hit.group(1))
        if len(items) < 2 or not all(_CHAIN_TOKEN.fullmatch(item) or "⟦" not in item for item in items):
            continue
        for begin, item in _items(view.masked, hit.start(1), items):
            chain = view.tokens(item, "C")[0] if "⟦" in item else None
            field = chain.name if chain else clean_term(view.plain(begin, begin + len(item))) if item else ""
            if not field or len(field) > 20:
                continue
            start, end = (chain.start, chain.end) if chain else view.span(begin, begin + len(item))
            if chain is None:
                yield NewEntity("Chain", field, start, end, "cluster-fields")
            name = f"{context.region.name}{field}产业集群"
            level = _LEVELS.get(hit.group(2) or hit.group(3) or "")
            yield NewEntity("Cluster", name, start, end, "cluster-fields", {"level": level} if level else {})
            yield Relation("PART_OF", Ref("Cluster", name), Ref("Chain", field), "cluster-fields", view.index)
            yield Relation("LOCATED_IN", Ref("Cluster", name), context.region, "cluster-fields", view.index)


def _cluster_field(name: str, place: str) -> str:
    """沈阳工业母机产业集群 -> 工业母机: the words between the place and 产业集群."""
    field = re.sub(r"(?:先进制造业集群|产业集群|集群)$", "", name[len(place) :])
    field = (
        re.sub(r"^[市省]?[\u4e00-\u9fff]{1,3}?[区县](?=[\u4e00-\u9fff]{2})", "", field) if place else field
    )  # 佛山市顺德区…
    field = re.sub(r"^(?:省级|市级|国家级|世界级|千亿级|百亿级|万亿级)", "", field).lstrip("市省")
    return field if 2 <= len(field) <= 8 else ""


def cluster_chain(cluster: Mention, context: Context) -> Mention | None:
    """The chain a cluster's name holds (a known chain inside it, else the words before 产业集群)."""
    inner = context.inside(cluster)
    place = next((m for m in inner if m.label == "Region" and m.start == cluster.start), None)
    field = _cluster_field(cluster.text, place.text if place else "")
    chain = next((m for m in inner if m.label == "Chain" and (not field or m.text == field)), None)
    if chain is not None:
        return chain
    return Mention(cluster.start, cluster.end, field, "Chain", field, "cluster-name") if field else None


def rule_cluster_chain(view: SentenceView, context: Context) -> Iterator[Output]:
    """A cluster whose name holds a chain is part of that chain."""
    for mention in view.tokens(view.masked, "K"):
        cluster = Ref("Cluster", mention.name)
        place = next((m for m in context.inside(mention) if m.label == "Region" and m.start == mention.start), None)
        if (chain := cluster_chain(mention, context)) is not None:
            if chain.rule == "cluster-name":
                yield NewEntity("Chain", chain.name, mention.start, mention.end, "cluster-name")
            yield Relation("PART_OF", cluster, Ref("Chain", chain.name), "cluster-name", view.index)
        if place is not None and place.name in context.regions:
            yield Relation("LOCATED_IN", cluster, Ref("Region", place.name), "cluster-name", view.index)


_LIST_TAIL = re.compile(
    r"等(?:[一二两三四五六七八九十\d]+[家个大])?(?:一批)?(龙头|骨干|重点|知名|链主|配套|领军)?"
    r"(企业|产业项目|重点项目|重大项目|科技重大专项|重大专项|专项|(?:[^，。；⟦]{0,16}?)项目|优势产业链|重点产业链|产业链|战略性新兴产业|"
    r"(?:未来|传统|新兴|优势|主导|特色|支柱|消费品)?(?:产业|行业|制造业)|(?:高端)?(?:研发机构|创新平台|科研机构|研发中心))"
    r"(?!基础|技术|链|园|集群|项目|化|工人|规模|营业|收入|发展水平|领域|上下游|上游|下游)"
)


def _lists(masked: str) -> Iterator[tuple[int, str, str | None, str]]:
    """``(start, items, qualifier, kind)`` of each ``A、B等<qualifier><kind>`` in a masked sentence."""
    previous_end = 0
    for found in _DENG.finditer(masked):
        tail = _LIST_TAIL.match(masked, found.start())
        if tail is None or found.start() < previous_end:
            continue
        start = max([previous_end] + [masked.rfind(mark, 0, found.start()) + 1 for mark in "，。；：等"])
        if start < found.start():
            yield start, masked[start : found.start()], tail.group(1), tail.group(2)
            previous_end = tail.end()


_QUOTED_PROJECT = re.compile(r"“([^”]{2,20}(?:项目|工程|专项))”")


_LEAD_VERB = re.compile(
    r"^(?:.*(?:推动|支持|围绕|聚焦|培育|发展|打造|建设|实施|形成|包括|引进|吸引|集聚了?|拥有|依托|制定|加快|建成|"
    r"巩固|补齐|增强|深入|提升|壮大|做强|做优|布局|抓|也有|既有))?(?:以|将|把|和|如|是)?"
)


def _items(masked: str, start: int, items: list[str]) -> Iterator[tuple[int, str]]:
    """Each list item with where it starts in the masked text; the first loses any verb before it."""
    cursor = start
    for number, item in enumerate(items):
        begin = masked.index(item, cursor) if item else cursor
        cursor = begin + len(item)
        if number == 0 and (lead := _LEAD_VERB.match(item)):
            begin, item = begin + lead.end(), item[lead.end() :]
        yield begin, item


_JOINED_CHAIN = re.compile(r"[^⟦、，。；：等的]{2,8}(?:与|和|及)⟦C\d+⟧|⟦C\d+⟧(?:与|和|及)[^⟦、，。；：等的]{2,8}")
_LISTED_CHAIN = re.compile(r"⟦C\d+⟧、|、⟦C\d+⟧")
_CHAIN_MAJORITY = re.compile(r"((?:[^、，。；：⟦]{2,12}|⟦C\d+⟧)(?:、(?:[^、，。；：⟦]{2,12}|⟦C\d+⟧))+)")


_INDUSTRY_TAIL = re.compile(r"([^⟦]{2,8}?)产业(?!链|园|集群|基地|项目|化|工人|规模|投资|基金)")
_FIELDS_OF_WORK = re.compile(r"等?(?:领域|方面)?(?:的)?(?:技术|攻关|研发)")  # 半导体检测、数控机床等领域技术攻关


def rule_chain_lists(view: SentenceView, context: Context) -> Iterator[Output]:
    """A 、-list mostly of chains: its other items are chains too (以A、B、C产业为重点)."""
    if not _LISTED_CHAIN.search(view.masked):  # a chain in a 、-list: sought first, as the whole pattern is slow
        return
    for hit in _CHAIN_MAJORITY.finditer(view.masked):
        items = hit.group(1).split("、")
        chains = [item for item in items if _CHAIN_TOKEN.fullmatch(item)]
        industries = chains and _INDUSTRY_TAIL.match(items[-1])  # 提升A、B、C产业发展能级: the items are industries
        if industries:
            items[-1] = industries.group(1)
        if (
            (len(chains) * 2 < len(items) and not industries)
            or len(chains) == len(items)
            or _FIELDS_OF_WORK.match(view.masked, hit.end())
        ):
            continue
        for begin, item in _items(view.masked, hit.start(1), items):
            glued = view.masked[begin + len(item) : begin + len(item) + 1] == "⟦" or item.endswith(("与", "和", "及"))
            if item and "⟦" not in item and not glued and not re.search(r"%|\d{2,}", item):  # not 智能⟦机器人⟧
                term = clean_term(view.plain(begin, begin + len(item)).split("等")[0])
                start = view.span(begin, begin + len(item))[0]
                if 2 <= len(term) <= 10:
                    yield NewEntity("Chain", term, start, start + len(item), "list-chain-majority")


_BRINGS = re.compile(r"(?:引进|落地|落户|集聚|投建|投资建设|投资|建设)了?[^⟦，。；]{0,4}$")


def _project_owner_and_place(view: SentenceView, list_start: int, context: Context) -> tuple[Ref | None, Ref | None]:
    """京东方在成都投建了A、B等项目 (who runs them, where); 重庆…引进了A、B等项目 (where; brought in with
    no place named: the document's region)."""
    before = view.masked[:list_start]
    if not _BRINGS.search(before):
        return None, None
    companies = view.tokens(before, "E")
    places = view.tokens(before, "PR")
    invests = re.search(r"投建|投资|建设", before[-8:])
    owner = Ref("Enterprise", companies[-1].name) if companies and invests else None
    if places:
        return owner, Ref(places[-1].label, places[-1].name)
    return owner, context.region if not invests and not companies else None


def rule_lists(view: SentenceView, context: Context) -> Iterator[Output]:
    """A、B等企业 / 项目 / 产业链: unnamed items take the kind the list ends with."""
    for hit in _QUOTED_PROJECT.finditer(view.masked):
        start = view.span(hit.start(1), hit.end(1))[0]
        yield NewEntity("Project", hit.group(1), start, start + len(hit.group(1)), "quoted-project")
    for list_start, body, qualifier, kind in _lists(view.masked):
        label = "Enterprise" if kind == "企业" else "Project" if kind.endswith(("项目", "专项")) else "Chain"
        label = "Organization" if kind.endswith(("机构", "平台", "研发中心")) else label
        items = (
            re.split(r"、|以及", body) if label == "Chain" else _LIST_SEP.split(body)
        )  # 宽带通信与新型网络 is one chain
        placed = list(_items(view.masked, list_start, items))
        owner, place = (
            _project_owner_and_place(view, placed[0][0], context)
            if label in {"Project", "Organization"}
            else (None, None)
        )
        if len(items) < 2 and not qualifier:
            continue
        for begin, item in placed:
            joined = label == "Chain" and _JOINED_CHAIN.fullmatch(item)  # 半导体与集成电路: one chain of two fields
            if not item or _ANY_TOKEN.fullmatch(item) or (any(not m.short for m in view.tokens(item)) and not joined):
                continue
            term = clean_term(view.plain(begin, begin + len(item)))
            if label == "Project" and not _PROJECT_LIKE.search(term):
                continue  # 关键材料、包材等配套项目: kinds of project, not named ones
            if 2 <= len(term) <= 16 and not _NOT_A_NAME.search(term):
                start = view.span(begin, begin + len(item))[0]
                yield NewEntity(label, term, start, start + len(item), f"list-{label.lower()}")
                if owner is not None and label == "Project":
                    yield Relation("OPERATES", owner, Ref("Project", term), "list-project", view.index)
                if place is not None:
                    yield Relation("LOCATED_IN", Ref(label, term), place, "list-project", view.index)


LINK_RULES = (
    (
        rule_location,
        (
            "位于",
            "坐落",
            "地处",
            "落户",
            "落地",
            "成立",
            "设立",
            "组建",
            "建设",
            "新建",
            "兴建",
            "投建",
            "注册于",
            "扎根",
            "入驻",
            "选址",
            "集聚",
            "聚集",
            "汇聚",
            "吸引",
            "引进",
            "下线",
            "⟦P",
        ),
    ),
    (rule_membership, ("⟦K", "集群")),
    (rule_stages, ("游",)),
    (rule_cluster_fields, ("集群",)),
    (rule_cluster_chain, ("⟦K",)),
    (rule_lists, ("等", "“")),
    (rule_chain_lists, ("⟦C",)),
)
