"""Web pages, WARC crawls, JSON records and tables: each becomes articles through the same
pipeline, with every failure named by file and record, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from archive import models as m
from archive.errors import IngestError
from tests.conftest import FIXTURES, write

PAGE = FIXTURES / "web" / "convoy-aleppo.html"
PAGE_URL = "https://news.example.org/world/2016/10/23/aid-convoy-aleppo"
BOILERPLATE = (
    "cookies",
    "Accept all",
    "Sign up",
    "Related stories",
    "Winter threatens refugees",
    "Ceasefire talks stall",
    "reader_42",
    "nowhere near enough",
    "All rights reserved",
    "Share on Facebook",
    "Markets close higher",
    "Privacy policy",
)

NEWS_PLEASE = {
    "authors": ["Andrew Carter", "Maria Lopez"],
    "date_download": "2019-03-02 10:11:12",
    "date_modify": None,
    "date_publish": "2019-03-01 09:30:00",
    "description": "The city council voted to expand the bus network.",
    "filename": "https%3A%2F%2Fnews.example.org%2Flocal%2Fbuses.json",
    "image_url": "https://news.example.org/img/bus.jpg",
    "language": "en",
    "localpath": None,
    "maintext": (
        "The city council voted 7-2 on Thursday to add four bus routes to the eastern suburbs.\n"
        '"People have waited long enough," said Councillor Jane Porter, who proposed the plan.\n'
        "The new routes will start running in September, the transit authority said."
    ),
    "source_domain": "news.example.org",
    "title": "Council approves four new bus routes",
    "title_page": None,
    "title_rss": None,
    "url": "https://news.example.org/local/buses",
}


def _articles(arc: Any) -> list[m.Article]:
    from sqlalchemy.orm import joinedload

    with arc.sessions() as s:
        rows = list(
            s.scalars(
                select(m.Article).options(joinedload(m.Article.outlet)).order_by(m.Article.id)
            )
        )
        s.expunge_all()
    return rows


def _ingest(arc: Any, paths: list[Path], **kw: Any) -> Any:
    failures: list[Any] = []
    report = arc.ingest(paths, on_failure=failures.append, **kw)
    return report, {f.path: f.reason for f in failures}


# --- web pages ------------------------------------------------------------------------------


def test_web_page_becomes_its_article_with_the_page_metadata(archive: Any, tmp_path: Path) -> None:
    page = write(tmp_path / "convoy.html", PAGE.read_bytes())
    report, failures = _ingest(archive, [page])
    assert (report.seen, report.added, report.failed) == (1, 1, 0), failures
    (art,) = _articles(archive)
    assert art.title == "Aid convoy reaches eastern Aleppo after three-day wait"
    assert art.url == PAGE_URL
    assert art.published == dt.date(2016, 10, 23)
    assert art.byline == "Anne Barnard, Hwaida Saad"
    assert art.language == "en-GB"
    assert art.outlet is not None and art.outlet.name == "The Daily Example"
    assert art.dateline == "ALEPPO, Syria" and art.agency == "Reuters"
    # the article, not the page: paragraphs kept, no boilerplate, no markup, entities decoded
    assert art.text.startswith(art.title + "\n\nALEPPO, Syria (Reuters) - A convoy of 20 trucks")
    assert art.text.count("\n\n") == 5
    for junk in BOILERPLATE:
        assert junk not in art.text, junk
    assert "<" not in art.text and "&ldquo;" not in art.text
    assert "“This is a first step, and only a first step,”" in art.text
    assert art.raw_hash is not None and len(art.raw_hash) == 64
    # the quote the entities hid is found and credited, with offsets into the stored text
    with archive.sessions() as s:
        quotes = list(s.scalars(select(m.Quote)))
        for q in quotes:
            assert art.text[q.start : q.end] == q.text
    assert any(q.text.startswith("This is a first step") for q in quotes)
    again, _ = _ingest(archive, [page])
    assert (again.seen, again.added, again.duplicates) == (1, 0, 1)


def test_html_is_sniffed_in_a_file_without_extension(archive: Any, tmp_path: Path) -> None:
    write(tmp_path / "saved-page", PAGE.read_bytes())
    report, failures = _ingest(archive, [tmp_path])
    assert report.added == 1, failures
    assert _articles(archive)[0].title.startswith("Aid convoy reaches")


def test_page_declared_latin1_is_decoded_by_its_meta_charset(tmp_path: Path) -> None:
    from archive.ingest.formats import html_document

    html = PAGE.read_text("utf-8").replace('charset="utf-8"', 'charset="iso-8859-1"')
    html = html.replace("Residents said", "Café owners and residents said")
    html = html.replace("&ldquo;", '"').replace("&rdquo;", '"').replace("&copy;", "(c)")
    doc = html_document(html.encode("cp1252"), "p.html")
    assert "Café owners and residents said" in doc.text


def test_page_without_article_text_is_a_named_failure(archive: Any, tmp_path: Path) -> None:
    empty = write(
        tmp_path / "empty.html", "<html><head><title>x</title></head><body></body></html>"
    )
    good = write(tmp_path / "good.html", PAGE.read_bytes())
    report, failures = _ingest(archive, [empty, good])
    assert report.added == 1
    assert "no article text" in failures[str(empty)]


# --- WARC -----------------------------------------------------------------------------------


def _warc(path: Path, gz: bool = True) -> dict[str, str]:
    """A small crawl: warcinfo, a request, two pages (one Latin-1), an image, a 404, a
    redirect, a metadata record and a resource page. Returns url -> expected title."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    second = (
        PAGE.read_text("utf-8")
        .replace("Aid convoy reaches eastern Aleppo after three-day wait", "Café prices rise")
        .replace("&ldquo;", '"')
        .replace("&rdquo;", '"')
        .replace("&copy;", "(c)")
        .replace('<meta charset="utf-8">', "")
        .replace("Residents said", "Café owners said")
    )
    second = second.replace('"datePublished": "2016-10-23T08:15:00+00:00", ', "")
    second = second.replace('"dateModified": "2016-10-23T11:02:00+00:00",', "")
    second = second.replace(
        '<meta property="article:published_time" content="2016-10-23T08:15:00+00:00">', ""
    )
    second = second.replace('<time datetime="2016-10-23T08:15:00+00:00">23 October 2016</time>', "")
    second = second.replace("/2016/10/23/aid-convoy-aleppo", "/cafe-prices")
    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=gz, warc_version="1.1" if gz else "1.0")
        w.write_record(w.create_warcinfo_record(path.name, {"software": "test"}))

        def response(url: str, body: bytes, ctype: str, status: str = "200 OK") -> None:
            http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = w.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                http_headers=http,
                warc_headers_dict={"WARC-Date": "2016-10-24T06:00:00Z"},
            )
            w.write_record(rec)

        req = StatusAndHeaders("GET /a HTTP/1.1", [("Host", "a.example")], is_http_request=True)
        w.write_record(w.create_warc_record("https://a.example/one", "request", http_headers=req))
        response("https://a.example/one", PAGE.read_bytes(), "text/html; charset=utf-8")
        response("https://a.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png")
        response(
            "https://a.example/gone",
            b"<html><body>Not found</body></html>",
            "text/html",
            "404 Not Found",
        )
        response("https://a.example/two", second.encode("cp1252"), "text/html; charset=ISO-8859-1")
        w.write_record(
            w.create_warc_record(
                "https://a.example/one",
                "metadata",
                payload=io.BytesIO(b"outlinks: x"),
                warc_content_type="application/warc-fields",
            )
        )
        w.write_record(
            w.create_warc_record(
                "https://a.example/three",
                "resource",
                payload=io.BytesIO(
                    PAGE.read_bytes().replace(
                        b"Aid convoy reaches eastern Aleppo after three-day wait", b"Third page"
                    )
                ),
                warc_content_type="text/html",
            )
        )
    return {
        "https://a.example/one": "Aid convoy reaches eastern Aleppo after three-day wait",
        "https://a.example/two": "Café prices rise",
        "https://a.example/three": "Third page",
    }


@pytest.mark.parametrize("gz", [True, False])
def test_warc_pages_become_articles_with_their_urls(archive: Any, tmp_path: Path, gz: bool) -> None:
    crawl = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    expected = _warc(crawl, gz)
    progress: list[tuple[int, int]] = []
    report, failures = _ingest(archive, [crawl], on_bytes=lambda r, t: progress.append((r, t)))
    # progress by bytes read: one call per document, rising to the file's size
    assert len(progress) == 3 and progress[-1] == (crawl.stat().st_size,) * 2
    assert progress == sorted(progress)
    assert (report.files, report.seen, report.added, report.failed) == (1, 3, 3, 0), failures
    arts = _articles(archive)
    assert {a.url: a.title for a in arts} == expected
    for a in arts:
        assert a.source_path.startswith(f"{crawl}@")
        assert a.crawled == dt.datetime(2016, 10, 24, 6, 0) or a.url.endswith("three")
        assert a.raw_hash is not None
        assert "cookies" not in a.text and "Related stories" not in a.text
    by_url = {a.url: a for a in arts}
    assert "Café owners said" in by_url["https://a.example/two"].text  # declared charset
    assert by_url["https://a.example/one"].published == dt.date(2016, 10, 23)  # the page's date
    # no date on the page: the crawl date stands in
    assert by_url["https://a.example/two"].published == dt.date(2016, 10, 24)
    offsets = {int(a.source_path.rsplit("@", 1)[1]) for a in arts}
    assert len(offsets) == 3
    again, _ = _ingest(archive, [crawl])
    assert (again.seen, again.added, again.duplicates) == (3, 0, 3)


def test_bad_warc_record_is_a_named_failure_and_the_rest_go_on(
    archive: Any, tmp_path: Path
) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    crawl = tmp_path / "mixed.warc.gz"
    with crawl.open("wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for url, body in [
            (
                "https://b.example/empty",
                b"<html><head><title>Only a title</title></head><body></body></html>",
            ),
            ("https://b.example/good", PAGE.read_bytes()),
        ]:
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            w.write_record(
                w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
            )
    report, failures = _ingest(archive, [crawl])
    assert (report.seen, report.added, report.failed) == (2, 1, 1)
    ((where, reason),) = failures.items()
    assert where == f"{crawl}@0" and "no article text" in reason
    # a record broken in the middle of the file: named by its offset, the records after it
    # are read (a .warc.gz is one gzip member per record)
    broken = tmp_path / "broken.warc.gz"
    with broken.open("wb") as fh:
        w = WARCWriter(fh, gzip=True)
        offsets = []
        for i in range(3):
            offsets.append(fh.tell())
            body = PAGE.read_bytes().replace(b"Aid convoy reaches", f"Story {i}:".encode())
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            w.write_record(
                w.create_warc_record(
                    f"https://c.example/{i}",
                    "response",
                    payload=io.BytesIO(body),
                    http_headers=http,
                )
            )
    data = bytearray(broken.read_bytes())
    middle = (offsets[1] + offsets[2]) // 2
    data[middle : middle + 64] = bytes(64)  # corrupt the second record's compressed bytes
    broken.write_bytes(bytes(data))
    report, failures = _ingest(archive, [broken])
    urls = {a.url for a in _articles(archive)}
    assert {"https://c.example/0", "https://c.example/2"} <= urls
    assert "https://c.example/1" not in urls
    assert list(failures) == [f"{broken}@{offsets[1]}"], failures
    assert failures[f"{broken}@{offsets[1]}"].isprintable()  # not the broken bytes
    # a file cut off in the middle: what came before is stored, the cut is named with its offset
    data = crawl.read_bytes()
    cut = write(tmp_path / "cut.warc.gz", data + data[: len(data) // 3])
    report, failures = _ingest(archive, [cut])
    assert report.failed >= 2
    assert any(p.startswith(f"{cut}@") for p in failures)


# --- JSON, JSON lines, tables ---------------------------------------------------------------


def test_news_please_json_is_read_by_its_field_names(archive: Any, tmp_path: Path) -> None:
    path = write(tmp_path / "buses.json", json.dumps(NEWS_PLEASE))
    report, failures = _ingest(archive, [tmp_path])  # a folder of .json files is not "seen 0"
    assert (report.seen, report.added) == (1, 1), failures
    (art,) = _articles(archive)
    assert art.source_path == str(path)
    assert art.title == "Council approves four new bus routes"
    assert art.text.startswith("Council approves four new bus routes\n\nThe city council voted")
    assert '\n\n"People have waited long enough,"' in art.text  # one paragraph per line
    assert "maintext" not in art.text and "https://" not in art.text
    assert art.published == dt.date(2019, 3, 1)
    assert art.byline == "Andrew Carter, Maria Lopez"
    assert art.url == NEWS_PLEASE["url"] and art.language == "en"
    assert art.outlet is not None and art.outlet.name == "news.example.org"
    with archive.sessions() as s:
        names = {sm.name for sm in s.scalars(select(m.SourceMention))}
    assert "Jane Porter" in " ".join(names)
    assert not any("http" in n for n in names)


def test_json_list_and_jsonl_records_each_become_an_article(archive: Any, tmp_path: Path) -> None:
    other = dict(NEWS_PLEASE, title="Second story", maintext="Second text.\nMore text here.")
    write(tmp_path / "list.json", json.dumps([NEWS_PLEASE, other]))
    lines = [
        # CC-News style: text, title, date, domain, url
        {
            "title": "Storm closes schools",
            "text": "Schools closed on Monday.\nThe storm passed by noon.",
            "date": "2017-12-01 19:39:40",
            "domain": "weather.example.com",
            "url": "https://weather.example.com/storm",
        },
        {"title": "No body here", "url": "https://x.example/none"},
        "not json at all {",
        {
            "headline": "Mapped",
            "article_body": "Body of the mapped article.",
            "pubDate": "Sun, 03 Dec 2017 08:00:00 GMT",
        },
    ]
    body = "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n\n"
    write(tmp_path / "dump.jsonl.gz", gzip.compress(body.encode()))
    report, failures = _ingest(archive, [tmp_path])
    assert (report.files, report.seen, report.added, report.failed) == (2, 6, 4, 2)
    jl = tmp_path / "dump.jsonl.gz"
    assert failures[f"{jl}#L2"].startswith("record has no text")
    assert "not valid JSON" in failures[f"{jl}#L3"]
    arts = {a.source_path: a for a in _articles(archive)}
    assert f"{tmp_path / 'list.json'}#2" in arts
    storm = arts[f"{jl}#L1"]
    assert storm.title == "Storm closes schools"
    assert storm.published == dt.date(2017, 12, 1)
    assert storm.outlet is not None and storm.outlet.name == "weather.example.com"
    mapped = arts[f"{jl}#L4"]
    assert mapped.title == "Mapped" and mapped.published == dt.date(2017, 12, 3)
    again, _ = _ingest(archive, [tmp_path])
    assert (again.seen, again.added, again.duplicates, again.failed) == (6, 0, 4, 2)


def test_record_text_as_a_list_of_paragraphs(tmp_path: Path) -> None:
    from archive.ingest.formats import record_document, record_unit

    unit = record_unit(
        {"headline": "Vote delayed", "body": ["The vote was delayed.", " ", "Talks go on."]},
        "x.json",
        {},
        10_000,
    )
    doc, titled = record_document(unit)
    assert titled and doc.text == "The vote was delayed.\n\nTalks go on.\n"
    with pytest.raises(IngestError, match="no text"):
        record_unit({"title": "Only a title", "page": "A12"}, "x.json#2", {}, 10_000)


def test_table_rows_become_articles_and_a_row_without_text_is_named(
    archive: Any, tmp_path: Path
) -> None:
    path = tmp_path / "articles.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["headline", "story_text", "published", "author", "link"])
        w.writerow(
            [
                "Bridge reopens",
                "The bridge reopened on Friday.\nTraffic was light.",
                "2020-05-01",
                "Sam Lee",
                "https://c.example/bridge",
            ]
        )
        w.writerow(["Empty", "", "2020-05-02", "", ""])
        w.writerow(
            [
                "Port strike ends",
                'Dockers returned to work, the union said.\n"We won," its leader said.',
                "2020-05-03",
                "",
                "",
            ]
        )
    report, failures = _ingest(archive, [path], fields={"text": "story_text"})
    assert (report.seen, report.added, report.failed) == (3, 2, 1)
    assert list(failures) == [f"{path}#R2"]
    arts = _articles(archive)
    assert [a.title for a in arts] == ["Bridge reopens", "Port strike ends"]
    assert arts[0].byline == "Sam Lee" and arts[0].url == "https://c.example/bridge"
    assert (
        arts[0].text == "Bridge reopens\n\nThe bridge reopened on Friday.\n\nTraffic was light.\n"
    )


def test_parquet_table_and_metadata_table_in_a_folder(archive: Any, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(
        {
            "title": ["Rates held", "Rates cut"],
            "text": ["The bank held rates.", "The bank cut rates."],
        }
    )
    pq.write_table(table, tmp_path / "rates.parquet")
    write(
        tmp_path / "metadata.tsv", "filename\toutlet\nx.txt\tRT\n"
    )  # not articles: no text column
    report, failures = _ingest(archive, [tmp_path])
    assert (report.files, report.seen, report.added) == (1, 2, 2), failures
    assert sorted(a.source_path.rsplit("#", 1)[1] for a in _articles(archive)) == ["R1", "R2"]


# --- bylines and datelines in the text itself -----------------------------------------------


def test_byline_and_dateline_of_a_text_file(archive: Any, tmp_path: Path) -> None:
    text = (
        "Aid reaches Aleppo\n\nBy Anne Barnard and Hwaida Saad\n\n"
        "BEIRUT (AP) — A convoy reached the city on Sunday, the United Nations said.\n"
    )
    write(tmp_path / "a.txt", text)
    write(tmp_path / "b.txt", "By the river\n\nBy Sunday the water had risen, officials said.\n")
    _ingest(archive, [tmp_path])
    a, b = _articles(archive)
    assert a.byline == "Anne Barnard, Hwaida Saad"
    assert (a.dateline, a.agency) == ("BEIRUT", "AP")
    assert a.title == "Aid reaches Aleppo"
    assert b.byline is None and b.dateline is None
    with archive.sessions() as s:
        names = {sm.name for sm in s.scalars(select(m.SourceMention))}
    assert "AP" not in names and "Anne Barnard" not in names


def test_dateline_place_is_resolved_and_kept_out_of_claims(tmp_path: Path) -> None:
    from archive.extract import extract_article
    from archive.ingest.parse import parse_document
    from archive.ingest.readers import read_document

    path = write(
        tmp_path / "oil.txt",
        "Oil prices fall\n\nLONDON (Reuters) - Oil prices fell on Tuesday after data showed a "
        "rise in crude stocks, traders said.\n",
    )
    art = parse_document(read_document(path))
    assert (art.dateline, art.agency) == ("LONDON", "Reuters")
    assert art.dateline_span is not None
    a, b, end = art.dateline_span
    assert art.text[a:b] == "LONDON" and art.text[b:end] == " (Reuters) - "
    found = extract_article(art.text, art.dateline_span)
    (london,) = [p for p in found.places if any(s == a for s, _ in p.mentions)]
    assert (london.name, london.country_code) == ("London", "GB")
    assert found.claims and all(c.start >= end for c in found.claims)
    for c in found.claims:
        assert art.text[c.start : c.end] == c.content
    assert {s.name for s in found.sources}.isdisjoint({"Reuters", "LONDON"})


def test_record_without_title_is_not_titled_by_its_byline_or_dateline(tmp_path: Path) -> None:
    from archive.ingest.formats import record_document, record_unit
    from archive.ingest.parse import parse_document

    text = (
        "By Jane Doe\nBEIRUT (AP) — The convoy reached the city on Sunday after waiting three "
        "days at a checkpoint, officials said, and aid workers began unloading at once. " * 2
    )
    doc, titled = record_document(record_unit({"text": text}, "x.jsonl#L1", {}, 10_000))
    art = parse_document(doc, require_headline=titled)
    assert art.title.startswith("The convoy reached the city on Sunday")
    assert art.author == "Jane Doe" and (art.dateline, art.agency) == ("BEIRUT", "AP")
    assert art.text == doc.text  # the title is taken from the text, the text is unchanged


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Anne Barnard and Hwaida Saad", (["Anne Barnard", "Hwaida Saad"], None)),
        ("By JOHN SMITH, Reuters", (["John Smith"], "Reuters")),
        ("By Jane Doe | AP", (["Jane Doe"], "AP")),
        ("By Sunday the convoy had left", None),
        ("Byzantine empire falls", None),
    ],
)
def test_parse_byline(line: str, expected: Any) -> None:
    from archive.ingest.parse import parse_byline

    assert parse_byline(line) == expected


# --- the command line -----------------------------------------------------------------------


def _archive(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "archive", *args], capture_output=True, text=True, timeout=300
    )


def test_cli_ingest_folder_of_warc_and_json_reports_what_it_saw(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    _warc(src / "crawl.warc.gz")
    write(src / "one.json", json.dumps(NEWS_PLEASE))
    proc = _archive("ingest", str(src), "--db", str(tmp_path / "a.db"), "--json", "--jobs", "2")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert (report["files"], report["seen"], report["added"]) == (2, 4, 4)
    empty = tmp_path / "none"
    empty.mkdir()
    proc = _archive("ingest", str(empty), "--db", str(tmp_path / "a.db"), "--json")
    assert "nothing to ingest" in proc.stderr


def test_cli_extract_reads_records_and_names_bad_ones(tmp_path: Path) -> None:
    path = write(
        tmp_path / "x.ndjson",
        json.dumps({"title": "T", "body": 'Officials said "it works," the mayor added.'})
        + "\n{}\n",
    )
    proc = _archive("extract", str(path))
    assert proc.returncode == 1
    assert f"{path}#L2: record has no text" in proc.stderr
    (doc,) = [json.loads(line) for line in proc.stdout.splitlines()]
    assert doc["path"] == f"{path}#L1" and doc["text"].startswith("T\n\nOfficials said")
    for q in doc["quotes"]:
        assert doc["text"][q["start"] : q["end"]] == q["text"]
    proc = _archive("extract", str(path), "--input-format", "html")
    assert proc.returncode == 1
    proc = _archive("ingest", str(path), "--field", "nonsense=x", "--db", str(tmp_path / "b.db"))
    assert proc.returncode == 2 and "--field" in proc.stderr
