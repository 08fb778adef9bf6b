"""Search and aggregation over the store: one filter model behind Python, CLI and HTTP.

A `Filters` value means the same thing whichever door it came through. Every filter becomes
a parameterized SQLAlchemy expression; user strings are only ever bound values.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import typing
from collections.abc import Sequence
from typing import Any, Generic, Literal, TypedDict, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy import (
    Float,
    Integer,
    Select,
    and_,
    any_,
    bindparam,
    cast,
    exists,
    false,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session
from sqlalchemy.sql import column, table

from archive import models as m
from archive.errors import NotFoundError, QueryError
from archive.fulltext import MAX_QUERY_CHARS, parse, to_fts5, to_tsquery
from archive.schemas import SourceKind
from archive.store import source_key

MAX_PAGE = 500
MAX_NAME = 200
ClaimKind = Literal["direct", "indirect", "mixed"]
Act = Literal["say", "think", "find", "intend"]
AggregateBy = Literal["source", "place", "outlet", "day", "month"]
Order = Literal["newest", "relevance"]


class Filters(BaseModel):
    """Filters, combinable (AND). Unset fields do not filter.

    The one definition of every filter: the CLI options and the HTTP query parameters are
    generated from these fields (name, type, limits, help), so a filter is added here once,
    plus its condition in `article_conditions`. On quote and claim rows, `source` means
    "said by that source"; on articles, "quotes or cites it".
    """

    model_config = ConfigDict(extra="forbid")

    source: str | None = Field(
        None, max_length=MAX_NAME, description="Source name or alias, any case or accents."
    )
    source_id: int | None = Field(None, ge=1, le=2**62, description="Exact archive source id.")
    source_kind: SourceKind | None = Field(
        None, description="person, organization, media, government or other."
    )
    outlet: str | None = Field(None, max_length=MAX_NAME, description="Outlet name (any case).")
    place: str | None = Field(
        None, max_length=MAX_NAME, description="A place and everything inside it."
    )
    near: str | None = Field(None, max_length=100, description="Within a radius: 'lat,lon,km'.")
    text: str | None = Field(
        None,
        max_length=MAX_QUERY_CHARS,
        description='Full text: words, "phrases", AND/OR/NOT, prefix*.',
    )
    since: dt.date | None = Field(None, description="Published on or after (YYYY-MM-DD).")
    until: dt.date | None = Field(None, description="Published on or before (YYYY-MM-DD).")
    claim_kind: ClaimKind | None = Field(
        None, description="Claims of this kind: direct, indirect or mixed."
    )
    act: Act | None = Field(
        None,
        description="Claims of this kind of attribution: say (said, wrote), think (believes), "
        "find (a study shows) or intend (plans).",
    )
    has_quantity: bool | None = Field(
        None,
        description="Claims carrying numbers (or, with false, none).",
        json_schema_extra={"cli": "--has-quantity/--no-quantity"},
    )

    def described(self) -> dict[str, Any]:
        """The filters that are set, as plain JSON values (for reports and data packages)."""
        return self.model_dump(mode="json", exclude_none=True)

    def filter_args(self) -> dict[str, Any]:
        """The filters that are set, as `Archive` keyword arguments; on a request model
        (which adds paging fields), only its filter fields."""
        return {k: getattr(self, k) for k in Filters.model_fields if getattr(self, k) is not None}


class FilterArgs(TypedDict, total=False):
    """`Filters` as keyword arguments of the Python API (`arc.quotes(source=..., since=...)`),
    for type checkers; tests/test_door_promises.py checks it names exactly `Filters`' fields."""

    source: str | None
    source_id: int | None
    source_kind: SourceKind | None
    outlet: str | None
    place: str | None
    near: str | None
    text: str | None
    since: dt.date | str | None
    until: dt.date | str | None
    claim_kind: ClaimKind | None
    act: Act | None
    has_quantity: bool | None


class PageArgs(BaseModel):
    """Where a page starts and how long it is; every list in every door pages alike."""

    model_config = ConfigDict(extra="forbid")

    limit: int = Field(20, ge=1, le=MAX_PAGE, description=f"Results per page (1-{MAX_PAGE}).")
    cursor: str | None = Field(
        None, max_length=500, description="Start where the previous page ended (its next_cursor)."
    )
    after: int | None = Field(
        None, ge=0, le=2**62, description="Start after this id (lists ordered by id)."
    )

    @field_validator("limit", mode="before")
    @classmethod
    def _page_size(cls, value: Any) -> Any:
        # before the bounds check, so the message says what to do instead
        try:
            size = int(value)
        except (TypeError, ValueError):
            return value  # not a number: the type check says so
        if not 1 <= size <= MAX_PAGE:
            raise ValueError(_page_size_message(size))
        return value


def _page_size_message(limit: int) -> str:
    return (
        f"page size must be between 1 and {MAX_PAGE}, not {limit}: to read every match, "
        "follow next_cursor from page to page (CLI: --all streams them all)"
    )


def check_page_size(limit: int) -> int:
    """A page size within bounds, or a QueryError that says how to read more."""
    if not 1 <= limit <= MAX_PAGE:
        raise QueryError(_page_size_message(limit))
    return limit


class QuantityFilter(BaseModel):
    """Bounds on the numbers claims carry ("more than 1,000 casualties")."""

    model_config = ConfigDict(extra="forbid")

    min_value: float | None = Field(None, ge=-1e300, le=1e300, description="Quantity at least.")
    max_value: float | None = Field(None, ge=-1e300, le=1e300, description="Quantity at most.")
    unit: str | None = Field(
        None, max_length=MAX_NAME, description="Quantity unit (people, cases, ...)."
    )

    def is_set(self) -> bool:
        return self.min_value is not None or self.max_value is not None or bool(self.unit)


class ArticleQuery(PageArgs, Filters):
    """A request for a page of articles."""

    order: Order = Field("newest", description="newest first, or relevance (needs text).")


class ListQuery(PageArgs, Filters):
    """A request for a page of quotes, sources or places."""


class ClaimQuery(QuantityFilter, PageArgs, Filters):
    """A request for a page of claims, optionally bounded by the numbers they carry."""

    def quantity(self) -> QuantityFilter:
        return QuantityFilter(min_value=self.min_value, max_value=self.max_value, unit=self.unit)


class ArticleHit(BaseModel):
    """An article matching a search, with what extraction found in it."""

    id: int
    title: str
    outlet: str | None
    published: dt.date | None
    url: str | None
    source_path: str | None
    snippet: str | None = None
    quotes: int = 0
    claims: int = 0
    sources: int = 0
    places: int = 0


class QuoteHit(BaseModel):
    """A quote with its speaker and article."""

    id: int
    article_id: int
    title: str
    source_id: int | None
    source: str | None
    source_kind: str | None
    text: str
    start: int
    end: int
    cue: str | None


class QuantityOut(BaseModel):
    """A number a claim carries."""

    value: float
    unit: str | None
    text: str
    start: int | None
    end: int | None
    qualifier: str | None
    approximate: bool


class ClaimHit(BaseModel):
    """An attributed statement with its source, hedge and quantities."""

    id: int
    article_id: int
    title: str
    kind: str
    act: str = "say"
    source_id: int | None
    source: str | None
    content: str
    start: int
    end: int
    cue: str | None
    hedge: str | None
    quote_id: int | None
    quantities: list[QuantityOut] = []


class PlaceHit(BaseModel):
    """A gazetteer place with how many matching articles mention it."""

    id: int
    geonameid: int | None
    name: str
    country_code: str | None
    admin1: str | None
    feature_code: str | None
    lat: float | None
    lon: float | None
    articles: int
    mentions: int


class Count(BaseModel):
    """One row of an aggregate: a key and how many articles it covers."""

    key: str
    count: int


class SourceHit(BaseModel):
    """A source with how often and where it is quoted."""

    id: int
    name: str
    kind: str
    aliases: list[str]
    articles: int
    quotes: int
    outlets: list[Count] = []


def sources_named(name: str) -> Select[Any]:
    """Ids of the sources whose normalized name or alias contains `name` as whole words.

    "de Mistura", "DE MISTURA" and "Staffan de Mistura" all find Staffan de Mistura. A
    subquery, not a list: a common surname is held by a thousand sources ("Trump campaign",
    "a Trump aide" in one article), which the database reads faster than Python can bind.
    """
    key = source_key(name)
    if not key:
        raise QueryError(f"source {name!r} holds no letters or digits to match")
    cond = or_(
        m.Source.key == key,
        m.Source.key.like(_like_escape(key) + " %", escape="\\"),
        m.Source.key.like("% " + _like_escape(key), escape="\\"),
        m.Source.key.like("% " + _like_escape(key) + " %", escape="\\"),
    )
    # The sources holding every word of the name (an index range per word) are the only
    # candidates; the LIKEs then keep those holding the words together and in order.
    words = sorted(set(key.split()))
    if len(words) == 1 and " " not in key:
        # one word: the sources holding it, which the word index answers alone (an
        # institution's acronyms are indexed too: "WHO" finds the World Health Organization)
        return select(m.SourceWord.source_id).where(m.SourceWord.word == key)
    holding = (
        select(m.SourceWord.source_id)
        .where(m.SourceWord.word.in_(words))
        .group_by(m.SourceWord.source_id)
        .having(func.count() == len(words))
    )
    return select(m.Source.id).where(m.Source.id.in_(holding), cond)


def source_ids_matching(session: Session, name: str) -> list[int]:
    """`sources_named` read into a list, in id order."""
    return sorted(session.scalars(sources_named(name)))


def named_source(session: Session, column_: Any, name: str) -> Any:
    """The condition "`column_` is a source named `name`".

    SQLite reads the subquery itself. PostgreSQL's planner cannot estimate it (it takes the
    thousand sources of "Trump" for eleven, and at a million articles hashes every mention
    of them for a page of twenty: 3.5 s), so there the ids are read first and passed as one
    array, whose size and values it does weigh (0.3 ms).
    """
    named = sources_named(name)
    if session.get_bind().dialect.name == "postgresql":
        return column_ == any_(literal(list(session.scalars(named)), ARRAY(Integer)))
    return column_.in_(named)


def _like_escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# A filter is "frequent" when it matches at least this share of the archive's articles
# (counted in mentions, capped, so the count itself stays cheap); see `_membership`.
FREQUENT_SHARE = 50
FREQUENT_MIN = 1_000


class _FrequentCap:
    """How many rows make a filter frequent in this archive; read once per query, when first
    needed (a query with a source and a place filter asks twice)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.value: int | None = None

    def __call__(self) -> int:
        if self.value is None:
            top = self.session.scalar(select(func.max(m.Article.id))) or 0
            self.value = max(FREQUENT_MIN, top // FREQUENT_SHARE)
        return self.value


def _membership(
    session: Session,
    ids: Select[Any],
    fk: Any,
    cap: _FrequentCap | None,
    probe: Select[Any] | None = None,
) -> Any:
    """`Article.id IN (ids)`, or a correlated EXISTS (`fk` = the article's id) when that is the
    faster plan.

    SQLite runs `id IN (subquery)` by reading the whole subquery and sorting what it finds: a
    place in most articles ("United States") costs a read of most of the archive for a page of
    twenty. A correlated EXISTS lets it walk articles newest first and stop after a page, but
    for a rare place it would walk the whole archive. So a page-sized query on SQLite (`cap`
    given) first counts the filter's rows up to the cap (one bounded index range) and takes
    EXISTS only when the cap is reached. PostgreSQL's planner weighs both plans from its
    statistics. `probe`: the same rows written for the EXISTS form, when that wants a different
    access path than the IN form.
    """
    if cap is not None:
        limit = cap()
        n = session.scalar(select(func.count()).select_from(ids.limit(limit).subquery()))
        if n is not None and n >= limit:
            return exists((ids if probe is None else probe).where(fk == m.Article.id))
    return m.Article.id.in_(ids)


def article_conditions(session: Session, f: Filters, *, early_stop: bool = False) -> list[Any]:
    """SQL conditions on `articles` for every filter that is set (shared by all doors).

    `early_stop`: the caller reads articles (or their rows) newest first and stops after a
    page, so frequent filters are better as correlated EXISTS (see `_membership`).
    """
    conds: list[Any] = []
    sqlite = session.get_bind().dialect.name == "sqlite"
    cap = _FrequentCap(session) if early_stop and sqlite else None
    if f.outlet:
        conds.append(
            m.Article.outlet_id.in_(
                select(m.Outlet.id).where(func.lower(m.Outlet.name) == f.outlet.strip().lower())
            )
        )
    if f.since:
        conds.append(m.Article.published >= f.since)
    if f.until:
        conds.append(m.Article.published <= f.until)
    if f.source or f.source_id is not None or f.source_kind:

        def mentions(source_id: Any) -> Select[Any]:
            sm = select(m.SourceMention.article_id)
            if f.source_id is not None:
                sm = sm.where(m.SourceMention.source_id == f.source_id)
            if f.source:
                sm = sm.where(named_source(session, source_id, f.source))
            if f.source_kind:
                sm = sm.where(
                    source_id.in_(select(m.Source.id).where(m.Source.kind == f.source_kind))
                )
            return sm

        # Probing one article at a time, a name that many sources hold ("Trump": "Donald
        # Trump", "Trump campaign", ...) is best tested against the article's few mentions:
        # `source_id + 0` is not an indexed column to SQLite, so it reads the mentions by
        # article instead of looking up every (source, article) pair (27 ms -> 1.6 ms).
        conds.append(
            _membership(
                session,
                mentions(m.SourceMention.source_id),
                m.SourceMention.article_id,
                cap,
                probe=mentions(m.SourceMention.source_id + 0) if cap is not None else None,
            )
        )
    if f.place:
        conds.append(
            _membership(session, _place_articles(session, f.place), m.PlaceMention.article_id, cap)
        )
    if f.near:
        conds.append(
            m.Article.id.in_(
                select(m.PlaceMention.article_id).where(
                    m.PlaceMention.place_id.in_(place_ids_near(session, f.near))
                )
            )
        )
    if f.claim_kind:
        conds.append(
            m.Article.id.in_(select(m.Claim.article_id).where(m.Claim.kind == f.claim_kind))
        )
    if f.act:
        conds.append(m.Article.id.in_(select(m.Claim.article_id).where(m.Claim.act == f.act)))
    if f.has_quantity is not None:
        has = exists().where(m.Quantity.article_id == m.Article.id)
        conds.append(has if f.has_quantity else ~has)
    if f.text:
        # the EXISTS form (SQLite only) correlates on the FTS5 table's rowid
        conds.append(_membership(session, _fulltext_ids(session, f.text), _FTS.c.rowid, cap))
    return conds


def place_condition(session: Session, name: str) -> Any:
    """A condition on `place_mentions`: the place `name` or anything inside it.

    The name is read through the gazetteer's hierarchy: a continent or region means its
    countries, a country its country code, a first-order division its admin1 code, a
    populated place its GeoNames id (the most populous reading when several places share
    the name). A number is taken as a GeoNames id. Mentions carry their place's country and
    admin1, so each reading is one index range.
    """
    from archive.extract.gazetteer import resolve_region

    text_ = name.strip()
    if text_.isdigit():
        return m.PlaceMention.place_id.in_(
            select(m.Place.id).where(m.Place.geonameid == int(text_))
        )
    conds: list[Any] = []
    geonameids: list[int] = []
    countries: set[str] = set()
    matches = resolve_region(text_)
    areas = [r for r in matches if r.kind != "place"]
    towns = [r for r in matches if r.kind == "place"][:1]
    for r in areas + towns:
        if r.geonameid:
            geonameids.append(r.geonameid)
        if r.kind in ("continent", "region", "country") and r.country_codes:
            countries.update(r.country_codes)
        elif r.kind == "admin1" and r.country_code and r.admin1:
            conds.append(
                and_(
                    m.PlaceMention.country_code == r.country_code,
                    m.PlaceMention.admin1 == r.admin1,
                )
            )
    if countries:
        conds.append(m.PlaceMention.country_code.in_(sorted(countries)))
    # Entries stored under this exact name (e.g. one of our own regions) count too.
    named = select(m.Place.id).where(
        or_(m.Place.geonameid.in_(geonameids), func.lower(m.Place.name) == text_.lower())
    )
    place_ids = list(session.scalars(named))
    if place_ids:
        conds.append(m.PlaceMention.place_id.in_(place_ids))
    if not conds:
        if not matches:
            raise QueryError(_unknown_place(name))
        return false()
    return or_(*conds)


def _unknown_place(name: str) -> str:
    """The error for a place name neither the gazetteer nor the archive knows, with the
    nearest gazetteer names when there are any ("did you mean")."""
    from archive.extract.gazetteer import suggest_places

    msg = f"unknown place {name!r}: not in the gazetteer nor in the archive"
    near = suggest_places(name)
    return f"{msg}; did you mean {', '.join(near)}?" if near else msg


def place_ids_near(session: Session, near: str) -> list[int]:
    """Stored places within a radius: `near="lat,lon,km"`."""
    try:
        lat, lon, km = (float(x) for x in near.split(","))
    except ValueError as exc:
        raise QueryError(f"near must be 'lat,lon,km', not {near!r}") from exc
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 < km <= 20_000):
        raise QueryError(f"near {near!r} out of range (lat -90..90, lon -180..180, km 0..20000)")
    from archive.extract.gazetteer import haversine_km

    dlat = km / 111.0
    rows = session.execute(
        select(m.Place.id, m.Place.lat, m.Place.lon).where(
            m.Place.lat.between(lat - dlat, lat + dlat), m.Place.lat.is_not(None)
        )
    )
    return [
        pid
        for pid, plat, plon in rows
        if plat is not None and plon is not None and haversine_km(lat, lon, plat, plon) <= km
    ]


def _place_articles(session: Session, name: str) -> Select[Any]:
    """Articles mentioning a place or anything inside it."""
    return select(m.PlaceMention.article_id).where(place_condition(session, name))


# The FTS5 table (made by migration 0001, not a model): only its rowid is read.
_FTS = table("articles_fts", column("rowid"))


def _fulltext_ids(session: Session, query: str) -> Select[Any]:
    node = parse(query)
    if session.get_bind().dialect.name == "sqlite":
        return select(_FTS.c.rowid).where(
            text("articles_fts MATCH :fts").bindparams(fts=to_fts5(node))
        )
    return select(m.Article.id).where(
        text("search_vector @@ to_tsquery('english', :tsq)").bindparams(tsq=to_tsquery(node))
    )


def encode_cursor(values: dict[str, Any]) -> str:
    """An opaque keyset cursor: where the next page starts."""
    raw = json.dumps(values, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(
    cursor: str, keys: dict[str, type | tuple[type, ...]] | None = None
) -> dict[str, Any]:
    """Read a cursor made by `encode_cursor` for a list whose position is `keys` (name ->
    type; default an integer `id`); anything else is a QueryError."""
    keys = keys if keys is not None else {"id": int}
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (ValueError, binascii.Error) as exc:
        raise QueryError(f"malformed cursor {cursor[:40]!r}") from exc
    if not isinstance(values, dict) or any(
        not isinstance(values.get(k), t) or isinstance(values.get(k), bool) for k, t in keys.items()
    ):
        raise QueryError(f"malformed cursor {cursor[:40]!r}: not a cursor of this list")
    return values


def _rank_subquery(session: Session, query: str) -> Any:
    """(id, rank) of full-text matches; lower rank is better on both databases."""
    node = parse(query)
    if session.get_bind().dialect.name == "sqlite":
        return (
            select(
                literal_column("rowid").label("id"),
                literal_column("bm25(articles_fts, 5.0, 1.0)").label("rank"),
            )
            .select_from(text("articles_fts"))
            .where(text("articles_fts MATCH :fts").bindparams(fts=to_fts5(node)))
            .subquery()
        )
    tsq = func.to_tsquery(literal_column("'english'"), bindparam("tsq", to_tsquery(node)))
    return (
        select(
            m.Article.id.label("id"),
            # float8, so the rank survives a round trip through a cursor exactly
            cast(-func.ts_rank(literal_column("search_vector"), tsq), Float).label("rank"),
        )
        .where(literal_column("search_vector").op("@@")(tsq))
        .subquery()
    )


def _snippets(session: Session, query: str, ids: list[int]) -> dict[int, str]:
    """Highlighted passages around the matches, [marked] like this."""
    if not ids:
        return {}
    node = parse(query)
    rows: Any
    if session.get_bind().dialect.name == "sqlite":
        rows = session.execute(
            select(
                literal_column("rowid"),
                literal_column("snippet(articles_fts, 1, '[', ']', '…', 20)"),
            )
            .select_from(text("articles_fts"))
            .where(text("articles_fts MATCH :fts").bindparams(fts=to_fts5(node)))
            .where(literal_column("rowid").in_(ids))
        )
        return {int(i): str(snip) for i, snip in rows}
    tsq = func.to_tsquery(literal_column("'english'"), bindparam("tsq", to_tsquery(node)))
    rows = session.execute(
        select(
            m.Article.id,
            func.ts_headline(
                literal_column("'english'"),
                m.Article.text,
                tsq,
                literal_column("'StartSel=[, StopSel=], MaxWords=30, MinWords=12'"),
            ),
        ).where(m.Article.id.in_(ids))
    )
    return {int(i): str(snip) for i, snip in rows}


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of results and the cursor of the next (None on the last page)."""

    items: list[T]
    next_cursor: str | None = None


def search_articles_page(
    session: Session,
    f: Filters,
    *,
    limit: int = 20,
    after: int | None = None,
    cursor: str | None = None,
    order: Order = "newest",
) -> Page[ArticleHit]:
    """Articles matching the filters, newest first or (with `text`) most relevant first.

    Pages are keyset pages: `next_cursor` (or `after`, the last id, for newest-first) starts
    the next page where this one ended, so page 1,000 costs what page 1 costs.
    """
    if order == "relevance" and not f.text:
        raise QueryError("order by relevance needs a full-text query (text=...)")
    limit = check_page_size(limit)
    q = select(
        m.Article.id,
        m.Article.title,
        m.Outlet.name,
        m.Article.published,
        m.Article.url,
        m.Article.source_path,
    ).join(m.Outlet, m.Outlet.id == m.Article.outlet_id, isouter=True)
    if order == "relevance":
        assert f.text is not None
        if after is not None:
            raise QueryError("after= pages lists ordered by id; with relevance, use the cursor")
        position = decode_cursor(cursor, {"id": int, "rank": (int, float)}) if cursor else None
        ranks = _rank_subquery(session, f.text)
        q = q.add_columns(ranks.c.rank).join(ranks, ranks.c.id == m.Article.id)
        conds = article_conditions(session, f.model_copy(update={"text": None}))
        q = q.order_by(ranks.c.rank, m.Article.id.desc())
        if position is not None:
            r = float(position["rank"])
            q = q.where(
                or_(ranks.c.rank > r, and_(ranks.c.rank == r, m.Article.id < position["id"]))
            )
    else:
        conds = article_conditions(session, f, early_stop=True)
        q = q.add_columns(literal_column("0.0").label("rank")).order_by(m.Article.id.desc())
        start_after = _start_after(cursor, after)
        if start_after is not None:
            q = q.where(m.Article.id < start_after)
    if conds:
        q = q.where(and_(*conds))
    rows, next_row = _one_more(session.execute(q.limit(limit + 1)).all(), limit)
    ids = [r[0] for r in rows]
    counts = _counts(session, ids)
    snippets = _snippets(session, f.text, ids) if f.text else {}
    items = [
        ArticleHit(
            id=r[0],
            title=r[1],
            outlet=r[2],
            published=r[3],
            url=r[4],
            source_path=r[5],
            snippet=snippets.get(r[0]),
            **counts.get(r[0], {}),
        )
        for r in rows
    ]
    next_cursor = None
    if next_row is not None:
        values: dict[str, Any] = {"id": rows[-1][0]}
        if order == "relevance":
            values["rank"] = float(rows[-1][6])
        next_cursor = encode_cursor(values)
    return Page(items=items, next_cursor=next_cursor)


def _start_after(cursor: str | None, after: int | None) -> int | None:
    """The id a newest-first (id-descending) page starts below: a cursor's or `after`."""
    if cursor is not None:
        if after is not None:
            raise QueryError("give cursor or after, not both")
        return int(decode_cursor(cursor)["id"])
    return after


def _one_more(rows: Sequence[Any], limit: int) -> tuple[list[Any], Any | None]:
    """A page read with one row more than its size: the page, and the extra row if any
    (its presence is how a page knows it is not the last, without a count)."""
    if len(rows) > limit:
        return list(rows[:limit]), rows[limit]
    return list(rows), None


def _counts(session: Session, ids: list[int]) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = {i: {} for i in ids}
    if not ids:
        return out
    for name, model in (
        ("quotes", m.Quote),
        ("claims", m.Claim),
        ("sources", m.SourceMention),
        ("places", m.PlaceMention),
    ):
        col = model.article_id  # type: ignore[attr-defined]
        for aid, n in session.execute(select(col, func.count()).where(col.in_(ids)).group_by(col)):
            out[aid][name] = n
    return out


_SAID_BY_FIELDS = {"source": None, "source_id": None, "source_kind": None}


def said_by(session: Session, f: Filters, column_: Any) -> list[Any]:
    """Conditions "the row was said by the filter's source" on a quote's or claim's
    `source_id` column: on quote and claim rows, `source` means the speaker, not any source
    the article cites (so Tony Blair's quotes, not every quote beside his)."""
    conds: list[Any] = []
    if f.source:
        conds.append(named_source(session, column_, f.source))
    if f.source_id is not None:
        conds.append(column_ == f.source_id)
    if f.source_kind:
        conds.append(column_.in_(select(m.Source.id).where(m.Source.kind == f.source_kind)))
    return conds


def quote_conditions(session: Session, f: Filters, *, early_stop: bool = False) -> list[Any]:
    """Conditions on `quotes` rows for every filter: the source filters name the speaker, the
    others select the articles. Shared by the quote list and the quotes export."""
    article = article_conditions(
        session, f.model_copy(update=_SAID_BY_FIELDS), early_stop=early_stop
    )
    return article + said_by(session, f, m.Quote.source_id)


def claim_conditions(
    session: Session,
    f: Filters,
    quantity: QuantityFilter | None = None,
    *,
    early_stop: bool = False,
) -> list[Any]:
    """Conditions on `claims` rows: the source filters name the claimant, `claim_kind` and
    `has_quantity` are the claim's own, quantity bounds its numbers; the rest select the
    articles. Shared by the claim list and the claims export."""
    conds = article_conditions(
        session,
        f.model_copy(
            update={**_SAID_BY_FIELDS, "claim_kind": None, "act": None, "has_quantity": None}
        ),
        early_stop=early_stop,
    )
    conds += said_by(session, f, m.Claim.source_id)
    if f.claim_kind:
        conds.append(m.Claim.kind == f.claim_kind)
    if f.act:
        conds.append(m.Claim.act == f.act)
    has_qty = exists().where(m.Quantity.claim_id == m.Claim.id)
    if f.has_quantity is not None:
        conds.append(has_qty if f.has_quantity else ~has_qty)
    if quantity is not None and quantity.is_set():
        qq = select(m.Quantity.claim_id)
        if quantity.min_value is not None:
            qq = qq.where(m.Quantity.value >= quantity.min_value)
        if quantity.max_value is not None:
            qq = qq.where(m.Quantity.value <= quantity.max_value)
        if quantity.unit:
            qq = qq.where(func.lower(m.Quantity.unit) == quantity.unit.strip().lower())
        conds.append(m.Claim.id.in_(qq))
    return conds


def quotes_page(
    session: Session,
    f: Filters,
    *,
    limit: int = 20,
    after: int | None = None,
    cursor: str | None = None,
) -> Page[QuoteHit]:
    """Quotes in matching articles, newest first; a source filter keeps that source's own."""
    q = _quote_query().order_by(m.Quote.id.desc()).limit(check_page_size(limit) + 1)
    q = q.where(*quote_conditions(session, f, early_stop=True))
    start = _start_after(cursor, after)
    if start is not None:
        q = q.where(m.Quote.id < start)
    hits, extra = _one_more(_quote_hits(session, q), limit)
    return Page(items=hits, next_cursor=encode_cursor({"id": hits[-1].id}) if extra else None)


def claims_page(
    session: Session,
    f: Filters,
    *,
    quantity: QuantityFilter | None = None,
    limit: int = 20,
    after: int | None = None,
    cursor: str | None = None,
) -> Page[ClaimHit]:
    """Claims in matching articles, newest first; a source filter keeps that source's own."""
    q = (
        select(m.Claim, m.Article.title, m.Source.name)
        .join(m.Article, m.Article.id == m.Claim.article_id)
        .join(m.Source, m.Source.id == m.Claim.source_id, isouter=True)
        .where(*claim_conditions(session, f, quantity, early_stop=True))
        .order_by(m.Claim.id.desc())
        .limit(check_page_size(limit) + 1)
    )
    start = _start_after(cursor, after)
    if start is not None:
        q = q.where(m.Claim.id < start)
    rows, extra = _one_more(session.execute(q).all(), limit)
    hits = _claim_hits(session, rows)
    return Page(items=hits, next_cursor=encode_cursor({"id": hits[-1].id}) if extra else None)


def _keyset_after(order: list[tuple[Any, bool]], values: list[Any]) -> Any:
    """The condition "this row sorts after `values`" for an ORDER BY of (expression,
    descending) pairs: (a, b, c) after (x, y, z) is a<x or (a=x and (b<y or ...)), with the
    comparison flipped for ascending keys. Works on aggregates too (in HAVING)."""
    (expr, desc), *rest = order
    value, *rest_values = values
    beyond = expr < value if desc else expr > value
    if not rest:
        return beyond
    return or_(beyond, and_(expr == value, _keyset_after(rest, rest_values)))


def _no_after(after: int | None, what: str) -> None:
    if after is not None:
        raise QueryError(f"{what} are ordered by counts, not ids: page them with cursor")


def sources_page(
    session: Session,
    f: Filters,
    *,
    limit: int = 20,
    cursor: str | None = None,
    after: int | None = None,
) -> Page[SourceHit]:
    """Sources in matching articles, most quoted first (then most cited, then id)."""
    _no_after(after, "sources")
    limit = check_page_size(limit)
    article_conds = article_conditions(session, f.model_copy(update=_SAID_BY_FIELDS))
    mention_articles = select(m.SourceMention.source_id, m.SourceMention.article_id).join(
        m.Article, m.Article.id == m.SourceMention.article_id
    )
    if article_conds:
        mention_articles = mention_articles.where(and_(*article_conds))
    sub = mention_articles.subquery()
    quote_counts = (
        select(m.Quote.source_id, func.count().label("n"))
        .where(m.Quote.article_id.in_(select(sub.c.article_id)))
        .group_by(m.Quote.source_id)
        .subquery()
    )
    n_articles = func.count(func.distinct(sub.c.article_id))
    n_quotes = func.coalesce(func.max(quote_counts.c.n), 0)
    order = [(n_quotes, True), (n_articles, True), (m.Source.id, False)]
    q = (
        select(m.Source, n_articles.label("articles"), n_quotes.label("quotes"))
        .join(sub, sub.c.source_id == m.Source.id)
        .join(quote_counts, quote_counts.c.source_id == m.Source.id, isouter=True)
        .group_by(m.Source.id)
        .order_by(*(e.desc() if d else e for e, d in order))
        .limit(limit + 1)
    )
    if cursor:
        pos = decode_cursor(cursor, {"quotes": int, "articles": int, "id": int})
        q = q.having(_keyset_after(order, [pos["quotes"], pos["articles"], pos["id"]]))
    q = q.where(*said_by(session, f, m.Source.id))
    rows, extra = _one_more(session.execute(q).all(), limit)
    where = _outlets_of(session, [src.id for src, _, _ in rows], article_conds)
    items = [
        SourceHit(
            id=src.id,
            name=src.name,
            kind=src.kind,
            aliases=list(src.aliases or []),
            articles=articles,
            quotes=quotes,
            outlets=where.get(src.id, []),
        )
        for src, articles, quotes in rows
    ]
    next_cursor = None
    if extra is not None:
        last = items[-1]
        next_cursor = encode_cursor(
            {"quotes": last.quotes, "articles": last.articles, "id": last.id}
        )
    return Page(items=items, next_cursor=next_cursor)


def _outlets_of(
    session: Session, source_ids: list[int], article_conds: list[Any]
) -> dict[int, list[Count]]:
    """Where each source is cited: articles per outlet, most first (one query per page)."""
    if not source_ids:
        return {}
    n = func.count(func.distinct(m.SourceMention.article_id))
    q = (
        select(m.SourceMention.source_id, m.Outlet.name, n)
        .join(m.Article, m.Article.id == m.SourceMention.article_id)
        .join(m.Outlet, m.Outlet.id == m.Article.outlet_id)
        .where(m.SourceMention.source_id.in_(source_ids), *article_conds)
        .group_by(m.SourceMention.source_id, m.Outlet.name)
        .order_by(m.SourceMention.source_id, n.desc(), m.Outlet.name)
    )
    out: dict[int, list[Count]] = {}
    for sid, outlet, count in session.execute(q):
        out.setdefault(sid, []).append(Count(key=outlet, count=count))
    return out


def places_page(
    session: Session,
    f: Filters,
    *,
    limit: int = 20,
    cursor: str | None = None,
    after: int | None = None,
) -> Page[PlaceHit]:
    """Places mentioned in matching articles, most articles first (then id)."""
    _no_after(after, "places")
    limit = check_page_size(limit)
    conds = article_conditions(session, f)
    pm = select(m.PlaceMention.place_id, m.PlaceMention.article_id).where(
        m.PlaceMention.place_id.is_not(None)
    )
    if conds:
        pm = pm.join(m.Article, m.Article.id == m.PlaceMention.article_id).where(and_(*conds))
    sub = pm.subquery()
    n_articles = func.count(func.distinct(sub.c.article_id))
    order = [(n_articles, True), (m.Place.id, False)]
    q = (
        select(m.Place, n_articles.label("articles"), func.count().label("mentions"))
        .join(sub, sub.c.place_id == m.Place.id)
        .group_by(m.Place.id)
        .order_by(n_articles.desc(), m.Place.id)
        .limit(limit + 1)
    )
    if cursor:
        pos = decode_cursor(cursor, {"articles": int, "id": int})
        q = q.having(_keyset_after(order, [pos["articles"], pos["id"]]))
    rows, extra = _one_more(session.execute(q).all(), limit)
    items = [
        PlaceHit(
            id=p.id,
            geonameid=p.geonameid,
            name=p.name,
            country_code=p.country_code,
            admin1=p.admin1,
            feature_code=p.feature_code,
            lat=p.lat,
            lon=p.lon,
            articles=n_articles_,
            mentions=n_mentions,
        )
        for p, n_articles_, n_mentions in rows
    ]
    next_cursor = None
    if extra is not None:
        next_cursor = encode_cursor({"articles": items[-1].articles, "id": items[-1].id})
    return Page(items=items, next_cursor=next_cursor)


def aggregate_page(
    session: Session,
    f: Filters,
    by: AggregateBy,
    *,
    limit: int = 20,
    cursor: str | None = None,
    after: int | None = None,
) -> Page[Count]:
    """Top sources / places / outlets for a filter (most articles first), or articles per day
    / month (in date order); keyset pages like every other list."""
    if by not in typing.get_args(AggregateBy):
        raise QueryError(f"cannot aggregate by {by!r}: use source, place, outlet, day, month")
    _no_after(after, "aggregates")
    conds = article_conditions(session, f)
    where = and_(True, *conds)
    limit = check_page_size(limit)
    order: list[tuple[Any, bool]]
    if by in ("outlet", "source", "place"):
        if by == "outlet":
            n = func.count(m.Article.id)
            key, tie = m.Outlet.name, m.Outlet.id
            q = select(key, n, tie).join(m.Article, m.Article.outlet_id == m.Outlet.id)
        elif by == "source":
            n = func.count(func.distinct(m.SourceMention.article_id))
            key, tie = m.Source.name, m.Source.id
            q = (
                select(key, n, tie)
                .join(m.SourceMention, m.SourceMention.source_id == m.Source.id)
                .join(m.Article, m.Article.id == m.SourceMention.article_id)
            )
        else:
            n = func.count(func.distinct(m.PlaceMention.article_id))
            key, tie = m.Place.name, m.Place.id
            q = (
                select(key, n, tie)
                .join(m.PlaceMention, m.PlaceMention.place_id == m.Place.id)
                .join(m.Article, m.Article.id == m.PlaceMention.article_id)
            )
        order = [(n, True), (key, False), (tie, False)]
        q = q.where(where).group_by(tie, key)
        position = ["count", "key", "id"]
        types: dict[str, type | tuple[type, ...]] = {"count": int, "key": str, "id": int}
    else:
        if session.get_bind().dialect.name == "sqlite":
            fmt = "%Y-%m-%d" if by == "day" else "%Y-%m"
            bucket = func.strftime(fmt, m.Article.published)
        else:
            fmt = "YYYY-MM-DD" if by == "day" else "YYYY-MM"
            bucket = func.to_char(m.Article.published, fmt)
        q = (
            select(bucket.label("bucket"), func.count(m.Article.id))
            .where(where, m.Article.published.is_not(None))
            .group_by(bucket)
        )
        order = [(bucket, False)]
        position = ["key"]
        types = {"key": str}
    q = q.order_by(*(e.desc() if d else e for e, d in order)).limit(limit + 1)
    if cursor:
        pos = decode_cursor(cursor, types)
        q = q.having(_keyset_after(order, [pos[k] for k in position]))
    rows, extra = _one_more(session.execute(q).all(), limit)
    items = [Count(key=str(r[0]), count=int(r[1])) for r in rows]
    next_cursor = None
    if extra is not None:
        last = rows[-1]
        values = {"count": int(last[1]), "key": str(last[0]), "id": int(last[2])}
        next_cursor = encode_cursor({k: values[k] for k in position})
    return Page(items=items, next_cursor=next_cursor)


class MarkedSpan(BaseModel):
    """A span of the article text and what it is (quote, claim, source, place)."""

    kind: Literal["quote", "claim", "source", "place"]
    start: int
    end: int
    label: str | None = None


class ArticleDetail(BaseModel):
    """An article with everything extraction found in it, spans into `text`."""

    id: int
    title: str
    text: str
    outlet: str | None
    published: dt.date | None
    url: str | None
    byline: str | None
    source_path: str | None
    version: int
    quotes: list[QuoteHit]
    claims: list[ClaimHit]
    sources: list[dict[str, Any]]
    places: list[dict[str, Any]]
    spans: list[MarkedSpan]


def article_detail(session: Session, article_id: int) -> ArticleDetail:
    """One article with its quotes, claims, sources and places; NotFoundError if absent."""
    art = session.get(m.Article, article_id)
    if art is None:
        raise NotFoundError(f"no article with id {article_id}")
    outlet = art.outlet.name if art.outlet else None
    quotes = _quote_hits(
        session, _quote_query().where(m.Quote.article_id == article_id).order_by(m.Quote.start)
    )
    claims = _all_claims(session, article_id)
    srcs = []
    spans: list[MarkedSpan] = []
    for sm, src in session.execute(
        select(m.SourceMention, m.Source)
        .join(m.Source, m.Source.id == m.SourceMention.source_id)
        .where(m.SourceMention.article_id == article_id)
        .order_by(m.SourceMention.id)
    ):
        srcs.append(
            {
                "id": src.id,
                "name": src.name,
                "kind": src.kind,
                "roles": sm.roles,
                "mentions": sm.spans,
            }
        )
        spans.extend(MarkedSpan(kind="source", start=a, end=b, label=src.name) for a, b in sm.spans)
    places = []
    for pmention, place in session.execute(
        select(m.PlaceMention, m.Place)
        .join(m.Place, m.Place.id == m.PlaceMention.place_id, isouter=True)
        .where(m.PlaceMention.article_id == article_id)
        .order_by(m.PlaceMention.start)
    ):
        places.append(
            {
                "text": pmention.text,
                "start": pmention.start,
                "end": pmention.end,
                "embedded": pmention.embedded,
                "demonym": pmention.demonym,
                "geonameid": place.geonameid if place else None,
                "name": place.name if place else None,
                "country_code": place.country_code if place else None,
            }
        )
        spans.append(
            MarkedSpan(
                kind="place",
                start=pmention.start,
                end=pmention.end,
                label=place.name if place else None,
            )
        )
    spans.extend(MarkedSpan(kind="quote", start=q.start, end=q.end, label=q.source) for q in quotes)
    spans.extend(MarkedSpan(kind="claim", start=c.start, end=c.end, label=c.source) for c in claims)
    spans.sort(key=lambda s: (s.start, -s.end, s.kind))
    return ArticleDetail(
        id=art.id,
        title=art.title,
        text=art.text,
        outlet=outlet,
        published=art.published,
        url=art.url,
        byline=art.byline,
        source_path=art.source_path,
        version=art.version,
        quotes=quotes,
        claims=claims,
        sources=srcs,
        places=places,
        spans=spans,
    )


def _quote_query() -> Select[m.Quote, str, str, str]:
    return (
        select(m.Quote, m.Article.title, m.Source.name, m.Source.kind)
        .join(m.Article, m.Article.id == m.Quote.article_id)
        .join(m.Source, m.Source.id == m.Quote.source_id, isouter=True)
    )


def _quote_hits(session: Session, q: Select[m.Quote, str, str, str]) -> list[QuoteHit]:
    return [
        QuoteHit(
            id=quote.id,
            article_id=quote.article_id,
            title=title,
            source_id=quote.source_id,
            source=name,
            source_kind=kind,
            text=quote.text,
            start=quote.start,
            end=quote.end,
            cue=quote.cue,
        )
        for quote, title, name, kind in session.execute(q)
    ]


def _all_claims(session: Session, article_id: int) -> list[ClaimHit]:
    q = (
        select(m.Claim, m.Article.title, m.Source.name)
        .join(m.Article, m.Article.id == m.Claim.article_id)
        .join(m.Source, m.Source.id == m.Claim.source_id, isouter=True)
        .where(m.Claim.article_id == article_id)
        .order_by(m.Claim.start)
    )
    return _claim_hits(session, session.execute(q).all())


def _claim_hits(session: Session, rows: Sequence[Any]) -> list[ClaimHit]:
    """Rows of (Claim, title, source name) to hits, quantities fetched in one query."""
    ids = [c.id for c, _, _ in rows]
    qty: dict[int, list[QuantityOut]] = {i: [] for i in ids}
    if ids:
        for row in session.scalars(
            select(m.Quantity).where(m.Quantity.claim_id.in_(ids)).order_by(m.Quantity.id)
        ):
            qty[row.claim_id].append(QuantityOut.model_validate(row, from_attributes=True))
    return [
        ClaimHit(
            id=c.id,
            article_id=c.article_id,
            title=title,
            kind=c.kind,
            act=c.act,
            source_id=c.source_id,
            source=name,
            content=c.content,
            start=c.start,
            end=c.end,
            cue=c.cue,
            hedge=c.hedge,
            quote_id=c.quote_id,
            quantities=qty[c.id],
        )
        for c, title, name in rows
    ]
