"""Search filters and the full-text language, on each backend."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from archive import Archive, QueryError
from archive.fulltext import parse, to_fts5, to_tsquery
from tests.conftest import write

ARTICLES = {
    "gas.txt": (
        "outlet: Daily Post\npublished: 2016-10-30",
        "Chlorine gas attack reported\n\nWitnesses described chlorine gas in the streets.",
    ),
    "gas2.txt": (
        "outlet: Evening Star\npublished: 2016-11-02",
        "Gas prices climb\n\nThe price of natural gas rose while chlorine stocks fell.",
    ),
    "vote.txt": (
        "outlet: Daily Post\npublished: 2016-09-01",
        "Parliament votes on budget\n\nLawmakers approved the budget after a long debate.",
    ),
}


@pytest.fixture
def filled(archive: Archive, tmp_path: Path) -> Archive:
    for name, (meta, body) in ARTICLES.items():
        write(tmp_path / "in" / name, f"---\n{meta}\n---\n{body}\n")
    report = archive.ingest([tmp_path / "in"])
    assert report.added == 3
    return archive


def _names(hits: list) -> list[str]:
    return sorted(Path(h.source_path).name for h in hits)


def test_fulltext_words_phrases_boolean_prefix(filled: Archive) -> None:
    assert _names(list(filled.search(text="chlorine"))) == ["gas.txt", "gas2.txt"]
    assert _names(list(filled.search(text='"chlorine gas"'))) == ["gas.txt"]
    assert _names(list(filled.search(text="chlorine NOT prices"))) == ["gas.txt"]
    assert _names(list(filled.search(text="budget OR witnesses"))) == ["gas.txt", "vote.txt"]
    assert _names(list(filled.search(text="lawmak*"))) == ["vote.txt"]
    assert _names(list(filled.search(text="chlorine AND (natural OR streets)"))) == [
        "gas.txt",
        "gas2.txt",
    ]


def test_outlet_and_dates(filled: Archive) -> None:
    assert _names(list(filled.search(outlet="daily post"))) == ["gas.txt", "vote.txt"]
    assert _names(list(filled.search(since=dt.date(2016, 10, 1)))) == ["gas.txt", "gas2.txt"]
    assert _names(list(filled.search(outlet="Daily Post", until="2016-09-30"))) == ["vote.txt"]


def test_keyset_pages_cover_everything_once(filled: Archive) -> None:
    first = list(filled.search(limit=2))
    rest = list(filled.search(limit=2, after=first[-1].id))
    ids = [h.id for h in first + rest]
    assert len(ids) == 3 and len(set(ids)) == 3 and ids == sorted(ids, reverse=True)


@pytest.mark.parametrize(
    "bad", ['"unclosed', "NOT chlorine", "(chlorine", "chlorine AND", "***", "   "]
)
def test_malformed_fulltext_is_a_query_error(filled: Archive, bad: str) -> None:
    with pytest.raises(QueryError):
        list(filled.search(text=bad))


def test_unknown_filter_and_page_size(filled: Archive) -> None:
    with pytest.raises(QueryError, match="colour"):
        list(filled.search(colour="red"))
    with pytest.raises(QueryError, match=r"page size .* follow next_cursor"):
        filled.search_page(limit=100_000)
    assert len(list(filled.search(limit=100_000))) == 3  # a total, not a page: no cap
    with pytest.raises(QueryError, match="since"):
        list(filled.search(since="last tuesday"))


def test_fulltext_rendering_keeps_user_text_inside_terms() -> None:
    node = parse('"drop table" OR x*')
    assert to_fts5(node) == '("drop table" OR "x"*)'
    assert to_tsquery(node) == "(('drop' <-> 'table') | 'x':*)"
    # FTS5 operators typed in lower case are plain words, not operators
    assert to_fts5(parse("near or not")) == '("near" AND "or" AND "not")'
