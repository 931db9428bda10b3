"""``chainkg serve`` in real headless Chromium: search, expand, the chain page, the query page,
hostile names, and no request that leaves the server. Screenshots of each page kind land in
tests/artifacts/serve-*.png.

Skipped with a reason when chromium or playwright is missing, except under CI=true.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from helpers import ROOT
from hostile import HOSTILE
from serving import running_server

from chainkg.build import build
from chainkg.cli import main
from chainkg.explorer.api import MAX_TEXT
from chainkg.graph.engines.embedded import EmbeddedStore
from chainkg.graph.identity import node_id
from chainkg.synth import synthesize

ARTIFACTS = ROOT / "tests" / "artifacts"


class Visit:
    """A page of the explorer with every request watched: only the server's own origin goes through."""

    def __init__(self, browser: Any, origin: str) -> None:
        self.origin = origin
        self.context = browser.new_context(viewport={"width": 1400, "height": 900}, service_workers="block")
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("websocket", lambda ws: self.outside.append(ws.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith((self.origin, "data:", "about:", "blob:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def open(self, path: str) -> Any:
        self.page.goto(self.origin.rstrip("/") + path)
        self.page.wait_for_selector("body[data-ready='1']", state="attached", timeout=30_000)
        return self.page

    def clean(self) -> None:
        assert self.outside == [] and self.dialogs == [], (self.outside, self.dialogs)
        assert self.errors == [], self.errors
        assert self.page.locator("#error").is_hidden(), self.page.locator("#error").text_content()

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"serve-{name}.png"), full_page=False)


@pytest.fixture(scope="module")
def example_server(built_example: Path):
    with running_server(built_example) as (url, _):
        yield url


@pytest.fixture
def visit(browser, example_server: str):
    seen = Visit(browser, example_server)
    yield seen
    seen.context.close()


def cli_rows(folder: Path, *args: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(main, ["query", *args, "--db", str(folder), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_home_page_lists_every_chain_with_badges(visit: Visit, built_example: Path) -> None:
    page = visit.open("/")
    names = page.locator(".chain-card .chain-name").all_text_contents()
    assert names == sorted(r["chain"] for r in cli_rows(built_example, "chain_overview"))
    assert page.locator(".chain-card .badge.thin").count() > 0
    visit.shot("home")
    page.click("#lang")
    assert page.locator("header nav a").first.text_content() == "Chains"
    visit.clean()


def test_the_chain_page_shows_the_example_gaps_and_thin_products(visit: Visit, built_example: Path) -> None:
    page = visit.open("/chain?name=%E5%B7%A5%E7%A8%8B%E6%9C%BA%E6%A2%B0&region=%E9%95%BF%E6%B2%99")  # 工程机械, 长沙
    expected = cli_rows(built_example, "chain_gaps", "-p", "chain", "工程机械", "-p", "region", "长沙")
    for status in ("gap", "thin"):
        shown = sorted(
            page.locator(f".product.status-{status}").evaluate_all("cards => cards.map(c => c.dataset.product)")
        )
        assert shown == sorted(r["product"] for r in expected if r["status"] == status)
    assert page.locator(".product.status-gap .slot").count() == sum(r["status"] == "gap" for r in expected) > 0
    assert page.locator(".analysis .completeness tr").count() == 1
    visit.shot("chain")
    visit.clean()


def test_expanding_a_node_by_one_type_adds_exactly_those_neighbours(visit: Visit, built_example: Path) -> None:
    page = visit.open("/node?id=Enterprise%3A%E4%B8%89%E4%B8%80%E9%87%8D%E5%B7%A5")  # Enterprise:三一重工
    with EmbeddedStore(built_example / "db") as store:
        _, rows = store.query(
            "MATCH (n:Enterprise {id: $id})<-[:SUPPLIES]-(m) RETURN DISTINCT m.id", {"id": "Enterprise:三一重工"}
        )
    assert page.evaluate("window.chainkgExplorer.nodes()") == ["Enterprise:三一重工"]
    page.click("button.expand[data-type='SUPPLIES'][data-dir='in']")
    page.wait_for_selector("body[data-nodes]", state="attached")
    page.wait_for_selector(".edge-list li")
    assert sorted(page.evaluate("window.chainkgExplorer.nodes()")) == sorted(
        ["Enterprise:三一重工", *(r[0] for r in rows)]
    )
    assert {tuple(e) for e in page.evaluate("window.chainkgExplorer.edges()")} == {
        (r[0], "Enterprise:三一重工", "SUPPLIES") for r in rows
    }
    assert "衡岳液压为三一重工" in page.locator(".edge-list").text_content()  # the source sentence of the edge
    assert re.search(r"news_supply\.txt", page.locator(".edge-list").text_content())
    visit.shot("node")
    visit.clean()


def test_the_query_page_shows_the_rows_of_chainkg_query(visit: Visit, built_example: Path) -> None:
    page = visit.open("/query?name=chain_gaps&p.chain=%E5%B7%A5%E7%A8%8B%E6%9C%BA%E6%A2%B0&p.region=%E9%95%BF%E6%B2%99")
    expected = cli_rows(built_example, "chain_gaps", "-p", "chain", "工程机械", "-p", "region", "长沙")
    header = page.locator("#result tr").first.locator("th").all_text_contents()
    cells = [row.locator("td").all_text_contents() for row in page.locator("#result tr").all()[1:]]
    assert cells == [[str(r[c]) for c in header] for r in expected]
    data = page.evaluate("fetch(document.querySelector('a.download[download$=json]').href).then(r => r.json())")
    assert data == expected
    visit.shot("query")
    visit.clean()


def test_the_path_finder_draws_a_supply_path_with_its_evidence(visit: Visit) -> None:
    page = visit.open(
        "/path?source=%E8%A1%A1%E5%B2%B3%E6%B6%B2%E5%8E%8B&target=%E4%B8%89%E4%B8%80%E9%87%8D%E5%B7%A5"
    )  # 衡岳液压 -> 三一重工
    assert page.locator(".hops").text_content().startswith("1 ")
    assert "衡岳液压为三一重工" in page.locator(".path-list").text_content()
    visit.shot("path")
    visit.clean()


def test_search_finds_a_node_the_static_overview_folds(browser, tmp_path: Path) -> None:
    synthesize(tmp_path / "s", 3000)
    build([tmp_path / "s"], tmp_path / "b")
    overview = (tmp_path / "b" / "view.html").read_text(encoding="utf-8")
    with EmbeddedStore(tmp_path / "b" / "db") as store:
        names = [r[0] for r in store.query("MATCH (e:Enterprise) RETURN e.name ORDER BY e.name")[1]]
    folded = next(n for n in names if json.dumps(n)[1:-1] not in overview and n not in overview)
    with running_server(tmp_path / "b") as (url, _):
        seen = Visit(browser, url)
        page = seen.open("/")
        page.fill("#search", folded)
        page.wait_for_selector("#search-hits a", timeout=10_000)
        assert folded in page.locator("#search-hits a").all_text_contents()
        seen.shot("search")
        page.locator("#search-hits a", has_text=folded).first.click()
        page.wait_for_selector("body[data-page='node'][data-ready='1']")
        assert page.locator(".panel h1").text_content() == folded
        seen.clean()
        seen.context.close()


HOSTILE_NAMES = sorted({" ".join(text.split()) for _, text in HOSTILE})


def test_hostile_names_are_drawn_as_text_and_run_nothing(browser, hostile_build: Path) -> None:
    with running_server(hostile_build) as (url, _):
        seen = Visit(browser, url)
        page = seen.open("/")
        cards = page.locator(".chain-card .chain-name").all_text_contents()
        for name in HOSTILE_NAMES:
            assert name in cards
        for name in HOSTILE_NAMES:
            if len(name) <= MAX_TEXT:  # the long name is reached by its id only
                page = seen.open("/chain?" + _query({"name": name}))
                assert page.locator("h1").first.text_content() == name
            page = seen.open("/node?" + _query({"id": node_id("Enterprise", name)}))
            assert page.locator(".panel h1").text_content() == name
            page.locator("button.expand[data-type='SUPPLIES']").first.click()
            page.wait_for_selector(".edge-list li")
            page.fill("#search", name[:30])
            page.wait_for_selector("#search-hits li", timeout=10_000)
            seen.clean()
        assert page.evaluate("document.querySelectorAll('img, script:not([src]), iframe').length") == 0
        seen.shot("hostile")
        seen.clean()
        seen.context.close()


def _query(params: dict[str, str]) -> str:
    from urllib.parse import urlencode

    return urlencode(params)
