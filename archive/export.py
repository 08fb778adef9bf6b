"""Dataset export and import: JSONL / CSV / Parquet files plus a Frictionless data package.

Rows stream from the database in batches (server-side cursors, Arrow record batches for
Parquet), so memory stays flat whatever the archive's size. Output is deterministic: rows in id
order, fixed column order, fixed encodings, so the same archive and filter give the same bytes.
`import_dataset` rebuilds an archive from such an export, ids included.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Select, func, insert, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from archive import models as m
from archive._version import __version__
from archive.db import refresh_statistics
from archive.errors import ExportError
from archive.query import Filters, article_conditions, claim_conditions, quote_conditions
from archive.store import bulk_insert, source_word_rows

ExportFormat = Literal["parquet", "csv", "jsonl"]
FieldType = Literal["integer", "number", "string", "boolean", "date", "datetime", "array"]
BATCH_ROWS = 5_000


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: FieldType
    description: str = ""
    required: bool = False
    # read from a joined table for the reader's convenience (a quote's speaker's name), not
    # stored in the row: an import skips it
    derived: bool = False


@dataclass(frozen=True, slots=True)
class TableSpec:
    """One exported table: its columns, keys, and how to select its rows for some articles."""

    name: str
    model: type[m.Base]
    columns: tuple[Column, ...]
    description: str
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (field, resource, resource field)

    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _c(name: str, type_: FieldType, description: str = "", required: bool = False) -> Column:
    return Column(name, type_, description, required)


SOURCE_NAME = Column(
    "source",
    "string",
    "The source's canonical name (sources.name); empty when unknown",
    derived=True,
)


ID = _c("id", "integer", "Stable id; joins across files", True)
ARTICLE_ID = _c("article_id", "integer", "Article (articles.id)", True)
SPAN = (
    _c("start", "integer", "Start offset into articles.text (Python str index)"),
    _c("end", "integer", "End offset into articles.text (exclusive)"),
)

TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "articles",
            m.Article,
            (
                ID,
                _c("content_hash", "string", "SHA-256 of the stored text", True),
                _c("title", "string", "Headline", True),
                _c("text", "string", "Stored text: every offset indexes this string", True),
                _c("outlet", "string", "Publisher"),
                _c("url", "string"),
                _c("published", "date", "Publication date (ISO 8601)"),
                _c("byline", "string"),
                _c("dateline", "string"),
                _c("language", "string"),
                _c("source_path", "string", "File the article was read from"),
                _c("version", "integer", "Version of the file at source_path"),
                _c("previous_id", "integer", "Previous version (articles.id)"),
                _c("encoding", "string", "Encoding the file was decoded from"),
                _c("ingested_at", "datetime", "When it was stored (UTC)"),
                _c("extractor_version", "string"),
                _c("word_count", "integer"),
            ),
            "News articles",
            (("previous_id", "articles", "id"),),
        ),
        TableSpec(
            "sources",
            m.Source,
            (
                ID,
                _c("key", "string", "Normalized name: one row per real-world source", True),
                _c("name", "string", "Canonical name", True),
                _c("kind", "string", "person, organization, media, government or other"),
                _c("aliases", "array", "Names as written in articles (JSON list)"),
            ),
            "Sources quoted or cited, one row per source across the archive",
        ),
        TableSpec(
            "source_mentions",
            m.SourceMention,
            (
                ID,
                ARTICLE_ID,
                _c("source_id", "integer", "Source (sources.id)", True),
                _c("local_id", "string", "Source id within the article (S1, S2, ...)"),
                _c("name", "string", "Name as written in the article"),
                _c("role", "string", "First role as written"),
                _c("roles", "array", "Roles as written (JSON list)"),
                _c("spans", "array", "Mention spans [[start, end], ...] into articles.text"),
            ),
            "A source in one article: roles and mention spans",
            (("article_id", "articles", "id"), ("source_id", "sources", "id")),
        ),
        TableSpec(
            "quotes",
            m.Quote,
            (
                ID,
                ARTICLE_ID,
                _c("source_id", "integer", "Speaker (sources.id); empty when unknown"),
                SOURCE_NAME,
                _c("text", "string", "Words inside the quotation marks", True),
                *SPAN,
                _c("cue", "string", "Speech verb or phrase"),
            ),
            "Direct quotations",
            (("article_id", "articles", "id"), ("source_id", "sources", "id")),
        ),
        TableSpec(
            "claims",
            m.Claim,
            (
                ID,
                ARTICLE_ID,
                _c("source_id", "integer", "Source (sources.id); empty when unnamed"),
                SOURCE_NAME,
                _c("quote_id", "integer", "The quote a direct claim is (quotes.id)"),
                _c("kind", "string", "direct, indirect or mixed", True),
                _c("act", "string", "say, think, find or intend", True),
                _c("content", "string", "The attributed proposition", True),
                *SPAN,
                _c("cue", "string", "Verb or phrase of attribution"),
                _c("hedge", "string", "Epistemic cue: alleged, reportedly, denied, ..."),
            ),
            "Statements attributed to sources",
            (
                ("article_id", "articles", "id"),
                ("source_id", "sources", "id"),
                ("quote_id", "quotes", "id"),
            ),
        ),
        TableSpec(
            "quantities",
            m.Quantity,
            (
                ID,
                _c("claim_id", "integer", "Claim (claims.id)", True),
                ARTICLE_ID,
                _c("value", "number", "Numeric value", True),
                _c("unit", "string", "What is counted (people, cases, ...)"),
                _c("text", "string", "As written", True),
                *SPAN,
                _c("qualifier", "string", "over, at least, about, up to, ..."),
                _c("approximate", "boolean", "An approximate amount (scores of, dozens of)"),
            ),
            "Numbers that claims carry",
            (("claim_id", "claims", "id"), ("article_id", "articles", "id")),
        ),
        TableSpec(
            "places",
            m.Place,
            (
                ID,
                _c("geonameid", "integer", "GeoNames id"),
                _c("name", "string", "Gazetteer name", True),
                _c("country_code", "string", "ISO 3166-1 alpha-2"),
                _c("admin1", "string", "GeoNames admin1 code"),
                _c("admin2", "string", "GeoNames admin2 code"),
                _c("continent", "string", "GeoNames continent code (AF AS EU NA OC SA AN)"),
                _c("feature_class", "string", "GeoNames feature class"),
                _c("feature_code", "string", "GeoNames feature code"),
                _c("lat", "number", "Latitude (WGS84)"),
                _c("lon", "number", "Longitude (WGS84)"),
                _c("population", "integer"),
            ),
            "Gazetteer entries mentioned in articles (GeoNames, CC BY 4.0)",
        ),
        TableSpec(
            "place_mentions",
            m.PlaceMention,
            (
                ID,
                ARTICLE_ID,
                _c("place_id", "integer", "Place (places.id); empty when unresolved"),
                _c("country_code", "string", "The place's country (ISO 3166-1 alpha-2)"),
                _c("admin1", "string", "The place's GeoNames admin1 code"),
                *SPAN,
                _c("text", "string", "Surface form"),
                _c("embedded", "boolean", "Inside an organisation's name"),
                _c("demonym", "boolean", "A demonym (Syrian, Russian) of the place"),
            ),
            "Place names in articles with their spans",
            (("article_id", "articles", "id"), ("place_id", "places", "id")),
        ),
    )
}
TABLE_ALIASES = {"mentions": ("source_mentions", "place_mentions")}


def resolve_tables(names: Sequence[str] | None) -> list[str]:
    """Table names in dependency order; "mentions" means both mention tables."""
    if not names:
        return list(TABLES)
    wanted: set[str] = set()
    for raw in names:
        name = raw.strip()
        if not name:
            continue
        if name in TABLE_ALIASES:
            wanted.update(TABLE_ALIASES[name])
        elif name in TABLES:
            wanted.add(name)
        else:
            known = ", ".join([*TABLES, *TABLE_ALIASES])
            raise ExportError(f"unknown table {name!r}; known: {known}")
    return [t for t in TABLES if t in wanted]


def _rows_query(session: Session, table: str, f: Filters) -> Select[Any]:
    """The rows of `table` the filter selects, in id order: quotes and claims (and the
    quantities claims carry) as the quote and claim lists select them (a source filter keeps
    what that source said), every other table's rows belong to the selected articles."""
    spec = TABLES[table]
    if table in ("quotes", "claims"):
        model: Any = m.Quote if table == "quotes" else m.Claim
        rows = quote_conditions(session, f) if table == "quotes" else claim_conditions(session, f)
        return (
            select(
                *(
                    m.Source.name.label("source") if c.derived else getattr(model, c.name)
                    for c in spec.columns
                )
            )
            .join(m.Article, m.Article.id == model.article_id)
            .join(m.Source, m.Source.id == model.source_id, isouter=True)
            .where(*rows)
            .order_by(model.id)
        )
    if table == "quantities":
        claims = (
            select(m.Claim.id)
            .join(m.Article, m.Article.id == m.Claim.article_id)
            .where(*claim_conditions(session, f))
        )
        return (
            select(*(getattr(m.Quantity, c.name) for c in spec.columns))
            .where(m.Quantity.claim_id.in_(claims))
            .order_by(m.Quantity.id)
        )
    conds = article_conditions(session, f)
    article_ids = select(m.Article.id).where(*conds) if conds else None
    if table == "articles":
        q = select(
            *(
                m.Outlet.name.label("outlet") if c.name == "outlet" else getattr(m.Article, c.name)
                for c in spec.columns
            )
        ).join(m.Outlet, m.Outlet.id == m.Article.outlet_id, isouter=True)
        if article_ids is not None:
            q = q.where(m.Article.id.in_(article_ids))
        return q.order_by(m.Article.id)
    model = spec.model
    q = select(*(getattr(model, c.name) for c in spec.columns))
    if table == "sources":
        if article_ids is not None:
            q = q.where(
                m.Source.id.in_(
                    select(m.SourceMention.source_id).where(
                        m.SourceMention.article_id.in_(article_ids)
                    )
                )
            )
    elif table == "places":
        if article_ids is not None:
            q = q.where(
                m.Place.id.in_(
                    select(m.PlaceMention.place_id).where(
                        m.PlaceMention.article_id.in_(article_ids)
                    )
                )
            )
    elif article_ids is not None:
        q = q.where(model.article_id.in_(article_ids))  # type: ignore[attr-defined]
    return q.order_by(model.id)  # type: ignore[attr-defined]


def _stream(conn: Connection, q: Select[Any]) -> Iterator[Sequence[Any]]:
    """Rows in batches from a server-side cursor (psycopg) or SQLite's lazy cursor."""
    result = conn.execution_options(stream_results=True, yield_per=BATCH_ROWS).execute(q)
    yield from result.partitions()


def _json_value(value: Any, type_: FieldType) -> Any:
    if value is None:
        return None
    if type_ == "date":
        return value.isoformat()
    if type_ == "datetime":
        return value.replace(microsecond=value.microsecond).isoformat()
    return value


def _csv_value(value: Any, type_: FieldType) -> str:
    if value is None:
        return ""
    if type_ == "array":
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if type_ == "boolean":
        return "true" if value else "false"
    if type_ in ("date", "datetime"):
        return value.isoformat()
    return str(value)


def _arrow_schema(spec: TableSpec) -> Any:
    import pyarrow as pa

    types = {
        "integer": pa.int64(),
        "number": pa.float64(),
        "string": pa.string(),
        "boolean": pa.bool_(),
        "date": pa.date32(),
        "datetime": pa.timestamp("us"),
        "array": pa.string(),  # JSON text: nested lists of spans survive every reader
    }
    return pa.schema([pa.field(c.name, types[c.type]) for c in spec.columns])


@dataclass(slots=True)
class ExportReport:
    """What an export wrote: rows per table and the files."""

    out_dir: Path
    format: ExportFormat
    rows: dict[str, int] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)


def export_dataset(
    session: Session,
    out_dir: Path,
    fmt: ExportFormat,
    *,
    tables: Sequence[str] | None = None,
    filters: Filters | None = None,
    on_rows: Callable[[str, int], None] | None = None,
) -> ExportReport:
    """Write one file per table and datapackage.json into `out_dir` (created if missing)."""
    if fmt not in ("parquet", "csv", "jsonl"):
        raise ExportError(f"unknown format {fmt!r}: use parquet, csv or jsonl")
    f = filters or Filters()
    names = resolve_tables(tables)
    out_dir.mkdir(parents=True, exist_ok=True)
    report = ExportReport(out_dir=out_dir, format=fmt)
    conn = session.connection()
    for name in names:
        spec = TABLES[name]
        path = out_dir / f"{name}.{fmt}"
        q = _rows_query(session, name, f)
        n = _write_table(conn, q, spec, path, fmt, on_rows)
        report.rows[name] = n
        report.files.append(path)
    descriptor = datapackage(names, fmt, f, report.rows)
    (out_dir / "datapackage.json").write_text(
        json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return report


def _write_table(
    conn: Connection,
    q: Select[Any],
    spec: TableSpec,
    path: Path,
    fmt: ExportFormat,
    on_rows: Callable[[str, int], None] | None,
) -> int:
    cols = spec.columns
    n = 0
    tmp = path.with_name(path.name + ".part")
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = _arrow_schema(spec)
        with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
            for batch in _stream(conn, q):
                arrays = []
                for i, c in enumerate(cols):
                    values = [row[i] for row in batch]
                    if c.type == "array":
                        values = [
                            None if v is None else json.dumps(v, separators=(",", ":"))
                            for v in values
                        ]
                    arrays.append(pa.array(values, type=schema.field(i).type))
                writer.write_batch(pa.record_batch(arrays, schema=schema))
                n += len(batch)
                if on_rows:
                    on_rows(spec.name, len(batch))
            if n == 0:
                writer.write_table(schema.empty_table())
    else:
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            if fmt == "csv":
                w = csv.writer(fh, lineterminator="\n")
                w.writerow([c.name for c in cols])
            for batch in _stream(conn, q):
                buf = io.StringIO()
                if fmt == "csv":
                    bw = csv.writer(buf, lineterminator="\n")
                    bw.writerows(
                        [_csv_value(row[i], c.type) for i, c in enumerate(cols)] for row in batch
                    )
                else:
                    for row in batch:
                        obj = {c.name: _json_value(row[i], c.type) for i, c in enumerate(cols)}
                        buf.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")))
                        buf.write("\n")
                fh.write(buf.getvalue())
                n += len(batch)
                if on_rows:
                    on_rows(spec.name, len(batch))
    tmp.replace(path)
    return n


def datapackage(
    names: Sequence[str], fmt: ExportFormat, f: Filters, rows: dict[str, int]
) -> dict[str, Any]:
    """A Frictionless Data Package descriptor for the exported files."""
    frictionless_type = {
        "integer": "integer",
        "number": "number",
        "string": "string",
        "boolean": "boolean",
        "date": "date",
        "datetime": "datetime",
        "array": "array" if fmt != "parquet" else "string",
    }
    resources = []
    for name in names:
        spec = TABLES[name]
        fields = []
        for c in spec.columns:
            fd: dict[str, Any] = {"name": c.name, "type": frictionless_type[c.type]}
            if c.description:
                fd["description"] = c.description
            if c.required:
                fd["constraints"] = {"required": True}
            if c.type == "array" and fmt == "parquet":
                # Parquet holds the list as JSON text; Table Schema's string formats (email,
                # uri, ...) have no "json", so this says it in a property of our own
                fd["archive:encoding"] = "json"
            fields.append(fd)
        schema: dict[str, Any] = {"fields": fields, "primaryKey": ["id"]}
        fks = [
            {"fields": fld, "reference": {"resource": res, "fields": ref}}
            for fld, res, ref in spec.foreign_keys
            if res in names
        ]
        if fks:
            schema["foreignKeys"] = fks
        resource: dict[str, Any] = {
            "name": name,
            "path": f"{name}.{fmt}",
            "format": fmt,
            "description": spec.description,
            "schema": schema,
            "archive:rows": rows.get(name, 0),
        }
        if fmt != "parquet":
            resource.update(encoding="utf-8", mediatype="text/csv" if fmt == "csv" else None)
            if fmt == "jsonl":
                resource["mediatype"] = "application/x-ndjson"
        resources.append(resource)
    return {
        "name": "archive-export",
        "title": "News articles with their sources, quotes, claims and places",
        "created": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "archive:version": __version__,
        "archive:filter": f.described(),
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
                "title": "Place data: GeoNames (CC BY 4.0); article texts keep their own terms",
            }
        ],
        "resources": resources,
    }


# --- import -------------------------------------------------------------------------------


def _read_rows(path: Path, fmt: str, spec: TableSpec) -> Iterator[list[dict[str, Any]]]:
    """Batches of row dicts in the ORM's Python types, from a parquet, jsonl or csv file."""
    types = {c.name: c.type for c in spec.columns if not c.derived}
    if fmt == "parquet":
        import pyarrow.parquet as pq

        # pre_buffer=False: with read-ahead, pyarrow keeps every row group it has read until
        # the file is done (an import of a million articles grew to 1.4 GB); without it, one.
        pf = pq.ParquetFile(path, pre_buffer=False)
        for batch in pf.iter_batches(batch_size=BATCH_ROWS):
            yield [_from_file(row, types) for row in batch.to_pylist()]
    elif fmt in ("jsonl", "csv"):
        yield from _read_text_rows(path, fmt, types)
    else:
        raise ExportError(f"{path}: cannot import {fmt!r} files: parquet, jsonl or csv")


def _read_text_rows(
    path: Path, fmt: str, types: dict[str, FieldType]
) -> Iterator[list[dict[str, Any]]]:
    """Batches of row dicts from a JSONL or CSV export; a bad row names its line."""
    batch: list[dict[str, Any]] = []
    with path.open(encoding="utf-8", newline="") as fh:
        if fmt == "csv":
            # an article's text is one field and may exceed csv's default 128 kB field limit
            csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))
            reader = csv.DictReader(fh)
            records: Iterator[tuple[int, Any]] = ((reader.line_num, r) for r in reader)
        else:
            records = ((n, line) for n, line in enumerate(fh, 1) if line.strip())
        for line_no, record in records:
            try:
                if fmt == "csv":
                    row = _from_csv(record, types)
                else:
                    row = _from_file(json.loads(record), types)
            except (ValueError, TypeError) as exc:
                raise ExportError(f"{path}:{line_no}: not a valid row: {exc}") from exc
            batch.append(row)
            if len(batch) >= BATCH_ROWS:
                yield batch
                batch = []
    if batch:
        yield batch


def _from_csv(row: dict[str, str], types: dict[str, FieldType]) -> dict[str, Any]:
    """A CSV row (every value text, empty for null) in the types `_from_file` reads."""
    typed: dict[str, Any] = {}
    for name, type_ in types.items():
        value = row.get(name)
        if value is None or value == "":
            typed[name] = None
        elif type_ == "integer":
            typed[name] = int(value)
        elif type_ == "number":
            typed[name] = float(value)
        elif type_ == "boolean":
            if value not in ("true", "false"):
                raise ValueError(f"{name}: {value!r} is not true or false")
            typed[name] = value == "true"
        else:
            typed[name] = value
    return _from_file(typed, types)


def _from_file(row: dict[str, Any], types: dict[str, FieldType]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, type_ in types.items():
        value = row.get(name)
        if value is not None:
            if type_ == "array" and isinstance(value, str):
                value = json.loads(value)
            elif type_ == "date" and isinstance(value, str):
                value = dt.date.fromisoformat(value)
            elif type_ == "datetime" and isinstance(value, str):
                value = dt.datetime.fromisoformat(value)
        out[name] = value
    return out


def import_dataset(
    session: Session, src_dir: Path, on_rows: Callable[[str, int], None] | None = None
) -> dict[str, int]:
    """Load an export into an empty archive inside the caller's transaction; ids are kept."""
    desc_path = src_dir / "datapackage.json"
    try:
        descriptor = json.loads(desc_path.read_text(encoding="utf-8"))
        resources = {r["name"]: r for r in descriptor["resources"]}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ExportError(f"{desc_path}: not a readable data package: {exc}") from exc
    if session.scalar(select(func.count()).select_from(m.Article)):
        raise ExportError("import-dataset needs an empty archive; this one holds articles")
    counts: dict[str, int] = {}
    outlets: dict[str, int] = {}
    for name in TABLES:
        if name not in resources:
            continue
        spec = TABLES[name]
        res = resources[name]
        path = src_dir / res["path"]
        if not path.is_file():
            raise ExportError(f"{path}: listed in datapackage.json but missing")
        n = 0
        for batch in _read_rows(path, res.get("format", path.suffix.lstrip(".")), spec):
            if name == "articles":
                batch = [_article_row(session, row, outlets) for row in batch]
            bulk_insert(session, spec.model.__table__, batch)  # COPY on PostgreSQL
            if name == "sources":  # the word index source queries read (not exported)
                words = source_word_rows((row["id"], row["key"]) for row in batch)
                bulk_insert(session, m.SourceWord.__table__, words)
            n += len(batch)
            if on_rows:
                on_rows(name, len(batch))
        counts[name] = n
    _reset_sequences(session)
    refresh_statistics(session, added=counts.get("articles", 0), total=counts.get("articles", 0))
    return counts


def _article_row(session: Session, row: dict[str, Any], outlets: dict[str, int]) -> dict[str, Any]:
    outlet = row.pop("outlet", None)
    row["outlet_id"] = None
    if outlet:
        if outlet not in outlets:
            oid = session.scalar(select(m.Outlet.id).where(m.Outlet.name == outlet))
            if oid is None:
                oid = session.scalar(insert(m.Outlet).values(name=outlet).returning(m.Outlet.id))
            outlets[outlet] = int(oid)  # type: ignore[arg-type]
        row["outlet_id"] = outlets[outlet]
    return row


def _reset_sequences(session: Session) -> None:
    """After inserting explicit ids, PostgreSQL's sequences must move past them."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for spec in TABLES.values():
        table = spec.model.__tablename__
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            )
        )
