"""The schema is data, and everything derived from it agrees with it."""

from __future__ import annotations

import re

import pytest

from chainkg.errors import SchemaError
from chainkg.graph.engines.embedded import ladybug_ddl
from chainkg.graph.schema import SCHEMA, Prop, PropType

LABELS = [
    "Enterprise",
    "Chain",
    "Product",
    "Cluster",
    "Park",
    "Region",
    "Technology",
    "Organization",
    "Project",
    "Document",
]
TYPES = [
    "SUPPLIES",
    "MAKES",
    "UPSTREAM_OF",
    "PART_OF",
    "MEMBER_OF",
    "LOCATED_IN",
    "SUBSIDIARY_OF",
    "BREAKTHROUGH",
    "BOTTLENECK_OF",
    "MENTIONED_IN",
]


def test_vocabulary_of_the_design_is_declared() -> None:
    assert set(LABELS) <= set(SCHEMA.label_names)
    assert set(TYPES) <= set(SCHEMA.rel_names)


@pytest.mark.parametrize(
    ("rel", "source", "target", "allowed"),
    [
        ("SUPPLIES", "Enterprise", "Enterprise", True),
        ("MAKES", "Enterprise", "Product", True),
        ("MAKES", "Product", "Enterprise", False),
        ("UPSTREAM_OF", "Product", "Product", True),
        ("PART_OF", "Product", "Chain", True),
        ("PART_OF", "Cluster", "Chain", True),
        ("PART_OF", "Enterprise", "Chain", False),
        ("MEMBER_OF", "Enterprise", "Cluster", True),
        ("LOCATED_IN", "Project", "Park", True),
        ("LOCATED_IN", "Organization", "Region", True),
        ("LOCATED_IN", "Technology", "Region", False),
        ("SUBSIDIARY_OF", "Enterprise", "Enterprise", True),
        ("BREAKTHROUGH", "Region", "Technology", True),
        ("BOTTLENECK_OF", "Technology", "Product", True),
        ("BOTTLENECK_OF", "Technology", "Enterprise", False),
        ("MENTIONED_IN", "Technology", "Document", True),
        ("MENTIONED_IN", "Document", "Document", False),
    ],
)
def test_allowed_patterns(rel: str, source: str, target: str, allowed: bool) -> None:
    assert SCHEMA.allows(rel, source, target) is allowed


def test_forbidden_pattern_names_what_is_allowed() -> None:
    with pytest.raises(SchemaError) as info:
        SCHEMA.check_endpoints("MAKES", "Product", "Enterprise")
    assert str(info.value) == "MAKES cannot go from Product to Enterprise: MAKES allows Enterprise->Product"


def test_unknown_label_lists_the_known_ones() -> None:
    with pytest.raises(SchemaError, match=r"unknown label 'Company': use one of: Enterprise, Chain"):
        SCHEMA.label("Company")


@pytest.mark.parametrize(
    ("prop", "value", "expected"),
    [
        (Prop("b", PropType.BOOL), "是", True),
        (Prop("b", PropType.BOOL), "false", False),
        (Prop("n", PropType.INT), "2021", 2021),
        (Prop("x", PropType.FLOAT), "0.5", 0.5),
        (Prop("l", PropType.STRING_LIST), ("a", "b"), ["a", "b"]),
    ],
)
def test_property_values_are_coerced(prop: Prop, value: object, expected: object) -> None:
    assert prop.check(value) == expected


@pytest.mark.parametrize(
    ("prop", "value"),
    [
        (Prop("b", PropType.BOOL), "maybe"),
        (Prop("n", PropType.INT), "20.5"),
        (Prop("n", PropType.INT), True),
        (Prop("l", PropType.STRING_LIST), "a|b"),
        (Prop("s", choices=("upstream", "downstream")), "sideways"),
    ],
)
def test_bad_property_values_are_refused(prop: Prop, value: object) -> None:
    with pytest.raises(SchemaError):
        prop.check(value)


def test_ddl_is_derived_from_every_label_type_and_property() -> None:
    ddl = "\n".join(ladybug_ddl())
    for label in SCHEMA.labels:
        match = re.search(rf"CREATE NODE TABLE {label.name}\((.*)\)$", ddl, re.M)
        assert match, label.name
        for prop in SCHEMA.node_props(label.name):
            assert f"{prop.name} " in match.group(1)
    for rel in SCHEMA.rels:
        match = re.search(rf"CREATE REL TABLE {rel.name}\((.*)\)$", ddl, re.M)
        assert match, rel.name
        for source, target in rel.endpoints:
            assert f"FROM {source} TO {target}" in match.group(1)
