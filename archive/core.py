"""`Archive`: the Python API every door (CLI, HTTP, export) stands on.

An Archive is a handle on one store. Opening it upgrades the schema to the newest revision;
nothing happens at import time, and no engine exists until an Archive is made.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from pydantic import BaseModel, ValidationError
from sqlalchemy import func, select

from archive import models as m
from archive.config import normalize_url
from archive.db import ensure_schema, make_engine, session_factory
from archive.errors import ConfigError, QueryError
from archive.export import ExportReport, export_dataset, import_dataset
from archive.ingest.pipeline import Failure, IngestOptions, IngestReport, run_ingest
from archive.ingest.readers import DEFAULT_MAX_BYTES, load_metadata_table
from archive.query import (
    AggregateBy,
    ArticleDetail,
    ArticleHit,
    ClaimHit,
    Count,
    Filters,
    Page,
    PlaceHit,
    QuantityFilter,
    QuoteHit,
    SourceHit,
    aggregate,
    article_detail,
    search_articles_page,
    search_claims,
    search_places,
    search_quotes,
    search_sources,
)


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


class Archive:
    """A news-article archive in SQLite (default `./archive.db`) or PostgreSQL.

    >>> arc = Archive("sqlite:///news.db")          # doctest: +SKIP
    >>> arc.ingest(["corpus/"], outlet="RT")         # doctest: +SKIP
    """

    def __init__(self, url: str | None = None, *, upgrade: bool = True, **engine_kwargs: Any):
        self.url = normalize_url(url)
        self.engine = make_engine(self.url, **engine_kwargs)
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
        with self.sessions() as s:
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
        return Stats(
            database=self.engine.url.render_as_string(hide_password=True),
            first_published=str(first) if first else None,
            last_published=str(last) if last else None,
            top_outlets=[Count(key=name, count=n) for name, n in top],
            **counts,
        )

    def search(
        self,
        *,
        limit: int = 20,
        after: int | None = None,
        order: Literal["newest", "relevance"] = "newest",
        **filters: Any,
    ) -> list[ArticleHit]:
        """Articles matching filters (see `Filters`), e.g. `search(source="de Mistura")`."""
        return self.search_page(limit=limit, after=after, order=order, **filters).items

    def search_page(
        self,
        *,
        limit: int = 20,
        after: int | None = None,
        cursor: str | None = None,
        order: Literal["newest", "relevance"] = "newest",
        **filters: Any,
    ) -> Page:
        """A page of articles and the cursor of the next page (keyset, fast when deep)."""
        f = make_filters(**filters)
        with self.sessions() as s:
            return search_articles_page(s, f, limit=limit, after=after, cursor=cursor, order=order)

    def article(self, article_id: int) -> ArticleDetail:
        """One article with its quotes, claims, sources and places, spans into its text."""
        with self.sessions() as s:
            return article_detail(s, article_id)

    def quotes(
        self, *, limit: int = 20, after: int | None = None, **filters: Any
    ) -> list[QuoteHit]:
        """Quotes matching filters; `source=` keeps only that source's own quotes."""
        f = make_filters(**filters)
        with self.sessions() as s:
            return search_quotes(s, f, limit=limit, after=after)

    def claims(
        self,
        *,
        limit: int = 20,
        after: int | None = None,
        min_value: float | None = None,
        max_value: float | None = None,
        unit: str | None = None,
        **filters: Any,
    ) -> list[ClaimHit]:
        """Claims matching filters; `min_value=1000, unit="people"` bounds their quantities."""
        f = make_filters(**filters)
        qf = QuantityFilter(min_value=min_value, max_value=max_value, unit=unit)
        with self.sessions() as s:
            return search_claims(s, f, quantity=qf, limit=limit, after=after)

    def sources(self, *, limit: int = 20, **filters: Any) -> list[SourceHit]:
        """Sources in matching articles, most quoted first."""
        f = make_filters(**filters)
        with self.sessions() as s:
            return search_sources(s, f, limit=limit)

    def places(self, *, limit: int = 20, **filters: Any) -> list[PlaceHit]:
        """Places mentioned in matching articles, with article counts."""
        f = make_filters(**filters)
        with self.sessions() as s:
            return search_places(s, f, limit=limit)

    def top(self, by: AggregateBy, *, limit: int = 20, **filters: Any) -> list[Count]:
        """Top sources, places or outlets for a filter, or articles per day or month."""
        if by not in ("source", "place", "outlet", "day", "month"):
            raise QueryError(f"cannot aggregate by {by!r}: use source, place, outlet, day, month")
        f = make_filters(**filters)
        with self.sessions() as s:
            return aggregate(s, f, by, limit=limit)

    def export(
        self,
        out_dir: str | Path,
        format: Literal["parquet", "csv", "jsonl"] = "parquet",
        *,
        tables: list[str] | None = None,
        on_rows: Callable[[str, int], None] | None = None,
        **filters: Any,
    ) -> ExportReport:
        """Write a dataset (one file per table + datapackage.json) for the filtered articles."""
        f = make_filters(**filters)
        with self.sessions() as s:
            return export_dataset(
                s, Path(out_dir), format, tables=tables, filters=f, on_rows=on_rows
            )

    def import_dataset(
        self, src_dir: str | Path, on_rows: Callable[[str, int], None] | None = None
    ) -> dict[str, int]:
        """Rebuild this (empty) archive from an export made by `export` (parquet or jsonl)."""
        with self.sessions.begin() as s:
            return import_dataset(s, Path(src_dir), on_rows=on_rows)

    def dataframe(self, table: str = "articles", **filters: Any) -> Any:
        """One exported table as a pandas DataFrame (needs `pip install archive[pandas]`)."""
        try:
            import pandas as pd
        except ImportError as exc:
            raise ConfigError("dataframe() needs pandas: pip install 'archive[pandas]'") from exc
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            self.export(tmp, "parquet", tables=[table], **filters)
            return pd.read_parquet(Path(tmp) / f"{table}.parquet")


def make_filters(**filters: Any) -> Filters:
    """Build Filters from keyword arguments; an unknown or malformed filter is a QueryError."""
    try:
        return Filters(**filters)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'filters'}: {e['msg']}" for e in exc.errors()
        )
        raise QueryError(f"bad filter: {problems}") from exc
