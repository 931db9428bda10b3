"""The one exception family of chainkg.

Every error the library raises is a :class:`ChainKGError`. It carries three
parts so that the CLI can print ``Error: <what> (<where>): <fix>`` in one place.
"""

from __future__ import annotations

__all__ = ["BadRowsError", "ChainKGError", "EngineError", "ExportError", "LoadError", "QueryError", "SchemaError"]


class ChainKGError(Exception):
    """Root of all chainkg errors: what went wrong, where, and how to fix it."""

    def __init__(self, what: str, where: str | None = None, fix: str | None = None) -> None:
        self.what = what
        self.where = where
        self.fix = fix
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """The error as ``<what> (<where>): <fix>``, parts omitted when unknown."""
        text = self.what
        if self.where:
            text += f" ({self.where})"
        if self.fix:
            text += f": {self.fix}"
        return text

    def at(self, where: str) -> ChainKGError:
        """Return a copy of this error located at ``where`` (a file, file:line ...)."""
        located = type(self)(self.what, where, self.fix)
        located.__cause__ = self.__cause__ or self
        return located


class SchemaError(ChainKGError):
    """A node or edge breaks the schema (unknown label, forbidden endpoints ...)."""


class LoadError(ChainKGError):
    """An input file cannot be read or parsed."""


class BadRowsError(LoadError):
    """Rows of the input that break the schema or the mapping, all of them: the first in
    the one-line error, every one (``file:line:column: rule``) in :attr:`rows`."""

    def __init__(
        self, what: str, where: str | None = None, fix: str | None = None, rows: tuple[str, ...] | list[str] = ()
    ) -> None:
        self.rows = tuple(rows)
        super().__init__(what, where, fix)

    def at(self, where: str) -> BadRowsError:
        located = BadRowsError(self.what, where, self.fix, self.rows)
        located.__cause__ = self.__cause__ or self
        return located

    def listing(self, limit: int = 200) -> list[str]:
        """The bad rows as lines, at most ``limit`` of them and a count of the rest."""
        if len(self.rows) <= 1:
            return []
        shown = list(self.rows[:limit])
        if len(self.rows) > limit:
            shown.append(f"... and {len(self.rows) - limit} more")
        return shown


class QueryError(ChainKGError):
    """A query is unknown, lacks parameters, or failed on the engine."""


class ExportError(ChainKGError):
    """An export could not be written."""


class EngineError(ChainKGError):
    """A storage engine could not be opened, written or read."""
