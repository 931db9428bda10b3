"""The names of what ``chainkg build --out DIR`` writes into DIR, for the commands that read it."""

from __future__ import annotations

__all__ = ["COLUMNS_FOLDER", "DB_FOLDER", "GRAPH_FILE"]

GRAPH_FILE = "graph.json"
DB_FOLDER = "db"
COLUMNS_FOLDER = "columns"
