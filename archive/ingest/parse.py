"""Parsing decoded text into an article: headline, body, dateline, word count, identity hash.

The stored `text` is the string every extraction offset indexes. For a plain file in the
headline / blank line / paragraphs layout it is the file's text unchanged (after newline
normalization); when front matter supplies the title and the body does not start with it,
the text is built as title + blank line + body so the layout holds for every stored article.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

from archive.errors import IngestError
from archive.ingest.readers import RawDocument
from archive.schemas import ParsedArticle

MAX_HEADLINE_CHARS = 400
MAX_HEADLINE_LINES = 4
_WORD = re.compile(r"\w+(?:['’.-]\w+)*")
# "ALEPPO, Syria (Reuters) -", "WASHINGTON —", "LONDON, Oct 23 (AP) --"
_DATELINE = re.compile(
    r"^(?P<dateline>[A-Z][A-Z .'\-]{1,40}(?:,\s*[A-Z][A-Za-z .]{1,30})?"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?(?:\s*\([A-Za-z .]{2,30}\))?)\s*(?:—|–|--|-)\s+"
)


def content_hash(text: str) -> str:
    """Identity of an article: SHA-256 of its stored text with trailing whitespace trimmed.

    Trailing blank lines and a missing final newline do not make a new article.
    """
    return hashlib.sha256(text.rstrip().encode("utf-8")).hexdigest()


def count_words(text: str) -> int:
    """Words as stored in `articles.word_count` ("U.S.", "don't" and "al-Assad" are one)."""
    return len(_WORD.findall(text))


def parse_document(
    doc: RawDocument, *, require_headline: bool = True, with_word_count: bool = True
) -> ParsedArticle:
    """Turn a RawDocument into a ParsedArticle, or raise IngestError ("no headline", ...).

    `require_headline=False` (used by `archive extract`) accepts any text: a document that
    opens with a long block gets its first line, shortened, as title. Ingest passes
    `with_word_count=False` and counts only the articles it keeps: counting is the costliest
    step of parsing, and a re-ingest finds most files stored already.
    """
    meta = doc.metadata
    text = doc.text
    if not text.strip():
        raise IngestError(doc.path, "empty file (only whitespace)")
    front_title = _str(meta.get("title"))
    lead = text.lstrip("\n")
    first_block = lead.split("\n\n", 1)[0]
    first_line = first_block.split("\n", 1)[0].strip()
    if front_title and first_line != front_title.strip():
        text = front_title.strip() + "\n\n" + lead
        title = front_title.strip()
    else:
        text = lead
        lines = [ln.strip() for ln in first_block.split("\n") if ln.strip()]
        if not lines:
            raise IngestError(doc.path, "no headline: the file has no text before a blank line")
        too_long = len(first_block) > MAX_HEADLINE_CHARS or len(lines) > MAX_HEADLINE_LINES
        if too_long and not require_headline:
            title = lines[0] if len(lines[0]) <= 200 else lines[0][:200].rsplit(" ", 1)[0] + "…"
        elif too_long:
            raise IngestError(
                doc.path,
                f"no headline: the text opens with a {len(first_block):,}-character block of "
                f"{len(lines)} line(s); expected a headline line, a blank line, then paragraphs",
            )
        else:
            title = lines[0]
    body_start = text.find("\n\n")
    body = text[body_start + 2 :] if body_start != -1 else ""
    dateline = None
    m = _DATELINE.match(body.lstrip())
    if m:
        dateline = m.group("dateline").strip()
    return ParsedArticle(
        path=doc.path,
        title=title,
        text=text,
        content_hash=content_hash(text),
        outlet=_str(meta.get("outlet")),
        url=_str(meta.get("url")),
        published=_date(meta.get("published"), doc.path),
        author=_str(meta.get("author")),
        language=_str(meta.get("language")),
        dateline=dateline,
        word_count=count_words(text) if with_word_count else 0,
        encoding=doc.encoding,
    )


def _str(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    s = str(value).strip()
    return s or None


def _date(value: Any, path: str) -> dt.date | None:
    """Accept dates as YAML gives them or as ISO-like strings; a bad date is an error."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = str(value).strip()
    for candidate in (s, s[:10]):
        try:
            return dt.date.fromisoformat(candidate)
        except ValueError:
            pass
    for fmt in ("%Y/%m/%d", "%d/%m/%Y", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%Y%m%d"):
        try:
            return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            pass
    raise IngestError(path, f"unreadable published date {s!r} (use YYYY-MM-DD)")
