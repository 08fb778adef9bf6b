"""Readers: every encoding users hold, metadata from three places, and every failure reason."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from archive.errors import IngestError
from archive.ingest.parse import parse_document
from archive.ingest.readers import (
    decode_bytes,
    iter_files,
    load_metadata_table,
    read_document,
)
from tests.conftest import write

ARTICLE = (
    "Flood waters recede in Valencia as clean-up begins\n"
    "\n"
    "Residents of the worst-hit suburbs returned on Friday to find their homes “full of mud”, "
    "the regional government said.\n"
    "\n"
    "Emergency crews have cleared 1,200 vehicles from the streets since Tuesday.\n"
)


def test_plain_utf8_text_is_kept_exactly(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path / "a.txt", ARTICLE))
    assert doc.text == ARTICLE
    assert doc.encoding == "utf-8"


def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path / "a.txt", b"\xef\xbb\xbf" + ARTICLE.encode()))
    assert doc.text == ARTICLE


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_and_without_bom(tmp_path: Path, codec: str) -> None:
    doc = read_document(write(tmp_path / "a.txt", ARTICLE.encode(codec)))
    assert doc.text == ARTICLE
    assert doc.encoding.startswith("utf-16") or doc.encoding.startswith("utf_16")


def test_legacy_windows_1252_smart_quotes(tmp_path: Path) -> None:
    text = (
        "Bank raises rates to 5.25%\n\n"
        "The governor said the decision was “finely balanced” and that prices would fall "
        "“faster than many expect” next year. Markets in London rose by £2bn in value after "
        "the announcement, traders said, and the pound gained against the euro.\n"
    )
    doc = read_document(write(tmp_path / "a.txt", text.encode("cp1252")))
    assert "“finely balanced”" in doc.text
    assert "£2bn" in doc.text


def test_legacy_latin1_pound_sign(tmp_path: Path) -> None:
    text = (
        "Ticket prices climb again\n\nFans will pay £45 for the cheapest seat this season, up "
        "from £38, the club confirmed on Monday in a statement to supporters' groups.\n"
    )
    doc = read_document(write(tmp_path / "a.txt", text.encode("latin-1")))
    assert "£45" in doc.text and "£38" in doc.text


def test_one_latin1_byte_in_a_long_ascii_story_is_not_an_exotic_code_page(
    tmp_path: Path,
) -> None:
    # the shape of BBC sport/199.txt: a long English story with one Latin-1 pound sign, which
    # a detector left to itself read as cp932 (Japanese): "a ｣15.8m"
    story = (
        "Chelsea sack striker\n\nChelsea have sacked their striker after he failed a test. "
        + "The club said the player had been told of the decision on Friday. " * 40
        + "He joined from Parma for a £15.8m fee in August 2003.\n"
    )
    doc = read_document(write(tmp_path / "a.txt", story.encode("latin-1")))
    assert "a £15.8m fee" in doc.text
    assert doc.encoding in ("cp1252", "latin-1")
    degrees = "Heatwave\n\nTemperatures reached 40°C on Tuesday, forecasters said.\n"
    doc = read_document(write(tmp_path / "b.txt", degrees.encode("latin-1")))
    assert "40°C" in doc.text


def test_a_text_in_another_code_page_is_still_detected(tmp_path: Path) -> None:
    russian = (
        "Выборы в Москве\n\nИзбирательная комиссия сообщила, что явка на выборах составила "
        "более сорока процентов, а подсчёт голосов продолжается во всех районах города.\n"
    )
    doc = read_document(write(tmp_path / "a.txt", russian.encode("cp1251")))
    assert doc.text == russian


def test_windows_and_old_mac_newlines_are_normalized(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path / "a.txt", ARTICLE.replace("\n", "\r\n").encode()))
    assert doc.text == ARTICLE
    doc = read_document(write(tmp_path / "b.txt", ARTICLE.replace("\n", "\r").encode()))
    assert doc.text == ARTICLE


def test_front_matter_gives_metadata_and_is_not_text(tmp_path: Path) -> None:
    content = (
        "---\ntitle: Flood waters recede in Valencia as clean-up begins\noutlet: El País\n"
        "url: https://example.org/valencia\npublished: 2024-11-08\nauthor: Ana Ruiz\n"
        "language: en\n---\n" + ARTICLE
    )
    doc = read_document(write(tmp_path / "a.txt", content))
    assert doc.text == ARTICLE
    assert doc.metadata["outlet"] == "El País"
    assert doc.metadata["published"] == dt.date(2024, 11, 8)
    assert doc.metadata["author"] == "Ana Ruiz"
    art = parse_document(doc)
    assert art.text == ARTICLE
    assert art.title == "Flood waters recede in Valencia as clean-up begins"


def test_front_matter_title_when_body_has_no_headline(tmp_path: Path) -> None:
    body = ARTICLE.split("\n\n", 1)[1]
    content = "---\ntitle: Valencia clean-up\noutlet: AP\n---\n" + body
    art = parse_document(read_document(write(tmp_path / "a.txt", content)))
    assert art.title == "Valencia clean-up"
    assert art.text == "Valencia clean-up\n\n" + body


def test_sidecar_json_metadata(tmp_path: Path) -> None:
    path = write(tmp_path / "story.txt", ARTICLE)
    write(tmp_path / "story.json", '{"outlet": "Reuters", "published": "2024-11-08T10:00:00Z"}')
    art = parse_document(read_document(path))
    assert art.outlet == "Reuters"
    assert art.published == dt.date(2024, 11, 8)


def test_front_matter_wins_over_sidecar_and_table(tmp_path: Path) -> None:
    path = write(tmp_path / "story.txt", "---\noutlet: From front matter\n---\n" + ARTICLE)
    write(tmp_path / "story.json", '{"outlet": "From sidecar", "author": "Sidecar Author"}')
    table = {"story.txt": {"outlet": "From table", "url": "https://example.org/t"}}
    doc = read_document(path, table=table)
    assert doc.metadata["outlet"] == "From front matter"
    assert doc.metadata["author"] == "Sidecar Author"
    assert doc.metadata["url"] == "https://example.org/t"


def test_metadata_table_tsv_polnear_columns(tmp_path: Path) -> None:
    tsv = write(
        tmp_path / "metadata.tsv",
        "compartment\tfilename\tpublisher\tpublication_date\tauthor\ttitle\tcredit\n"
        "train\tnyt_2016-01-02_story\tnyt\t2016-01-02\tJane Doe\tA title\tNone\n",
    )
    table = load_metadata_table(tsv)
    row = table["nyt_2016-01-02_story"]
    assert row == {
        "outlet": "nyt",
        "published": "2016-01-02",
        "author": "Jane Doe",
        "title": "A title",
    }


def test_metadata_table_csv_with_extension(tmp_path: Path) -> None:
    csv_path = write(tmp_path / "meta.csv", "filename,outlet,published\nstory.txt,BBC,2005-03-01\n")
    table = load_metadata_table(csv_path)
    path = write(tmp_path / "story.txt", ARTICLE)
    art = parse_document(read_document(path, table=table))
    assert art.outlet == "BBC"
    assert art.published == dt.date(2005, 3, 1)


def test_metadata_table_without_filename_column_is_refused(tmp_path: Path) -> None:
    bad = write(tmp_path / "meta.csv", "outlet,published\nBBC,2005-03-01\n")
    with pytest.raises(IngestError, match="filename column"):
        load_metadata_table(bad)


# --- failures: each names the file and a reason a user can act on -------------------------


def _reason(path: Path, **kwargs: object) -> str:
    with pytest.raises(IngestError) as info:
        parse_document(read_document(path, **kwargs))  # type: ignore[arg-type]
    assert str(path) in str(info.value)
    return info.value.reason


def test_empty_file(tmp_path: Path) -> None:
    assert _reason(write(tmp_path / "e.txt", b"")) == "empty file"


def test_whitespace_only_file(tmp_path: Path) -> None:
    assert "only whitespace" in _reason(write(tmp_path / "w.txt", "  \n\n\t \n"))


def test_binary_file(tmp_path: Path) -> None:
    data = bytes(range(256)) * 8
    assert "binary" in _reason(write(tmp_path / "b.txt", data))


def test_png_is_binary(tmp_path: Path) -> None:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(200)
    assert "binary" in _reason(write(tmp_path / "image.txt", data))


def test_truncated_utf8_in_utf16_with_bom(tmp_path: Path) -> None:
    data = "Headline\n\nBody text.".encode("utf-16")[:-1]
    assert "undecodable" in _reason(write(tmp_path / "t.txt", data))


def test_oversize_file(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", ARTICLE * 100)
    assert "too large" in _reason(path, max_bytes=1000)


def test_no_headline(tmp_path: Path) -> None:
    para = "This paragraph runs on without any headline. " * 20
    assert "no headline" in _reason(write(tmp_path / "n.txt", para + "\n\nMore.\n"))


def test_directory_named_like_a_file(tmp_path: Path) -> None:
    d = tmp_path / "folder.txt"
    d.mkdir()
    assert "directory" in _reason(d)


def test_broken_symlink(tmp_path: Path) -> None:
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "missing.txt")
    assert "broken symbolic link" in _reason(link)


def test_a_path_that_never_existed_is_no_such_file(tmp_path: Path) -> None:
    assert _reason(tmp_path / "never-there.txt").endswith("no such file or directory")


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "secret.txt", ARTICLE)
    if os.geteuid() != 0:
        path.chmod(0)
    else:  # root reads any file: make the open fail as it would for a normal user
        real_open = Path.open

        def deny(self: Path, *args: object, **kwargs: object) -> object:
            if self == path:
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(Path, "open", deny)
    try:
        assert "permission denied" in _reason(path)
    finally:
        path.chmod(0o644)


def test_malformed_front_matter(tmp_path: Path) -> None:
    path = write(tmp_path / "fm.txt", "---\ntitle: [unclosed\n---\n" + ARTICLE)
    assert "front matter" in _reason(path)


def test_bad_date_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path / "d.txt", "---\npublished: yesterday-ish\n---\n" + ARTICLE)
    assert "published date" in _reason(path)


def test_decode_is_never_silently_lossy() -> None:
    text, enc = decode_bytes("Grüße aus Köln\n\nEin Bericht.".encode("cp1252"), "x.txt")
    assert "Grüße" in text and "Köln" in text
    assert enc != "utf-8"


def test_iter_files_recurses_sorted_and_skips_metadata(tmp_path: Path) -> None:
    write(tmp_path / "b" / "2.txt", ARTICLE)
    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "a.json", "{}")
    write(tmp_path / "metadata.tsv", "filename\n")
    write(tmp_path / ".hidden" / "x.txt", ARTICLE)
    found = [p.relative_to(tmp_path).as_posix() for p in iter_files([tmp_path])]
    assert found == ["a.txt", "b/2.txt"]
    only = [p.name for p in iter_files([tmp_path], "2*.txt")]
    assert only == ["2.txt"]


def test_wrong_declared_encoding(tmp_path: Path) -> None:
    """A UTF-8 byte-order mark over Windows-1252 bytes: the mark lies, the file is refused."""
    data = b"\xef\xbb\xbf" + "Caf\u00e9 owners protest\n\nPrices \u201crose\u201d.".encode("cp1252")
    assert "undecodable utf-8" in _reason(write(tmp_path / "bom.txt", data))
