"""The graph layer: schema, identity, model, storage engines. Knows nothing of loaders or the CLI."""
