"""Stable node identity: label plus normalised canonical name.

>>> normalise_name("  ＺＯＯＭＬＩＯＮ  Heavy ")
'zoomlion heavy'
>>> node_id("Enterprise", "“三一重工”")
'Enterprise:三一重工'
"""

from __future__ import annotations

import functools
import hashlib
import unicodedata

from chainkg.errors import SchemaError

__all__ = ["MAX_KEY_BYTES", "node_id", "normalise_name"]

_QUOTES = "\"'“”‘’《》「」『』〈〉【】"
MAX_KEY_BYTES = 1024


@functools.lru_cache(maxsize=1 << 20)  # a bulk load names each node several times
def normalise_name(name: str) -> str:
    """NFKC, case-folded, whitespace collapsed, surrounding quotes removed."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = " ".join(
        text.split()
    )  # runs of whitespace as one space, none at the ends (as re's \s+ and strip(): 3x faster)
    return text.strip(_QUOTES).strip()


def node_id(label: str, name: str) -> str:
    """The id of the node with this label and canonical name.

    A normalised name over :data:`MAX_KEY_BYTES` (UTF-8) is cut there and ends in ``…`` and
    16 hex digits of its SHA-256, so that the id stays unique and still fits an index key
    (Neo4j's range index, behind the uniqueness constraint, takes at most 8,167 bytes).

    >>> long = node_id("Enterprise", "长" * 10_000)
    >>> long[-18:], len(long.encode("utf-8"))
    ('长…130514172ab6720d', 1032)
    """
    key = normalise_name(name)
    if not key:
        raise SchemaError(f"a {label} needs a name", fix="give a non-empty name")
    encoded = key.encode("utf-8", "surrogatepass")  # a lone surrogate is refused where it is written, not here
    if len(encoded) > MAX_KEY_BYTES:
        digest = hashlib.sha256(encoded).hexdigest()[:16]
        key = encoded[: MAX_KEY_BYTES - 20].decode("utf-8", "ignore") + "…" + digest
    return f"{label}:{key}"
