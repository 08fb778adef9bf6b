"""Properties: any text extracts without error, spans index the text, output is deterministic."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from archive.extract.attribution import extract_attribution

# Text biased towards what the rules look at: marks, cue words, names, newlines, numbers.
_PIECES = st.sampled_from(
    [
        "“",
        "”",
        '"',
        "'",
        "''",
        "‘",
        "’",
        "«",
        "»",
        "„",
        "\n",
        "\n\n",
        ", ",
        ". ",
        ": ",
        " said ",
        " says ",
        " told ",
        "According to ",
        " according to ",
        "He ",
        "she ",
        "Mr. ",
        "Dr. ",
        "Anna Berg",
        "de Mistura",
        "the ministry",
        " reported that ",
        "over 16,000 people",
        "at least three",
        "scores of",
        "who ",
        ", who said ",
        "\x01",
    ]
)
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=40).map("".join)


def _check(text: str) -> None:
    sources, quotes, claims = extract_attribution(text)
    ids = {s.id for s in sources}
    for s in sources:
        for a, b in s.mentions:
            assert 0 <= a < b <= len(text)
    for q in quotes:
        assert text[q.start : q.end] == q.text
        assert q.source is None or q.source in ids
    for c in claims:
        assert text[c.start : c.end] == c.content
        assert c.source is None or c.source in ids
        assert c.quote is None or 0 <= c.quote < len(quotes)
        for qty in c.quantities:
            assert text[qty.start : qty.end] == qty.text


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_news_like_text(text: str) -> None:
    _check(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_unicode(text: str) -> None:
    _check(text)


@settings(max_examples=100, deadline=None)
@given(_TEXT)
def test_deterministic(text: str) -> None:
    first = extract_attribution(text)
    second = extract_attribution(text)
    assert [m.model_dump() for part in first for m in part] == [
        m.model_dump() for part in second for m in part
    ]
