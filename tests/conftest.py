"""Shared fixtures: paths, the seed article, built example folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "hunan"
SEED = ROOT.parent / "shared" / "seeds" / "000_1f13449ba0d09cb5.txt"


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The seed article; skipped on a user's clone, required under CI=true."""
    if not SEED.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the seed article is missing under CI: {SEED}")
        pytest.skip(f"../shared is absent (no {SEED.name}); seed tests need the shared folder")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def built_example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Hunan example built once into a temp folder (read-only use)."""
    from chainkg.build import build

    out = tmp_path_factory.mktemp("example") / "hunan"
    build([EXAMPLE], out)
    return out
