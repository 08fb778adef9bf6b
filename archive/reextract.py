"""`archive reextract`: stored articles extracted again by the current rules.

Articles keep the text every offset indexes, so new rules can be run over a stored archive
without its files. Worker processes extract (the ingest pattern, `map_in_workers`); the
parent owns the only connection and replaces a batch of articles' sources mentions, quotes,
claims, quantities and place mentions in one transaction, stamping each article with the
version that produced its rows in that same transaction. A kill therefore leaves every
article wholly old or wholly new, and a rerun (which selects articles by version) picks up
where the killed run stopped.

Sources no article mentions any more go, with their `source_words`; sources other articles
still cite stay, ids unchanged. Orphans are removed before the new rows are written, so the
new rows are stored as a fresh ingest would store them (a source's name, kind and aliases
come from the new extraction alone, short names fold as they would); the price is that a
source cited only by one batch's articles, and named again by them, gets a new id.

Places stay: a `places` row is a gazetteer entry (GeoNames id, coordinates), the same
whichever article names it, and an entry no mention points to costs one row and harms no
query (queries reach places through mentions).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import signal
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice

from sqlalchemy import ColumnElement, delete, func, or_, select, union, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from archive import models as m
from archive.errors import StoreError
from archive.extract import extract_article, extractor_version
from archive.ingest.parse import stored_dateline_span
from archive.ingest.pipeline import (
    _db_message,
    _load_gazetteer,
    _StopOnInterrupt,
    map_in_workers,
)
from archive.schemas import ExtractedArticle, ParsedArticle
from archive.store import Writer, take_write_lock

DEFAULT_BATCH_SIZE = 200
_CHUNK = 16  # articles a worker extracts per task


@dataclass(slots=True)
class ReextractOptions:
    """Which stored articles to extract again, and how."""

    # every selected article, whatever version produced it (default: only other versions)
    everything: bool = False
    outlet: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    ids: Sequence[int] | None = None
    jobs: int = 1
    batch_size: int = DEFAULT_BATCH_SIZE


@dataclass(slots=True)
class ArticleFailure:
    """An article extraction failed on: it keeps its old rows and version (a rerun retries)."""

    article_id: int
    reason: str


@dataclass(slots=True)
class ReextractReport:
    """What a run did: the summary `archive reextract` prints."""

    version: str
    selected: int = 0
    done: int = 0
    sources_removed: int = 0
    failures: list[ArticleFailure] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False

    @property
    def failed(self) -> int:
        """How many selected articles could not be extracted."""
        return len(self.failures)

    @property
    def rate(self) -> float:
        """Articles extracted again per second."""
        return self.done / self.seconds if self.seconds > 0 else 0.0


# (id, text, dateline span) to a worker; (id, extraction as JSON or None, error or None) back
_Job = tuple[int, str, tuple[int, int, int] | None]
_Result = tuple[int, str | None, str | None]


def _selection(options: ReextractOptions, version: str) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if not options.everything:
        where.append(
            or_(m.Article.extractor_version.is_(None), m.Article.extractor_version != version)
        )
    if options.outlet is not None:
        where.append(
            m.Article.outlet_id.in_(select(m.Outlet.id).where(m.Outlet.name == options.outlet))
        )
    if options.since is not None:
        where.append(m.Article.published >= options.since)
    if options.until is not None:
        where.append(m.Article.published <= options.until)
    if options.ids is not None:
        where.append(m.Article.id.in_(list(options.ids)))
    return where


def _articles(
    factory: sessionmaker[Session], where: list[ColumnElement[bool]], page: int
) -> Iterator[tuple[int, str, str, str | None, str | None]]:
    """Selected articles by id, a page per short read: memory stays flat at any archive
    size, and the writer's commits between pages are never held back."""
    last = 0
    while True:
        with factory() as s:
            rows = s.execute(
                select(
                    m.Article.id,
                    m.Article.text,
                    m.Article.content_hash,
                    m.Article.dateline,
                    m.Article.title,
                )
                .where(*where, m.Article.id > last)
                .order_by(m.Article.id)
                .limit(page)
            ).all()
        if not rows:
            return
        for r in rows:
            yield r[0], r[1], r[2], r[3], r[4]
        last = rows[-1][0]


def _extract_chunk(jobs: list[_Job]) -> list[_Result]:
    """Extract a few articles; a failure comes back as a value, never raised, so one
    article that breaks a rule does not stop the run. JSON, as ingest ships it."""
    _load_gazetteer()
    out: list[_Result] = []
    for aid, text, span in jobs:
        try:
            out.append((aid, extract_article(text, span).model_dump_json(), None))
        except Exception as exc:
            out.append((aid, None, f"internal error while extracting: {type(exc).__name__}: {exc}"))
    return out


def _init_worker() -> None:
    # Ctrl-C is the parent's to handle: it stores what is extracted and stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def replace_extractions(
    session: Session,
    writer: Writer,
    items: Sequence[tuple[int, ParsedArticle, ExtractedArticle]],
    version: str,
) -> int:
    """Replace the stored extraction of these (article id, article, extraction) in the
    caller's transaction and stamp them with `version`; returns how many sources are gone
    because no article mentions them any more."""
    if not items:
        return 0
    take_write_lock(session)
    ids = [aid for aid, _, _ in items]
    old_sources = {
        sid
        for sid in session.scalars(
            union(
                select(m.SourceMention.source_id).where(m.SourceMention.article_id.in_(ids)),
                select(m.Quote.source_id).where(m.Quote.article_id.in_(ids)),
                select(m.Claim.source_id).where(m.Claim.article_id.in_(ids)),
            )
        )
        if sid is not None
    }
    # children first: SQLite does not cascade unless foreign keys are switched on
    for table in (m.Quantity, m.Claim, m.Quote, m.SourceMention, m.PlaceMention):
        session.execute(delete(table).where(table.article_id.in_(ids)))
    removed = _remove_orphans(session, sorted(old_sources))
    writer.write_extractions(session, items)
    session.execute(
        update(m.Article).where(m.Article.id.in_(ids)).values(extractor_version=version)
    )
    # a source the new rows name again was stored again: it is not gone
    back = 0
    for i in range(0, len(removed), 500):
        back += (
            session.scalar(
                select(func.count())
                .select_from(m.Source)
                .where(m.Source.key.in_(removed[i : i + 500]))
            )
            or 0
        )
    return len(removed) - back


def _remove_orphans(session: Session, candidates: list[int]) -> list[str]:
    """Delete those of `candidates` no mention, quote or claim points to; returns their
    keys. Done before the new rows are written, so a source the new rows name is stored
    again exactly as a fresh ingest would store it (name, kind, aliases, short forms)."""
    removed: list[str] = []
    for i in range(0, len(candidates), 500):
        chunk = candidates[i : i + 500]
        cited = set(
            session.scalars(
                union(
                    select(m.SourceMention.source_id).where(m.SourceMention.source_id.in_(chunk)),
                    select(m.Quote.source_id).where(m.Quote.source_id.in_(chunk)),
                    select(m.Claim.source_id).where(m.Claim.source_id.in_(chunk)),
                )
            )
        )
        orphans = [s for s in chunk if s not in cited]
        if orphans:
            removed += session.scalars(select(m.Source.key).where(m.Source.id.in_(orphans)))
            session.execute(delete(m.SourceWord).where(m.SourceWord.source_id.in_(orphans)))
            session.execute(delete(m.Source).where(m.Source.id.in_(orphans)))
    return removed


def count_selected(factory: sessionmaker[Session], options: ReextractOptions) -> int:
    """How many stored articles a run with these options would extract again."""
    where = _selection(options, extractor_version())
    with factory() as s:
        return s.scalar(select(func.count()).select_from(m.Article).where(*where)) or 0


def run_reextract(
    factory: sessionmaker[Session],
    options: ReextractOptions,
    *,
    on_progress: Callable[[int, int], None] | None = None,
    on_failure: Callable[[ArticleFailure], None] | None = None,
) -> ReextractReport:
    """Extract the selected stored articles again with the current rules and replace what
    is stored of them, a batch per transaction; `on_progress(handled, selected)` after each
    article."""
    started = time.perf_counter()
    version = extractor_version()
    report = ReextractReport(version=version)
    try:
        report.selected = count_selected(factory, options)
        where = _selection(options, version)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot read the archive: {_db_message(exc)}") from exc
    meta: dict[int, tuple[str, str, str]] = {}  # id -> content hash, text, title: in flight
    pending: list[tuple[int, ParsedArticle, ExtractedArticle]] = []
    writer = Writer(version)
    handled = 0

    def jobs() -> Iterator[_Job]:
        for aid, text, chash, dateline, title in _articles(factory, where, options.batch_size):
            meta[aid] = (chash, text, title or "")
            yield aid, text, stored_dateline_span(text, dateline)

    def flush() -> None:
        if not pending:
            return
        try:
            with factory.begin() as session:
                removed = replace_extractions(session, writer, pending, version)
        except SQLAlchemyError as exc:
            writer.forget()
            raise StoreError(
                f"replacing the extraction of {len(pending)} articles failed and was rolled "
                f"back ({report.done} articles done before them): {_db_message(exc)}"
            ) from exc
        report.done += len(pending)
        report.sources_removed += removed
        pending.clear()

    if on_progress:
        on_progress(0, report.selected)  # the bar has its total before the gazetteer loads
    stop = _StopOnInterrupt()
    results = _results(jobs(), options.jobs)
    try:
        with stop, contextlib.closing(results):  # closing stops the workers at once
            for aid, shipped, error in results:
                chash, text, title = meta.pop(aid)
                handled += 1
                if shipped is None:
                    failure = ArticleFailure(aid, error or "extraction failed")
                    report.failures.append(failure)
                    if on_failure:
                        on_failure(failure)
                else:
                    parsed = ParsedArticle.model_construct(
                        path="", title=title, text=text, content_hash=chash
                    )
                    pending.append((aid, parsed, ExtractedArticle.model_validate_json(shipped)))
                if len(pending) >= options.batch_size:
                    flush()
                if on_progress:
                    on_progress(handled, report.selected)
                if stop.requested:
                    break
            flush()  # articles already extracted are whole: store them, then stop
    except KeyboardInterrupt:
        stop.requested = True
    finally:
        report.interrupted = stop.requested
        report.seconds = time.perf_counter() - started
    if report.done:
        _refresh_statistics(factory, report.done)
    return report


def _results(jobs: Iterator[_Job], workers: int) -> Generator[_Result, None, None]:
    """Extraction results in article order: in this process, or in worker processes."""
    chunks: Iterator[list[_Job]] = iter(lambda: list(islice(jobs, _CHUNK)), [])
    if workers <= 1:
        for chunk in chunks:
            yield from _extract_chunk(chunk)
        return
    from archive.extract.gazetteer import ensure_index

    ensure_index()  # build the gazetteer index once here, not once per worker
    for results in map_in_workers(_extract_chunk, chunks, workers, _init_worker):
        yield from results


def _refresh_statistics(factory: sessionmaker[Session], changed: int) -> None:
    from archive.db import refresh_statistics

    try:
        with factory() as session:
            total = session.scalar(select(func.count()).select_from(m.Article)) or 0
            refresh_statistics(session, added=changed, total=total)
            session.commit()
    except SQLAlchemyError:
        pass  # planner statistics only; the extraction is committed
