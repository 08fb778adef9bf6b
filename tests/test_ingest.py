"""Ingest into the store on each backend: metadata kept, idempotent, versions, failures."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from sqlalchemy import func, select

from archive import Archive
from archive import models as m
from archive.extract import extract_article
from tests.conftest import FIXTURES, SHARED, requires_shared, write

STORY = (
    "Council approves new cycle lanes\n\n"
    "The city council voted 31 to 12 on Tuesday to build 40 km of protected cycle lanes, "
    "the mayor's office said.\n"
)


def _count(arc: Archive, model: type[m.Base]) -> int:
    with arc.sessions() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_ingest_stores_articles_with_metadata(archive: Archive, tmp_path: Path) -> None:
    write(tmp_path / "in" / "cycle.txt", STORY)
    shutil.copy(FIXTURES / "aleppo-rt-2016.txt", tmp_path / "in" / "aleppo.txt")
    write(tmp_path / "in" / "aleppo.json", '{"outlet": "RT", "published": "2016-10-30"}')
    report = archive.ingest([tmp_path / "in"], outlet="Local Gazette")
    assert (report.seen, report.added, report.duplicates, report.failed) == (2, 2, 0, 0)
    with archive.sessions() as s:
        rows = {
            a.source_path.rsplit("/", 1)[-1]: a
            for a in s.scalars(select(m.Article).join(m.Article.outlet, isouter=True))
        }
        aleppo = rows["aleppo.txt"]
        assert aleppo.outlet is not None and aleppo.outlet.name == "RT"
        assert aleppo.published == dt.date(2016, 10, 30)
        assert aleppo.text == (FIXTURES / "aleppo-rt-2016.txt").read_text(encoding="utf-8")
        assert aleppo.title.startswith("UN Syria envoy")
        cycle = rows["cycle.txt"]
        assert cycle.outlet is not None and cycle.outlet.name == "Local Gazette"
        assert cycle.word_count > 15


def test_reingest_adds_nothing_and_reports_duplicates(archive: Archive, tmp_path: Path) -> None:
    for i in range(5):
        write(tmp_path / f"{i}.txt", STORY.replace("Tuesday", f"day {i}"))
    first = archive.ingest([tmp_path])
    second = archive.ingest([tmp_path])
    assert (first.added, first.duplicates) == (5, 0)
    assert (second.added, second.duplicates) == (0, 5)
    assert _count(archive, m.Article) == 5


def test_same_text_twice_in_one_batch_is_one_article(archive: Archive, tmp_path: Path) -> None:
    write(tmp_path / "a.txt", STORY)
    write(tmp_path / "b.txt", STORY + "\n\n")  # trailing blank lines do not make a new article
    report = archive.ingest([tmp_path])
    assert (report.added, report.duplicates) == (1, 1)


def test_changed_file_is_a_new_version_of_the_same_path(archive: Archive, tmp_path: Path) -> None:
    path = write(tmp_path / "story.txt", STORY)
    archive.ingest([path])
    write(path, STORY.replace("31 to 12", "32 to 11"))
    report = archive.ingest([path])
    assert report.added == 1
    with archive.sessions() as s:
        versions = s.execute(
            select(m.Article.id, m.Article.version, m.Article.previous_id).order_by(
                m.Article.version
            )
        ).all()
    assert [v for _, v, _ in versions] == [1, 2]
    assert versions[1][2] == versions[0][0]


def test_failures_never_stop_the_batch_and_are_recorded(archive: Archive, tmp_path: Path) -> None:
    write(tmp_path / "good1.txt", STORY)
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "binary.txt", bytes(range(256)) * 4)
    write(tmp_path / "good2.txt", STORY.replace("council", "assembly"))
    write(tmp_path / "huge.txt", STORY * 2000)
    seen: list[str] = []
    report = archive.ingest([tmp_path], max_bytes=100_000, on_failure=lambda f: seen.append(f.path))
    assert report.added == 2
    assert report.failed == 3
    reasons = {Path(f.path).name: f.reason for f in report.failures}
    assert reasons["empty.txt"] == "empty file"
    assert "binary" in reasons["binary.txt"]
    assert "too large" in reasons["huge.txt"]
    assert sorted(Path(p).name for p in seen) == ["binary.txt", "empty.txt", "huge.txt"]
    with archive.sessions() as s:
        stored = {
            Path(p).name: r
            for p, r in s.execute(select(m.IngestFailure.path, m.IngestFailure.reason))
        }
        run = s.scalars(select(m.IngestRun)).one()
    assert stored == reasons
    assert (run.seen, run.added, run.failed, run.status) == (5, 2, 3, "done")


def test_small_batches_and_two_workers(archive: Archive, tmp_path: Path) -> None:
    for i in range(23):
        write(tmp_path / f"{i:02}.txt", STORY.replace("40 km", f"{i} km"))
    report = archive.ingest([tmp_path], jobs=2, batch_size=5)
    assert (report.added, report.failed) == (23, 0)
    assert _count(archive, m.Article) == 23


def test_workers_store_what_extraction_finds(archive: Archive, tmp_path: Path) -> None:
    # Workers send extractions back as JSON: what is stored must be exactly what
    # extract_article gives in-process, spans, sources, quantities and coordinates included.
    seed = (FIXTURES / "aleppo-rt-2016.txt").read_text(encoding="utf-8")
    texts = {f"{i:02}.txt": seed.replace("Aleppo", "Aleppo" + " " * i, 1) for i in range(6)}
    for name, text in texts.items():
        write(tmp_path / name, text)
    report = archive.ingest([tmp_path], jobs=2, batch_size=4)
    assert (report.added, report.failed) == (6, 0)
    with archive.sessions() as s:
        for article in s.scalars(select(m.Article)):
            want = extract_article(article.text)
            names = {src.id: src.name for src in want.sources}
            quotes = s.execute(
                select(m.Quote.start, m.Quote.end, m.Source.name)
                .join(m.Source, isouter=True)
                .where(m.Quote.article_id == article.id)
                .order_by(m.Quote.start)
            ).all()
            assert [tuple(q) for q in quotes] == [
                (q.start, q.end, names.get(q.source)) for q in want.quotes
            ]
            quantities = s.execute(
                select(m.Quantity.start, m.Quantity.value, m.Quantity.qualifier)
                .where(m.Quantity.article_id == article.id)
                .order_by(m.Quantity.start, m.Quantity.id)
            ).all()
            assert sorted(tuple(q) for q in quantities) == sorted(
                (q.start, q.value, q.qualifier) for c in want.claims for q in c.quantities
            )
            places = s.execute(
                select(m.PlaceMention.start, m.Place.geonameid, m.Place.lat, m.Place.lon)
                .join(m.Place, isouter=True)
                .where(m.PlaceMention.article_id == article.id)
            ).all()
            assert sorted(places, key=str) == sorted(
                (
                    (a, p.geonameid, p.lat, p.lon)
                    if p.geonameid is not None or p.feature_code is not None
                    else (a, None, None, None)  # a mention no entry fits has no row
                    for p in want.places
                    for a, _ in p.mentions
                ),
                key=str,
            )


def test_stats_counts(archive: Archive, tmp_path: Path) -> None:
    write(tmp_path / "a.txt", STORY)
    archive.ingest([tmp_path], outlet="Gazette")
    st = archive.stats()
    assert st.articles == 1 and st.outlets == 1 and st.ingest_runs == 1
    assert [(c.key, c.count) for c in st.top_outlets] == [("Gazette", 1)]


@requires_shared()
def test_polnear_train_with_metadata(archive: Archive) -> None:
    text_dir = SHARED / "eval" / "polnear" / "train" / "text"
    meta = SHARED / "eval" / "polnear" / "metadata.tsv"
    first = archive.ingest([text_dir], metadata=meta, jobs=2)
    # Two files of the corpus hold byte-identical text (a Washington Post article filed on
    # two days): one article, reported as a duplicate.
    assert (first.seen, first.failed) == (840, 0)
    assert first.added + first.duplicates == 840
    assert first.added >= 839
    rows = [line.split("\t") for line in meta.read_text(encoding="utf-8").splitlines()]
    with_author = sum(1 for r in rows[1:] if r[0] == "train" and r[6].strip() not in ("", "None"))
    with archive.sessions() as s:
        undated = s.scalar(
            select(func.count())
            .select_from(m.Article)
            .where(m.Article.outlet_id.is_(None) | m.Article.published.is_(None))
        )
        bylined = s.scalar(
            select(func.count()).select_from(m.Article).where(m.Article.byline.is_not(None))
        )
    assert undated == 0
    # every author the table names is stored ("None" in the table means unknown)
    assert bylined in (with_author, with_author - 1)
    second = archive.ingest([text_dir], metadata=meta, jobs=2)
    assert second.added == 0 and second.duplicates == 840
