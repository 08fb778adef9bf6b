"""The formats news comes in: web pages, crawl archives (WARC), JSON records and tables.

Plain text files stay with `readers.read_document`. Everything else becomes the same
`RawDocument` (text + metadata) before parsing, so every format goes through one pipeline with
the same guarantees. Files holding many articles (WARC, JSON lists, JSON lines, tables) are
streamed record by record: each record is its own unit of work, named by the file and where in
it the record sits (`news.jsonl#L12`, `items.json#3`, `table.csv#R5`, `crawl.warc.gz@1234`), so
a bad record is a named failure and the others go on.
"""

from __future__ import annotations

import codecs
import contextlib
import copy
import csv
import datetime as dt
import functools
import gzip
import hashlib
import io
import json
import re
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from archive.errors import IngestError
from archive.ingest.readers import RawDocument, decode_bytes, normalize_newlines

FORMATS = ("auto", "text", "html", "warc", "json", "jsonl", "table")
# Formats whose files hold many articles: the parent process streams their records.
CONTAINER_FORMATS = frozenset(["warc", "json", "jsonl", "table"])
TEXT_SUFFIXES = frozenset([".txt", ".text"])
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
WARC_SUFFIXES = (".warc", ".warc.gz", ".warc.gzip")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
JSON_SUFFIXES = (".json", ".json.gz")
TABLE_SUFFIXES = (".csv", ".tsv", ".parquet", ".csv.gz", ".tsv.gz")
# A whole JSON document is parsed at once; past this, JSON lines is the format to use.
MAX_JSON_FILE_BYTES = 1024 * 1024 * 1024

# Field names of common scrapers and dataset dumps, in order of preference, for each of our
# keys: news-please (maintext, date_publish, source_domain), newspaper4k and trafilatura JSON
# (text, authors, date, sitename), Common Crawl news dumps (text, domain, date), schema.org
# NewsArticle (articleBody, headline, datePublished), RSS (pubDate, link, creator).
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "text": (
        "maintext",
        "text",
        "content",
        "body",
        "article_body",
        "articlebody",
        "article",
        "full_text",
        "fulltext",
        "story",
    ),
    "html": ("html", "raw_html", "content_html"),
    "title": ("title", "headline", "heading"),
    "published": (
        "date_publish",
        "published",
        "date",
        "publish_date",
        "published_date",
        "publication_date",
        "date_published",
        "datepublished",
        "published_at",
        "pubdate",
        "pub_date",
    ),
    "author": ("authors", "author", "byline", "creator", "creators"),
    "url": ("url", "link", "canonical_url", "uri", "article_url"),
    "outlet": (
        "outlet",
        "source_domain",
        "site_name",
        "sitename",
        "publisher",
        "publication",
        "source",
        "domain",
        "hostname",
    ),
    "language": ("language", "lang", "locale"),
}
FIELD_KEYS = tuple(FIELD_ALIASES)


def parse_field_mapping(specs: Sequence[str]) -> dict[str, str]:
    """`["text=article_body", "published=pubDate"]` -> {"text": "article_body", ...}."""
    mapping: dict[str, str] = {}
    for spec in specs:
        key, sep, column = spec.partition("=")
        key, column = key.strip().lower(), column.strip()
        if key == "date":
            key = "published"
        if key == "authors":
            key = "author"
        if not sep or not column or key not in FIELD_ALIASES:
            raise ValueError(
                f"--field {spec!r}: expected KEY=NAME with KEY one of {', '.join(FIELD_KEYS)}"
            )
        mapping[key] = column
    return mapping


@dataclass(slots=True)
class Unit:
    """One document's work, small enough to send to a worker process.

    `kind` is "file" (the worker reads `path`, a text or HTML file), "html" (`data` holds a
    page's bytes, from a WARC record or a record's HTML field) or "text" (`data` holds an
    article's text from a JSON record or a table row, `meta` its fields).
    """

    path: str
    kind: str
    fmt: str = "auto"
    data: bytes | str | None = None
    meta: dict[str, Any] | None = None
    charset: str | None = None


# --- choosing the format -------------------------------------------------------------------


def is_text_name(name: str) -> bool:
    """`.txt` / `.text`: plain text, told without a Path (the common case, kept cheap)."""
    return name[-4:].lower() == ".txt" or name[-5:].lower() == ".text"


def format_by_name(path: Path) -> str | None:
    """The format a file's name says, or None when the name does not tell."""
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(JSON_SUFFIXES):
        return "json"
    if name.endswith(TABLE_SUFFIXES):
        return "table"
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if path.suffix.lower() in TEXT_SUFFIXES:
        return "text"
    return None


def container_format(path: Path, override: str = "auto") -> str | None:
    """The many-article format of a file (warc, json, jsonl, table), or None for one document.

    By name first; a file whose name does not tell (no extension, `.gz`) is sniffed by its
    first bytes for a WARC header, gzip-compressed or not.
    """
    if override != "auto":
        return override if override in CONTAINER_FORMATS else None
    if is_text_name(path.name):
        return None
    by_name = format_by_name(path)
    if by_name is not None:
        return by_name if by_name in CONTAINER_FORMATS else None
    try:
        with path.open("rb") as fh:
            head = fh.read(64)
            if head.startswith(b"\x1f\x8b"):
                fh.seek(0)
                with gzip.open(fh) as gz:
                    head = gz.read(64)
    except (OSError, EOFError, gzip.BadGzipFile):
        return None
    if head.startswith(b"WARC/"):
        return "warc"
    return None


_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head)\b", re.I | re.S
)


def looks_like_html(data: bytes) -> bool:
    """A web page rather than text: it opens with a doctype, <html> or <head>."""
    head = data[:2048]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    return bool(_HTML_START.match(head))


# --- web pages -------------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
# WHATWG: pages that declare Latin-1 or ASCII are decoded as Windows-1252.
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
}


def charset_of(content_type: str | None) -> str | None:
    """The charset parameter of an HTTP Content-Type header."""
    if not content_type:
        return None
    m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:\-]+)", content_type, re.I)
    return m.group(1) if m else None


def decode_html(data: bytes, path: str, declared: str | None = None) -> tuple[str, str]:
    """A page's text and encoding: a byte-order mark, then the HTTP charset, then the page's
    own `<meta charset>`, then the same detection as text files."""
    if not data:
        raise IngestError(path, "empty page")
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        m = _META_CHARSET.search(data[:4096])
        for name in (declared, m.group(1).decode("ascii", "replace") if m else None):
            if not name:
                continue
            name = _CHARSET_ALIASES.get(name.strip().lower(), name.strip())
            try:
                codec = codecs.lookup(name).name
                return data.decode(codec), codec
            except (LookupError, UnicodeDecodeError):
                continue
    return decode_bytes(data, path)


def raw_hash(data: bytes | str) -> str:
    """Identity of a page as received (SHA-256 of its bytes)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def html_document(
    data: bytes | str,
    path: str,
    *,
    url: str | None = None,
    charset: str | None = None,
) -> RawDocument:
    """The article of a web page: its main text (paragraphs as blank-line separated blocks,
    without navigation, comments, related links or banners) and the metadata the page states
    in JSON-LD, OpenGraph or <meta> (title, authors, date, site name, canonical URL, language).

    trafilatura finds the main text; a page in which it finds none is an error, not an empty
    article.
    """
    from trafilatura import bare_extraction
    from trafilatura.htmlprocessing import prune_unwanted_nodes
    from trafilatura.utils import load_html

    if isinstance(data, bytes):
        html, encoding = decode_html(data, path, charset)
    else:
        html, encoding = data, "utf-8"
    tree = load_html(html)
    if tree is None:
        raise IngestError(path, "not an HTML page that can be parsed")
    language = _page_language(tree)
    # the metadata first, read from the tree as parsed (bare_extraction works on a copy)
    doc = _page_metadata(tree, url)
    # pruned here, with an XPath compiled once (bare_extraction would compile it per page)
    prune_unwanted_nodes(tree, [_prune_xpath()])
    body = bare_extraction(tree, options=_extractor(url or doc.url))
    text = getattr(body, "text", None) if body is not None else None
    if not text or not text.strip():
        raise IngestError(path, "no article text found in the page")
    title = (doc.title or "").strip() or None
    lines = [" ".join(line.split()) for line in normalize_newlines(text).split("\n")]
    lines = [line for line in lines if line]
    if title and lines and lines[0] == " ".join(title.split()):
        lines = lines[1:]  # the headline printed above the article, already the title
    if not lines:
        raise IngestError(path, "no article text found in the page (only a headline)")
    meta: dict[str, Any] = {}
    if title:
        meta["title"] = " ".join(title.split())
    author = (doc.author or "").strip()
    if author:
        meta["author"] = ", ".join(a.strip() for a in author.split(";") if a.strip())
    if doc.date:
        meta["published"] = doc.date
    outlet = (doc.sitename or doc.hostname or "").strip()
    if outlet:
        meta["outlet"] = outlet
    page_url = (doc.url or url or "").strip()
    if page_url:
        meta["url"] = page_url
    if language:
        meta["language"] = language
    return RawDocument(path=path, text="\n\n".join(lines) + "\n", encoding=encoding, metadata=meta)


# Pull quotes repeat a sentence of the article in large type: kept, the sentence would be
# stored (and its quote extracted) twice. Every class tested holds "pull": that cheap test
# first, so the rest is evaluated on a few elements, not on each of the page's.
_PRUNE = (
    "//*[contains(@class, 'pull')]"
    "[contains(concat(' ', normalize-space(@class), ' '), ' pullquote ')"
    " or contains(@class, 'pull-quote') or contains(@class, 'wp-block-pullquote')]"
)


@functools.cache
def _prune_xpath() -> Any:
    from lxml.etree import XPath

    return XPath(_PRUNE)


@functools.cache
def _base_extractor() -> Any:
    """trafilatura's options, made once: building them reads its config file's values."""
    from trafilatura.settings import Extractor, set_date_params

    return Extractor(
        output_format="python",
        fast=True,
        comments=False,
        tables=True,
        images=False,
        dedup=False,
        with_metadata=False,
        # the date the page states (JSON-LD, meta, <time>), the original not the modified
        # one; never a guess from the text ("(c) 2016" is not a publication date)
        date_params=set_date_params(extensive=False),
    )


def _extractor(url: str | None) -> Any:
    options = copy.copy(_base_extractor())
    options.url = url
    options.source = url
    return options


def _page_metadata(tree: Any, url: str | None) -> Any:
    """trafilatura's metadata of a page: the steps of its `extract_metadata` (2.x) in the
    same order, without those whose fields we do not store (categories, tags, licence),
    which took a third of its time. Same title, authors, date, site name and URL."""
    from trafilatura.metadata import (
        META_URL,
        examine_meta,
        extract_author,
        extract_domain,
        extract_meta_json,
        extract_sitename,
        extract_title,
        extract_url,
        find_date,
    )

    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None
    with contextlib.suppress(Exception):  # trafilatura's JSON-LD reader on a malformed block
        metadata = extract_meta_json(tree, metadata)
    if not metadata.title:
        metadata.title = extract_title(tree)
    if not metadata.author:
        metadata.author = extract_author(tree)
    if not metadata.url:
        metadata.url = extract_url(tree, url)
    if metadata.url:
        metadata.hostname = extract_domain(metadata.url, fast=True)
    date_params = dict(_base_extractor().date_params)
    date_params["url"] = metadata.url
    metadata.date = find_date(tree, **date_params)
    if not metadata.sitename:
        metadata.sitename = extract_sitename(tree)
    if metadata.sitename:
        metadata.sitename = metadata.sitename.lstrip("@")
        if (
            metadata.sitename
            and "." not in metadata.sitename
            and not metadata.sitename[0].isupper()
        ):
            metadata.sitename = metadata.sitename.title()
    elif metadata.url:
        m = META_URL.match(metadata.url)
        if m:
            metadata.sitename = m[1]
    metadata.clean_and_trim()  # entities decoded, spaces and control characters removed
    return metadata


def _page_language(tree: Any) -> str | None:
    """`<html lang>`, else `<meta http-equiv="content-language">` or `og:locale`."""
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not lang:
        for el in tree.iterfind(".//meta"):
            key = (el.get("http-equiv") or el.get("property") or el.get("name") or "").lower()
            if key in ("content-language", "og:locale", "language", "dc.language"):
                lang = el.get("content")
                if lang:
                    break
    if not lang:
        return None
    lang = lang.strip().split(",")[0].replace("_", "-")
    return lang[:20] or None


# --- JSON records and table rows -------------------------------------------------------------


def _field(record: Mapping[str, Any], key: str, mapping: Mapping[str, str]) -> Any:
    if key in mapping:
        return record.get(mapping[key])
    lowered = {str(k).lower(): k for k in record}
    for alias in FIELD_ALIASES[key]:
        if alias in lowered:
            value = record[lowered[alias]]
            if value not in (None, "", []):
                return value
    return None


def has_text_field(columns: Sequence[str], mapping: Mapping[str, str]) -> bool:
    """Whether a table's columns hold article text (else it is a metadata table)."""
    lowered = {c.strip().lower() for c in columns}
    if "text" in mapping:
        return mapping["text"].strip().lower() in lowered
    return any(a in lowered for a in FIELD_ALIASES["text"] + FIELD_ALIASES["html"])


def _names(value: Any) -> str | None:
    """Authors as one string: a list of names, or of {"name": ...} objects, joined."""
    if value is None:
        return None
    if isinstance(value, Mapping):
        value = value.get("name")
    if isinstance(value, list):
        names = [v.get("name") if isinstance(v, Mapping) else v for v in value]
        value = ", ".join(str(n).strip() for n in names if n and str(n).strip())
    s = str(value).strip()
    return s or None


def _scalar(value: Any) -> Any:
    if isinstance(value, Mapping):
        value = value.get("name") or value.get("@id") or value.get("url")
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, float) and value != value:  # NaN from a table cell
        return None
    return value


def record_unit(record: Any, path: str, mapping: Mapping[str, str], max_bytes: int) -> Unit:
    """A JSON object or table row as a unit of work; a record without text raises."""
    if not isinstance(record, Mapping):
        raise IngestError(path, f"record is a JSON {type(record).__name__}, not an object")
    text = _field(record, "text", mapping)
    if isinstance(text, list) and all(isinstance(t, str) for t in text):
        text = "\n\n".join(t.strip() for t in text if t.strip())  # a list of paragraphs
    text = _scalar(text)
    html = None if text else _scalar(_field(record, "html", mapping))
    if not (isinstance(text, str) and text.strip()) and not (
        isinstance(html, str) and html.strip()
    ):
        wanted = mapping.get("text") or ", ".join(FIELD_ALIASES["text"][:4])
        raise IngestError(path, f"record has no text (no non-empty field {wanted})")
    meta: dict[str, Any] = {}
    for key in ("title", "published", "url", "outlet", "language"):
        value = _scalar(_field(record, key, mapping))
        if value not in (None, ""):
            meta[key] = value
    author = _names(_field(record, "author", mapping))
    if author:
        meta["author"] = author
    size = len((text or html or "").encode("utf-8"))
    if size > max_bytes:
        raise IngestError(path, f"record too large: {size:,} bytes (limit {max_bytes:,})")
    if html and not text:
        return Unit(path=path, kind="html", data=str(html), meta=meta)
    return Unit(path=path, kind="text", data=str(text), meta=meta)


def record_document(unit: Unit) -> tuple[RawDocument, bool]:
    """A text unit's RawDocument, and whether it carries its own title.

    Paragraphs joined by single newlines (news-please's `maintext`, most dumps) become
    blank-line separated, the layout every stored article has.
    """
    assert isinstance(unit.data, str)
    text = normalize_newlines(unit.data).strip("\n")
    if "\n\n" not in text:
        text = "\n\n".join(line.strip() for line in text.split("\n") if line.strip())
    meta = dict(unit.meta or {})
    return RawDocument(path=unit.path, text=text + "\n", encoding="utf-8", metadata=meta), bool(
        meta.get("title")
    )


# --- streaming the records of a file ---------------------------------------------------------


class CountingReader(io.RawIOBase):
    """A file read through this tells how far it got (progress by bytes read)."""

    def __init__(self, fh: IO[bytes], on_read: Callable[[int], None] | None) -> None:
        self.fh = fh
        self.on_read = on_read

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        n = self.fh.readinto(b)  # type: ignore[attr-defined]
        if n and self.on_read:
            self.on_read(n)
        return n or 0


def _open_maybe_gzip(path: Path, on_read: Callable[[int], None] | None) -> IO[bytes]:
    raw = io.BufferedReader(CountingReader(path.open("rb"), on_read), buffer_size=1 << 16)
    if raw.peek(2)[:2] == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=raw)  # type: ignore[return-value]
    return raw


Item = Unit | IngestError


def iter_records(
    path: Path,
    fmt: str,
    *,
    mapping: Mapping[str, str],
    max_bytes: int,
    on_read: Callable[[int], None] | None = None,
) -> Iterator[Item]:
    """The units of a many-article file, or an IngestError for each record (or the whole
    file) that cannot be one. Streams: memory does not grow with the file."""
    name = str(path)
    try:
        if fmt == "warc":
            yield from _warc_units(path, mapping, max_bytes, on_read)
        elif fmt == "jsonl":
            yield from _jsonl_units(path, mapping, max_bytes, on_read)
        elif fmt == "json":
            yield from _json_units(path, mapping, max_bytes, on_read)
        elif fmt == "table":
            yield from _table_units(path, mapping, max_bytes, on_read)
        else:
            raise ValueError(f"not a many-article format: {fmt}")
    except IngestError as exc:
        yield exc
    except FileNotFoundError:
        yield IngestError(name, "file vanished before it could be read")
    except PermissionError:
        yield IngestError(name, "permission denied")
    except IsADirectoryError:
        yield IngestError(name, "is a directory, not a file")
    except (OSError, EOFError) as exc:
        yield IngestError(name, f"cannot read: {exc}")


def _jsonl_units(
    path: Path, mapping: Mapping[str, str], max_bytes: int, on_read: Callable[[int], None] | None
) -> Iterator[Item]:
    with _open_maybe_gzip(path, on_read) as fh:
        for number, line in enumerate(fh, start=1):
            where = f"{path}#L{number}"
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                yield record_unit(record, where, mapping, max_bytes)
            except IngestError as exc:
                yield exc
            except UnicodeDecodeError as exc:
                yield IngestError(where, f"line {number} is not UTF-8 (byte {exc.start})")
            except json.JSONDecodeError as exc:
                yield IngestError(where, f"line {number} is not valid JSON: {exc.msg}")


def _json_units(
    path: Path, mapping: Mapping[str, str], max_bytes: int, on_read: Callable[[int], None] | None
) -> Iterator[Item]:
    name = str(path)
    size = path.stat().st_size
    if size > MAX_JSON_FILE_BYTES:
        raise IngestError(
            name, f"JSON file too large to parse whole ({size:,} bytes): use JSON lines"
        )
    with _open_maybe_gzip(path, on_read) as fh:
        data = fh.read()
    if not data.strip():
        raise IngestError(name, "empty file")
    try:
        doc = json.loads(data)
    except UnicodeDecodeError as exc:
        raise IngestError(name, f"not UTF-8 JSON (byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise IngestError(
            name, f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from exc
    del data
    if isinstance(doc, Mapping) and _field(doc, "text", mapping) is None:
        # {"articles": [...]}: a wrapper object around one list of records
        lists = [v for v in doc.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
        if len(lists) == 1:
            doc = lists[0]
    if isinstance(doc, list):
        for number, record in enumerate(doc, start=1):
            try:
                yield record_unit(record, f"{path}#{number}", mapping, max_bytes)
            except IngestError as exc:
                yield exc
    else:
        yield record_unit(doc, name, mapping, max_bytes)


def table_columns(path: Path) -> list[str]:
    """A table's column names (its header row or Parquet schema)."""
    name = path.name.lower()
    if name.endswith(".parquet"):
        import pyarrow.parquet as pq

        return list(pq.ParquetFile(path).schema_arrow.names)
    with _open_maybe_gzip(path, None) as fh:
        first = io.TextIOWrapper(fh, encoding="utf-8-sig", errors="replace").readline()
    delimiter = "\t" if "\t" in first else ","
    return next(csv.reader([first], delimiter=delimiter), [])


def _table_units(
    path: Path, mapping: Mapping[str, str], max_bytes: int, on_read: Callable[[int], None] | None
) -> Iterator[Item]:
    name = str(path)
    columns = table_columns(path)
    if not has_text_field(columns, mapping):
        wanted = mapping.get("text") or ", ".join(FIELD_ALIASES["text"][:4])
        raise IngestError(
            name, f"table has no text column (looked for {wanted}; map one with --field text=NAME)"
        )
    if name.lower().endswith(".parquet"):
        import pyarrow.parquet as pq

        pf = pq.ParquetFile(path, pre_buffer=False)
        number = 0
        for batch in pf.iter_batches(batch_size=256):
            if on_read:
                on_read(batch.nbytes)
            for row in batch.to_pylist():
                number += 1
                try:
                    yield record_unit(row, f"{path}#R{number}", mapping, max_bytes)
                except IngestError as exc:
                    yield exc
        return
    csv.field_size_limit(max(max_bytes * 2, 1 << 20))
    with _open_maybe_gzip(path, on_read) as fh:
        text = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")
        first = text.readline()
        delimiter = "\t" if "\t" in first else ","
        header = next(csv.reader([first], delimiter=delimiter))
        reader = csv.DictReader(text, fieldnames=header, delimiter=delimiter)
        number = 0
        while True:
            number += 1
            where = f"{path}#R{number}"
            try:
                row = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError as exc:
                raise IngestError(where, f"row {number} is not UTF-8 (byte {exc.start})") from exc
            except csv.Error as exc:
                yield IngestError(where, f"row {number} is not valid CSV: {exc}")
                continue
            try:
                yield record_unit(row, where, mapping, max_bytes)
            except IngestError as exc:
                yield exc


_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _warc_units(
    path: Path, mapping: Mapping[str, str], max_bytes: int, on_read: Callable[[int], None] | None
) -> Iterator[Item]:
    """Response and resource records holding HTML (or plain text), one unit each.

    Request, metadata, revisit and warcinfo records are skipped, as are responses that are
    not pages (images, scripts, redirects, errors): they are not articles.
    """

    start: int | None = 0
    with path.open("rb") as raw:
        while start is not None:
            raw.seek(start)
            counted = io.BufferedReader(CountingReader(raw, on_read), buffer_size=1 << 16)
            bad = yield from _warc_run(path, counted, start, max_bytes)
            # past a broken record, read on from the next record that starts cleanly
            start = None if bad is None else _next_record_start(raw, bad + 1)


def _warc_run(
    path: Path, stream: IO[bytes], base: int, max_bytes: int
) -> Generator[Item, None, int | None]:
    """Records from byte `base` on; returns where an unreadable record starts, or None at
    the end of the file."""
    from warcio.archiveiterator import ArchiveIterator

    records = ArchiveIterator(stream, check_digests=False)
    it = iter(records)
    next_offset = base  # where the next record starts: the place to name if it is unreadable
    while True:
        try:
            record = next(it)
        except StopIteration:
            return None
        except Exception as exc:  # warcio's ArchiveLoadFailed, zlib errors, a cut-off file
            yield IngestError(
                f"{path}@{next_offset}",
                f"unreadable WARC record at byte {next_offset}: {_one_line(exc)}",
            )
            return next_offset
        unit: Unit | IngestError | None = None
        if record.rec_type in ("response", "resource"):
            # the payload is read before the offset is asked for: warcio's offset skips to
            # the record's end
            try:
                unit = _warc_unit(record, max_bytes)
            except IngestError as exc:
                unit = exc
            except Exception as exc:  # a malformed record must not end the file
                unit = IngestError("", f"unreadable WARC record: {_one_line(exc)}")
        try:
            offset = base + int(records.get_record_offset())
            next_offset = offset + int(records.get_record_length())
        except Exception as exc:  # the record's end cannot be read: find the next one
            yield IngestError(
                f"{path}@{next_offset}",
                f"unreadable WARC record at byte {next_offset}: {_one_line(exc)}",
            )
            return next_offset
        where = f"{path}@{offset}"
        if isinstance(unit, IngestError):
            yield IngestError(where, unit.reason)
        elif unit is not None:
            unit.path = where
            yield unit


def _next_record_start(raw: IO[bytes], pos: int) -> int | None:
    """The offset of the next record after `pos` that starts cleanly: a gzip member that
    opens with a WARC header (a .warc.gz is one member per record), or a WARC header line
    at the start of a line (an uncompressed WARC)."""
    import zlib

    chunk = 1 << 20
    while True:
        raw.seek(pos)
        data = raw.read(chunk + 16)
        if not data:
            return None
        for marker, gz in ((b"\x1f\x8b\x08", True), (b"\nWARC/1.", False)):
            i = data.find(marker)
            while i != -1:
                if gz:
                    try:
                        head = zlib.decompressobj(31).decompress(data[i : i + 4096], 16)
                    except zlib.error:
                        head = b""
                    if head.startswith(b"WARC/"):
                        return pos + i
                else:
                    return pos + i + 1
                i = data.find(marker, i + 1)
        if len(data) <= chunk:
            return None
        pos += chunk


def _warc_unit(record: Any, max_bytes: int) -> Unit | None:
    """The unit of a response or resource record (its path set by the caller), or None
    when the record is not a page."""
    where = ""
    headers = record.rec_headers
    url = headers.get_header("WARC-Target-URI")
    if record.rec_type == "response":
        http = record.http_headers
        if http is None:
            return None
        status = http.get_statuscode()
        if status and not status.startswith("2"):
            return None
        content_type = http.get_header("Content-Type") or ""
    else:
        content_type = headers.get_header("Content-Type") or ""
    mime = content_type.split(";")[0].strip().lower()
    data = record.content_stream().read(max_bytes + 1)
    if len(data) > max_bytes:
        raise IngestError(where, f"record too large: over {max_bytes:,} bytes")
    if not data.strip():
        return None
    kind = None
    if mime in _HTML_TYPES or (not mime and looks_like_html(data)):
        kind = "html"
    elif mime == "text/plain":
        kind = "html" if looks_like_html(data) else "file-text"
    if kind is None:
        return None
    meta: dict[str, Any] = {}
    if url:
        meta["url"] = url
    crawled = _warc_date(headers.get_header("WARC-Date"))
    if crawled:
        meta["crawled"] = crawled
    if kind == "file-text":
        text, _ = decode_bytes(data, where)
        return Unit(path=where, kind="text", data=text, meta=meta)
    return Unit(path=where, kind="html", data=data, meta=meta, charset=charset_of(content_type))


def _warc_date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        stamp = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(dt.UTC).replace(tzinfo=None)
    return stamp


def _one_line(exc: BaseException) -> str:
    """An error as one short printable line: warcio quotes the bytes it could not read,
    which are binary in a broken record."""
    message = str(exc).split(", first line:", 1)[0]
    message = "".join(ch if ch.isprintable() else " " for ch in message)
    return " ".join(message.split())[:200] or type(exc).__name__
