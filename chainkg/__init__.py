"""chainkg: a knowledge graph of industrial chains and enterprises.

The package is layered one way: ``chainkg.graph`` (schema, model, engines),
``chainkg.loaders`` (documents and tables into facts), ``chainkg.queries``
(the Cypher library), and the CLI on top.
"""

from __future__ import annotations

from chainkg.errors import ChainKGError, EngineError, ExportError, LoadError, QueryError, SchemaError

__all__ = ["ChainKGError", "EngineError", "ExportError", "LoadError", "QueryError", "SchemaError", "__version__"]

__version__ = "0.1.0"
