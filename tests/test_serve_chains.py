"""Chain pages in the explorer: made once at start, and once only when many clients ask at once."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from chainkg.errors import QueryError
from chainkg.explorer.api import Api
from chainkg.explorer.chains import Chains


def test_many_clients_asking_for_the_same_new_page_make_it_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[tuple[str, str]] = []

    def slow_page(self: Chains, name: str, region: str) -> dict[str, Any]:
        made.append((name, region))
        time.sleep(0.2)
        return {"chain": {"name": name}, "region": region}

    monkeypatch.setattr(Chains, "_page", slow_page)
    chains = Chains(reads=None, folder=tmp_path)
    start = threading.Barrier(20)
    answers: list[dict[str, Any]] = []

    def client(region: str) -> None:
        start.wait()
        answers.append(chains.page("链", region))

    threads = [threading.Thread(target=client, args=("长沙" if i % 2 else "",)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(made) == [("链", ""), ("链", "长沙")]
    assert len(answers) == 20 and all(a is chains.page("链", a["region"]) for a in answers)


def test_a_page_that_fails_is_tried_again_by_the_next_request(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def failing(self: Chains, name: str, region: str) -> dict[str, Any]:
        calls.append(name)
        raise QueryError(f"no Chain named {name!r}")

    monkeypatch.setattr(Chains, "_page", failing)
    chains = Chains(reads=None, folder=tmp_path)
    for _ in range(2):
        with pytest.raises(QueryError):
            chains.page("不存在")
    assert calls == ["不存在", "不存在"] and not chains._making


def test_every_chain_page_is_made_at_start(built_example: Path) -> None:
    api = Api.open(built_example, "embedded")
    try:
        assert api.chains.warmed.wait(60)
        names = sorted(api.chains.overview())
        assert sorted(name for name, region in api.chains._pages if region == "") == names
        fresh = Chains(api.reads, built_example)  # made on demand, the same page
        assert all(fresh.page(name) == api.chains.page(name) for name in names)
    finally:
        api.close()
