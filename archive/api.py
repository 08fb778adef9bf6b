"""HTTP JSON API: a read-only FastAPI app over the same query module as the CLI.

Query parameters are the fields of the query models in archive.query (the same names and
meanings as CLI flags and `Archive` keyword arguments), read by FastAPI as one model per
endpoint, so an unknown parameter is refused by the model itself. Every list answers the same
envelope, `{"items": [...], "next_cursor": ...}`; every error, whatever raised it, answers
`{"error": "..."}`: 400 malformed filter, 404 no such thing, 405 writes, 422 a parameter of
the wrong type or out of range, 503 the store failed or a query ran past its time limit.
"""

from __future__ import annotations

import contextvars
import time
from typing import Annotated, Any

from fastapi import FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel
from sqlalchemy import event
from starlette.exceptions import HTTPException

from archive._version import __version__
from archive.core import Archive, Stats
from archive.errors import ArchiveError, NotFoundError, QueryError, QueryTimeout, StoreError
from archive.query import (
    AggregateBy,
    ArticleDetail,
    ArticleHit,
    ArticleQuery,
    ClaimHit,
    ClaimQuery,
    Count,
    ListQuery,
    Page,
    PlaceHit,
    QuoteHit,
    SourceHit,
)

DEFAULT_REQUEST_SECONDS = 10.0


class ErrorBody(BaseModel):
    """Every error the API answers: one message a user can act on."""

    error: str


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Malformed filter, query or cursor"},
    422: {"model": ErrorBody, "description": "A parameter of the wrong type or out of range"},
    503: {"model": ErrorBody, "description": "The query took too long or the store failed"},
}

_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "archive_api_deadline", default=None
)


def _limit_query_time(arc: Archive, seconds: float) -> None:
    """Stop queries that run past the request's deadline, on either database.

    SQLite: a progress handler aborts the statement once the deadline of the request that is
    running it has passed. PostgreSQL: statement_timeout on the API's connections. Either way
    the query layer reports a `QueryTimeout`.
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


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for e in exc.errors():
        where = ".".join(str(p) for p in e.get("loc", ()) if p not in ("query", "path", "body"))
        parts.append(f"{where}: {e.get('msg')}" if where else str(e.get("msg")))
    return "; ".join(parts) or "malformed request"


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse(status_code=status, content={"error": message})


def create_app(
    archive: Archive | str | None = None,
    *,
    request_seconds: float = DEFAULT_REQUEST_SECONDS,
    show_paths: bool = False,
) -> FastAPI:
    """The API app over one archive (an Archive, a database URL, or the configured default).

    Every request's queries are stopped after `request_seconds` with a 503 JSON answer.
    `source_path` (where an article's file lay on the ingesting machine) is withheld from
    clients unless `show_paths`: a public API must not reveal local paths.
    """
    arc = archive if isinstance(archive, Archive) else Archive(archive, create=False)
    _limit_query_time(arc, request_seconds)
    app = FastAPI(
        title="archive",
        version=__version__,
        description="Read-only API over a news-article archive: articles, quotes, claims, "
        "sources and places, with the same filters as the `archive` command line. Lists "
        'answer {"items": [...], "next_cursor": ...}: pass next_cursor as cursor for the '
        'next page. Errors answer {"error": "..."}.',
        docs_url=None,
        redoc_url=None,
    )
    _offline_docs(app)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return _error(422, _validation_message(exc))

    @app.exception_handler(HTTPException)
    async def _http(_request: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse(
            status_code=exc.status_code,
            content={"error": str(exc.detail)},
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(ArchiveError)
    async def _archive_error(_request: Request, exc: ArchiveError) -> JSONResponse:
        if isinstance(exc, NotFoundError):
            return _error(404, str(exc))
        if isinstance(exc, QueryError):
            return _error(400, str(exc))
        if isinstance(exc, QueryTimeout):
            return _error(503, f"the query took longer than {request_seconds:g} s; narrow it")
        if isinstance(exc, StoreError):
            return _error(503, str(exc))
        return _error(500, str(exc))

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        return _error(500, f"internal error: {type(exc).__name__}")

    @app.middleware("http")
    async def _request_deadline(request: Request, call_next: Any) -> Any:
        token = _deadline.set(time.monotonic() + request_seconds)
        try:
            return await call_next(request)
        finally:
            _deadline.reset(token)

    def hide_paths(items: list[Any]) -> list[Any]:
        if not show_paths:
            for item in items:
                item.source_path = None
        return items

    @app.get("/articles", response_model=Page[ArticleHit], responses=ERRORS)
    def articles(q: Annotated[ArticleQuery, Query()]) -> Page[ArticleHit]:
        """Articles matching the filters with counts of what they hold, newest first or by
        relevance (`order=relevance` with `text`)."""
        page = arc.search_page(
            limit=q.limit, after=q.after, cursor=q.cursor, order=q.order, **q.filter_args()
        )
        hide_paths(page.items)
        return page

    @app.get(
        "/articles/{article_id}",
        response_model=ArticleDetail,
        responses={**ERRORS, 404: {"model": ErrorBody, "description": "No such article"}},
    )
    def article(article_id: Annotated[int, Path(ge=1, le=2**62)]) -> ArticleDetail:
        """One article with quotes, claims, sources and places marked by offsets."""
        return hide_paths([arc.article(article_id)])[0]  # type: ignore[no-any-return]

    @app.get("/quotes", response_model=Page[QuoteHit], responses=ERRORS)
    def quotes(q: Annotated[ListQuery, Query()]) -> Page[QuoteHit]:
        """Quotes and their speakers, newest first; `source` keeps that source's own quotes."""
        return arc.quotes_page(limit=q.limit, after=q.after, cursor=q.cursor, **q.filter_args())

    @app.get("/claims", response_model=Page[ClaimHit], responses=ERRORS)
    def claims(q: Annotated[ClaimQuery, Query()]) -> Page[ClaimHit]:
        """Attributed claims with hedges and quantities; bound quantities with min/max."""
        return arc.claims_page(
            limit=q.limit,
            after=q.after,
            cursor=q.cursor,
            min_value=q.min_value,
            max_value=q.max_value,
            unit=q.unit,
            **q.filter_args(),
        )

    @app.get("/sources", response_model=Page[SourceHit], responses=ERRORS)
    def sources(q: Annotated[ListQuery, Query()]) -> Page[SourceHit]:
        """Sources in matching articles, most quoted first."""
        return arc.sources_page(limit=q.limit, cursor=q.cursor, after=q.after, **q.filter_args())

    @app.get("/places", response_model=Page[PlaceHit], responses=ERRORS)
    def places(q: Annotated[ListQuery, Query()]) -> Page[PlaceHit]:
        """Places mentioned in matching articles, with article counts."""
        return arc.places_page(limit=q.limit, cursor=q.cursor, after=q.after, **q.filter_args())

    @app.get("/top/{by}", response_model=Page[Count], responses=ERRORS)
    def top(by: AggregateBy, q: Annotated[ListQuery, Query()]) -> Page[Count]:
        """Top sources, places or outlets for the filters, or articles per day or month."""
        return arc.top_page(by, limit=q.limit, cursor=q.cursor, after=q.after, **q.filter_args())

    @app.get("/stats", response_model=Stats, responses=ERRORS)
    def stats() -> Stats:
        """Counts of everything the archive holds."""
        return arc.stats()

    return app


def _offline_docs(app: FastAPI) -> None:
    """Swagger UI at /docs from the assets the swagger-ui-bundle package ships, so the
    documentation page works on a machine without internet (FastAPI's default loads them
    from a CDN and is blank offline)."""
    import swagger_ui_bundle

    app.mount(
        "/docs/assets",
        StaticFiles(directory=str(swagger_ui_bundle.swagger_ui_path)),
        name="docs-assets",
    )

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="archive API",
            swagger_js_url="/docs/assets/swagger-ui-bundle.js",
            swagger_css_url="/docs/assets/swagger-ui.css",
            swagger_favicon_url="/docs/assets/favicon-32x32.png",
        )
