"""The store keeps what extraction finds: one source row across articles, quotes by source,
claims pointing at their quotes, quantities, places, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from archive import Archive
from archive import models as m
from archive.ingest.parse import content_hash
from archive.schemas import (
    Claim,
    ExtractedArticle,
    ParsedArticle,
    Place,
    Quantity,
    Quote,
    Source,
)
from archive.store import Writer, source_key
from tests.conftest import write

TEXT_A = (
    "Envoy condemns shelling\n\n"
    "UN envoy Staffan de Mistura said: “This must stop now.” Officials said 12 people died."
)
TEXT_B = "Talks resume\n\nDe Mistura told reporters “progress is slow” in Geneva."


def _span(text: str, needle: str) -> tuple[int, int]:
    i = text.index(needle)
    return i, i + len(needle)


def _article(path: str, text: str) -> ParsedArticle:
    return ParsedArticle(
        path=path, title=text.split("\n", 1)[0], text=text, content_hash=content_hash(text)
    )


def _extracted_a() -> ExtractedArticle:
    q = _span(TEXT_A, "This must stop now.")
    c = _span(TEXT_A, "12 people died")
    n = _span(TEXT_A, "12 people")
    return ExtractedArticle(
        sources=[
            Source(
                id="S1",
                name="Staffan de Mistura",
                kind="person",
                roles=["UN envoy"],
                mentions=[_span(TEXT_A, "Staffan de Mistura")],
            )
        ],
        quotes=[Quote(start=q[0], end=q[1], text=TEXT_A[q[0] : q[1]], source="S1", cue="said")],
        claims=[
            Claim(
                kind="direct",
                start=q[0],
                end=q[1],
                content=TEXT_A[q[0] : q[1]],
                source="S1",
                cue="said",
                quote=0,
            ),
            Claim(
                kind="indirect",
                start=c[0],
                end=c[1],
                content=TEXT_A[c[0] : c[1]],
                source=None,
                cue="said",
                quantities=[
                    Quantity(value=12, unit="people", text="12 people", start=n[0], end=n[1])
                ],
            ),
        ],
        places=[],
    )


def _extracted_b() -> ExtractedArticle:
    q = _span(TEXT_B, "progress is slow")
    return ExtractedArticle(
        sources=[
            Source(
                id="S1", name="De Mistura", kind="person", mentions=[_span(TEXT_B, "De Mistura")]
            )
        ],
        quotes=[Quote(start=q[0], end=q[1], text=TEXT_B[q[0] : q[1]], source="S1", cue="told")],
        places=[
            Place(
                name="Geneva",
                geonameid=2660646,
                country_code="CH",
                admin1="GE",
                feature_class="P",
                feature_code="PPLA",
                lat=46.20222,
                lon=6.14569,
                mentions=[_span(TEXT_B, "Geneva")],
            )
        ],
    )


def _store(arc: Archive) -> None:
    writer = Writer("test")
    with arc.sessions.begin() as s:
        writer.write_batch(s, [(_article("a.txt", TEXT_A), _extracted_a())])
    with arc.sessions.begin() as s:
        writer.write_batch(s, [(_article("b.txt", TEXT_B), _extracted_b())])


def test_source_key_folds_case_accents_possessive() -> None:
    assert source_key("Staffan de Mistura") == source_key("STAFFAN DE MISTURA’s")
    assert source_key("José Martí") == source_key("Jose Marti")


def test_extraction_rows_are_stored_with_spans(archive: Archive) -> None:
    _store(archive)
    with archive.sessions() as s:
        article = s.scalars(select(m.Article).where(m.Article.source_path == "a.txt")).one()
        quote = s.scalars(select(m.Quote).where(m.Quote.article_id == article.id)).one()
        assert article.text[quote.start : quote.end] == quote.text == "This must stop now."
        claims = s.scalars(select(m.Claim).order_by(m.Claim.id)).all()
        assert claims[0].quote_id == quote.id  # a direct claim points at its quote
        assert claims[1].source_id is None
        qty = s.scalars(select(m.Quantity)).one()
        assert (qty.value, qty.unit, qty.claim_id) == (12, "people", claims[1].id)
        mention = s.scalars(select(m.PlaceMention)).one()
        place = s.get(m.Place, mention.place_id)
        assert place is not None and place.geonameid == 2660646
        assert mention.text == "Geneva"


def test_quotes_by_source_across_articles(archive: Archive) -> None:
    _store(archive)
    # "de Mistura" in one article and "Staffan de Mistura" in another: two keys, but a
    # source query by the shorter name finds both.
    texts = sorted(q.text for q in list(archive.quotes(source="de mistura")))
    assert texts == ["This must stop now.", "progress is slow"]
    only_full = list(archive.quotes(source="Staffan de Mistura"))
    assert [q.text for q in only_full] == ["This must stop now."]
    assert list(archive.quotes(source="Mistura Staffan")) == []


def test_same_source_in_two_articles_is_one_row(archive: Archive) -> None:
    _store(archive)
    writer = Writer("test")
    text_c = TEXT_A.replace("12 people", "13 people")
    with archive.sessions.begin() as s:
        writer.write_batch(s, [(_article("c.txt", text_c), _extracted_a())])
    with archive.sessions() as s:
        n = s.scalar(
            select(func.count()).select_from(m.Source).where(m.Source.key == "staffan de mistura")
        )
    assert n == 1
    hits = list(archive.sources(source="Staffan de Mistura"))
    assert len(hits) == 1 and hits[0].articles == 2 and hits[0].quotes == 2


def test_an_unresolved_description_is_a_different_source_in_each_article(
    archive: Archive,
) -> None:
    """'a factory manager' in two articles is two people; 'the White House' is one."""
    writer = Writer("test")
    for n, town in enumerate(["Lyon", "Turin"]):
        text = f"Plant closes in {town}\n\n“We had no warning,” a factory manager said."
        quote = _span(text, "We had no warning,")
        extracted = ExtractedArticle(
            sources=[
                Source(
                    id="S1",
                    name="a factory manager",
                    kind="person",
                    mentions=[_span(text, "a factory manager")],
                ),
                Source(id="S2", name="the White House", kind="government", mentions=[(0, 5)]),
            ],
            quotes=[
                Quote(
                    start=quote[0],
                    end=quote[1],
                    text=text[quote[0] : quote[1]],
                    source="S1",
                    cue="said",
                )
            ],
        )
        with archive.sessions.begin() as s:
            writer.write_batch(s, [(_article(f"{n}.txt", text), extracted)])
    managers = list(archive.sources(source="factory manager"))
    assert [(h.name, h.articles, h.quotes) for h in managers] == [
        ("a factory manager", 1, 1),
        ("a factory manager", 1, 1),
    ]
    assert len(list(archive.quotes(source="a factory manager"))) == 2  # still found by name
    white_house = list(archive.sources(source="White House"))
    assert [(h.name, h.articles) for h in white_house] == [("the White House", 2)]


def test_place_filter_finds_articles(archive: Archive) -> None:
    _store(archive)
    assert [a.source_path for a in list(archive.search(place="Geneva"))] == ["b.txt"]
    assert [a.source_path for a in list(archive.search(place="ch"))] == ["b.txt"]


def test_claim_and_quantity_filters(archive: Archive) -> None:
    _store(archive)
    assert [a.source_path for a in list(archive.search(has_quantity=True))] == ["a.txt"]
    assert [a.source_path for a in list(archive.search(has_quantity=False))] == ["b.txt"]
    assert [a.source_path for a in list(archive.search(claim_kind="indirect"))] == ["a.txt"]


def test_places_of_our_own_table_are_stored_and_found_by_region(
    archive: Archive, tmp_path: Path
) -> None:
    # GeoNames has no id for the Persian Gulf or Eastern Ghouta; our own table gives them a
    # country and coordinates. Stored one row per name, across ingest runs, they answer a
    # query for themselves and for the regions and countries they lie in.
    write(
        tmp_path / "one" / "a.txt",
        "Shelling resumes\n\nGovernment forces shelled Eastern Ghouta on Monday, rescuers "
        "said. Tankers waited in the Persian Gulf.\n",
    )
    write(
        tmp_path / "two" / "b.txt",
        "Aid convoy waits\n\nA convoy for Eastern Ghouta waited at the last checkpoint.\n",
    )
    archive.ingest([tmp_path / "one"])
    archive.ingest([tmp_path / "two"])
    with archive.sessions() as s:
        own = s.execute(
            select(m.Place.name, m.Place.country_code).where(m.Place.geonameid.is_(None))
        ).all()
    assert sorted(own) == [("Eastern Ghouta", "SY"), ("Persian Gulf", None)]

    def found(place: str) -> list[str]:
        return sorted(Path(a.source_path).name for a in list(archive.search(place=place)))

    assert found("Syria") == ["a.txt", "b.txt"]
    assert found("Eastern Ghouta") == ["a.txt", "b.txt"]
    assert found("Middle East") == ["a.txt", "b.txt"]
    assert found("Persian Gulf") == ["a.txt"]
    counts = {p.name: p.articles for p in list(archive.places())}
    assert counts["Eastern Ghouta"] == 2 and counts["Persian Gulf"] == 1


def test_a_name_finds_every_source_holding_its_words_in_order(archive: Archive) -> None:
    writer = Writer("test")
    names = ["Donald Trump", "Trump campaign", "Trumpeter Swan", "Trump Donald", "de Mistura"]
    with archive.sessions.begin() as s:
        for i, name in enumerate(names):
            text = f"Story {i}\n\n{name} said it was over."
            extracted = ExtractedArticle(
                sources=[Source(id="S1", name=name, kind="other", mentions=[_span(text, name)])]
            )
            writer.write_batch(s, [(_article(f"{i}.txt", text), extracted)])

    def found(name: str) -> list[str]:
        return sorted(h.name for h in list(archive.sources(source=name, limit=50)))

    assert found("Trump") == ["Donald Trump", "Trump Donald", "Trump campaign"]
    assert found("donald trump") == ["Donald Trump"]  # words in order, case folded
    assert found("Mistura") == ["de Mistura"]
    assert found("Trumpet") == []


def test_claim_act_is_stored_and_filters_claims_and_articles(
    archive: Archive, tmp_path: Path
) -> None:
    write(
        tmp_path / "in" / "said.txt",
        "Bridge to reopen\n\nMayor Jane Holt said that the bridge would reopen on Monday.\n",
    )
    write(
        tmp_path / "in" / "thinks.txt",
        "Playoff hopes\n\nCoach Dana Reyes believes the team can still make the playoffs.\n",
    )
    archive.ingest([tmp_path / "in"])
    assert [(c.act, c.cue) for c in archive.claims(act="think")] == [("think", "believes")]
    assert [(c.act, c.cue) for c in archive.claims(act="say")] == [("say", "said")]
    assert len(list(archive.claims())) == 2  # no act: every claim, as before
    assert [Path(a.source_path).name for a in archive.search(act="think")] == ["thinks.txt"]


IDENTITY = {
    "a1.txt": "Border\n\nTrump said on Monday that the border was closed.\n",
    "a2.txt": "Wall\n\nDonald J. Trump said the wall would be built.\n",
    "a3.txt": "Tariffs\n\nMr. Trump told reporters that tariffs would rise.\n",
    "b1.txt": "Virus\n\nWHO said on Monday that cases had doubled.\n",
    "b2.txt": "Virus 2\n\nThe World Health Organisation said the risk was high.\n",
    "b3.txt": "Virus 3\n\nThe World Health Organization (WHO) said vaccines would help.\n",
    "c1.txt": "Fashion\n\nMelania Trump said she liked the dress.\n",
}


def _identities(archive: Archive) -> list[tuple[str, int]]:
    with archive.sessions() as s:
        rows = s.execute(
            select(m.Source.key, func.count(m.Claim.id))
            .join(m.Claim, m.Claim.source_id == m.Source.id)
            .group_by(m.Source.key)
            .order_by(m.Source.key)
        ).all()
    return [(k, n) for k, n in rows]


def test_one_identity_across_articles_whatever_the_order(archive: Archive, tmp_path: Path) -> None:
    # one article per ingest run, short forms first: the full names fold them in later
    for name in ["a1.txt", "a3.txt", "b1.txt", "a2.txt", "b2.txt", "b3.txt", "c1.txt"]:
        write(tmp_path / name[:-4] / name, IDENTITY[name])
        archive.ingest([tmp_path / name[:-4]])
    expected = [("donald trump", 3), ("melania trump", 1), ("world health organization", 3)]
    assert _identities(archive) == expected
    [who] = archive.sources(source="WHO")
    assert who.name.startswith("World Health Organi")
    assert {"WHO", "World Health Organisation", "World Health Organization"} <= set(who.aliases)
    [trump] = archive.sources(source="Donald Trump")
    assert {"Donald J. Trump", "Trump"} <= set(trump.aliases)


def test_one_identity_in_one_batch(archive: Archive, tmp_path: Path) -> None:
    for name, text in IDENTITY.items():
        write(tmp_path / "in" / name, text)
    archive.ingest([tmp_path / "in"])
    expected = [("donald trump", 3), ("melania trump", 1), ("world health organization", 3)]
    assert _identities(archive) == expected


def test_source_key_folds_what_news_writes_around_one_name() -> None:
    assert source_key("Donald J. Trump") == source_key("Donald Trump") == "donald trump"
    assert source_key("Mr. Trump") == source_key("Trump") == "trump"
    assert source_key("the White House") == source_key("White House")
    assert source_key("World Health Organisation") == source_key("World Health Organization")
    # different people stay apart
    assert source_key("George H. W. Bush") != source_key("George W. Bush")
    assert source_key("Donald Trump Jr.") != source_key("Donald Trump")


def test_writers_take_turns_on_postgresql(db_url: str) -> None:
    """A writer that removes sources (reextract's orphans, an ingest folding a surname) must
    not do so between another writer's read of a source id and its insert of the mention:
    on PostgreSQL writing transactions hold one advisory lock, as SQLite's write lock does."""
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite's own write lock already makes writers take turns")
    import threading

    from archive.store import take_write_lock

    with Archive(db_url) as arc:
        entered = threading.Event()

        def second_writer() -> None:
            with arc.sessions.begin() as s:
                take_write_lock(s)
                entered.set()

        with arc.sessions.begin() as first:
            take_write_lock(first)
            other = threading.Thread(target=second_writer)
            other.start()
            assert not entered.wait(0.5)  # waits while the first transaction writes
            assert list(arc.search()) == []  # readers are never blocked
        assert entered.wait(10)  # and goes on once it has committed
        other.join()
