"""Mapping files: which columns of a CSV, XLSX or JSON Lines file become which nodes and edges.

A mapping is YAML (read with PyYAML's safe loader), modelled on Neo4j's Data
Importer: per file, ``nodes`` entries (a label, the key column that names the
node, properties from columns) and ``relationships`` entries (a type, the
columns naming both ends, properties). It is checked against the schema when
it is read, and every mistake is reported at ``mapping.yaml:line:column``::

    files:
      - file: company_product.jsonl      # relative to this mapping file
        relationships:
          - type: MAKES
            where: {rel: 主营产品}          # only rows with this value
            from: {label: Enterprise, column: company_name}
            to: {label: Product, column: product_name}
            properties: {weight: rel_weight}

A file entry with neither ``nodes`` nor ``relationships`` reads the columns as
schema names, like chainkg's own CSV tables (``label,name,...`` or
``type,source,target,...``). See the README, "Structured imports".
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from chainkg.errors import ChainKGError, LoadError, SchemaError
from chainkg.graph.schema import SCHEMA, Schema
from chainkg.loaders.reading import data_suffix, read_bytes
from chainkg.loaders.records import FORMATS, decode_table

__all__ = [
    "LIST_SEPARATOR",
    "RESERVED_PROPS",
    "Condition",
    "Endpoint",
    "FileSpec",
    "Lookup",
    "Mapping",
    "NodeEntry",
    "Pick",
    "RelEntry",
    "Unnest",
    "default_entries",
    "holds",
    "is_mapping_name",
    "list_items",
    "match_text",
    "read_mapping",
]

_SUFFIX_FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json"}
RESERVED_PROPS = frozenset({"id", "name", "aliases", "evidence"})  # set by the mapping's own keys, never as properties
LIST_SEPARATOR = "|"  # between the items of a list written as text (aliases, a CSV cell to unnest)
_TOP_KEYS = {"files", "lookups"}
_FILE_KEYS = {"file", "format", "sheet", "nodes", "relationships", "unmatched", "unnest"}
_NODE_KEYS = {"label", "name", "aliases", "note", "properties", "constants", "where"}
_REL_KEYS = {"type", "from", "to", "reverse", "note", "properties", "constants", "where"}
_END_KEYS = {"column", "label", "lookup"}
_UNNEST_KEYS = {"column", "key", "value"}
_LOOKUP_KEYS = {"file", "format", "sheet", "key", "value"}


def is_mapping_name(path: Path) -> bool:
    """Whether a file inside an input folder is picked up as a mapping.

    >>> [is_mapping_name(Path(n)) for n in ("chainkg.yaml", "a.mapping.yml", "mapping.yaml")]
    [True, True, False]
    """
    name = path.name.lower()
    return name in ("chainkg.yaml", "chainkg.yml") or name.endswith((".mapping.yaml", ".mapping.yml"))


@dataclass(frozen=True)
class Pick:
    """A label or type: fixed (``value``) or read from a column of each row."""

    value: str | None = None
    column: str | None = None


@dataclass(frozen=True)
class Condition:
    """A row filter: ``column`` holds one of ``values`` (or, with None, any value)."""

    column: str
    values: tuple[str, ...] | None = None


@dataclass(frozen=True)
class NodeEntry:
    """How a row becomes a node.

    ``properties`` None takes the columns named like a property of the label;
    ``strict`` (the defaults for tables in chainkg's own format) makes any
    other filled column an error, as in those tables.
    """

    label: Pick
    name: str = "name"
    aliases: str | None = "aliases"
    note: str | None = "note"
    properties: tuple[tuple[str, str], ...] | None = None
    constants: tuple[tuple[str, Any], ...] = ()
    where: tuple[Condition, ...] = ()
    spot: str = ""
    column_spots: tuple[tuple[str, str], ...] = ()
    strict: bool = False


@dataclass(frozen=True)
class Endpoint:
    """One end of a relationship: the column naming it, optionally its label, and the
    lookup (by name) that turns the column's value (a code) into the node's name."""

    column: str
    label: Pick | None = None
    lookup: str | None = None


@dataclass(frozen=True)
class RelEntry:
    """How a row becomes an edge; ``reverse`` swaps the two ends; the rest as for nodes."""

    type: Pick
    source: Endpoint
    target: Endpoint
    reverse: bool = False
    note: str | None = "note"
    properties: tuple[tuple[str, str], ...] | None = None
    constants: tuple[tuple[str, Any], ...] = ()
    where: tuple[Condition, ...] = ()
    spot: str = ""
    column_spots: tuple[tuple[str, str], ...] = ()
    strict: bool = False


@dataclass(frozen=True)
class Unnest:
    """One row per item of an object or list column: an object's keys go to ``key`` and its
    values to ``value``; a list's items go to ``value`` (``key`` is None)."""

    column: str
    key: str | None
    value: str
    spot: str


@dataclass(frozen=True)
class Lookup:
    """A table that turns values of ``key`` (a code) into values of ``value`` (a name)."""

    name: str
    path: Path
    format: str
    sheet: str | None
    key: str
    value: str
    spot: str
    display: str


@dataclass(frozen=True)
class FileSpec:
    """One file of a mapping: where it is, how to read it, what its rows become."""

    path: Path
    format: str
    sheet: str | None
    nodes: tuple[NodeEntry, ...]
    relationships: tuple[RelEntry, ...]
    default: bool
    unmatched: str
    spot: str
    display: str
    unnest: Unnest | None = None
    lookups: tuple[Lookup, ...] = ()


@dataclass(frozen=True)
class Mapping:
    """A mapping file and its file entries."""

    path: Path
    files: tuple[FileSpec, ...]


def default_entries(columns: Iterable[str] | None) -> tuple[tuple[NodeEntry, ...], tuple[RelEntry, ...]]:
    """Entries for columns that carry schema names; ``None`` (JSON Lines): decided per row."""
    node = NodeEntry(Pick(column="label"), strict=True)
    rel = RelEntry(
        Pick(column="type"),
        Endpoint("source", Pick(column="source_label")),
        Endpoint("target", Pick(column="target_label")),
        strict=True,
    )
    if columns is None:
        return (replace(node, where=(Condition("label"),)),), (replace(rel, where=(Condition("type"),)),)
    names = set(columns)
    if {"label", "name"} <= names:
        return (node,), ()
    if {"type", "source", "target"} <= names:
        return (), (rel,)
    return (), ()


def read_mapping(
    path: Path, display: str | None = None, schema: Schema = SCHEMA, search: tuple[Path, ...] = ()
) -> Mapping:
    """Read and check a mapping file; errors name ``mapping:line:column``.

    A file it names is looked for in the mapping's folder, then in the folders ``search``
    (the build's input folders, for a mapping kept apart from its data)."""
    path = Path(path)
    reader = _Reader(display or str(path), path.resolve().parent, schema, search)
    text = decode_table(read_bytes(path), reader.display)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{reader.display}:{mark.line + 1}:{mark.column + 1}" if mark else reader.display
        raise LoadError(f"bad YAML: {exc.problem or exc.context}", where, "fix the YAML syntax") from exc
    if root is None:
        raise LoadError("empty mapping", reader.display, "give files: with one entry per file")
    fields = reader.fields(root, _TOP_KEYS, "a mapping", required=("files",))
    if "lookups" in fields:
        reader.read_lookups(fields["lookups"][1])
    entries = reader.sequence(fields["files"][1], "files")
    return Mapping(path, tuple(reader.file_spec(entry) for entry in entries))


class _Reader:
    """Walks the composed YAML nodes, so that every error knows its line and column."""

    def __init__(self, display: str, folder: Path, schema: Schema, search: tuple[Path, ...] = ()) -> None:
        self.display = display
        self.folder = folder
        self.search = tuple(Path(p).resolve() for p in search if Path(p).resolve() != folder)
        self.schema = schema
        self._constructor = yaml.SafeLoader("")
        self._columns: dict[str, str] = {}
        self.lookups: dict[str, Lookup] = {}
        self._used_lookups: dict[str, None] = {}

    # -- YAML shapes -----------------------------------------------------------

    def spot(self, node: yaml.Node) -> str:
        return f"{self.display}:{node.start_mark.line + 1}:{node.start_mark.column + 1}"

    def fail(self, node: yaml.Node, what: str, fix: str, kind: type[ChainKGError] = LoadError) -> ChainKGError:
        return kind(what, self.spot(node), fix)

    def fields(
        self, node: yaml.Node, allowed: set[str], what: str, required: tuple[str, ...] = (), lenient: bool = False
    ) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(
                node, f"{what} must be a mapping of keys to values", f"give keys: {', '.join(sorted(allowed))}"
            )
        found: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key, value in node.value:
            name = self.text(key, "a key")
            if name not in allowed and not lenient:
                raise self.fail(key, f"unknown key {name!r} in {what}", f"use: {', '.join(sorted(allowed))}")
            if name in found:
                raise self.fail(key, f"key {name!r} given twice", "keep one")
            found[name] = (key, value)
        for name in required:
            if name not in found:
                raise self.fail(node, f"{what} has no {name!r}", f"give {name}:")
        return found

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, f"{what} must be a list", f"write {what} as a list (lines starting with '- ')")
        return list(node.value)

    def text(self, node: yaml.Node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
            raise self.fail(node, f"{what} must be a non-empty text", f"give {what} as text")
        return str(node.value).strip()

    def column(self, node: yaml.Node, what: str = "a column") -> str:
        """A column name, remembered with where the mapping names it."""
        name = self.text(node, what)
        self._columns.setdefault(name, self.spot(node))
        return name

    def take_columns(self) -> tuple[tuple[str, str], ...]:
        found, self._columns = tuple(self._columns.items()), {}
        return found

    def scalar(self, node: yaml.Node, what: str) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            raise self.fail(node, f"{what} must be a single value", "give a text, number or true/false")
        return self._constructor.construct_object(node)

    def flag(self, node: yaml.Node, what: str) -> bool:
        value = self.scalar(node, what)
        if not isinstance(value, bool):
            raise self.fail(node, f"{what} must be true or false, got {value!r}", "write true or false")
        return value

    # -- entries ---------------------------------------------------------------

    def locate(self, file_node: yaml.Node) -> tuple[Path, str]:
        """The file a ``file:`` value names and its display name: in the mapping's folder, else in a search folder."""
        name = self.text(file_node, "file")
        for folder in (self.folder, *self.search):
            path = (folder / name).resolve()
            if path.is_file():
                return path, Path(os.path.normpath(Path(folder.name) / name)).as_posix()
        where = " or ".join(str(f) for f in (self.folder, *self.search))
        raise self.fail(
            file_node,
            f"no such file {name!r}",
            f"give a path relative to the mapping's folder or an input folder ({where})",
        )

    def read_lookups(self, node: yaml.Node) -> None:
        """``lookups: {NAME: {file, key, value}}``: tables that turn codes into names."""
        for key_node, value_node in self.fields(node, set(), "lookups", lenient=True).values():
            name = self.text(key_node, "a lookup name")
            fields = self.fields(value_node, _LOOKUP_KEYS, f"lookup {name!r}", required=("file", "key", "value"))
            path, display = self.locate(fields["file"][1])
            fmt = self._format(fields, path, fields["file"][1])
            sheet = self._sheet(fields, fmt)
            key, value = self.text(fields["key"][1], "key"), self.text(fields["value"][1], "value")
            self.lookups[name] = Lookup(name, path, fmt, sheet, key, value, self.spot(key_node), display)

    def _sheet(self, fields: dict[str, tuple[yaml.Node, yaml.Node]], fmt: str) -> str | None:
        sheet = self.text(fields["sheet"][1], "sheet") if "sheet" in fields else None
        if sheet is not None and fmt != "xlsx":
            raise self.fail(fields["sheet"][0], "sheet is only for xlsx files", "remove sheet:")
        return sheet

    def unnest(self, node: yaml.Node) -> Unnest:
        fields = self.fields(node, _UNNEST_KEYS, "unnest", required=("column",))
        column = self.text(fields["column"][1], "column")
        key = self.text(fields["key"][1], "key") if "key" in fields else None
        value = self.text(fields["value"][1], "value") if "value" in fields else column
        if key is not None and key == value:
            raise self.fail(
                fields["key"][1], "unnest's key and value columns have the same name", "give them two names"
            )
        return Unnest(column, key, value, self.spot(node))

    def file_spec(self, node: yaml.Node) -> FileSpec:
        fields = self.fields(node, _FILE_KEYS, "a file entry", required=("file",))
        file_node = fields["file"][1]
        path, display = self.locate(file_node)
        fmt = self._format(fields, path, file_node)
        sheet = self._sheet(fields, fmt)
        unnest = self.unnest(fields["unnest"][1]) if "unnest" in fields else None
        self._used_lookups = {}
        unmatched = self.text(fields["unmatched"][1], "unmatched") if "unmatched" in fields else "error"
        if unmatched not in ("error", "skip"):
            raise self.fail(
                fields["unmatched"][1],
                f"unmatched must be error or skip, got {unmatched!r}",
                "write unmatched: error or unmatched: skip",
            )
        nodes = (
            tuple(self.node_entry(n) for n in self.sequence(fields["nodes"][1], "nodes")) if "nodes" in fields else ()
        )
        rels = (
            tuple(self.rel_entry(n) for n in self.sequence(fields["relationships"][1], "relationships"))
            if "relationships" in fields
            else ()
        )
        default = "nodes" not in fields and "relationships" not in fields
        lookups = tuple(self.lookups[name] for name in self._used_lookups)
        return FileSpec(
            path, fmt, sheet, nodes, rels, default, unmatched, self.spot(file_node), display, unnest, lookups
        )

    def _format(self, fields: dict[str, tuple[yaml.Node, yaml.Node]], path: Path, file_node: yaml.Node) -> str:
        if "format" in fields:
            fmt = self.text(fields["format"][1], "format").lower()
            if fmt not in FORMATS:
                raise self.fail(fields["format"][1], f"unknown format {fmt!r}", f"use one of: {', '.join(FORMATS)}")
            return fmt
        if data_suffix(path) not in _SUFFIX_FORMATS:
            raise self.fail(
                file_node,
                f"cannot tell the format of {path.name!r} from its suffix",
                f"give format: ({', '.join(FORMATS)})",
            )
        return _SUFFIX_FORMATS[data_suffix(path)]

    def node_entry(self, node: yaml.Node) -> NodeEntry:
        fields = self.fields(node, _NODE_KEYS, "a node entry", required=("label",))
        self._columns = {}
        label = self.pick(fields["label"][1], "label")
        owners = [label.value] if label.value else list(self.schema.label_names)
        props = self.props(fields, "properties", owners, node_side=True)
        return NodeEntry(
            label,
            self.column(fields["name"][1], "name") if "name" in fields else "name",
            self.column(fields["aliases"][1], "aliases") if "aliases" in fields else "aliases",
            self.column(fields["note"][1], "note") if "note" in fields else "note",
            props,
            self.constants(fields, label.value, node_side=True),
            self.where(fields),
            self.spot(node),
            self.take_columns(),
        )

    def rel_entry(self, node: yaml.Node) -> RelEntry:
        fields = self.fields(node, _REL_KEYS, "a relationship entry", required=("type", "from", "to"))
        self._columns = {}
        rel = self.pick(fields["type"][1], "type")
        source, target = self.endpoint(fields["from"][1]), self.endpoint(fields["to"][1])
        reverse = self.flag(fields["reverse"][1], "reverse") if "reverse" in fields else False
        if rel.value:
            ends = (target, source) if reverse else (source, target)
            self._check_pattern(rel.value, ends, fields)
        owners = [rel.value] if rel.value else list(self.schema.rel_names)
        return RelEntry(
            rel,
            source,
            target,
            reverse,
            self.column(fields["note"][1], "note") if "note" in fields else "note",
            self.props(fields, "properties", owners, node_side=False),
            self.constants(fields, rel.value, node_side=False),
            self.where(fields),
            self.spot(node),
            self.take_columns(),
        )

    def pick(self, node: yaml.Node, what: str) -> Pick:
        if isinstance(node, yaml.MappingNode):
            fields = self.fields(node, {"column"}, what, required=("column",))
            return Pick(column=self.column(fields["column"][1]))
        value = self.text(node, what)
        try:
            self.schema.label(value) if what == "label" else self.schema.rel(value)
        except SchemaError as exc:
            raise self.fail(node, exc.what, exc.fix or "", SchemaError) from exc
        return Pick(value=value)

    def endpoint(self, node: yaml.Node) -> Endpoint:
        fields = self.fields(node, _END_KEYS, "an endpoint (from/to)", required=("column",))
        label = self.pick(fields["label"][1], "label") if "label" in fields else None
        lookup = None
        if "lookup" in fields:
            lookup = self.text(fields["lookup"][1], "lookup")
            if lookup not in self.lookups:
                known = ", ".join(self.lookups) or "none yet"
                raise self.fail(
                    fields["lookup"][1], f"no lookup named {lookup!r}", f"define it under lookups: (defined: {known})"
                )
            self._used_lookups[lookup] = None
        return Endpoint(self.column(fields["column"][1]), label, lookup)

    def _check_pattern(
        self, rel: str, ends: tuple[Endpoint, Endpoint], fields: dict[str, tuple[yaml.Node, yaml.Node]]
    ) -> None:
        endpoints = self.schema.rel(rel).endpoints
        allowed = ", ".join(f"{s}->{t}" for s, t in endpoints)
        source, target = (e.label.value if e.label else None for e in ends)
        fits = [(s, t) for s, t in endpoints if source in (None, s) and target in (None, t)]
        if not fits:
            pattern = f"{source or 'any'} to {target or 'any'}"
            raise self.fail(
                fields["from"][1], f"{rel} cannot go from {pattern}", f"{rel} allows {allowed}", SchemaError
            )

    def props(
        self, fields: dict[str, tuple[yaml.Node, yaml.Node]], key: str, owners: list[str], node_side: bool
    ) -> tuple[tuple[str, str], ...] | None:
        if key not in fields:
            return None
        node = fields[key][1]
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
            return ()
        known = self._known_props(owners, node_side)
        pairs = []
        for prop_node, column_node in self.fields(node, set(known), "properties", lenient=True).values():
            name = self.text(prop_node, "a property")
            if name not in known:
                owner = owners[0] if len(owners) == 1 else "no label or type"
                raise self.fail(
                    prop_node,
                    f"{owner} has no property {name!r}",
                    f"use one of: {', '.join(sorted(set(known)))}",
                    SchemaError,
                )
            pairs.append((name, self.column(column_node)))
        return tuple(pairs)

    def _known_props(self, owners: list[str], node_side: bool) -> list[str]:
        names: list[str] = []
        for owner in owners:
            props = self.schema.node_props(owner) if node_side else self.schema.edge_props(owner)
            names += [p.name for p in props if p.name not in RESERVED_PROPS]
        return names

    def constants(
        self, fields: dict[str, tuple[yaml.Node, yaml.Node]], owner: str | None, node_side: bool
    ) -> tuple[tuple[str, Any], ...]:
        if "constants" not in fields:
            return ()
        owners = [owner] if owner else list(self.schema.label_names if node_side else self.schema.rel_names)
        known = self._known_props(owners, node_side)
        found = []
        for prop_node, value_node in self.fields(
            fields["constants"][1], set(known), "constants", lenient=True
        ).values():
            name, value = self.text(prop_node, "a property"), self.scalar(value_node, "a constant")
            if name not in known:
                raise self.fail(
                    prop_node,
                    f"{owner or 'no label or type'} has no property {name!r}",
                    f"use one of: {', '.join(sorted(set(known)))}",
                    SchemaError,
                )
            if owner:
                props = self.schema.node_props(owner) if node_side else self.schema.edge_props(owner)
                try:
                    value = next(p for p in props if p.name == name).check(value)
                except SchemaError as exc:
                    raise self.fail(value_node, exc.what, exc.fix or "", SchemaError) from exc
            found.append((name, value))
        return tuple(found)

    def where(self, fields: dict[str, tuple[yaml.Node, yaml.Node]]) -> tuple[Condition, ...]:
        if "where" not in fields:
            return ()
        node = fields["where"][1]
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, "where must be a mapping of columns to values", "write where: {column: value}")
        conditions = []
        for column_node, value_node in node.value:
            items = self.sequence(value_node, "values") if isinstance(value_node, yaml.SequenceNode) else [value_node]
            values = tuple(match_text(self.scalar(item, "a value")) for item in items)
            conditions.append(Condition(self.column(column_node), values))
        return tuple(conditions)


def match_text(value: Any) -> str:
    """The text a value is compared by in ``where``: true/false for booleans, else str.

    >>> match_text(True), match_text(2021), match_text(" 上游材料 ")
    ('true', '2021', '上游材料')
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


def list_items(value: Any) -> tuple[str, ...]:
    """A list cell's items, stripped, blanks left out: a JSON list, or text separated by ``|``.

    >>> list_items(" 三一 | SANY |"), list_items(["中联", 7])
    (('三一', 'SANY'), ('中联', '7'))
    """
    items = value if isinstance(value, list) else str(value).split(LIST_SEPARATOR)
    return tuple(str(item).strip() for item in items if str(item).strip())


def holds(conditions: Iterable[Condition], value_of: Callable[[str], Any]) -> bool:
    """Whether a row passes ``where``: every condition's column has a value (``value_of`` gives
    None for a blank one) and, if the condition lists values, one of them."""
    for condition in conditions:
        value = value_of(condition.column)
        if value is None or (condition.values is not None and match_text(value) not in condition.values):
            return False
    return True
