"""ORM tables: the relational store of articles, sources, quotes, claims and places.

Only the store and query layers import this module; every other layer speaks the pydantic
models of `archive.schemas`. Constraint names follow one convention so Alembic migrations can
refer to them on SQLite (batch mode) and PostgreSQL alike.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    """Declarative base carrying the constraint naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Outlet(Base):
    """A publisher ("RT", "Breitbart"); articles point here so outlet filters use an index."""

    __tablename__ = "outlets"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    domain: Mapped[str | None] = mapped_column(String(200))


class Article(Base):
    """One version of one article; `text` is the string every span offset indexes."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlets.id"), index=True)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    byline: Mapped[str | None] = mapped_column(Text)
    dateline: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str | None] = mapped_column(String(20))
    source_path: Mapped[str | None] = mapped_column(Text, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    previous_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL"), index=True
    )
    encoding: Mapped[str | None] = mapped_column(String(40))
    # SHA-256 of the page an article was extracted from (HTML, a WARC record): re-ingesting
    # the same page is found by it before the costly main-text extraction; the page itself
    # is not stored.
    raw_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    # When a crawler fetched the page (a WARC record's WARC-Date), as distinct from published.
    crawled: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # The wire agency of a dateline ("Reuters" in "ALEPPO, Syria (Reuters) -").
    agency: Mapped[str | None] = mapped_column(String(100))
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)
    extractor_version: Mapped[str | None] = mapped_column(String(40))
    word_count: Mapped[int] = mapped_column(Integer, default=0)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("ingest_runs.id", ondelete="SET NULL"))

    outlet: Mapped[Outlet | None] = relationship()


class Source(Base):
    """One real-world source across the whole archive, found again by its normalized key."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="other", index=True)
    aliases: Mapped[list[Any]] = mapped_column(JSON, default=list)


class SourceWord(Base):
    """Each word of a source's key: "sources named with the word X" is an index range.

    A query for "Trump" must find "Donald Trump" and "Trump campaign" but not "Trumpeter";
    scanning every key with LIKE grows with the archive (tens of ms at 100,000 articles),
    the candidates from this table do not.
    """

    __tablename__ = "source_words"

    word: Mapped[str] = mapped_column(String(300), primary_key=True)
    # indexed alone too: deleting a source finds its words by it (archive reextract)
    source_id: Mapped[int] = mapped_column(
        ForeignKey("sources.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class SourceMention(Base):
    """A source in one article: the name and roles written there and every span."""

    __tablename__ = "source_mentions"
    __table_args__ = (
        UniqueConstraint("article_id", "source_id"),
        # "articles citing source X, newest first" reads this index alone
        Index("ix_source_mentions_source_article", "source_id", "article_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    local_id: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(300))
    role: Mapped[str | None] = mapped_column(Text)
    roles: Mapped[list[Any]] = mapped_column(JSON, default=list)
    spans: Mapped[list[Any]] = mapped_column(JSON, default=list)


class Quote(Base):
    """Verbatim words in quotation marks; `start`/`end` index the article text."""

    __tablename__ = "quotes"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int]
    end: Mapped[int]
    cue: Mapped[str | None] = mapped_column(String(100))


class Claim(Base):
    """An attributed statement; a direct claim points at its quote instead of copying it."""

    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)
    # indexed: deleting a quote finds the claims pointing at it (archive reextract)
    quote_id: Mapped[int | None] = mapped_column(
        ForeignKey("quotes.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10), index=True)
    # say | think | find | intend: what kind of attribution (schemas.ClaimAct)
    act: Mapped[str] = mapped_column(String(10), default="say", server_default="say", index=True)
    content: Mapped[str] = mapped_column(Text)
    start: Mapped[int]
    end: Mapped[int]
    cue: Mapped[str | None] = mapped_column(String(100))
    hedge: Mapped[str | None] = mapped_column(String(40))


class Quantity(Base):
    """A number a claim carries, so "claims about more than 1,000 casualties" is a query."""

    __tablename__ = "quantities"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    value: Mapped[float] = mapped_column(Float, index=True)
    unit: Mapped[str | None] = mapped_column(String(100), index=True)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int | None]
    end: Mapped[int | None]
    qualifier: Mapped[str | None] = mapped_column(String(40))
    approximate: Mapped[bool] = mapped_column(Boolean, default=False)


class Place(Base):
    """A gazetteer entry, one row per GeoNames id across the archive.

    Entries of our own table that GeoNames has no id for (the Persian Gulf, Eastern Ghouta,
    Donbas) are one row per name: they carry the country and coordinates a region query needs.
    """

    __tablename__ = "places"
    __table_args__ = (
        Index("ix_places_country_admin1", "country_code", "admin1"),
        Index(
            "ux_places_own_name",
            "name",
            unique=True,
            sqlite_where=sql_text("geonameid IS NULL"),
            postgresql_where=sql_text("geonameid IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    geonameid: Mapped[int | None] = mapped_column(Integer, unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    country_code: Mapped[str | None] = mapped_column(String(2))
    admin1: Mapped[str | None] = mapped_column(String(20))
    admin2: Mapped[str | None] = mapped_column(String(80))
    continent: Mapped[str | None] = mapped_column(String(2))
    feature_class: Mapped[str | None] = mapped_column(String(1))
    feature_code: Mapped[str | None] = mapped_column(String(10))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    population: Mapped[int | None] = mapped_column(BigInteger)


class PlaceMention(Base):
    """A place named in an article: span, surface text, and whether embedded or a demonym.

    The place's country and admin1 are copied here so "everything in Syria" is one index
    range on this table, not a join through every Syrian place.
    """

    __tablename__ = "place_mentions"
    __table_args__ = (
        Index("ix_place_mentions_place_article", "place_id", "article_id"),
        Index("ix_place_mentions_region_article", "country_code", "admin1", "article_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))
    country_code: Mapped[str | None] = mapped_column(String(2))
    admin1: Mapped[str | None] = mapped_column(String(20))
    start: Mapped[int]
    end: Mapped[int]
    text: Mapped[str] = mapped_column(String(200))
    embedded: Mapped[bool] = mapped_column(Boolean, default=False)
    demonym: Mapped[bool] = mapped_column(Boolean, default=False)


class IngestRun(Base):
    """What one `archive ingest` saw, added, skipped as duplicate, and failed on."""

    __tablename__ = "ingest_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(20), default="running")
    paths: Mapped[list[Any]] = mapped_column(JSON, default=list)
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    seen: Mapped[int] = mapped_column(Integer, default=0)
    added: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    extractor_version: Mapped[str | None] = mapped_column(String(40))


class IngestFailure(Base):
    """A file that did not become an article, with the reason a user can act on."""

    __tablename__ = "ingest_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("ingest_runs.id", ondelete="CASCADE"), index=True
    )
    path: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=_utcnow)
