"""Exports load in one line with pandas and DuckDB, describe themselves, round-trip, and are
deterministic, on each backend."""

from __future__ import annotations

import json
import random
import string
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from sqlalchemy import func, select

from archive import Archive
from archive.export import TABLES, ExportError
from tests import corpus
from tests.conftest import empty_database


@pytest.fixture
def filled(archive: Archive) -> Archive:
    corpus.build(archive)
    return archive


def _store_rows(arc: Archive, table: str) -> int:
    with arc.sessions() as s:
        return s.scalar(select(func.count()).select_from(TABLES[table].model)) or 0


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_every_table_loads_in_pandas_and_duckdb(filled: Archive, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "out"
    report = filled.export(out, fmt)
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{t}.{fmt}" for t in TABLES] + ["datapackage.json"]
    )
    for table in TABLES:
        path = out / f"{table}.{fmt}"
        if fmt == "parquet":
            df = pd.read_parquet(path)
            rel = duckdb.sql(f"SELECT count(*) FROM read_parquet('{path}')")
        elif fmt == "csv":
            df = pd.read_csv(path)
            rel = duckdb.sql(f"SELECT count(*) FROM read_csv_auto('{path}')")
        else:
            df = pd.read_json(path, lines=True)
            rel = duckdb.sql(f"SELECT count(*) FROM read_json_auto('{path}')")
        assert len(df) == _store_rows(filled, table) == report.rows[table], table
        assert rel.fetchall()[0][0] == len(df), table


def test_offsets_refind_spans_and_ids_join(filled: Archive, tmp_path: Path) -> None:
    out = tmp_path / "out"
    filled.export(out, "parquet")
    articles = pd.read_parquet(out / "articles.parquet").set_index("id")
    quotes = pd.read_parquet(out / "quotes.parquet")
    for q in quotes.itertuples():
        assert articles.loc[q.article_id, "text"][q.start : q.end] == q.text
    joined = duckdb.sql(
        f"SELECT s.name, count(*) AS n FROM read_parquet('{out}/quotes.parquet') q "
        f"JOIN read_parquet('{out}/sources.parquet') s ON s.id = q.source_id "
        "GROUP BY s.name ORDER BY s.name"
    ).fetchall()
    assert ("Staffan de Mistura", 1) in joined
    mentions = pd.read_parquet(out / "source_mentions.parquet")
    spans = json.loads(mentions.iloc[0]["spans"])
    assert isinstance(spans[0], list) and len(spans[0]) == 2
    assert str(articles["published"].iloc[0]) == "2016-10-30"


def test_filtered_export_keeps_only_matching_articles(filled: Archive, tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = filled.export(out, "jsonl", tables=["articles", "quotes", "sources"], outlet="RT")
    assert report.rows == {"articles": 1, "sources": 2, "quotes": 1}
    pkg = json.loads((out / "datapackage.json").read_text())
    assert pkg["archive:filter"] == {"outlet": "RT"}
    assert [r["name"] for r in pkg["resources"]] == ["articles", "sources", "quotes"]


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_every_formats_descriptor_is_a_valid_data_package(
    filled: Archive, tmp_path: Path, fmt: str
) -> None:
    from frictionless import Package, validate

    out = tmp_path / "out"
    filled.export(out, fmt)
    descriptor = json.loads((out / "datapackage.json").read_text())
    report = Package.validate_descriptor(descriptor)
    assert report.valid, [e.message for e in report.errors]
    if fmt != "parquet":  # frictionless reads Parquet through pandas, nulls become "nan"
        data = validate(str(out / "datapackage.json"))
        assert data.valid, data.flatten(["rowNumber", "fieldName", "type", "note"])


def test_datapackage_keys(filled: Archive, tmp_path: Path) -> None:
    from frictionless import Package

    out = tmp_path / "out"
    filled.export(out, "csv")
    pkg = Package(str(out / "datapackage.json"))
    quotes = pkg.get_resource("quotes")
    assert quotes.schema.primary_key == ["id"]
    fks = {
        fk["fields"][0] if isinstance(fk["fields"], list) else fk["fields"]
        for fk in quotes.schema.to_dict()["foreignKeys"]
    }
    assert fks == {"article_id", "source_id"}


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_deterministic_bytes(filled: Archive, tmp_path: Path, fmt: str) -> None:
    filled.export(tmp_path / "a", fmt)
    filled.export(tmp_path / "b", fmt)
    for table in TABLES:
        a = (tmp_path / "a" / f"{table}.{fmt}").read_bytes()
        b = (tmp_path / "b" / f"{table}.{fmt}").read_bytes()
        assert a == b, table


def test_parquet_rows_identical(filled: Archive, tmp_path: Path) -> None:
    filled.export(tmp_path / "a", "parquet")
    filled.export(tmp_path / "b", "parquet")
    for table in TABLES:
        a = pd.read_parquet(tmp_path / "a" / f"{table}.parquet")
        b = pd.read_parquet(tmp_path / "b" / f"{table}.parquet")
        pd.testing.assert_frame_equal(a, b)


@pytest.mark.parametrize("fmt", ["parquet", "jsonl", "csv"])
def test_round_trip_keeps_every_row(filled: Archive, tmp_path: Path, fmt: str, db_url: str) -> None:
    filled.export(tmp_path / "out", fmt)
    backend = "sqlite" if db_url.startswith("sqlite") else "postgresql"
    with empty_database(backend, tmp_path, "copy") as target_url, Archive(target_url) as copy:
        counts = copy.import_dataset(tmp_path / "out")
        for table in TABLES:
            assert counts[table] == _store_rows(filled, table) == _store_rows(copy, table)
        copy.export(tmp_path / "again", "jsonl")
        filled.export(tmp_path / "orig", "jsonl")
        for table in TABLES:
            again = (tmp_path / "again" / f"{table}.jsonl").read_text()
            orig = (tmp_path / "orig" / f"{table}.jsonl").read_text()
            assert again == orig, table
        # the copy answers the same queries
        assert [q.text for q in copy.quotes(source="de Mistura")] == [
            q.text for q in filled.quotes(source="de Mistura")
        ]


def test_import_refuses_non_empty_archive(filled: Archive, tmp_path: Path) -> None:
    filled.export(tmp_path / "out", "jsonl")
    with pytest.raises(ExportError, match="empty archive"):
        filled.import_dataset(tmp_path / "out")


def test_unknown_table_and_missing_package(filled: Archive, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="unknown table"):
        filled.export(tmp_path / "x", "csv", tables=["articles", "people"])
    with pytest.raises(ExportError, match=r"datapackage\.json"):
        filled.import_dataset(tmp_path / "nothing-here")


def test_dataframe_helper(filled: Archive) -> None:
    df = filled.dataframe("quotes", source="de Mistura")
    assert sorted(df["text"]) == ["appalled and shocked by the rockets", "progress is slow"]


def test_reading_a_parquet_export_holds_one_row_group_at_a_time(tmp_path: Path) -> None:
    # An import streams each file: pyarrow's read-ahead kept every row group read so far
    # (an import of a million articles grew to 1.4 GB). 60 row groups of 1 MB each here.
    import pyarrow as pa
    import pyarrow.parquet as pq

    from archive.export import _read_rows

    path = tmp_path / "quotes.parquet"
    spec = TABLES["quotes"]
    rng = random.Random(7)  # distinct texts: repeated ones would be dictionary-encoded away
    texts = ["".join(rng.choices(string.ascii_letters + " ", k=1000)) for _ in range(1000)]
    rows = pa.table({"id": list(range(1000)), "text": texts})
    with pq.ParquetWriter(path, rows.schema, compression="none") as writer:
        for _ in range(60):
            writer.write_table(rows)
    held = []
    for _batch in _read_rows(path, "parquet", spec):
        held.append(pa.total_allocated_bytes())
    assert len(held) >= 12  # 60,000 rows in batches
    assert max(held) < 20 * 2**20, max(held)
