"""Text safe to show on one line: in a terminal, a table or a Markdown report."""

from __future__ import annotations

__all__ = ["printable"]

_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0))}


def printable(text: str) -> str:
    """``text`` on one line, safe to show: whitespace runs collapsed to a space, other control
    characters (C0, DEL, C1: terminal escapes) written as ``\\xNN``.

    >>> printable("a\\tb\\n c\\x1b[31m")
    'a b c\\\\x1b[31m'
    """
    return " ".join(text.split()).translate(_CONTROLS)
