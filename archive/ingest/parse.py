"""Parsing decoded text into an article: headline, body, dateline, word count, identity hash.

The stored `text` is the string every extraction offset indexes. For a plain file in the
headline / blank line / paragraphs layout it is the file's text unchanged (after newline
normalization); when front matter supplies the title and the body does not start with it,
the text is built as title + blank line + body so the layout holds for every stored article.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import re
from collections.abc import Iterator
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


# "By Anne Barnard and Hwaida Saad", "By JOHN SMITH, Reuters", "By Jane Doe | AP"
_BYLINE = re.compile(r"^\s*by[:\s]\s*(?P<names>[^\n]{3,160}?)\s*$", re.I)
_NAME_PART = re.compile(
    r"^(?:[A-Z][\w'’.-]*|(?:de|del|della|van|von|der|den|da|di|du|al|el|bin|ibn|la|le)\b)"
    r"(?:\s+(?:[A-Z][\w'’.-]*|de|del|della|van|von|der|den|da|di|du|al|el|bin|ibn|la|le))"
    r"{1,4}$"
)
_NAME_SPLIT = re.compile(r"\s*(?:,\s*and\s+|,\s*|\s+and\s+|\s*&\s*|\s*\|\s*)")
# Wire agencies as bylines and datelines name them.
_AGENCIES = frozenset(
    [
        "reuters",
        "ap",
        "the associated press",
        "associated press",
        "afp",
        "agence france-presse",
        "agence france presse",
        "upi",
        "dpa",
        "xinhua",
        "tass",
        "interfax",
        "ansa",
        "efe",
        "kyodo",
        "pti",
        "ians",
        "bloomberg",
        "anadolu",
        "anadolu agency",
        "yonhap",
        "pa",
        "pa media",
        "aap",
        "cp",
        "the canadian press",
        "bernama",
        "antara",
        "irna",
        "sana",
        "wafa",
        "mena",
        "sputnik",
        "ria novosti",
    ]
)


# The same, matched where a block starts inside the text.
_DATELINE_AT = re.compile(_DATELINE.pattern.removeprefix("^"))


def parse_byline(line: str) -> tuple[list[str], str | None] | None:
    """Authors and wire agency of a byline line, or None when the line is not a byline.

    A byline is "By" and names only (each two to five capitalised words, particles allowed),
    joined by commas, "and" or "&", optionally ending in an agency: a sentence that happens to
    start with "By" ("By Sunday the convoy had left") has other words and is not one.
    """
    m = _BYLINE.match(line)
    if not m:
        return None
    names: list[str] = []
    agency = None
    for part in _NAME_SPLIT.split(m.group("names").strip().rstrip(".")):
        part = part.strip()
        if not part:
            continue
        if part.lower() in _AGENCIES:
            agency = agency or part
            continue
        if not _NAME_PART.match(part) or len(part) > 60:
            return None
        names.append(part.title() if part.isupper() else part)
    if not names and agency is None:
        return None
    return names, agency


def split_dateline(dateline: str) -> tuple[str, str | None]:
    """ "ALEPPO, Syria (Reuters)" -> ("ALEPPO, Syria", "Reuters"); a date in the parentheses
    or none leaves the agency empty."""
    m = re.match(r"^(?P<place>.*?)\s*\((?P<paren>[^)]*)\)\s*$", dateline)
    if not m:
        return dateline.strip(), None
    paren = m.group("paren").strip()
    if not paren or re.search(r"\d", paren):
        return m.group("place").strip(), None
    return m.group("place").strip(), paren


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
    headless = False
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
            title = _title_from_text(lines)
            headless = True
        elif too_long:
            raise IngestError(
                doc.path,
                f"no headline: the text opens with a {len(first_block):,}-character block of "
                f"{len(lines)} line(s); expected a headline line, a blank line, then paragraphs",
            )
        else:
            title = lines[0]
        if not require_headline and (parse_byline(title) or _DATELINE.match(title)):
            # text without a headline that opens with its byline or dateline
            title = _title_from_text([ln.strip() for ln in text.split("\n") if ln.strip()][:2])
            headless = True
    body_start = text.find("\n\n")
    # Lines under the headline in its own block, then the first paragraphs: where bylines
    # and datelines stand (read in place: a re-ingest parses every file, so no copies).
    authors: list[str] = []
    agency = None
    dateline = None
    dateline_span = None
    head = None if headless or body_start == -1 else (0, body_start)
    first = 0 if headless else (body_start + 2 if body_start != -1 else len(text))
    for a, b in _opening_blocks(text, head, first):
        if b - a <= 200 and "\n" not in text[a:b]:
            byline = parse_byline(text[a:b])
            if byline is not None:
                if not authors:
                    authors = byline[0]
                agency = agency or byline[1]
                continue
        m = _DATELINE_AT.match(text, a, b)
        if m:
            dateline, dateline_agency = split_dateline(m.group("dateline").strip())
            agency = dateline_agency or agency
            if dateline:
                dateline_span = (a, a + len(dateline), m.end())
        break
    author = _str(meta.get("author")) or (", ".join(authors) if authors else None)
    published = _date(meta.get("published"), doc.path)
    crawled = meta.get("crawled")
    if published is None and isinstance(crawled, dt.datetime):
        published = crawled.date()  # a crawled page that states no date: when it was fetched
    return ParsedArticle(
        path=doc.path,
        title=title,
        text=text,
        content_hash=content_hash(text),
        outlet=_str(meta.get("outlet")),
        url=_str(meta.get("url")),
        published=published,
        author=author,
        language=_str(meta.get("language")),
        dateline=dateline,
        dateline_span=dateline_span,
        agency=agency,
        word_count=count_words(text) if with_word_count else 0,
        encoding=doc.encoding,
        raw_hash=_str(meta.get("raw_hash")),
        crawled=crawled if isinstance(crawled, dt.datetime) else None,
    )


def stored_dateline_span(text: str, dateline: str | None) -> tuple[int, int, int] | None:
    """The dateline span parsing found, recovered from a stored article's text and dateline.

    Only the dateline's words are stored, not where they stand; extraction needs the span
    (`extract_article`), so re-extracting a stored article finds it again where parsing
    looks (the lines under the headline, then the opening paragraphs; or, for a text
    without a headline, from its start) and takes it only when it reads as the stored one.
    """
    if not dateline:
        return None
    body_start = text.find("\n\n")
    layouts: list[tuple[tuple[int, int] | None, int]] = [(None, 0)]
    if body_start != -1:
        layouts.insert(0, ((0, body_start), body_start + 2))
    for head, first in layouts:
        for a, b in _opening_blocks(text, head, first):
            found = _DATELINE_AT.match(text, a, b)
            if found and split_dateline(found.group("dateline").strip())[0] == dateline:
                return (a, a + len(dateline), found.end())
    return None


def _opening_blocks(
    text: str, head: tuple[int, int] | None, start: int
) -> Iterator[tuple[int, int]]:
    """(start, end) of each line under the headline line in the headline's block, then of
    the first three paragraphs from `start`, leading whitespace and empty blocks skipped."""
    if head is not None:
        a, b = head
        pos = text.find("\n", a, b)
        while pos != -1:
            nxt = text.find("\n", pos + 1, b)
            yield from _trimmed(text, pos + 1, b if nxt == -1 else nxt)
            pos = nxt
    pos, n = start, 0
    while n < 3 and pos < len(text):
        end = text.find("\n\n", pos)
        end = len(text) if end == -1 else end
        for span in _trimmed(text, pos, end):
            yield span
            n += 1
        pos = end + 2


def _trimmed(text: str, a: int, b: int) -> Iterator[tuple[int, int]]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if a < b:
        yield a, b


def _title_from_text(lines: list[str]) -> str:
    """A title for text that has no headline line: its first line, shortened, passing over
    a byline and a dateline ("By Jane Doe", "BEIRUT (AP) —"), which are not what it is about."""
    first = lines[0]
    if len(lines) > 1 and parse_byline(first) is not None:
        first = lines[1]
    m = _DATELINE.match(first)
    if m and m.end() < len(first):
        first = first[m.end() :]
        first = first[:1].upper() + first[1:]
    return first if len(first) <= 200 else first[:200].rsplit(" ", 1)[0] + "…"


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
    try:  # RSS and e-mail dates: "Sun, 23 Oct 2016 08:00:00 GMT"
        return email.utils.parsedate_to_datetime(s).date()
    except (TypeError, ValueError, IndexError):
        pass
    if isinstance(value, int | float) and 10**8 < value < 10**11:  # Unix seconds in a dump
        return dt.datetime.fromtimestamp(value, dt.UTC).date()
    raise IngestError(path, f"unreadable published date {s!r} (use YYYY-MM-DD)")
