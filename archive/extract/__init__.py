"""Extraction: pure functions from article text to sources, quotes, claims and places.

Nothing here touches a database, the network or global mutable state, so the same function runs
in `archive extract`, in ingest worker processes and in tests. `extract_article` is the one entry
point; each capability lives in its own module.
"""

from __future__ import annotations

from archive.schemas import ExtractedArticle

EXTRACTOR_VERSION = "0.3.0"

__all__ = ["EXTRACTOR_VERSION", "extract_article"]


def extract_article(text: str) -> ExtractedArticle:
    """Extract sources, quotes, claims and places from one article's stored text.

    Offsets in the result index `text` exactly (Python str indices, end exclusive).
    """
    from archive.extract.attribution import extract_attribution
    from archive.extract.places import extract_places
    from archive.extract.windows import attribute_in_windows

    sources, quotes, claims = attribute_in_windows(text, extract_attribution)
    return ExtractedArticle(
        sources=sources, quotes=quotes, claims=claims, places=extract_places(text, sources)
    )
