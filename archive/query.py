"""Search and aggregation over the store: one filter model behind Python, CLI and HTTP.

A `Filters` value means the same thing whichever door it came through. Every filter becomes
a parameterized SQLAlchemy expression; user strings are only ever bound values.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Select, and_, exists, func, or_, select, text
from sqlalchemy.orm import Session

from archive import models as m
from archive.errors import QueryError
from archive.fulltext import parse, to_fts5, to_tsquery
from archive.store import source_key

MAX_PAGE = 500


class Filters(BaseModel):
    """Filters, combinable (AND). Unset fields do not filter."""

    model_config = ConfigDict(extra="forbid")

    source: str | None = Field(None, description="Source name or alias, any case or accents.")
    source_id: int | None = Field(None, description="Exact archive source id.")
    source_kind: Literal["person", "organization", "media", "government", "other"] | None = None
    outlet: str | None = Field(None, description="Outlet name (case-insensitive).")
    place: str | None = Field(None, description="A place and everything inside it.")
    text: str | None = Field(None, description='Full text: words, "phrases", AND/OR/NOT, pre*.')
    since: dt.date | None = Field(None, description="Published on or after.")
    until: dt.date | None = Field(None, description="Published on or before.")
    claim_kind: Literal["direct", "indirect", "mixed"] | None = None
    has_quantity: bool | None = None

    def described(self) -> dict[str, Any]:
        """The filters that are set, as plain JSON values (for reports and data packages)."""
        return self.model_dump(mode="json", exclude_none=True)


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


class SourceHit(BaseModel):
    """A source with how often and where it is quoted."""

    id: int
    name: str
    kind: str
    aliases: list[str]
    articles: int
    quotes: int


def source_ids_matching(session: Session, name: str) -> list[int]:
    """Sources whose normalized name or alias contains `name` as whole words.

    "de Mistura", "DE MISTURA" and "Staffan de Mistura" all find Staffan de Mistura.
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
    return list(session.scalars(select(m.Source.id).where(cond)))


def _like_escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _article_conditions(session: Session, f: Filters) -> list[Any]:
    conds: list[Any] = []
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
        sm = select(m.SourceMention.article_id)
        if f.source_id is not None:
            sm = sm.where(m.SourceMention.source_id == f.source_id)
        if f.source:
            sm = sm.where(m.SourceMention.source_id.in_(source_ids_matching(session, f.source)))
        if f.source_kind:
            sm = sm.where(
                m.SourceMention.source_id.in_(
                    select(m.Source.id).where(m.Source.kind == f.source_kind)
                )
            )
        conds.append(m.Article.id.in_(sm))
    if f.place:
        conds.append(m.Article.id.in_(_place_articles(f.place)))
    if f.claim_kind:
        conds.append(
            m.Article.id.in_(select(m.Claim.article_id).where(m.Claim.kind == f.claim_kind))
        )
    if f.has_quantity is not None:
        has = exists().where(m.Quantity.article_id == m.Article.id)
        conds.append(has if f.has_quantity else ~has)
    if f.text:
        conds.append(m.Article.id.in_(_fulltext_ids(session, f.text)))
    return conds


def _place_articles(name: str) -> Select[Any]:
    """Articles mentioning a place or anything inside it (a country finds its cities)."""
    needle = name.strip().lower()
    places = select(m.Place.id).where(func.lower(m.Place.name) == needle)
    countries = select(m.Place.country_code).where(
        func.lower(m.Place.name) == needle, m.Place.feature_code.like("PCL%")
    )
    codes = [needle.upper()] if len(needle) == 2 else []
    inside = select(m.Place.id).where(
        or_(m.Place.country_code.in_(countries), m.Place.country_code.in_(codes))
    )
    return select(m.PlaceMention.article_id).where(
        or_(m.PlaceMention.place_id.in_(places), m.PlaceMention.place_id.in_(inside))
    )


def _fulltext_ids(session: Session, query: str) -> Select[Any]:
    node = parse(query)
    if session.get_bind().dialect.name == "sqlite":
        return (
            select(text("rowid"))
            .select_from(text("articles_fts"))
            .where(text("articles_fts MATCH :fts").bindparams(fts=to_fts5(node)))
        )
    return select(m.Article.id).where(
        text("search_vector @@ to_tsquery('english', :tsq)").bindparams(tsq=to_tsquery(node))
    )


def _page(limit: int) -> int:
    if limit < 1 or limit > MAX_PAGE:
        raise QueryError(f"page size must be between 1 and {MAX_PAGE}, not {limit}")
    return limit


def search_articles(
    session: Session, f: Filters, *, limit: int = 20, after: int | None = None
) -> list[ArticleHit]:
    """Articles matching the filters, newest id first; `after` continues from a previous page."""
    q = (
        select(
            m.Article.id,
            m.Article.title,
            m.Outlet.name,
            m.Article.published,
            m.Article.url,
            m.Article.source_path,
        )
        .join(m.Outlet, m.Outlet.id == m.Article.outlet_id, isouter=True)
        .where(and_(True, *_article_conditions(session, f)))
        .order_by(m.Article.id.desc())
        .limit(_page(limit))
    )
    if after is not None:
        q = q.where(m.Article.id < after)
    rows = session.execute(q).all()
    ids = [r[0] for r in rows]
    counts = _counts(session, ids)
    return [
        ArticleHit(
            id=r[0],
            title=r[1],
            outlet=r[2],
            published=r[3],
            url=r[4],
            source_path=r[5],
            **counts.get(r[0], {}),
        )
        for r in rows
    ]


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


def search_quotes(
    session: Session, f: Filters, *, limit: int = 20, after: int | None = None
) -> list[QuoteHit]:
    """Quotes in matching articles; with a source filter, only that source's quotes."""
    q = (
        select(m.Quote, m.Article.title, m.Source.name, m.Source.kind)
        .join(m.Article, m.Article.id == m.Quote.article_id)
        .join(m.Source, m.Source.id == m.Quote.source_id, isouter=True)
        .order_by(m.Quote.id.desc())
        .limit(_page(limit))
    )
    conds = _article_conditions(session, f.model_copy(update={"source": None, "source_id": None}))
    if conds:
        q = q.where(and_(*conds))
    if f.source:
        q = q.where(m.Quote.source_id.in_(source_ids_matching(session, f.source)))
    if f.source_id is not None:
        q = q.where(m.Quote.source_id == f.source_id)
    if after is not None:
        q = q.where(m.Quote.id < after)
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


def search_sources(session: Session, f: Filters, *, limit: int = 20) -> list[SourceHit]:
    """Sources in matching articles, most quoted first."""
    article_conds = _article_conditions(
        session, f.model_copy(update={"source": None, "source_id": None, "source_kind": None})
    )
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
    q = (
        select(
            m.Source,
            func.count(func.distinct(sub.c.article_id)).label("articles"),
            func.coalesce(func.max(quote_counts.c.n), 0).label("quotes"),
        )
        .join(sub, sub.c.source_id == m.Source.id)
        .join(quote_counts, quote_counts.c.source_id == m.Source.id, isouter=True)
        .group_by(m.Source.id)
        .order_by(text("quotes DESC"), text("articles DESC"), m.Source.id)
        .limit(_page(limit))
    )
    if f.source:
        q = q.where(m.Source.id.in_(source_ids_matching(session, f.source)))
    if f.source_id is not None:
        q = q.where(m.Source.id == f.source_id)
    if f.source_kind:
        q = q.where(m.Source.kind == f.source_kind)
    return [
        SourceHit(
            id=src.id,
            name=src.name,
            kind=src.kind,
            aliases=list(src.aliases or []),
            articles=articles,
            quotes=quotes,
        )
        for src, articles, quotes in session.execute(q)
    ]
