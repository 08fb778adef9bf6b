"""`Archive`: the Python API every door (CLI, HTTP, export) stands on.

An Archive is a handle on one store. Opening it upgrades the schema to the newest revision;
nothing happens at import time, and no engine exists until an Archive is made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, TypeVar, Unpack

from pydantic import BaseModel, ValidationError
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from archive import models as m
from archive.config import normalize_url
from archive.db import current_revision, ensure_schema, make_engine, session_factory
from archive.errors import ConfigError, NoArchiveError, QueryError, store_errors
from archive.export import ExportReport, export_dataset, import_dataset
from archive.extract import extractor_version
from archive.ingest.pipeline import Failure, IngestOptions, IngestReport, run_ingest
from archive.ingest.readers import DEFAULT_MAX_BYTES, load_metadata_table
from archive.query import (
    MAX_PAGE,
    AggregateBy,
    ArticleDetail,
    ArticleHit,
    ClaimHit,
    Count,
    FilterArgs,
    Filters,
    Order,
    Page,
    PlaceHit,
    QuantityFilter,
    QuoteHit,
    SourceHit,
    aggregate_page,
    article_detail,
    claims_page,
    places_page,
    quotes_page,
    search_articles_page,
    sources_page,
)
from archive.reextract import (
    DEFAULT_BATCH_SIZE as DEFAULT_REEXTRACT_BATCH,
)
from archive.reextract import (
    ArticleFailure,
    ReextractOptions,
    ReextractReport,
    run_reextract,
)

T = TypeVar("T")


class Stats(BaseModel):
    """Row counts of the store, what `archive stats` prints."""

    database: str
    articles: int
    outlets: int
    sources: int
    source_mentions: int
    quotes: int
    claims: int
    quantities: int
    places: int
    place_mentions: int
    ingest_runs: int
    ingest_failures: int
    first_published: str | None = None
    last_published: str | None = None
    top_outlets: list[Count] = []
    # How many articles each extractor version produced (`archive reextract` brings the
    # others up to `extractor_version`); "none" for articles stored without a version.
    extractor_versions: list[Count] = []
    extractor_version: str = ""


class Archive:
    """A news-article archive in SQLite (default `./archive.db`) or PostgreSQL.

    >>> arc = Archive("sqlite:///news.db")          # doctest: +SKIP
    >>> arc.ingest(["corpus/"], outlet="RT")         # doctest: +SKIP
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        create: bool = True,
        upgrade: bool = True,
        **engine_kwargs: Any,
    ):
        """Open (with `create`, make if missing) the archive at `url`: a SQLAlchemy URL, a
        `postgresql://` URL or a SQLite file path. `create=False` is for readers: a store
        that is not there (a mistyped path) is a `NoArchiveError`, not a new empty archive.
        """
        self.url = normalize_url(url)
        if not create:
            _must_exist(self.url, url)
        self.engine = make_engine(self.url, **engine_kwargs)
        if not create:
            with store_errors("cannot open the archive"):
                exists = current_revision(self.engine) is not None
            if not exists:
                self.engine.dispose()
                raise NoArchiveError(url or self.url)
        if upgrade:
            ensure_schema(self.engine)
        self.sessions = session_factory(self.engine)

    def __enter__(self) -> Archive:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def ingest(
        self,
        paths: list[str | Path],
        *,
        outlet: str | None = None,
        metadata: str | Path | None = None,
        glob: str | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        jobs: int = 1,
        batch_size: int = 500,
        format: str = "auto",
        fields: dict[str, str] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
        on_failure: Callable[[Failure], None] | None = None,
        on_bytes: Callable[[int, int], None] | None = None,
    ) -> IngestReport:
        """Ingest article files and folders; returns the run report (failures included).

        `format` is "auto" (each file by its name and content) or one of text, html, warc,
        json, jsonl, table; `fields` maps our keys to a record's field names
        ({"text": "article_body"}). `on_progress(done, files)` counts documents handled,
        `on_bytes(read, total)` bytes of input read (for a progress bar over a large WARC).
        """
        table = load_metadata_table(Path(metadata)) if metadata else None
        options = IngestOptions(
            outlet=outlet,
            metadata=table,
            metadata_path=str(metadata) if metadata else None,
            glob=glob,
            max_bytes=max_bytes,
            jobs=jobs,
            batch_size=batch_size,
            format=format,
            fields=fields,
            database_url=self.engine.url.render_as_string(hide_password=False),
        )
        return run_ingest(
            self.sessions,
            [Path(p) for p in paths],
            options,
            on_progress=on_progress,
            on_failure=on_failure,
            on_bytes=on_bytes,
        )

    def stats(self) -> Stats:
        """Counts of everything stored, the date range and the biggest outlets."""
        counts: dict[str, int] = {}
        tables = {
            "articles": m.Article,
            "outlets": m.Outlet,
            "sources": m.Source,
            "source_mentions": m.SourceMention,
            "quotes": m.Quote,
            "claims": m.Claim,
            "quantities": m.Quantity,
            "places": m.Place,
            "place_mentions": m.PlaceMention,
            "ingest_runs": m.IngestRun,
            "ingest_failures": m.IngestFailure,
        }
        with store_errors("stats"), self.sessions() as s:
            for name, model in tables.items():
                counts[name] = s.scalar(select(func.count()).select_from(model)) or 0
            first, last = s.execute(
                select(func.min(m.Article.published), func.max(m.Article.published))
            ).one()
            top = s.execute(
                select(m.Outlet.name, func.count(m.Article.id))
                .join(m.Article, m.Article.outlet_id == m.Outlet.id)
                .group_by(m.Outlet.name)
                .order_by(func.count(m.Article.id).desc(), m.Outlet.name)
                .limit(10)
            ).all()
            versions = s.execute(
                select(m.Article.extractor_version, func.count())
                .group_by(m.Article.extractor_version)
                .order_by(func.count().desc(), m.Article.extractor_version)
            ).all()
        return Stats(
            database=self.engine.url.render_as_string(hide_password=True),
            first_published=str(first) if first else None,
            last_published=str(last) if last else None,
            top_outlets=[Count(key=name, count=n) for name, n in top],
            extractor_versions=[Count(key=v or "none", count=n) for v, n in versions],
            extractor_version=extractor_version(),
            **counts,
        )

    def reextract(
        self,
        *,
        all: bool = False,
        outlet: str | None = None,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        ids: Sequence[int] | None = None,
        jobs: int = 1,
        batch_size: int = DEFAULT_REEXTRACT_BATCH,
        on_progress: Callable[[int, int], None] | None = None,
        on_failure: Callable[[ArticleFailure], None] | None = None,
    ) -> ReextractReport:
        """Extract stored articles again with the current rules, replacing their sources
        mentions, quotes, claims, quantities and place mentions a batch per transaction.

        By default the articles another extractor version produced; `all=True` every
        selected article; `outlet`, `since`, `until` (published dates) and `ids` narrow the
        selection. A run stopped at any point is resumed by running it again.
        `on_progress(handled, selected)` is called after each article.
        """
        options = ReextractOptions(
            everything=all,
            outlet=outlet,
            since=_date_arg(since, "since"),
            until=_date_arg(until, "until"),
            ids=list(ids) if ids is not None else None,
            jobs=jobs,
            batch_size=batch_size,
        )
        return run_reextract(self.sessions, options, on_progress=on_progress, on_failure=on_failure)

    def search(
        self,
        *,
        limit: int | None = None,
        after: int | None = None,
        order: Order = "newest",
        **filters: Unpack[FilterArgs],
    ) -> Iterator[ArticleHit]:
        """Every article matching the filters (see `Filters`), newest first or by relevance,
        read lazily a page at a time; `limit` stops after that many, `after` starts below
        that id."""
        f = make_filters(**filters)
        return self._every(
            lambda size, cursor: self._read(
                lambda s: search_articles_page(
                    s, f, limit=size, cursor=cursor, after=None if cursor else after, order=order
                )
            ),
            limit,
        )

    def search_page(
        self,
        *,
        limit: int = 20,
        after: int | None = None,
        cursor: str | None = None,
        order: Order = "newest",
        **filters: Unpack[FilterArgs],
    ) -> Page[ArticleHit]:
        """A page of articles and the cursor of the next (keyset, fast when deep)."""
        f = make_filters(**filters)
        return self._read(
            lambda s: search_articles_page(
                s, f, limit=limit, after=after, cursor=cursor, order=order
            )
        )

    def article(self, article_id: int) -> ArticleDetail:
        """One article with its quotes, claims, sources and places, spans into its text."""
        return self._read(lambda s: article_detail(s, article_id))

    def quotes(
        self, *, limit: int | None = None, **filters: Unpack[FilterArgs]
    ) -> Iterator[QuoteHit]:
        """Every matching quote, newest first, read lazily; `source=` keeps that source's own
        quotes (said by it, not merely beside it)."""
        f = make_filters(**filters)
        return self._every(
            lambda size, cursor: self._read(lambda s: quotes_page(s, f, limit=size, cursor=cursor)),
            limit,
        )

    def quotes_page(
        self,
        *,
        limit: int = 20,
        after: int | None = None,
        cursor: str | None = None,
        **filters: Unpack[FilterArgs],
    ) -> Page[QuoteHit]:
        """A page of quotes and the cursor of the next."""
        f = make_filters(**filters)
        return self._read(lambda s: quotes_page(s, f, limit=limit, after=after, cursor=cursor))

    def claims(
        self,
        *,
        limit: int | None = None,
        after: int | None = None,
        min_value: float | None = None,
        max_value: float | None = None,
        unit: str | None = None,
        **filters: Unpack[FilterArgs],
    ) -> Iterator[ClaimHit]:
        """Every matching claim, newest first, read lazily; `min_value=1000, unit="people"`
        bounds their quantities; `source=` keeps that source's own claims."""
        f = make_filters(**filters)
        qf = _quantity(min_value, max_value, unit)
        return self._every(
            lambda size, cursor: self._read(
                lambda s: claims_page(
                    s, f, quantity=qf, limit=size, cursor=cursor, after=None if cursor else after
                )
            ),
            limit,
        )

    def claims_page(
        self,
        *,
        limit: int = 20,
        after: int | None = None,
        cursor: str | None = None,
        min_value: float | None = None,
        max_value: float | None = None,
        unit: str | None = None,
        **filters: Unpack[FilterArgs],
    ) -> Page[ClaimHit]:
        """A page of claims and the cursor of the next."""
        f = make_filters(**filters)
        qf = _quantity(min_value, max_value, unit)
        return self._read(
            lambda s: claims_page(s, f, quantity=qf, limit=limit, after=after, cursor=cursor)
        )

    def sources(
        self, *, limit: int | None = None, **filters: Unpack[FilterArgs]
    ) -> Iterator[SourceHit]:
        """Every source in matching articles, most quoted first, read lazily."""
        f = make_filters(**filters)
        return self._every(
            lambda size, cursor: self._read(
                lambda s: sources_page(s, f, limit=size, cursor=cursor)
            ),
            limit,
        )

    def sources_page(
        self,
        *,
        limit: int = 20,
        cursor: str | None = None,
        after: int | None = None,
        **filters: Unpack[FilterArgs],
    ) -> Page[SourceHit]:
        """A page of sources and the cursor of the next."""
        f = make_filters(**filters)
        return self._read(lambda s: sources_page(s, f, limit=limit, cursor=cursor, after=after))

    def places(
        self, *, limit: int | None = None, **filters: Unpack[FilterArgs]
    ) -> Iterator[PlaceHit]:
        """Every place mentioned in matching articles, with article counts, read lazily."""
        f = make_filters(**filters)
        return self._every(
            lambda size, cursor: self._read(lambda s: places_page(s, f, limit=size, cursor=cursor)),
            limit,
        )

    def places_page(
        self,
        *,
        limit: int = 20,
        cursor: str | None = None,
        after: int | None = None,
        **filters: Unpack[FilterArgs],
    ) -> Page[PlaceHit]:
        """A page of places and the cursor of the next."""
        f = make_filters(**filters)
        return self._read(lambda s: places_page(s, f, limit=limit, cursor=cursor, after=after))

    def top(
        self, by: AggregateBy, *, limit: int | None = 20, **filters: Unpack[FilterArgs]
    ) -> list[Count]:
        """Top sources, places or outlets for a filter, or articles per day or month; the
        first `limit` (None: all of them)."""
        f = make_filters(**filters)
        return list(
            self._every(
                lambda size, cursor: self._read(
                    lambda s: aggregate_page(s, f, by, limit=size, cursor=cursor)
                ),
                limit,
            )
        )

    def top_page(
        self,
        by: AggregateBy,
        *,
        limit: int = 20,
        cursor: str | None = None,
        after: int | None = None,
        **filters: Unpack[FilterArgs],
    ) -> Page[Count]:
        """A page of an aggregate and the cursor of the next."""
        f = make_filters(**filters)
        return self._read(
            lambda s: aggregate_page(s, f, by, limit=limit, cursor=cursor, after=after)
        )

    def _read(self, query: Callable[[Session], T]) -> T:
        """Run one read in its own session; database failures become StoreError."""
        with store_errors("query"), self.sessions() as s:
            return query(s)

    @staticmethod
    def _every(fetch: Callable[[int, str | None], Page[T]], limit: int | None) -> Iterator[T]:
        """Items of every page, fetched lazily, up to `limit`. The first page is read now, so
        a bad filter fails at the call, not at the first iteration."""
        if limit is not None and limit < 1:
            raise QueryError(f"limit must be at least 1, not {limit}")
        first = fetch(MAX_PAGE if limit is None else min(limit, MAX_PAGE), None)

        def pages() -> Iterator[T]:
            page, left = first, limit
            while True:
                items = page.items if left is None else page.items[:left]
                yield from items
                if left is not None:
                    left -= len(items)
                    if left <= 0:
                        return
                if page.next_cursor is None:
                    return
                page = fetch(MAX_PAGE if left is None else min(left, MAX_PAGE), page.next_cursor)

        return pages()

    def export(
        self,
        out_dir: str | Path,
        format: Literal["parquet", "csv", "jsonl"] = "parquet",
        *,
        tables: list[str] | None = None,
        on_rows: Callable[[str, int], None] | None = None,
        **filters: Unpack[FilterArgs],
    ) -> ExportReport:
        """Write a dataset (one file per table + datapackage.json) for the filtered articles."""
        f = make_filters(**filters)
        with store_errors("export"), self.sessions() as s:
            return export_dataset(
                s, Path(out_dir), format, tables=tables, filters=f, on_rows=on_rows
            )

    def import_dataset(
        self, src_dir: str | Path, on_rows: Callable[[str, int], None] | None = None
    ) -> dict[str, int]:
        """Rebuild this (empty) archive from an export made by `export` (parquet, jsonl or csv)."""
        with store_errors("import"), self.sessions.begin() as s:
            return import_dataset(s, Path(src_dir), on_rows=on_rows)

    def dataframe(self, table: str = "articles", **filters: Unpack[FilterArgs]) -> Any:
        """One exported table as a pandas DataFrame (needs `pip install archive[pandas]`)."""
        try:
            import pandas as pd
        except ImportError as exc:
            raise ConfigError("dataframe() needs pandas: pip install 'archive[pandas]'") from exc
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            self.export(tmp, "parquet", tables=[table], **filters)
            return pd.read_parquet(Path(tmp) / f"{table}.parquet")


def _date_arg(value: dt.date | str | None, name: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None


def _must_exist(full_url: str, given: str | None) -> None:
    """A SQLite archive must be an existing file before connecting creates an empty one."""
    parsed = make_url(full_url)
    if parsed.get_backend_name() != "sqlite":
        return
    database = parsed.database
    if database and database != ":memory:" and not Path(database).expanduser().is_file():
        raise NoArchiveError(given or database)


def _quantity(min_value: float | None, max_value: float | None, unit: str | None) -> QuantityFilter:
    try:
        return QuantityFilter(min_value=min_value, max_value=max_value, unit=unit)
    except ValidationError as exc:
        raise QueryError(f"bad filter: {_problems(exc)}") from exc


def _problems(exc: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'filters'}: {e['msg']}" for e in exc.errors()
    )


def make_filters(**filters: Any) -> Filters:
    """Build Filters from keyword arguments; an unknown or malformed filter is a QueryError."""
    try:
        return Filters(**filters)
    except ValidationError as exc:
        raise QueryError(f"bad filter: {_problems(exc)}") from exc
