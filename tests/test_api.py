"""The HTTP API under attack: generated requests from its own OpenAPI schema, a flood of
malformed requests over real loopback HTTP, and the per-request time cap."""

from __future__ import annotations

import random
import socket
import string
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
import uvicorn
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from archive import Archive
from archive.api import create_app
from bench.corpus import generate
from tests import corpus
from tests.conftest import REPO


@pytest.fixture(scope="module")
def api_archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    db = tmp_path_factory.mktemp("api") / "api.db"
    with Archive(f"sqlite:///{db}") as arc:
        corpus.build(arc)
        yield arc


def test_generated_requests_never_fail_the_server(api_archive: Archive) -> None:
    """Requests generated from the OpenAPI schema (valid and invalid) get a documented
    2xx/4xx answer whose body matches the schema; never a 5xx."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(api_archive))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
        def check(case: schemathesis.Case) -> None:
            response = case.call()
            assert response.status_code < 500, (case.path, case.query, response.text[:300])
            # Semantic checks (a malformed cursor or full-text query) are 400s the schema
            # cannot express, so "schema-valid data must be accepted" does not apply.
            case.validate_response(
                response, excluded_checks=[schemathesis.checks.positive_data_acceptance]
            )

        check()


@pytest.fixture(scope="module")
def live_server(api_archive: Archive) -> Iterator[str]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    config = uvicorn.Config(create_app(api_archive), host="127.0.0.1", port=port, log_level="error")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def _junk(rng: random.Random) -> str:
    alphabet = string.printable + "“”«»\u0000é漢字\u202e%ff"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))


def test_thousands_of_malformed_requests_over_loopback(live_server: str) -> None:
    rng = random.Random(5)
    paths = ["/articles", "/quotes", "/claims", "/sources", "/places", "/top/source", "/stats"]
    params = [
        "limit",
        "after",
        "cursor",
        "order",
        "source",
        "source_id",
        "source_kind",
        "outlet",
        "place",
        "near",
        "text",
        "since",
        "until",
        "claim_kind",
        "has_quantity",
        "min_value",
        "unit",
        "bogus",
    ]
    statuses: dict[int, int] = {}
    with httpx.Client(base_url=live_server, timeout=30) as client:
        for i in range(2500):
            path = rng.choice([*paths, "/articles/" + _junk(rng)[:12], "/nowhere"])
            query = {rng.choice(params): _junk(rng) for _ in range(rng.randint(0, 3))}
            method = "GET" if i % 10 else rng.choice(["POST", "PUT", "DELETE", "PATCH"])
            try:
                r = client.request(method, path, params=query)
            except httpx.InvalidURL:
                continue  # the client refuses to send it; nothing reached the server
            statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
            assert r.status_code < 500, (method, path, query, r.text[:300])
            if r.status_code >= 400:
                assert r.headers["content-type"].startswith("application/json")
        assert client.get("/stats").status_code == 200  # still alive
    assert sum(statuses.values()) > 2000
    assert any(code >= 400 for code in statuses)


def test_slow_queries_are_cut_off_with_503(tmp_path: Path) -> None:
    generate(tmp_path / "in", 150, seed=3, dirs=[REPO / "examples"])
    with Archive(f"sqlite:///{tmp_path / 'slow.db'}") as arc:
        arc.ingest([tmp_path / "in"])
        client = TestClient(create_app(arc, request_seconds=1e-9))
        r = client.get("/articles", params={"text": "the OR said OR a*"})
        assert r.status_code == 503
        assert "took longer" in r.json()["error"]
        fast = TestClient(create_app(arc))
        assert fast.get("/articles", params={"text": "the OR said OR a*"}).status_code == 200
