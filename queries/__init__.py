"""The Cypher query library: one ``.cypher`` file per query (see the issues for the library)."""
