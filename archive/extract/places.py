"""Places: toponyms resolved to the gazetteer (filled by the places issue)."""

from __future__ import annotations

from archive.schemas import Place


def extract_places(text: str) -> list[Place]:
    """Places one article's text mentions, with their spans."""
    return []
