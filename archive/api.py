"""HTTP JSON API: a read-only FastAPI app over the same query module as the CLI.

Query parameters carry the same names and meanings as CLI flags and `Archive` keyword
arguments. Bad input is a 4xx with a JSON message (FastAPI validates limits before our code
runs; QueryError becomes 400); only GET exists, so writes are refused with 405.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import time
from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import event
from sqlalchemy.exc import SQLAlchemyError

from archive._version import __version__
from archive.core import Archive, Stats, make_filters
from archive.errors import ArchiveError, QueryError
from archive.fulltext import MAX_QUERY_CHARS
from archive.query import (
    MAX_PAGE,
    ArticleDetail,
    ClaimHit,
    Count,
    Filters,
    Page,
    PlaceHit,
    QuoteHit,
    SourceHit,
)

MAX_NAME = 200
DEFAULT_REQUEST_SECONDS = 10.0


class ErrorBody(BaseModel):
    """Every error the API answers: one message a user can act on."""

    error: str


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Malformed filter, query or cursor"},
    503: {"model": ErrorBody, "description": "The query took too long or the store failed"},
}
FILTER_NAMES = frozenset(Filters.model_fields)
PAGING = frozenset({"limit", "after", "cursor", "order"})


def _filters(
    source: Annotated[
        str | None, Query(max_length=MAX_NAME, description="Source name or alias")
    ] = None,
    source_id: Annotated[int | None, Query(ge=1, le=2**62)] = None,
    source_kind: Literal["person", "organization", "media", "government", "other"] | None = None,
    outlet: Annotated[str | None, Query(max_length=MAX_NAME)] = None,
    place: Annotated[str | None, Query(max_length=MAX_NAME, description="Place and inside")] = None,
    near: Annotated[
        str | None, Query(max_length=100, description="Within a radius: 'lat,lon,km'")
    ] = None,
    text: Annotated[
        str | None,
        Query(max_length=MAX_QUERY_CHARS, description='Words, "phrases", AND/OR/NOT, prefix*'),
    ] = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    claim_kind: Literal["direct", "indirect", "mixed"] | None = None,
    has_quantity: bool | None = None,
) -> Filters:
    return make_filters(
        source=source,
        source_id=source_id,
        source_kind=source_kind,
        outlet=outlet,
        place=place,
        near=near,
        text=text,
        since=since,
        until=until,
        claim_kind=claim_kind,
        has_quantity=has_quantity,
    )


FiltersDep = Annotated[Filters, Depends(_filters)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"Page size, at most {MAX_PAGE}")]
After = Annotated[int | None, Query(ge=0, le=2**62, description="Last id of the previous page")]


def _known_params(extra: frozenset[str] = frozenset()) -> Callable[[Request], None]:
    """Refuse unknown query parameters: a typo must not silently mean "no filter"."""
    allowed = FILTER_NAMES | PAGING | extra

    def check(request: Request) -> None:
        unknown = sorted(set(request.query_params) - allowed)
        if unknown:
            raise QueryError(
                f"unknown query parameter(s): {', '.join(unknown)}; "
                f"known: {', '.join(sorted(allowed))}"
            )

    return check


_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "archive_api_deadline", default=None
)


def _limit_query_time(arc: Archive, seconds: float) -> None:
    """Stop queries that run past the request's deadline, on either database.

    SQLite: a progress handler aborts the statement once the deadline of the request that is
    running it has passed. PostgreSQL: statement_timeout on the API's connections.
    """
    engine = arc.engine

    if engine.dialect.name == "sqlite":

        def on_connect(dbapi_conn: Any, _record: Any) -> None:
            def check() -> int:
                deadline = _deadline.get()
                return 1 if deadline is not None and time.monotonic() > deadline else 0

            dbapi_conn.set_progress_handler(check, 1_000)

    else:

        def on_connect(dbapi_conn: Any, _record: Any) -> None:
            with dbapi_conn.cursor() as cur:
                cur.execute(f"SET statement_timeout = {max(1, int(seconds * 1000))}")
            dbapi_conn.commit()

    event.listen(engine, "connect", on_connect)
    engine.dispose()  # connections opened before this point lack the limit


def create_app(
    archive: Archive | str | None = None, *, request_seconds: float = DEFAULT_REQUEST_SECONDS
) -> FastAPI:
    """The API app over one archive (an Archive, a database URL, or the configured default).

    Every request's queries are stopped after `request_seconds` with a 503 JSON answer.
    """
    arc = archive if isinstance(archive, Archive) else Archive(archive)
    _limit_query_time(arc, request_seconds)
    app = FastAPI(
        title="archive",
        version=__version__,
        description="Read-only API over a news-article archive: articles, quotes, claims, "
        "sources and places, with the same filters as the `archive` command line.",
    )

    @app.exception_handler(QueryError)
    async def _query_error(_request: Request, exc: QueryError) -> JSONResponse:
        return JSONResponse(status_code=400, content={"error": str(exc)})

    @app.middleware("http")
    async def _request_deadline(request: Request, call_next: Any) -> Any:
        token = _deadline.set(time.monotonic() + request_seconds)
        try:
            return await call_next(request)
        finally:
            _deadline.reset(token)

    @app.exception_handler(SQLAlchemyError)
    async def _store_error(_request: Request, exc: SQLAlchemyError) -> JSONResponse:
        message = " ".join(str(getattr(exc, "orig", None) or exc).split())
        if "interrupted" in message or "statement timeout" in message:
            message = f"the query took longer than {request_seconds:g} s; narrow the filters"
        return JSONResponse(status_code=503, content={"error": message[:300]})

    @app.exception_handler(ArchiveError)
    async def _archive_error(_request: Request, exc: ArchiveError) -> JSONResponse:
        return JSONResponse(status_code=503, content={"error": str(exc)})

    plain = Depends(_known_params())

    @app.get("/articles", response_model=Page, dependencies=[plain], responses=ERRORS)
    def articles(
        f: FiltersDep,
        limit: Limit = 20,
        after: After = None,
        cursor: Annotated[str | None, Query(max_length=500)] = None,
        order: Literal["newest", "relevance"] = "newest",
    ) -> Page:
        """Articles matching the filters with counts of what they hold; keyset pages."""
        return arc.search_page(limit=limit, after=after, cursor=cursor, order=order, **_set(f))

    @app.get(
        "/articles/{article_id}",
        response_model=ArticleDetail,
        responses={**ERRORS, 404: {"model": ErrorBody, "description": "No such article"}},
    )
    def article(article_id: Annotated[int, Path(ge=1, le=2**62)]) -> Any:
        """One article with quotes, claims, sources and places marked by offsets."""
        try:
            return arc.article(article_id)
        except QueryError as exc:
            return JSONResponse(status_code=404, content={"error": str(exc)})

    @app.get("/quotes", response_model=list[QuoteHit], dependencies=[plain], responses=ERRORS)
    def quotes(f: FiltersDep, limit: Limit = 20, after: After = None) -> list[QuoteHit]:
        """Quotes and their speakers; `source` keeps that source's own quotes."""
        return arc.quotes(limit=limit, after=after, **_set(f))

    quantity_params = Depends(_known_params(frozenset({"min_value", "max_value", "unit"})))

    @app.get(
        "/claims", response_model=list[ClaimHit], dependencies=[quantity_params], responses=ERRORS
    )
    def claims(
        f: FiltersDep,
        limit: Limit = 20,
        after: After = None,
        min_value: Annotated[float | None, Query(ge=-1e300, le=1e300)] = None,
        max_value: Annotated[float | None, Query(ge=-1e300, le=1e300)] = None,
        unit: Annotated[str | None, Query(max_length=MAX_NAME)] = None,
    ) -> list[ClaimHit]:
        """Attributed claims with hedges and quantities; bound quantities with min/max."""
        return arc.claims(
            limit=limit,
            after=after,
            min_value=min_value,
            max_value=max_value,
            unit=unit,
            **_set(f),
        )

    @app.get("/sources", response_model=list[SourceHit], dependencies=[plain], responses=ERRORS)
    def sources(f: FiltersDep, limit: Limit = 20) -> list[SourceHit]:
        """Sources in matching articles, most quoted first."""
        return arc.sources(limit=limit, **_set(f))

    @app.get("/places", response_model=list[PlaceHit], dependencies=[plain], responses=ERRORS)
    def places(f: FiltersDep, limit: Limit = 20) -> list[PlaceHit]:
        """Places mentioned in matching articles, with article counts."""
        return arc.places(limit=limit, **_set(f))

    @app.get("/top/{by}", response_model=list[Count], dependencies=[plain], responses=ERRORS)
    def top(
        by: Literal["source", "place", "outlet", "day", "month"], f: FiltersDep, limit: Limit = 20
    ) -> list[Count]:
        """Top sources, places or outlets for the filters, or articles per day or month."""
        return arc.top(by, limit=limit, **_set(f))

    @app.get("/stats", response_model=Stats, responses=ERRORS)
    def stats() -> Stats:
        """Counts of everything the archive holds."""
        return arc.stats()

    return app


def _set(f: Filters) -> dict[str, Any]:
    return f.model_dump(exclude_none=True)
