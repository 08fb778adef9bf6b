"""Bounded work on unbounded input: very long texts are attributed window by window.

Attribution reads each sentence against its neighbours, so its cost grows faster than the
text: a 10 MB paste with no sentence ends, or a thousand-page dump, would take hours. News
articles, even long-form ones, fit in one window and are read whole, exactly as before. Longer
texts are cut at paragraph and sentence ends into windows of at most WINDOW_CHARS, and a run
of more than LONG_RUN_CHARS without any sentence end (not prose) is cut at spaces into pieces
of its own. Results are shifted back to offsets in the whole text and their sources merged by
name, so the caller cannot tell, except that coreference does not cross windows.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from archive.schemas import Claim, Quantity, Quote, Source

WINDOW_CHARS = 60_000
LONG_RUN_CHARS = 5_000
_BREAK = re.compile(r"\n\s*\n|(?<=[.!?…”\"])\s+|\n")

Attribution = tuple[list[Source], list[Quote], list[Claim]]


def windows(text: str) -> list[tuple[int, int]]:
    """(start, end) windows covering `text`; one window for any text of article size."""
    if len(text) <= WINDOW_CHARS and not _has_long_run(text):
        return [(0, len(text))]
    pieces: list[tuple[int, int, bool]] = []  # start, end, is a cut-up long run
    start = 0
    for m in _BREAK.finditer(text):
        if m.end() > start:
            _add_piece(text, start, m.end(), pieces)
            start = m.end()
    if start < len(text):
        _add_piece(text, start, len(text), pieces)
    out: list[tuple[int, int]] = []
    cur_start, cur_end = 0, 0
    for a, b, long in pieces:
        if long or b - cur_start > WINDOW_CHARS:
            if cur_end > cur_start:
                out.append((cur_start, cur_end))
            cur_start = a
        cur_end = b
        if long:
            out.append((a, b))
            cur_start = b
    if cur_end > cur_start:
        out.append((cur_start, cur_end))
    return out


def _has_long_run(text: str) -> bool:
    # Every line break is (inside) a break, so a long run needs a long line: the common case
    # (no line that long) is settled by C-level splitting, without the regex scan.
    if len(text) <= LONG_RUN_CHARS or max(map(len, text.split("\n"))) <= LONG_RUN_CHARS:
        return False
    last = 0
    for m in _BREAK.finditer(text):
        if m.start() - last > LONG_RUN_CHARS:
            return True
        last = m.end()
    return len(text) - last > LONG_RUN_CHARS


def _add_piece(text: str, a: int, b: int, pieces: list[tuple[int, int, bool]]) -> None:
    if b - a <= LONG_RUN_CHARS:
        pieces.append((a, b, False))
        return
    while a < b:
        end = min(b, a + LONG_RUN_CHARS)
        if end < b:
            space = text.rfind(" ", a + 1, end)
            end = space + 1 if space > a else end
        pieces.append((a, end, True))
        a = end


def attribute_in_windows(text: str, attribute: Callable[[str], Attribution]) -> Attribution:
    """Run `attribute` over each window and merge the results into offsets of `text`."""
    spans = windows(text)
    if len(spans) == 1:
        return attribute(text)
    merged: dict[str, Source] = {}
    quotes: list[Quote] = []
    claims: list[Claim] = []
    for a, b in spans:
        sources, w_quotes, w_claims = attribute(text[a:b])
        local: dict[str, str] = {}
        for src in sources:
            key = src.name.casefold()
            shifted = [(s + a, e + a) for s, e in src.mentions]
            if key in merged:
                have = merged[key]
                have.mentions.extend(shifted)
                have.roles.extend(r for r in src.roles if r not in have.roles)
            else:
                merged[key] = src.model_copy(
                    update={
                        "id": f"S{len(merged) + 1}",
                        "mentions": shifted,
                        "roles": list(src.roles),
                    }
                )
            local[src.id] = merged[key].id
        first_quote = len(quotes)
        for q in w_quotes:
            quotes.append(
                q.model_copy(
                    update={
                        "start": q.start + a,
                        "end": q.end + a,
                        "source": local.get(q.source) if q.source else None,
                    }
                )
            )
        for c in w_claims:
            claims.append(
                c.model_copy(
                    update={
                        "start": c.start + a,
                        "end": c.end + a,
                        "cue_start": None if c.cue_start is None else c.cue_start + a,
                        "cue_end": None if c.cue_end is None else c.cue_end + a,
                        "source": local.get(c.source) if c.source else None,
                        "quote": None if c.quote is None else c.quote + first_quote,
                        "quantities": [_shift_quantity(q, a) for q in c.quantities],
                    }
                )
            )
    return list(merged.values()), quotes, claims


def _shift_quantity(q: Quantity, a: int) -> Quantity:
    return q.model_copy(
        update={
            "start": None if q.start is None else q.start + a,
            "end": None if q.end is None else q.end + a,
        }
    )
