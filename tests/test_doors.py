"""Every filter through all three doors (Python, CLI, HTTP) gives the same results."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from archive import Archive
from archive.api import create_app
from archive.cli import app as cli_app
from tests import corpus

# (filters, file names expected) — one case per filter, plus combinations.
CASES: list[tuple[dict[str, Any], list[str]]] = [
    ({}, ["aleppo.txt", "geneva.txt", "paris.txt"]),
    ({"source": "de Mistura"}, ["aleppo.txt", "geneva.txt"]),
    ({"source": "STAFFAN DE MISTURA"}, ["aleppo.txt"]),
    ({"source_kind": "media"}, ["aleppo.txt"]),
    ({"outlet": "reuters"}, ["geneva.txt", "paris.txt"]),
    ({"place": "Syria"}, ["aleppo.txt", "geneva.txt"]),
    ({"place": "Aleppo"}, ["aleppo.txt"]),
    ({"place": "Asia"}, ["aleppo.txt", "geneva.txt"]),
    ({"place": "Middle East"}, ["aleppo.txt", "geneva.txt"]),
    ({"place": "Europe"}, ["geneva.txt", "paris.txt"]),
    ({"place": "Ile-de-France"}, ["paris.txt"]),
    ({"near": "36.0,37.0,100"}, ["aleppo.txt"]),
    ({"text": '"chlorine gas"'}, ["aleppo.txt"]),
    ({"text": "planet OR geneva"}, ["geneva.txt", "paris.txt"]),
    ({"since": "2016-11-01"}, ["geneva.txt", "paris.txt"]),
    ({"until": "2016-11-30"}, ["aleppo.txt", "geneva.txt"]),
    ({"claim_kind": "mixed"}, ["geneva.txt"]),
    ({"has_quantity": True}, ["aleppo.txt", "geneva.txt"]),
    ({"has_quantity": False}, ["paris.txt"]),
    ({"source": "de Mistura", "place": "Syria", "since": "2016-11-01"}, ["geneva.txt"]),
]


@pytest.fixture
def filled(archive: Archive) -> tuple[Archive, dict[int, str]]:
    ids = corpus.build(archive)
    return archive, {v: k for k, v in ids.items()}


def _python(arc: Archive, filters: dict[str, Any]) -> list[int]:
    return [h.id for h in list(arc.search(limit=50, **filters))]


def _cli(url: str, filters: dict[str, Any]) -> list[int]:
    args = ["search", "--db", url, "--format", "jsonl", "--limit", "50"]
    for key, value in filters.items():
        flag = "--" + key.replace("_", "-")
        if isinstance(value, bool):
            args.append("--has-quantity" if value else "--no-quantity")
        else:
            args += [flag, str(value)]
    result = CliRunner().invoke(cli_app, args)
    assert result.exit_code == 0, result.output
    return [json.loads(line)["id"] for line in result.stdout.splitlines()]


def _http(client: TestClient, filters: dict[str, Any]) -> list[int]:
    params = {k: (str(v).lower() if isinstance(v, bool) else v) for k, v in filters.items()}
    r = client.get("/articles", params={**params, "limit": 50})
    assert r.status_code == 200, r.text
    return [h["id"] for h in r.json()["items"]]


@pytest.mark.parametrize(("filters", "expected"), CASES, ids=[str(c[0]) for c in CASES])
def test_same_results_through_every_door(
    filled: tuple[Archive, dict[int, str]], filters: dict[str, Any], expected: list[str]
) -> None:
    arc, names = filled
    client = TestClient(create_app(arc))
    py = _python(arc, filters)
    assert sorted(names[i] for i in py) == expected
    assert _cli(arc.url, filters) == py
    assert _http(client, filters) == py


def test_quotes_claims_sources_places_agree(filled: tuple[Archive, dict[int, str]]) -> None:
    arc, _ = filled
    client = TestClient(create_app(arc))
    quotes = list(arc.quotes(source="de Mistura"))
    assert sorted(q.text for q in quotes) == [
        "appalled and shocked by the rockets",
        "progress is slow",
    ]
    assert [
        q["id"] for q in client.get("/quotes", params={"source": "de Mistura"}).json()["items"]
    ] == [q.id for q in quotes]
    big = list(arc.claims(min_value=1000))
    assert [c.quantities[0].value for c in big] == [1200]
    assert big[0].quantities[0].qualifier == "more than"
    http_big = client.get("/claims", params={"min_value": 1000}).json()["items"]
    assert [c["id"] for c in http_big] == [c.id for c in big]
    cases = list(arc.claims(unit="cases", source="SANA"))
    assert [c.content.startswith("chlorine") for c in cases] == [True]
    srcs = list(arc.sources(place="Syria"))
    assert {s.name for s in srcs} >= {"Staffan de Mistura", "SANA"}
    sana = next(s for s in srcs if s.name == "SANA")
    assert [(c.key, c.count) for c in sana.outlets] == [("RT", 1)]
    assert [s["id"] for s in client.get("/sources", params={"place": "Syria"}).json()["items"]] == [
        s.id for s in srcs
    ]
    places = list(arc.places(outlet="Reuters"))
    assert {p.name for p in places} == {"Geneva", "Syria", "Paris"}
    assert client.get("/places", params={"outlet": "Reuters"}).json()["items"][0]["articles"] == 1


def test_aggregates(filled: tuple[Archive, dict[int, str]]) -> None:
    arc, _ = filled
    client = TestClient(create_app(arc))
    outlets = arc.top("outlet")
    assert [(c.key, c.count) for c in outlets] == [("Reuters", 2), ("RT", 1)]
    months = arc.top("month")
    assert [(c.key, c.count) for c in months] == [("2016-10", 1), ("2016-11", 1), ("2016-12", 1)]
    assert client.get("/top/month").json() == {
        "items": [c.model_dump() for c in months],
        "next_cursor": None,
    }
    by_source = arc.top("source", place="Syria")
    assert by_source[0].key in ("Staffan de Mistura", "De Mistura") or by_source[0].count >= 1


def test_article_detail_marks_spans(filled: tuple[Archive, dict[int, str]]) -> None:
    arc, names = filled
    aleppo = next(i for i, n in names.items() if n == "aleppo.txt")
    detail = arc.article(aleppo)
    for span in detail.spans:
        assert 0 <= span.start < span.end <= len(detail.text)
    quote = detail.quotes[0]
    assert detail.text[quote.start : quote.end] == quote.text
    assert quote.source == "Staffan de Mistura"
    client = TestClient(create_app(arc))
    assert client.get(f"/articles/{aleppo}").json()["quotes"][0]["text"] == quote.text
    missing = client.get("/articles/999999")
    assert missing.status_code == 404 and "no article" in missing.json()["error"]


def test_relevance_order_and_cursor_pages(filled: tuple[Archive, dict[int, str]]) -> None:
    arc, _ = filled
    page = arc.search_page(text="aleppo OR geneva OR planet", order="relevance", limit=1)
    seen = [h.id for h in page.items]
    assert page.items[0].snippet and "[" in page.items[0].snippet
    for _ in range(5):  # a cursor that does not advance must fail, not loop
        if not page.next_cursor:
            break
        page = arc.search_page(
            text="aleppo OR geneva OR planet", order="relevance", limit=1, cursor=page.next_cursor
        )
        seen += [h.id for h in page.items]
    assert len(seen) == len(set(seen)) == 3


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 100000},
        {"limit": 0},
        {"text": '"unclosed'},
        {"text": "NOT x"},
        {"since": "yesterday"},
        {"source_kind": "alien"},
        {"place": "Atlantis Undersea Kingdom"},
        {"near": "91,0,10"},
        {"sorce": "typo"},
        {"cursor": "!!!"},
        {"order": "relevance"},
        {"text": "x" * 5000},
    ],
)
def test_bad_input_is_4xx_json(filled: tuple[Archive, dict[int, str]], params: dict) -> None:
    arc, _ = filled
    client = TestClient(create_app(arc))
    r = client.get("/articles", params=params)
    assert 400 <= r.status_code < 500, r.text
    body = r.json()
    assert "error" in body or "detail" in body


def test_api_is_read_only(filled: tuple[Archive, dict[int, str]]) -> None:
    arc, _ = filled
    client = TestClient(create_app(arc))
    assert client.post("/articles", json={}).status_code == 405
    assert client.delete("/articles/1").status_code == 405
    assert client.get("/openapi.json").json()["info"]["title"] == "archive"
    assert client.get("/stats").json()["articles"] == 3


@pytest.mark.parametrize("frequent", [True, False], ids=["exists-plan", "in-plan"])
def test_frequent_and_rare_filter_plans_agree(
    filled: tuple[Archive, dict[int, str]], monkeypatch: pytest.MonkeyPatch, frequent: bool
) -> None:
    """Page-sized queries take a correlated EXISTS for filters that match much of the archive
    and IN for rare ones (query._membership); both plans must return the same rows, pages
    and quotes. A cap of 1 sends every filter down the EXISTS plan, a huge cap down IN."""
    from archive import query

    arc, names = filled
    monkeypatch.setattr(query, "FREQUENT_MIN", 1 if frequent else 10**12)
    monkeypatch.setattr(query, "FREQUENT_SHARE", 10**12 if frequent else 1)
    for filters, expected in CASES:
        assert sorted(names[h.id] for h in list(arc.search(limit=50, **filters))) == expected, (
            filters
        )
        first = list(arc.search(limit=1, **filters))
        rest = list(arc.search(limit=50, after=first[0].id, **filters)) if first else []
        assert sorted(names[h.id] for h in first + rest) == expected, filters
    assert sorted(q.text for q in list(arc.quotes(source="de Mistura", place="Syria"))) == [
        "appalled and shocked by the rockets",
        "progress is slow",
    ]
    assert [
        c.content.startswith("chlorine") for c in list(arc.claims(place="Aleppo", unit="cases"))
    ] == [True]
