"""HTTP JSON API: a read-only FastAPI app over the same query module as the CLI.

Query parameters carry the same names and meanings as CLI flags and `Archive` keyword
arguments. Bad input is a 4xx with a JSON message (FastAPI validates limits before our code
runs; QueryError becomes 400); only GET exists, so writes are refused with 405.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Path, Query, Request
from fastapi.responses import JSONResponse

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


def create_app(archive: Archive | str | None = None) -> FastAPI:
    """The API app over one archive (an Archive, a database URL, or the configured default)."""
    arc = archive if isinstance(archive, Archive) else Archive(archive)
    app = FastAPI(
        title="archive",
        version=__version__,
        description="Read-only API over a news-article archive: articles, quotes, claims, "
        "sources and places, with the same filters as the `archive` command line.",
    )

    @app.exception_handler(QueryError)
    async def _query_error(_request: Request, exc: QueryError) -> JSONResponse:
        return JSONResponse(status_code=400, content={"error": str(exc)})

    @app.exception_handler(ArchiveError)
    async def _archive_error(_request: Request, exc: ArchiveError) -> JSONResponse:
        return JSONResponse(status_code=503, content={"error": str(exc)})

    plain = Depends(_known_params())

    @app.get("/articles", response_model=Page, dependencies=[plain])
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
        responses={404: {"description": "No such article"}},
    )
    def article(article_id: Annotated[int, Path(ge=1, le=2**62)]) -> Any:
        """One article with quotes, claims, sources and places marked by offsets."""
        try:
            return arc.article(article_id)
        except QueryError as exc:
            return JSONResponse(status_code=404, content={"error": str(exc)})

    @app.get("/quotes", response_model=list[QuoteHit], dependencies=[plain])
    def quotes(f: FiltersDep, limit: Limit = 20, after: After = None) -> list[QuoteHit]:
        """Quotes and their speakers; `source` keeps that source's own quotes."""
        return arc.quotes(limit=limit, after=after, **_set(f))

    quantity_params = Depends(_known_params(frozenset({"min_value", "max_value", "unit"})))

    @app.get("/claims", response_model=list[ClaimHit], dependencies=[quantity_params])
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

    @app.get("/sources", response_model=list[SourceHit], dependencies=[plain])
    def sources(f: FiltersDep, limit: Limit = 20) -> list[SourceHit]:
        """Sources in matching articles, most quoted first."""
        return arc.sources(limit=limit, **_set(f))

    @app.get("/places", response_model=list[PlaceHit], dependencies=[plain])
    def places(f: FiltersDep, limit: Limit = 20) -> list[PlaceHit]:
        """Places mentioned in matching articles, with article counts."""
        return arc.places(limit=limit, **_set(f))

    @app.get("/top/{by}", response_model=list[Count], dependencies=[plain])
    def top(
        by: Literal["source", "place", "outlet", "day", "month"], f: FiltersDep, limit: Limit = 20
    ) -> list[Count]:
        """Top sources, places or outlets for the filters, or articles per day or month."""
        return arc.top(by, limit=limit, **_set(f))

    @app.get("/stats", response_model=Stats)
    def stats() -> Stats:
        """Counts of everything the archive holds."""
        return arc.stats()

    return app


def _set(f: Filters) -> dict[str, Any]:
    return f.model_dump(exclude_none=True)
