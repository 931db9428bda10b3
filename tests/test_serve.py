"""The explorer's safety over HTTP, without a browser: headers, methods, limits, files, errors."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from chainkg.explorer import create_app
from chainkg.explorer.app import CSP

warnings.filterwarnings("ignore", message=".*httpx.*")


@pytest.fixture(scope="module")
def client(built_example: Path):
    from starlette.testclient import TestClient

    with TestClient(create_app(built_example), base_url="http://127.0.0.1") as test_client:
        yield test_client


def test_every_response_carries_the_policy(client) -> None:
    for url in ("/", "/api/chains", "/static/app.js", "/nothing"):
        assert client.get(url).headers["content-security-policy"] == CSP


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("POST", "/api/chains", 405),
        ("DELETE", "/", 405),
        ("GET", "/api/search?q=" + "x" * 9000, 414),
        ("GET", "/api/search?q=" + "x" * 600, 400),
        ("GET", "/static/../../etc/passwd", 404),
        ("GET", "/static/%2e%2e%2fgraph.json", 404),
        ("GET", "/graph.json", 404),
        ("GET", "/api/node?id=x", 400),
        ("GET", "/api/chain?name=nope", 404),
        ("GET", "/api/query?name=nope", 404),
        ("GET", "/api/expand?id=Enterprise:三一重工&type=X&dir=in", 400),
    ],
)
def test_refusals_are_one_line_with_a_status(client, method: str, url: str, status: int) -> None:
    response = client.request(method, url)
    assert response.status_code == status
    assert "\n" not in response.text.strip() and "Traceback" not in response.text


def test_a_foreign_host_is_refused(client) -> None:
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400


def test_the_csv_download_is_chainkg_query_csv(client, built_example: Path) -> None:
    from click.testing import CliRunner

    from chainkg.cli import main

    cli = CliRunner().invoke(
        main,
        [
            "query",
            "chain_gaps",
            "-p",
            "chain",
            "工程机械",
            "-p",
            "region",
            "长沙",
            "--db",
            str(built_example),
            "--format",
            "csv",
        ],
    )
    response = client.get(
        "/api/query", params={"name": "chain_gaps", "p.chain": "工程机械", "p.region": "长沙", "format": "csv"}
    )
    assert response.text == cli.stdout
    assert response.headers["content-disposition"] == 'attachment; filename="chain_gaps.csv"'
