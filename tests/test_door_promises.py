"""The README's promises kept by every door: one meaning per filter, every match reachable
(no silent caps), lists that page alike, errors in one shape, nothing revealed by default."""

from __future__ import annotations

import datetime as dt
import json
import typing
from pathlib import Path

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from archive import Archive
from archive.api import create_app
from archive.cli import app as cli_app
from archive.query import FilterArgs, Filters
from archive.schemas import Claim, ExtractedArticle, Quote, Source
from archive.store import Writer
from tests import corpus

# A debate: two politicians quoted in one article, and one of them alone in another.
DEBATE = (
    "Leaders clash over the budget\n\n"
    "Prime Minister Tony Blair said the plan was “fair to every family”. "
    "Michael Howard replied that it was “a tax on hope”, and Howard added that voters "
    "“will not be fooled”."
)
SPEECH = "Blair defends schools policy\n\nTony Blair said the reforms were “working”."


def _quoted(text: str, *quotes: tuple[str, str]) -> ExtractedArticle:
    """Sources and quotes for `text`: each (speaker, words) pair is one quote."""
    names = list(dict.fromkeys(name for name, _ in quotes))
    sources = [
        Source(
            id=f"S{i + 1}",
            name=name,
            kind="person",
            mentions=[corpus._span(text, name)],
        )
        for i, name in enumerate(names)
    ]
    qs, claims = [], []
    for name, words in quotes:
        a, b = corpus._span(text, words)
        sid = f"S{names.index(name) + 1}"
        qs.append(Quote(start=a, end=b, text=words, source=sid, cue="said"))
        claims.append(
            Claim(
                kind="direct",
                start=a,
                end=b,
                content=words,
                source=sid,
                cue="said",
                quote=len(qs) - 1,
            )
        )
    return ExtractedArticle(sources=sources, quotes=qs, claims=claims)


@pytest.fixture
def debate(archive: Archive) -> Archive:
    docs = [
        corpus._doc(
            "debate.txt",
            "BBC",
            dt.date(2005, 3, 1),
            DEBATE,
            _quoted(
                DEBATE,
                ("Tony Blair", "fair to every family"),
                ("Michael Howard", "a tax on hope"),
                ("Michael Howard", "will not be fooled"),
            ),
        ),
        corpus._doc(
            "speech.txt",
            "BBC",
            dt.date(2005, 3, 2),
            SPEECH,
            _quoted(SPEECH, ("Tony Blair", "working")),
        ),
    ]
    with archive.sessions.begin() as s:
        Writer("test").write_batch(s, docs)
    return archive


def _cli(*args: str) -> list[str]:
    result = CliRunner().invoke(cli_app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def test_source_on_quotes_means_said_by_it_in_every_door(debate: Archive, tmp_path: Path) -> None:
    blair = ["fair to every family", "working"]
    assert sorted(q.text for q in debate.quotes(source="Tony Blair")) == blair
    cli = [
        json.loads(line)["text"]
        for line in _cli(
            "quotes", "--db", debate.url, "--source", "Tony Blair", "--format", "jsonl"
        )
    ]
    assert sorted(cli) == blair
    http = TestClient(create_app(debate)).get("/quotes", params={"source": "Tony Blair"})
    assert sorted(q["text"] for q in http.json()["items"]) == blair
    frame = debate.dataframe("quotes", source="Tony Blair")
    assert sorted(frame["text"]) == blair
    assert set(frame["source"]) == {"Tony Blair"}  # the name travels with the row
    claims = debate.dataframe("claims", source="Michael Howard")
    assert sorted(claims["content"]) == ["a tax on hope", "will not be fooled"]
    assert set(claims["source"]) == {"Michael Howard"}
    _cli(
        "export",
        str(tmp_path / "out"),
        "--db",
        debate.url,
        "--format",
        "jsonl",
        "--source",
        "Tony Blair",
    )
    rows = [
        json.loads(line) for line in (tmp_path / "out" / "quotes.jsonl").read_text().splitlines()
    ]
    assert sorted(r["text"] for r in rows) == blair
    # articles that quote him: both, including the one where Howard speaks most
    articles = (tmp_path / "out" / "articles.jsonl").read_text().splitlines()
    assert len(articles) == 2


def test_python_lists_read_every_match_lazily(
    debate: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    import archive.core

    monkeypatch.setattr(archive.core, "MAX_PAGE", 1)  # one row a page: every page is read
    quotes = debate.quotes()
    assert not isinstance(quotes, list)  # an iterator: nothing past the first page read yet
    assert len(list(quotes)) == 4
    assert len(list(debate.sources())) == 2
    assert len(list(debate.claims(source="Michael Howard"))) == 2
    assert len(list(debate.quotes(limit=3))) == 3
    assert len(list(debate.search())) == 2


def test_cli_offers_every_match_and_says_where_the_next_page_starts(debate: Archive) -> None:
    runner = CliRunner()
    first = runner.invoke(
        cli_app, ["quotes", "--db", debate.url, "--limit", "1", "--format", "jsonl"]
    )
    assert first.exit_code == 0
    assert len(first.stdout.splitlines()) == 1
    cursor = first.stderr.split("--cursor ", 1)[1].split()[0]
    second = _cli(
        "quotes", "--db", debate.url, "--limit", "1", "--cursor", cursor, "--format", "jsonl"
    )
    assert json.loads(second[0])["id"] < json.loads(first.stdout)["id"]
    every = _cli("quotes", "--db", debate.url, "--limit", "1", "--all", "--format", "jsonl")
    assert len(every) == len({json.loads(line)["id"] for line in every}) == 4
    as_json = runner.invoke(
        cli_app, ["sources", "--db", debate.url, "--limit", "1", "--all", "--format", "json"]
    )
    # two quotes each; Blair is quoted in two articles
    assert [s["name"] for s in json.loads(as_json.stdout)] == ["Tony Blair", "Michael Howard"]
    as_csv = _cli("places", "--db", debate.url, "--all", "--format", "csv")
    assert as_csv[0].startswith("id,")
    too_many = runner.invoke(cli_app, ["quotes", "--db", debate.url, "--limit", "1000"])
    assert too_many.exit_code == 2 and "--all" in too_many.stderr


@pytest.mark.parametrize(
    "path", ["/sources", "/places", "/top/source", "/quotes", "/claims", "/articles"]
)
def test_every_http_list_pages_with_one_envelope(debate: Archive, path: str) -> None:
    corpus.build(debate)
    client = TestClient(create_app(debate))
    whole = client.get(path, params={"limit": 500}).json()
    assert set(whole) == {"items", "next_cursor"} and whole["next_cursor"] is None
    seen, params = [], {"limit": 1}
    while True:
        page = client.get(path, params=params).json()
        seen += page["items"]
        if not page["next_cursor"]:
            break
        params = {"limit": 1, "cursor": page["next_cursor"]}
    assert seen == whole["items"] and len(seen) >= 2


def test_after_on_a_list_ordered_by_counts_is_refused_not_ignored(debate: Archive) -> None:
    r = TestClient(create_app(debate)).get("/sources", params={"after": 5})
    assert r.status_code == 400 and "cursor" in r.json()["error"]


def test_cli_orders_by_relevance(debate: Archive) -> None:
    corpus.build(debate)
    lines = _cli(
        "search",
        "--db",
        debate.url,
        "--text",
        "Aleppo OR Geneva",
        "--order",
        "relevance",
        "--format",
        "jsonl",
    )
    hits = [json.loads(line) for line in lines]
    assert len(hits) == 2 and all("[" in h["snippet"] for h in hits)
    python = [h.id for h in debate.search(text="Aleppo OR Geneva", order="relevance")]
    assert [h["id"] for h in hits] == python


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/articles", {"limit": 0}, 422),
        ("/articles", {"sorce": "typo"}, 422),
        ("/articles", {"since": "yesterday"}, 422),
        ("/articles", {"text": '"unclosed'}, 400),
        ("/articles/999999", {}, 404),
        ("/no-such-page", {}, 404),
    ],
)
def test_every_error_has_one_shape(debate: Archive, path: str, params: dict, status: int) -> None:
    r = TestClient(create_app(debate)).get(path, params=params)
    assert r.status_code == status
    assert set(r.json()) == {"error"} and r.json()["error"]
    if "sorce" in params:
        assert "sorce" in r.json()["error"]


def test_writes_are_405_in_the_same_shape(debate: Archive) -> None:
    r = TestClient(create_app(debate)).post("/articles", json={})
    assert r.status_code == 405 and set(r.json()) == {"error"}


def test_docs_work_offline(debate: Archive) -> None:
    client = TestClient(create_app(debate))
    page = client.get("/docs")
    assert page.status_code == 200
    assert "http" not in page.text.replace("/openapi.json", "")  # nothing from a CDN
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        assert f"/docs/assets/{asset}" in page.text
        assert client.get(f"/docs/assets/{asset}").status_code == 200


def test_local_paths_are_withheld_over_http_unless_asked(debate: Archive) -> None:
    hidden = TestClient(create_app(debate)).get("/articles").json()["items"]
    assert [a["source_path"] for a in hidden] == [None, None]
    first = hidden[0]["id"]
    assert TestClient(create_app(debate)).get(f"/articles/{first}").json()["source_path"] is None
    shown = TestClient(create_app(debate, show_paths=True)).get("/articles").json()["items"]
    assert sorted(a["source_path"] for a in shown) == ["debate.txt", "speech.txt"]


def test_filter_args_name_exactly_the_filters() -> None:
    """`Archive` methods take `**FilterArgs` for type checkers; it must not drift from the
    one definition in `Filters`."""
    assert set(typing.get_type_hints(FilterArgs)) == set(Filters.model_fields)


def test_the_sqlite_archive_opens_in_datasette_with_full_text_search(tmp_path: Path) -> None:
    import sqlite3

    from datasette.utils import detect_fts

    Archive(f"sqlite:///{tmp_path / 'a.db'}").close()
    with sqlite3.connect(tmp_path / "a.db") as conn:
        assert detect_fts(conn, "articles") == "articles_fts"


def test_frame_of_quotes_is_a_dataframe(debate: Archive) -> None:
    assert isinstance(debate.dataframe("quotes"), pd.DataFrame)
