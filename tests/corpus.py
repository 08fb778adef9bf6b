"""A small archive with known extraction rows, written through the real Writer.

Extraction output is built by hand here so query tests do not depend on how well the
extractors do: they test that every door answers the same question the same way.
"""

from __future__ import annotations

import datetime as dt

from archive import Archive
from archive.ingest.parse import content_hash
from archive.schemas import (
    Claim,
    ExtractedArticle,
    ParsedArticle,
    Place,
    Quantity,
    Quote,
    Source,
)
from archive.store import Writer

ALEPPO = Place(
    name="Aleppo",
    geonameid=170063,
    country_code="SY",
    admin1="09",
    feature_class="P",
    feature_code="PPLA",
    lat=36.20124,
    lon=37.16117,
)
SYRIA = Place(
    name="Syria",
    geonameid=163843,
    country_code="SY",
    admin1="00",
    feature_class="A",
    feature_code="PCLI",
    lat=35.0,
    lon=38.0,
)
GENEVA = Place(
    name="Geneva",
    geonameid=2660646,
    country_code="CH",
    admin1="GE",
    feature_class="P",
    feature_code="PPLA",
    lat=46.20222,
    lon=6.14569,
)
PARIS = Place(
    name="Paris",
    geonameid=2988507,
    country_code="FR",
    admin1="11",
    feature_class="P",
    feature_code="PPLC",
    lat=48.85341,
    lon=2.3488,
)


def _span(text: str, needle: str) -> tuple[int, int]:
    i = text.index(needle)
    return i, i + len(needle)


def _place(p: Place, text: str, *needles: str) -> Place:
    return p.model_copy(update={"mentions": [_span(text, n) for n in needles]})


def _doc(
    path: str, outlet: str, published: dt.date, text: str, extracted: ExtractedArticle
) -> tuple[ParsedArticle, ExtractedArticle]:
    parsed = ParsedArticle(
        path=path,
        title=text.split("\n", 1)[0],
        text=text,
        content_hash=content_hash(text),
        outlet=outlet,
        published=published,
    )
    return parsed, extracted


def build(arc: Archive) -> dict[str, int]:
    """Fill `arc` with three articles; returns their ids by file name."""
    t1 = (
        "Envoy appalled by shelling in Aleppo\n\n"
        "UN envoy Staffan de Mistura said he was “appalled and shocked by the rockets”. "
        "State news agency SANA reported that chlorine gas shells hit Aleppo, and 36 cases "
        "of suffocation were treated."
    )
    t2 = (
        "Talks in Geneva stall\n\n"
        "De Mistura told reporters in Geneva that “progress is slow” on Syria. "
        "Officials said more than 1,200 people had fled."
    )
    t3 = (
        "Paris climate deal holds\n\n"
        "The French minister said the agreement was “a turning point for the planet”."
    )
    q1 = _span(t1, "appalled and shocked by the rockets")
    c1 = _span(t1, "chlorine gas shells hit Aleppo, and 36 cases of suffocation were treated")
    n1 = _span(t1, "36 cases")
    e1 = ExtractedArticle(
        sources=[
            Source(
                id="S1",
                name="Staffan de Mistura",
                kind="person",
                roles=["UN envoy"],
                mentions=[_span(t1, "Staffan de Mistura")],
            ),
            Source(
                id="S2",
                name="SANA",
                kind="media",
                roles=["State news agency"],
                mentions=[_span(t1, "SANA")],
            ),
        ],
        quotes=[Quote(start=q1[0], end=q1[1], text=t1[q1[0] : q1[1]], source="S1", cue="said")],
        claims=[
            Claim(
                kind="direct",
                start=q1[0],
                end=q1[1],
                content=t1[q1[0] : q1[1]],
                source="S1",
                cue="said",
                quote=0,
            ),
            Claim(
                kind="indirect",
                start=c1[0],
                end=c1[1],
                content=t1[c1[0] : c1[1]],
                source="S2",
                cue="reported",
                quantities=[
                    Quantity(value=36, unit="cases", text="36 cases", start=n1[0], end=n1[1])
                ],
            ),
        ],
        places=[_place(ALEPPO, t1, "Aleppo")],
    )
    q2 = _span(t2, "progress is slow")
    c2 = _span(t2, "more than 1,200 people had fled")
    n2 = _span(t2, "more than 1,200 people")
    e2 = ExtractedArticle(
        sources=[
            Source(id="S1", name="De Mistura", kind="person", mentions=[_span(t2, "De Mistura")])
        ],
        quotes=[Quote(start=q2[0], end=q2[1], text=t2[q2[0] : q2[1]], source="S1", cue="told")],
        claims=[
            Claim(
                kind="mixed",
                start=q2[0] - 30,
                end=q2[1],
                content=t2[q2[0] - 30 : q2[1]],
                source="S1",
                cue="told",
                quote=0,
            ),
            Claim(
                kind="indirect",
                start=c2[0],
                end=c2[1],
                content=t2[c2[0] : c2[1]],
                source=None,
                cue="said",
                quantities=[
                    Quantity(
                        value=1200,
                        unit="people",
                        text=t2[n2[0] : n2[1]],
                        start=n2[0],
                        end=n2[1],
                        qualifier="more than",
                    )
                ],
            ),
        ],
        places=[_place(GENEVA, t2, "Geneva"), _place(SYRIA, t2, "Syria")],
    )
    q3 = _span(t3, "a turning point for the planet")
    e3 = ExtractedArticle(
        sources=[
            Source(
                id="S1",
                name="French minister",
                kind="government",
                mentions=[_span(t3, "The French minister")],
            )
        ],
        quotes=[Quote(start=q3[0], end=q3[1], text=t3[q3[0] : q3[1]], source="S1", cue="said")],
        claims=[
            Claim(
                kind="direct",
                start=q3[0],
                end=q3[1],
                content=t3[q3[0] : q3[1]],
                source="S1",
                cue="said",
                quote=0,
            )
        ],
        places=[_place(PARIS, t3, "Paris")],
    )
    docs = [
        _doc("aleppo.txt", "RT", dt.date(2016, 10, 30), t1, e1),
        _doc("geneva.txt", "Reuters", dt.date(2016, 11, 2), t2, e2),
        _doc("paris.txt", "Reuters", dt.date(2016, 12, 12), t3, e3),
    ]
    with arc.sessions.begin() as s:
        result = Writer("test").write_batch(s, docs)
    assert len(result.added_ids) == 3
    return {
        d[0].path: h.id
        for d in docs
        for h in list(arc.search(limit=10))
        if h.source_path == d[0].path
    }
