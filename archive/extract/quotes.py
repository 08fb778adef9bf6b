"""Quotation marks: where each verbatim quotation starts and ends.

Owns the typography, not the speakers. It pairs curly, straight and low-high double quotes
and guillemets (and the doubled apostrophes '' some archives use for double quotes); single
quotes are left alone, so words single-quoted inside a quotation stay part of it. A quotation
whose paragraph ends while it is still open continues when the next paragraph opens with a
quotation mark (the news convention for long quotes: every paragraph opened, only the last
closed); otherwise the mark is unbalanced and dropped at the paragraph boundary, so one stray
mark never swallows the rest of an article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Opening mark -> closing marks accepted for it.
_PAIRS: dict[str, str] = {
    "\u201c": "\u201d\u201c",  # “ ... ” (a “ typed for ” is common enough to accept)
    "\u201e": "\u201c\u201d",  # „ ... “
    "\u00ab": "\u00bb",  # « ... »
    '"': '"',
    "''": "''",
}
# A double mark, two straight apostrophes standing for one, or a line end. Written as one
# class first (a lone apostrophe then needs its twin) so the scan skips to candidates in C.
_MARK = re.compile(r"[\u201c\u201d\u201e\u00ab\u00bb\"\n'](?:(?<=')'|(?<!'))")
# The mark recorded for a quotation opened with “ and closed with a straight " .
MIXED_MARKS = '\u201c"'
_OPEN_ONLY = "\u201c\u201e\u00ab"
_CLOSE_ONLY = "\u201d\u00bb"
_BEFORE_OPEN = " \t\n([{\u2014\u2013-/:;,"


@dataclass(slots=True)
class Quotation:
    """One quotation: `start`/`end` index the words inside the marks (marks excluded).

    `open_at` is the index of the opening mark, `close_at` of the closing one, so
    text[open_at:close_at + width] is the quotation with its marks.
    """

    open_at: int
    start: int
    end: int
    close_at: int
    close_width: int
    paragraphs: int = 1
    mark: str = "\u201c"

    @property
    def outer_end(self) -> int:
        """Index just past the closing mark."""
        return self.close_at + self.close_width


def _opens_here(text: str, i: int, width: int) -> bool:
    """A symmetric mark opens when it stands before a word, after a space or bracket."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    # any space counts: web copy often sets a no-break space (U+00A0) between sentences
    opens_after = before in _BEFORE_OPEN or before in _OPEN_ONLY or before.isspace()
    return opens_after and not after.isspace()


def find_quotations(text: str) -> list[Quotation]:
    """All balanced double-mark quotations of `text`, in order.

    Runs in one regex scan over the marks; unbalanced marks are dropped at the paragraph end.
    """
    out: list[Quotation] = []
    open_mark: str | None = None
    open_at = -1
    paragraphs = 1
    pending_continuation = False  # paragraph ended inside a quotation
    line_start = 0
    inner_straight = False  # a straight pair opened inside a “ quotation
    for m in _MARK.finditer(text):
        mark = m.group()
        i = m.start()
        if mark == "\n":
            if open_mark is not None and not pending_continuation:
                pending_continuation = True
            line_start = i + 1
            continue
        if pending_continuation:
            # The first mark after a paragraph break decides: an opener at the start of the
            # new paragraph continues the quotation, anything else leaves it unbalanced.
            pending_continuation = False
            at_para_start = text[line_start:i].strip() == ""
            if at_para_start and (mark == open_mark or mark in _OPEN_ONLY):
                paragraphs += 1
                continue
            open_mark = None
        width = len(mark)
        if open_mark is None:
            inner_straight = False
            if mark in _CLOSE_ONLY and not _opens_here(text, i, width):
                continue  # stray closer
            if mark in _PAIRS and (mark in _OPEN_ONLY or _opens_here(text, i, width)):
                open_mark, open_at, paragraphs = mark, i, 1
            elif mark == "\u201d" and _opens_here(text, i, width):
                open_mark, open_at, paragraphs = "\u201c", i, 1  # ” typed for “
            continue
        closers = _PAIRS.get(open_mark, "\u201d")
        if (
            mark == '"'
            and open_mark == "\u201c"
            and (inner_straight or _opens_here(text, i, width))
        ):
            inner_straight = not inner_straight  # “ ... "nested" ... ”: a pair inside
            continue
        if mark == '"' and open_mark == "\u201c":
            # “ ... " : some outlets close a curly opening with a straight mark
            start = open_at + 1
            if i > start:
                out.append(Quotation(open_at, start, i, i, width, paragraphs, MIXED_MARKS))
            open_mark = None
            continue
        if open_mark == '"' and mark == "\u201d":
            # " ... ” : the same slip the other way round
            start = open_at + 1
            if i > start:
                out.append(Quotation(open_at, start, i, i, width, paragraphs, MIXED_MARKS))
            open_mark = None
            continue
        if mark in closers or (open_mark == "\u201d" and mark == "\u201d"):
            if mark == "\u201c" and _opens_here(text, i, width):
                open_at, paragraphs, inner_straight = i, 1, False  # the earlier one was stray
                continue
            start = open_at + len(open_mark)
            if i > start:
                out.append(Quotation(open_at, start, i, i, width, paragraphs, open_mark))
            open_mark = None
        elif mark in _OPEN_ONLY and open_mark not in ("''",):
            open_mark, open_at, paragraphs = mark, i, 1  # restart at a fresh opener
            inner_straight = False
    return out


def mask_quotations(text: str, quotations: list[Quotation], fill: str = "\x01") -> str:
    """`text` with each quotation's inner words replaced by `fill`, same length.

    Attribution patterns then run over the narrative only: a name inside someone's quote is
    not a speaker, and a quoted sentence end does not split the narrative sentence.
    """
    if not quotations:
        return text
    parts: list[str] = []
    pos = 0
    for q in quotations:
        parts.append(text[pos : q.start])
        parts.append(fill * (q.end - q.start))
        pos = q.end
    parts.append(text[pos:])
    return "".join(parts)


def word_count(text: str) -> int:
    """Words as a reader counts them (letters first; numbers alone do not count)."""
    return len(_WORDS.findall(text))


_WORDS = re.compile(r"[^\W\d_][\w'’.\-]*")
