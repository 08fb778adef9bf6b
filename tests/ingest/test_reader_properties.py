"""Readers and parsing never crash: any bytes become an article or a clear IngestError."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.errors import IngestError
from archive.extract import extract_article
from archive.ingest.parse import parse_document
from archive.ingest.readers import decode_bytes, read_document

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))


def _read(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.txt"
        path.write_bytes(data)
        try:
            article = parse_document(read_document(path))
        except IngestError as exc:
            assert exc.reason and str(path) in str(exc)
            return
        assert article.text.strip()
        assert "\r" not in article.text
        assert article.title


@SETTINGS
@given(st.binary(max_size=4000))
def test_any_bytes_become_an_article_or_a_reason(data: bytes) -> None:
    _read(data)


@SETTINGS
@given(st.text(max_size=3000))
def test_any_unicode_text_in_any_encoding(text: str) -> None:
    for codec in ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "latin-1"):
        try:
            data = text.encode(codec)
        except UnicodeEncodeError:
            continue
        _read(data)


def test_lone_surrogates_in_utf16_are_refused_not_crashed() -> None:
    data = b"\xff\xfe" + "Headline\n\nBody ".encode("utf-16-le") + b"\x00\xd8" + b"x\x00"
    _read(data)
    with pytest.raises(IngestError, match="undecodable"):
        decode_bytes(data, "s.txt")


def test_ten_megabyte_line_reads_and_a_megabyte_line_extracts(tmp_path: Path) -> None:
    body = ("Officials said the word " * 420_000).strip()
    path = tmp_path / "long.txt"
    path.write_text("Headline\n\n" + body + "\n", encoding="utf-8")
    article = parse_document(read_document(path, max_bytes=20_000_000))
    assert len(article.text) > 10_000_000
    # Extraction works window by window on such input; a megabyte of it shows the spans stay
    # exact (the full 10 MB takes about two minutes, too long for the suite).
    text = article.text[:1_000_000]
    long = extract_article(text)
    assert long.claims
    for c in long.claims:
        assert text[c.start : c.end] == c.content


def test_thousands_of_quotation_marks() -> None:
    marks = "Headline\n\n" + "“" * 5000 + " he said " + '"' * 5001 + " «" * 3000 + "\n"
    result = extract_article(marks)
    for q in result.quotes:
        assert marks[q.start : q.end] == q.text
