"""The explorer answers the same on Neo4j as on the embedded engine (marked ``neo4j``): the
bundled example pushed to a real server, every API call of the pages asked of both."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from helpers import wipe_neo4j

from chainkg.cli import main
from chainkg.explorer import create_app
from chainkg.graph.io.nodelink import read_graph_json

warnings.filterwarnings("ignore", message=".*httpx.*")
pytestmark = pytest.mark.neo4j

NEEDLES = ["三一", "sany", "SANY", "液压", "长沙", "igbt", "有限公司", "科技", "工程机械", "芯", "a", "不存在的名字"]
NODES = [
    "Enterprise:三一重工",
    "Enterprise:衡岳液压科技股份有限公司",
    "Product:液压件",
    "Chain:工程机械",
    "Region:长沙",
    "Region:湖南",
    "Cluster:长沙工程机械产业集群",
    "Technology:大排量高压柱塞泵",
]


@pytest.fixture(scope="module")
def clients(built_example: Path, neo4j_settings: Any) -> Iterator[tuple[Any, Any]]:
    """A test client of the explorer on each engine, over the same build (pushed to the server)."""
    from starlette.testclient import TestClient

    from chainkg.graph.engines.neo4j import Neo4jStore

    with Neo4jStore(neo4j_settings) as store:
        wipe_neo4j(store)
    auth = ["--uri", neo4j_settings.uri, "--user", neo4j_settings.user, "--password", neo4j_settings.password]
    pushed = CliRunner().invoke(main, ["push", str(built_example), *auth], catch_exceptions=False)
    assert pushed.exit_code == 0, pushed.output
    neo4j = {"uri": neo4j_settings.uri, "user": neo4j_settings.user, "password": neo4j_settings.password}
    embedded, graph = create_app(built_example), create_app(built_example, "neo4j", neo4j)
    for app in (embedded, graph):  # the name index and the chain pages, made at start
        assert app.state.api.names.ready.wait(60) and app.state.api.chains.warmed.wait(60)
    with (
        TestClient(embedded, base_url="http://127.0.0.1") as one,
        TestClient(graph, base_url="http://127.0.0.1") as other,
    ):
        yield one, other


def same(clients: tuple[Any, Any], url: str, **params: str) -> Any:
    """The answer of both engines to ``url``, asserted equal."""
    one, other = (client.get(url, params=params) for client in clients)
    assert (one.status_code, one.json()) == (other.status_code, other.json()), url
    assert one.status_code == 200, one.text
    return one.json()


def test_the_home_page_s_chains(clients: tuple[Any, Any], built_example: Path) -> None:
    chains = same(clients, "/api/chains")["chains"]
    assert {c["name"] for c in chains} == {
        n["name"] for n in read_graph_json(built_example / "graph.json").nodes("Chain")
    }


@pytest.mark.parametrize("needle", NEEDLES)
def test_search(clients: tuple[Any, Any], needle: str) -> None:
    same(clients, "/api/search", q=needle)


def test_search_before_the_index_is_ready_scans_the_same_nodes(clients: tuple[Any, Any]) -> None:
    one, other = (client.app.state.api.reads for client in clients)
    for needle in NEEDLES:
        assert sorted(map(str, one.scan_names(needle, 1_000))) == sorted(map(str, other.scan_names(needle, 1_000))), (
            needle
        )


def test_every_chain_page_with_and_without_a_region(clients: tuple[Any, Any]) -> None:
    for chain in same(clients, "/api/chains")["chains"]:
        page = same(clients, "/api/chain", name=chain["name"])
        for region in page["regions"][:3] + ["长沙"]:
            same(clients, "/api/chain", name=chain["name"], region=region)


@pytest.mark.parametrize("nid", NODES)
def test_a_node_and_every_expansion_of_it(clients: tuple[Any, Any], nid: str) -> None:
    node = same(clients, "/api/node", id=nid)
    assert node["relations"]
    for relation in node["relations"]:
        found = same(clients, "/api/expand", id=nid, type=relation["type"], dir=relation["direction"])
        assert len(found["edges"]) >= 1


def test_a_supply_path(clients: tuple[Any, Any]) -> None:
    assert same(clients, "/api/path", source="衡岳液压", target="三一重工")["hops"]
    same(clients, "/api/path", source="三一重工", target="衡岳液压")
