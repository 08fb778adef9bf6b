"""Extraction: pure functions from article text to sources, quotes, claims and places.

Nothing here touches a database, the network or global mutable state, so the same function runs
in `archive extract`, in ingest worker processes and in tests. `extract_article` is the one entry
point; each capability lives in its own module.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Any

from archive.extract.settings import DEFAULT_SETTINGS, ExtractSettings
from archive.schemas import ExtractedArticle, Place

# Raised by hand when the meaning of the output changes (a new field, a new kind of claim);
# the fingerprint after "+" changes by itself whenever the rules or their data do.
EXTRACTOR_RELEASE = "0.4.0"

__all__ = [
    "EXTRACTOR_RELEASE",
    "EXTRACTOR_VERSION",
    "ExtractSettings",
    "code_fingerprint",
    "extract_article",
    "extractor_version",
]


@functools.cache
def extractor_version() -> str:
    """Which rules produced an article's extraction: "0.4.0+<12 hex>", stored on every article.

    The hex is a SHA-256 of this package's Python files, its data files and the gazetteer
    index's fingerprint (its builder, the packages it is built from, our tables), so any
    change to what extraction can output gives a new version and `archive reextract` finds
    the articles an older one produced. Hashing file contents, not times or paths, gives
    the same version in every process of one installation; computed on first use (about a
    millisecond), not at import.
    """
    from archive.extract.gazetteer_build import source_fingerprint

    return f"{EXTRACTOR_RELEASE}+{code_fingerprint(Path(__file__).parent, source_fingerprint())}"


def code_fingerprint(root: Path, gazetteer: str) -> str:
    """12 hex digits of a hash of the Python files and data files under `root` (names and
    contents, in a fixed order) and the gazetteer fingerprint."""
    h = hashlib.sha256(EXTRACTOR_RELEASE.encode())
    files = sorted(root.glob("*.py")) + sorted(p for p in (root / "data").rglob("*") if p.is_file())
    for p in files:
        h.update(p.relative_to(root).as_posix().encode() + b"\0")
        h.update(p.read_bytes())
    h.update(gazetteer.encode())
    return h.hexdigest()[:12]


def __getattr__(name: str) -> Any:
    # `EXTRACTOR_VERSION` reads files, so it is made when first asked for, not at import
    if name == "EXTRACTOR_VERSION":
        return extractor_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def extract_article(
    text: str,
    dateline: tuple[int, int, int] | None = None,
    settings: ExtractSettings = DEFAULT_SETTINGS,
) -> ExtractedArticle:
    """Extract sources, quotes, claims and places from one article's stored text.

    Offsets in the result index `text` exactly (Python str indices, end exclusive).
    `dateline` (from parsing: place start, place end, dateline end) marks the opening
    "ALEPPO, Syria (Reuters) -": its place is a place of the article even when written in
    capitals and named nowhere else, and it is no part of what the first sentence's source
    said. `settings` switches rules off or changes weights (ablation, experiments); the
    default is what the archive stores.
    """
    from archive.extract.attribution import extract_attribution
    from archive.extract.places import extract_places
    from archive.extract.windows import attribute_in_windows

    sources, quotes, claims = attribute_in_windows(
        text, lambda window: extract_attribution(window, settings)
    )
    places = extract_places(text, sources, settings)
    if dateline is not None:
        places = _with_dateline_place(text, dateline, places, settings)
        for c in claims:
            if (
                c.start < dateline[2] < c.end
                and c.quote is None
                and c.content == text[c.start : c.end]
            ):
                c.start = dateline[2]
                c.content = text[c.start : c.end]
    return ExtractedArticle(sources=sources, quotes=quotes, claims=claims, places=places)


def _with_dateline_place(
    text: str, dateline: tuple[int, int, int], places: list[Place], settings: ExtractSettings
) -> list[Place]:
    """Add the dateline's place when extraction did not find it: the capitals of "BEIRUT"
    are the dateline's convention, so the place is resolved as its title-case spelling
    ("Beirut", "St. Louis, Mo.") would be."""
    from archive.extract.places import extract_places

    a, b, _ = dateline
    if any(s < b and a < e for p in places for s, e in p.mentions):
        return places
    surface = text[a:b]
    spelled = surface.title() if surface.isupper() or surface.split(",")[0].isupper() else surface
    if len(spelled) != len(surface):
        return places
    by_id = {p.geonameid: p for p in places if p.geonameid is not None}
    out = list(places)
    # "in" makes the name a place reference, the rest of the article its context (the
    # country it is about); only mentions inside the dateline are taken
    cue = "in "
    for found in extract_places(cue + spelled + text[b:], (), settings):
        spans = [
            (a + s - len(cue), a + e - len(cue))
            for s, e in found.mentions
            if len(cue) <= s and e <= len(cue) + len(spelled)
        ]
        if not spans:
            continue
        same = by_id.get(found.geonameid) if found.geonameid is not None else None
        if same is not None:
            same.mentions = sorted([*same.mentions, *spans])
        else:
            found.mentions = spans
            found.embedded, found.demonym = [], []
            out.append(found)
    return out
