"""The pages' words in Chinese and English: the interface, label and relationship names, and the
notes and titles the scenes write (in English) put into Chinese.

The labels and relationship types come from :data:`~chainkg.graph.schema.SCHEMA`; only their
Chinese names are kept here, and a test checks that every one of them has a name. A note with no
Chinese form here is shown in English in both languages.

>>> zh_text("Chain: 工程机械"), zh_text("Showing 600 of 2,088 nodes: x")
('产业链：工程机械', '显示 2,088 个节点中的 600 个：x')
>>> pick_language(["fr-FR", "en-GB"]), pick_language(["zh-TW"]), pick_language(["de"])
('en', 'zh', 'zh')
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["DEFAULT_LANGUAGE", "LABEL_ZH", "LANGUAGES", "REL_ZH", "UI", "bilingual", "pick_language", "zh_text"]

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
"""When the browser asks for neither Chinese nor English: the data is Chinese."""

LABEL_ZH = {
    "Enterprise": "企业",
    "Chain": "产业链",
    "Product": "产品",
    "Cluster": "产业集群",
    "Park": "园区",
    "Region": "地区",
    "Technology": "技术",
    "Organization": "机构",
    "Project": "项目",
    "Industry": "行业",
    "Document": "文档",
}
REL_ZH = {
    "SUPPLIES": "供应",
    "MAKES": "生产",
    "UPSTREAM_OF": "上游于",
    "PART_OF": "属于",
    "MEMBER_OF": "集群成员",
    "IN_INDUSTRY": "所属行业",
    "LOCATED_IN": "位于",
    "OPERATES": "运营项目",
    "SUBSIDIARY_OF": "子公司",
    "BREAKTHROUGH": "突破",
    "BOTTLENECK_OF": "卡脖子于",
    "MENTIONED_IN": "提及于",
}

UI: dict[str, dict[str, str]] = {
    "zh": {
        "search": "查找节点（名称或别名）…",
        "fit": "适应窗口",
        "labels": "节点类型",
        "relations": "关系类型",
        "details": "详情",
        "linked": "相连节点",
        "not_found": "未找到",
        "index": "← 目录",
        "counts": "{nodes} 个节点，{links} 条关系",
        "open_chain": "双击打开产业链页面",
        "language": "English",
        "legend": "图例与筛选",
        "mark_gap": "空白：无（本地）生产或供应企业",
        "mark_unsolved": "卡脖子技术，未突破",
        "mark_tackling": "卡脖子技术，攻关中",
        "mark_aggregate": "+N：折叠的节点",
        "edge_gap": "空白（虚线红）",
        "edge_unsolved": "卡脖子：未突破（虚线红）",
        "edge_tackling": "卡脖子：攻关中（虚线橙）",
        "edge_aggregate": "折叠节点的关系（点线灰）",
        "in": "入",
        "out": "出",
    },
    "en": {
        "search": "Find a node (name or alias)…",
        "fit": "Fit",
        "labels": "Labels",
        "relations": "Relations",
        "details": "Details",
        "linked": "Linked",
        "not_found": "not found",
        "index": "← Index",
        "counts": "{nodes} nodes, {links} links",
        "open_chain": "double-click to open the chain's page",
        "language": "中文",
        "legend": "Legend and filter",
        "mark_gap": "gap: no (local) maker or supplier",
        "mark_unsolved": "bottleneck, unsolved",
        "mark_tackling": "bottleneck, being tackled",
        "mark_aggregate": "+N: nodes folded",
        "edge_gap": "gap (dashed red)",
        "edge_unsolved": "bottleneck, unsolved (dashed red)",
        "edge_tackling": "bottleneck, being tackled (dashed orange)",
        "edge_aggregate": "links of folded nodes (dotted grey)",
        "in": "in",
        "out": "out",
    },
}

_N = r"([\d,]+)"
_ZH_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p, re.S), zh)
    for p, zh in [
        (r"^Overview$", "总览"),
        (r"^Chain: (.*)$", r"产业链：\1"),
        (r"^Gaps and bottlenecks: (.*)$", r"缺口与卡脖子：\1"),
        (r"^Gaps and bottlenecks$", "缺口与卡脖子"),
        (r"^(.*) and its (\d+)-hop neighbourhood$", r"\1 及其 \2 跳以内的邻居"),
        (rf"^Showing {_N} of {_N} nodes: (.*)$", r"显示 \2 个节点中的 \1 个：\3"),
        (
            rf"^Showing {_N} of {_N} products with no source: .*$",
            r"无企业生产或供应的 \2 个产品中显示 \1 个：其余按产业链折叠为“+N”节点（--max-nodes N 显示更多，--chain 名称 只看一条产业链）。",
        ),
        (
            rf"^Chain pages \(views/chain-\*\.html\) for {_N} of {_N} chains: {_N} .*$",
            r"产业链页面（views/chain-*.html）：\2 条产业链中的 \1 条；\3 条产业链没有产品、集群或卡脖子技术，没有页面。",
        ),
        (
            r"^Dashed red slot: a product with no maker or supplier in (.*?)\. Dashed red / orange: .*$",
            r"虚线红框：在 \1 没有生产或供应企业的产品（空白）。虚线红 / 橙：卡脖子技术未突破 / 攻关中。",
        ),
        (r"^Only the first (\d+) suppliers .*$", r"只显示前 \1 家不生产本链产品的供应商和集群成员。"),
        (
            rf"^{_N} bottleneck technologies(?: \((.*?)\))?; {_N} chain products .*$",
            r"\1 项卡脖子技术（\2）；\3 个产业链产品（直属产业链，不计产品小类）没有企业生产或供应（虚线红）。",
        ),
        (
            r"^The links of the folded nodes are not drawn \(more than ([\d,]+) folded\)\.$",
            r"折叠的节点超过 \1 个，未画出它们的关系。",
        ),
        (rf"^Cut at {_N} nodes: hop (\d+) .*$", r"截至 \1 个节点：第 \2 跳只显示一部分，更远的不显示。"),
        (r"^Documents are shown but not walked through.*$", "显示文档，但不经文档继续展开（否则会带出它提及的一切）。"),
        (r"^Large view: .*$", "大图：位置固定（无物理模拟）；放大后显示标签和箭头，平移时隐藏关系。"),
        (r"^(.*) \(no chain\)$", r"\1（无产业链）"),
        (r"^who broke through$", "突破者"),
        (r"^bottleneck technologies$", "卡脖子技术"),
        (r"^what they block$", "受制约的"),
        (r"^products with no source$", "无企业生产或供应的产品"),
        (r"^stage not given$", "环节未注明"),
    ]
]
_STATUS_ZH = {"unsolved": "未突破", "tackling": "攻关中", "solved": "已突破", "no status": "无状态"}


def zh_text(text: str) -> str:
    """``text`` (a title, note or caption a scene wrote) in Chinese, or unchanged when no pattern knows it."""
    for pattern, zh in _ZH_PATTERNS:
        found = pattern.match(text)
        if found:
            out = found.expand(zh)
            for label, name in LABEL_ZH.items():  # "12 Enterprise" in a fold note
                out = re.sub(rf"\b{label}\b", name, out)
            for status, name in _STATUS_ZH.items():
                out = re.sub(rf"\b{status}\b", name, out)
            return out.replace("（）", "")
    return text


def bilingual(text: str) -> dict[str, str]:
    """``{"en": text, "zh": ...}`` for the page."""
    return {"en": text, "zh": zh_text(text)}


def pick_language(preferred: Sequence[str]) -> str:
    """The page's language for the browser's preferred languages (``navigator.languages``): the
    first of Chinese or English asked for, else Chinese. The page does the same in JavaScript."""
    for tag in preferred:
        base = tag.split("-")[0].lower()
        if base in LANGUAGES:
            return base
    return DEFAULT_LANGUAGE
