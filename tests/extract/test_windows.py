"""Very long input is attributed window by window; articles are read whole, as before."""

from __future__ import annotations

import itertools

from archive.extract import extract_article
from archive.extract.windows import LONG_RUN_CHARS, WINDOW_CHARS, windows
from tests.conftest import FIXTURES

SEED = (FIXTURES / "aleppo-rt-2016.txt").read_text(encoding="utf-8")


def _contiguous(text: str, spans: list[tuple[int, int]]) -> None:
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    for (_, b), (c, _) in itertools.pairwise(spans):
        assert b == c


def test_an_article_is_one_window() -> None:
    assert windows(SEED) == [(0, len(SEED))]


def test_long_text_is_cut_at_paragraphs_into_bounded_windows() -> None:
    text = "\n\n".join([SEED] * 40)
    spans = windows(text)
    _contiguous(text, spans)
    assert len(spans) > 1
    assert all(b - a <= WINDOW_CHARS for a, b in spans)
    assert all(text[b - 1] in "\n. " or b == len(text) for _, b in spans)


def test_a_run_without_sentence_ends_is_cut_at_spaces() -> None:
    text = "Headline\n\n" + "word " * 10_000 + "\n\nA normal sentence. Another one.\n"
    spans = windows(text)
    _contiguous(text, spans)
    assert all(b - a <= LONG_RUN_CHARS for a, b in spans[:-1])


def test_windowed_extraction_keeps_offsets_and_merges_sources() -> None:
    text = "\n\n".join([SEED] * 30)
    result = extract_article(text)
    names = [s.name for s in result.sources]
    assert len(names) == len(set(n.casefold() for n in names))
    mistura = next(s for s in result.sources if s.name == "Staffan de Mistura")
    assert mistura.mentions[-1][0] > WINDOW_CHARS  # mentions from later windows joined
    for q in result.quotes:
        assert text[q.start : q.end] == q.text
        assert q.source is None or q.source in {s.id for s in result.sources}
    for c in result.claims:
        assert text[c.start : c.end] == c.content
        if c.quote is not None:
            assert result.quotes[c.quote].start >= c.start - 1000
    for s in result.sources:
        for a, b in s.mentions:
            assert 0 <= a < b <= len(text)
