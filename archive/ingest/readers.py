"""Reading article files: bytes to text, plus the metadata that travels with a file.

A reader never guesses silently: every file either becomes a `RawDocument` or raises
`IngestError` naming the file and the reason (empty, binary, undecodable, too large, ...).
Metadata comes from three places, later ones winning: a `--metadata` table row, a sidecar
`NAME.json`, YAML front matter inside the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import stat
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from charset_normalizer import from_bytes

from archive.errors import IngestError

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
METADATA_KEYS = ("title", "outlet", "url", "published", "author", "language")
# Column names of common corpus metadata tables, mapped onto our keys.
_COLUMN_ALIASES = {
    "publisher": "outlet",
    "source": "outlet",
    "publication": "outlet",
    "publication_date": "published",
    "date": "published",
    "pub_date": "published",
    "byline": "author",
    "authors": "author",
    "headline": "title",
    "link": "url",
    "address": "url",
    "lang": "language",
}
_FILENAME_COLUMNS = ("filename", "file", "path", "name", "id")
# Files that sit beside articles in a corpus folder but are not articles: metadata, archives,
# and databases (an archive.db kept in the corpus folder must not ingest itself).
_NOT_ARTICLES = frozenset(
    [
        ".json",
        ".tsv",
        ".csv",
        ".yaml",
        ".yml",
        ".md",
        ".gz",
        ".zip",
        ".bz2",
        ".xz",
        ".db",
        ".sqlite",
        ".sqlite3",
        ".parquet",
        ".pdf",
    ]
)


@dataclass(slots=True)
class RawDocument:
    """A decoded file before parsing: its text (newlines normalized) and metadata found so far."""

    path: str
    text: str
    encoding: str
    metadata: dict[str, Any] = field(default_factory=dict)


def decode_bytes(data: bytes, path: str) -> tuple[str, str]:
    """Decode bytes to text, returning (text, encoding name).

    BOMs are trusted first; then strict UTF-8 (most corpora); then charset-normalizer for
    UTF-16 without BOM and legacy 8-bit code pages. Binary data is refused rather than
    decoded into garbage that would then be indexed.
    """
    if not data:
        raise IngestError(path, "empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", path), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _strict(data, "utf-16", path)
        return text, "utf-16"
    if b"\x00" in data:
        utf16 = _guess_utf16_without_bom(data)
        if utf16 is None:
            raise IngestError(path, "binary file (contains NUL bytes), not text")
        return _strict(data, utf16, path), utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    western = _western(data)
    if western is not None:
        return western
    best = from_bytes(data).best()
    if best is None or best.encoding in ("utf_8", "utf-8"):
        raise IngestError(
            path,
            f"undecodable: not valid UTF-8 (byte {utf8_error.start}) and no other encoding fits",
        )
    text = str(best)
    if _looks_binary(text):
        raise IngestError(path, "binary file (control characters), not text")
    return text, best.encoding


_ASCII = bytes(range(128))
# Below this share of non-ASCII bytes a detector has too little evidence: one pound sign in a
# BBC story made charset-normalizer read it as cp932 (Japanese), "a ｣15.8m".
_FEW_NON_ASCII = 0.02


def _western(data: bytes) -> tuple[str, str] | None:
    """Text with a few non-ASCII bytes, read as the Western code page it almost always is
    (cp1252, else latin-1); None when the bytes carry enough evidence for a detector."""
    non_ascii = len(data.translate(None, _ASCII))
    if non_ascii > max(16, len(data) * _FEW_NON_ASCII):
        return None
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _looks_binary(text):
            return text, encoding
    return None


def _strict(data: bytes, encoding: str, path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise IngestError(
            path, f"undecodable {encoding}: invalid data at byte {exc.start}"
        ) from exc


def _guess_utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text of mostly ASCII has NULs in every other byte; binary data does not."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nul = sample[0::2].count(0) / (len(sample) / 2)
    odd_nul = sample[1::2].count(0) / (len(sample) / 2)
    if odd_nul > 0.6 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.6 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    return controls > max(2, len(sample) // 100)


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF, so offsets are the same whatever system wrote the file."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def split_front_matter(text: str, path: str) -> tuple[dict[str, Any], str]:
    """Split a leading YAML `---` block from the body; a malformed block is an error."""
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---", 3)
    while end != -1 and text[end + 4 : end + 5] not in ("\n", ""):
        end = text.find("\n---", end + 4)
    if end == -1:
        raise IngestError(path, "front matter opened with '---' is never closed")
    block = text[4:end]
    body = text[end + 4 :]
    body = body[1:] if body.startswith("\n") else body
    try:
        meta = yaml.safe_load(block) or {}
    except yaml.YAMLError as exc:
        raise IngestError(path, f"front matter is not valid YAML: {_one_line(str(exc))}") from exc
    if not isinstance(meta, dict):
        raise IngestError(path, "front matter must be a mapping of keys to values")
    return _clean_metadata(meta), body


def read_sidecar(path: Path) -> dict[str, Any]:
    """Metadata from `NAME.json` beside `NAME.txt`, if there is one."""
    sidecar = path.with_suffix(".json")
    if not sidecar.is_file():
        return {}
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IngestError(str(path), f"sidecar {sidecar.name} is not valid JSON: {exc}") from exc
    if not isinstance(meta, dict):
        raise IngestError(str(path), f"sidecar {sidecar.name} must hold a JSON object")
    return _clean_metadata(meta)


class MetadataTable(Mapping[str, dict[str, Any]]):
    """Per-file metadata rows, compact: one tuple of values per file, keyed by file name.

    A million-row table (a large corpus's metadata.tsv) stays a few hundred MB instead of
    a dict per row.
    """

    def __init__(self) -> None:
        self._rows: dict[str, tuple[Any, ...]] = {}

    def add(self, name: str, meta: dict[str, Any]) -> None:
        """Store a cleaned row; repeated strings (outlets, dates) share one object."""
        self._rows[sys.intern(name)] = tuple(
            sys.intern(v) if isinstance(v, str) and len(v) < 64 else v
            for v in (meta.get(k) for k in METADATA_KEYS)
        )

    def __getitem__(self, name: str) -> dict[str, Any]:
        values = self._rows[name]
        return {k: v for k, v in zip(METADATA_KEYS, values, strict=True) if v is not None}

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, name: object) -> bool:
        return name in self._rows


def load_metadata_table(path: Path) -> MetadataTable:
    """Read a CSV/TSV of per-file metadata keyed by file name (with or without extension).

    The delimiter is sniffed, so PolNeAR's metadata.tsv and a hand-made CSV both work.
    """
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            first = fh.readline()
            fh.seek(0)
            reader = csv.DictReader(fh, delimiter="\t" if "\t" in first else ",")
            if reader.fieldnames is None:
                raise IngestError(str(path), "metadata table is empty")
            columns = {c.strip().lower(): c for c in reader.fieldnames}
            key_col = next((columns[c] for c in _FILENAME_COLUMNS if c in columns), None)
            if key_col is None:
                raise IngestError(
                    str(path),
                    f"metadata table needs a filename column ({', '.join(_FILENAME_COLUMNS)})",
                )
            table = MetadataTable()
            for row in reader:  # streamed: a million-row table is never held as text
                name = (row.get(key_col) or "").strip()
                if name:
                    table.add(
                        os.path.basename(name),
                        _clean_metadata({k: v for k, v in row.items() if k != key_col}),
                    )
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise IngestError(str(path), f"cannot read metadata table: {exc}") from exc
    return table


def metadata_row(
    table: Mapping[str, Mapping[str, Any]] | None, path: Path
) -> Mapping[str, Any] | None:
    """A file's row of a metadata table, keyed by file name with or without extension."""
    if not table:
        return None
    for key in (path.name, path.stem):
        if key in table:
            return table[key]
    return None


def _clean_metadata(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Map known column names onto our keys and drop blanks and 'None' placeholders."""
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key is None:
            continue
        k = str(key).strip().lower()
        k = _COLUMN_ALIASES.get(k, k)
        if k not in METADATA_KEYS or k in out:
            continue
        if value is None:
            continue
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, str):
            value = value.strip()
            if not value or value.lower() in ("none", "null", "nan", "n/a"):
                continue
        out[k] = value
    return out


def _one_line(message: str) -> str:
    return " ".join(message.split())


def read_document(
    path: Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    table: Mapping[str, Mapping[str, Any]] | None = None,
) -> RawDocument:
    """Read one file into a RawDocument, or raise IngestError saying why it cannot be one."""
    return text_document(path, read_bytes(path, max_bytes=max_bytes), table=table)


def read_bytes(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """A file's bytes, or IngestError: vanished, a directory, unreadable, too large."""
    name = str(path)
    try:
        st = path.stat()
    except FileNotFoundError as exc:
        if path.is_symlink():
            raise IngestError(name, "broken symbolic link") from exc
        raise IngestError(name, "no such file or directory") from exc
    except OSError as exc:
        raise IngestError(name, f"cannot stat: {exc.strerror or exc}") from exc
    if stat.S_ISDIR(st.st_mode):  # from the stat above: a second stat is a tenth of a re-ingest
        raise IngestError(name, "is a directory, not a file")
    if st.st_size > max_bytes:
        raise IngestError(name, f"file too large: {st.st_size:,} bytes (limit {max_bytes:,})")
    try:
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise IngestError(name, "file vanished before it could be read") from exc
    except PermissionError as exc:
        raise IngestError(name, "permission denied") from exc
    except IsADirectoryError as exc:
        raise IngestError(name, "is a directory, not a file") from exc
    except OSError as exc:
        raise IngestError(name, f"cannot read: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise IngestError(name, f"file too large: over {max_bytes:,} bytes")
    return data


def text_document(
    path: Path, data: bytes, *, table: Mapping[str, Mapping[str, Any]] | None = None
) -> RawDocument:
    """A plain text file's bytes as a RawDocument (decoded, with its metadata)."""
    name = str(path)
    text, encoding = decode_bytes(data, name)
    text = normalize_newlines(text)
    if not text.strip():
        raise IngestError(name, "empty file (only whitespace)")
    metadata: dict[str, Any] = {}
    row = metadata_row(table, path)
    if row:
        metadata.update(row)
    metadata.update(read_sidecar(path))
    front, text = split_front_matter(text, name)
    metadata.update(front)
    return RawDocument(path=name, text=text, encoding=encoding, metadata=metadata)


def iter_files(
    paths: list[Path], pattern: str | None = None, fields: Mapping[str, str] | None = None
) -> Iterator[Path]:
    """Files under the given paths in a stable (sorted) order; directories recurse.

    Sidecar `.json` files next to an article are metadata, not articles, and are skipped; with
    no pattern, hidden files and metadata tables (a CSV/TSV without a text column) are
    skipped too. JSON, JSON lines, WARC files and tables of articles are articles.
    """
    for root in paths:
        if root.is_dir():
            candidates = sorted(root.rglob(pattern or "*"))
            for p in candidates:
                rel = p.relative_to(root)
                if any(part.startswith(".") for part in rel.parts):
                    continue
                if p.is_dir():
                    # A directory named like an article ("x.txt") is reported, not skipped.
                    if p.suffix.lower() in (".txt", ".text"):
                        yield p
                    continue
                if pattern is None and not _is_article_name(p, fields):
                    continue
                if p.suffix.lower() == ".json" and _is_sidecar(p):
                    continue
                yield p
        else:
            # A path named explicitly is always tried, so its failure is reported.
            yield root


def _is_article_name(p: Path, fields: Mapping[str, str] | None = None) -> bool:
    name = p.name
    if name[-4:].lower() == ".txt" and name.lower() not in ("readme.txt", "license.txt"):
        return True  # the common case, told cheaply
    from archive.ingest.formats import format_by_name, has_text_field, table_columns

    fmt = format_by_name(p)
    if fmt in ("warc", "json", "jsonl"):
        return True
    if fmt == "table":
        # a table of articles has a text column; a metadata table (metadata.tsv) has not
        try:
            return has_text_field(table_columns(p), fields or {})
        except Exception:
            return False
    suffix = p.suffix.lower()
    if suffix in _NOT_ARTICLES or p.name.endswith(("-wal", "-shm", "-journal")):
        return False
    return p.name.lower() not in ("readme", "readme.txt", "license", "license.txt")


def _is_sidecar(p: Path) -> bool:
    """`NAME.json` beside an article `NAME.txt` (or `.text`, `.html`) holds its metadata."""
    return any(p.with_suffix(s).is_file() for s in (".txt", ".text", ".html", ".htm"))
