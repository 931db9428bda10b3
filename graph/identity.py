"""Stable node identity: label plus normalised canonical name.

>>> normalise_name("  ＺＯＯＭＬＩＯＮ  Heavy ")
'zoomlion heavy'
>>> node_id("Enterprise", "“三一重工”")
'Enterprise:三一重工'
"""

from __future__ import annotations

import functools
import re
import unicodedata

from chainkg.errors import SchemaError

__all__ = ["normalise_name", "node_id"]

_SPACES = re.compile(r"\s+")
_QUOTES = "\"'“”‘’《》「」『』〈〉【】"


@functools.lru_cache(maxsize=1 << 16)
def normalise_name(name: str) -> str:
    """NFKC, case-folded, whitespace collapsed, surrounding quotes removed."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = _SPACES.sub(" ", text).strip().strip(_QUOTES).strip()
    return text


def node_id(label: str, name: str) -> str:
    """The id of the node with this label and canonical name."""
    key = normalise_name(name)
    if not key:
        raise SchemaError(f"a {label} needs a name", fix="give a non-empty name")
    return f"{label}:{key}"
