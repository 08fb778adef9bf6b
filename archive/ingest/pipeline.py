"""The ingest run: files through worker processes (read, parse, extract) to one batching writer.

Workers do the CPU work in parallel and return plain pydantic models; the parent process owns
the only database connection and writes each batch in one transaction, so a crash or Ctrl-C
leaves whole batches only. Every file is accounted for: added, duplicate, or failed with a
reason that goes to stderr and to `ingest_failures`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from archive import models as m
from archive.errors import IngestError, StoreError
from archive.extract import extract_article, extractor_version
from archive.ingest.formats import (
    Unit,
    container_format,
    format_by_name,
    html_document,
    is_text_name,
    iter_records,
    looks_like_html,
    raw_hash,
    record_document,
)
from archive.ingest.parse import count_words, parse_document
from archive.ingest.readers import (
    DEFAULT_MAX_BYTES,
    RawDocument,
    iter_files,
    metadata_row,
    read_bytes,
    read_sidecar,
    text_document,
)
from archive.schemas import ExtractedArticle, ParsedArticle
from archive.store import Writer

DEFAULT_BATCH_SIZE = 500


@dataclass(slots=True)
class IngestOptions:
    """What `archive ingest` was asked to do; stored with the run for provenance."""

    outlet: str | None = None
    metadata: Mapping[str, Mapping[str, Any]] | None = None
    metadata_path: str | None = None
    glob: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    jobs: int = 1
    batch_size: int = DEFAULT_BATCH_SIZE
    # "auto" tells each file's format by its name and content; any other value of
    # formats.FORMATS reads every file as that format.
    format: str = "auto"
    # Our keys (text, title, published, ...) mapped to a record's field names (--field).
    fields: dict[str, str] | None = None
    # `archive extract` takes any text, a document without a headline line too.
    require_headline: bool = True
    # Workers look up each text's hash here before extracting, so re-ingesting a stored
    # corpus costs a read and a hash per file, not an extraction.
    database_url: str | None = None


@dataclass(slots=True)
class Failure:
    """One file that did not become an article."""

    path: str
    reason: str


@dataclass(slots=True)
class IngestReport:
    """The run summary: what the table at the end of `archive ingest` shows."""

    run_id: int | None = None
    files: int = 0
    seen: int = 0
    added: int = 0
    duplicates: int = 0
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False

    @property
    def failed(self) -> int:
        """How many documents (files, records) failed."""
        return len(self.failures)

    @property
    def rate(self) -> float:
        """Documents handled per second (added, duplicate or failed)."""
        return self.seen / self.seconds if self.seconds > 0 else 0.0


@dataclass(slots=True)
class Known:
    """A document whose text (or page) the archive already holds (found before extraction)."""

    path: str


Item = Unit | Failure


Processed = tuple[ParsedArticle, ExtractedArticle] | Failure | Known
# What a worker sends back: the extraction as JSON text. A pickled pydantic model is rebuilt
# object by object in the parent (about 0.4 ms an article, on the core the writer needs);
# pydantic's own JSON is written and validated in Rust, a third of that at both ends.
Shipped = tuple[ParsedArticle, str] | Failure | Known

_worker_options: IngestOptions | None = None
_worker_lookup: HashLookup | None = None


class HashLookup:
    """Read-only check of content hashes against the store, one connection per process."""

    def __init__(self, url: str) -> None:
        from archive.db import make_engine

        self.engine = make_engine(url, poolclass=NullPool)
        self.conn = self.engine.connect()

    def known(self, hashes: list[str]) -> set[str]:
        """Which of these content hashes are stored (committed) already, in one query.

        Only a shortcut: if the store cannot answer (a dropped connection), the files are
        extracted and the writer's own check decides, so a lost connection loses no file.
        """
        if not hashes:
            return set()
        for attempt in (1, 2):
            try:
                found = self.conn.execute(self._stmt, {"hashes": hashes}).scalars().all()
                self.conn.rollback()  # end the read so WAL checkpoints are not held back
                return set(found)
            except SQLAlchemyError:
                if attempt == 2:
                    return set()
                self._reconnect()
        return set()

    def known_pages(self, hashes: list[str]) -> set[str]:
        """Which of these page (raw HTML) hashes are stored already: a page re-ingested is
        recognised before its main text is extracted again."""
        if not hashes:
            return set()
        try:
            found = self.conn.execute(self._raw_stmt, {"hashes": hashes}).scalars().all()
            self.conn.rollback()
            return {h for h in found if h}
        except SQLAlchemyError:
            self._reconnect()
            return set()

    _stmt = select(m.Article.content_hash).where(
        m.Article.content_hash.in_(bindparam("hashes", expanding=True))
    )
    _raw_stmt = select(m.Article.raw_hash).where(
        m.Article.raw_hash.in_(bindparam("hashes", expanding=True))
    )

    def _reconnect(self) -> None:
        with contextlib.suppress(SQLAlchemyError):
            self.conn.close()
        with contextlib.suppress(SQLAlchemyError):
            self.conn = self.engine.connect()

    def close(self) -> None:
        """Release the connection."""
        self.conn.close()
        self.engine.dispose()


def _init_worker(options: IngestOptions) -> None:
    global _worker_options, _worker_lookup
    # Ctrl-C is the parent's to handle: it stores what is processed and stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_options = options
    _worker_lookup = HashLookup(options.database_url) if options.database_url else None


def process_units(
    items: Sequence[Item], options: IngestOptions, lookup: HashLookup | None = None
) -> list[Processed]:
    """Read and parse a few documents, ask the store once which are stored already, and
    extract the rest; failures come back as values, never raised.

    A unit is a file to read (with its metadata-table row, looked up by the caller so workers
    never hold the whole table) or a record of a many-article file. Pages are looked up by
    their raw hash before their main text is extracted, texts by their content hash before
    extraction: a re-ingest of a stored corpus is mostly look-ups, one query per batch.
    """
    loaded = [_load(x, options) if isinstance(x, Unit) else x for x in items]
    pages = [
        x.meta["raw_hash"] for x in loaded if isinstance(x, _Loaded) and x.meta.get("raw_hash")
    ]
    known_pages = lookup.known_pages(pages) if lookup is not None and pages else set()
    parsed: list[ParsedArticle | Failure | Known] = []
    for x in loaded:
        if isinstance(x, Failure):
            parsed.append(x)
        elif x.meta.get("raw_hash") in known_pages:
            parsed.append(Known(x.unit.path))
        else:
            parsed.append(_parse(x, options))
    known = (
        lookup.known([x.content_hash for x in parsed if isinstance(x, ParsedArticle)])
        if lookup is not None
        else set()
    )
    out: list[Processed] = []
    for y in parsed:
        if not isinstance(y, ParsedArticle):
            out.append(y)
        elif y.content_hash in known:
            out.append(Known(y.path))
        else:
            out.append(_extract(y))
    return out


def process_files(
    items: Sequence[tuple[str, Mapping[str, Any] | None]],
    options: IngestOptions,
    lookup: HashLookup | None = None,
) -> list[Processed]:
    """`process_units` for single-document files given as (path, metadata row) pairs."""
    return process_units(
        [Unit(path=p, kind="file", meta=dict(r) if r else None) for p, r in items], options, lookup
    )


def parse_unit(item: Item, options: IngestOptions) -> ParsedArticle | Failure:
    """One unit read and parsed, without the store (what `archive extract` prints)."""
    if isinstance(item, Failure):
        return item
    loaded = _load(item, options)
    return loaded if isinstance(loaded, Failure) else _parse(loaded, options)


@dataclass(slots=True)
class _Loaded:
    """A unit with its bytes read and its format known, before parsing."""

    unit: Unit
    fmt: str  # "text" or "html"
    data: bytes | str
    meta: dict[str, Any]
    path: Path | None = None  # of a file unit, made once


def _load(unit: Unit, options: IngestOptions) -> _Loaded | Failure:
    try:
        meta = dict(unit.meta or {})
        if unit.kind != "file":
            assert unit.data is not None
            if unit.kind == "html":
                meta["raw_hash"] = raw_hash(unit.data)
            return _Loaded(unit, unit.kind, unit.data, meta)
        path = Path(unit.path)
        data = read_bytes(path, max_bytes=options.max_bytes)
        if options.format in ("text", "html"):
            fmt: str | None = options.format
        else:
            fmt = "text" if is_text_name(unit.path) else format_by_name(path)
        if fmt not in ("text", "html"):
            fmt = "html" if looks_like_html(data) else "text"
        if fmt == "html":
            meta["raw_hash"] = raw_hash(data)
        return _Loaded(unit, fmt, data, meta, path)
    except IngestError as exc:
        return Failure(exc.path, exc.reason)
    except Exception as exc:  # a bug must not lose the rest of the batch
        return Failure(unit.path, f"internal error while reading: {type(exc).__name__}: {exc}")


def _parse(x: _Loaded, options: IngestOptions) -> ParsedArticle | Failure:
    unit = x.unit
    try:
        require_headline = options.require_headline
        raw: RawDocument
        if x.fmt == "text" and x.path is not None:
            row = unit.meta
            table = {x.path.name: row} if row else options.metadata
            assert isinstance(x.data, bytes)
            raw = text_document(x.path, x.data, table=table)
        elif x.fmt == "text":
            raw, titled = record_document(unit)
            require_headline = require_headline and titled
        else:
            raw = html_document(
                x.data, unit.path, url=(unit.meta or {}).get("url"), charset=unit.charset
            )
            if unit.kind == "file":
                # what the user says about a file (table row, sidecar) wins over the page
                raw.metadata.update(metadata_row(options.metadata, Path(unit.path)) or {})
                raw.metadata.update(x.meta)
                raw.metadata.update(read_sidecar(Path(unit.path)))
            else:
                raw.metadata.update(x.meta)  # a WARC record's target URI and date
        raw.metadata.setdefault("raw_hash", x.meta.get("raw_hash"))
        if options.outlet and "outlet" not in raw.metadata:
            raw.metadata["outlet"] = options.outlet
        return parse_document(raw, require_headline=require_headline, with_word_count=False)
    except IngestError as exc:
        return Failure(exc.path, exc.reason)
    except Exception as exc:  # a bug must not lose the rest of the batch
        return Failure(unit.path, f"internal error while reading: {type(exc).__name__}: {exc}")


_gazetteer_loaded = False


def _load_gazetteer() -> None:
    """Load the gazetteer once per process and move it out of the garbage collector's sight
    (its long-lived objects would otherwise be re-scanned by every full collection).

    Done before the first article that needs extraction, not at start: a re-ingest of stored
    files never needs it, and loading it in every worker was about a seventh of such a run."""
    global _gazetteer_loaded
    if not _gazetteer_loaded:
        from archive.extract.gazetteer import get_gazetteer

        get_gazetteer()
        gc.freeze()
        _gazetteer_loaded = True


def _extract(parsed: ParsedArticle) -> Processed:
    try:
        _load_gazetteer()
        parsed.word_count = count_words(parsed.text)
        return parsed, extract_article(parsed.text, parsed.dateline_span)
    except Exception as exc:  # a bug in extraction must not lose the rest of the batch
        return Failure(parsed.path, f"internal error while processing: {type(exc).__name__}: {exc}")


def iter_units(
    files: Iterable[str],
    options: IngestOptions,
    on_read: Callable[[int], None] | None = None,
) -> Iterator[Item]:
    """Every document of the files, in order: a unit per single-document file (read later by
    a worker), a unit per record of a many-article file (streamed here, so memory does not
    grow with the file), or a Failure naming the file or record that cannot be read.

    `on_read(n)` is told how many more bytes of input were read, for a progress bar by bytes.
    """
    fields = options.fields or {}
    auto = options.format == "auto"
    for name in files:
        text_file = auto and is_text_name(name)  # the plain text corpus: no Path, no sniffing
        fmt = None if text_file else container_format(Path(name), options.format)
        if fmt is None:
            if on_read:
                on_read(_size(name))
            row = metadata_row(options.metadata, Path(name)) if options.metadata else None
            yield Unit(path=name, kind="file", meta=dict(row) if row else None)
            continue
        path = Path(name)
        for item in iter_records(
            path, fmt, mapping=fields, max_bytes=options.max_bytes, on_read=on_read
        ):
            if isinstance(item, IngestError):
                yield Failure(item.path, item.reason)
            else:
                if options.outlet and item.meta is not None:
                    item.meta.setdefault("outlet", options.outlet)
                yield item


def _size(name: str) -> int:
    try:
        return os.stat(name).st_size
    except OSError:
        return 0


def _processed(units: Iterable[Item], options: IngestOptions) -> Iterator[Processed]:
    """Results in input order. With workers, a bounded window of documents is in flight, so
    a million-file corpus (or a multi-GB WARC) never becomes a million futures, and stopping
    cancels what is queued."""
    if options.jobs <= 1:
        lookup = HashLookup(options.database_url) if options.database_url else None
        try:
            it = iter(units)
            while batch := list(islice(it, 16)):
                yield from process_units(batch, options, lookup)
        finally:
            if lookup is not None:
                lookup.close()
        return
    from archive.extract.gazetteer import ensure_index

    ensure_index()  # build the gazetteer index once here, not once per worker
    # Workers get each file's metadata row with the file, not the whole table.
    worker_options = replace(options, metadata=None)
    it = iter(units)
    chunks = iter(lambda: list(islice(it, 16)), [])
    for shipped in map_in_workers(
        _process_chunk, chunks, options.jobs, _init_worker, (worker_options,)
    ):
        for item in shipped:
            if isinstance(item, tuple):
                yield item[0], ExtractedArticle.model_validate_json(item[1])
            else:
                yield item


X = TypeVar("X")
R = TypeVar("R")


def map_in_workers(
    fn: Callable[[X], R],
    chunks: Iterable[X],
    jobs: int,
    initializer: Callable[..., None],
    initargs: tuple[Any, ...] = (),
) -> Iterator[R]:
    """`fn` over chunks in `jobs` worker processes, results in input order (ingest and
    reextract both). A bounded window of chunks is in flight, so a million-article input
    never becomes a million futures, and stopping (closing the generator) cancels what is
    queued."""
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=initializer, initargs=initargs)
    pending: deque[Future[R]] = deque()
    window = jobs * 4
    try:
        it = iter(chunks)
        while True:
            for chunk in islice(it, window - len(pending)):
                pending.append(pool.submit(fn, chunk))
            if not pending:
                break
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _process_chunk(items: list[Item]) -> list[Shipped]:
    assert _worker_options is not None
    return [
        (x[0], x[1].model_dump_json()) if isinstance(x, tuple) else x
        for x in process_units(items, _worker_options, _worker_lookup)
    ]


def run_ingest(
    factory: sessionmaker[Session],
    paths: list[Path],
    options: IngestOptions,
    *,
    on_progress: Callable[[int, int], None] | None = None,
    on_failure: Callable[[Failure], None] | None = None,
    on_bytes: Callable[[int, int], None] | None = None,
) -> IngestReport:
    """Ingest files into the store.

    `on_progress(done, files)` is called after each document (a file, or a record of a WARC,
    JSON or table file) with the documents handled so far and the number of files;
    `on_bytes(read, total)` with the bytes of input read so far and in all, which is what a
    progress bar over a multi-GB WARC can show."""
    started = time.perf_counter()
    files = [
        str(p) for p in iter_files(paths, options.glob, options.fields)
    ]  # str: a third of a Path
    total_bytes = sum(_size(f) for f in files) if on_bytes else 0
    read = [0]

    def on_read(n: int) -> None:
        read[0] += n

    report = IngestReport(files=len(files))
    try:
        report.run_id = _start_run(factory, paths, options)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot start the ingest run: {_db_message(exc)}") from exc
    writer = Writer(extractor_version())
    pending: list[tuple[ParsedArticle, ExtractedArticle]] = []
    pending_failures: list[Failure] = []

    def flush() -> None:
        if not pending and not pending_failures:
            return
        try:
            with factory.begin() as session:
                result = writer.write_batch(session, pending, report.run_id)
                if pending_failures:
                    session.execute(
                        insert(m.IngestFailure),
                        [
                            # PostgreSQL text cannot hold NUL, which a file name or a
                            # quoted broken record may
                            {
                                "run_id": report.run_id,
                                "path": f.path.replace("\x00", "\\0"),
                                "reason": f.reason.replace("\x00", "\\0"),
                            }
                            for f in pending_failures
                        ],
                    )
                session.execute(
                    update(m.IngestRun)
                    .where(m.IngestRun.id == report.run_id)
                    .values(
                        seen=report.seen,
                        added=report.added + len(result.added_ids),
                        duplicates=report.duplicates + result.duplicates,
                        failed=report.failed,
                    )
                )
        except SQLAlchemyError as exc:
            writer.forget()
            raise StoreError(
                f"writing a batch of {len(pending)} articles failed and was rolled back "
                f"({report.added} articles stored before it): {_db_message(exc)}"
            ) from exc
        report.added += len(result.added_ids)
        report.duplicates += result.duplicates
        pending.clear()
        pending_failures.clear()

    stop = _StopOnInterrupt()
    try:
        with stop:
            units = iter_units(files, options, on_read)
            for item in _processed(units, options):
                report.seen += 1
                if isinstance(item, Known):
                    report.duplicates += 1
                elif isinstance(item, Failure):
                    report.failures.append(item)
                    pending_failures.append(item)
                    if on_failure:
                        on_failure(item)
                else:
                    pending.append(item)
                if len(pending) >= options.batch_size:
                    flush()
                if on_progress:
                    on_progress(report.seen, len(files))
                if on_bytes:
                    on_bytes(min(read[0], total_bytes), total_bytes)
                if stop.requested:
                    break
            # Articles already processed are whole: store them, then stop.
            flush()
    except KeyboardInterrupt:
        # A second Ctrl-C (or one outside the main thread's handler) lands here; the batch
        # in flight, if any, was rolled back by its transaction.
        stop.requested = True
    finally:
        report.interrupted = stop.requested
        report.seconds = time.perf_counter() - started
        _finish_run(factory, report)
    return report


class _StopOnInterrupt:
    """Turn the first Ctrl-C into a request to stop after the current batch.

    Raising KeyboardInterrupt in the middle of a database write would leave a connection in
    an unknown state; a flag checked between files never does. A second Ctrl-C restores the
    default behaviour, so a user can still force the stop.
    """

    def __init__(self) -> None:
        self.requested = False
        self._previous: Any = None
        self._installed = False

    def _handle(self, signum: int, frame: Any) -> None:
        self.requested = True
        signal.signal(signal.SIGINT, signal.default_int_handler)

    def __enter__(self) -> _StopOnInterrupt:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handle)
            self._installed = True
        return self

    def __exit__(self, *exc: object) -> None:
        if self._installed:
            signal.signal(signal.SIGINT, self._previous)


def _start_run(factory: sessionmaker[Session], paths: list[Path], options: IngestOptions) -> int:
    """Record the run before any work, so even a killed run leaves a trace."""
    with factory.begin() as session:
        run = m.IngestRun(
            paths=[str(p) for p in paths],
            options={
                "outlet": options.outlet,
                "metadata": options.metadata_path,
                "glob": options.glob,
                "max_bytes": options.max_bytes,
                "jobs": options.jobs,
                "format": options.format,
                "fields": options.fields or None,
            },
            extractor_version=extractor_version(),
        )
        session.add(run)
        session.flush()
        return run.id


def _finish_run(factory: sessionmaker[Session], report: IngestReport) -> None:
    status = "interrupted" if report.interrupted else "done"
    try:
        with factory.begin() as session:
            session.execute(
                update(m.IngestRun)
                .where(m.IngestRun.id == report.run_id)
                .values(
                    finished_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
                    status=status,
                    seen=report.seen,
                    added=report.added,
                    duplicates=report.duplicates,
                    failed=report.failed,
                )
            )
        if report.added:
            _refresh_statistics(factory, report.added)
    except SQLAlchemyError:
        pass  # the run row is bookkeeping; the error that brought us here is what matters


def _refresh_statistics(factory: sessionmaker[Session], added: int) -> None:
    from archive.db import refresh_statistics

    with factory() as session:
        total = session.scalar(select(func.count()).select_from(m.Article)) or 0
        refresh_statistics(session, added=added, total=total)
        session.commit()


def _db_message(exc: SQLAlchemyError) -> str:
    orig = getattr(exc, "orig", None)
    return " ".join(str(orig or exc).split())[:300]


def default_jobs() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)
