"""Pydantic models for data that crosses a layer border.

Extraction returns these (it never sees the database); the store converts them to ORM rows and
the query layer converts rows back into result models. Field names follow the JSON contract of
DESIGN.md section 4.1, because `archive extract --format jsonl` prints them as they are.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Span = tuple[int, int]
SourceKind = Literal["person", "organization", "media", "government", "other"]
ClaimKind = Literal["direct", "indirect", "mixed"]
# say: spoken or written; think: believed, known, felt; find: what a study or data shows;
# intend: what a source plans, wants or refuses to do.
ClaimAct = Literal["say", "think", "find", "intend"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(_Model):
    """A source an article quotes or cites; `id` is local to one article ("S1", "S2", ...)."""

    id: str
    name: str
    kind: SourceKind = "other"
    roles: list[str] = Field(default_factory=list)
    mentions: list[Span] = Field(default_factory=list)


class Quote(_Model):
    """Verbatim words inside quotation marks (marks excluded) and who said them."""

    start: int
    end: int
    text: str
    source: str | None = None
    cue: str | None = None


class Quantity(_Model):
    """A number a claim carries; `qualifier` keeps "over", "at least", "about", "up to"."""

    value: float
    unit: str | None = None
    text: str
    start: int | None = None
    end: int | None = None
    qualifier: str | None = None
    approximate: bool = False


class Claim(_Model):
    """A statement the article attributes to a source (or to nobody named)."""

    kind: ClaimKind
    act: ClaimAct = "say"
    start: int
    end: int
    content: str
    source: str | None = None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    hedge: str | None = None
    quote: int | None = None  # index into `quotes` when the claim is (or contains) a direct quote
    quantities: list[Quantity] = Field(default_factory=list)


class Place(_Model):
    """A gazetteer entry the article mentions, with the spans that mention it."""

    name: str
    geonameid: int | None = None
    country_code: str | None = None
    admin1: str | None = None
    admin2: str | None = None  # GeoNames admin2 code (a US county's FIPS code)
    continent: str | None = None  # GeoNames continent code: AF AS EU NA OC SA AN
    feature_class: str | None = None
    feature_code: str | None = None
    lat: float | None = None
    lon: float | None = None
    population: int | None = None
    mentions: list[Span] = Field(default_factory=list)
    embedded: list[Span] = Field(default_factory=list)
    demonym: list[Span] = Field(default_factory=list)


class ExtractedArticle(_Model):
    """Everything extraction finds in one article's text."""

    sources: list[Source] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)


class ParsedArticle(_Model):
    """An article after reading and parsing, before extraction: what the store keeps as text."""

    path: str
    title: str
    text: str
    content_hash: str
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    author: str | None = None
    language: str | None = None
    dateline: str | None = None
    # Where the dateline's place stands in `text`, and where the whole dateline (place, date,
    # agency, dash) ends: extraction resolves the place and keeps claims from starting in it.
    dateline_span: tuple[int, int, int] | None = None
    agency: str | None = None
    word_count: int = 0
    encoding: str = "utf-8"
    raw_hash: str | None = None
    crawled: dt.datetime | None = None
